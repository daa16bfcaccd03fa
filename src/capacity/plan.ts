/**
 * The capacity plan: total = Σ workloads × replicas × spec × (1 + redundancy), DaemonSets
 * on every node, then for each node shape: allocatable after reservations, whole-pod
 * packing, spare nodes, zone loss, tolerated loss, control plane and the network check.
 */
import {addAmounts, orderedResources} from './model.js'
import type {NodeShape, PlanInput, ResourceAmounts, Workload} from './model.js'
import {checkNetwork} from './network.js'
import type {NetworkCheck} from './network.js'
import {fitCount, packPods} from './packing.js'
import type {PackingResult, PodShape} from './packing.js'
import {NANO, ceilDivide, formatPercent, formatResource} from './quantity.js'
import type {Ratio} from './quantity.js'
import {allocatableOf, gkeNodePodMask, reservationFor, totalReserved} from './reservations.js'
import type {Reservation} from './reservations.js'

const Gi = 2n ** 30n * NANO

export interface Totals {
  /** Workload pods (not DaemonSets) that run at once, before redundancy. */
  pods: number
  /** Workload requests before redundancy. */
  requests: ResourceAmounts
  /** Workload requests × (1 + redundancy), rounded up to the nano-unit: the seed's total. */
  withRedundancy: ResourceAmounts
  /** The seed's rounding (--round): whole cores and GiB, then two significant digits. */
  rounded?: ResourceAmounts
  /** Pods placed, redundancy included as extra pods per shape (⌈count × redundancy⌉). */
  podsWithRedundancy: number
  limits: ResourceAmounts
}

export interface ControlPlaneSize {
  cpu: bigint
  memory: bigint
  rule: string
}

export interface NodePlan {
  shape: NodeShape
  reservation: Reservation
  allocatable: ResourceAmounts
  /** Allocatable minus the DaemonSets every node runs. */
  freeForWorkloads: ResourceAmounts
  podSlots: number
  packing: PackingResult
  /** Nodes each resource alone needs from totals (no packing). */
  lowerBounds: Record<string, number>
  /** Nodes that hold the workloads. */
  needed: number
  /** Final node count with spares, zones and tolerated loss. */
  count: number
  perZone?: number
  controlPlane: ControlPlaneSize
  /** Everything requested on `count` nodes: workloads with redundancy plus DaemonSets × count. */
  totalRequests: ResourceAmounts
  /** count × allocatable. */
  totalAllocatable: ResourceAmounts
  /** Reasons, one line each: which resource binds. */
  why: string[]
  /** Pod shapes that fit on no node of this shape (too big after reservations and DaemonSets). */
  unplaceable: string[]
  network?: NetworkCheck
}

export interface PlanResult {
  sources: string[]
  redundancy: Ratio
  workloads: Workload[]
  daemonSets: {perNode: ResourceAmounts; podsPerNode: number; names: string[]}
  totals: Totals
  options: NodePlan[]
  warnings: string[]
}

export class PlanError extends Error {
  override name = 'PlanError'
}

function multiplyRatio(amounts: ResourceAmounts, numerator: bigint, denominator: bigint): ResourceAmounts {
  const result: ResourceAmounts = {}
  for (const [resource, amount] of Object.entries(amounts)) result[resource] = ceilDivide(amount * numerator, denominator)
  return result
}

/** Up to whole units (cores, GiB), then up to two significant digits: 79.2 → 80, 158.4 GiB → 160 GiB. */
export function seedRound(amount: bigint, unit: bigint): bigint {
  let units = ceilDivide(amount, unit)
  let step = 1n
  while (units >= 100n) {
    units = ceilDivide(units, 10n)
    step *= 10n
  }
  return units * step * unit
}

/** The seed's control-plane table (one vendor's guidance), by worker count. */
export function controlPlaneFor(nodes: number): ControlPlaneSize {
  const size = (cores: number, gib: number, rule: string) => ({cpu: BigInt(cores) * NANO, memory: BigInt(gib) * Gi, rule})
  if (nodes <= 5) return size(4, 8, '1–5 nodes: 4 cores / 8Gi')
  if (nodes <= 20) return size(4, 16, '6–20 nodes: 4 cores / 16Gi')
  if (nodes <= 100) return size(8, 32, '21–100 nodes: 8 cores / 32Gi')
  if (nodes <= 200) return size(16, 64, '101–200 nodes: 16 cores / 64Gi')
  return size(32, 128, 'over 200 nodes: 32 cores / 128Gi or more (beyond the seed table; measure)')
}

