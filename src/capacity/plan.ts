/**
 * The capacity plan as data: total = Σ workloads × replicas × spec × (1 + redundancy),
 * DaemonSets on the nodes they select, then for each node shape: allocatable after
 * reservations, whole-pod packing, spare nodes, zone loss, tolerated loss, the N−1 check,
 * control plane and the network. report.ts turns this into the "why" lines.
 */
import {CapacityError} from './errors.js'
import {checkLoss, extraNodesForLoss} from './failures.js'
import type {LossCheck} from './failures.js'
import {addAmounts, orderedResources} from './model.js'
import type {NodeSelection, NodeShape, PlanInput, ResourceAmounts, Workload} from './model.js'
import {checkNetwork, defaultNodePodMask} from './network.js'
import type {NetworkCheck} from './network.js'
import {fitCount, packPods} from './packing.js'
import type {PackingResult, PodShape, Unplaceable} from './packing.js'
import {NANO, ceilDivide, describeAmount} from './quantity.js'
import type {Ratio} from './quantity.js'
import {allocatableOf, reservationFor} from './reservations.js'
import type {Reservation} from './reservations.js'

const Gi = 2n ** 30n * NANO

export interface Totals {
  /** Workload pods (not DaemonSets) that run at once, before redundancy. */
  pods: number
  /** Workload requests before redundancy. */
  requests: ResourceAmounts
  /** Workload requests × (1 + redundancy), rounded up to the nano-unit: the guide's total. */
  withRedundancy: ResourceAmounts
  /** The guide's rounding (--round): whole cores and GiB, then two significant digits. */
  rounded?: ResourceAmounts
  /** Pods placed: pods + ⌈pods × redundancy⌉, the redundancy a share of all pods. */
  podsWithRedundancy: number
  limits: ResourceAmounts
}

export interface ControlPlaneSize {
  /** Control-plane nodes: 3, so etcd keeps its quorum with one of them down. */
  nodes: number
  /** Per control-plane node. */
  cpu: bigint
  memory: bigint
  rule: string
  source: string
}

export const controlPlaneSource = "ACK's guide to choosing ECS instances for master and worker nodes (alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/select-ecs-instances-to-create-the-master-and-worker-nodes-of-an-ack-cluster)"

export interface DaemonSetLoad {
  perNode: ResourceAmounts
  pods: number
  names: string[]
  /** DaemonSets whose node selection matches no node of this shape: not charged here. */
  skipped: string[]
}

export interface FailureSizing {
  spareNodes: number
  zones: number
  perZone?: number
  /** Nodes the zone rule asks for ((zones − 1) zones hold the workloads). */
  zoneNodes?: number
  maxLoss?: {ratio: Ratio; floor: number}
  /** Losing any one node (the fullest). */
  nodeLoss: LossCheck
  /** With zones: losing the fullest zone's nodes. */
  zoneLoss?: LossCheck
  /** When a loss is not absorbed: the --spare-nodes that absorbs it. */
  suggestedSpareNodes?: number
}

export interface NodePlan {
  shape: NodeShape
  reservation: Reservation
  allocatable: ResourceAmounts
  /** Allocatable minus the DaemonSets every node runs. */
  freeForWorkloads: ResourceAmounts
  podSlots: number
  daemonSets: DaemonSetLoad
  packing: PackingResult
  /** Nodes each resource alone needs from the placeable totals (no packing). */
  lowerBounds: Record<string, number>
  /** Nodes that hold the placeable workloads. */
  needed: number
  /** Final node count with spares, zones and tolerated loss. */
  count: number
  failures: FailureSizing
  controlPlane: ControlPlaneSize
  /** Everything requested on `count` nodes: placeable workloads with redundancy plus DaemonSets × count. */
  totalRequests: ResourceAmounts
  /** count × allocatable. */
  totalAllocatable: ResourceAmounts
  /** Pod shapes that fit on no node of this shape: left out of the count. */
  unplaceable: Unplaceable[]
  network?: NetworkCheck
}

export interface PlanResult {
  sources: string[]
  reservedSource: string
  redundancy: Ratio
  workloads: Workload[]
  daemonSets: {perNode: ResourceAmounts; podsPerNode: number; names: string[]}
  totals: Totals
  shapes: PodShape[]
  options: NodePlan[]
  recommendations?: Recommendation[]
  warnings: string[]
}

export interface Recommendation {
  provider: string
  family: string
  plan: NodePlan
  /** Share of the provisioned allocatable (cpu and memory averaged) left unrequested. */
  waste: number
  /** One node's share of the cluster's capacity. */
  nodeShare: number
  source: string
}

