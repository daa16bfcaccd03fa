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
import {describeAmount, formatPercent, formatResource, NANO, parsePercent} from './quantity.js'
import type {LoadedFiles} from './files.js'
import type {Ratio} from './quantity.js'
import {amountsData} from './report.js'
import {renderTable} from '../print/table.js'
import type {Column} from '../print/table.js'
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

export interface ShowResult {
  context: string
  resources: string[]
  nodes: NodeRecord[]
  total: {allocatable: ResourceAmounts; requests: ResourceAmounts; limits: ResourceAmounts; usage?: ResourceAmounts; pods: number; podCapacity: number}
  unscheduled: ClusterSnapshot['unscheduled']
  metrics: ClusterSnapshot['metrics']
  headroom: Headroom
  planCheck?: PlanCheck
  nodeSelector?: string
}

function share(part: bigint | undefined, whole: bigint | undefined): number {
  if (!part || !whole) return 0
  return Number((part * 10_000n) / whole) / 100
}

function sortValue(node: NodeRecord | PodRecord, allocatable: ResourceAmounts, key: SortKey): number | string {
  if (key === 'name') return node.name
  if (key === 'pods') return 'pods' in node ? node.pods : 0
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

/** Nodes sorted by the key (largest first for amounts), and each node's pods by the same key. */
export function sortNodes(nodes: NodeRecord[], key: SortKey): NodeRecord[] {
  const sorted = [...nodes].sort(compareBy((node) => sortValue(node, node.allocatable, key)))
  for (const node of sorted) {
    if (!node.podList) continue
    node.podList.sort(key === 'name' ? (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) : compareBy((pod) => sortValue(pod, node.allocatable, key)))
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

export function buildShow(snapshot: ClusterSnapshot, options: {sort?: SortKey | undefined; plan?: {workloads: Workload[]; redundancy: Ratio} | undefined}): ShowResult {
  const total = {allocatable: {} as ResourceAmounts, requests: {} as ResourceAmounts, limits: {} as ResourceAmounts, usage: undefined as ResourceAmounts | undefined, pods: 0, podCapacity: 0}
  const names = new Set<string>(['cpu', 'memory'])
  for (const node of snapshot.nodes) {
    const {pods: podCapacity, ...allocatable} = node.allocatable
    addAmounts(total.allocatable, allocatable)
    addAmounts(total.requests, node.requests)
    addAmounts(total.limits, node.limits)
    if (node.usage) total.usage = addAmounts(total.usage ?? {}, node.usage)
    total.pods += node.pods
    total.podCapacity += Number((podCapacity ?? 0n) / NANO)
    for (const resource of [...Object.keys(node.requests), ...Object.keys(allocatable)]) {
      if (resource === 'pods' || resource.startsWith('hugepages-')) continue
      if ((node.requests[resource] ?? 0n) > 0n || (resource !== 'ephemeral-storage' && (allocatable[resource] ?? 0n) > 0n)) names.add(resource)
    }
  }
  const resources = orderedResources(names)
  const nodes = sortNodes(snapshot.nodes, options.sort ?? 'name')
  const result: ShowResult = {
    context: snapshot.context,
    resources,
    nodes,
    total: {allocatable: total.allocatable, requests: total.requests, limits: total.limits, pods: total.pods, podCapacity: total.podCapacity, ...(total.usage ? {usage: total.usage} : {})},
    unscheduled: snapshot.unscheduled,
    metrics: snapshot.metrics,
    headroom: headroomAfterLosingLargest(snapshot.nodes, snapshot.unscheduled.requests),
  }
  if (options.plan) result.planCheck = checkPlan(snapshot.nodes, options.plan.workloads, options.plan.redundancy)
  if (snapshot.nodeSelector !== undefined) result.nodeSelector = snapshot.nodeSelector
  return result
}

// ---- printing ----

export interface ShowPrintOptions {
  labelColumns: string[]
  withPods: boolean
  withContainers?: boolean
  /** kube-capacity -u: utilisation columns (needs metrics.k8s.io). */
  withUtil?: boolean
  /** kube-capacity -a: available/allocatable instead of the share used. */
  available?: boolean
  paint: Painter
}

interface Row {
  name: string
  namespace?: string
  pod?: string
  container?: string
  labels: Record<string, string>
  allocatable: ResourceAmounts
  requests: ResourceAmounts
  limits: ResourceAmounts
  usage?: ResourceAmounts | undefined
  pods: string
}

function cell(resource: string, amount: bigint | undefined, of: bigint | undefined, available: boolean): string {
  if (available) return of === undefined ? formatResource(resource, amount ?? 0n) : `${formatResource(resource, of - (amount ?? 0n))}/${formatResource(resource, of)}`
  const value = formatResource(resource, amount ?? 0n)
  if (!of) return value
  return `${value} (${formatPercent({numerator: amount ?? 0n, denominator: of}).replace(/\.\d+%$/, '%')})`
}

/** The columns of the node table, kube-capacity's order: per resource requests, limits, util, then allocatable and pods. */
export function showColumns(result: ShowResult, options: ShowPrintOptions): Array<Column<Row>> {
  const withUsage = options.withUtil === true && result.metrics.served
  const detail = options.withPods || options.withContainers === true
  const columns: Array<Column<Row>> = [{header: 'node', value: (row) => row.name}]
  if (detail) columns.push({header: 'namespace', value: (row) => row.namespace ?? '*'}, {header: 'pod', value: (row) => row.pod ?? '*'})
  if (options.withContainers) columns.push({header: 'container', value: (row) => row.container ?? '*'})
  for (const label of options.labelColumns) columns.push({header: label.split('/').pop()!, value: (row) => row.labels[label] ?? ''})
  const available = options.available === true
  for (const resource of result.resources) {
    const name = resource === 'nvidia.com/gpu' ? 'gpu' : resource
    columns.push({header: `${name} requests`, value: (row) => cell(resource, row.requests[resource], row.allocatable[resource], available), align: 'right'})
    columns.push({header: `${name} limits`, value: (row) => cell(resource, row.limits[resource], row.allocatable[resource], available), align: 'right'})
    if (withUsage && (resource === 'cpu' || resource === 'memory')) {
      columns.push({header: `${name} util`, value: (row) => (row.usage ? cell(resource, row.usage[resource], row.allocatable[resource], available) : '-'), align: 'right'})
    }
    if (!available) columns.push({header: `${name} allocatable`, value: (row) => (row.allocatable[resource] === undefined ? '-' : formatResource(resource, row.allocatable[resource])), align: 'right'})
  }
  columns.push({header: 'pod count', value: (row) => row.pods, align: 'right'})
  return columns
}

/** The rows: the * total, then each node, with its pods (and their containers) when asked. */
export function showRows(result: ShowResult, options: ShowPrintOptions): Row[] {
  const rows: Row[] = [{name: '*', labels: {}, allocatable: result.total.allocatable, requests: result.total.requests, limits: result.total.limits, usage: result.total.usage, pods: `${result.total.pods}/${result.total.podCapacity}`}]
  for (const node of result.nodes) {
    const podCapacity = Number((node.allocatable.pods ?? 0n) / NANO)
    rows.push({name: node.name, labels: node.labels, allocatable: node.allocatable, requests: node.requests, limits: node.limits, usage: node.usage, pods: `${node.pods}/${podCapacity}`})
    if (!options.withPods && !options.withContainers) continue
    for (const pod of node.podList ?? []) {
      rows.push({name: node.name, namespace: pod.namespace, pod: pod.name, labels: {}, allocatable: node.allocatable, requests: pod.requests, limits: pod.limits, usage: pod.usage, pods: ''})
      if (!options.withContainers) continue
      for (const container of pod.containers ?? []) {
        rows.push({name: node.name, namespace: pod.namespace, pod: pod.name, container: container.init ? `${container.name} (init)` : container.name, labels: {}, allocatable: node.allocatable, requests: container.requests, limits: container.limits, usage: container.usage, pods: ''})
      }
    }
  }
  return rows
}

/** -o tsv|csv: the table's cells, one row per line. */
export function showDelimited(result: ShowResult, options: ShowPrintOptions, separator: '\t' | ','): string {
  const columns = showColumns(result, options)
  const escape = (text: string) => (separator === ',' && /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text.replace(/\t/g, ' '))
  const lines = [columns.map((column) => escape(column.header.toUpperCase())).join(separator)]
  for (const row of showRows(result, options)) lines.push(columns.map((column) => escape(column.value(row))).join(separator))
  return lines.join('\n') + '\n'
}

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
  // kube-capacity's -l selects pods; here it selects nodes, as kubectl's -l selects the objects listed.
  if (result.nodes.length === 0 && result.nodeSelector !== undefined) notes.push(`no node matches the node label selector "${result.nodeSelector}": -l and --node-labels select nodes; to select pods by label (kube-capacity's -l), use --pod-labels`)
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

/** The documented -o json|yaml schema for `capacity show`. */
export function showData(result: ShowResult, labelColumns: string[]) {
  const node = (record: NodeRecord) => ({
    name: record.name,
    labels: Object.fromEntries(labelColumns.filter((label) => record.labels[label] !== undefined).map((label) => [label, record.labels[label]!])),
    unschedulable: record.unschedulable,
    taints: record.taints,
    allocatable: amountsData(record.allocatable),
    requests: amountsData(record.requests),
    limits: amountsData(record.limits),
    ...(record.usage ? {usage: amountsData(record.usage)} : {}),
    pods: record.pods,
    allPods: record.allPods,
    allRequests: amountsData(record.allRequests),
    ...(record.podList
      ? {
          podList: record.podList.map((pod) => ({
            namespace: pod.namespace,
            name: pod.name,
            requests: amountsData(pod.requests),
            limits: amountsData(pod.limits),
            ...(pod.usage ? {usage: amountsData(pod.usage)} : {}),
            ...(pod.containers
              ? {containers: pod.containers.map((container) => ({name: container.name, init: container.init, requests: amountsData(container.requests), limits: amountsData(container.limits), ...(container.usage ? {usage: amountsData(container.usage)} : {})}))}
              : {}),
          })),
        }
      : {}),
  })
  return {
    context: result.context,
    metrics: result.metrics.served ? {served: true} : {served: false, reason: result.metrics.reason},
    total: {
      allocatable: amountsData(result.total.allocatable),
      requests: amountsData(result.total.requests),
      limits: amountsData(result.total.limits),
      ...(result.total.usage ? {usage: amountsData(result.total.usage)} : {}),
      pods: result.total.pods,
      podCapacity: result.total.podCapacity,
    },
    unscheduled: {pods: result.unscheduled.pods, requests: amountsData(result.unscheduled.requests)},
    headroom: {lostNode: result.headroom.lostNode ?? null, free: amountsData(result.headroom.free), absorbed: result.headroom.absorbed, excluded: result.headroom.excluded},
    ...(result.planCheck ? {planCheck: result.planCheck} : {}),
    nodes: result.nodes.map(node),
  }
}

/** The plan `show -f` checks: the files' workloads with --redundancy (or the file's). */
export function showPlan(files: LoadedFiles, redundancy: string | undefined): {workloads: Workload[]; redundancy: Ratio} {
  return {workloads: files.workloads, redundancy: redundancy !== undefined ? parsePercent(redundancy, '--redundancy') : (files.settings.redundancy ?? {numerator: 0n, denominator: 1n})}
}
