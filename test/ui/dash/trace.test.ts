import {describe, expect, it} from 'vitest'
import type {KubeObject} from '../../../src/kube/client.js'
import {changeLines, eventLine, fieldChanges, flatten} from '../../../src/ui/dash/trace.js'

const at = Date.parse('2026-11-22T12:00:01Z')
const pod = (phase: string, ready: string, extra: Record<string, unknown> = {}): KubeObject => ({
  kind: 'Pod',
  metadata: {name: 'web-1', namespace: 'shop', resourceVersion: String(Math.random()), managedFields: [{manager: 'x'}]},
  status: {phase, conditions: [{type: 'Ready', status: ready}]},
  ...extra,
})

describe('trace: what changed', () => {
  it('flattens an object into leaves, leaving out the fields every write changes', () => {
    const leaves = flatten(pod('Running', 'True'))
    expect(leaves.get('status.conditions[0].status')).toBe('"True"')
    expect([...leaves.keys()].some((k) => k.includes('resourceVersion') || k.includes('managedFields'))).toBe(false)
  })

  it('lists changed, added and removed fields only', () => {
    const before = pod('Pending', 'False')
    const after = pod('Running', 'True', {spec: {nodeName: 'worker-1'}})
    expect(fieldChanges(before, after)).toEqual(['~ status.phase: "Pending" → "Running"', '~ status.conditions[0].status: "False" → "True"', '+ spec.nodeName: "worker-1"'])
    expect(fieldChanges(after, before)).toContain('- spec.nodeName: "worker-1"')
  })

  it('the first state is one line; a write that changes nothing shown is no line; a deletion says so', () => {
    const first = pod('Pending', 'False')
    expect(changeLines('ADDED', undefined, first, at)).toEqual([expect.stringMatching(/^12:00:01 watching Pod web-1 \(resourceVersion /)])
    expect(changeLines('MODIFIED', first, pod('Pending', 'False'), at)).toEqual([])
    expect(changeLines('MODIFIED', first, pod('Running', 'False'), at)).toEqual(['12:00:01 modified Pod web-1', '    ~ status.phase: "Pending" → "Running"'])
    expect(changeLines('DELETED', first, first, at)).toEqual(['12:00:01 deleted Pod web-1: deleted'])
  })

  it('an event is one line: type, reason, count, source and message', () => {
    const event = {metadata: {name: 'e'}, type: 'Warning', reason: 'BackOff', count: 5, source: {component: 'kubelet'}, message: 'Back-off restarting\n failed container'} as KubeObject
    expect(eventLine(event, at)).toBe('12:00:01 event Warning BackOff (x5, kubelet): Back-off restarting failed container')
  })
})
