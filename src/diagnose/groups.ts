/**
 * Root causes across many objects, grouped: "ImagePullUnauthorized: 120 pods in 4 workloads
 * (e.g. payments/gateway-...)". Each group keeps one representative finding, counts and a few
 * examples, so memory stays flat however many objects fail.
 */
import type {Finding, Severity} from './model.js'
import type {Pod} from './objects.js'

interface Group {
  representative: Finding
  /** The first pod that failed this way, for an in-depth look (logs, owners, node). */
  sample?: Pod | undefined
  count: number
  examples: string[]
  workloads: Set<string>
  namespaces: Set<string>
}

const severityRank: Record<Severity, number> = {critical: 0, warning: 1, info: 2}
const maxExamples = 3
/** Distinct workloads remembered per group (counted beyond that). */
const maxWorkloads = 1000

/** The controller a pod belongs to, as the API writes its kind; a bare pod is its own (`Pod`). */
export interface PodWorkload {
  kind: string
  namespace: string
  name: string
}

/**
 * The pod's top controller as far as the pod itself tells, without reading the owners: a
 * ReplicaSet named with the pod-template-hash is its Deployment's, a Job named with a schedule
 * time its CronJob's.
 */
export function topWorkload(pod: Pod): PodWorkload {
  const namespace = pod.metadata.namespace ?? 'default'
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0]
  if (!owner) return {kind: 'Pod', namespace, name: pod.metadata.name}
  const hash = pod.metadata.labels?.['pod-template-hash']
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) return {kind: 'Deployment', namespace, name: owner.name.slice(0, -hash.length - 1)}
  if (owner.kind === 'Job' && /-\d{8,}$/.test(owner.name)) return {kind: 'CronJob', namespace, name: owner.name.replace(/-\d{8,}$/, '')}
  return {kind: owner.kind, namespace, name: owner.name}
}

/** `deployment shop/checkout` for a pod: its top controller (topWorkload), as the grouped findings name it. */
export function workloadOf(pod: Pod): string {
  const {kind, namespace, name} = topWorkload(pod)
  return `${kind.toLowerCase()} ${namespace}/${name}`
}

export class RootCauses {
  private readonly groups = new Map<string, Group>()
  total = 0

  add(finding: Finding, example: string, workload: string, namespace: string | undefined, sample?: Pod): void {
    this.total++
    let group = this.groups.get(finding.code)
    if (!group) this.groups.set(finding.code, (group = {representative: finding, sample, count: 0, examples: [], workloads: new Set(), namespaces: new Set()}))
    group.count++
    if (severityRank[finding.severity] < severityRank[group.representative.severity]) group.representative = finding
    if (group.examples.length < maxExamples) group.examples.push(example)
    if (group.workloads.size < maxWorkloads) group.workloads.add(workload)
    if (namespace) group.namespaces.add(namespace)
  }

  /** Most severe first, then the most objects. */
  ranked(): Finding[] {
    return this.rankedGroups().map((g) => g.finding)
  }

  /** The ranked findings with each group's sample pod. */
  rankedGroups(): Array<{finding: Finding; sample?: Pod | undefined}> {
    return [...this.groups.values()]
      .sort((a, b) => severityRank[a.representative.severity] - severityRank[b.representative.severity] || b.count - a.count)
      .map((g) => ({finding: toFinding(g), sample: g.sample}))
  }
}

function toFinding(group: Group): Finding {
  const {representative: r, count} = group
  const workloads = group.workloads.size >= maxWorkloads ? `${maxWorkloads}+` : String(group.workloads.size)
  const where = group.namespaces.size ? ` in ${group.namespaces.size} namespace(s)` : ''
  const many = count > 1
  return {
    code: r.code,
    severity: r.severity,
    subject: many ? `${count} objects, ${workloads} workload(s)${where}` : r.subject,
    summary: many ? `${count} objects fail this way (${workloads} workload(s)${where}); for example ${group.examples[0]}: ${r.summary}` : `${group.examples[0]}: ${r.summary}`,
    evidence: [...group.examples.map((e) => `e.g. ${e}`), ...r.evidence.slice(0, 4)],
    remedy: r.remedy,
  }
}
