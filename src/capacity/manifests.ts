/**
 * Kubernetes manifests as plan workloads. Workload kinds (Deployment, StatefulSet, ...,
 * and any kind with a pod template such as an Argo Rollout) are collected first; then the
 * objects that change them are applied: HorizontalPodAutoscaler (plan at maxReplicas),
 * LimitRange (default requests and limits), RuntimeClass (pod overhead). DaemonSets keep
 * their node selection so they are charged only on the nodes they select.
 */
import {CapacityError} from './errors.js'
import type {NodeSelection, Workload, WorkloadKind} from './model.js'
import {podRequests} from './pod-requests.js'
import type {ContainerLike, PodSpecLike, QuantityValue} from './pod-requests.js'

/** What manifests.ts needs from a YAML document reader (files.ts Reader). */
export interface DocumentReader {
  readonly file: string
  at(path: Array<string | number>): string
  get(path: Array<string | number>): unknown
  js(path: Array<string | number>): unknown
  text(path: Array<string | number>): string | undefined
  count(path: Array<string | number>, what: string, fallback: number, minimum?: number): number
  list(path: Array<string | number>): number
}

type Path = Array<string | number>
type Spec = PodSpecLike & {runtimeClassName?: string; nodeSelector?: Record<string, string>; affinity?: unknown}

interface PendingWorkload {
  kind: string
  workloadKind: WorkloadKind
  name: string
  namespace: string | undefined
  replicas: number
  spec: Spec
  specPath: Path
  reader: DocumentReader
  source: string
}

interface LimitRangeDefaults {
  namespace: string | undefined
  defaultRequest: Record<string, QuantityValue>
  defaultLimit: Record<string, QuantityValue>
}

export interface ManifestState {
  pending: PendingWorkload[]
  hpas: Array<{namespace: string | undefined; kind: string; name: string; maxReplicas: number; source: string; hpa: string}>
  limitRanges: LimitRangeDefaults[]
  runtimeClasses: Map<string, Record<string, QuantityValue>>
  warnings: string[]
}

export function emptyManifestState(): ManifestState {
  return {pending: [], hpas: [], limitRanges: [], runtimeClasses: new Map(), warnings: []}
}

const workloadKinds: Record<string, WorkloadKind> = {
  Deployment: 'Deployment',
  StatefulSet: 'StatefulSet',
  ReplicaSet: 'ReplicaSet',
  ReplicationController: 'ReplicationController',
  DaemonSet: 'DaemonSet',
  Job: 'Job',
  CronJob: 'CronJob',
  Pod: 'Pod',
}

/** Kinds that run no pods of their own: read silently. */
const podlessKinds = new Set([
  'Service', 'ConfigMap', 'Secret', 'Ingress', 'IngressClass', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Namespace',
  'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'NetworkPolicy', 'PodDisruptionBudget', 'CustomResourceDefinition', 'ResourceQuota',
  'PriorityClass', 'Endpoints', 'EndpointSlice', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'VerticalPodAutoscaler',
  'Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute', 'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Certificate', 'Issuer', 'ClusterIssuer', 'Kustomization',
])

const isMapping = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value)

function objectMap(value: unknown): Record<string, QuantityValue> {
  return isMapping(value) ? (value as Record<string, QuantityValue>) : {}
}

/** Reads one manifest document (or a List of them) into the pending state. */
export function readManifest(reader: DocumentReader, path: Path, state: ManifestState): void {
  const kind = reader.text([...path, 'kind'])
  if (kind === undefined) return
  if (kind === 'List' || kind.endsWith('List')) {
    for (let i = 0; i < reader.list([...path, 'items']); i++) readManifest(reader, [...path, 'items', i], state)
    return
  }
  const name = reader.text([...path, 'metadata', 'name']) ?? '(unnamed)'
  const namespace = reader.text([...path, 'metadata', 'namespace'])
  if (kind === 'HorizontalPodAutoscaler') return readHpa(reader, path, state, name, namespace)
  if (kind === 'LimitRange') return readLimitRange(reader, path, state, namespace)
  if (kind === 'RuntimeClass') {
    state.runtimeClasses.set(name, objectMap(reader.js([...path, 'overhead', 'podFixed'])))
    return
  }
  const workloadKind = workloadKinds[kind]
  if (workloadKind) return readWorkload(reader, path, state, {kind, workloadKind, name, namespace})
  if (podlessKinds.has(kind)) return
  const template = reader.js([...path, 'spec', 'template', 'spec'])
  if (template && typeof template === 'object') {
    const replicas = reader.count([...path, 'spec', 'replicas'], 'replicas', 1)
    state.warnings.push(`${reader.at(path)}: ${kind}/${name} is not a built-in workload; planned from its pod template (spec.template) × ${replicas} (spec.replicas)`)
    readWorkload(reader, path, state, {kind, workloadKind: 'Custom', name, namespace})
    return
  }
  state.warnings.push(`${reader.at(path)}: ${kind}/${name} has no pod template kubekit knows (spec.template); not planned — add its pods as services in a plan file`)
}

