/**
 * The table of `capacity show` (text, tsv, csv): kube-capacity's columns, with rows per node
 * (and their pods and containers) or, with -g namespace, per namespace.
 */
import type {NodeRecord, PodRecord} from './cluster.js'
import type {ResourceAmounts} from './model.js'
import {formatPercent, formatResource, NANO} from './quantity.js'
import type {ShowResult} from './show.js'
import type {Column} from '../print/table.js'
import type {Painter} from '../print/colour.js'

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
  node?: string
  namespace?: string
  pod?: string
  container?: string
  labels: Record<string, string>
  /** What the shares are of: the node's allocatable, or with -g namespace the total of the nodes shown. */
  shareOf: ResourceAmounts
  /** The ALLOCATABLE column and what -a subtracts from; absent for namespace rows and their pods. */
  allocatable?: ResourceAmounts
  requests: ResourceAmounts
  limits: ResourceAmounts
  usage?: ResourceAmounts | undefined
  pods: string
}

function cell(row: Row, resource: string, amount: bigint | undefined, available: boolean): string {
  if (available && !row.allocatable) return formatResource(resource, amount ?? 0n)
  const of = row.shareOf[resource]
  if (available) return of === undefined ? formatResource(resource, amount ?? 0n) : `${formatResource(resource, of - (amount ?? 0n))}/${formatResource(resource, of)}`
  const value = formatResource(resource, amount ?? 0n)
  if (!of) return value
  return `${value} (${formatPercent({numerator: amount ?? 0n, denominator: of}).replace(/\.\d+%$/, '%')})`
}

const keyColumns: Record<'node' | 'namespace' | 'pod' | 'container', Column<Row>> = {
  node: {header: 'node', value: (row) => row.node ?? '*'},
  namespace: {header: 'namespace', value: (row) => row.namespace ?? '*'},
  pod: {header: 'pod', value: (row) => row.pod ?? '*'},
  container: {header: 'container', value: (row) => row.container ?? '*'},
}

/** NODE [NAMESPACE POD [CONTAINER]], or with -g namespace NAMESPACE [NODE POD [CONTAINER]]. */
function leadingColumns(result: ShowResult, options: ShowPrintOptions): Array<Column<Row>> {
  const detail = options.withPods || options.withContainers === true
  const [group, other] = result.groupBy === 'namespace' ? (['namespace', 'node'] as const) : (['node', 'namespace'] as const)
  const keys = [group, ...(detail ? [other, 'pod' as const] : []), ...(options.withContainers ? ['container' as const] : [])]
  return keys.map((key) => keyColumns[key])
}

/** The columns, kube-capacity's order: the names, label columns, per resource requests, limits, util, allocatable, then pods. */
export function showColumns(result: ShowResult, options: ShowPrintOptions): Array<Column<Row>> {
  const withUsage = options.withUtil === true && result.metrics.served
  const columns = leadingColumns(result, options)
  for (const label of options.labelColumns) columns.push({header: label.split('/').pop()!, value: (row) => row.labels[label] ?? ''})
  const available = options.available === true
  for (const resource of result.resources) {
    const name = resource === 'nvidia.com/gpu' ? 'gpu' : resource
    columns.push({header: `${name} requests`, value: (row) => cell(row, resource, row.requests[resource], available), align: 'right'})
    columns.push({header: `${name} limits`, value: (row) => cell(row, resource, row.limits[resource], available), align: 'right'})
    if (withUsage && (resource === 'cpu' || resource === 'memory')) {
      columns.push({header: `${name} util`, value: (row) => (row.usage ? cell(row, resource, row.usage[resource], available) : '-'), align: 'right'})
    }
    if (!available) columns.push({header: `${name} allocatable`, value: (row) => (row.allocatable?.[resource] === undefined ? '-' : formatResource(resource, row.allocatable[resource])), align: 'right'})
  }
  columns.push({header: 'pod count', value: (row) => row.pods, align: 'right'})
  return columns
}

/** A pod's row and, with --containers, its containers' rows. */
function podRows(pod: PodRecord, base: Omit<Row, 'requests' | 'limits' | 'usage' | 'pods'>, withContainers: boolean): Row[] {
  const row = {...base, namespace: pod.namespace, pod: pod.name, pods: ''}
  const rows: Row[] = [{...row, requests: pod.requests, limits: pod.limits, usage: pod.usage}]
  if (!withContainers) return rows
  for (const container of pod.containers ?? []) {
    rows.push({...row, container: container.init ? `${container.name} (init)` : container.name, requests: container.requests, limits: container.limits, usage: container.usage})
  }
  return rows
}

function nodeRows(node: NodeRecord, options: ShowPrintOptions): Row[] {
  const podCapacity = Number((node.allocatable.pods ?? 0n) / NANO)
  const rows: Row[] = [{node: node.name, labels: node.labels, shareOf: node.allocatable, allocatable: node.allocatable, requests: node.requests, limits: node.limits, usage: node.usage, pods: `${node.pods}/${podCapacity}`}]
  if (!options.withPods && !options.withContainers) return rows
  for (const pod of node.podList ?? []) rows.push(...podRows(pod, {node: node.name, labels: {}, shareOf: node.allocatable, allocatable: node.allocatable}, options.withContainers === true))
  return rows
}

/** -g namespace: each namespace against the total of the nodes shown, with its pods (labelled with their node's labels) when asked. */
function namespaceRows(result: ShowResult, options: ShowPrintOptions): Row[] {
  const shareOf = result.total.allocatable
  const labelsOf = new Map(result.nodes.map((node) => [node.name, node.labels]))
  const rows: Row[] = []
  for (const group of result.namespaces ?? []) {
    rows.push({namespace: group.name, labels: {}, shareOf, requests: group.requests, limits: group.limits, usage: group.usage, pods: String(group.pods)})
    if (!options.withPods && !options.withContainers) continue
    for (const pod of group.podList) rows.push(...podRows(pod, {node: pod.node, labels: labelsOf.get(pod.node) ?? {}, shareOf}, options.withContainers === true))
  }
  return rows
}

/** The rows: the * total, then each node (or namespace), with its pods (and their containers) when asked. */
export function showRows(result: ShowResult, options: ShowPrintOptions): Row[] {
  const {total} = result
  const rows: Row[] = [{labels: {}, shareOf: total.allocatable, allocatable: total.allocatable, requests: total.requests, limits: total.limits, usage: total.usage, pods: `${total.pods}/${total.podCapacity}`}]
  if (result.groupBy === 'namespace') return [...rows, ...namespaceRows(result, options)]
  for (const node of result.nodes) rows.push(...nodeRows(node, options))
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
