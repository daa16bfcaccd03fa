// The scheduler's PodTopologySpread filter (whenUnsatisfiable: DoNotSchedule), checked against
// kube-scheduler's podtopologyspread plugin: skew = matching pods in the node's domain + 1 (the
// pod matches itself) − the least loaded domain, a node without the topology key is refused as
// unresolvable, and the FailedScheduling text counts each reason as the real FitError does.
import {afterEach, describe, expect, it} from 'vitest'
import type {Sandbox} from '../../../src/sandbox/index.js'
import type {KubeObject} from '../../../src/sandbox/types.js'
import {sandboxWithNodes, testNode, waitFor} from './helpers.js'

const ZONE = 'topology.kubernetes.io/zone'
const spreadByZone = [{maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: {matchLabels: {app: 'web'}}}]

describe('scheduler: pod topology spread', () => {
  let sandbox: Sandbox | undefined
  afterEach(async () => {
    await sandbox?.stop()
    sandbox = undefined
  })

  const webPod = (name: string, spec: Record<string, unknown>): KubeObject => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default', labels: {app: 'web'}}, spec: {containers: [{name: 'app', image: 'busybox:1.36'}], ...spec}})
  const outcome = (s: Sandbox, name: string) => waitFor(`${name} scheduled or refused`, () => {
    const p = s.store.get('pods', 'default', name)!.object
    const scheduled = ((p.status as {conditions?: Array<{type: string; status: string; message?: string}>} | undefined)?.conditions ?? []).find((c) => c.type === 'PodScheduled')
    return (p.spec as {nodeName?: string}).nodeName ?? (scheduled?.status === 'False' ? scheduled.message : undefined)
  })

  it('refuses the nodes of the crowded zone with the real FailedScheduling text, then uses the other zone once it is schedulable', async () => {
    sandbox = await sandboxWithNodes([
      testNode('worker-1', {zone: 'eu-west-1a'}),
      testNode('worker-2', {zone: 'eu-west-1a'}),
      testNode('worker-3', {zone: 'eu-west-1b', taints: [{key: 'dedicated', value: 'db', effect: 'NoSchedule'}]}),
      testNode('worker-4'),
    ])
    const s = sandbox
    // Two replicas already run in zone a; zone b (tainted, but taints do not shrink the domains by default) has none.
    for (const [name, node] of [['web-1', 'worker-1'], ['web-2', 'worker-2']]) s.store.create(webPod(name, {nodeName: node}))
    s.store.create(webPod('web-3', {topologySpreadConstraints: spreadByZone}))
    expect(await outcome(s, 'web-3')).toBe(
      "0/4 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label), 1 node(s) had untolerated taint {dedicated: db}, 2 node(s) didn't match pod topology spread constraints. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    )
    const worker3 = s.store.get('nodes', undefined, 'worker-3')!.object
    s.store.update({...worker3, spec: {...(worker3.spec as object), taints: []}})
    await waitFor('web-3 bound to worker-3', () => (s.store.get('pods', 'default', 'web-3')!.object.spec as {nodeName?: string}).nodeName === 'worker-3')
  })

  it('counts only the pods the selector matches in the pod’s namespace, and alternates the zones as replicas come', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1', {zone: 'eu-west-1a'}), testNode('worker-2', {zone: 'eu-west-1b'})])
    const s = sandbox
    s.store.create(webPod('web-1', {nodeName: 'worker-1'}))
    s.store.create({...webPod('other-ns', {nodeName: 'worker-2'}), metadata: {name: 'other-ns', namespace: 'kube-system', labels: {app: 'web'}}})
    s.store.create({...webPod('db', {nodeName: 'worker-2'}), metadata: {name: 'db', namespace: 'default', labels: {app: 'db'}}})
    // zone a: 1, zone b: 0 (the kube-system pod and the db pod do not count): only zone b keeps the skew at 1.
    s.store.create(webPod('web-2', {topologySpreadConstraints: spreadByZone}))
    expect(await outcome(s, 'web-2')).toBe('worker-2')
    // Now 1 and 1: either zone keeps the skew at 1; the next replica must then go to the other one.
    s.store.create(webPod('web-3', {topologySpreadConstraints: spreadByZone}))
    const third = await outcome(s, 'web-3')
    expect(third).toMatch(/^worker-[12]$/)
    s.store.create(webPod('web-4', {topologySpreadConstraints: spreadByZone}))
    expect(await outcome(s, 'web-4')).toBe(third === 'worker-1' ? 'worker-2' : 'worker-1')
  })
})
