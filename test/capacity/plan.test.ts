import {describe, expect, it} from 'vitest'
import {buildPlanInput} from '../../src/capacity/inputs.js'
import type {PlanFlags} from '../../src/capacity/inputs.js'
import {computePlan, controlPlaneFor, seedRound} from '../../src/capacity/plan.js'
import {parseQuantity} from '../../src/capacity/quantity.js'
import {explain, planData, planMarkdown, planText} from '../../src/capacity/report.js'
import {painter} from '../../src/print/colour.js'

const q = (text: string) => parseQuantity(text).nanos
const seed: PlanFlags = {services: 18, replicas: 2, cpu: '2', memory: '4Gi', redundancy: '10%', 'node-cpu': '16', 'node-memory': '64Gi', reserved: 'gke'}
const plan = (flags: PlanFlags) => computePlan(buildPlanInput(flags))

describe('the seed example', () => {
  it('totals 79.2 cores and 158.4 GiB exactly, 80/160 with the seed rounding', () => {
    const result = plan({...seed, round: true})
    expect(result.totals.withRedundancy.cpu).toBe(q('79.2'))
    expect(result.totals.withRedundancy.memory).toBe(q('158.4Gi'))
    expect(result.totals.requests).toEqual({cpu: q('72'), memory: q('144Gi')})
    expect(result.totals.rounded).toEqual({cpu: q('80'), memory: q('160Gi')})
    const data = planData(result)
    expect(data.totals.cpu).toBe(79.2)
    expect(data.totals.memory).toBe(Math.ceil(158.4 * 2 ** 30))
  })

  it('fits 7 pods per node on 16c/64Gi with GKE reservations: 6 nodes, 7 with one spare', () => {
    const without = plan(seed).options[0]!
    expect(without.packing.podsPerNode).toBe(7)
    expect(without.needed).toBe(6)
    expect(without.count).toBe(6)
    const withSpare = plan({...seed, 'spare-nodes': 1}).options[0]!
    expect(withSpare.count).toBe(7)
    expect(withSpare.needed).toBe(6)
    const data = planData(plan({...seed, 'spare-nodes': 1}))
    expect(data.nodes).toMatchObject({count: 7, podsPerNode: 7, allocatable: {cpu: 15.89}})
    expect(data.nodes.allocatable.memory).toBe(Math.ceil((64 - 5.48) * 2 ** 30 - 100 * 2 ** 20))
  })

  it('says which resource binds', () => {
    const result = plan(seed)
    const why = explain(result.options[0]!, result).join('\n')
    expect(why).toContain('7 pods per node of 2 cores / 4Gi')
    expect(why).toContain('cpu binds (7 × 2 cores = 14 cores of 15.89 cores; one more needs 16 cores)')
    expect(why).toContain('memory would allow 14')
    expect(why).toContain('6 node(s) hold 40 pods (36 + 4 for 10% redundancy)')
    expect(why).toContain('totals alone would need cpu 5')
  })

  it('gives the same node count on EKS m5.4xlarge and AKS (research §3 step 7)', () => {
    expect(plan({...seed, reserved: 'eks', 'max-pods': 234}).options[0]!.count).toBe(6)
    expect(plan({...seed, reserved: 'aks'}).options[0]!.count).toBe(6)
  })
})

describe('DaemonSets, failures and the control plane', () => {
  it('solves DaemonSets with the node count: up to 1.89 cores per node costs no node, more costs one', () => {
    expect(plan({...seed, daemonset: ['cpu=1.89,memory=1Gi']}).options[0]!.count).toBe(6)
    const over = plan({...seed, daemonset: ['cpu=1.9,memory=1Gi']})
    expect(over.options[0]!.packing.podsPerNode).toBe(6)
    expect(over.options[0]!.count).toBe(7)
    expect(over.options[0]!.totalRequests.cpu).toBe(q('79.2') + 7n * q('1.9'))
  })

  it('spreads over zones so losing one zone leaves enough', () => {
    const zones = plan({...seed, zones: 3}).options[0]!
    expect(zones.count).toBe(9)
    expect(zones.failures.perZone).toBe(3)
  })

  it('max-loss 10% means at least 10 nodes', () => {
    expect(plan({...seed, 'max-loss': '10%'}).options[0]!.count).toBe(10)
    expect(plan({...seed, 'max-loss': '50%'}).options[0]!.count).toBe(6)
  })

  it('the seed control-plane table', () => {
    expect(controlPlaneFor(100)).toMatchObject({cpu: q('8'), memory: q('32Gi')})
    expect(controlPlaneFor(150)).toMatchObject({cpu: q('16'), memory: q('64Gi')})
    expect(controlPlaneFor(5)).toMatchObject({cpu: q('4'), memory: q('8Gi')})
  })

  it('seed rounding: whole units then two significant digits', () => {
    expect(seedRound(q('79.2'), q('1'))).toBe(q('80'))
    expect(seedRound(q('7.3'), q('1'))).toBe(q('8'))
    expect(seedRound(q('1234'), q('1'))).toBe(q('1300'))
  })
})

