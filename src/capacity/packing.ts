/**
 * Bin-packing of whole pods onto identical nodes: first-fit decreasing over pod shapes.
 * Nodes in the same state are kept as one group with a count, so packing 60,000 pods of a
 * few hundred shapes stays cheap.
 */
import type {ResourceAmounts} from './model.js'

export interface PodShape {
  /** A label for reports (workload name, or "12 workloads"). */
  name: string
  requests: ResourceAmounts
  count: number
  /** Pods before redundancy (count − baseCount is this shape's share of the redundancy pods). */
  baseCount?: number
}

export interface PackingInput {
  shapes: PodShape[]
  /** What one empty node offers the workloads (allocatable minus DaemonSets). */
  nodeFree: ResourceAmounts
  /** Pod slots one empty node offers the workloads (max pods minus DaemonSet pods). */
  podSlots: number
}

/** What limits how many pods of a shape fit on an empty node. */
export interface ShapeFit {
  name: string
  count: number
  /** Pods of this shape one empty node holds. */
  perNode: number
  /** The resources that bind (several on a tie): cpu, memory, ..., or `pods` (max pods per node). */
  binding: string[]
  /** For each requested resource: how many pods it alone would allow. */
  limits: Record<string, number>
}

export interface PackingResult {
  nodes: number
  /** The most workload pods the packing placed on one node. */
  podsPerNode: number
  fits: ShapeFit[]
  /** Shapes that fit on no node, with the resource that is short; they are not in `nodes`. */
  unplaceable: Unplaceable[]
  /** The packed nodes, grouped by identical state (for the loss checks). */
  groups: NodeGroup[]
}

export interface Unplaceable {
  name: string
  /** The short resource, or `pods` when no pod slot is left. */
  resource: string
  request: bigint
  free: bigint
  count: number
}

/** `count` nodes in the same state; `contents[i]` pods of input shape i on each. */
export interface NodeGroup {
  count: number
  free: ResourceAmounts
  slots: number
  pods: number
  contents: Map<number, number>
}

function requestedResources(requests: ResourceAmounts): string[] {
  return Object.keys(requests).filter((resource) => requests[resource]! > 0n)
}

/** Pods of `requests` that fit in `free` with `slots` pod slots; per-resource limits beside. */
export function fitCount(requests: ResourceAmounts, free: ResourceAmounts, slots: number): {fit: number; binding: string[]; limits: Record<string, number>} {
  let fit = Math.max(0, slots)
  let binding = ['pods']
  const limits: Record<string, number> = {pods: Math.max(0, slots)}
  for (const resource of requestedResources(requests)) {
    const available = free[resource] ?? 0n
    const allowed = available <= 0n ? 0 : Number(available / requests[resource]!)
    limits[resource] = allowed
    if (allowed < fit) {
      fit = allowed
      binding = [resource]
    } else if (allowed === fit && binding[0] !== 'pods') {
      binding.push(resource)
    }
  }
  return {fit, binding, limits}
}

function take(group: NodeGroup, requests: ResourceAmounts, pods: number, shape: number): void {
  for (const resource of requestedResources(requests)) group.free[resource] = (group.free[resource] ?? 0n) - requests[resource]! * BigInt(pods)
  group.slots -= pods
  group.pods += pods
  group.contents.set(shape, (group.contents.get(shape) ?? 0) + pods)
}

function copyGroup(group: NodeGroup, count: number): NodeGroup {
  return {count, free: {...group.free}, slots: group.slots, pods: group.pods, contents: new Map(group.contents)}
}

function split(groups: NodeGroup[], index: number, keep: number): void {
  const group = groups[index]!
  if (keep >= group.count) return
  groups.splice(index + 1, 0, copyGroup(group, group.count - keep))
  group.count = keep
}

export function emptyGroup(count: number, free: ResourceAmounts, slots: number): NodeGroup {
  return {count, free: {...free}, slots, pods: 0, contents: new Map()}
}

export function cloneGroups(groups: NodeGroup[]): NodeGroup[] {
  return groups.map((group) => copyGroup(group, group.count))
}

