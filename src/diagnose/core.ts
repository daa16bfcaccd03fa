/**
 * The shared machinery of every diagnosis: run rules, rank findings (causes before symptoms),
 * pick representative failing pods and diagnose them in depth, and assemble the Diagnosis
 * document. The per-kind entry points live in targets/.
 */
import {UserError} from '../errors.js'
import {condition, type Rule, type RuleContext} from './facts.js'
import {eventRow, sortEvents} from './events.js'
import {gatherPod, nodeHints, Notes, type DiagnoseClient, type Unread} from './gather.js'
import type {Diagnosis, Finding, LogTail, NodeHints, PodSnapshot, Severity} from './model.js'
import type {KubeEvent, LabelSelector, Pod} from './objects.js'
import {podRules} from './rules/index.js'
import {isNodeSideRestart} from './rules/crash.js'

export interface DiagnoseOptions {
  /** Namespace for namespaced targets. */
  namespace: string
  /** Lines per log tail (containers and node logs). */
  tailLines: number
  /** Read container logs. */
  logs: boolean
  /** Try the kubelet's node log query when the cause is on the node. */
  nodeLogs: boolean
  /** How many failing pods of a deployment/service/namespace to diagnose in depth. */
  maxPods: number
  /** How many root causes `diagnose cluster` lists (the rest are counted). */
  top?: number | undefined
  /** The time to diagnose at (tests pin it). */
  now?: number | undefined
}

/** Findings that describe a symptom of failing pods; the pods' own findings explain them. */
const symptoms = new Set(['DeploymentUnavailable', 'DeploymentProgressDeadlineExceeded', 'ServiceNoReadyEndpoints', 'StatefulSetUnavailable', 'DaemonSetUnavailable', 'JobFailed', 'IngressNoAddress'])

/** Pod findings whose cause lives on the node: worth the kubelet's log. */
const nodeSide = new Set(['NodeNotReady', 'PodNetworkSetupFailed', 'SandboxCreationFailed', 'RegistryUnreachable', 'ContainerStartFailed', 'ContainerMountTypeMismatch', 'StuckTerminating', 'VolumeMountFailed'])

const severityRank: Record<Severity, number> = {critical: 0, warning: 1, info: 2}

export function runRules<S>(rules: ReadonlyArray<Rule<S>>, snapshot: S, context: RuleContext): Finding[] {
  return rules.flatMap((rule) => rule.check(snapshot, context))
}

/** Causes before symptoms, then most severe first; the first is the root cause. */
export function rankFindings(own: Finding[], fromPods: Finding[]): Finding[] {
  const causes = own.filter((f) => !symptoms.has(f.code))
  const effects = own.filter((f) => symptoms.has(f.code))
  const ordered = fromPods.length ? [...causes, ...fromPods, ...effects] : own
  return ordered.map((f, i) => ({f, i})).sort((a, b) => severityRank[a.f.severity] - severityRank[b.f.severity] || a.i - b.i).map(({f}) => f)
}

/** Ready (or finished) and not crashing lately. */
export function podHealthy(pod: Pod, now: number): boolean {
  if (pod.status?.phase === 'Succeeded') return true
  if (pod.metadata.deletionTimestamp) return now - Date.parse(pod.metadata.deletionTimestamp) < ((pod.spec.terminationGracePeriodSeconds ?? 30) + 60) * 1000
  if (pod.status?.phase !== 'Running' || condition(pod.status.conditions, 'Ready')?.status !== 'True') return false
  return !(pod.status.containerStatuses ?? []).some((s) => {
    const t = s.lastState?.terminated
    return t !== undefined && t.exitCode !== 0 && !isNodeSideRestart(t) && (!t.finishedAt || now - Date.parse(t.finishedAt) < 3_600_000)
  })
}

/** A short tag of how a pod fails, to pick one pod per way of failing. */
function failureSignature(pod: Pod): string {
  const states = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].map((s) => s.state?.waiting?.reason ?? s.lastState?.terminated?.reason ?? (s.ready ? 'ready' : 'notready'))
  return `${pod.status?.phase ?? ''}|${pod.status?.reason ?? ''}|${condition(pod.status?.conditions, 'PodScheduled')?.reason ?? ''}|${states.join(',')}`
}

export function samplePods(pods: readonly Pod[], now: number, max: number): {sample: Pod[]; others: Pod[]} {
  const failing = pods.filter((p) => !podHealthy(p, now))
  const bySignature = new Map<string, Pod[]>()
  for (const pod of failing) {
    const key = failureSignature(pod)
    bySignature.set(key, [...(bySignature.get(key) ?? []), pod])
  }
  const sample = [...bySignature.values()].map((group) => group[0]!).slice(0, max)
  return {sample, others: failing.filter((p) => !sample.includes(p))}
}

export function selectorString(selector: LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const e of selector?.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
  }
  return parts.join(',')
}

export interface PodResult {
  findings: Finding[]
  snapshot: PodSnapshot
  hints?: NodeHints | undefined
}

export class Diagnoser {
  readonly notes = new Notes()
  readonly context: RuleContext

  constructor(
    readonly client: DiagnoseClient,
    readonly options: DiagnoseOptions,
  ) {
    this.context = {now: options.now ?? Date.now()}
  }

