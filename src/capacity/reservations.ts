/**
 * Node allocatable = capacity − kube-reserved − system-reserved − hard eviction threshold,
 * with the published per-provider formulas (see README `capacity`). All amounts are
 * nano-units (quantity.ts).
 */
import {NANO, ceilDivide, parseRequest} from './quantity.js'
import {providers} from './model.js'
import type {CustomReservation, Provider, ResourceAmounts} from './model.js'

export {providers}
export type {CustomReservation, Provider}

const Ki = 1024n * NANO
const Mi = 1024n * Ki
const Gi = 1024n * Mi
const MB = 1_000_000n * NANO
const core = NANO

export interface Reservation {
  provider: Provider | 'cluster'
  kubeReserved: ResourceAmounts
  systemReserved: ResourceAmounts
  eviction: ResourceAmounts
  /** One line: the formula used, for the report. */
  formula: string
}

/** A band of a tiered reservation: `rate` of the amount between `from` and `to` (no `to`: everything above). */
interface Tier {
  from: bigint
  to?: bigint
  rate: bigint
}

/** The sum of each band's rate times the part of `amount` inside it, over `scale` (rounded up). */
function tiered(amount: bigint, tiers: Tier[], scale: bigint): bigint {
  let reserved = 0n
  for (const {from, to, rate} of tiers) {
    if (amount <= from) break
    const top = to === undefined || amount < to ? amount : to
    reserved += (top - from) * rate
  }
  return ceilDivide(reserved, scale)
}

/** CPU tiers shared by GKE and EKS: 6% of core 1, 1% of core 2, 0.5% of cores 3–4, 0.25% above (in basis points). */
const cpuTiers: Tier[] = [
  {from: 0n, to: core, rate: 600n},
  {from: core, to: 2n * core, rate: 100n},
  {from: 2n * core, to: 4n * core, rate: 50n},
  {from: 4n * core, rate: 25n},
]

export function tieredCpuReserved(cpu: bigint): bigint {
  return tiered(cpu, cpuTiers, 10_000n)
}

/** GKE memory tiers (in percent): 25% of 4 GiB, 20% of the next 4, 10% of the next 8, 6% up to 128 GiB, 2% above. */
const memoryTiers: Tier[] = [
  {from: 0n, to: 4n * Gi, rate: 25n},
  {from: 4n * Gi, to: 8n * Gi, rate: 20n},
  {from: 8n * Gi, to: 16n * Gi, rate: 10n},
  {from: 16n * Gi, to: 128n * Gi, rate: 6n},
  {from: 128n * Gi, rate: 2n},
]

/** GKE's memory reservation: 255 MiB below 1 GiB, else the memory tiers. */
export function tieredMemoryReserved(memory: bigint): bigint {
  if (memory < Gi) return 255n * Mi
  return tiered(memory, memoryTiers, 100n)
}

/** EKS (AL2/AL2023 AMI): 11 MiB per pod + 255 MiB. */
export function eksMemoryReserved(maxPods: number): bigint {
  return (11n * BigInt(maxPods) + 255n) * Mi
}

const aksCpuTable: Array<[number, bigint]> = [
  [1, 60n],
  [2, 100n],
  [4, 140n],
  [8, 180n],
  [16, 260n],
  [32, 420n],
  [64, 740n],
]

/**
 * AKS CPU kube-reserved (millicores) from the published table (1, 2, 4, 8, 16, 32, 64 cores).
 * Between rows it rounds up to the next row; above 64 cores it follows the table's own
 * slope from 4 cores up (100m + 10m per core), which reproduces every row from 4 to 64.
 */
export function aksCpuReserved(cpu: bigint): bigint {
  for (const [cores, millicores] of aksCpuTable) {
    if (cpu <= BigInt(cores) * core) return millicores * 1_000_000n
  }
  return 100n * 1_000_000n + ceilDivide(cpu * 10n, 1000n)
}

/** AKS ≥ 1.29: min(20 MB × maxPods + 50 MB, 25% of memory). */
export function aksMemoryReserved(memory: bigint, maxPods: number): bigint {
  const perPods = (20n * BigInt(maxPods) + 50n) * MB
  const quarter = ceilDivide(memory, 4n)
  return perPods < quarter ? perPods : quarter
}

/**
 * ACK ≥ 1.28 memory: min(11 MiB × maxPods + 255 MiB, 25% of memory) — the EKS per-pod rule
 * capped at a quarter of the node.
 */
export function ackMemoryReserved(memory: bigint, maxPods: number): bigint {
  const perPods = eksMemoryReserved(maxPods)
  const quarter = ceilDivide(memory, 4n)
  return perPods < quarter ? perPods : quarter
}

/** ACK 1.20–1.27 CPU: 100m, plus 2.5% of every core above 4. */
export function ackLegacyCpuReserved(cpu: bigint): bigint {
  const above = cpu > 4n * core ? cpu - 4n * core : 0n
  return 100n * 1_000_000n + ceilDivide(above * 25n, 1000n)
}

