// Choosing the worker size: every catalogue shape planned with the same workloads and the spares
// its loss check asks for, ranked by unused capacity, then fewer (larger) nodes.
import {describe, expect, it} from 'vitest'
import {buildPlanInput} from '../../src/capacity/inputs.js'
import type {PlanFlags} from '../../src/capacity/inputs.js'
import {computePlan, type NodePlan} from '../../src/capacity/plan.js'
import {parseQuantity} from '../../src/capacity/quantity.js'
import {catalogueFor, catalogueProviders, instances, rankCatalogue, unusedShare} from '../../src/capacity/recommend.js'
import {planText} from '../../src/capacity/report.js'
import {planFor} from '../../src/capacity/run.js'
import {painter} from '../../src/print/colour.js'

const q = (text: string) => parseQuantity(text).nanos
const seed: PlanFlags = {services: 18, replicas: 2, cpu: '2', memory: '4Gi', redundancy: '10%', 'node-cpu': '16', 'node-memory': '64Gi', reserved: 'gke'}
const plan = (flags: PlanFlags) => planFor(buildPlanInput(flags))

describe('choosing the worker size', () => {
  it('without a node shape, ranks the catalogue of the provider; --recommend plans on the best', () => {
    const shown = plan({services: 18, replicas: 2, cpu: '2', memory: '4Gi', redundancy: '10%', reserved: 'ack'})
    expect(shown.recommendations!.length).toBeGreaterThan(2)
    expect(shown.recommendations!.every((entry) => entry.provider === 'ack' && entry.plan.failures.nodeLoss.absorbed)).toBe(true)
    expect(shown.options[0]!.shape.name).toBe('16c/64Gi')
    expect(planText(shown, painter(false))).toContain('Recommended node shapes')
    const used = plan({services: 18, replicas: 2, cpu: '2', memory: '4Gi', redundancy: '10%', reserved: 'ack', recommend: true})
    expect(used.options[0]!.shape.name).toBe(shown.recommendations![0]!.plan.shape.name)
  })

  it('keeps --node comparisons, and can rank every catalogue', () => {
    const result = plan({...seed, 'node-cpu': undefined, 'node-memory': undefined, node: ['name=a,cpu=8,memory=32Gi', 'name=b,cpu=32,memory=128Gi'], recommend: true, catalogue: 'all'})
    expect(result.options.map((option) => option.shape.name).slice(1)).toEqual(['a', 'b'])
    expect(new Set(result.recommendations!.map((entry) => entry.provider)).size).toBeGreaterThan(1)
    expect(() => plan({...seed, recommend: true, catalogue: 'oci'})).toThrow('--catalogue: "oci" is not one of ack, eks, gke, aks, all')
  })
})

/** The input and shape context of a plan without a node shape, as `capacity plan` builds them. */
function ranked(flags: PlanFlags, limit?: number) {
  const input = buildPlanInput(flags)
  const {totals, shapes} = computePlan(input)
  return rankCatalogue(input, {totals, shapes}, limit)
}
const bucket = (waste: number) => Math.round(waste * 20)

describe('catalogueFor', () => {
  it('a provider\'s presets choose its catalogue; none and custom choose every one', () => {
    expect([catalogueFor('ack'), catalogueFor('ack-legacy'), catalogueFor('aks-legacy'), catalogueFor('eks'), catalogueFor('gke')]).toEqual([['ack'], ['ack'], ['aks'], ['eks'], ['gke']])
    expect(catalogueFor('none')).toEqual([...catalogueProviders])
    expect(catalogueFor('custom')).toEqual(['ack', 'eks', 'gke', 'aks'])
  })
})

describe('unusedShare', () => {
  const nodePlan = (requests: Record<string, string>, allocatable: Record<string, string>) =>
    ({totalRequests: Object.fromEntries(Object.entries(requests).map(([k, v]) => [k, q(v)])), totalAllocatable: Object.fromEntries(Object.entries(allocatable).map(([k, v]) => [k, q(v)]))}) as unknown as NodePlan
  it('averages the unrequested share of cpu and memory', () => {
    expect(unusedShare(nodePlan({cpu: '30', memory: '60Gi'}, {cpu: '40', memory: '160Gi'}))).toBeCloseTo((0.25 + 0.625) / 2, 6)
    expect(unusedShare(nodePlan({cpu: '40', memory: '160Gi'}, {cpu: '40', memory: '160Gi'}))).toBe(0)
  })
  it('nothing provisioned counts as all unused; nothing requested as well', () => {
    expect(unusedShare(nodePlan({}, {}))).toBe(1)
    expect(unusedShare(nodePlan({}, {cpu: '8', memory: '32Gi'}))).toBe(1)
  })
})

describe('rankCatalogue', () => {
  const ack = {services: 18, replicas: 2, cpu: '2', memory: '4Gi', redundancy: '10%', reserved: 'ack'} satisfies PlanFlags

  it('ranks by unused capacity in 5% steps, then fewer nodes, and keeps the first `limit`', () => {
    const all = ranked(ack, 100)
    expect(all.length).toBeGreaterThan(6)
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!]
      expect(bucket(a.waste) < bucket(b.waste) || (bucket(a.waste) === bucket(b.waste) && a.plan.count <= b.plan.count)).toBe(true)
    }
    expect(ranked(ack).map((r) => r.plan.shape.name)).toEqual(all.slice(0, 6).map((r) => r.plan.shape.name))
    expect(ranked(ack, 2)).toHaveLength(2)
  })

  it('each entry is a plan of a catalogue shape that absorbs a lost node, with its source and share of the nodes', () => {
    for (const entry of ranked(ack)) {
      expect(instances.some((i) => i.provider === 'ack' && i.name === entry.plan.shape.name)).toBe(true)
      expect([entry.provider, entry.plan.failures.nodeLoss.absorbed, entry.nodeShare, entry.source !== '']).toEqual(['ack', true, 1 / entry.plan.count, true])
    }
  })

  it('leaves out shapes a pod does not fit on', () => {
    const big = ranked({services: 2, replicas: 2, cpu: '20', memory: '8Gi', redundancy: '0%', reserved: 'eks'}, 100)
    expect(big.length).toBeGreaterThan(0)
    expect(big.every((entry) => entry.plan.shape.capacity.cpu! > q('20'))).toBe(true)
  })

  it('--catalogue names providers (or all); anything else is refused', () => {
    expect(new Set(ranked({...ack, catalogue: 'gke,eks'}, 100).map((r) => r.provider))).toEqual(new Set(['gke', 'eks']))
    expect(() => ranked({...ack, catalogue: 'ack,azure'})).toThrow('--catalogue: "azure" is not one of ack, eks, gke, aks, all')
  })

  it('nothing to plan: no recommendation', () => {
    const input = buildPlanInput(ack)
    expect(rankCatalogue(input, {totals: computePlan(input).totals, shapes: []})).toEqual([])
  })
})
