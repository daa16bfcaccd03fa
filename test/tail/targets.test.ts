import {describe, expect, test} from 'vitest'
import {chooseContainerId, defaultFilter, TargetTracker, type TargetChange} from '../../src/tail/targets.js'
import {pod} from './pods.js'

const starts = (changes: TargetChange[]) => changes.flatMap((c) => (c.type === 'start' ? [`${c.target.key}@${c.target.containerId}`] : []))

describe('TargetTracker', () => {
  test('starts one tail per matching container run, init containers first', () => {
    const tracker = new TargetTracker(defaultFilter({podQuery: /web/}))
    const changes = tracker.sync([pod('ns', 'web-1', [{name: 'setup', init: true, state: 'terminated'}, {name: 'app'}]), pod('ns', 'db-1', [{name: 'db'}])])
    expect(starts(changes)).toEqual(['ns/web-1/setup@containerd://web-1-setup-1', 'ns/web-1/app@containerd://web-1-app-1'])
    expect(changes.every((c) => c.type !== 'start' || c.target.existedAtStart)).toBe(true)
  })

  test('repeated events for the same run start nothing; a restart starts the new run', () => {
    const tracker = new TargetTracker(defaultFilter())
    tracker.sync([pod('ns', 'web-1', [{name: 'app'}])])
    expect(starts(tracker.update(pod('ns', 'web-1', [{name: 'app'}])))).toEqual([])
    const restarted = tracker.update(pod('ns', 'web-1', [{name: 'app', run: 2}]))
    expect(starts(restarted)).toEqual(['ns/web-1/app@containerd://web-1-app-2'])
    expect(restarted.some((c) => c.type === 'update')).toBe(true)
  })

  test('the old run of a restarted container is "previous", an older one is gone', () => {
    const tracker = new TargetTracker(defaultFilter())
    const [first] = tracker.sync([pod('ns', 'web-1', [{name: 'app'}])])
    if (first?.type !== 'start') throw new Error('expected a start')
    expect(tracker.status(first.target)).toEqual({podGone: false, run: 'current', state: 'running'})
    tracker.update(pod('ns', 'web-1', [{name: 'app', run: 2}]))
    expect(tracker.status(first.target).run).toBe('previous')
    tracker.update(pod('ns', 'web-1', [{name: 'app', run: 3}]))
    expect(tracker.status(first.target).run).toBe('gone')
  })

  test('a waiting container is remembered and tailed when it starts, whatever --container-state says', () => {
    const tracker = new TargetTracker(defaultFilter({containerStates: new Set(['running'])}))
    expect(starts(tracker.sync([pod('ns', 'job-1', [{name: 'run', state: 'waiting'}])]))).toEqual([])
    const changes = tracker.update(pod('ns', 'job-1', [{name: 'run', state: 'terminated'}]))
    expect(starts(changes)).toEqual(['ns/job-1/run@containerd://job-1-run-1'])
    const start = changes.find((c) => c.type === 'start')
    expect(start?.type === 'start' && start.target.existedAtStart).toBe(false) // so --tail does not cut its history
  })

  test('--container-state filters containers that already ran when first seen', () => {
    const tracker = new TargetTracker(defaultFilter({containerStates: new Set(['running'])}))
    expect(starts(tracker.sync([pod('ns', 'a', [{name: 'done', state: 'terminated'}, {name: 'up'}])]))).toEqual(['ns/a/up@containerd://a-up-1'])
  })

  test('container regex, exclusions and kinds', () => {
    const filter = defaultFilter({containerQuery: /^(app|setup|proxy)$/, excludeContainers: [/proxy/], initContainers: false, excludePods: [/-canary$/]})
    const tracker = new TargetTracker(filter)
    const changes = tracker.sync([pod('ns', 'web-1', [{name: 'setup', init: true}, {name: 'app'}, {name: 'proxy'}, {name: 'other'}]), pod('ns', 'web-canary', [{name: 'app'}])])
    expect(starts(changes)).toEqual(['ns/web-1/app@containerd://web-1-app-1'])
  })

  test('a deleted pod, a pod missing from a re-list and a pod recreated under the same name', () => {
    const tracker = new TargetTracker(defaultFilter())
    const [first] = tracker.sync([pod('ns', 'web-1', [{name: 'app'}], {}, 'uid-1'), pod('ns', 'web-2', [{name: 'app'}], {}, 'uid-2')])
    expect(tracker.remove(pod('ns', 'web-1', [{name: 'app'}], {}, 'uid-1'))).toEqual([{type: 'pod-gone', namespace: 'ns', pod: 'web-1', podUid: 'uid-1'}])
    if (first?.type !== 'start') throw new Error('expected a start')
    expect(tracker.status(first.target).podGone).toBe(true)
    expect(tracker.sync([]).map((c) => c.type)).toEqual(['pod-gone'])
    tracker.update(pod('ns', 'web-3', [{name: 'app'}], {}, 'uid-3'))
    const again = tracker.update(pod('ns', 'web-3', [{name: 'app'}], {}, 'uid-4'))
    expect(again.map((c) => c.type)).toEqual(['pod-gone', 'start'])
  })
})

test('chooseContainerId picks the run the kubelet serves', () => {
  expect(chooseContainerId({name: 'c', containerID: 'x', state: {running: {}}})).toBe('x')
  expect(chooseContainerId({name: 'c', state: {terminated: {containerID: 't'}}})).toBe('t')
  expect(chooseContainerId({name: 'c', state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {containerID: 'last'}}})).toBe('last')
  expect(chooseContainerId({name: 'c', state: {waiting: {reason: 'ContainerCreating'}}})).toBe('')
  expect(chooseContainerId(undefined)).toBe('')
})
