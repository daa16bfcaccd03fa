/**
 * What the diagnosis works on (snapshots: plain data gathered once) and what it produces
 * (findings and the Diagnosis document that `-o json|yaml` prints). Rules only see snapshots.
 */
import type {
  Controller,
  Deployment,
  Ingress,
  IngressClass,
  StorageClass,
  EndpointSlice,
  KubeEvent,
  Namespace,
  Node,
  PersistentVolumeClaim,
  Pod,
  PodMetrics,
  ResourceList,
  Service,
  Workload,
} from './objects.js'

export type Severity = 'critical' | 'warning' | 'info'

/** One thing that is wrong, said the way an SRE would say it. */
export interface Finding {
  /** Stable identifier, e.g. `PodUnschedulable`; documented in the README. */
  code: string
  severity: Severity
  /** The object the finding is about: `pod/shop/web-1`, `node/worker-2`. */
  subject: string
  /** The root cause in one sentence. */
  summary: string
  /** Exact fields, event messages and log lines that show it. */
  evidence: string[]
  /** Concrete steps and commands. */
  remedy: string[]
}

/** A read that found nothing, or that we were not allowed to make. */
export type Lookup<T> = {state: 'found'; value: T} | {state: 'missing'} | {state: 'unknown'; why: string}

/**
 * A ConfigMap or Secret as the diagnosis sees it: whether it exists and, for a ConfigMap, its
 * key names. A Secret is read as metadata only (its values never leave the cluster), so its key
 * names are unknown: undefined.
 */
export interface ConfigSource {
  keys?: string[] | undefined
}

export interface LogTail {
  container: string
  previous: boolean
  lines: string[]
  /** Why there are no lines (e.g. the container has not started); absent when lines were read. */
  note?: string
}

/** Requests already placed on a node by the pods running there, per resource, in nano-units. */
export type NodeRequests = Record<string, bigint>

export interface PodSnapshot {
  pod: Pod
  events: KubeEvent[]
  /** The controller chain, nearest first: ReplicaSet, Deployment, ... */
  owners: Array<Lookup<Workload | Deployment> & {kind: string; name: string}>
  node?: Lookup<Node> | undefined
  /** For pods the scheduler could not place: every node and what is already requested on it. */
  scheduling?: {nodes: Node[]; requested: Record<string, NodeRequests>} | undefined
  configMaps: Record<string, Lookup<ConfigSource>>
  secrets: Record<string, Lookup<ConfigSource>>
  claims: Record<string, Lookup<PersistentVolumeClaim>>
  logs: LogTail[]
  metrics?: PodMetrics | undefined
  /** The service account's imagePullSecrets, when it could be read. */
  serviceAccountPullSecrets?: string[] | undefined
}

export interface NodeSnapshot {
  node: Node
  events: KubeEvent[]
  /** Pods bound to the node (all namespaces), when they could be listed. */
  pods?: Pod[] | undefined
  requested?: NodeRequests | undefined
}

export interface ServiceSnapshot {
  service: Service
  events: KubeEvent[]
  /** Its EndpointSlices; undefined when they could not be listed. */
  slices?: EndpointSlice[] | undefined
  /** Every pod in the service's namespace (to find near misses of the selector); undefined when they could not be listed. */
  pods?: Pod[] | undefined
}

export interface DeploymentSnapshot {
  deployment: Deployment
  events: KubeEvent[]
  replicaSets: Workload[]
  /** Events of the newest ReplicaSet (FailedCreate lives there). */
  replicaSetEvents: KubeEvent[]
  /** The pods of its ReplicaSets; undefined when they could not be listed. */
  pods?: Pod[] | undefined
}

export interface NamespaceSnapshot {
  namespace: Namespace
  events: KubeEvent[]
  pods: Pod[]
  deployments: Deployment[]
  services: Service[]
  slices: EndpointSlice[]
}

export type {ResourceList}

export type ControllerKind = 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob'

/** A StatefulSet, DaemonSet, Job or CronJob and what its rules read around it. */
export interface ControllerSnapshot {
  kind: ControllerKind
  controller: Controller
  events: KubeEvent[]
  /** The pods it owns (for a CronJob: the pods of its newest Job); undefined when they could not be listed. */
  pods?: Pod[] | undefined
  /** StatefulSet: its governing Service (spec.serviceName). */
  service?: Lookup<Service> | undefined
  /** DaemonSet: every node, to say which ones have no daemon pod and why. */
  nodes?: Node[] | undefined
  /** CronJob: its Jobs, newest first. */
  jobs?: Controller[] | undefined
}

