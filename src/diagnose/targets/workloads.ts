/** StatefulSets, DaemonSets, Jobs and CronJobs: their own findings, then their failing pods'. */
import {podSetLine} from '../checked.js'
import {assembleDiagnosis, rankFindings, runRules, selectorString, type Diagnoser} from '../core.js'
import {listForVerdict, listOrNote, lookup, objectEvents} from '../gather.js'
import type {ControllerKind, ControllerSnapshot, Diagnosis} from '../model.js'
import type {Controller, KubeEvent, Node, Pod, Service} from '../objects.js'
import {controllerRules} from '../rules/index.js'

const resources: Record<ControllerKind, string> = {StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', Job: 'jobs', CronJob: 'cronjobs'}

function ownedBy(pods: readonly Pod[], uids: ReadonlySet<string | undefined>): Pod[] {
  return pods.filter((p) => p.metadata.ownerReferences?.some((o) => uids.has(o.uid)))
}

function newestFirst(jobs: Controller[]): Controller[] {
  return [...jobs].sort((a, b) => Date.parse(b.metadata.creationTimestamp ?? '0') - Date.parse(a.metadata.creationTimestamp ?? '0'))
}

/** The CronJob's Jobs and their pods; the newest Job's pods are the story. Undefined: what could not be listed. */
async function cronJobParts(diagnoser: Diagnoser, cronJob: Controller, ns: string): Promise<{jobs?: Controller[] | undefined; pods?: Pod[] | undefined}> {
  const [all, pods] = await Promise.all([
    listForVerdict(() => diagnoser.client.list<Controller>('jobs', {namespace: ns}), diagnoser.notes, `jobs in namespace ${ns}`),
    listForVerdict(() => diagnoser.client.list<Pod>('pods', {namespace: ns}), diagnoser.notes, `pods in namespace ${ns}`),
  ])
  const jobs = all && newestFirst(all.filter((j) => j.metadata.ownerReferences?.some((o) => o.uid === cronJob.metadata.uid)))
  return {jobs, pods: jobs && pods && ownedBy(pods, new Set(jobs.slice(0, 1).map((j) => j.metadata.uid)))}
}

async function gatherController(diagnoser: Diagnoser, kind: ControllerKind, controller: Controller): Promise<ControllerSnapshot> {
  const ns = controller.metadata.namespace ?? diagnoser.options.namespace
  const selector = selectorString(controller.spec?.selector)
  const serviceName = kind === 'StatefulSet' ? controller.spec?.serviceName : undefined
  const [events, pods, service, nodes, cron] = await Promise.all([
    objectEvents(diagnoser.client, {name: controller.metadata.name, namespace: ns, uid: controller.metadata.uid}, diagnoser.notes),
    kind === 'CronJob' ? Promise.resolve(undefined) : listForVerdict(() => diagnoser.client.list<Pod>('pods', {namespace: ns, labelSelector: selector || undefined}), diagnoser.notes, `pods in namespace ${ns}`),
    serviceName ? lookup(() => diagnoser.client.get<Service>('services', serviceName, ns), diagnoser.notes, `service "${serviceName}"`) : Promise.resolve(undefined),
    kind === 'DaemonSet' ? listOrNote(() => diagnoser.client.list<Node>('nodes'), diagnoser.notes, 'nodes') : Promise.resolve(undefined),
    kind === 'CronJob' ? cronJobParts(diagnoser, controller, ns) : Promise.resolve(undefined),
  ])
  const owned = cron ? cron.pods : pods && ownedBy(pods, new Set([controller.metadata.uid]))
  return {kind, controller, events, pods: owned, service, nodes, jobs: cron?.jobs}
}

function checkedLines(snapshot: ControllerSnapshot, now: number): string[] {
  const {controller, kind} = snapshot
  const s = controller.status ?? {}
  const lines: Record<ControllerKind, string> = {
    StatefulSet: `replicas: ${controller.spec?.replicas ?? 1} desired, ${s.readyReplicas ?? 0} ready, ${s.currentReplicas ?? 0} current (revision ${s.currentRevision ?? '?'} → ${s.updateRevision ?? '?'})`,
    DaemonSet: `nodes: ${s.desiredNumberScheduled ?? 0} desired, ${s.currentNumberScheduled ?? 0} scheduled, ${s.numberReady ?? 0} ready, ${s.numberMisscheduled ?? 0} misscheduled`,
    Job: `pods: ${s.active ?? 0} active, ${s.succeeded ?? 0} succeeded, ${s.failed ?? 0} failed (completions ${controller.spec?.completions ?? 1}, backoffLimit ${controller.spec?.backoffLimit ?? 6})`,
    CronJob: `schedule ${controller.spec?.schedule ?? ''}, last scheduled ${s.lastScheduleTime ?? 'never'}, last successful ${s.lastSuccessfulTime ?? 'never'}${snapshot.jobs ? `, jobs ${snapshot.jobs.length}` : ''}`,
  }
  return snapshot.pods ? [lines[kind], podSetLine(snapshot.pods, now)] : [lines[kind]]
}

export async function diagnoseController(diagnoser: Diagnoser, kind: ControllerKind, name: string): Promise<Diagnosis> {
  const ns = diagnoser.options.namespace
  const controller = await diagnoser.client.get<Controller>(resources[kind], name, ns)
  const snapshot = await gatherController(diagnoser, kind, controller)
  const own = runRules(controllerRules, snapshot, diagnoser.context)
  const podResults = await diagnoser.pods(snapshot.pods ?? [])
  const findings = rankFindings(own, podResults.flatMap((r) => r.findings))
  const events: KubeEvent[] = [...snapshot.events, ...podResults.flatMap((r) => r.snapshot.events)]
  return assembleDiagnosis({target: {kind, name, namespace: ns}, findings, events, podResults, maxEvents: 40, checked: checkedLines(snapshot, diagnoser.context.now)}, diagnoser.notes)
}
