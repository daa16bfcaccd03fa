import {describe, expect, it} from 'vitest'
import {placementBlockers, schedulingRule} from '../../src/diagnose/rules/scheduling.js'
import {context, event, MIN, node, pod, snapshot} from './fixtures.js'

const unschedulable = (message: string) =>
  pod({
    phase: 'Pending',
    node: undefined,
    statuses: [],
    conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: '2026-11-21T10:00:00Z'}],
  })

describe('scheduling rule', () => {
  it('Insufficient cpu: names each usable node and how short it is', () => {
    const p = unschedulable('0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.')
    p.spec.containers![0]!.resources = {requests: {cpu: '3', memory: '1Gi'}}
    const nodes = [node({name: 'worker-1'}), node({name: 'worker-2', cpu: '1930m'})]
    const findings = schedulingRule.check(snapshot(p, {scheduling: {nodes, requested: {'worker-1': {cpu: 1_500_000_000n}, 'worker-2': {cpu: 250_000_000n}}}}), context)
    expect(findings).toHaveLength(1)
    const [f] = findings
    expect(f!.code).toBe('InsufficientResources')
    expect(f!.summary).toContain('it requests 3')
    expect(f!.summary).toContain('closest one it may use is worker-1, 0.58 cpu short')
    expect(f!.evidence).toContain('node worker-1: allocatable 3.92 cpu, requested by running pods 1.5, free 2.42; this pod requests 3 → short by 0.58')
    expect(f!.evidence).toContain('node worker-2: allocatable 1.93 cpu, requested by running pods 0.25, free 1.68; this pod requests 3 → short by 1.32')
  })

  it('names the roomiest nodes only, and says when the verdict looks stale', () => {
    const p = unschedulable('0/20 nodes are available: 20 Insufficient cpu.')
    p.spec.containers![0]!.resources = {requests: {cpu: '100m'}}
    const nodes = Array.from({length: 20}, (_, i) => node({name: `node-${String(i).padStart(2, '0')}`}))
    const requested = Object.fromEntries(nodes.map((n, i) => [n.metadata.name, {cpu: BigInt(3_000_000_000 + i * 10_000_000)}]))
    const [f] = schedulingRule.check(snapshot(p, {scheduling: {nodes, requested}}), context)
    const nodeLines = f!.evidence.filter((e) => e.startsWith('node '))
    expect(nodeLines).toHaveLength(8)
    expect(nodeLines[0]).toMatch(/^node node-00: .* free 0.92; .* → fits$/)
    expect(f!.evidence).toContain('... and 12 more node(s) with less free cpu')
    expect(f!.summary).toContain('By the requests on the nodes now, 20 node(s) have room')
  })

  it('leaves out nodes the pod may not use (taints, selector) from the arithmetic', () => {
    const p = unschedulable("0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.")
    p.spec.nodeSelector = {pool: 'compute'}
    p.spec.containers![0]!.resources = {requests: {memory: '16Gi'}}
    const nodes = [
      node({name: 'cp-1', labels: {pool: 'compute'}, taints: [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]}),
      node({name: 'worker-1', labels: {pool: 'general'}}),
      node({name: 'worker-2', labels: {pool: 'compute'}}),
    ]
    const [first, ...rest] = schedulingRule.check(snapshot(p, {scheduling: {nodes, requested: {}}}), context)
    expect(first!.code).toBe('InsufficientResources')
    expect(first!.evidence.filter((e) => e.startsWith('node '))).toEqual(['node worker-2: allocatable 14.91Gi memory, requested by running pods 0, free 14.91Gi; this pod requests 16Gi → short by 1.09Gi'])
    expect(first!.evidence.at(-1)).toBe('nodes the pod may not use anyway: cp-1 (taint node-role.kubernetes.io/control-plane:NoSchedule), worker-1 (nodeSelector pool=compute (node has pool=general))')
    expect(rest).toEqual([])
  })

  it('with a selector as the root cause, the other reasons follow as warnings', () => {
    const p = unschedulable("0/3 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.")
    p.spec.nodeSelector = {pool: 'gpu'}
    const findings = schedulingRule.check(snapshot(p, {scheduling: {nodes: [node({name: 'cp-1', taints: [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]}), node({name: 'a'}), node({name: 'b'})], requested: {}}}), context)
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['NodeSelectorMismatch', 'critical'],
      ['UntoleratedTaint', 'warning'],
    ])
  })

  it('volume node affinity conflict and the pod limit have their own codes', () => {
    const zone = unschedulable('0/3 nodes are available: 3 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.')
    expect(schedulingRule.check(snapshot(zone), context).map((f) => f.code)).toEqual(['VolumeZoneConflict'])
    const full = unschedulable('0/2 nodes are available: 2 Too many pods. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.')
    expect(schedulingRule.check(snapshot(full), context).map((f) => f.code)).toEqual(['NodePodLimitReached'])
  })

  it('a not-ready taint sends you to the node', () => {
    const p = unschedulable('0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.')
    const nodes = [node({name: 'worker-3', taints: [{key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'}]})]
    const [f] = schedulingRule.check(snapshot(p, {scheduling: {nodes, requested: {}}}), context)
    expect(f!.code).toBe('NodesNotReadyForScheduling')
    expect(f!.remedy[0]).toBe('kubectl diagnose node worker-3')
  })

  it('selector mismatch on every node is the root cause', () => {
    const p = unschedulable("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
    p.spec.nodeSelector = {disktype: 'ssd'}
    const [f] = schedulingRule.check(snapshot(p, {scheduling: {nodes: [node({name: 'a'}), node({name: 'b', labels: {disktype: 'hdd'}})], requested: {}}}), context)
    expect(f!.code).toBe('NodeSelectorMismatch')
    expect(f!.severity).toBe('critical')
    expect(f!.evidence).toContain('node b: disktype=hdd')
    expect(f!.evidence).toContain('node a: disktype=<unset>')
  })

  it('unbound PVC: names the claim and its storage class', () => {
    const p = unschedulable('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.')
    const claim = {metadata: {name: 'data-postgres-0', namespace: 'shop'}, spec: {storageClassName: 'alicloud-disk-essd'}, status: {phase: 'Pending'}}
    const [f] = schedulingRule.check(snapshot(p, {claims: {'data-postgres-0': {state: 'found', value: claim}}}), context)
    expect(f!.code).toBe('UnboundVolumeClaim')
    expect(f!.evidence).toContain('persistentvolumeclaim "data-postgres-0" is Pending (storageClassName: alicloud-disk-essd)')
  })

  it('reads the latest FailedScheduling event when the condition has no message', () => {
    const p = pod({phase: 'Pending', node: undefined, statuses: [], conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable'}]})
    const events = [event({reason: 'FailedScheduling', message: 'no nodes available to schedule pods', component: 'default-scheduler', lastAgo: 2 * MIN})]
    expect(schedulingRule.check(snapshot(p, {events}), context).map((f) => f.code)).toEqual(['NoNodes'])
  })

  it('0/0 nodes is no nodes', () => {
    expect(schedulingRule.check(snapshot(unschedulable('0/0 nodes are available.')), context).map((f) => f.code)).toEqual(['NoNodes'])
  })

  it('scheduling gates', () => {
    const p = pod({phase: 'Pending', node: undefined, statuses: [], conditions: [{type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates'}]})
    p.spec.schedulingGates = [{name: 'example.com/quota-check'}]
    expect(schedulingRule.check(snapshot(p), context)[0]!.summary).toContain('example.com/quota-check')
  })

  it('says nothing about a scheduled pod', () => {
    expect(schedulingRule.check(snapshot(pod()), context)).toEqual([])
  })
})

describe('placementBlockers', () => {
  it('honours tolerations with Exists and matching effects', () => {
    const p = pod()
    p.spec.tolerations = [{key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule'}]
    expect(placementBlockers(p, node({name: 'g', taints: [{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]}))).toEqual([])
    expect(placementBlockers(p, node({name: 'h', taints: [{key: 'dedicated', value: 'db', effect: 'NoSchedule'}]}))).toEqual([{kind: 'taint', key: 'dedicated', text: 'taint dedicated=db:NoSchedule'}])
    expect(placementBlockers(p, node({name: 'c', unschedulable: true})).map((b) => b.text)).toEqual(['cordoned'])
  })
})

describe('every scheduler wording from 1.4 to 1.32 maps to the same causes', () => {
  const withCpu = (message: string) => {
    const p = unschedulable(message)
    p.spec.containers![0]!.resources = {requests: {cpu: '3', memory: '1Gi'}}
    return snapshot(p, {scheduling: {nodes: [node({name: 'worker-1'})], requested: {'worker-1': {cpu: 1_500_000_000n}}}})
  }
  // Real texts from kubernetes/kubernetes#37232 (1.4), #41070 (1.5), argoproj/argo-workflows#190 (1.7),
  // kubernetes/kubernetes#49440, #55623 (1.7/1.8), ContainerSolutions/runbooks#82 (1.1x), and 1.25+.
  it.each([
    ['pod (jenkins-master-645022479-ov9ka) failed to fit in any node\nfit failure on node (gke-pool-eae1f3b0-spgr): Insufficient cpu\nfit failure on node (gke-pool-eae1f3b0-jitr): Insufficient cpu\n', 'InsufficientResources'],
    ['pod (web-1) failed to fit in any node\nfit failure on node (minikube): PodFitsResources\n', 'InsufficientResources'],
    ['No nodes are available that match all of the following predicates:: Insufficient cpu (9), Insufficient memory (15), MatchNodeSelector (18).', 'InsufficientResources'],
    ['0/3 nodes are available: 3 Insufficient memory.', 'InsufficientResources'],
    ['0/1 nodes are available: 1 insufficient cpu, 1 insufficient memory.', 'InsufficientResources'],
    ['0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', 'InsufficientResources'],
  ])('%s', (message, code) => {
    const findings = schedulingRule.check(withCpu(message), context)
    expect(findings[0]!.code).toBe(code)
    // One finding per short resource; the other reasons only say which nodes were never candidates.
    expect(new Set(findings.map((f) => f.code))).toEqual(new Set([code]))
    expect(findings[0]!.summary).toMatch(/it requests (3|1Gi)\)/)
  })

  it.each([
    ['No nodes are available that match all of the predicates: MatchNodeSelector (5).', 'NodeSelectorMismatch'],
    ["0/3 nodes are available: 3 node(s) didn't match node selector.", 'NodeSelectorMismatch'],
    ['No nodes are available that match all of the following predicates:: PodToleratesNodeTaints (2).', 'UntoleratedTaint'],
    ["0/2 nodes are available: 2 node(s) had taints that the pod didn't tolerate.", 'UntoleratedTaint'],
    ['No nodes are available that match all of the following predicates:: NoVolumeZoneConflict (3).', 'VolumeZoneConflict'],
    ['0/3 nodes are available: 3 node(s) had no available volume zone.', 'VolumeZoneConflict'],
    ["0/3 nodes are available: 3 node(s) didn't find available persistent volumes to bind.", 'UnboundVolumeClaim'],
    ['0/3 nodes are available: 3 node(s) were unschedulable.', 'NodesCordoned'],
    ['0/3 nodes are available: 3 node(s) had untolerated taint {node.kubernetes.io/unschedulable: }.', 'NodesCordoned'],
    ['No nodes are available that match all of the following predicates:: PodFitsHostPorts (1).', 'HostPortConflict'],
    ["0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.", 'HostPortConflict'],
    ["0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.", 'PodAffinityUnsatisfiable'],
    ["0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.", 'TopologySpreadUnsatisfiable'],
    ['0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.', 'UnboundVolumeClaim'],
    // Node conditions, as the scheduler read them itself before 1.13 (predicate names 1.6–1.9, words 1.10–1.16), and as taints after.
    ['0/3 nodes are available: 3 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.', 'NodesNotReadyForScheduling'],
    ['0/3 nodes are available: 3 node(s) were not ready.', 'NodesNotReadyForScheduling'],
    ['0/3 nodes are available: 1 node(s) had disk pressure, 2 node(s) were out of disk space.', 'NodesNotReadyForScheduling'],
    ['0/2 nodes are available: 2 node(s) had memory pressure.', 'NodesNotReadyForScheduling'],
    ['0/2 nodes are available: 2 node(s) had unavailable network.', 'NodesNotReadyForScheduling'],
    ['No nodes are available that match all of the following predicates:: NodeNotReady (2), NodeOutOfDisk (1).', 'NodesNotReadyForScheduling'],
    ['No nodes are available that match all of the following predicates:: CheckNodeMemoryPressure (3).', 'NodesNotReadyForScheduling'],
    ['pod (web-1) failed to fit in any node\nfit failure on node (minikube): NodeUnderDiskPressure\n', 'NodesNotReadyForScheduling'],
  ])('%s', (message, code) => {
    expect(schedulingRule.check(snapshot(unschedulable(message)), context)[0]!.code).toBe(code)
  })

  it('the 1.10–1.16 "were not ready" names the unhealthy nodes, as the not-ready taint does later', () => {
    const scheduling = {nodes: [node({name: 'worker-1'}), node({name: 'worker-2', ready: {status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.'}})], requested: {}}
    const alone = schedulingRule.check(snapshot(unschedulable('0/2 nodes are available: 2 node(s) were not ready.'), {scheduling}), context)
    expect(alone[0]).toMatchObject({code: 'NodesNotReadyForScheduling', remedy: ['kubectl diagnose node worker-2', expect.any(String)]})
    expect(alone[0]!.evidence).toContain('node worker-2: Ready=Unknown')
  })
})
