/** Workload objects (as the API server or a manifest has them) turned into the audit's view of their pod template. */
import type {Controller, Pod} from '../objects.js'
import type {AuditPodSpec, WorkloadKind, WorkloadView} from './model.js'

/** Namespaces of the platform itself: audited only with --include-system. */
export function isSystemNamespace(name: string): boolean {
  return name === 'kube-system' || name === 'kube-public' || name === 'kube-node-lease'
}

export const workloadKinds: ReadonlyArray<{kind: WorkloadKind; resource: 'deployments' | 'statefulsets' | 'daemonsets' | 'jobs' | 'cronjobs' | 'pods'}> = [
  {kind: 'Deployment', resource: 'deployments'},
  {kind: 'StatefulSet', resource: 'statefulsets'},
  {kind: 'DaemonSet', resource: 'daemonsets'},
  {kind: 'CronJob', resource: 'cronjobs'},
  {kind: 'Job', resource: 'jobs'},
  {kind: 'Pod', resource: 'pods'},
]

/** Loosely typed: a manifest may hold anything. */
export interface AnyObject {
  apiVersion?: string
  kind?: string
  metadata?: {name?: string; namespace?: string; labels?: Record<string, string>; ownerReferences?: Array<{kind: string; controller?: boolean}>}
  spec?: unknown
}

function templateOf(kind: WorkloadKind, object: AnyObject): WorkloadView['template'] | undefined {
  if (kind === 'Pod') {
    const pod = object as unknown as Pod
    return pod.spec ? {metadata: pod.metadata ?? {}, spec: pod.spec as AuditPodSpec} : undefined
  }
  const spec = (object as unknown as Controller).spec
  const template: {metadata?: WorkloadView['template']['metadata']; spec?: unknown} | undefined = kind === 'CronJob' ? spec?.jobTemplate?.spec?.template : spec?.template
  return template?.spec ? {metadata: template.metadata ?? {}, spec: template.spec as AuditPodSpec} : undefined
}

/**
 * The view of one workload, or undefined when it is not one to audit on its own: a pod or Job
 * that a controller owns is audited through that controller.
 */
export function viewOf(kind: WorkloadKind, object: AnyObject, defaultNamespace: string): WorkloadView | undefined {
  const owners = object.metadata?.ownerReferences ?? []
  if ((kind === 'Pod' || kind === 'Job') && owners.some((o) => o.controller !== false)) return undefined
  const template = templateOf(kind, object)
  if (!template || !Array.isArray(template.spec.containers)) return undefined
  const spec = ((object as unknown as Controller).spec ?? {})
  return {
    kind,
    namespace: object.metadata?.namespace ?? defaultNamespace,
    name: object.metadata?.name ?? '',
    labels: object.metadata?.labels ?? {},
    template,
    replicas: spec.replicas,
    volumeClaimTemplates: kind === 'StatefulSet' ? (spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? '') : undefined,
    timeZone: kind === 'CronJob' ? spec.timeZone : undefined,
  }
}

export function kindOf(text: string | undefined): WorkloadKind | undefined {
  return workloadKinds.find((k) => k.kind === text)?.kind
}