function readHpa(reader: DocumentReader, path: Path, state: ManifestState, name: string, namespace: string | undefined): void {
  const kind = reader.text([...path, 'spec', 'scaleTargetRef', 'kind'])
  const target = reader.text([...path, 'spec', 'scaleTargetRef', 'name'])
  const maxReplicas = reader.count([...path, 'spec', 'maxReplicas'], 'maxReplicas', 0)
  if (!kind || !target || maxReplicas === 0) throw new CapacityError(`${reader.at(path)}: HorizontalPodAutoscaler ${name} needs spec.scaleTargetRef.kind, .name and spec.maxReplicas`)
  state.hpas.push({namespace, kind, name: target, maxReplicas, source: reader.at(path), hpa: name})
}

function readLimitRange(reader: DocumentReader, path: Path, state: ManifestState, namespace: string | undefined): void {
  for (let i = 0; i < reader.list([...path, 'spec', 'limits']); i++) {
    const item = [...path, 'spec', 'limits', i]
    if (reader.text([...item, 'type']) !== 'Container') continue
    state.limitRanges.push({namespace, defaultRequest: objectMap(reader.js([...item, 'defaultRequest'])), defaultLimit: objectMap(reader.js([...item, 'default']))})
  }
}

function readWorkload(reader: DocumentReader, path: Path, state: ManifestState, what: {kind: string; workloadKind: WorkloadKind; name: string; namespace: string | undefined}): void {
  const {kind} = what
  const specPath = kind === 'Pod' ? [...path, 'spec'] : kind === 'CronJob' ? [...path, 'spec', 'jobTemplate', 'spec', 'template', 'spec'] : [...path, 'spec', 'template', 'spec']
  const spec = reader.js(specPath)
  const label = `${kind.toLowerCase()}/${what.name}`
  if (!spec || typeof spec !== 'object') throw new CapacityError(`${reader.at(path)}: ${label} has no pod template (${specPath.slice(path.length).join('.')})`)
  checkPodSpec(reader, specPath)
  let replicas = 1
  if (kind === 'Job' || kind === 'CronJob') {
    const jobSpec = kind === 'Job' ? [...path, 'spec'] : [...path, 'spec', 'jobTemplate', 'spec']
    const parallelism = reader.count([...jobSpec, 'parallelism'], 'parallelism', 1)
    const completions = reader.get([...jobSpec, 'completions'])
    replicas = typeof completions === 'number' ? Math.min(parallelism, completions) : parallelism
  } else if (kind !== 'Pod' && kind !== 'DaemonSet') {
    replicas = reader.count([...path, 'spec', 'replicas'], 'replicas', 1)
  }
  state.pending.push({kind, workloadKind: what.workloadKind, name: label, namespace: what.namespace, replicas, spec: spec as Spec, specPath, reader, source: reader.at(path)})
}

/** The shape podRequests reads: containers and initContainers are lists of mappings, resources hold mappings. */
function checkPodSpec(reader: DocumentReader, specPath: Path): void {
  for (const list of ['containers', 'initContainers']) {
    for (let i = 0; i < reader.list([...specPath, list]); i++) {
      const at = [...specPath, list, i]
      if (!isMapping(reader.js(at))) throw new CapacityError(`${reader.at(at)}: each of ${list} must be a mapping with name, image and resources`)
      for (const part of ['resources', ...['requests', 'limits'].map((key) => `resources.${key}`)]) {
        const value = reader.js([...at, ...part.split('.')])
        if (value !== undefined && value !== null && !isMapping(value)) throw new CapacityError(`${reader.at([...at, ...part.split('.')])}: ${part} must be a mapping such as {cpu: 500m, memory: 1Gi}`)
      }
    }
  }
}

