// `capacity show` in process against the sandbox's demo cluster: kube-capacity's views, and
// headroom and the plan check always cluster-wide whatever -n or the pod filters show.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {readSnapshot} from '../../src/capacity/cluster.js'
import {loadText} from '../../src/capacity/files.js'
import type {LoadedFiles} from '../../src/capacity/files.js'
import {parseQuantity} from '../../src/capacity/quantity.js'
import {CapacityError} from '../../src/capacity/errors.js'
import {parseTaintFilter} from '../../src/capacity/show-filters.js'
import {parseGroupBy} from '../../src/capacity/show-groups.js'
import {buildShow, normaliseSortKey, showData, showDelimited, showPlan, showText} from '../../src/capacity/show.js'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {painter} from '../../src/print/colour.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {run} from '../helpers/run.js'

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

  it('a node selector that matches no node says that -l selects nodes and --pod-labels selects pods (kube-capacity\'s -l)', async () => {
    const text = showText(buildShow(await readSnapshot(client, {nodeSelector: 'app=web'}), {}), print)
    expect(text).toContain('no node matches the node label selector "app=web": -l and --node-labels select nodes; to select pods by label (kube-capacity\'s -l), use --pod-labels')
    expect(showText(buildShow(await readSnapshot(client, {nodeSelector: 'kubernetes.io/os=linux'}), {}), print)).not.toContain('no node matches')
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

describe('capacity show -g/--group-by namespace (kubectl-view-allocations)', () => {
  const q = (text: string) => parseQuantity(text).nanos
  const sum = (values: Array<bigint | undefined>) => values.reduce<bigint>((total, value) => total + (value ?? 0n), 0n)

  it('sums the pods per namespace, adds up to the * row, and sorts namespaces like nodes', async () => {
    const result = buildShow(await readSnapshot(client, {withPods: true}), {groupBy: 'namespace', sort: normaliseSortKey('cpu.request')})
    const groups = result.namespaces!
    // kubectl get pods -n payments: ledger-worker 500m/256Mi (limits 1, 256Mi), payment-gateway 200m/256Mi (limits memory 512Mi), postgres-0 500m/1Gi (limits 1, 2Gi)
    expect(groups.find((group) => group.name === 'payments')).toMatchObject({pods: 3, requests: {cpu: q('1.2'), memory: q('1.5Gi')}, limits: {cpu: q('2'), memory: q('2.75Gi')}})
    for (const resource of ['cpu', 'memory']) expect([resource, sum(groups.map((group) => group.requests[resource]))]).toEqual([resource, result.total.requests[resource]])
    expect(groups.reduce((pods, group) => pods + group.pods, 0)).toBe(result.total.pods)
    const cpu = groups.map((group) => group.requests.cpu ?? 0n)
    expect(cpu).toEqual([...cpu].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)))
    const lines = showText(result, print).split('\n')
    expect(lines[0]).toMatch(/^NAMESPACE\s+CPU REQUESTS\s+CPU LIMITS\s+CPU ALLOCATABLE/)
    expect(lines[1]).toMatch(/^\*\s+4\.05 \(29%\)\s+3\.8 \(27%\)\s+13\.76\s/)
    expect(showText(result, print)).toMatch(/^payments\s+1\.2 \(8%\)\s+2 \(14%\)\s+-\s+1\.5Gi \(2%\)\s+2\.75Gi \(5%\)\s+-\s+3$/m)
  })

  it('with --pods, each pod under its namespace with its node; -a shows amounts, not what is left, for namespaces', async () => {
    const result = buildShow(await readSnapshot(client, {withPods: true}), {groupBy: 'namespace'})
    const text = showText(result, {...print, withPods: true, available: true})
    expect(text.split('\n')[0]).toMatch(/^NAMESPACE\s+NODE\s+POD\s+CPU REQUESTS\s+CPU LIMITS\s+MEMORY REQUESTS/)
    expect(text).toMatch(/^payments\s+\*\s+\*\s+1\.2\s+2\s+1\.5Gi\s+2\.75Gi\s+3$/m)
    expect(text).toMatch(/^payments\s+worker-1\s+postgres-0\s+0\.5\s+1\s+1Gi\s+2Gi$/m)
    const payments = showData(result, [], true).namespaces!.find((group) => group.name === 'payments')!
    expect(payments.podList!.map((pod) => `${pod.name}@${pod.node}`).sort()).toEqual(['ledger-worker-s7rsvqgk7j-94pn7@worker-2', 'payment-gateway-66mw6l5hzt-hmrxr@worker-1', 'postgres-0@worker-1'])
  })

  it('counts only the pods of the nodes the filters keep; headroom stays cluster-wide', async () => {
    const snapshot = await readSnapshot(client, {withPods: true})
    const all = buildShow(snapshot, {groupBy: 'namespace'})
    const ready = buildShow(snapshot, {groupBy: 'namespace', nodes: {taints: parseTaintFilter(['!node.kubernetes.io/not-ready'])}})
    const monitoring = (result: typeof all) => result.namespaces!.find((group) => group.name === 'monitoring')!.pods
    // node-exporter runs on every node; worker-3 is tainted not-ready
    expect([monitoring(all), monitoring(ready)]).toEqual([4, 3])
    expect(ready.headroom).toEqual(all.headroom)
  })

  it('-o json keeps every key of the first schema and adds groupBy, filters, noNodes, resources and namespaces', async () => {
    const first = ['context', 'metrics', 'total', 'unscheduled', 'headroom', 'nodes']
    const byNode = showData(buildShow(await readSnapshot(client, {}), {}), [])
    expect(Object.keys(byNode)).toEqual(expect.arrayContaining([...first, 'groupBy', 'filters', 'noNodes', 'resources']))
    expect(byNode).toMatchObject({groupBy: 'node', noNodes: null, resources: ['cpu', 'memory']})
    expect(byNode).not.toHaveProperty('namespaces')
    const byNamespace = showData(buildShow(await readSnapshot(client, {withPods: true}), {groupBy: 'namespace'}), [], false)
    expect(Object.keys(byNamespace)).toEqual(expect.arrayContaining([...first, 'namespaces']))
    expect(byNamespace.nodes.every((node) => !('podList' in node))).toBe(true)
    expect(byNamespace.namespaces!.every((group) => !('podList' in group))).toBe(true)
  })

  it('-g takes node or namespace, and points to the flags that cover view-allocations\' other groupings', () => {
    expect([parseGroupBy('namespace'), parseGroupBy('ns'), parseGroupBy('Nodes')]).toEqual(['namespace', 'namespace', 'node'])
    expect(() => parseGroupBy('pod')).toThrow('--group-by: "pod" is not node or namespace: list the pods with -p/--pods')
    expect(() => parseGroupBy('resource')).toThrow('choose them with -r/--resource-name')
    expect(() => parseGroupBy('zone')).toThrow(new CapacityError('--group-by: "zone" is not node or namespace'))
  })
})

