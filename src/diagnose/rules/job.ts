/**
 * "The Job failed: its pods failed 6 times (backoffLimit 6); the last one exited 1, its log says
 * why." / "The CronJob's last run failed." / "The CronJob is suspended."
 */
import {latestEvent} from '../events.js'
import {condition, type Rule} from '../facts.js'
import type {ControllerSnapshot, Finding} from '../model.js'
import type {Controller} from '../objects.js'

const failureWords: Record<string, string> = {
  BackoffLimitExceeded: 'its pods failed more times than backoffLimit allows',
  DeadlineExceeded: 'it ran longer than activeDeadlineSeconds',
  PodFailurePolicy: 'a pod failure matched a FailJob rule of its podFailurePolicy',
  MaxFailedIndexesExceeded: 'more indexes failed than maxFailedIndexes allows',
  FailedIndexes: 'some indexes failed (backoffLimitPerIndex)',
}

/** The Failed condition of a Job, in 1.32's FailureTarget/Failed pair or the older Failed alone. */
function failed(job: Controller): {reason: string; message: string} | undefined {
  const c = condition(job.status?.conditions, 'Failed') ?? condition(job.status?.conditions, 'FailureTarget')
  return c?.status === 'True' ? {reason: c.reason ?? '', message: c.message ?? ''} : undefined
}

function jobFailed(job: Controller, subject: string): Finding | undefined {
  const failure = failed(job)
  if (!failure) return undefined
  const remedyBackoff = failure.reason === 'BackoffLimitExceeded' ? ['The pod findings and log tails below say why each run failed; fix that, then rerun: kubectl create job --from=cronjob/NAME or re-apply the Job.'] : []
  return {
    code: 'JobFailed',
    severity: 'critical',
    subject,
    summary: `Job ${job.metadata.name} failed: ${failureWords[failure.reason] ?? failure.reason}${failure.reason === 'BackoffLimitExceeded' ? ` (backoffLimit ${job.spec?.backoffLimit ?? 6}, ${job.status?.failed ?? 0} failed pod(s))` : ''}.`,
    evidence: [`job/${job.metadata.name} condition Failed=True reason=${failure.reason}: ${failure.message}`, `status: active=${job.status?.active ?? 0} succeeded=${job.status?.succeeded ?? 0} failed=${job.status?.failed ?? 0}`],
    remedy: remedyBackoff.length ? remedyBackoff : [`Raise activeDeadlineSeconds or make the work faster; kubectl describe job ${job.metadata.name}`],
  }
}

function suspended(snapshot: ControllerSnapshot): Finding | undefined {
  const {controller, kind} = snapshot
  if (!controller.spec?.suspend) return undefined
  const resource = kind.toLowerCase()
  return {
    code: kind === 'CronJob' ? 'CronJobSuspended' : 'JobSuspended',
    severity: 'warning',
    subject: `${resource}/${controller.metadata.name}`,
    summary: kind === 'CronJob' ? 'The CronJob is suspended: no new runs are started.' : 'The Job is suspended: it starts no pods until resumed.',
    evidence: ['spec.suspend=true'],
    remedy: [`kubectl patch ${resource} ${controller.metadata.name} -n ${controller.metadata.namespace ?? 'default'} -p '{"spec":{"suspend":false}}'`],
  }
}

function cronJobBlocked(snapshot: ControllerSnapshot): Finding | undefined {
  const {controller} = snapshot
  const missed = latestEvent(snapshot.events, ['TooManyMissedTimes', 'MissSchedule', 'JobAlreadyActive'])
  if (!missed) return undefined
  const active = missed.reason === 'JobAlreadyActive'
  return {
    code: active ? 'CronJobBlockedByActiveJob' : 'CronJobMissedSchedules',
    severity: 'warning',
    subject: `cronjob/${controller.metadata.name}`,
    summary: active
      ? `Runs are skipped: the previous run is still active and concurrencyPolicy is ${controller.spec?.concurrencyPolicy ?? 'Forbid'}.`
      : `Scheduled runs were missed (${missed.reason ?? ''}): the controller could not start them in time${controller.spec?.startingDeadlineSeconds === undefined ? ', and without startingDeadlineSeconds it gives up after 100 misses' : ''}.`,
    evidence: [`event ${missed.type ?? ''} ${missed.reason ?? ''}: ${missed.message ?? ''}`, `schedule: ${controller.spec?.schedule ?? ''}${controller.spec?.timeZone ? ` (${controller.spec.timeZone})` : ''}, lastScheduleTime: ${controller.status?.lastScheduleTime ?? '<never>'}`],
    remedy: active ? ['Find why the active Job does not finish (kubectl diagnose job NAME), or set activeDeadlineSeconds on the job template.'] : ['Set spec.startingDeadlineSeconds (e.g. 200) so missed runs are counted only within that window; check kube-controller-manager was running.'],
  }
}

function checkJob(snapshot: ControllerSnapshot): Finding[] {
  const {kind, controller} = snapshot
  if (kind === 'Job') return [jobFailed(controller, `job/${controller.metadata.name}`), suspended(snapshot)].filter((f): f is Finding => f !== undefined)
  if (kind !== 'CronJob') return []
  const newest = snapshot.jobs?.[0]
  const lastRun = newest ? jobFailed(newest, `cronjob/${controller.metadata.name}`) : undefined
  if (lastRun) lastRun.summary = `The last run failed: ${lastRun.summary}`
  return [lastRun, suspended(snapshot), cronJobBlocked(snapshot)].filter((f): f is Finding => f !== undefined)
}

export const jobRule: Rule<ControllerSnapshot> = {name: 'job', check: checkJob}