/** ACK splits its reservation evenly between kube-reserved and system-reserved. */
function splitEvenly(total: ResourceAmounts): {kubeReserved: ResourceAmounts; systemReserved: ResourceAmounts} {
  const kubeReserved: ResourceAmounts = {}
  const systemReserved: ResourceAmounts = {}
  for (const [resource, amount] of Object.entries(total)) {
    kubeReserved[resource] = ceilDivide(amount, 2n)
    systemReserved[resource] = amount - kubeReserved[resource]
  }
  return {kubeReserved, systemReserved}
}

/** Where each preset's numbers are published, named in the report's Sources. */
export const reservationSources: Record<Provider | 'cluster', string> = {
  gke: "GKE's node sizing page (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes)",
  eks: "the EKS AMI's bootstrap, kube-reserved from max pods (github.com/awslabs/amazon-eks-ami)",
  aks: "AKS's node resource reservations (learn.microsoft.com/azure/aks/node-resource-reservations)",
  'aks-legacy': "AKS's node resource reservations (learn.microsoft.com/azure/aks/node-resource-reservations)",
  ack: "ACK's resource reservation policy (alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/resource-reservation-policy)",
  'ack-legacy': "ACK's resource reservation policy (alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/resource-reservation-policy)",
  none: 'no reservation: allocatable is the capacity',
  custom: "your --kube-reserved, --system-reserved and --eviction-hard, as the kubelet applies them (kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources)",
  cluster: "the live nodes' status.allocatable",
}

type PresetInput = {cpu: bigint; memory: bigint; capacity: ResourceAmounts; maxPods: number; custom?: CustomReservation | undefined}
const evictionMemory = (mebibytes: bigint): ResourceAmounts => ({memory: mebibytes * Mi})

const presets: Record<Provider, (input: PresetInput) => Omit<Reservation, 'provider'>> = {
  gke: ({cpu, memory}) => ({
    kubeReserved: {cpu: tieredCpuReserved(cpu), memory: tieredMemoryReserved(memory)},
    systemReserved: {},
    eviction: evictionMemory(100n),
    formula: 'GKE: cpu 6%/1%/0.5%/0.25% tiers; memory 25%/20%/10%/6%/2% tiers; eviction memory.available<100Mi',
  }),
  eks: eksPreset,
  aks: ({cpu, memory, maxPods}) => ({
    kubeReserved: {cpu: aksCpuReserved(cpu), memory: aksMemoryReserved(memory, maxPods)},
    systemReserved: {},
    eviction: evictionMemory(100n),
    formula: `AKS ≥1.29: cpu table; memory min(20MB × ${maxPods} pods + 50MB, 25%); eviction memory.available<100Mi`,
  }),
  'aks-legacy': ({cpu, memory}) => ({
    kubeReserved: {cpu: aksCpuReserved(cpu), memory: tieredMemoryReserved(memory)},
    systemReserved: {},
    eviction: evictionMemory(750n),
    formula: 'AKS <1.29: cpu table; memory 25%/20%/10%/6%/2% tiers; eviction memory.available<750Mi',
  }),
  ack: ({cpu, memory, maxPods}) => ({
    ...splitEvenly({cpu: tieredCpuReserved(cpu), memory: ackMemoryReserved(memory, maxPods)}),
    eviction: evictionMemory(100n),
    formula: `ACK ≥1.28: cpu 6%/1%/0.5%/0.25% tiers; memory min(11Mi × ${maxPods} pods + 255Mi, 25%); split 50/50 kube/system; eviction memory.available<100Mi`,
  }),
  'ack-legacy': ({cpu, memory}) => ({
    ...splitEvenly({cpu: ackLegacyCpuReserved(cpu), memory: tieredMemoryReserved(memory)}),
    eviction: evictionMemory(100n),
    formula: 'ACK 1.20–1.27: cpu 100m + 2.5% × (cores − 4); memory 25%/20%/10%/6%/2% tiers; split 50/50 kube/system; eviction memory.available<100Mi',
  }),
  none: () => ({kubeReserved: {}, systemReserved: {}, eviction: {}, formula: 'none: allocatable = capacity'}),
  custom: customPreset,
}

function eksPreset({cpu, capacity, maxPods}: PresetInput): Omit<Reservation, 'provider'> {
  const kubeReserved: ResourceAmounts = {cpu: tieredCpuReserved(cpu), memory: eksMemoryReserved(maxPods)}
  const eviction = evictionMemory(100n)
  if (capacity['ephemeral-storage'] !== undefined) {
    kubeReserved['ephemeral-storage'] = Gi
    eviction['ephemeral-storage'] = ceilDivide(capacity['ephemeral-storage'], 10n)
  }
  return {kubeReserved, systemReserved: {}, eviction, formula: `EKS: cpu 6%/1%/0.5%/0.25% tiers; memory 11Mi × ${maxPods} pods + 255Mi; eviction memory.available<100Mi`}
}

