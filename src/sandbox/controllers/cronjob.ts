/**
 * The CronJob controller: creates a Job `<cronjob>-<scheduled minutes since the epoch>` at each
 * scheduled time (on the simulation clock, so a timeScale of 0.01 runs a one-minute schedule
 * every 0.6 s), honours suspend and concurrencyPolicy (Allow, Forbid, Replace), keeps
 * successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs, and writes status (active,
 * lastScheduleTime, lastSuccessfulTime) with SuccessfulCreate, SawCompletedJob and
 * SuccessfulDelete events. Schedules are UTC (spec.timeZone is not simulated).
 */
import type {StoreEvent} from '../store.js'
import type {KubeObject} from '../types.js'
import type {ControllerContext} from './context.js'
import {parseCron} from './cron.js'
import {isFinished} from './job.js'
import {controllerOf, controllerReference, deleteObject, findCondition, meta, objectKey, specOf, splitKey, statusOf, writeStatus, type Condition} from './objects.js'
import {WorkQueue} from './queue.js'
import {kubeTime} from '../store.js'

const RESOURCE = 'cronjobs.batch'
const JOBS = 'jobs.batch'

interface CronJobSpec {
  schedule?: string
  suspend?: boolean
  concurrencyPolicy?: string
  successfulJobsHistoryLimit?: number
  failedJobsHistoryLimit?: number
  jobTemplate?: {metadata?: {labels?: Record<string, string>; annotations?: Record<string, string>}; spec?: Record<string, unknown>}
}

interface CronJobStatus {
  lastScheduleTime?: string
  lastSuccessfulTime?: string
}