export class PlanError extends CapacityError {
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

/** The ACK guide's control-plane table (one vendor's guidance), by worker count; 3 nodes for HA. */
export function controlPlaneFor(nodes: number): ControlPlaneSize {
  const size = (cores: number, gib: number, rule: string) => ({nodes: 3, cpu: BigInt(cores) * NANO, memory: BigInt(gib) * Gi, rule, source: controlPlaneSource})
  if (nodes <= 5) return size(4, 8, '1–5 nodes: 4 cores / 8Gi')
  if (nodes <= 20) return size(4, 16, '6–20 nodes: 4 cores / 16Gi')
  if (nodes <= 100) return size(8, 32, '21–100 nodes: 8 cores / 32Gi')
  if (nodes <= 200) return size(16, 64, '101–200 nodes: 16 cores / 64Gi')
  return size(32, 128, 'over 200 nodes: 32 cores / 128Gi or more (beyond the guide table; measure)')
}

function shapeKey(requests: ResourceAmounts): string {
  return orderedResources(Object.keys(requests))
    .filter((resource) => requests[resource]! > 0n)
    .map((resource) => `${resource}=${requests[resource]}`)
    .join(',')
}

/** Larger first: cpu, then memory, then the rest (ties of the redundancy share go to larger pods). */
function compareSize(a: ResourceAmounts, b: ResourceAmounts): number {
  for (const resource of orderedResources([...Object.keys(a), ...Object.keys(b)])) {
    const difference = (b[resource] ?? 0n) - (a[resource] ?? 0n)
    if (difference !== 0n) return difference > 0n ? 1 : -1
  }
  return 0
}

/**
 * Workloads grouped into pod shapes. Redundancy is a share of all pods: ⌈pods × r⌉ extra
 * pods, handed to the shapes by largest remainder of count × r, ties to the larger pods.
 */
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
  const entries = [...byKey.values()]
  const total = BigInt(entries.reduce((sum, entry) => sum + entry.count, 0))
  const extra = ceilDivide(total * redundancy.numerator, redundancy.denominator)
  const quotas = entries.map((entry) => ({exact: BigInt(entry.count) * extra, share: (BigInt(entry.count) * extra) / (total || 1n)}))
  let left = extra - quotas.reduce((sum, quota) => sum + quota.share, 0n)
  const order = entries
    .map((entry, index) => ({index, remainder: quotas[index]!.exact % (total || 1n), requests: entry.requests}))
    .sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : compareSize(a.requests, b.requests)))
  for (const {index} of order) {
    if (left <= 0n) break
    quotas[index]!.share++
    left--
  }
  return entries.map((entry, index) => ({
    name: entry.names.length === 1 ? entry.names[0]! : entry.names.length <= 3 ? entry.names.join(', ') : `${entry.names[0]} and ${entry.names.length - 1} more`,
    requests: entry.requests,
    count: entry.count + Number(quotas[index]!.share),
    baseCount: entry.count,
  }))
}

function sumWorkloads(input: PlanInput): {requests: ResourceAmounts; limits: ResourceAmounts; pods: number; daemonSets: PlanResult['daemonSets']} {
  const requests: ResourceAmounts = {}
  const limits: ResourceAmounts = {}
  const daemonSets: PlanResult['daemonSets'] = {perNode: {}, podsPerNode: 0, names: []}
  let pods = 0
  for (const workload of input.workloads) {
    if (workload.perNode) {
      addAmounts(daemonSets.perNode, workload.requests)
      daemonSets.podsPerNode++
      daemonSets.names.push(workload.name)
      continue
    }
    addAmounts(requests, workload.requests, BigInt(workload.replicas))
    addAmounts(limits, workload.limits, BigInt(workload.replicas))
    pods += workload.replicas
  }
  return {requests, limits, pods, daemonSets}
}

export function computeTotals(input: PlanInput, shapes: PodShape[]): {totals: Totals; daemonSets: PlanResult['daemonSets']} {
  const {redundancy} = input
  const {requests, limits, pods, daemonSets} = sumWorkloads(input)
  const withRedundancy = multiplyRatio(requests, redundancy.denominator + redundancy.numerator, redundancy.denominator)
  const totals: Totals = {pods, requests, withRedundancy, podsWithRedundancy: shapes.reduce((sum, shape) => sum + shape.count, 0), limits}
  if (input.roundUp) {
    totals.rounded = {...withRedundancy}
    if (withRedundancy.cpu !== undefined) totals.rounded.cpu = seedRound(withRedundancy.cpu, NANO)
    if (withRedundancy.memory !== undefined) totals.rounded.memory = seedRound(withRedundancy.memory, Gi)
  }
  return {totals, daemonSets}
}

