/**
 * What the API server does to a new object before it stores it, kind by kind, as
 * pkg/apis/<group>/v1/defaults.go, the registry strategies' PrepareForCreate and the admission
 * plugins kubectl users meet (ServiceAccount, Priority, DefaultTolerationSeconds) do:
 * - Pod: status reset to Pending with its QoS class; spec and container defaults; tolerations.
 * - Pod templates of workloads: the pod spec and container defaults.
 * - Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600.
 * - ReplicaSet, StatefulSet, DaemonSet, Job, CronJob: their defaults; status reset; generation 1.
 * - ReplicationController: replicas 1; selector and labels from the template's labels when empty.
 * - Service: type ClusterIP, a clusterIP from the service CIDR, sessionAffinity None, port defaults.
 * - Namespace: the kubernetes.io/metadata.name label, the kubernetes finalizer, phase Active.
 */
import type {KubeObject} from './types.js'

type Fields = Record<string, unknown>

/** Addresses the defaulting hands out: cluster IPs and node ports. */
export interface Allocator {
  clusterIp(): string
  nodePort(): number
}

/** Hands out addresses from the service CIDR 10.96.0.0/12 and the node port range 30000–32767, skipping those `taken` says are in use. */
export function serviceAllocator(taken: () => {clusterIps: Set<string>; nodePorts: Set<number>} = () => ({clusterIps: new Set(), nodePorts: new Set()})): Allocator {
  let nextIp = 10 // 10.96.0.1 is the kubernetes service, 10.96.0.10 kube-dns
  let nextPort = 30000
  return {
    clusterIp() {
      const used = taken().clusterIps
      for (;;) {
        nextIp++
        const ip = `10.${96 + ((nextIp >> 16) & 0x0f)}.${(nextIp >> 8) & 0xff}.${nextIp & 0xff}`
        if ((nextIp & 0xff) !== 0 && (nextIp & 0xff) !== 255 && !used.has(ip)) return ip
      }
    },
    nodePort() {
      const used = taken().nodePorts
      while (used.has(nextPort)) nextPort++
      return nextPort > 32767 ? (nextPort = 30000) : nextPort++
    },
  }
}

const processAllocator = serviceAllocator()

/** imagePullPolicy by the tag rule: `:latest` or no tag → Always, anything else → IfNotPresent. */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent'
  const lastPart = image.slice(image.lastIndexOf('/') + 1)
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : ''
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent'
}

function containerDefaults(container: Fields): Fields {
  const ports = Array.isArray(container.ports) ? (container.ports as Fields[]).map((p) => ({protocol: 'TCP', ...p})) : undefined
  return {
    imagePullPolicy: defaultPullPolicy(String(container.image ?? '')),
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...container,
    ...(ports ? {ports} : {}),
  }
}

/** SetDefaults_PodSpec and the container defaults: what a pod template gets too. */
function podSpecDefaults(spec: Fields): Fields {
  const withContainers = (key: string) => (Array.isArray(spec[key]) ? {[key]: (spec[key] as Fields[]).map(containerDefaults)} : {})
  return {
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    ...spec,
    ...withContainers('containers'),
    ...withContainers('initContainers'),
  }
}

const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) => ({key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300}))

/** Quantities as numbers, for the QoS rule. */
function resourceNames(resources: Fields | undefined, kind: 'requests' | 'limits'): Record<string, string> {
  return Object.fromEntries(Object.entries((resources?.[kind] ?? {}) as Fields).map(([k, v]) => [k, String(v)]))
}