function customPreset({capacity, custom}: PresetInput): Omit<Reservation, 'provider'> {
  const given = custom ?? {kubeReserved: {}, systemReserved: {}, eviction: {}, evictionPercent: {}}
  const eviction: ResourceAmounts = {...given.eviction}
  for (const [resource, ratio] of Object.entries(given.evictionPercent)) {
    const of = capacity[resource]
    if (of !== undefined) eviction[resource] = (eviction[resource] ?? 0n) + ceilDivide(of * ratio.numerator, ratio.denominator)
  }
  return {kubeReserved: given.kubeReserved, systemReserved: given.systemReserved, eviction, formula: 'custom: --kube-reserved, --system-reserved and --eviction-hard as given'}
}

/** The reservation a provider's kubelet configuration applies to a node of this capacity. */
export function reservationFor(provider: Provider, capacity: ResourceAmounts, maxPods: number, custom?: CustomReservation): Reservation {
  return {provider, ...presets[provider]({cpu: capacity.cpu ?? 0n, memory: capacity.memory ?? 0n, capacity, maxPods, custom})}
}

/** capacity − kube-reserved − system-reserved − eviction, per resource, never below 0. */
export function allocatableOf(capacity: ResourceAmounts, reservation: Reservation): ResourceAmounts {
  const result: ResourceAmounts = {}
  for (const [resource, amount] of Object.entries(capacity)) {
    const left =
      amount -
      (reservation.kubeReserved[resource] ?? 0n) -
      (reservation.systemReserved[resource] ?? 0n) -
      (reservation.eviction[resource] ?? 0n)
    result[resource] = left > 0n ? left : 0n
  }
  return result
}

export function totalReserved(reservation: Reservation): ResourceAmounts {
  const total: ResourceAmounts = {}
  for (const part of [reservation.kubeReserved, reservation.systemReserved, reservation.eviction]) {
    for (const [resource, amount] of Object.entries(part)) total[resource] = (total[resource] ?? 0n) + amount
  }
  return total
}

const evictionSignals: Record<string, string> = {
  'memory.available': 'memory',
  'nodefs.available': 'ephemeral-storage',
  'imagefs.available': 'ephemeral-storage',
}

/** kubelet's `cpu=1,memory=2Gi,ephemeral-storage=1Gi` (the pid key is accepted and ignored). */
export function parseReservedList(text: string, where: string): ResourceAmounts {
  const result: ResourceAmounts = {}
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = part.split('=', 2)
    if (!key || value === undefined) throw new Error(`${where}: "${part}" is not resource=quantity (e.g. cpu=500m,memory=1Gi)`)
    if (key === 'pid') continue
    result[key] = parseRequest(value, `${where} ${key}`)
  }
  return result
}

/** kubelet's `memory.available<500Mi,nodefs.available<10%`. */
export function parseEvictionHard(text: string, where: string): Pick<CustomReservation, 'eviction' | 'evictionPercent'> {
  const eviction: ResourceAmounts = {}
  const evictionPercent: CustomReservation['evictionPercent'] = {}
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z.]+)<(.+)$/.exec(part)
    if (!match) throw new Error(`${where}: "${part}" is not signal<threshold (e.g. memory.available<100Mi)`)
    const resource = evictionSignals[match[1]!]
    if (!resource) continue // inodes and pid signals do not reduce allocatable
    const threshold = match[2]!
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(threshold)
    if (percent) {
      const [whole = '', fraction = ''] = percent[1]!.split('.')
      // imagefs only matters on a separate image filesystem; allocatable uses nodefs
      if (match[1] === 'imagefs.available') continue
      evictionPercent[resource] = {numerator: BigInt(whole + fraction), denominator: 100n * 10n ** BigInt(fraction.length)}
    } else {
      if (match[1] === 'imagefs.available') continue
      eviction[resource] = parseRequest(threshold, `${where} ${match[1]}`)
    }
  }
  return {eviction, evictionPercent}
}

/**
 * EKS max pods: ENIs × (IPv4 per ENI − 1) + 2. With prefix delegation every secondary slot
 * is a /28 (×16), and the AL2 calculator recommended at most 110 (≤ 30 vCPU) or 250 pods.
 */
export function eksMaxPods(options: {enis: number; ipsPerEni: number; prefixDelegation?: boolean; vcpu?: number}): number {
  const {enis, ipsPerEni} = options
  if (!options.prefixDelegation) return enis * (ipsPerEni - 1) + 2
  const raw = enis * ((ipsPerEni - 1) * 16) + 2
  const cap = (options.vcpu ?? 0) > 30 ? 250 : 110
  return Math.min(raw, cap)
}

/**
 * Terway (ACK) shared-ENI max pods: (ENIs − 1) × private IPs per ENI pods on ENI addresses,
 * plus the host-network pods, which take no ENI address. Terway pods take vSwitch addresses,
 * not a pod CIDR.
 */
export function terwayMaxPods(options: {enis: number; ipsPerEni: number; hostNetworkPods?: number}): number {
  return (options.enis - 1) * options.ipsPerEni + (options.hostNetworkPods ?? 0)
}

export {gkeNodePodMask} from './network.js'