const sameNamespace = (a: string | undefined, b: string | undefined) => (a ?? 'default') === (b ?? 'default')

/** A container with the LimitRange defaults filled in where it gives no request or limit. */
function withDefaults(container: ContainerLike, ranges: LimitRangeDefaults[]): ContainerLike {
  if (ranges.length === 0) return container
  const requests = {...(container.resources?.requests ?? {})}
  const limits = {...(container.resources?.limits ?? {})}
  for (const range of ranges) {
    for (const [resource, value] of Object.entries(range.defaultLimit)) if (limits[resource] === undefined) limits[resource] = value
    const defaults = {...range.defaultLimit, ...range.defaultRequest}
    for (const [resource, value] of Object.entries(defaults)) {
      if (requests[resource] !== undefined) continue
      // API defaulting: a container that gives a limit and no request requests its limit.
      requests[resource] = container.resources?.limits?.[resource] ?? value
    }
  }
  return {...container, resources: {requests, limits}}
}

function nodeSelectionOf(spec: Spec): NodeSelection | undefined {
  const nodeSelector = spec.nodeSelector ?? {}
  type Term = {matchExpressions?: Array<{key: string; operator: string; values?: string[]}>}
  const affinity = spec.affinity as {nodeAffinity?: {requiredDuringSchedulingIgnoredDuringExecution?: {nodeSelectorTerms?: Term[]}}} | undefined
  const terms = (affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []).map((term) => (term.matchExpressions ?? []).map(({key, operator, values}) => ({key, operator, values: values ?? []})))
  if (Object.keys(nodeSelector).length === 0 && terms.length === 0) return undefined
  return {nodeSelector, terms}
}

function resolveOne(pending: PendingWorkload, state: ManifestState): Workload {
  const ranges = state.limitRanges.filter((range) => range.namespace === undefined || sameNamespace(range.namespace, pending.namespace))
  const spec: Spec = {
    ...pending.spec,
    containers: (pending.spec.containers ?? []).map((container) => withDefaults(container, ranges)),
    initContainers: (pending.spec.initContainers ?? []).map((container) => withDefaults(container, ranges)),
  }
  const runtimeOverhead = pending.spec.runtimeClassName ? state.runtimeClasses.get(pending.spec.runtimeClassName) : undefined
  if (!spec.overhead && runtimeOverhead) spec.overhead = runtimeOverhead
  const {requests, limits} = podRequests(spec, (at) => pending.reader.at([...pending.specPath, ...at]))
  const workload: Workload = {name: pending.name, kind: pending.workloadKind, replicas: pending.replicas, perNode: pending.kind === 'DaemonSet', requests, limits, source: pending.source}
  const selection = pending.kind === 'DaemonSet' ? nodeSelectionOf(pending.spec) : undefined
  if (selection) workload.nodeSelection = selection
  const hpa = state.hpas.find((entry) => entry.kind === pending.kind && `${entry.kind.toLowerCase()}/${entry.name}` === pending.name && sameNamespace(entry.namespace, pending.namespace))
  if (hpa) {
    workload.replicasNote = `HPA ${hpa.hpa} maxReplicas ${hpa.maxReplicas} (spec.replicas ${pending.replicas})`
    workload.replicas = hpa.maxReplicas
    state.warnings.push(`${pending.name} planned at HPA ${hpa.hpa} maxReplicas ${hpa.maxReplicas} (spec.replicas ${pending.replicas})`)
  }
  return workload
}

/** Turns the pending manifests into workloads, with HPAs, LimitRanges and RuntimeClasses applied. */
export function resolveManifests(state: ManifestState, into: {workloads: Workload[]; warnings: string[]}): void {
  for (const pending of state.pending) into.workloads.push(resolveOne(pending, state))
  for (const hpa of state.hpas) {
    if (!state.pending.some((pending) => pending.name === `${hpa.kind.toLowerCase()}/${hpa.name}`)) state.warnings.push(`${hpa.source}: HPA ${hpa.hpa} scales ${hpa.kind}/${hpa.name}, which is not in these files`)
  }
  into.warnings.push(...state.warnings)
  state.pending = []
  state.warnings = []
}
