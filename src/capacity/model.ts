/** The plain data the capacity cores pass around. Amounts are nano-units (quantity.ts). */
import type {Ratio} from './quantity.js'

/**
 * Kubelet reservation presets. ack: ACK ≥1.28; ack-legacy: ACK 1.20–1.27; aks: AKS ≥1.29;
 * aks-legacy: AKS <1.29 (see reservations.ts).
 */
export const providers = ['gke', 'eks', 'aks', 'aks-legacy', 'ack', 'ack-legacy', 'none', 'custom'] as const
export type Provider = (typeof providers)[number]

export interface CustomReservation {
  kubeReserved: ResourceAmounts
  systemReserved: ResourceAmounts
  /** Absolute thresholds, e.g. memory.available<500Mi → memory. */
  eviction: ResourceAmounts
  /** Percentage thresholds of capacity, e.g. nodefs.available<10% → ephemeral-storage 1/10. */
  evictionPercent: Record<string, Ratio>
}

/** resource name (cpu, memory, ephemeral-storage, nvidia.com/gpu, ...) → amount in nano-units */
export type ResourceAmounts = Record<string, bigint>

export type WorkloadKind =
  | 'Service'
  | 'Deployment'
  | 'StatefulSet'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'Pod'
  /** A kind with a pod template kubekit does not know (Argo Rollout, other CRDs). */
  | 'Custom'

/** One class of identical pods the plan must place. */
export interface Workload {
  name: string
  kind: WorkloadKind
  /** Pods that run at the same time: replicas, or a Job's peak concurrency. DaemonSets: 1 per node. */
  replicas: number
  /** DaemonSets: one pod on every node, solved together with the node count. */
  perNode: boolean
  /** Per pod: what the scheduler reserves (containers, init containers, overhead). */
  requests: ResourceAmounts
  /** Per pod, reported beside the requests. */
  limits: ResourceAmounts
  /** Where it came from: `--cpu`, `plan.yaml:12`, `cluster`. */
  source: string
  /** DaemonSets: the nodes it selects (nodeSelector and required node affinity); absent = every node. */
  nodeSelection?: NodeSelection
  /** Why the replica count is what it is, when not plain spec.replicas (e.g. "HPA maxReplicas"). */
  replicasNote?: string
}

/** A DaemonSet's node selection, checked against a node shape's labels. */
export interface NodeSelection {
  nodeSelector: Record<string, string>
  /** Required node-affinity terms (ORed); each term's expressions are ANDed. */
  terms: Array<Array<{key: string; operator: string; values: string[]}>>
}

export interface NodeShape {
  name: string
  capacity: ResourceAmounts
  maxPods: number
  /** When read from a live cluster: its allocatable, used instead of a provider formula. */
  allocatable?: ResourceAmounts
  /** How many nodes of this shape the live cluster has (from-cluster only). */
  liveCount?: number
  /** Node labels, for DaemonSet node selection (flags: kubernetes.io/os=linux). */
  labels?: Record<string, string>
  /** Where max pods came from, when a rule computed it (EKS ENIs, Terway ENIs). */
  maxPodsRule?: string
}

export interface NetworkInput {
  podCidr?: string
  serviceCidr?: string
  vpcCidrs: string[]
  /** The per-node pod range prefix length; default from the provider rule or 24 (IPv4) / 64 (IPv6). */
  nodePodCidrMask?: number
}

export interface PlanInput {
  workloads: Workload[]
  /** Extra share on top of the workloads (services and jobs), e.g. 1/10 for 10%. */
  redundancy: Ratio
  nodeShapes: NodeShape[]
  reserved: Provider
  customReservation?: CustomReservation
  spareNodes: number
  zones: number
  maxLoss?: Ratio
  /** The ACK practice guide's rounding (≈80c/160g): totals rounded up to whole cores and GiB. */
  roundUp: boolean
  network: NetworkInput
  /** Where the workloads came from, for the report header. */
  sources: string[]
  /** Why this reservation preset: given, from the plan file, or detected from the cluster's nodes. */
  reservedSource: string
  /** Input notes that must reach the report: unknown kinds, HPA maxReplicas, Terway and the pod CIDR. */
  warnings: string[]
  /** Also rank the instance catalogue for this plan; `only` plans on the best shape. */
  recommend: 'off' | 'show' | 'use'
  /** Catalogue providers to rank (default: the reservation preset's provider). */
  catalogue?: string[]
}

export function emptyPlanInput(): PlanInput {
  return {
    workloads: [],
    redundancy: {numerator: 0n, denominator: 1n},
    nodeShapes: [],
    reserved: 'gke',
    spareNodes: 0,
    zones: 1,
    roundUp: false,
    network: {vpcCidrs: []},
    sources: [],
    reservedSource: 'default',
    warnings: [],
    recommend: 'off',
  }
}

export function addAmounts(into: ResourceAmounts, amounts: ResourceAmounts, times = 1n): ResourceAmounts {
  for (const [resource, amount] of Object.entries(amounts)) into[resource] = (into[resource] ?? 0n) + amount * times
  return into
}

export function maxAmounts(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  const result: ResourceAmounts = {...a}
  for (const [resource, amount] of Object.entries(b)) if (amount > (result[resource] ?? 0n)) result[resource] = amount
  return result
}

/** Resources in display order: cpu, memory, ephemeral-storage, then the rest by name. */
export function orderedResources(names: Iterable<string>): string[] {
  const rank = (name: string) => ({cpu: 0, memory: 1, 'ephemeral-storage': 2})[name] ?? 3
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/**
 * Kubernetes' documented limits for one cluster ("Considerations for large clusters",
 * kubernetes.io/docs/setup/best-practices/cluster-large): a plan beyond them is refused
 * before anything is built (instead of running out of memory), or fails after the report.
 */
export const clusterLimits = {pods: 150_000, nodes: 5_000} as const

/** The one line for a plan above the pod limit (what: the flag or file:line). */
export function podLimitMessage(what: string, pods: number): string {
  return `${what}: ${pods.toLocaleString('en-US')} pods is above Kubernetes' documented limit of ${clusterLimits.pods.toLocaleString('en-US')} pods per cluster (kubernetes.io/docs/setup/best-practices/cluster-large); plan one cluster at a time`
}
