/**
 * Typed views of the object fields the controllers read and write, plus the helpers they share:
 * keys, owner references, label selectors, conditions, pod readiness and status writes.
 */
import {kubeTime, type Store} from '../store.js'
import type {KubeObject, ObjectMeta} from '../types.js'

export interface ResourceList {
  cpu?: string | number
  memory?: string | number
  [name: string]: string | number | undefined
}

export interface ContainerSpec {
  name: string
  image?: string
  imagePullPolicy?: string
  resources?: {requests?: ResourceList; limits?: ResourceList}
  readinessProbe?: {initialDelaySeconds?: number; periodSeconds?: number}
  [field: string]: unknown
}

export type {NodeSelectorRequirement, Taint, Toleration} from '../../util/node-selection.js'
import type {NodeSelectorRequirement, Toleration} from '../../util/node-selection.js'


export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[]
  matchFields?: NodeSelectorRequirement[]
}

export interface PodSpec {
  nodeName?: string
  containers: ContainerSpec[]
  initContainers?: ContainerSpec[]
  restartPolicy?: string
  nodeSelector?: Record<string, string>
  tolerations?: Toleration[]
  affinity?: {nodeAffinity?: {requiredDuringSchedulingIgnoredDuringExecution?: {nodeSelectorTerms?: NodeSelectorTerm[]}}; [field: string]: unknown}
  schedulerName?: string
  hostNetwork?: boolean
  terminationGracePeriodSeconds?: number
  priority?: number
  hostname?: string
  subdomain?: string
  [field: string]: unknown
}

export interface Condition {
  type: string
  status: string
  reason?: string
  message?: string
  lastTransitionTime?: string | null
  lastProbeTime?: string | null
  lastUpdateTime?: string
  [field: string]: unknown
}

export interface ContainerStateValue {
  waiting?: {reason?: string; message?: string}
  running?: {startedAt?: string}
  terminated?: {exitCode: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string; containerID?: string}
}

export interface ContainerStatus {
  name: string
  state?: ContainerStateValue
  lastState?: ContainerStateValue
  ready?: boolean
  started?: boolean
  restartCount?: number
  image?: string
  imageID?: string
  containerID?: string
  [field: string]: unknown
}

export interface PodStatus {
  phase?: string
  conditions?: Condition[]
  containerStatuses?: ContainerStatus[]
  initContainerStatuses?: ContainerStatus[]
  hostIP?: string
  podIP?: string
  startTime?: string
  [field: string]: unknown
}

export interface PodTemplate {
  metadata?: {labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown}
  spec?: PodSpec
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: Array<{key: string; operator: string; values?: string[]}>
}

export type OwnerReference = NonNullable<ObjectMeta['ownerReferences']>[number]

export function meta(object: KubeObject): ObjectMeta {
  return object.metadata ?? {}
}

export function objectKey(object: KubeObject): string {
  const m = meta(object)
  return m.namespace ? `${m.namespace}/${m.name}` : (m.name ?? '')
}

export function splitKey(key: string): {namespace: string | undefined; name: string} {
  const slash = key.indexOf('/')
  return slash < 0 ? {namespace: undefined, name: key} : {namespace: key.slice(0, slash), name: key.slice(slash + 1)}
}

export function podSpec(pod: KubeObject): PodSpec {
  return (pod.spec ?? {containers: []}) as PodSpec
}

export function podStatus(pod: KubeObject): PodStatus {
  return (pod.status ?? {}) as PodStatus
}

export function specOf<T>(object: KubeObject): T {
  return (object.spec ?? {}) as T
}

export function statusOf<T>(object: KubeObject): T {
  return (object.status ?? {}) as T
}

/** The owner reference with controller: true, if any. */
export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return meta(object).ownerReferences?.find((r) => r.controller)
}

export function controllerReference(owner: KubeObject): OwnerReference {
  const m = meta(owner)
  return {apiVersion: owner.apiVersion ?? '', kind: owner.kind ?? '', name: m.name ?? '', uid: m.uid ?? '', controller: true, blockOwnerDeletion: true}
}

export function matchesSelector(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false
  const have = labels ?? {}
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (have[key] !== value) return false
  for (const e of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, e.key)
    const values = e.values ?? []
    if (e.operator === 'In' && !(present && values.includes(have[e.key]!))) return false
    if (e.operator === 'NotIn' && present && values.includes(have[e.key]!)) return false
    if (e.operator === 'Exists' && !present) return false
    if (e.operator === 'DoesNotExist' && present) return false
  }
  return true
}

export function now(): string {
  return kubeTime(Date.now())
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type)
}

export function isPodReady(pod: KubeObject): boolean {
  return findCondition(podStatus(pod).conditions, 'Ready')?.status === 'True'
}

/** Ready for at least minReadySeconds (simulated) — what "available" means to the workload controllers. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, simulatedElapsed: (sinceMs: number) => number): boolean {
  const ready = findCondition(podStatus(pod).conditions, 'Ready')
  if (ready?.status !== 'True') return false
  if (minReadySeconds <= 0) return true
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0
  return simulatedElapsed(since) >= minReadySeconds * 1000
}

export function isTerminal(pod: KubeObject): boolean {
  const phase = podStatus(pod).phase
  return phase === 'Succeeded' || phase === 'Failed'
}

/** Counted by the workload controllers: not finished and not being deleted. */
export function isActive(pod: KubeObject): boolean {
  return !isTerminal(pod) && !meta(pod).deletionTimestamp
}

/** Writes `status` onto the stored object if it differs; returns the stored object. */
export function writeStatus(store: Store, resource: string, object: KubeObject, status: Record<string, unknown>): KubeObject {
  const current = store.get(resource, meta(object).namespace, meta(object).name ?? '')
  if (!current) return object
  if (JSON.stringify(current.object.status ?? {}) === JSON.stringify(status)) return current.object
  return store.update({...current.object, status})
}

/** Applies `change` to the stored object (re-read now, so nothing written meanwhile is lost). */
export function modify(store: Store, resource: string, object: KubeObject, change: (current: KubeObject) => KubeObject): KubeObject | undefined {
  const current = store.get(resource, meta(object).namespace, meta(object).name ?? '')
  if (!current || current.object.metadata?.uid !== meta(object).uid) return undefined
  const next = change(current.object)
  if (JSON.stringify(next) === JSON.stringify(current.object)) return current.object
  return store.update(next)
}

/** Deletes an object if it is still the same one (by uid). */
export function deleteObject(store: Store, resource: string, object: KubeObject): void {
  const m = meta(object)
  const current = store.get(resource, m.namespace, m.name ?? '')
  if (current && current.object.metadata?.uid === m.uid) store.delete(resource, m.namespace, m.name ?? '')
}

/** Resolves an int-or-percent (maxSurge, maxUnavailable) against a total, rounding up or down. */
export function intOrPercent(value: string | number | undefined, total: number, fallback: string | number, roundUp: boolean): number {
  const v = value ?? fallback
  if (typeof v === 'number') return v
  const match = /^(\d+)%$/.exec(v)
  if (!match) return Number(v) || 0
  const exact = (Number(match[1]) * total) / 100
  return roundUp ? Math.ceil(exact) : Math.floor(exact)
}
