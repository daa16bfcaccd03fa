/**
 * The spare-capacity rule: after losing any one node (or, with zones, the fullest zone's
 * nodes), the pods that ran there must fit on the free space of the nodes that are left,
 * without moving the pods already running. Checked on the packed layout.
 */
import type {ResourceAmounts} from './model.js'
import {cloneGroups, decreasingOrder, emptyGroup, fillGroups} from './packing.js'
import type {NodeGroup, PackingResult, PodShape} from './packing.js'

export interface LossCheck {
  /** Nodes lost: 1, or a zone's share. */
  lost: number
  /** Nodes left after the loss. */
  left: number
  /** Pods that ran on the lost nodes (the fullest ones). */
  evicted: number
  /** Of those, how many fit on the free space left. */
  replaced: number
  absorbed: boolean
  /** With one pod shape: pod slots on the nodes left, and all pods (the "35 slots for 40 pods" figure). */
  slotsLeft?: number
  pods: number
}

interface Layout {
  packing: PackingResult
  shapes: PodShape[]
  nodeFree: ResourceAmounts
  podSlots: number
}

/** Takes the `lost` fullest nodes out of a copy of the layout and returns them and what is left. */
function removeFullest(groups: NodeGroup[], lost: number): {removed: Map<number, number>; evicted: number} {
  const removed = new Map<number, number>()
  let evicted = 0
  let toRemove = lost
  for (const group of [...groups].sort((a, b) => b.pods - a.pods)) {
    if (toRemove === 0) break
    const taken = Math.min(group.count, toRemove)
    group.count -= taken
    toRemove -= taken
    evicted += group.pods * taken
    for (const [shape, pods] of group.contents) removed.set(shape, (removed.get(shape) ?? 0) + pods * taken)
  }
  return {removed, evicted}
}

/** Can `total` nodes of this layout lose their `lost` fullest nodes and re-place those pods? */
export function checkLoss(layout: Layout, total: number, lost: number): LossCheck {
  const {packing, shapes, nodeFree, podSlots} = layout
  const pods = packing.groups.reduce((sum, group) => sum + group.pods * group.count, 0)
  const groups = cloneGroups(packing.groups)
  const empty = total - packing.nodes
  if (empty > 0) groups.push(emptyGroup(empty, nodeFree, podSlots))
  const {removed, evicted} = removeFullest(groups, Math.min(lost, total))
  const remaining = groups.filter((group) => group.count > 0)
  let unplaced = 0
  for (const index of decreasingOrder(shapes, nodeFree, podSlots)) {
    const count = removed.get(index) ?? 0
    if (count > 0) unplaced += fillGroups(remaining, {...shapes[index]!, count}, index, count)
  }
  const left = Math.max(0, total - lost)
  const check: LossCheck = {lost, left, evicted, replaced: evicted - unplaced, absorbed: unplaced === 0 && (left > 0 || pods === 0), pods}
  const placed = packing.fits.filter((fit) => fit.perNode > 0)
  if (placed.length === 1) check.slotsLeft = left * placed[0]!.perNode
  return check
}

/** The fewest extra nodes (0 when none) after which losing `lost(total)` nodes is absorbed. */
export function extraNodesForLoss(layout: Layout, total: number, lost: (nodes: number) => number, limit = 1000): number | undefined {
  for (let extra = 0; extra <= limit; extra++) {
    if (checkLoss(layout, total + extra, lost(total + extra)).absorbed) return extra
  }
  return undefined
}