/** A PersistentVolumeClaim with its StorageClass and the pods that mount it. */
export interface ClaimSnapshot {
  claim: PersistentVolumeClaim
  events: KubeEvent[]
  /** The class it names, or the default class when it names none; undefined: no class at all. */
  storageClass?: Lookup<StorageClass> | undefined
  /** The cluster's default class, when the classes could be listed. */
  defaultClass?: string | null | undefined
  /** The pods that mount it; undefined when they could not be listed. */
  pods?: Pod[] | undefined
}

/** One backend of an Ingress: the Service, its EndpointSlices and the namespace's pods. */
export interface IngressBackendView {
  service: string
  port: string | number | undefined
  /** `rule example.com/api`, `defaultBackend`. */
  from: string
  lookup: Lookup<Service>
  /** Undefined when they could not be listed. */
  slices?: EndpointSlice[] | undefined
}

/** The chain from the load balancer to the pods, link by link. */
export interface IngressSnapshot {
  ingress: Ingress
  events: KubeEvent[]
  /** The class named (or the default one); undefined when none is named and none is default. */
  ingressClass?: (Lookup<IngressClass> & {name: string}) | undefined
  /** Running pods of the class's controller; undefined when the controller is not one kubekit knows. */
  controllerPods?: Pod[] | undefined
  tlsSecrets: Record<string, Lookup<ConfigSource>>
  backends: IngressBackendView[]
  /** Pods of the Ingress's namespace (selector near misses, readiness). */
  pods?: Pod[] | undefined
}

/** The pod network add-on, as its DaemonSet and config show it. */
export interface CniFacts {
  /** flannel, calico, cilium, terway, weave, kindnet, antrea, or the DaemonSet's name. */
  name: string
  namespace: string
  /** From flannel's cni-conf.json (delegate.hairpinMode); undefined when not read or not flannel. */
  hairpinMode?: boolean | undefined
  /** Where hairpinMode was read: `configmap kube-flannel/kube-flannel-cfg cni-conf.json`. */
  configSource?: string | undefined
}

/** Production pitfalls between clients and a Service's pods: hairpin traffic, session affinity. */
export interface NetworkSnapshot {
  service: Service
  /** Ready pods behind the Service. */
  readyBackends: number
  cni?: CniFacts | undefined
  /** Ingresses that route to the Service (their affinity annotations matter). */
  ingresses: Ingress[]
}

/** What the kubelet's node log query gave (or why it could not). */
export interface NodeLogResult {
  service: string
  state: 'fetched' | 'forbidden' | 'unavailable' | 'failed' | 'skipped'
  lines: string[]
  note?: string
}

/** Where to look on the node, chosen from its container runtime. */
export interface NodeHints {
  node: string
  runtime: 'containerd' | 'docker' | 'cri-o' | 'unknown'
  runtimeVersion: string
  commands: string[]
  logs: NodeLogResult[]
}

export interface EventRow {
  type: string
  reason: string
  object: string
  /** Last time seen (RFC 3339), by the `kubectl events` ordering key. */
  lastSeen: string
  firstSeen: string
  count: number
  from: string
  message: string
}

/** The `-o json|yaml` document. Its shape is documented in the README and kept stable. */
export interface Diagnosis {
  apiVersion: 'kubekit.dev/v1'
  kind: 'Diagnosis'
  target: {kind: string; name: string; namespace?: string}
  /** `Healthy` when nothing is wrong (info findings are notes, not problems), `ProblemsFound` otherwise. */
  status: 'Healthy' | 'ProblemsFound'
  /** The most severe finding, repeated from `findings[0]`; null when healthy (only info findings, or none). */
  rootCause: Finding | null
  findings: Finding[]
  events: EventRow[]
  logs: Array<LogTail & {pod: string}>
  nodeHints: NodeHints[]
  /** Reads that were not possible (e.g. forbidden), and what that means for the diagnosis. */
  notes: string[]
  /** What the verdict rests on, one fact per line (phase, ready containers, restarts, node, age, replicas). */
  checked: string[]
}

/** What `diagnose cluster` counts of the add-ons every workload depends on. */
export interface AddonHealth {
  /** `CoreDNS`, or the CNI's name. */
  name: string
  pods: number
  ready: number
  /** Up to a few failing pods, `kube-system/coredns-abc: CrashLoopBackOff` (evidence lines). */
  failing: string[]
  /** The first failing pod, for the command the remedy names. */
  firstFailing?: {namespace: string; name: string} | undefined
}

/** The cluster-wide facts the cluster rule reads (the per-pod and per-node causes are grouped elsewhere). */
export interface ClusterSnapshot {
  nodes: {total: number; ready: number}
  dns?: AddonHealth | undefined
  cni?: AddonHealth | undefined
  /** `/readyz?verbose` lines that failed (`[-]etcd failed: ...`); undefined when it could not be read. */
  readyzFailures?: string[] | undefined
  /** Control-plane static pods that are not ready (`kube-system/kube-scheduler-cp-1`). */
  controlPlaneDown: string[]
}