/** qos.GetPodQOS: Guaranteed when every container limits cpu and memory with requests equal to limits; BestEffort with none at all. */
export function podQosClass(spec: Fields): string {
  const containers = [...((spec.containers ?? []) as Fields[]), ...((spec.initContainers ?? []) as Fields[])]
  let any = false
  let guaranteed = true
  for (const c of containers) {
    const resources = c.resources as Fields | undefined
    const requests = resourceNames(resources, 'requests')
    const limits = resourceNames(resources, 'limits')
    const requestsOf = {...limits, ...requests} // requests default to limits
    if (Object.keys(requests).length + Object.keys(limits).length > 0) any = true
    for (const name of ['cpu', 'memory']) if (limits[name] === undefined || requestsOf[name] !== limits[name]) guaranteed = false
  }
  if (!any) return 'BestEffort'
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

function podDefaults(pod: KubeObject): KubeObject {
  const spec = (pod.spec ?? {}) as Fields
  const serviceAccountName = (spec.serviceAccountName as string | undefined) ?? (spec.serviceAccount as string | undefined) ?? 'default'
  const tolerations = [...((spec.tolerations ?? []) as Fields[])]
  for (const t of DEFAULT_TOLERATIONS) if (!tolerations.some((x) => x.key === t.key && (x.effect ?? t.effect) === t.effect)) tolerations.push(t)
  const defaulted: Fields = {
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    ...podSpecDefaults(spec),
    serviceAccount: serviceAccountName,
    serviceAccountName,
    tolerations,
  }
  return {...pod, spec: defaulted, status: {phase: 'Pending', qosClass: podQosClass(defaulted)}}
}

/** A workload's pod template with the pod spec defaults. */
function withTemplateDefaults(spec: Fields): Fields {
  const template = spec.template as {metadata?: Fields; spec?: Fields} | undefined
  if (!template) return spec
  return {...spec, template: {...template, metadata: {creationTimestamp: null, ...template.metadata}, spec: podSpecDefaults(template.spec ?? {})}}
}

const rollingUpdate = (strategy: Fields | undefined, defaults: Fields): Fields => {
  const type = (strategy?.type as string | undefined) ?? 'RollingUpdate'
  if (type !== 'RollingUpdate') return {type, ...strategy}
  return {type, ...strategy, rollingUpdate: {...defaults, ...((strategy?.rollingUpdate ?? {}) as Fields)}}
}

function workloadSpecDefaults(kind: string, spec: Fields): Fields {
  const base = withTemplateDefaults(spec)
  switch (kind) {
    case 'Deployment':
      return {replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, ...base, strategy: rollingUpdate(spec.strategy as Fields | undefined, {maxUnavailable: '25%', maxSurge: '25%'})}
    case 'ReplicaSet':
      return {replicas: 1, ...base}
    case 'ReplicationController': {
      const selector = spec.selector as Fields | undefined
      const labels = (spec.template as {metadata?: {labels?: Fields}} | undefined)?.metadata?.labels
      return {replicas: 1, ...base, ...(labels && !Object.keys(selector ?? {}).length ? {selector: labels} : {})}
    }
    case 'StatefulSet':
      return {
        replicas: 1,
        podManagementPolicy: 'OrderedReady',
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: {whenDeleted: 'Retain', whenScaled: 'Retain'},
        ...base,
        updateStrategy: rollingUpdate(spec.updateStrategy as Fields | undefined, {partition: 0}),
      }
    case 'DaemonSet':
      return {revisionHistoryLimit: 10, ...base, updateStrategy: rollingUpdate(spec.updateStrategy as Fields | undefined, {maxUnavailable: 1, maxSurge: 0})}
    case 'Job': {
      const both = spec.parallelism === undefined && spec.completions === undefined
      return {...(both ? {parallelism: 1, completions: 1} : {}), backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed', manualSelector: undefined, ...withTemplateDefaults({...spec, template: {...(spec.template as Fields), spec: {restartPolicy: 'Never', ...((spec.template as Fields | undefined)?.spec as Fields)}}})}
    }
    case 'CronJob': {
      const jobTemplate = (spec.jobTemplate ?? {}) as {metadata?: Fields; spec?: Fields}
      return {concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, ...spec, jobTemplate: {...jobTemplate, metadata: {creationTimestamp: null, ...jobTemplate.metadata}, spec: withTemplateDefaults(jobTemplate.spec ?? {})}}
    }
    default:
      return base
  }
}

function serviceDefaults(service: KubeObject, allocate: Allocator): KubeObject {
  const spec: Fields = {type: 'ClusterIP', sessionAffinity: 'None', ...((service.spec ?? {}) as Fields)}
  const needsPorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer'
  spec.ports = ((spec.ports ?? []) as Fields[]).map((p) => ({protocol: 'TCP', targetPort: p.port, ...p, ...(needsPorts && p.nodePort === undefined ? {nodePort: allocate.nodePort()} : {})}))
  if (spec.type !== 'ExternalName') {
    if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = allocate.clusterIp()
    spec.clusterIPs ??= [spec.clusterIP]
    spec.ipFamilies ??= ['IPv4']
    spec.ipFamilyPolicy ??= 'SingleStack'
    spec.internalTrafficPolicy ??= 'Cluster'
  }
  if (needsPorts) spec.externalTrafficPolicy ??= 'Cluster'
  return {...service, spec, status: {loadBalancer: {}}}
}

function namespaceDefaults(namespace: KubeObject): KubeObject {
  const name = namespace.metadata?.name ?? ''
  return {
    ...namespace,
    metadata: {...namespace.metadata, labels: {...namespace.metadata?.labels, 'kubernetes.io/metadata.name': name}},
    spec: {finalizers: ['kubernetes']},
    status: {phase: 'Active'},
  }
}

/** PrepareForCreate and defaulting of the kinds outside core, apps and batch that have any. */
const GROUP_KIND_DEFAULTS: Record<string, (object: KubeObject) => KubeObject> = {
  'policy/v1/PodDisruptionBudget': (o) => ({...o, metadata: {...o.metadata, generation: 1}, status: {disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0}}),
  'networking.k8s.io/v1/Ingress': (o) => ({...o, status: {loadBalancer: {}}}),
  'scheduling.k8s.io/v1/PriorityClass': (o) => ({preemptionPolicy: 'PreemptLowerPriority', ...o}),
  'storage.k8s.io/v1/StorageClass': (o) => ({reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate', ...o}),
  'apiextensions.k8s.io/v1/CustomResourceDefinition': (o) => ({...o, metadata: {...o.metadata, generation: 1}, status: {}}),
  'autoscaling/v2/HorizontalPodAutoscaler': (o) => ({...o, spec: {minReplicas: 1, ...(o.spec as Fields)}, status: {currentMetrics: null, desiredReplicas: 0}}),
}

const WORKLOADS = new Set(['v1/ReplicationController', 'apps/v1/Deployment', 'apps/v1/ReplicaSet', 'apps/v1/StatefulSet', 'apps/v1/DaemonSet', 'batch/v1/Job', 'batch/v1/CronJob'])

/** The object as the server stores it on create (PrepareForCreate + defaulting). */
export function applyCreateDefaults(object: KubeObject, allocate: Allocator = processAllocator): KubeObject {
  const type = `${object.apiVersion}/${object.kind}`
  if (type === 'v1/Pod') return podDefaults(object)
  if (type === 'v1/Service') return serviceDefaults(object, allocate)
  if (type === 'v1/Namespace') return namespaceDefaults(object)
  if (type === 'v1/Secret') return {...object, type: object.type ?? 'Opaque'}
  if (type === 'v1/PersistentVolumeClaim' || type === 'v1/PersistentVolume') return {...object, spec: {volumeMode: 'Filesystem', ...(object.spec as Fields)}, status: {phase: 'Pending'}}
  const groupDefaults = GROUP_KIND_DEFAULTS[type]
  if (groupDefaults) return groupDefaults(object)
  if (WORKLOADS.has(type)) {
    const spec = workloadSpecDefaults(object.kind!, (object.spec ?? {}) as Fields)
    return {...object, metadata: {...object.metadata, ...defaultLabels(object), generation: 1}, spec: JSON.parse(JSON.stringify(spec)) as Fields, status: {}}
  }
  return object
}

/** SetDefaults_ReplicationController: an RC without labels takes its template's. */
function defaultLabels(object: KubeObject): {labels?: Record<string, string>} {
  if (object.kind !== 'ReplicationController' || Object.keys(object.metadata?.labels ?? {}).length) return {}
  const labels = (object.spec as {template?: {metadata?: {labels?: Record<string, string>}}} | undefined)?.template?.metadata?.labels
  return labels ? {labels} : {}
}

/** The defaults an update keeps applying (a replaced spec gets them again, as decoding defaults every body). */
export function applyUpdateDefaults(object: KubeObject): KubeObject {
  const type = `${object.apiVersion}/${object.kind}`
  if (type === 'v1/Namespace') {
    const name = object.metadata?.name ?? ''
    return {...object, metadata: {...object.metadata, labels: {...object.metadata?.labels, 'kubernetes.io/metadata.name': name}}}
  }
  if (WORKLOADS.has(type) && object.spec) return {...object, spec: JSON.parse(JSON.stringify(workloadSpecDefaults(object.kind!, object.spec as Fields))) as Fields}
  return object
}