function shapeKey(requests: ResourceAmounts): string {
  return orderedResources(Object.keys(requests))
    .filter((resource) => requests[resource]! > 0n)
    .map((resource) => `${resource}=${requests[resource]}`)
    .join(',')
}

/** Workloads grouped into pod shapes; redundancy adds ⌈count × r⌉ pods per shape. */
export function podShapes(workloads: Workload[], redundancy: Ratio): PodShape[] {
  const byKey = new Map<string, {names: string[]; requests: ResourceAmounts; count: number}>()
  for (const workload of workloads) {
    if (workload.perNode || workload.replicas <= 0) continue
    const key = shapeKey(workload.requests)
    const entry = byKey.get(key) ?? {names: [], requests: workload.requests, count: 0}
    entry.names.push(workload.name)
    entry.count += workload.replicas
    byKey.set(key, entry)
  }
  return [...byKey.values()].map((entry) => ({
    name: entry.names.length === 1 ? entry.names[0]! : entry.names.length <= 3 ? entry.names.join(', ') : `${entry.names[0]} and ${entry.names.length - 1} more`,
    requests: entry.requests,
    count: entry.count + Number(ceilDivide(BigInt(entry.count) * redundancy.numerator, redundancy.denominator)),
  }))
}

function describe(resource: string, amount: bigint): string {
  if (resource === 'cpu' && amount > 0n && amount < NANO) return `${formatResource(resource, amount * 1000n)}m cpu`
  const text = formatResource(resource, amount)
  return resource === 'cpu' ? `${text} core${text === '1' ? '' : 's'}` : text
}

export function computePlan(input: PlanInput): PlanResult {
  const warnings: string[] = []
  const {redundancy} = input
  const requests: ResourceAmounts = {}
  const limits: ResourceAmounts = {}
  const perNode: ResourceAmounts = {}
  const daemonSetNames: string[] = []
  let pods = 0
  let daemonSetPods = 0
  for (const workload of input.workloads) {
    if (workload.perNode) {
      addAmounts(perNode, workload.requests)
      daemonSetPods++
      daemonSetNames.push(workload.name)
      continue
    }
    addAmounts(requests, workload.requests, BigInt(workload.replicas))
    addAmounts(limits, workload.limits, BigInt(workload.replicas))
    pods += workload.replicas
  }
  const withRedundancy = multiplyRatio(requests, redundancy.denominator + redundancy.numerator, redundancy.denominator)
  const shapes = podShapes(input.workloads, redundancy)
  const totals: Totals = {
    pods,
    requests,
    withRedundancy,
    podsWithRedundancy: shapes.reduce((sum, shape) => sum + shape.count, 0),
    limits,
  }
  if (input.roundUp) {
    totals.rounded = {...withRedundancy}
    if (withRedundancy.cpu !== undefined) totals.rounded.cpu = seedRound(withRedundancy.cpu, NANO)
    if (withRedundancy.memory !== undefined) totals.rounded.memory = seedRound(withRedundancy.memory, Gi)
  }
  if (pods === 0 && daemonSetPods === 0) warnings.push('the plan has no workloads; give --cpu/--memory, -f plan.yaml or manifests, or --from-cluster')
  const options = input.nodeShapes.map((shape) => planForShape(input, shape, totals, shapes, perNode, daemonSetPods))
  return {
    sources: input.sources,
    redundancy,
    workloads: input.workloads,
    daemonSets: {perNode, podsPerNode: daemonSetPods, names: daemonSetNames},
    totals,
    options,
    warnings,
  }
}

