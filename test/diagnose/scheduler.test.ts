// The scheduler's FailedScheduling text in every wording from 1.4 to 1.32, read into one shape,
// and the classifier table that sorts each reason into its cause. The rule that turns them into
// findings is test/diagnose/scheduling.test.ts.
import {describe, expect, it} from 'vitest'
import {classifyReason, parseSchedulerMessage, reasonRank, wholeMessageCause, type SchedulerReason} from '../../src/diagnose/scheduler.js'

describe('parseSchedulerMessage', () => {
  it('reads the counts and reasons, and drops the preemption part', () => {
    const parsed = parseSchedulerMessage(
      '0/4 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.',
    )
    expect(parsed).toMatchObject({
      available: 0,
      total: 4,
      wording: 'current',
      reasons: [
        {count: 1, text: 'Insufficient cpu', cause: 'resource', resource: 'cpu'},
        {count: 1, text: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', cause: 'taint', taint: 'node-role.kubernetes.io/control-plane: '},
        {count: 2, text: "node(s) didn't match Pod's node affinity/selector", cause: 'selector'},
      ],
    })
  })

  it('returns undefined for other texts', () => {
    expect(parseSchedulerMessage('pod has unbound immediate PersistentVolumeClaims')).toBeUndefined()
  })
})

describe('the 1.6–1.9 and 1.4–1.5 wordings', () => {
  it('reads the 1.6–1.9 predicate counts and the 1.4 fit failures per node', () => {
    expect(parseSchedulerMessage('No nodes are available that match all of the following predicates:: MatchNodeSelector (3), PodToleratesNodeTaints (3).')).toMatchObject({
      total: undefined,
      wording: 'predicates',
      reasons: [
        {count: 3, text: 'MatchNodeSelector', cause: 'selector'},
        {count: 3, text: 'PodToleratesNodeTaints', cause: 'taint'},
      ],
    })
    expect(parseSchedulerMessage('pod (test-1012964845-v8915) failed to fit in any node\nfit failure summary on nodes : Insufficient pods (2), PodToleratesNodeTaints (1)')?.reasons.map((r) => r.cause)).toEqual(['pod-limit', 'taint'])
    expect(parseSchedulerMessage('pod (a) failed to fit in any node\nfit failure on node (n1): Insufficient cpu\nfit failure on node (n2): MatchNodeSelector\nfit failure on node (n3): Insufficient cpu')).toMatchObject({
      total: 3,
      wording: 'fit-failure',
      reasons: [
        {count: 2, cause: 'resource', resource: 'cpu', nodes: ['n1', 'n3']},
        {count: 1, cause: 'selector', nodes: ['n2']},
      ],
    })
  })

})

describe('classifyReason', () => {
  it.each<[string, string]>([
    ['Too many pods', 'pod-limit'],
    // Before resources: "Insufficient pods" is the pod limit, not a resource.
    ['Insufficient pods', 'pod-limit'],
    ['Insufficient nvidia.com/gpu', 'resource'],
    ['PodFitsResources', 'resource'],
    ["node(s) had volume node affinity conflict", 'volume-zone'],
    ["node(s) didn't find available persistent volumes to bind", 'volume-binding'],
    // Cordoned before taint: 1.20+ says it as the unschedulable taint.
    ['node(s) had untolerated taint {node.kubernetes.io/unschedulable: }', 'cordoned'],
    ['node(s) were unschedulable', 'cordoned'],
    ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }', 'taint'],
    ['node(s) had memory pressure', 'node-condition'],
    ['CheckNodeDiskPressure', 'node-condition'],
    ["node(s) didn't match Pod's node affinity/selector", 'selector'],
    ["node(s) didn't have free ports for the requested pod ports", 'ports'],
    ["node(s) didn't match pod anti-affinity rules", 'pod-affinity'],
    ["node(s) didn't match pod topology spread constraints", 'spread'],
    ['node(s) had volume limits exceeded', 'other'],
    ['', 'other'],
  ])('%s → %s', (text, cause) => {
    expect(classifyReason(text)).toBe(cause)
  })
})

describe('reasonRank', () => {
  const ranked = (...causes: SchedulerReason['cause'][]) => causes.map((cause) => reasonRank({count: 1, text: cause, cause}))
  it('a node short of a resource passed every filter before it: resources explain most, taints and cordons least', () => {
    expect(ranked('resource', 'pod-limit', 'volume-zone', 'selector', 'taint', 'other')).toEqual([0, 0, 1, 2, 3, 4])
    expect(ranked('cordoned', 'node-condition', 'ports', 'pod-affinity', 'spread', 'volume-binding')).toEqual([3, 3, 2, 2, 2, 1])
  })
})

describe('parseSchedulerMessage: edge cases', () => {
  it('a reason without a count is counted on every node; the resource name is normalised', () => {
    expect(parseSchedulerMessage('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.')).toMatchObject({
      total: 3,
      reasons: [{count: 3, text: 'pod has unbound immediate PersistentVolumeClaims', cause: 'volume-binding', resource: undefined}],
    })
    expect(parseSchedulerMessage('0/2 nodes are available: 2 Insufficient CPU.')?.reasons[0]).toMatchObject({cause: 'resource', resource: 'cpu'})
    expect(parseSchedulerMessage("0/2 nodes are available: 2 node(s) didn't have enough resource: nvidia.com/gpu.")?.reasons[0]).toMatchObject({cause: 'resource', resource: 'nvidia.com/gpu'})
  })

  it('0/0 nodes and a message without reasons', () => {
    expect(parseSchedulerMessage('0/0 nodes are available')).toEqual({available: 0, total: 0, reasons: [], wording: 'current'})
    expect(parseSchedulerMessage('0/5 nodes are available: .')).toMatchObject({total: 5, reasons: []})
  })

  it('texts that are not the scheduler\'s', () => {
    expect(parseSchedulerMessage('')).toBeUndefined()
    expect(parseSchedulerMessage('Successfully assigned shop/web-0 to worker-1')).toBeUndefined()
  })
})

describe('wholeMessageCause', () => {
  it('no nodes at all (1.4–1.9), and a claim not bound or not there', () => {
    expect(wholeMessageCause('no nodes available to schedule pods')).toBe('no-nodes')
    expect(wholeMessageCause('pod has unbound immediate PersistentVolumeClaims (repeated 3 times)')).toBe('volume-binding')
    expect(wholeMessageCause('persistentvolumeclaim "data-postgres-0" not found')).toBe('volume-binding')
    expect(wholeMessageCause('0/3 nodes are available: 3 Insufficient memory.')).toBeUndefined()
  })
})
