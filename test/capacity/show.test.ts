// `capacity show` in process against the sandbox's demo cluster: kube-capacity's views, and
// headroom and the plan check always cluster-wide whatever -n or the pod filters show.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {readSnapshot} from '../../src/capacity/cluster.js'
import {loadText} from '../../src/capacity/files.js'
import type {LoadedFiles} from '../../src/capacity/files.js'
import {buildShow, normaliseSortKey, showDelimited, showPlan, showText} from '../../src/capacity/show.js'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {painter} from '../../src/print/colour.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'

let sandbox: Sandbox
let client: KubeClient
beforeAll(async () => {
  sandbox = await startSandbox({scenario: 'demo'})
  client = await connect({kubeconfig: sandbox.kubeconfigPath, env: {}}, {tuning: {retryBackoff: {initialMs: 5, maxMs: 10}}})
})
afterAll(async () => {
  client?.close()
  await sandbox?.stop()
})

const print = {labelColumns: [], withPods: false, paint: painter(false)}
const bigPlan = (): {workloads: LoadedFiles['workloads']; redundancy: {numerator: bigint; denominator: bigint}} => {
  const files: LoadedFiles = {workloads: [], settings: {}, sources: [], warnings: []}
  loadText('services:\n  - name: api\n    replicas: 4\n    cpu: 1500m\n    memory: 1Gi\n', 'plan.yaml', files)
  return showPlan(files, undefined)
}

describe('capacity show', () => {
  it('-n filters the rows; headroom and the -f plan check stay cluster-wide', async () => {
    const all = buildShow(await readSnapshot(client, {}), {plan: bigPlan()})
    const shop = buildShow(await readSnapshot(client, {namespace: 'shop'}), {plan: bigPlan()})
    expect(shop.total.pods).toBeLessThan(all.total.pods)
    expect(shop.headroom).toEqual(all.headroom)
    expect(shop.planCheck).toEqual(all.planCheck)
    expect(showText(shop, print)).toContain('cluster-wide')
  })

  it('--pod-labels and --namespace-labels choose rows on the server side', async () => {
    const labelled = buildShow(await readSnapshot(client, {podSelector: 'app=web'}), {})
    const everything = buildShow(await readSnapshot(client, {}), {})
    expect(labelled.total.pods).toBeGreaterThan(0)
    expect(labelled.total.pods).toBeLessThan(everything.total.pods)
    const none = buildShow(await readSnapshot(client, {namespaceSelector: 'no-such-label=x'}), {})
    expect(none.total.pods).toBe(0)
    expect(none.headroom).toEqual(everything.headroom)
  })

  it('--containers, --util, --available, -o tsv and --sort by any column', async () => {
    const snapshot = await readSnapshot(client, {withContainers: true, withMetrics: true})
    const result = buildShow(snapshot, {sort: normaliseSortKey('mem.request.percentage')})
    const options = {...print, withPods: true, withContainers: true, withUtil: true}
    const text = showText(result, options)
    expect(text.split('\n')[0]).toMatch(/^NODE\s+NAMESPACE\s+POD\s+CONTAINER\s+CPU REQUESTS\s+CPU LIMITS\s+CPU UTIL/)
    const tsv = showDelimited(result, {...options, available: true}, '\t')
    expect(tsv.split('\n')[0]!.split('\t').slice(0, 5)).toEqual(['NODE', 'NAMESPACE', 'POD', 'CONTAINER', 'CPU REQUESTS'])
    expect(tsv.split('\n')[1]).toMatch(/^\*\t\*\t\*\t\*\t[\d.m]+\/[\d.]+/)
    const shares = result.nodes.map((node) => Number(((node.requests.memory ?? 0n) * 1000n) / (node.allocatable.memory ?? 1n)))
    expect(shares).toEqual([...shares].sort((a, b) => b - a))
    expect(normaliseSortKey('nvidia.com/gpu.request')).toBe('nvidia.com/gpu.request')
    expect(normaliseSortKey('pod.count')).toBe('pods')
    expect(normaliseSortKey('cpu.bogus')).toBeUndefined()
  })
})