export function computePlan(input: PlanInput, rank?: (input: PlanInput, context: ShapeContext) => Recommendation[]): PlanResult {
  const shapes = podShapes(input.workloads, input.redundancy)
  const {totals, daemonSets} = computeTotals(input, shapes)
  const warnings = [...input.warnings]
  if (totals.pods === 0 && daemonSets.podsPerNode === 0) warnings.push('the plan has no workloads; give --cpu/--memory, -f plan.yaml or manifests, or --from-cluster')
  const context: ShapeContext = {totals, shapes}
  let options = input.nodeShapes.map((shape) => planForShape(input, shape, context))
  const result: PlanResult = {sources: input.sources, reservedSource: input.reservedSource, redundancy: input.redundancy, workloads: input.workloads, daemonSets, totals, shapes, options, warnings}
  if (input.recommend !== 'off' && rank) {
    result.recommendations = rank(input, context)
    const best = result.recommendations[0]
    if (input.recommend === 'use' && best) options = [best.plan, ...options]
    result.options = options
  }
  return result
}

export interface ShapeContext {
  totals: Totals
  shapes: PodShape[]
}

function nodeAllocatable(input: PlanInput, shape: NodeShape): {reservation: Reservation; allocatable: ResourceAmounts} {
  if (shape.allocatable) {
    return {reservation: {provider: 'cluster', kubeReserved: {}, systemReserved: {}, eviction: {}, formula: "the live nodes' allocatable"}, allocatable: shape.allocatable}
  }
  const reservation = reservationFor(input.reserved, shape.capacity, shape.maxPods, input.customReservation)
  return {reservation, allocatable: allocatableOf(shape.capacity, reservation)}
}

const defaultNodeLabels: Record<string, string> = {'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64'}

/** Does a DaemonSet's nodeSelector and required node affinity select nodes with these labels? */
export function selectsNode(selection: NodeSelection | undefined, labels: Record<string, string>): boolean {
  if (!selection) return true
  for (const [key, value] of Object.entries(selection.nodeSelector)) if (labels[key] !== value) return false
  if (selection.terms.length === 0) return true
  return selection.terms.some((term) =>
    term.every(({key, operator, values}) => {
      const value = labels[key]
      if (operator === 'In') return value !== undefined && values.includes(value)
      if (operator === 'NotIn') return value === undefined || !values.includes(value)
      if (operator === 'Exists') return value !== undefined
      if (operator === 'DoesNotExist') return value === undefined
      if (operator === 'Gt' || operator === 'Lt') return value !== undefined && (operator === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]))
      return false
    }),
  )
}

function daemonSetsFor(workloads: Workload[], shape: NodeShape): DaemonSetLoad {
  const load: DaemonSetLoad = {perNode: {}, pods: 0, names: [], skipped: []}
  const labels = shape.labels ?? defaultNodeLabels
  for (const workload of workloads) {
    if (!workload.perNode) continue
    if (!selectsNode(workload.nodeSelection, labels)) {
      load.skipped.push(workload.name)
      continue
    }
    addAmounts(load.perNode, workload.requests)
    load.pods++
    load.names.push(workload.name)
  }
  return load
}

function freeAfterDaemonSets(shape: NodeShape, allocatable: ResourceAmounts, load: DaemonSetLoad): {free: ResourceAmounts; podSlots: number} {
  const free: ResourceAmounts = {}
  for (const [resource, amount] of Object.entries(allocatable)) free[resource] = amount - (load.perNode[resource] ?? 0n)
  for (const [resource, amount] of Object.entries(load.perNode)) {
    if (amount > 0n && free[resource] === undefined) throw new PlanError(`the DaemonSets request ${resource}, which a ${shape.name} node does not have`)
    if (amount > 0n && free[resource]! < 0n) throw new PlanError(`the DaemonSets need ${describeAmount(resource, amount)} per node, more than a ${shape.name} node's allocatable ${describeAmount(resource, allocatable[resource] ?? 0n)}`)
  }
  const podSlots = shape.maxPods - load.pods
  if (podSlots < 0) throw new PlanError(`the ${load.pods} DaemonSet pods exceed ${shape.name}'s ${shape.maxPods} max pods`)
  return {free, podSlots}
}

/** Nodes each resource alone needs: the placeable pods' exact requests × (1 + r) over the free space. */
function lowerBoundsFor(input: PlanInput, shapes: PodShape[], packing: PackingResult, free: ResourceAmounts, podSlots: number): Record<string, number> {
  const placeable = shapes.filter((shape) => packing.fits.some((fit) => fit.name === shape.name && fit.perNode > 0))
  const requests: ResourceAmounts = {}
  for (const shape of placeable) addAmounts(requests, shape.requests, BigInt(shape.baseCount ?? shape.count))
  const {numerator, denominator} = input.redundancy
  const bounds: Record<string, number> = {}
  for (const [resource, amount] of Object.entries(multiplyRatio(requests, denominator + numerator, denominator))) {
    const available = free[resource] ?? 0n
    if (amount > 0n && available > 0n) bounds[resource] = Number(ceilDivide(amount, available))
  }
  const pods = placeable.reduce((sum, shape) => sum + shape.count, 0)
  if (podSlots > 0 && pods > 0) bounds.pods = Math.ceil(pods / podSlots)
  return bounds
}