function planForShape(input: PlanInput, shape: NodeShape, totals: Totals, shapes: PodShape[], daemonSetsPerNode: ResourceAmounts, daemonSetPods: number): NodePlan {
  const why: string[] = []
  const reservation: Reservation = shape.allocatable
    ? {provider: 'cluster', kubeReserved: {}, systemReserved: {}, eviction: {}, formula: "the live nodes' allocatable"}
    : reservationFor(input.reserved, shape.capacity, shape.maxPods, input.customReservation)
  const allocatable = shape.allocatable ?? allocatableOf(shape.capacity, reservation)
  const reserved = totalReserved(reservation)
  const freeForWorkloads: ResourceAmounts = {}
  for (const [resource, amount] of Object.entries(allocatable)) freeForWorkloads[resource] = amount - (daemonSetsPerNode[resource] ?? 0n)
  for (const [resource, amount] of Object.entries(daemonSetsPerNode)) {
    if (amount > 0n && (freeForWorkloads[resource] ?? 0n) < 0n) throw new PlanError(`the DaemonSets need ${describe(resource, amount)} ${resource} per node, more than a ${shape.name} node's allocatable ${describe(resource, allocatable[resource] ?? 0n)}`)
    if (amount > 0n && freeForWorkloads[resource] === undefined) throw new PlanError(`the DaemonSets request ${resource}, which a ${shape.name} node does not have`)
  }
  const podSlots = shape.maxPods - daemonSetPods
  if (podSlots < 0) throw new PlanError(`the ${daemonSetPods} DaemonSet pods exceed ${shape.name}'s ${shape.maxPods} max pods`)

  // Allocatable, and where it went.
  const allocatableParts = orderedResources(['cpu', 'memory', ...Object.keys(allocatable)])
    .filter((resource) => allocatable[resource] !== undefined && (resource === 'cpu' || resource === 'memory'))
    .map((resource) => {
      const cut = reserved[resource] ?? 0n
      return `${describe(resource, allocatable[resource]!)}${cut > 0n ? ` (${describe(resource, shape.capacity[resource] ?? 0n)} − ${describe(resource, cut)} reserved)` : ''}`
    })
  why.push(`allocatable per node: ${allocatableParts.join(', ')}; ${reservation.formula}`)
  if (daemonSetPods > 0) {
    why.push(
      `DaemonSets take ${orderedResources(Object.keys(daemonSetsPerNode)).map((resource) => describe(resource, daemonSetsPerNode[resource]!) + (resource === 'cpu' ? '' : ` ${resource}`)).join(', ')} and ${daemonSetPods} pod slot(s) on every node`,
    )
  }

  const packing = packPods({shapes, nodeFree: freeForWorkloads, podSlots})
  const unplaceable = packing.unplaceable.map((missing) =>
    missing.resource === 'pods'
      ? `${missing.name} fits on no ${shape.name} node: no pod slots left after DaemonSets (max pods ${shape.maxPods})`
      : `${missing.name} needs ${describe(missing.resource, missing.request)}${missing.resource === 'cpu' ? '' : ' ' + missing.resource} per pod, but a ${shape.name} node offers ${describe(missing.resource, missing.free)} after reservations and DaemonSets: it fits on no node of this shape`,
  )
  const shownFits = 6
  const fitsByPods = [...packing.fits].sort((a, b) => b.count - a.count)
  for (const fit of fitsByPods.slice(0, shownFits)) {
    if (fit.perNode === 0) continue
    const others = Object.entries(fit.limits)
      .filter(([resource]) => !fit.binding.split(' and ').includes(resource))
      .map(([resource, allowed]) => `${resource} would allow ${allowed}`)
      .join(', ')
    const shapeRequest = shapes.find((s) => s.name === fit.name)?.requests ?? {}
    const bound = fit.binding.split(' and ')[0]!
    const request = shapeRequest[bound]
    const bindingText =
      bound === 'pods'
        ? `max pods binds (${podSlots} slots)`
        : `${fit.binding} bind${fit.binding.includes(' and ') ? '' : 's'} (${fit.perNode} × ${describe(bound, request ?? 0n)} = ${describe(bound, (request ?? 0n) * BigInt(fit.perNode))} of ${describe(bound, freeForWorkloads[bound] ?? 0n)}; one more needs ${describe(bound, (request ?? 0n) * BigInt(fit.perNode + 1))})`
    const spec = orderedResources(Object.keys(shapeRequest)).filter((resource) => shapeRequest[resource]! > 0n).map((resource) => describe(resource, shapeRequest[resource]!)).join(' / ')
    why.push(`${fit.perNode} pods per node of ${spec || 'pods without requests'} (${fit.name}): ${bindingText}${others ? `; ${others}` : ''}`)
  }

  if (fitsByPods.length > shownFits) why.push(`… and ${fitsByPods.length - shownFits} more pod shapes (see -o json nodes.fits)`)
  for (const line of unplaceable) why.push(`NOT PLACED: ${line}`)
  const lowerBounds: Record<string, number> = {}
  for (const [resource, amount] of Object.entries(totals.withRedundancy)) {
    const free = freeForWorkloads[resource] ?? 0n
    if (amount > 0n && free > 0n) lowerBounds[resource] = Number(ceilDivide(amount, free))
  }
  if (podSlots > 0) lowerBounds.pods = Math.ceil(totals.podsWithRedundancy / podSlots)
  const needed = Math.max(packing.nodes, ...Object.values(lowerBounds), totals.pods + daemonSetPods > 0 ? 1 : 0)
  const boundText = Object.entries(lowerBounds)
    .sort((a, b) => b[1] - a[1])
    .map(([resource, nodes]) => `${resource} ${nodes}`)
    .join(', ')
  const extraPods = totals.podsWithRedundancy - totals.pods
  why.push(
    `${needed} node(s) hold ${totals.podsWithRedundancy} pods` +
      (extraPods > 0 ? ` (${totals.pods} + ${extraPods} for ${formatPercent(input.redundancy)} redundancy)` : '') +
      ` packed whole; totals alone would need ${boundText || '0'}`,
  )

  let count = needed
  if (input.spareNodes > 0) {
    count = needed + input.spareNodes
    why.push(`+${input.spareNodes} spare (--spare-nodes): losing any ${input.spareNodes} node(s) still leaves ${needed}`)
  }
  let perZone: number | undefined
  if (input.zones > 1) {
    const zoneTotal = input.zones * Math.ceil(needed / (input.zones - 1))
    if (zoneTotal > count) {
      why.push(`${zoneTotal} for ${input.zones} zones: ${zoneTotal / input.zones} per zone, so losing a zone leaves ${zoneTotal - zoneTotal / input.zones} ≥ ${needed}`)
      count = zoneTotal
    } else {
      why.push(`${input.zones} zones: losing one leaves ${count - Math.ceil(count / input.zones)} ≥ ${needed}`)
    }
    perZone = Math.ceil(count / input.zones)
  }
  if (input.maxLoss && input.maxLoss.numerator > 0n) {
    const floor = Number(ceilDivide(input.maxLoss.denominator, input.maxLoss.numerator))
    if (floor > count) {
      why.push(`${floor} so one node is at most ${formatPercent(input.maxLoss)} of the capacity (--max-loss)`)
      count = floor
    } else {
      why.push(`one node is ${formatPercent({numerator: 1n, denominator: BigInt(count)})} of the capacity, within --max-loss ${formatPercent(input.maxLoss)}`)
    }
  }

  const totalRequests = addAmounts({...totals.withRedundancy}, daemonSetsPerNode, BigInt(count))
  const totalAllocatable: ResourceAmounts = {}
  for (const [resource, amount] of Object.entries(allocatable)) totalAllocatable[resource] = amount * BigInt(count)
  const controlPlane = controlPlaneFor(count)
  why.push(`control plane: ${describe('cpu', controlPlane.cpu)} / ${describe('memory', controlPlane.memory)} (${controlPlane.rule})`)

  const plan: NodePlan = {
    shape,
    reservation,
    allocatable,
    freeForWorkloads,
    podSlots,
    packing,
    lowerBounds,
    needed,
    count,
    controlPlane,
    totalRequests,
    totalAllocatable,
    why,
    unplaceable,
  }
  if (perZone !== undefined) plan.perZone = perZone
  const net = input.network
  if (net.podCidr || net.serviceCidr || net.vpcCidrs.length > 0) {
    plan.network = checkNetwork({
      podCidr: net.podCidr,
      serviceCidr: net.serviceCidr,
      vpcCidrs: net.vpcCidrs,
      nodePodCidrMask: net.nodePodCidrMask,
      defaultMask: input.reserved === 'gke' && !shape.allocatable ? {mask: gkeNodePodMask(shape.maxPods), source: `GKE rule: at least 2 × ${shape.maxPods} max pods`} : undefined,
      nodes: count,
      maxPods: shape.maxPods,
    })
  }
  return plan
}

/** Pods of one shape that fit on an empty node of a plan (for the interactive view). */
export function podsPerNode(plan: NodePlan, requests: ResourceAmounts): number {
  return fitCount(requests, plan.freeForWorkloads, plan.podSlots).fit
}
