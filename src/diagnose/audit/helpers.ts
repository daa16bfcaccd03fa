/** Small readings of pod templates that several audit checks share, and the patches they suggest. */
import type {Finding, Severity} from '../model.js'
import type {AuditContainer, Tally, WorkloadKind, WorkloadView} from './model.js'

/** `deployment/shop/web`: the object a finding is about. */
export function objectRef(view: Pick<WorkloadView, 'kind' | 'namespace' | 'name'>): string {
  return `${view.kind.toLowerCase()}/${view.namespace}/${view.name}`
}

/** `deployment/web -n shop`, for kubectl commands. */
export function kubectlRef(view: Pick<WorkloadView, 'kind' | 'namespace' | 'name'>): string {
  return `${view.kind.toLowerCase()}/${view.name} -n ${view.namespace}`
}

/** The app containers (init containers run to completion and are judged differently). */
export function appContainers(view: WorkloadView): AuditContainer[] {
  return view.template.spec.containers ?? []
}

/** App and init containers. */
export function allContainers(view: WorkloadView): AuditContainer[] {
  return [...(view.template.spec.initContainers ?? []), ...appContainers(view)]
}

/** Long-running workloads: they serve or work until stopped (not Jobs and CronJobs). */
export function longRunning(view: WorkloadView): boolean {
  if (view.kind === 'Job' || view.kind === 'CronJob') return false
  if (view.kind === 'Pod') return (view.template.spec.restartPolicy ?? 'Always') === 'Always'
  return true
}

/** Containers that listen on a port: traffic reaches them through Services. */
export function servingContainers(view: WorkloadView): AuditContainer[] {
  return appContainers(view).filter((c) => (c.ports ?? []).length > 0)
}

const templatePath: Record<WorkloadKind, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
}

function nest(path: string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({[key]: inner}), value)
}

/**
 * The command that applies a pod-spec change to the workload: a strategic merge patch
 * (containers merge by name). A bare pod's spec is mostly immutable, so for it the patch is
 * shown for its manifest.
 */
export function patchCommand(view: WorkloadView, podSpecPatch: Record<string, unknown>): string {
  const body = JSON.stringify(nest([...templatePath[view.kind], 'spec'], podSpecPatch))
  if (view.kind === 'Pod') return `bare pods cannot take most spec changes: add ${JSON.stringify(podSpecPatch)} to the pod's manifest (better: run it as a Deployment) and recreate it`
  return `kubectl patch ${kubectlRef(view)} --type=strategic -p '${body}'`
}

/** A finding about a workload, with the code and subject filled in. */
export function workloadFinding(code: string, severity: Severity, view: WorkloadView, summary: string, evidence: string[], remedy: string[]): Finding {
  return {code, severity, subject: objectRef(view), summary, evidence, remedy}
}

/** `a, b and 3 more`. */
export function listNames(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).map((n) => `"${n}"`)
  const more = names.length - shown.length
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ')
}

/** The registry host of an image reference, as the container runtime resolves it (docker.io when none is named). */
export function registryOf(image: string): string {
  const first = image.split('/')[0] ?? ''
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first
  return 'docker.io'
}

/** The tag of an image reference (undefined when it has none), and its digest. */
export function imageParts(image: string): {tag: string | undefined; digest: string | undefined} {
  const [name = '', digest] = image.split('@')
  const lastSlash = name.lastIndexOf('/')
  const colon = name.indexOf(':', lastSlash + 1)
  return {tag: colon >= 0 ? name.slice(colon + 1) : undefined, digest}
}

/** Fleet tallies: the workloads counted outside the largest group. */
export function outsideMajority(groups: ReadonlyMap<string, Tally>): number {
  const counts = [...groups.values()].map((t) => t.count)
  return counts.reduce((a, b) => a + b, 0) - Math.max(0, ...counts)
}