export class CronJobController {
  private readonly queue: WorkQueue
  private readonly unsubscribes: Array<() => void>
  private readonly timers = new Map<string, () => void>()
  private readonly reported = new Set<string>()

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('cronjob', ctx.clock, (key) => this.sync(key))
    this.unsubscribes = [
      ctx.store.subscribe(RESOURCE, (event: StoreEvent) => {
        if (event.type !== 'DELETED') this.queue.add(objectKey(event.entry.object))
        else this.cancel(objectKey(event.entry.object))
      }),
      ctx.store.subscribe(JOBS, (event: StoreEvent) => {
        const owner = controllerOf(event.entry.object)
        if (owner?.kind === 'CronJob') this.queue.add(`${meta(event.entry.object).namespace}/${owner.name}`)
      }),
    ]
  }

  stop(): void {
    for (const u of this.unsubscribes) u()
    for (const cancel of this.timers.values()) cancel()
  }

  adopt(cronJob: KubeObject): void {
    this.queue.add(objectKey(cronJob))
  }

  private cancel(key: string): void {
    this.timers.get(key)?.()
    this.timers.delete(key)
  }

  private sync(key: string): void {
    const {namespace, name} = splitKey(key)
    const cronJob = this.ctx.store.get(RESOURCE, namespace, name)?.object
    this.cancel(key)
    if (!cronJob || meta(cronJob).deletionTimestamp) return
    const jobs = this.ctx.store.list(JOBS, {namespace: namespace ?? 'default'}).entries.map((e) => e.object).filter((j) => controllerOf(j)?.uid === meta(cronJob).uid)
    this.reportFinished(cronJob, jobs)
    this.cleanupHistory(cronJob, jobs)
    this.writeStatus(cronJob, jobs)
    const spec = specOf<CronJobSpec>(cronJob)
    let schedule
    try {
      schedule = parseCron(spec.schedule ?? '')
    } catch {
      return // the real controller records an event and does not schedule
    }
    const simulatedNow = this.ctx.clock.simulatedNow()
    const next = schedule.next(simulatedNow)
    if (next === undefined) return
    this.timers.set(key, this.ctx.clock.after(next - simulatedNow, () => this.fire(key, next)))
  }

  private fire(key: string, scheduledMs: number): void {
    this.timers.delete(key)
    const {namespace, name} = splitKey(key)
    const cronJob = this.ctx.store.get(RESOURCE, namespace, name)?.object
    if (!cronJob) return
    const spec = specOf<CronJobSpec>(cronJob)
    const active = this.ctx.store.list(JOBS, {namespace: namespace ?? 'default'}).entries.map((e) => e.object).filter((j) => controllerOf(j)?.uid === meta(cronJob).uid && !isFinished(j))
    if (!spec.suspend && !(spec.concurrencyPolicy === 'Forbid' && active.length)) {
      if (spec.concurrencyPolicy === 'Replace') for (const job of active) this.deleteJob(cronJob, job)
      this.createJob(cronJob, scheduledMs)
    }
    this.queue.add(key)
  }

  private createJob(cronJob: KubeObject, scheduledMs: number): void {
    const template = specOf<CronJobSpec>(cronJob).jobTemplate ?? {}
    const name = `${meta(cronJob).name}-${Math.floor(scheduledMs / 60_000)}`
    if (this.ctx.store.get(JOBS, meta(cronJob).namespace, name)) return
    const job = this.ctx.store.create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: meta(cronJob).namespace,
        generation: 1,
        ...(template.metadata?.labels ? {labels: template.metadata.labels} : {}),
        annotations: {...(template.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(scheduledMs).toISOString().replace('.000Z', 'Z')},
        ownerReferences: [controllerReference(cronJob)],
      },
      spec: {backoffLimit: 6, completions: 1, parallelism: 1, ...(template.spec ?? {})},
    })
    this.ctx.recorder.record(cronJob, {component: 'cronjob-controller'}, {reason: 'SuccessfulCreate', message: `Created job ${meta(job).name}`})
    const current = this.ctx.store.get(RESOURCE, meta(cronJob).namespace, meta(cronJob).name ?? '')?.object
    if (current) writeStatus(this.ctx.store, RESOURCE, current, {...statusOf<CronJobStatus>(current), lastScheduleTime: kubeTime(scheduledMs)})
  }

  private deleteJob(cronJob: KubeObject, job: KubeObject): void {
    deleteObject(this.ctx.store, JOBS, job)
    this.ctx.recorder.record(cronJob, {component: 'cronjob-controller'}, {reason: 'SuccessfulDelete', message: `Deleted job ${meta(job).name}`})
  }

  private reportFinished(cronJob: KubeObject, jobs: KubeObject[]): void {
    for (const job of jobs.filter(isFinished)) {
      const uid = meta(job).uid ?? ''
      if (this.reported.has(uid)) continue
      this.reported.add(uid)
      const condition = findCondition(statusOf<{conditions?: Condition[]}>(job).conditions, 'Complete')?.status === 'True' ? 'Complete' : 'Failed'
      this.ctx.recorder.record(cronJob, {component: 'cronjob-controller'}, {reason: 'SawCompletedJob', message: `Saw completed job: ${meta(job).name}, condition: ${condition}`})
    }
  }

  private cleanupHistory(cronJob: KubeObject, jobs: KubeObject[]): void {
    const spec = specOf<CronJobSpec>(cronJob)
    const finished = jobs.filter(isFinished).sort((a, b) => (meta(a).creationTimestamp ?? '').localeCompare(meta(b).creationTimestamp ?? ''))
    const succeeded = finished.filter((j) => findCondition(statusOf<{conditions?: Condition[]}>(j).conditions, 'Complete')?.status === 'True')
    const failed = finished.filter((j) => !succeeded.includes(j))
    for (const job of succeeded.slice(0, Math.max(0, succeeded.length - (spec.successfulJobsHistoryLimit ?? 3)))) this.deleteJob(cronJob, job)
    for (const job of failed.slice(0, Math.max(0, failed.length - (spec.failedJobsHistoryLimit ?? 1)))) this.deleteJob(cronJob, job)
  }

  private writeStatus(cronJob: KubeObject, jobs: KubeObject[]): void {
    const previous = statusOf<CronJobStatus>(cronJob)
    const active = jobs.filter((j) => !isFinished(j) && !meta(j).deletionTimestamp)
    const completions = jobs.map((j) => statusOf<{completionTime?: string}>(j).completionTime).filter((t): t is string => !!t).sort()
    const status: Record<string, unknown> = {}
    if (active.length) status.active = active.map((j) => ({apiVersion: 'batch/v1', kind: 'Job', name: meta(j).name, namespace: meta(j).namespace, resourceVersion: meta(j).resourceVersion, uid: meta(j).uid}))
    if (previous.lastScheduleTime) status.lastScheduleTime = previous.lastScheduleTime
    const lastSuccess = completions.at(-1) ?? previous.lastSuccessfulTime
    if (lastSuccess) status.lastSuccessfulTime = lastSuccess
    writeStatus(this.ctx.store, RESOURCE, cronJob, status)
  }
}
