/**
 * The node list's capacity columns, from the capacity core's snapshot (readSnapshot, as the
 * capacity view reads it): requests of every pod on the node against its allocatable, and
 * utilisation from metrics.k8s.io when the cluster serves it (`-` otherwise).
 */
import type {ClusterSnapshot, NodeRecord} from '../../capacity/cluster.js'
import type {ObjectRow} from './object-row.js'
import type {PodRow} from './pod-rows.js'

export const nodeUsageColumns = ['CPU REQ', 'MEM REQ', 'CPU USE', 'MEM USE', 'PODS'] as const

/** The cells of one node, in the order of nodeUsageColumns. */
export type NodeUsageCells = string[]

/** `part` of `whole` as a whole percentage (`-` when either is unknown or the whole is 0). */
export function percentText(part: bigint | undefined, whole: bigint | undefined): string {
  if (part === undefined || whole === undefined || whole <= 0n) return '-'
  return `${(part * 100n) / whole}%`
}

export function nodeUsageCells(node: NodeRecord): NodeUsageCells {
  const allocatable = node.allocatable
  return [
    percentText(node.allRequests.cpu ?? 0n, allocatable.cpu),
    percentText(node.allRequests.memory ?? 0n, allocatable.memory),
    percentText(node.usage?.cpu, allocatable.cpu),
    percentText(node.usage?.memory, allocatable.memory),
    allocatable.pods ? `${node.allPods}/${(allocatable.pods / 1_000_000_000n).toString()}` : String(node.allPods),
  ]
}

/** Where the node list's capacity cells come from (node name → its cells). */
export type NodeUsageSource = () => Promise<Map<string, NodeUsageCells>>

/** What the pods on one node ask of it: how many (not ended) and their requests summed. */
export interface NodePods {
  pods: number
  cpu: bigint
  memory: bigint
}

/** Node name → its pods' requests, from pod rows the dash already holds (every pod of the cluster). */
export function nodePodSums(rows: Iterable<PodRow>): Map<string, NodePods> {
  const sums = new Map<string, NodePods>()
  for (const row of rows) {
    if (!row.node || !row.requests) continue
    let sum = sums.get(row.node)
    if (!sum) sums.set(row.node, (sum = {pods: 0, cpu: 0n, memory: 0n}))
    sum.pods++
    sum.cpu += row.requests.cpu
    sum.memory += row.requests.memory
  }
  return sums
}

/** Node name → its capacity cells. */
export function nodeUsageByName(snapshot: ClusterSnapshot): Map<string, NodeUsageCells> {
  return new Map(snapshot.nodes.map((node) => [node.name, nodeUsageCells(node)]))
}

/**
 * The node rows with their capacity cells filled in (the kind's cells leave them blank); a node
 * the snapshot does not know, or no snapshot at all (it failed), shows `?`.
 */
export function withNodeUsage(rows: readonly ObjectRow[], usage: ReadonlyMap<string, NodeUsageCells> | undefined): ObjectRow[] {
  return rows.map((row) => {
    const cells = usage?.get(row.name) ?? nodeUsageColumns.map(() => '?')
    return {...row, cells: [...row.cells.slice(0, row.cells.length - nodeUsageColumns.length), ...cells]}
  })
}
