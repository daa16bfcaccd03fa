/**
 * The Job controller: runs `parallelism` pods at a time until `completions` succeed (NonIndexed
 * or Indexed), fails the Job when more than `backoffLimit` pods failed, and writes the status the
 * real controller writes in 1.32 — startTime, active, ready, succeeded, failed, terminating,
 * uncountedTerminatedPods, completionTime, and the SuccessCriteriaMet+Complete or
 * FailureTarget+Failed conditions — with SuccessfulCreate, Completed and BackoffLimitExceeded events.
 */
import type {KubeObject} from '../types.js'
import type {ControllerContext} from './context.js'
import {deleteObject, findCondition, isActive, isPodReady, meta, now, objectKey, podStatus, specOf, splitKey, statusOf, writeStatus, type Condition, type PodTemplate} from './objects.js'
import {podFromTemplate} from './pod-template.js'
import {WorkQueue} from './queue.js'
import {watchWorkload} from './workload.js'

const RESOURCE = 'jobs.batch'
const INDEX = 'batch.kubernetes.io/job-completion-index'

interface JobSpec {
  completions?: number | null
  parallelism?: number
  backoffLimit?: number
  completionMode?: string
  suspend?: boolean
  template?: PodTemplate
}

interface JobStatus {
  startTime?: string
  completionTime?: string
  conditions?: Condition[]
}

export class JobController {
  private readonly queue: WorkQueue
  private readonly unsubscribes: Array<() => void>

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('job', ctx.clock, (key) => this.sync(key))
    this.unsubscribes = watchWorkload(ctx, RESOURCE, 'Job', this.queue)
  }

  stop(): void {
    for (const u of this.unsubscribes) u()
  }

  adopt(job: KubeObject): void {
    if (!isFinished(job) && !statusOf<JobStatus>(job).startTime) this.queue.add(objectKey(job))
  }

  private sync(key: string): void {
    const {namespace, name} = splitKey(key)
    const job = this.ctx.store.get(RESOURCE, namespace, name)?.object
    if (!job || meta(job).deletionTimestamp || isFinished(job)) return
    const spec = specOf<JobSpec>(job)
    const pods = this.ctx.pods.podsOf(meta(job).uid ?? '')
    const succeeded = pods.filter((p) => podStatus(p).phase === 'Succeeded')
    const failed = pods.filter((p) => podStatus(p).phase === 'Failed').length
    let active = pods.filter(isActive)
    const previous = statusOf<JobStatus>(job)
    const conditions = [...(previous.conditions ?? [])]
    let completionTime: string | undefined
    const completions = spec.completions ?? null
    if (failed > (spec.backoffLimit ?? 6)) {
      for (const pod of active) deleteObject(this.ctx.store, 'pods', pod)
      active = []
      conditions.push(jobCondition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'), jobCondition('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'))
      this.ctx.recorder.record(job, {component: 'job-controller'}, {type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'})
    } else if (completions !== null ? succeeded.length >= completions : succeeded.length > 0 && active.length === 0) {
      completionTime = now()
      conditions.push(jobCondition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'), jobCondition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'))
      this.ctx.recorder.record(job, {component: 'job-controller'}, {reason: 'Completed', message: 'Job completed'})
    } else if (!spec.suspend) {
      const parallelism = spec.parallelism ?? 1
      const wanted = completions === null ? (succeeded.length > 0 ? 0 : parallelism) : Math.min(parallelism, completions - succeeded.length)
      const missing = wanted - active.length
      if (missing > 0) active = [...active, ...this.createPods(job, missing, succeeded, active)]
    }
    const status: Record<string, unknown> = {}
    if (active.length) status.active = active.length
    if (completionTime ?? previous.completionTime) status.completionTime = completionTime ?? previous.completionTime
    if (conditions.length) status.conditions = conditions
    if (failed) status.failed = failed
    status.ready = active.filter(isPodReady).length
    status.startTime = previous.startTime ?? now()
    if (succeeded.length) status.succeeded = succeeded.length
    status.terminating = pods.filter((p) => meta(p).deletionTimestamp).length
    status.uncountedTerminatedPods = {}
    writeStatus(this.ctx.store, RESOURCE, job, status)
  }

  private createPods(job: KubeObject, count: number, succeeded: KubeObject[], active: KubeObject[]): KubeObject[] {
    const spec = specOf<JobSpec>(job)
    const name = meta(job).name ?? ''
    const uid = meta(job).uid ?? ''
    const labels = {'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name}
    const indexed = spec.completionMode === 'Indexed'
    const taken = new Set([...succeeded, ...active].map((p) => meta(p).annotations?.[INDEX]))
    const created: KubeObject[] = []
    for (let i = 0, index = 0; i < count; i++) {
      while (indexed && taken.has(String(index))) index++
      const extra = indexed ? {extraAnnotations: {[INDEX]: String(index)}, extraLabels: {...labels, [INDEX]: String(index)}, extraSpec: {hostname: `${name}-${index}`}} : {extraLabels: labels}
      const pod = this.ctx.store.create(podFromTemplate({owner: job, template: spec.template ?? {}, generateName: indexed ? `${name}-${index}-` : `${name}-`, ...extra}))
      if (indexed) taken.add(String(index))
      created.push(pod)
      this.ctx.recorder.record(job, {component: 'job-controller'}, {reason: 'SuccessfulCreate', message: `Created pod: ${meta(pod).name}`})
    }
    return created
  }
}

export function isFinished(job: KubeObject): boolean {
  const conditions = statusOf<JobStatus>(job).conditions
  return findCondition(conditions, 'Complete')?.status === 'True' || findCondition(conditions, 'Failed')?.status === 'True'
}

function jobCondition(type: string, reason: string, message: string): Condition {
  const time = now()
  return {lastProbeTime: time, lastTransitionTime: time, message, reason, status: 'True', type}
}