function failureSizing(input: PlanInput, layout: Parameters<typeof checkLoss>[0], needed: number): {count: number; failures: FailureSizing} {
  const zones = input.zones
  let count = needed + input.spareNodes
  const failures = {spareNodes: input.spareNodes, zones} as FailureSizing
  if (zones > 1 && needed > 0) {
    failures.zoneNodes = zones * Math.ceil(needed / (zones - 1))
    count = Math.max(count, failures.zoneNodes)
  }
  if (input.maxLoss && input.maxLoss.numerator > 0n) {
    const floor = Number(ceilDivide(input.maxLoss.denominator, input.maxLoss.numerator))
    failures.maxLoss = {ratio: input.maxLoss, floor}
    count = Math.max(count, floor)
  }
  const perZone = (nodes: number) => (zones > 1 ? Math.ceil(nodes / zones) : 1)
  if (zones > 1) failures.perZone = perZone(count)
  failures.nodeLoss = checkLoss(layout, count, 1)
  if (zones > 1) failures.zoneLoss = checkLoss(layout, count, perZone(count))
  if (!failures.nodeLoss.absorbed || (failures.zoneLoss && !failures.zoneLoss.absorbed)) {
    const extra = extraNodesForLoss(layout, count, perZone)
    if (extra !== undefined) failures.suggestedSpareNodes = input.spareNodes + extra
  }
  return {count, failures}
}

export function planForShape(input: PlanInput, shape: NodeShape, context: ShapeContext): NodePlan {
  const {totals, shapes} = context
  const {reservation, allocatable} = nodeAllocatable(input, shape)
  const daemonSets = daemonSetsFor(input.workloads, shape)
  const {free, podSlots} = freeAfterDaemonSets(shape, allocatable, daemonSets)
  const packing = packPods({shapes, nodeFree: free, podSlots})
  const lowerBounds = lowerBoundsFor(input, shapes, packing, free, podSlots)
  const placedPods = packing.groups.reduce((sum, group) => sum + group.pods * group.count, 0)
  const onlyDaemonSets = totals.pods === 0 && daemonSets.pods > 0 ? 1 : 0
  const needed = Math.max(packing.nodes, ...Object.values(lowerBounds), placedPods > 0 ? 1 : onlyDaemonSets)
  const {count, failures} = failureSizing(input, {packing, shapes, nodeFree: free, podSlots}, needed)
  const placedRequests: ResourceAmounts = {}
  for (const shapeOf of shapes) {
    if (packing.unplaceable.some((missing) => missing.name === shapeOf.name)) continue
    addAmounts(placedRequests, shapeOf.requests, BigInt(shapeOf.baseCount ?? shapeOf.count))
  }
  const {numerator, denominator} = input.redundancy
  const totalRequests = addAmounts(multiplyRatio(placedRequests, denominator + numerator, denominator), daemonSets.perNode, BigInt(count))
  const totalAllocatable: ResourceAmounts = {}
  for (const [resource, amount] of Object.entries(allocatable)) totalAllocatable[resource] = amount * BigInt(count)
  const plan: NodePlan = {shape, reservation, allocatable, freeForWorkloads: free, podSlots, daemonSets, packing, lowerBounds, needed, count, failures, controlPlane: controlPlaneFor(count), totalRequests, totalAllocatable, unplaceable: packing.unplaceable}
  const network = networkFor(input, shape, count)
  if (network) plan.network = network
  return plan
}

function networkFor(input: PlanInput, shape: NodeShape, nodes: number): NetworkCheck | undefined {
  const net = input.network
  if (net.podCidr === undefined && net.serviceCidr === undefined && net.vpcCidrs.length === 0) return undefined
  return checkNetwork({
    podCidr: net.podCidr,
    serviceCidr: net.serviceCidr,
    vpcCidrs: net.vpcCidrs,
    nodePodCidrMask: net.nodePodCidrMask,
    defaultMask: (version) => defaultNodePodMask(shape.allocatable ? 'cluster' : input.reserved, version, shape.maxPods),
    nodes,
    maxPods: shape.maxPods,
  })
}

/** Pods of one shape that fit on an empty node of a plan (for the interactive view). */
export function podsPerNode(plan: NodePlan, requests: ResourceAmounts): number {
  return fitCount(requests, plan.freeForWorkloads, plan.podSlots).fit
}