describe('node shapes and limits', () => {
  it('compares shapes and caps by max pods', () => {
    const result = plan({...seed, 'node-cpu': undefined, 'node-memory': undefined, node: ['name=small,cpu=8,memory=32Gi', 'name=big,cpu=64,memory=256Gi,max-pods=20']})
    expect(result.options.map((option) => [option.shape.name, option.packing.podsPerNode, option.count])).toEqual([
      ['small', 3, 14],
      ['big', 20, 2],
    ])
    expect(result.options[1]!.packing.fits[0]!.binding).toEqual(['pods'])
    expect(planData(result).comparison).toHaveLength(2)
  })

  it('reports a pod larger than a node as not placed', () => {
    const result = plan({...seed, cpu: '20'})
    expect(result.options[0]!.unplaceable).toEqual([{name: 'service-1 and 17 more', resource: 'cpu', request: q('20'), free: q('15.89'), count: 40}])
    expect(planText(result, painter(false))).toContain('Warnings\n  - 40 pod(s) of service-1 and 17 more cannot be placed on 16c/64Gi: each needs 20 cores, a node offers 15.89 cores after reservations and DaemonSets; left out of the node count')
    // pods that fit nowhere are not counted: no node is planned for them
    expect(result.options[0]!.count).toBe(0)
  })

  it('refuses DaemonSets larger than a node', () => {
    expect(() => plan({...seed, daemonset: ['cpu=17']})).toThrow("the DaemonSets need 17 cores per node, more than a 16c/64Gi node's allocatable 15.89 cores")
  })

  it('mixes shapes with first-fit decreasing', () => {
    const result = computePlan(
      buildPlanInput({'node-cpu': '4', 'node-memory': '16Gi', reserved: 'none'}, {
        workloads: [
          {name: 'big', kind: 'Service', replicas: 2, perNode: false, requests: {cpu: q('3')}, limits: {}, source: 't'},
          {name: 'small', kind: 'Service', replicas: 2, perNode: false, requests: {cpu: q('1')}, limits: {}, source: 't'},
        ],
        settings: {},
        sources: ['t'],
        warnings: [],
      }),
    )
    expect(result.options[0]!.count).toBe(2)
  })
})

describe('printers', () => {
  it('text, markdown and the network section', () => {
    const result = plan({...seed, 'spare-nodes': 1, 'pod-cidr': '10.0.0.0/14', 'service-cidr': '10.4.0.0/20'})
    const text = planText(result, painter(false))
    expect(text).toContain('nodes            7 (6 needed + 1 for failures)')
    expect(text).toContain('max nodes        1024 (2^(24 − 14)); the plan\'s 7 fit')
    const markdown = planMarkdown(result)
    expect(markdown).toContain('| cpu (cores) | 72 | 79.2 |')
    expect(markdown).toContain('- **pods per node**: 7')
  })

  it('flags overlapping ranges', () => {
    const result = plan({...seed, 'pod-cidr': '10.0.0.0/14', 'service-cidr': '10.2.0.0/16'})
    expect(result.options[0]!.network!.errors[0]).toBe('--pod-cidr 10.0.0.0/14 overlaps --service-cidr 10.2.0.0/16; pod, service and VPC ranges must be disjoint')
  })
})

describe('input errors', () => {
  it.each<[PlanFlags, string]>([
    [{services: 3}, '--services and --replicas need a pod spec'],
    [{cpu: '1', reserved: 'gcp'}, '--reserved: "gcp" is not one of gke, eks, aks, aks-legacy, ack, ack-legacy, none, custom'],
    [{cpu: '1', 'node-cpu': '16'}, '--node-cpu and --node-memory go together'],
    [{cpu: '1', 'kube-reserved': 'cpu=1'}, 'need --reserved custom'],
    [{cpu: '1', 'max-loss': '0%'}, '--max-loss: give a share between 0% and 100%'],
    [{cpu: '1', node: ['cpu=16']}, 'give at least cpu and memory'],
    [{cpu: '1', node: ['cpu=16,memory=64GB']}, '--node memory: "64GB" is not a quantity'],
    [{cpu: '1', daemonset: ['cpu']}, '--daemonset: "cpu" is not key=value'],
    [{cpu: '1', 'eks-enis': 3}, '--eks-enis and --eks-ips-per-eni go together'],
  ])('%j', (flags, message) => {
    expect(() => buildPlanInput(flags)).toThrow(message)
  })

  it('EKS max pods from ENIs feed the memory reservation', () => {
    const input = buildPlanInput({cpu: '1', 'node-cpu': '2', 'node-memory': '8Gi', reserved: 'eks', 'eks-enis': 3, 'eks-ips-per-eni': 10})
    expect(input.nodeShapes[0]!.maxPods).toBe(29)
    expect(computePlan(input).options[0]!.reservation.kubeReserved.memory).toBe(q('574Mi'))
  })
})

describe('--from-cluster shapes', () => {
  const live = {
    workloads: [{name: 'shop/deployment/web', kind: 'Deployment' as const, replicas: 3, perNode: false, requests: {cpu: q('250m'), memory: q('128Mi')}, limits: {}, source: 'cluster'}],
    nodeShapes: [{name: 'm6i.xlarge', capacity: {cpu: q('4'), memory: q('16Gi')}, allocatable: {cpu: q('3.92'), memory: q('14.91Gi')}, maxPods: 110, liveCount: 3}],
    source: 'cluster test',
  }
  it('uses the live allocatable by default, and the capacity under a formula when --reserved is given', () => {
    const asIs = computePlan(buildPlanInput({}, undefined, live)).options[0]!
    expect(asIs.reservation.provider).toBe('cluster')
    expect(asIs.allocatable.cpu).toBe(q('3.92'))
    const eks = computePlan(buildPlanInput({reserved: 'eks', 'max-pods': 58}, undefined, live)).options[0]!
    expect(eks.reservation.provider).toBe('eks')
    expect(eks.allocatable.cpu).toBe(q('4') - q('80m'))
    expect(eks.shape.maxPods).toBe(58)
  })
})
