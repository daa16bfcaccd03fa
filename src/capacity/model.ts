/** The plain data the capacity cores pass around. Amounts are nano-units (quantity.ts). */
import type {Ratio} from './quantity.js'
import type {CustomReservation, Provider} from './reservations.js'

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
}

export interface NodeShape {
  name: string
  capacity: ResourceAmounts
  maxPods: number
  /** When read from a live cluster: its allocatable, used instead of a provider formula. */
  allocatable?: ResourceAmounts
  /** How many nodes of this shape the live cluster has (from-cluster only). */
  liveCount?: number
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
  /** The seed's rounding: totals rounded up to whole cores and GiB. */
  roundUp: boolean
  network: NetworkInput
  /** Where the workloads came from, for the report header. */
  sources: string[]
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