/**
 * `show` recomputed independently on pods whose request is not the sum of their containers:
 * an init step larger than the app, a sidecar (an init container with restartPolicy Always)
 * beside a larger init step, pod overhead, and finished pods (Succeeded, Failed) that hold
 * nothing. Two oracles: the sums worked out by hand below, from Kubernetes' rule (max of the
 * running containers + sidecars and each init step, plus overhead), and kubectl describe node.
 */
describe('capacity show: requests as the scheduler counts them', () => {
  const container = (name: string, requests: Record<string, string>, limits: Record<string, string> = {}) => ({name, image: 'app', resources: {requests, limits}})
  const pod = (name: string, spec: Record<string, unknown>, phase = 'Running') => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: '2026-12-01T00:00:00Z'},
    spec: {nodeName: 'n1', ...spec},
    status: {phase},
  })
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {name: 'n1', uid: 'uid-n1', creationTimestamp: '2026-12-01T00:00:00Z', labels: {'kubernetes.io/hostname': 'n1'}},
      spec: {},
      status: {
        capacity: {cpu: '4', memory: '8Gi', pods: '110'},
        allocatable: {cpu: '4', memory: '8Gi', pods: '110'},
        conditions: [{type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: '2026-12-01T00:00:00Z', lastTransitionTime: '2026-12-01T00:00:00Z'}],
      },
    },
    // max(750m + 0, init 2) = 2 cores; max(512Mi, 1Gi) = 1Gi. Limits: cpu 1 (the second container).
    pod('init-heavy', {initContainers: [container('warm', {cpu: '2', memory: '1Gi'})], containers: [container('a', {cpu: '500m', memory: '256Mi'}), container('b', {cpu: '250m', memory: '256Mi'}, {cpu: '1'})]}),
    // running 200m + sidecar 100m = 300m; init steps: proxy 100m, migrate 100m + 1 = 1.1 → 1.1 cores; memory 192Mi both ways.
    pod('with-sidecar', {
      initContainers: [{...container('proxy', {cpu: '100m', memory: '64Mi'}), restartPolicy: 'Always'}, container('migrate', {cpu: '1', memory: '128Mi'})],
      containers: [container('app', {cpu: '200m', memory: '128Mi'})],
    }),
    // 250m + 250m overhead, 128Mi + 160Mi; limits 500m + 250m, 256Mi + 160Mi.
    pod('sandboxed', {runtimeClassName: 'kata', overhead: {cpu: '250m', memory: '160Mi'}, containers: [container('app', {cpu: '250m', memory: '128Mi'}, {cpu: '500m', memory: '256Mi'})]}),
    pod('done', {containers: [container('job', {cpu: '1', memory: '1Gi'})]}, 'Succeeded'),
    pod('crashed', {containers: [container('job', {cpu: '1', memory: '1Gi'})]}, 'Failed'),
  ]

  let own: Sandbox
  let ownClient: KubeClient
  beforeAll(async () => {
    own = await startSandbox({scenario: 'empty', objects, controllers: false})
    ownClient = await connect({kubeconfig: own.kubeconfigPath, env: {}})
  })
  afterAll(async () => {
    ownClient?.close()
    await own?.stop()
  })

  it('sums init steps, sidecars and overhead, and leaves finished pods out, as worked out by hand', async () => {
    const node = buildShow(await readSnapshot(ownClient, {}), {}).nodes[0]!
    expect(node.pods).toBe(3)
    expect(node.requests).toMatchObject({cpu: parseQuantity('3.6').nanos, memory: parseQuantity('1504Mi').nanos})
    expect(node.limits).toMatchObject({cpu: parseQuantity('1750m').nanos, memory: parseQuantity('416Mi').nanos})
  })

  it('matches kubectl describe node', async () => {
    const {stdout} = await run('kubectl', ['describe', 'node', 'n1'], {KUBECONFIG: own.kubeconfigPath})
    const block = stdout.split('Allocated resources:')[1]!.split('Events:')[0]!
    const node = buildShow(await readSnapshot(ownClient, {}), {}).nodes[0]!
    for (const resource of ['cpu', 'memory']) {
      const [, request, limit] = new RegExp(`^\\s+${resource}\\s+(\\S+) \\(\\d+%\\)\\s+(\\S+) \\(\\d+%\\)`, 'm').exec(block)!
      expect([resource, node.requests[resource], node.limits[resource] ?? 0n]).toEqual([resource, parseQuantity(request!).nanos, parseQuantity(limit!).nanos])
    }
    expect(stdout).toMatch(/Non-terminated Pods:\s+\(3 in total\)/)
  })
})
