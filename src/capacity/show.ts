/**
 * `capacity show`: requests, limits, allocatable (and utilisation when metrics are served)
 * per node and in total; headroom after losing the largest node; and whether a plan's
 * pods can be scheduled on the free space of the live nodes.
 */
import {acceptsPods} from './cluster.js'
import type {ClusterSnapshot, NodeRecord, PodRecord} from './cluster.js'
import {addAmounts, orderedResources} from './model.js'
import type {ResourceAmounts, Workload} from './model.js'
import {placeOnNodes} from './packing.js'
import {podShapes} from './plan.js'
import {describeAmount, formatResource, NANO, parsePercent} from './quantity.js'
import type {LoadedFiles} from './files.js'
import type {Ratio} from './quantity.js'
import {filterNodes, selectResources} from './show-filters.js'
import type {NodeFilter} from './show-filters.js'
import {groupByNamespace} from './show-groups.js'
import type {GroupBy, NamespaceGroup} from './show-groups.js'
import {renderTable} from '../print/table.js'
import type {Painter} from '../print/colour.js'

/**
 * Sort keys, kube-capacity's and more: name, pods (pod.count), and for any resource
 * `<resource>.<request|limit|util|allocatable|available>[.percentage]` (mem. for memory).
 */
export const sortKeys = ['name', 'pods', 'cpu.request', 'cpu.limit', 'cpu.util', 'cpu.allocatable', 'cpu.available', 'memory.request', 'memory.limit', 'memory.util', 'memory.allocatable', 'memory.available', '<resource>.<kind>.percentage'] as const

export type SortKey = string

const sortKinds = new Set(['request', 'limit', 'util', 'allocatable', 'available'])

/** A valid sort key in its canonical spelling, or undefined. */
export function normaliseSortKey(text: string): SortKey | undefined {
  const key = text.trim().replace(/^mem\./, 'memory.')
  if (key === 'name' || key === 'pods') return key
  if (key === 'pod.count' || key === 'pods.count') return 'pods'
  const match = /^(.+)\.(request|limit|util|allocatable|available)(\.percentage)?$/.exec(key)
  return match && sortKinds.has(match[2]!) ? key : undefined
}

export interface Headroom {
  /** The node whose loss is modelled: the largest by allocatable cpu, then memory. */
  lostNode?: string
  /** Per resource: allocatable left after the loss minus everything requested (negative: short). */
  free: ResourceAmounts
  /** True when every request still fits in total after the loss. */
  absorbed: boolean
  /** Nodes left out: cordoned, or with NoSchedule/NoExecute taints. */
  excluded: string[]
}

export interface PlanCheck {
  pods: number
  placed: number
  unplaced: Array<{name: string; count: number}>
  daemonSetsFit: boolean
  fits: boolean
}

/** The row and column filters, echoed in -o json with a fixed shape (null, [] or false when not given). */
export interface ShowFilters {
  namespace: string | null
  nodeLabels: string | null
  podLabels: string | null
  namespaceLabels: string | null
  nodeTaints: string[]
  noTaint: boolean
  resourceNames: string[]
}

export interface ShowResult {
  context: string
  resources: string[]
  /** The nodes the node filters keep (headroom and the plan check use every node). */
  nodes: NodeRecord[]
  groupBy: GroupBy
  /** With groupBy namespace: the selected pods of the nodes shown, per namespace. */
  namespaces?: NamespaceGroup[]
  filters: ShowFilters
  /** Why the node filters left no node, when they left none. */
  noNodes?: string
  /** -r names that match no resource of the cluster (others did). */
  unmatchedResources: string[]
  total: {allocatable: ResourceAmounts; requests: ResourceAmounts; limits: ResourceAmounts; usage?: ResourceAmounts; pods: number; podCapacity: number}
  unscheduled: ClusterSnapshot['unscheduled']
  metrics: ClusterSnapshot['metrics']
  headroom: Headroom
  planCheck?: PlanCheck
}

function share(part: bigint | undefined, whole: bigint | undefined): number {
  if (!part || !whole) return 0
  return Number((part * 10_000n) / whole) / 100
}

/** A node, namespace or pod row's amounts, as sorting reads them. */
interface Sortable {
  name: string
  requests: ResourceAmounts
  limits: ResourceAmounts
  usage?: ResourceAmounts | undefined
  pods?: number
}

