/** StatefulSets, DaemonSets, Jobs and CronJobs: their own findings, then their failing pods'. */
import {podSetLine} from '../checked.js'
import {document, listing, rankFindings, runRules, selectorString, type Diagnoser} from '../core.js'
import {lookup, objectEvents} from '../gather.js'
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

/** The CronJob's Jobs and their pods; the newest Job's pods are the story. */
async function cronJobParts(d: Diagnoser, cronJob: Controller, ns: string): Promise<{jobs: Controller[]; pods: Pod[]}> {
  const all = await listing(d.client.list<Controller>('jobs', {namespace: ns}), d.notes, `jobs in namespace ${ns}`)
  const jobs = newestFirst((all ?? []).filter((j) => j.metadata.ownerReferences?.some((o) => o.uid === cronJob.metadata.uid)))
  const pods = await listing(d.client.list<Pod>('pods', {namespace: ns}), d.notes, `pods in namespace ${ns}`)
  return {jobs, pods: ownedBy(pods ?? [], new Set(jobs.slice(0, 1).map((j) => j.metadata.uid)))}
}

async function gatherController(d: Diagnoser, kind: ControllerKind, controller: Controller): Promise<ControllerSnapshot> {
  const ns = controller.metadata.namespace ?? d.options.namespace
  const selector = selectorString(controller.spec?.selector)
  const serviceName = kind === 'StatefulSet' ? controller.spec?.serviceName : undefined
  const [events, pods, service, nodes, cron] = await Promise.all([
    objectEvents(d.client, {name: controller.metadata.name, namespace: ns, uid: controller.metadata.uid}, d.notes),
    kind === 'CronJob' ? Promise.resolve(undefined) : listing(d.client.list<Pod>('pods', {namespace: ns, labelSelector: selector || undefined}), d.notes, `pods in namespace ${ns}`),
    serviceName ? lookup(() => d.client.get<Service>('services', serviceName, ns), d.notes, `service "${serviceName}"`) : Promise.resolve(undefined),
    kind === 'DaemonSet' ? listing(d.client.list<Node>('nodes'), d.notes, 'nodes') : Promise.resolve(undefined),
    kind === 'CronJob' ? cronJobParts(d, controller, ns) : Promise.resolve(undefined),
  ])
  const owned = cron ? cron.pods : ownedBy(pods ?? [], new Set([controller.metadata.uid]))
  return {kind, controller, events, pods: owned, service, nodes, jobs: cron?.jobs}
}

function checkedLines(snapshot: ControllerSnapshot, now: number): string[] {
  const {controller, kind} = snapshot
  const s = controller.status ?? {}
  const lines: Record<ControllerKind, string> = {
    StatefulSet: `replicas: ${controller.spec?.replicas ?? 1} desired, ${s.readyReplicas ?? 0} ready, ${s.currentReplicas ?? 0} current (revision ${s.currentRevision ?? '?'} → ${s.updateRevision ?? '?'})`,
    DaemonSet: `nodes: ${s.desiredNumberScheduled ?? 0} desired, ${s.currentNumberScheduled ?? 0} scheduled, ${s.numberReady ?? 0} ready, ${s.numberMisscheduled ?? 0} misscheduled`,
    Job: `pods: ${s.active ?? 0} active, ${s.succeeded ?? 0} succeeded, ${s.failed ?? 0} failed (completions ${controller.spec?.completions ?? 1}, backoffLimit ${controller.spec?.backoffLimit ?? 6})`,
    CronJob: `schedule ${controller.spec?.schedule ?? ''}, last scheduled ${s.lastScheduleTime ?? 'never'}, last successful ${s.lastSuccessfulTime ?? 'never'}, jobs ${snapshot.jobs?.length ?? 0}`,
  }
  return [lines[kind], podSetLine(snapshot.pods, now)]
}

export async function diagnoseController(d: Diagnoser, kind: ControllerKind, name: string): Promise<Diagnosis> {
  const ns = d.options.namespace
  const controller = await d.client.get<Controller>(resources[kind], name, ns)
  const snapshot = await gatherController(d, kind, controller)
  const own = runRules(controllerRules, snapshot, d.context)
  const podResults = await d.pods(snapshot.pods)
  const findings = rankFindings(own, podResults.flatMap((r) => r.findings))
  const events: KubeEvent[] = [...snapshot.events, ...podResults.flatMap((r) => r.snapshot.events)]
  return document({target: {kind, name, namespace: ns}, findings, events, podResults, maxEvents: 40, checked: checkedLines(snapshot, d.context.now)}, d.notes)
}
