// The CronJob controller over an in-memory store with a stand-in clock: the next schedule is
// recorded instead of set as a timer, and the tests fire it themselves. Its queue drains on the
// next turns of the event loop. Schedules over real time run in controllers/workload.test.ts.
import {afterEach, describe, expect, it} from 'vitest'
import type {ControllerContext} from '../../../src/sandbox/controllers/context.js'
import {CronJobController} from '../../../src/sandbox/controllers/cronjob.js'
import {EventRecorder} from '../../../src/sandbox/controllers/recorder.js'
import {Store} from '../../../src/sandbox/store.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const NOW = Date.parse('2026-03-01T10:07:30Z')
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve))
}
const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

function setUp() {
  const store = new Store()
  store.load([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'ops'}}])
  const scheduled: Array<{ms: number; fire: () => void; cancelled: boolean}> = []
  let now = NOW
  const clock = {
    isStopped: false,
    simulatedNow: () => now,
    after(ms: number, fire: () => void) {
      const entry = {ms, fire, cancelled: false}
      scheduled.push(entry)
      return () => (entry.cancelled = true)
    },
  }
  const controller = new CronJobController({store, clock, recorder: new EventRecorder(store)} as unknown as ControllerContext)
  stops.push(() => controller.stop())
  const pending = () => scheduled.filter((s) => !s.cancelled)
  return {store, pending, advance: (ms: number) => (now += ms)}
}

const cronJob = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: {name: 'report', namespace: 'ops'},
  spec: {schedule: '*/15 * * * *', jobTemplate: {metadata: {labels: {app: 'report'}}, spec: {template: {spec: {restartPolicy: 'Never', containers: [{name: 'r', image: 'report:1'}]}}}}, ...spec},
})
const jobs = (store: Store) => store.list('jobs.batch', {namespace: 'ops'}).entries.map((e) => e.object as Json)

describe('CronJobController', () => {
  it('waits for the next scheduled minute of simulated time', async () => {
    const {store, pending} = setUp()
    store.create(cronJob())
    await settle()
    expect(pending().map((s) => s.ms)).toEqual([Date.parse('2026-03-01T10:15:00Z') - NOW])
    expect(jobs(store)).toEqual([])
  })

  it('creates a Job named by the scheduled minute when the time comes, and notes lastScheduleTime and the active Job', async () => {
    const {store, pending} = setUp()
    store.create(cronJob())
    await settle()
    pending()[0]!.fire()
    await settle()
    const [job] = jobs(store)
    const minute = Math.floor(Date.parse('2026-03-01T10:15:00Z') / 60_000)
    expect(job.metadata).toMatchObject({name: `report-${minute}`, labels: {app: 'report'}, annotations: {'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-03-01T10:15:00Z'}, ownerReferences: [{kind: 'CronJob', name: 'report', controller: true}]})
    expect(job.spec).toMatchObject({backoffLimit: 6, completions: 1, parallelism: 1})
    const status = store.get('cronjobs.batch', 'ops', 'report')!.object.status as Json
    expect(status.lastScheduleTime).toBe('2026-03-01T10:15:00Z')
    expect(status.active.map((a: Json) => a.name)).toEqual([job.metadata.name])
    expect(store.list('events', {namespace: 'ops'}).entries.map((e) => (e.object as Json).message)).toContain(`Created job ${job.metadata.name}`)
  })

  it('creates nothing while suspended', async () => {
    const {store, pending} = setUp()
    store.create(cronJob({suspend: true}))
    await settle()
    pending().at(-1)!.fire()
    await settle()
    expect(jobs(store)).toEqual([])
  })

  it('with Forbid, skips a run while the last Job is active; with Replace, deletes it', async () => {
    for (const [policy, names] of [
      ['Forbid', ['10:15']],
      ['Replace', ['10:30']],
      ['Allow', ['10:15', '10:30']],
    ] as const) {
      const {store, pending, advance} = setUp()
      store.create(cronJob({concurrencyPolicy: policy}))
      await settle()
      pending().at(-1)!.fire()
      await settle()
      advance(10 * 60_000)
      // a change to the Job makes the controller sync again and schedule from the new time
      const job = jobs(store)[0]
      store.update({...job, metadata: {...job.metadata, labels: {...job.metadata.labels, touched: 'yes'}}})
      await settle()
      pending().at(-1)!.fire()
      await settle()
      const minuteOf = (hhmm: string) => `report-${Math.floor(Date.parse(`2026-03-01T${hhmm}:00Z`) / 60_000)}`
      expect(jobs(store).map((j) => j.metadata.name).sort()).toEqual(names.map(minuteOf).sort())
    }
  })

  it('does not schedule an invalid schedule', async () => {
    const {store, pending} = setUp()
    store.create(cronJob({schedule: 'every day'}))
    await settle()
    expect(pending()).toEqual([])
  })
})