function sortValue(node: Sortable, allocatable: ResourceAmounts, key: SortKey): number | string {
  if (key === 'name') return node.name
  if (key === 'pods') return node.pods ?? 0
  const match = /^(.+)\.(request|limit|util|allocatable|available)(\.percentage)?$/.exec(key)!
  const [, resource = 'cpu', kind, percentage] = match
  const of = allocatable[resource] ?? 0n
  const amount =
    kind === 'request' ? (node.requests[resource] ?? 0n) : kind === 'limit' ? (node.limits[resource] ?? 0n) : kind === 'util' ? (node.usage?.[resource] ?? 0n) : kind === 'allocatable' ? of : of - (node.requests[resource] ?? 0n)
  return percentage ? share(amount, of) : Number(amount / 1_000_000n)
}

function compareBy<T extends {name: string}>(value: (item: T) => number | string) {
  return (a: T, b: T) => {
    const x = value(a)
    const y = value(b)
    if (typeof x === 'string' || typeof y === 'string') return String(x).localeCompare(String(y))
    return y - x || a.name.localeCompare(b.name)
  }
}

/** Nodes or namespaces sorted by the key (largest first for amounts), and each one's pods by the same key. */
export function sortGroups<T extends Sortable & {podList?: PodRecord[] | undefined}>(groups: T[], key: SortKey, shareOf: (group: T) => ResourceAmounts): T[] {
  const sorted = [...groups].sort(compareBy((group) => sortValue(group, shareOf(group), key)))
  for (const group of sorted) {
    if (!group.podList) continue
    group.podList.sort(key === 'name' ? (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) : compareBy((pod) => sortValue(pod, shareOf(group), key)))
  }
  return sorted
}

export function headroomAfterLosingLargest(nodes: NodeRecord[], unscheduled: ResourceAmounts): Headroom {
  const schedulable = nodes.filter(acceptsPods)
  const largest = [...schedulable].sort((a, b) => {
    const cpu = (b.allocatable.cpu ?? 0n) - (a.allocatable.cpu ?? 0n)
    if (cpu !== 0n) return cpu > 0n ? 1 : -1
    const memory = (b.allocatable.memory ?? 0n) - (a.allocatable.memory ?? 0n)
    return memory > 0n ? 1 : memory < 0n ? -1 : 0
  })[0]
  const free: ResourceAmounts = {}
  const requested = addAmounts({}, unscheduled)
  // Every pod on every node, whatever -n or the label filters show: headroom is cluster-wide.
  for (const node of nodes) addAmounts(requested, node.allRequests)
  for (const resource of ['cpu', 'memory']) {
    let capacity = 0n
    for (const node of schedulable) if (node !== largest) capacity += node.allocatable[resource] ?? 0n
    free[resource] = capacity - (requested[resource] ?? 0n)
  }
  const excluded = nodes.filter((node) => !acceptsPods(node)).map((node) => node.name)
  const headroom: Headroom = {free, absorbed: Object.values(free).every((amount) => amount >= 0n), excluded}
  if (largest) headroom.lostNode = largest.name
  return headroom
}

/** Places a plan's pods (redundancy included, DaemonSets on every node) on the live free space. */
export function checkPlan(nodes: NodeRecord[], workloads: Workload[], redundancy: Ratio): PlanCheck {
  const perNode: ResourceAmounts = {}
  let daemonSetPods = 0
  for (const workload of workloads) {
    if (!workload.perNode) continue
    addAmounts(perNode, workload.requests)
    daemonSetPods++
  }
  let daemonSetsFit = true
  const free = nodes
    .filter(acceptsPods)
    .map((node) => {
      const left: ResourceAmounts = {}
      for (const [resource, amount] of Object.entries(node.allocatable)) left[resource] = amount - (node.allRequests[resource] ?? 0n) - (perNode[resource] ?? 0n)
      const slots = Number((node.allocatable.pods ?? 0n) / NANO) - node.allPods - daemonSetPods
      if (Object.values(left).some((amount) => amount < 0n) || slots < 0) daemonSetsFit = false
      return {free: left, slots: Math.max(0, slots)}
    })
  const shapes = podShapes(workloads, redundancy)
  const pods = shapes.reduce((sum, shape) => sum + shape.count, 0)
  const {placed, unplaced} = placeOnNodes(shapes, free)
  return {pods, placed, unplaced, daemonSetsFit, fits: daemonSetsFit && unplaced.length === 0}
}

