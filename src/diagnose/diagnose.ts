/**
 * The diagnosis core: read the target (always the first request), gather what its rules need,
 * run them, and assemble one Diagnosis with the root cause first. Deployments, Services and
 * namespaces are diagnosed through their failing pods, a few representative ones each.
 */
import {condition, nodeReady, selectorMatches, type Rule, type RuleContext} from './facts.js'
import {eventRow, sortEvents} from './events.js'
import {gatherNode, gatherPod, nodeHints, Notes, objectEvents, type DiagnoseClient} from './gather.js'
import type {Diagnosis, Finding, LogTail, NodeHints, PodSnapshot, Severity} from './model.js'
import type {Deployment, EndpointSlice, KubeEvent, LabelSelector, Namespace, Node, Pod, Service, Workload} from './objects.js'
import {deploymentRules, namespaceRules, nodeRules, podRules, serviceRules} from './rules/index.js'
import type {DiagnoseResource} from './target.js'

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
  /** The time to diagnose at (tests pin it). */
  now?: number | undefined
}

/** Findings that describe a symptom of failing pods; the pods' own findings explain them. */
const symptoms = new Set(['DeploymentUnavailable', 'DeploymentProgressDeadlineExceeded', 'ServiceNoReadyEndpoints'])

/** Pod findings whose cause lives on the node: worth the kubelet's log. */
const nodeSide = new Set(['NodeNotReady', 'PodNetworkSetupFailed', 'SandboxCreationFailed', 'RegistryUnreachable', 'ContainerStartFailed', 'StuckTerminating', 'VolumeMountFailed'])

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
    return t !== undefined && t.exitCode !== 0 && (!t.finishedAt || now - Date.parse(t.finishedAt) < 3_600_000)
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

interface PodResult {
  findings: Finding[]
  snapshot: PodSnapshot
  hints?: NodeHints | undefined
}

class Diagnoser {
  readonly notes = new Notes()
  readonly context: RuleContext

  constructor(
    private readonly client: DiagnoseClient,
    private readonly options: DiagnoseOptions,
  ) {
    this.context = {now: options.now ?? Date.now()}
  }

