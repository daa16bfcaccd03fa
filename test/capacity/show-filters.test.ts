// `capacity show`'s node filters (kube-capacity's -t/--node-taints and --no-taint, -l) and resource
// filter (kubectl-view-allocations' -r), in process against a sandbox whose nodes carry taints with
// and without values, a PreferNoSchedule taint and a cordon. Rows change; headroom does not.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {readSnapshot} from '../../src/capacity/cluster.js'
import type {ClusterSnapshot} from '../../src/capacity/cluster.js'
import {CapacityError} from '../../src/capacity/errors.js'
import {parseQuantity} from '../../src/capacity/quantity.js'
import {nodesMatchingLabels, parseResourceNames, parseTaintFilter, selectResources} from '../../src/capacity/show-filters.js'
import type {NodeFilter} from '../../src/capacity/show-filters.js'
import {buildShow, showData, showText} from '../../src/capacity/show.js'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {painter} from '../../src/print/colour.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'

const created = '2026-12-01T00:00:00Z'
const ready = [{type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: created, lastTransitionTime: created}]
const node = (name: string, labels: Record<string, string>, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {name, uid: `uid-${name}`, creationTimestamp: created, labels: {'kubernetes.io/hostname': name, ...labels}},
  spec,
  status: {capacity: {cpu: '4', memory: '8Gi', pods: '110'}, allocatable: {cpu: '4', memory: '8Gi', pods: '110'}, conditions: ready},
})
const pod = (name: string, nodeName: string, cpu: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: created},
  spec: {nodeName, containers: [{name: 'app', image: 'app', resources: {requests: {cpu, memory: '1Gi'}}}]},
  status: {phase: 'Running'},
})
const objects = [
  node('gpu-1', {pool: 'gpu'}, {taints: [{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]}),
  node('spot-1', {pool: 'spot'}, {taints: [{key: 'spot', value: 'true', effect: 'PreferNoSchedule'}]}),
  node('cordoned-1', {pool: 'general'}, {unschedulable: true}),
  node('plain-1', {pool: 'general'}, {}),
  pod('train', 'gpu-1', '3'),
  pod('batch', 'spot-1', '2'),
  pod('web', 'plain-1', '1'),
]

let sandbox: Sandbox
let client: KubeClient
let snapshot: ClusterSnapshot
beforeAll(async () => {
  sandbox = await startSandbox({scenario: 'empty', objects, controllers: false})
  client = await connect({kubeconfig: sandbox.kubeconfigPath, env: {}})
  snapshot = await readSnapshot(client, {})
})
afterAll(async () => {
  client?.close()
  await sandbox?.stop()
})

const print = {labelColumns: [], withPods: false, paint: painter(false)}
const shown = (nodes: NodeFilter) => buildShow(snapshot, {nodes})
const names = (nodes: NodeFilter) => shown(nodes).nodes.map((record) => record.name)
const taints = (...values: string[]) => ({taints: parseTaintFilter(values)})

describe('capacity show -t/--node-taints, --no-taint', () => {
  it('keeps the nodes with one of the taints; a part left out matches any value or effect', () => {
    expect(names(taints('dedicated=gpu:NoSchedule'))).toEqual(['gpu-1'])
    expect(names(taints('dedicated:NoSchedule'))).toEqual(['gpu-1'])
    expect(names(taints('dedicated'))).toEqual(['gpu-1'])
    expect(names(taints('dedicated=cpu'))).toEqual([])
    expect(names(taints('dedicated:NoExecute'))).toEqual([])
    expect(names(taints('dedicated=gpu:NoSchedule,spot=true:PreferNoSchedule'))).toEqual(['gpu-1', 'spot-1'])
    expect(names(taints('dedicated', 'spot'))).toEqual(['gpu-1', 'spot-1'])
  })

  it('! (kube-capacity) or a trailing - (kubectl taint) leaves out the nodes that have the taint; a cordon counts as node.kubernetes.io/unschedulable:NoSchedule', () => {
    expect(names(taints('!dedicated'))).toEqual(['cordoned-1', 'plain-1', 'spot-1'])
    expect(names(taints('dedicated-'))).toEqual(names(taints('!dedicated')))
    expect(names(taints('!dedicated,!spot=true:PreferNoSchedule,!node.kubernetes.io/unschedulable'))).toEqual(['plain-1'])
    expect(names(taints('node.kubernetes.io/unschedulable:NoSchedule'))).toEqual(['cordoned-1'])
    expect(names(taints('spot,dedicated', '!dedicated=gpu'))).toEqual(['spot-1'])
  })

  it('--no-taint leaves out every tainted node, PreferNoSchedule and cordoned ones included', () => {
    expect(names({noTaint: true})).toEqual(['plain-1'])
  })

  it('the * row sums the nodes shown; headroom and the plan check stay cluster-wide', () => {
    const all = shown({})
    const gpu = shown(taints('dedicated'))
    expect(gpu.total.requests.cpu).toBe(parseQuantity('3').nanos)
    expect(gpu.total.allocatable.cpu).toBe(parseQuantity('4').nanos)
    expect(gpu.total.pods).toBe(1)
    expect(all.total.requests.cpu).toBe(parseQuantity('6').nanos)
    expect(shown({noTaint: true}).headroom).toEqual(all.headroom)
    expect(gpu.headroom).toEqual(all.headroom)
    // PreferNoSchedule still takes new pods: losing plain-1 leaves spot-1's 4 cores for 6 requested
    expect(all.headroom).toMatchObject({lostNode: 'plain-1', excluded: ['cordoned-1', 'gpu-1']})
    expect(all.headroom.free.cpu).toBe(-parseQuantity('2').nanos)
  })

  it('a filter that leaves no node says which one and lists the taints there are', () => {
    const text = showText(shown(taints('dedicated=cpu')), print)
    expect(text).toContain('no node has a taint matching --node-taints dedicated=cpu; the nodes\' taints: cordoned-1 node.kubernetes.io/unschedulable:NoSchedule; gpu-1 dedicated=gpu:NoSchedule; spot-1 spot=true:PreferNoSchedule')
    expect(text).toMatch(/^\*\s+0\s+0\s+-\s+0\s+0\s+-\s+0\/0$/m)
    expect(showText(shown({...taints('!spot'), noTaint: true, labelSelector: 'pool=spot', labelled: new Set(['spot-1'])}), print)).toContain('no node is left by --node-taints !spot: each has a taint it excludes; the nodes\' taints: spot-1 spot=true:PreferNoSchedule')
    expect(showText(shown({...taints('spot'), noTaint: true}), print)).toContain('no node is left without a taint (--no-taint); the nodes\' taints: spot-1 spot=true:PreferNoSchedule')
    expect(showText(shown(taints('dedicated')), print)).not.toContain('no node')
  })

  it('-o json echoes the filters with a fixed shape and lists every taint of each node', () => {
    const data = showData(shown({...taints('dedicated', '!spot'), noTaint: false}), [])
    expect(data.filters).toEqual({namespace: null, nodeLabels: null, podLabels: null, namespaceLabels: null, nodeTaints: ['dedicated', '!spot'], noTaint: false, resourceNames: []})
    expect(data.noNodes).toBeNull()
    expect(data.nodes.map((entry) => [entry.name, entry.taints, entry.allTaints])).toEqual([['gpu-1', ['dedicated'], ['dedicated=gpu:NoSchedule']]])
    expect(showData(shown(taints('nothing')), []).noNodes).toMatch(/^no node has a taint matching --node-taints nothing/)
  })

  it('refuses malformed items with one line that shows the syntax', () => {
    const syntax = "write key[=value][:effect], comma-separated, with ! in front to exclude (e.g. node-role.kubernetes.io/control-plane:NoSchedule or '!dedicated=gpu:NoSchedule')"
    expect(() => parseTaintFilter(['a:NoShedule'])).toThrow(new CapacityError(`--node-taints: "a:NoShedule" has the effect "NoShedule": it must be NoSchedule, PreferNoSchedule or NoExecute; ${syntax}`))
    expect(() => parseTaintFilter(['a,,b'])).toThrow(new CapacityError(`--node-taints: "a,,b" has an empty item; ${syntax}`))
    expect(() => parseTaintFilter(['=x:NoSchedule'])).toThrow('"=x:NoSchedule" has no key')
    expect(() => parseTaintFilter(['bad key'])).toThrow('has an invalid key "bad key"')
    expect(() => parseTaintFilter(['a=b c'])).toThrow('has an invalid value "b c"')
    expect(() => parseTaintFilter(['!a-'])).toThrow('has both ! and a trailing -')
    expect(parseTaintFilter(['example.com/role=db:NoExecute', ' !b '])).toEqual({include: [{key: 'example.com/role', value: 'db', effect: 'NoExecute', text: 'example.com/role=db:NoExecute'}], exclude: [{key: 'b', text: 'b'}]})
  })
})

describe('capacity show -l/--node-labels', () => {
  it('selects the rows on the server, and headroom still counts every node', async () => {
    const labelled = await nodesMatchingLabels(client, 'pool=general')
    const general = shown({labelSelector: 'pool=general', labelled})
    expect(general.nodes.map((record) => record.name)).toEqual(['cordoned-1', 'plain-1'])
    expect(general.headroom).toEqual(shown({}).headroom)
    expect(general.filters.nodeLabels).toBe('pool=general')
    expect(showText(shown({labelSelector: 'pool=none', labelled: await nodesMatchingLabels(client, 'pool=none')}), print)).toContain('no node matches the node label selector "pool=none"')
  })
})

describe('capacity show -r/--resource-name', () => {
  it('picks an exact name, else every name containing it (kubectl-view-allocations)', () => {
    const candidates = ['cpu', 'memory', 'ephemeral-storage', 'amd.com/gpu', 'nvidia.com/gpu']
    expect(selectResources(candidates, ['gpu'])).toEqual({resources: ['amd.com/gpu', 'nvidia.com/gpu'], unmatched: []})
    expect(selectResources(candidates, ['mem', 'tpu'])).toEqual({resources: ['memory'], unmatched: ['tpu']})
    expect(selectResources(candidates, ['memory', 'cpu'])).toEqual({resources: ['cpu', 'memory'], unmatched: []})
    expect(() => selectResources(candidates, ['tpu'])).toThrow(new CapacityError('--resource-name: no resource of this cluster\'s nodes matches "tpu"; they have cpu, memory, ephemeral-storage, amd.com/gpu, nvidia.com/gpu'))
    expect(parseResourceNames(['cpu,mem', 'cpu'])).toEqual(['cpu', 'mem'])
    expect(() => parseResourceNames(['cpu,'])).toThrow('--resource-name: empty name')
  })

  it('keeps only those columns, says which names matched nothing, and is echoed in -o json', () => {
    const result = buildShow(snapshot, {resourceNames: ['mem', 'gpu']})
    expect(result.resources).toEqual(['memory'])
    const text = showText(result, print)
    expect(text.split('\n')[0]).toMatch(/^NODE\s+MEMORY REQUESTS\s+MEMORY LIMITS\s+MEMORY ALLOCATABLE\s+POD COUNT$/)
    expect(text).toContain('no resource of this cluster\'s nodes matches "gpu" (-r/--resource-name); shown: memory')
    const data = showData(result, [])
    expect([data.resources, data.filters.resourceNames]).toEqual([['memory'], ['mem', 'gpu']])
    expect(() => buildShow(snapshot, {resourceNames: ['gpu']})).toThrow(CapacityError)
  })
})