  async pod(pod: Pod): Promise<PodResult> {
    const snapshot = await gatherPod(this.client, pod, {tailLines: this.options.tailLines, logs: this.options.logs}, this.notes)
    let findings = runRules(podRules, snapshot, this.context)
    if (!findings.some((f) => f.severity !== 'info') && !podHealthy(pod, this.context.now)) findings = [...findings, unexplained(pod, snapshot)]
    findings = rankFindings(findings, [])
    const node = snapshot.node?.state === 'found' ? snapshot.node.value : undefined
    let hints: NodeHints | undefined
    if (node && findings.length > 0) {
      const fetchLogs = this.options.nodeLogs && findings.some((f) => nodeSide.has(f.code))
      hints = await nodeHints(this.client, node, {fetchLogs, tailLines: this.options.tailLines, pod})
    }
    return {findings, snapshot, hints}
  }

  /** Diagnoses a few representative failing pods and says how many more fail the same ways. */
  async pods(pods: readonly Pod[]): Promise<PodResult[]> {
    const {sample, others} = samplePods(pods, this.context.now, this.options.maxPods)
    if (others.length) this.notes.add(`${others.length} more failing pod(s) not diagnosed in depth: ${others.slice(0, 10).map((p) => p.metadata.name).join(', ')}${others.length > 10 ? ', ...' : ''}`)
    return Promise.all(sample.map((p) => this.pod(p)))
  }
}

function unexplained(pod: Pod, snapshot: PodSnapshot): Finding {
  const ready = condition(pod.status?.conditions, 'Ready')
  const waiting = (pod.status?.containerStatuses ?? []).map((s) => s.state?.waiting?.reason).filter(Boolean)
  const last = sortEvents(snapshot.events).at(-1)
  return {
    code: 'PodNotReady',
    severity: 'warning',
    subject: `pod/${pod.metadata.name}`,
    summary: `The pod is ${pod.status?.phase ?? 'in an unknown phase'}${waiting.length ? ` (${waiting.join(', ')})` : ''} and not ready, and no rule names a cause yet.`,
    evidence: [
      `status.phase=${pod.status?.phase ?? ''}${ready ? ` Ready=${ready.status}${ready.reason ? ` reason=${ready.reason}` : ''}` : ''}`,
      ...(last ? [`latest event ${last.type ?? ''} ${last.reason ?? ''}: ${last.message ?? ''}`] : []),
    ],
    remedy: ['Read the events and logs below; if it stays this way, kubectl describe pod shows every field.'],
  }
}

export interface DiagnosisParts {
  target: Diagnosis['target']
  findings: Finding[]
  events: KubeEvent[]
  podResults?: PodResult[] | undefined
  hints?: NodeHints[] | undefined
  maxEvents: number
  checked: string[]
}

function uniqueEvents(events: KubeEvent[]): KubeEvent[] {
  const seen = new Set<string>()
  return events.filter((e) => {
    const key = e.metadata.uid ?? `${e.metadata.namespace ?? ''}/${e.metadata.name}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Thrown when a read the verdict rests on failed and nothing that was read shows a problem: no
 * diagnosis was made (exit 1), rather than a "healthy" that rests on what could not be read.
 */
export class NoVerdict extends UserError {
  override name = 'NoVerdict'
  constructor(target: Diagnosis['target'], unread: readonly Unread[]) {
    const subject = `${target.kind.toLowerCase()} ${target.namespace ? `${target.namespace}/` : ''}${target.name}`.trim()
    const failed = unread.map((u) => `could not list ${u.what}: ${u.why}`).join('; ')
    super(`cannot diagnose ${subject}: ${failed}; nothing that could be read shows a problem, and a verdict cannot rest on what was not read`)
  }
}

export function assembleDiagnosis(parts: DiagnosisParts, notes: Notes): Diagnosis {
  const {target, findings} = parts
  const problems = findings.filter((f) => f.severity !== 'info')
  if (notes.unread.length && !problems.length) throw new NoVerdict(target, notes.unread)
  const podResults = parts.podResults ?? []
  const logs: Diagnosis['logs'] = podResults.flatMap((r) => r.snapshot.logs.map((l: LogTail) => ({pod: r.snapshot.pod.metadata.name, ...l})))
  // For a group of pods, node hints only where the cause is on the node (or its log was read).
  const single = target.kind === 'Pod'
  const podHints = podResults.map((r) => r.hints).filter((h): h is NodeHints => h !== undefined && (single || h.logs.length > 0))
  const allHints = [...(parts.hints ?? []), ...podHints]
  return {
    apiVersion: 'kubekit.dev/v1',
    kind: 'Diagnosis',
    target,
    status: problems.length ? 'ProblemsFound' : 'Healthy',
    // A copy, so YAML output repeats it instead of using an anchor.
    rootCause: problems[0] ? structuredClone(problems[0]) : null,
    findings,
    events: sortEvents(uniqueEvents(parts.events)).slice(-parts.maxEvents).map(eventRow),
    logs,
    nodeHints: allHints.filter((h, i) => allHints.findIndex((o) => o.node === h.node) === i),
    notes: notes.list,
    checked: [...parts.checked, ...notes.unread.map((u) => `${u.what}: not checked (could not be read; see Notes)`)],
  }
}