  async pod(pod: Pod): Promise<PodResult> {
    const snapshot = await gatherPod(this.client, pod, {tailLines: this.options.tailLines, logs: this.options.logs}, this.notes)
    let findings = runRules(podRules, snapshot, this.context)
    if (findings.length === 0 && !podHealthy(pod, this.context.now)) findings = [unexplained(pod, snapshot)]
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

function document(target: Diagnosis['target'], findings: Finding[], events: KubeEvent[], podResults: PodResult[], hints: NodeHints[], notes: Notes, maxEvents: number): Diagnosis {
  const logs: Diagnosis['logs'] = podResults.flatMap((r) => r.snapshot.logs.map((l: LogTail) => ({pod: r.snapshot.pod.metadata.name, ...l})))
  // For a group of pods, node hints only where the cause is on the node (or its log was read).
  const single = target.kind === 'Pod'
  const podHints = podResults.map((r) => r.hints).filter((h): h is NodeHints => h !== undefined && (single || h.logs.length > 0))
  const allHints = [...hints, ...podHints]
  const uniqueHints = allHints.filter((h, i) => allHints.findIndex((o) => o.node === h.node) === i)
  const seen = new Set<string>()
  const uniqueEvents = events.filter((e) => {
    const key = e.metadata.uid ?? `${e.metadata.namespace ?? ''}/${e.metadata.name}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return {
    apiVersion: 'kubekit.dev/v1',
    kind: 'Diagnosis',
    target,
    status: findings.length ? 'ProblemsFound' : 'Healthy',
    // A copy, so YAML output repeats it instead of using an anchor.
    rootCause: findings[0] ? structuredClone(findings[0]) : null,
    findings,
    events: sortEvents(uniqueEvents).slice(-maxEvents).map(eventRow),
    logs,
    nodeHints: uniqueHints,
    notes: notes.list,
  }
}

/** A list the diagnosis can do without: on failure, a note and nothing. */
async function listing<T>(request: Promise<{items: T[]}>, notes: Notes, what: string): Promise<T[] | undefined> {
  try {
    return (await request).items
  } catch (error) {
    notes.add(`could not list ${what}: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  }
}

export async function diagnose(client: DiagnoseClient, resource: DiagnoseResource, name: string, options: DiagnoseOptions): Promise<Diagnosis> {
  const d = new Diagnoser(client, options)
  const ns = options.namespace
  switch (resource) {
    case 'pods': {
      const pod = await client.get<Pod>('pods', name, ns)
      const result = await d.pod(pod)
      return document({kind: 'Pod', name, namespace: ns}, result.findings, result.snapshot.events, [result], [], d.notes, 100)
    }
    case 'nodes': {
      const node = await client.get<Node>('nodes', name)
      // A NotReady node always has findings: read its logs alongside the rest.
      const notReady = nodeReady(node)?.status !== 'True'
      const [snapshot, early] = await Promise.all([
        gatherNode(client, node, d.notes),
        notReady ? nodeHints(client, node, {fetchLogs: options.nodeLogs, tailLines: options.tailLines}) : Promise.resolve(undefined),
      ])
      const findings = rankFindings(runRules(nodeRules, snapshot, d.context), [])
      const hints = early ? [early] : findings.length ? [await nodeHints(client, node, {fetchLogs: false, tailLines: options.tailLines})] : []
      return document({kind: 'Node', name}, findings, snapshot.events, [], hints, d.notes, 50)
    }
    case 'services': {
      const service = await client.get<Service>('services', name, ns)
      const [events, slices, pods] = await Promise.all([
        objectEvents(client, {name, namespace: ns, uid: service.metadata.uid}, d.notes),
        listing(client.list<EndpointSlice>('endpointslices', {namespace: ns, labelSelector: `kubernetes.io/service-name=${name}`}), d.notes, `endpointslices of service ${name}`),
        listing(client.list<Pod>('pods', {namespace: ns}), d.notes, `pods in namespace ${ns}`),
      ])
      const own = runRules(serviceRules, {service, events, slices: slices ?? [], pods}, d.context)
      const selector = service.spec?.selector ?? {}
      const selected = Object.keys(selector).length && pods ? pods.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v)) : []
      const podResults = own.some((f) => f.code === 'ServiceNoReadyEndpoints') ? await d.pods(selected) : []
      const findings = rankFindings(own, podResults.flatMap((r) => r.findings))
      return document({kind: 'Service', name, namespace: ns}, findings, [...events, ...podResults.flatMap((r) => r.snapshot.events)], podResults, [], d.notes, 40)
    }
    case 'deployments': {
      const deployment = await client.get<Deployment>('deployments', name, ns)
      const selector = selectorString(deployment.spec?.selector)
      const [events, replicaSets, pods] = await Promise.all([
        objectEvents(client, {name, namespace: ns, uid: deployment.metadata.uid}, d.notes),
        listing(client.list<Workload>('replicasets', {namespace: ns, labelSelector: selector || undefined}), d.notes, `replicasets in namespace ${ns}`).then((items = []) =>
          items.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === deployment.metadata.uid)),
        ),
        listing(client.list<Pod>('pods', {namespace: ns, labelSelector: selector || undefined}), d.notes, `pods in namespace ${ns}`),
      ])
      const rsUids = new Set(replicaSets.map((rs) => rs.metadata.uid))
      const owned = (pods ?? []).filter((p) => p.metadata.ownerReferences?.some((o) => rsUids.has(o.uid)))
      const newest = [...replicaSets].sort((a, b) => Date.parse(b.metadata.creationTimestamp ?? '0') - Date.parse(a.metadata.creationTimestamp ?? '0'))[0]
      const replicaSetEvents = newest ? await objectEvents(client, {name: newest.metadata.name, namespace: ns, uid: newest.metadata.uid}, d.notes) : []
      const own = runRules(deploymentRules, {deployment, events, replicaSets, replicaSetEvents, pods: owned}, d.context)
      const podResults = await d.pods(owned)
      const findings = rankFindings(own, podResults.flatMap((r) => r.findings))
      return document({kind: 'Deployment', name, namespace: ns}, findings, [...events, ...replicaSetEvents, ...podResults.flatMap((r) => r.snapshot.events)], podResults, [], d.notes, 40)
    }
    case 'namespaces': {
      const namespace = await client.get<Namespace>('namespaces', name)
      const events: KubeEvent[] = []
      const [pods = [], deployments = [], services = [], slices = []] = await Promise.all([
        listing(client.list<Pod>('pods', {namespace: name}), d.notes, `pods in namespace ${name}`),
        listing(client.list<Deployment>('deployments', {namespace: name}), d.notes, `deployments in namespace ${name}`),
        listing(client.list<Service>('services', {namespace: name}), d.notes, `services in namespace ${name}`),
        listing(client.list<EndpointSlice>('endpointslices', {namespace: name}), d.notes, `endpointslices in namespace ${name}`),
      ])
      const own = runRules(namespaceRules, {namespace, events, pods, deployments, services, slices}, d.context)
      for (const deployment of deployments) {
        own.push(...runRules(deploymentRules, {deployment, events: [], replicaSets: [], replicaSetEvents: [], pods: pods.filter((p) => selectorMatches(deployment.spec?.selector, p.metadata.labels))}, d.context))
      }
      for (const service of services) {
        const serviceSlices = slices.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service.metadata.name)
        own.push(...runRules(serviceRules, {service, events: [], slices: serviceSlices, pods}, d.context))
      }
      const podResults = await d.pods(pods)
      const findings = rankFindings(own, podResults.flatMap((r) => r.findings))
      const warnings = podResults.flatMap((r) => r.snapshot.events).filter((e) => e.type === 'Warning')
      return document({kind: 'Namespace', name}, findings, [...events, ...warnings], podResults, [], d.notes, 40)
    }
  }
}
