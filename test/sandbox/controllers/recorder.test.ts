import {describe, expect, it} from 'vitest'
import {EventRecorder} from '../../../src/sandbox/controllers/recorder.js'
import {Store} from '../../../src/sandbox/store.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

function setUp(): {store: Store; recorder: EventRecorder; pod: KubeObject} {
  const store = new Store()
  store.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}})
  const pod = store.create({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'web-0', namespace: 'shop'}, spec: {containers: [{name: 'web', image: 'nginx'}]}})
  return {store, recorder: new EventRecorder(store), pod}
}

const events = (store: Store) => store.list('events').entries.map((e) => e.object as KubeObject & Record<string, any>) // eslint-disable-line @typescript-eslint/no-explicit-any

describe('EventRecorder', () => {
  it("writes a core event named <object>.<hex nanoseconds>, with the source and the involved object's reference", () => {
    const {store, recorder, pod} = setUp()
    recorder.record(pod, {component: 'kubelet', host: 'node-1'}, {type: 'Warning', reason: 'BackOff', message: 'Back-off pulling image "nginx"', fieldPath: 'spec.containers{web}'})
    const [event] = events(store)
    expect(event!.metadata!.name).toMatch(/^web-0\.[0-9a-f]+$/)
    expect(event).toMatchObject({
      metadata: {namespace: 'shop'},
      involvedObject: {apiVersion: 'v1', kind: 'Pod', name: 'web-0', namespace: 'shop', fieldPath: 'spec.containers{web}', uid: pod.metadata!.uid, resourceVersion: pod.metadata!.resourceVersion},
      reason: 'BackOff',
      message: 'Back-off pulling image "nginx"',
      source: {component: 'kubelet', host: 'node-1'},
      count: 1,
      type: 'Warning',
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: 'node-1',
    })
    expect(event!.firstTimestamp).toBe(event!.lastTimestamp)
  })

  it('counts the same event again instead of writing a second one', () => {
    const {store, recorder, pod} = setUp()
    for (let i = 0; i < 3; i++) recorder.record(pod, {component: 'kubelet', host: 'node-1'}, {reason: 'Pulled', message: 'Successfully pulled image'})
    const all = events(store)
    expect(all).toHaveLength(1)
    expect(all[0]!.count).toBe(3)
    expect(all[0]!.type).toBe('Normal')
  })

  it('writes separate events for another reason, message, field path or reporter', () => {
    const {store, recorder, pod} = setUp()
    recorder.record(pod, {component: 'kubelet'}, {reason: 'Pulled', message: 'm'})
    recorder.record(pod, {component: 'kubelet'}, {reason: 'Pulled', message: 'm2'})
    recorder.record(pod, {component: 'kubelet'}, {reason: 'Created', message: 'm'})
    recorder.record(pod, {component: 'kubelet'}, {reason: 'Pulled', message: 'm', fieldPath: 'spec.containers{web}'})
    recorder.record(pod, {component: 'default-scheduler'}, {reason: 'Pulled', message: 'm'})
    const all = events(store)
    expect(all).toHaveLength(5)
    expect(new Set(all.map((e) => e.metadata!.name)).size).toBe(5)
    expect(all.find((e) => e.source.component === 'default-scheduler')!.source).toEqual({component: 'default-scheduler'})
  })

  it('drops the event when the namespace is gone, as a real recorder does', () => {
    const {store, recorder} = setUp()
    const elsewhere: KubeObject = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'ghost', namespace: 'gone', uid: 'u'}}
    expect(() => recorder.record(elsewhere, {component: 'kubelet'}, {reason: 'Killing', message: 'Stopping container'})).not.toThrow()
    expect(events(store)).toEqual([])
  })
})