export interface ShowOptions {
  sort?: SortKey | undefined
  plan?: {workloads: Workload[]; redundancy: Ratio} | undefined
  /** namespace needs the snapshot read with withPods (the pods are summed per namespace). */
  groupBy?: GroupBy | undefined
  nodes?: NodeFilter | undefined
  /** -r/--resource-name: the resource columns (a part of a name matches). */
  resourceNames?: string[] | undefined
  /** The pod filters the snapshot was read with, echoed in -o json. */
  pods?: {namespace?: string | undefined; podLabels?: string | undefined; namespaceLabels?: string | undefined} | undefined
}

type Total = ShowResult['total']

/** The * row: the sums of the nodes shown. */
function sumNodes(nodes: NodeRecord[]): Total {
  const total: Total = {allocatable: {}, requests: {}, limits: {}, pods: 0, podCapacity: 0}
  for (const node of nodes) {
    const {pods: podCapacity, ...allocatable} = node.allocatable
    addAmounts(total.allocatable, allocatable)
    addAmounts(total.requests, node.requests)
    addAmounts(total.limits, node.limits)
    if (node.usage) total.usage = addAmounts(total.usage ?? {}, node.usage)
    total.pods += node.pods
    total.podCapacity += Number((podCapacity ?? 0n) / NANO)
  }
  return total
}

/** Without -r: cpu, memory, and every other resource requested or allocatable (ephemeral-storage only when requested). */
function defaultResources(nodes: NodeRecord[]): string[] {
  const names = new Set<string>(['cpu', 'memory'])
  for (const node of nodes) {
    for (const resource of [...Object.keys(node.requests), ...Object.keys(node.allocatable)]) {
      if (resource === 'pods' || resource.startsWith('hugepages-')) continue
      if ((node.requests[resource] ?? 0n) > 0n || (resource !== 'ephemeral-storage' && (node.allocatable[resource] ?? 0n) > 0n)) names.add(resource)
    }
  }
  return orderedResources(names)
}

/** What -r may pick: every resource a node has allocatable or a pod requests, anywhere in the cluster (pods has its own column). */
function chooseResources(snapshot: ClusterSnapshot, shown: NodeRecord[], names: string[] | undefined): {resources: string[]; unmatched: string[]} {
  if (!names || names.length === 0) return {resources: defaultResources(shown), unmatched: []}
  const candidates = orderedResources(snapshot.nodes.flatMap((node) => [...Object.keys(node.allocatable), ...Object.keys(node.allRequests)]).filter((resource) => resource !== 'pods'))
  return selectResources(candidates, names)
}

function echoFilters(options: ShowOptions, labelSelector: string | undefined): ShowFilters {
  const taints = options.nodes?.taints
  return {
    namespace: options.pods?.namespace ?? null,
    nodeLabels: labelSelector ?? null,
    podLabels: options.pods?.podLabels ?? null,
    namespaceLabels: options.pods?.namespaceLabels ?? null,
    nodeTaints: [...(taints?.include ?? []).map((match) => match.text), ...(taints?.exclude ?? []).map((match) => `!${match.text}`)],
    noTaint: options.nodes?.noTaint === true,
    resourceNames: options.resourceNames ?? [],
  }
}

/** The rows the filters keep, sorted and grouped; headroom and the plan check on every node of the snapshot. */
export function buildShow(snapshot: ClusterSnapshot, options: ShowOptions): ShowResult {
  const labelSelector = options.nodes?.labelSelector ?? snapshot.nodeSelector
  const shown = filterNodes(snapshot.nodes, {...options.nodes, ...(labelSelector === undefined ? {} : {labelSelector})})
  const chosen = chooseResources(snapshot, shown.nodes, options.resourceNames)
  const sort = options.sort ?? 'name'
  const total = sumNodes(shown.nodes)
  const result: ShowResult = {
    context: snapshot.context,
    resources: chosen.resources,
    nodes: sortGroups(shown.nodes, sort, (node) => node.allocatable),
    groupBy: options.groupBy ?? 'node',
    filters: echoFilters(options, labelSelector),
    unmatchedResources: chosen.unmatched,
    total,
    unscheduled: snapshot.unscheduled,
    metrics: snapshot.metrics,
    headroom: headroomAfterLosingLargest(snapshot.nodes, snapshot.unscheduled.requests),
  }
  if (result.groupBy === 'namespace') result.namespaces = sortGroups(groupByNamespace(shown.nodes), sort, () => total.allocatable)
  if (shown.empty !== undefined) result.noNodes = shown.empty
  if (options.plan) result.planCheck = checkPlan(snapshot.nodes, options.plan.workloads, options.plan.redundancy)
  return result
}

