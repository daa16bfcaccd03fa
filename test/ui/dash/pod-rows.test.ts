import {describe, expect, it} from 'vitest'
import {humanDuration} from '../../../src/print/duration.js'
import {ageText, isFailing, podRow, restartsText, type PodObject} from '../../../src/ui/dash/pod-rows.js'

const now = Date.parse('2026-11-22T00:00:00Z')
const ago = (ms: number) => new Date(now - ms).toISOString()
const s = 1000
const m = 60 * s
const h = 60 * m
const d = 24 * h

function pod(status: PodObject['status'], spec: Partial<NonNullable<PodObject['spec']>> = {}, meta: Partial<PodObject['metadata']> = {}): PodObject {
  return {
    metadata: {name: 'web-1', namespace: 'shop', creationTimestamp: ago(3 * h), ...meta},
    spec: {nodeName: 'worker-1', containers: [{name: 'app'}], ...spec},
    status,
  }
}

const running = (ready = true, restarts = 0): NonNullable<NonNullable<PodObject['status']>['containerStatuses']>[number] => ({
  name: 'app',
  ready,
  restartCount: restarts,
  state: {running: {startedAt: ago(h)}},
})
const readyCondition = (status: 'True' | 'False') => [{type: 'Ready', status}, {type: 'Initialized', status: 'True'}]

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [0, '0s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [3 * m + 20 * s, '3m20s'],
    [25 * m, '25m'],
    [125 * m, '125m'],
    [3 * h, '3h'],
    [5 * h + 30 * m, '5h30m'],
    [47 * h, '47h'],
    [2 * d + 23 * h, '2d23h'],
    [6 * d, '6d'],
    [11 * d, '11d'],
    [800 * d, '2y70d'],
    [9 * 365 * d, '9y'],
  ])('%i ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text)
  })

  it('says <unknown> without a creation time, 0s for a pod newer than the clock (humanDuration alone says <invalid>)', () => {
    expect(ageText(Number.NaN, now)).toBe('<unknown>')
    // A pod created after the clock the rows were drawn with (between two ticks): 0s, never `<invalid>`.
    expect(ageText(now + 4000, now)).toBe('0s')
    expect(ageText(now + 3_600_000, now)).toBe('0s')
    expect(humanDuration(-5 * s)).toBe('<invalid>')
  })
})

describe('podRow (kubectl READY, STATUS, RESTARTS)', () => {
  it('a healthy pod', () => {
    const row = podRow(pod({phase: 'Running', conditions: readyCondition('True'), containerStatuses: [running()]}), now)
    expect(row).toMatchObject({key: 'shop/web-1', ready: '1/1', status: 'Running', restarts: 0, node: 'worker-1'})
    expect(isFailing(row, now)).toBe(false)
    expect(ageText(row.createdAt, now)).toBe('3h')
  })

  it('a crash loop: the waiting reason, restarts with when the last run ended', () => {
    const row = podRow(
      pod({
        phase: 'Running',
        conditions: readyCondition('False'),
        containerStatuses: [{name: 'app', ready: false, restartCount: 8, state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {exitCode: 2, reason: 'Error', finishedAt: ago(2 * m + 13 * s)}}}],
      }),
      now,
    )
    expect(row.status).toBe('CrashLoopBackOff')
    expect(row.ready).toBe('0/1')
    expect(restartsText(row, now)).toBe('8 (2m13s ago)')
    expect(isFailing(row, now)).toBe(true)
  })

  it('running and ready but OOM-killed within the hour is failing; after an hour it is not', () => {
    const row = podRow(
      pod({
        phase: 'Running',
        conditions: readyCondition('True'),
        containerStatuses: [{...running(true, 3), lastState: {terminated: {exitCode: 137, reason: 'OOMKilled', finishedAt: ago(4 * m)}}}],
      }),
      now,
    )
    expect(row.status).toBe('Running')
    expect(isFailing(row, now)).toBe(true)
    expect(isFailing(row, now + h)).toBe(false)
  })

  it('init containers: Init:N/M, Init:reason, and a failed init container', () => {
    const spec = {initContainers: [{name: 'migrate'}, {name: 'seed'}]}
    const waitingInit = podRow(pod({phase: 'Pending', initContainerStatuses: [{name: 'migrate', state: {terminated: {exitCode: 0}}}, {name: 'seed', state: {running: {}}}]}, spec), now)
    expect(waitingInit.status).toBe('Init:1/2')
    const pulling = podRow(pod({phase: 'Pending', initContainerStatuses: [{name: 'migrate', state: {waiting: {reason: 'ImagePullBackOff'}}}]}, spec), now)
    expect(pulling.status).toBe('Init:ImagePullBackOff')
    const failed = podRow(pod({phase: 'Pending', initContainerStatuses: [{name: 'migrate', restartCount: 2, state: {terminated: {exitCode: 1}}}]}, spec), now)
    expect(failed.status).toBe('Init:ExitCode:1')
    expect(failed.restarts).toBe(2)
    expect(isFailing(failed, now)).toBe(true)
  })

  it('a started sidecar (init container with restartPolicy Always) counts in READY', () => {
    const row = podRow(
      pod(
        {
          phase: 'Running',
          conditions: readyCondition('True'),
          initContainerStatuses: [{name: 'proxy', started: true, ready: true, restartCount: 1, state: {running: {}}}],
          containerStatuses: [running()],
        },
        {initContainers: [{name: 'proxy', restartPolicy: 'Always'}]},
      ),
      now,
    )
    expect(row.ready).toBe('2/2')
    expect(row.status).toBe('Running')
    expect(row.restarts).toBe(1)
  })

  it('Pending without a node, Terminating, Completed and Succeeded', () => {
    const pending = podRow(pod({phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable'}]}, {nodeName: undefined}), now)
    expect(pending).toMatchObject({status: 'Pending', ready: '0/1', node: ''})
    expect(isFailing(pending, now)).toBe(true)
    const terminating = podRow(pod({phase: 'Running', conditions: readyCondition('True'), containerStatuses: [running()]}, {}, {deletionTimestamp: ago(10 * s)}), now)
    expect(terminating.status).toBe('Terminating')
    expect(isFailing(terminating, now)).toBe(false)
    const stuck = podRow(pod({phase: 'Running', conditions: readyCondition('True'), containerStatuses: [running()]}, {}, {deletionTimestamp: ago(10 * m)}), now)
    expect(isFailing(stuck, now)).toBe(true)
    const done = podRow(pod({phase: 'Succeeded', containerStatuses: [{name: 'app', ready: false, state: {terminated: {exitCode: 0, reason: 'Completed'}}}]}), now)
    expect(done.status).toBe('Completed')
    expect(isFailing(done, now)).toBe(false)
  })

  it('a gated pod says SchedulingGated', () => {
    const row = podRow(pod({phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'SchedulingGated'}]}, {nodeName: undefined}), now)
    expect(row.status).toBe('SchedulingGated')
  })
})