/** First fit of `remaining` pods of one shape into existing groups; returns the pods left over. */
export function fillGroups(groups: NodeGroup[], shape: PodShape, shapeIndex: number, remaining: number): number {
  for (let index = 0; index < groups.length && remaining > 0; index++) {
    const group = groups[index]!
    const {fit} = fitCount(shape.requests, group.free, group.slots)
    if (fit === 0) continue
    const fullNodes = Math.floor(remaining / fit)
    if (fullNodes > 0) {
      split(groups, index, fullNodes)
      take(group, shape.requests, fit, shapeIndex)
      remaining -= group.count * fit
    } else {
      split(groups, index, 1)
      take(group, shape.requests, remaining, shapeIndex)
      remaining = 0
    }
  }
  return remaining
}

/** Dominant share of an empty node a pod of this shape takes: the ordering key of first-fit decreasing. */
function dominantShare(requests: ResourceAmounts, free: ResourceAmounts, slots: number): number {
  let share = slots > 0 ? 1 / slots : 1
  for (const resource of requestedResources(requests)) {
    const available = free[resource] ?? 0n
    // Ordering only: a float is fine here, the amounts themselves stay exact.
    share = Math.max(share, available > 0n ? Number(requests[resource]!) / Number(available) : Infinity)
  }
  return share
}

/** Shape indexes in first-fit-decreasing order (largest dominant share of an empty node first). */
export function decreasingOrder(shapes: PodShape[], nodeFree: ResourceAmounts, podSlots: number): number[] {
  return shapes
    .map((shape, index) => ({index, share: dominantShare(shape.requests, nodeFree, podSlots)}))
    .filter(({index}) => shapes[index]!.count > 0)
    .sort((a, b) => b.share - a.share)
    .map((entry) => entry.index)
}

export function packPods(input: PackingInput): PackingResult {
  const {nodeFree, podSlots} = input
  const fits: ShapeFit[] = []
  const unplaceable: Unplaceable[] = []
  const groups: NodeGroup[] = []
  for (const index of decreasingOrder(input.shapes, nodeFree, podSlots)) {
    const shape = input.shapes[index]!
    const empty = fitCount(shape.requests, nodeFree, podSlots)
    fits.push({name: shape.name, count: shape.count, perNode: empty.fit, binding: empty.binding, limits: empty.limits})
    if (empty.fit === 0) {
      const resource = empty.binding[0]!
      unplaceable.push({name: shape.name, resource, request: resource === 'pods' ? 1n : shape.requests[resource]!, free: resource === 'pods' ? BigInt(Math.max(0, podSlots)) : (nodeFree[resource] ?? 0n), count: shape.count})
      continue
    }
    const remaining = fillGroups(groups, shape, index, shape.count)
    if (remaining > 0) {
      groups.push(emptyGroup(Math.ceil(remaining / empty.fit), nodeFree, podSlots))
      fillGroups(groups, shape, index, remaining)
    }
  }
  const nodes = groups.reduce((sum, group) => sum + group.count, 0)
  const podsPerNode = groups.reduce((most, group) => Math.max(most, group.pods), 0)
  return {nodes, podsPerNode, fits, unplaceable, groups}
}

/**
 * Places pods onto existing nodes with the given free space (a live cluster), first-fit
 * decreasing; returns what did not fit.
 */
export function placeOnNodes(shapes: PodShape[], nodes: Array<{free: ResourceAmounts; slots: number}>): {placed: number; unplaced: Array<{name: string; count: number}>} {
  const groups: NodeGroup[] = nodes.map((node) => emptyGroup(1, node.free, node.slots))
  const reference = nodes[0]?.free ?? {}
  const sorted = [...shapes].sort(
    (a, b) => dominantShare(b.requests, reference, nodes[0]?.slots ?? 110) - dominantShare(a.requests, reference, nodes[0]?.slots ?? 110),
  )
  let placed = 0
  const unplaced: Array<{name: string; count: number}> = []
  for (const shape of sorted) {
    let remaining = shape.count
    for (const group of groups) {
      if (remaining === 0) break
      const {fit} = fitCount(shape.requests, group.free, group.slots)
      const count = Math.min(fit, remaining)
      if (count > 0) {
        take(group, shape.requests, count, 0)
        remaining -= count
        placed += count
      }
    }
    if (remaining > 0) unplaced.push({name: shape.name, count: remaining})
  }
  return {placed, unplaced}
}