// ---- printing ----

import {showColumns, showRows} from './show-table.js'
import type {ShowPrintOptions} from './show-table.js'

export {showColumns, showDelimited, showRows} from './show-table.js'
export type {ShowPrintOptions} from './show-table.js'

function headroomNote(result: ShowResult): string | undefined {
  const {headroom} = result
  if (!headroom.lostNode) return undefined
  const parts = ['cpu', 'memory'].map((resource) => {
    const free = headroom.free[resource] ?? 0n
    const amount = describeAmount(resource, free >= 0n ? free : -free)
    return free >= 0n ? `${amount}${resource === 'memory' ? ' memory' : ''} free` : `${amount}${resource === 'memory' ? ' memory' : ''} short`
  })
  const pending = result.unscheduled.pods > 0 ? `, counting the ${result.unscheduled.pods} pending pod(s)` : ''
  const left = headroom.excluded.length > 0 ? ` (cordoned or tainted, left out: ${headroom.excluded.join(', ')})` : ''
  return `after losing the largest node (${headroom.lostNode}${pending}), cluster-wide: ${parts.join(', ')} — ${headroom.absorbed ? 'its pods fit on the rest (in total)' : 'its pods would NOT all fit on the rest'}${left}`
}

function planCheckNote(check: PlanCheck, paint: Painter): string {
  const verdict = check.fits ? paint.paint('green', 'yes') : paint.paint('red', 'no')
  let detail = `${check.placed} of ${check.pods} plan pods fit on the free space of the whole cluster`
  if (!check.daemonSetsFit) detail += "; the plan's DaemonSets do not fit on every node"
  if (check.unplaced.length > 0) detail += `; unplaced: ${check.unplaced.map((entry) => `${entry.count} × ${entry.name}`).join(', ')}`
  return `can the plan be scheduled here: ${verdict} (${detail})`
}

export function showText(result: ShowResult, options: ShowPrintOptions): string {
  const lines = [renderTable(showRows(result, options), showColumns(result, options)).trimEnd()]
  const notes: string[] = []
  if (result.noNodes !== undefined) notes.push(result.noNodes)
  if (result.unmatchedResources.length > 0) notes.push(`no resource of this cluster's nodes matches ${result.unmatchedResources.map((name) => `"${name}"`).join(', ')} (-r/--resource-name); shown: ${result.resources.join(', ')}`)
  if (options.withUtil && !result.metrics.served) notes.push(result.metrics.reason)
  if (result.unscheduled.pods > 0) notes.push(`${result.unscheduled.pods} pod(s) have no node yet, requesting ${describeAmounts(result.unscheduled.requests)}`)
  const headroom = headroomNote(result)
  if (headroom) notes.push(headroom)
  if (result.planCheck) notes.push(planCheckNote(result.planCheck, options.paint))
  return lines.join('\n') + '\n' + (notes.length ? '\n' + notes.join('\n') + '\n' : '')
}

function describeAmounts(amounts: ResourceAmounts): string {
  const parts = orderedResources(Object.keys(amounts)).map((resource) => `${formatResource(resource, amounts[resource]!)} ${resource === 'cpu' ? 'cores' : resource}`)
  return parts.length > 0 ? parts.join(', ') : 'nothing'
}

export {showData} from './show-data.js'

/** The plan `show -f` checks: the files' workloads with --redundancy (or the file's). */
export function showPlan(files: LoadedFiles, redundancy: string | undefined): {workloads: Workload[]; redundancy: Ratio} {
  return {workloads: files.workloads, redundancy: redundancy !== undefined ? parsePercent(redundancy, '--redundancy') : (files.settings.redundancy ?? {numerator: 0n, denominator: 1n})}
}
