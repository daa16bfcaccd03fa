/**
 * Printers for a plan: the stable -o json|yaml data, a readable text report with a "why"
 * per number, and markdown for design docs.
 */
import {orderedResources} from './model.js'
import type {ResourceAmounts, Workload} from './model.js'
import type {NodePlan, PlanResult} from './plan.js'
import {formatPercent, formatResource, toNumber, toWholeUnits} from './quantity.js'
import {renderTable} from '../print/table.js'
import type {Painter} from '../print/colour.js'

const byteResources = new Set(['memory', 'ephemeral-storage'])

/** An amount as a JSON number: cores for cpu, whole bytes (rounded up) for memory and storage, counts otherwise. */
export function amountNumber(resource: string, nanos: bigint): number {
  if (byteResources.has(resource) || resource.startsWith('hugepages-')) return toWholeUnits(nanos)
  return toNumber(nanos)
}

export function amountsData(amounts: ResourceAmounts): Record<string, number> {
  const data: Record<string, number> = {}
  for (const resource of orderedResources(Object.keys(amounts))) data[resource] = amountNumber(resource, amounts[resource]!)
  return data
}

function ratioNumber(ratio: {numerator: bigint; denominator: bigint}): number {
  return Number(ratio.numerator) / Number(ratio.denominator)
}

export interface WorkloadData {
  name: string
  kind: string
  replicas: number
  perNode: boolean
  requests: Record<string, number>
  limits: Record<string, number>
  source: string
}

export interface NodePlanData {
  shape: string
  capacity: Record<string, number>
  maxPods: number
  reserved: {provider: string; kubeReserved: Record<string, number>; systemReserved: Record<string, number>; eviction: Record<string, number>; formula: string}
  allocatable: Record<string, number>
  freeForWorkloads: Record<string, number>
  podsPerNode: number
  fits: Array<{workload: string; pods: number; perNode: number; binding: string; limits: Record<string, number>}>
  lowerBounds: Record<string, number>
  needed: number
  count: number
  perZone?: number
  totalRequests: Record<string, number>
  totalAllocatable: Record<string, number>
  controlPlane: {cpu: number; memory: number; rule: string}
  why: string[]
  unplaceable: string[]
  network?: NodePlan['network']
}

export interface PlanData {
  sources: string[]
  redundancy: number
  totals: {
    cpu: number
    memory: number
    pods: number
    podsWithRedundancy: number
    requests: Record<string, number>
    withRedundancy: Record<string, number>
    rounded?: Record<string, number>
    limits: Record<string, number>
  }
  daemonSets: {perNode: Record<string, number>; podsPerNode: number; names: string[]}
  nodes: NodePlanData
  comparison?: NodePlanData[]
  workloads: WorkloadData[]
  warnings: string[]
}

function workloadData(workload: Workload): WorkloadData {
  return {
    name: workload.name,
    kind: workload.kind,
    replicas: workload.replicas,
    perNode: workload.perNode,
    requests: amountsData(workload.requests),
    limits: amountsData(workload.limits),
    source: workload.source,
  }
}

function nodePlanData(plan: NodePlan): NodePlanData {
  const data: NodePlanData = {
    shape: plan.shape.name,
    capacity: amountsData(plan.shape.capacity),
    maxPods: plan.shape.maxPods,
    reserved: {
      provider: plan.reservation.provider,
      kubeReserved: amountsData(plan.reservation.kubeReserved),
      systemReserved: amountsData(plan.reservation.systemReserved),
      eviction: amountsData(plan.reservation.eviction),
      formula: plan.reservation.formula,
    },
    allocatable: amountsData(plan.allocatable),
    freeForWorkloads: amountsData(plan.freeForWorkloads),
    podsPerNode: plan.packing.podsPerNode,
    fits: plan.packing.fits.map((fit) => ({workload: fit.name, pods: fit.count, perNode: fit.perNode, binding: fit.binding, limits: fit.limits})),
    lowerBounds: plan.lowerBounds,
    needed: plan.needed,
    count: plan.count,
    totalRequests: amountsData(plan.totalRequests),
    totalAllocatable: amountsData(plan.totalAllocatable),
    controlPlane: {cpu: toNumber(plan.controlPlane.cpu), memory: toWholeUnits(plan.controlPlane.memory), rule: plan.controlPlane.rule},
    why: plan.why,
    unplaceable: plan.unplaceable,
  }
  if (plan.perZone !== undefined) data.perZone = plan.perZone
  if (plan.network) data.network = plan.network
  return data
}

/** The documented -o json|yaml schema (README `capacity`). */
export function planData(result: PlanResult): PlanData {
  const {totals} = result
  const data: PlanData = {
    sources: result.sources,
    redundancy: ratioNumber(result.redundancy),
    totals: {
      cpu: toNumber(totals.withRedundancy.cpu ?? 0n),
      memory: toWholeUnits(totals.withRedundancy.memory ?? 0n),
      pods: totals.pods,
      podsWithRedundancy: totals.podsWithRedundancy,
      requests: amountsData(totals.requests),
      withRedundancy: amountsData(totals.withRedundancy),
      limits: amountsData(totals.limits),
    },
    daemonSets: {perNode: amountsData(result.daemonSets.perNode), podsPerNode: result.daemonSets.podsPerNode, names: result.daemonSets.names},
    nodes: nodePlanData(result.options[0]!),
    workloads: result.workloads.map(workloadData),
    warnings: result.warnings,
  }
  if (totals.rounded) data.totals.rounded = amountsData(totals.rounded)
  if (result.options.length > 1) data.comparison = result.options.map(nodePlanData)
  return data
}

function show(resource: string, nanos: bigint | undefined): string {
  if (nanos === undefined) return '-'
  return formatResource(resource, nanos)
}

function unitOf(resource: string): string {
  return resource === 'cpu' ? ' (cores)' : ''
}

function percentOf(part: bigint | undefined, whole: bigint | undefined): string {
  if (part === undefined || !whole) return '-'
  return formatPercent({numerator: part, denominator: whole}).replace(/\.\d+%$/, '%')
}

interface Section {
  title: string
  rows?: {headers: string[]; cells: string[][]}
  lines?: string[]
}

function sections(result: PlanResult): Section[] {
  const {totals} = result
  const out: Section[] = []
  const sourceLine = result.sources.length > 0 ? result.sources.join('; ') : 'no workloads given'
  out.push({title: 'Plan', lines: [`from ${sourceLine}`, `${totals.pods} pods${result.redundancy.numerator > 0n ? ` + ${formatPercent(result.redundancy)} redundancy` : ''}, ${result.daemonSets.podsPerNode} DaemonSet pod(s) per node`]})
  const resources = orderedResources([...Object.keys(totals.withRedundancy), ...Object.keys(result.daemonSets.perNode)])
  const headers = ['resource', 'requests', `× ${formatPercent({numerator: result.redundancy.denominator + result.redundancy.numerator, denominator: result.redundancy.denominator})}`]
  if (totals.rounded) headers.push('rounded up')
  headers.push('limits', 'daemonsets/node')
  out.push({
    title: 'Totals',
    rows: {
      headers,
      cells: resources.map((resource) => {
        const row = [resource + unitOf(resource), show(resource, totals.requests[resource]), show(resource, totals.withRedundancy[resource])]
        if (totals.rounded) row.push(show(resource, totals.rounded[resource]))
        row.push(show(resource, totals.limits[resource]), show(resource, result.daemonSets.perNode[resource]))
        return row
      }),
    },
  })
  for (const plan of result.options.slice(0, 1)) out.push(...nodeSections(plan))
  if (result.options.length > 1) {
    out.push({
      title: 'Node shapes compared',
      rows: {
        headers: ['shape', 'allocatable cpu', 'allocatable memory', 'pods/node', 'binds', 'needed', 'nodes', 'cpu used', 'memory used'],
        cells: result.options.map((plan) => [
          plan.shape.name,
          show('cpu', plan.allocatable.cpu),
          show('memory', plan.allocatable.memory),
          String(plan.packing.podsPerNode),
          [...new Set(plan.packing.fits.map((fit) => fit.binding))].join(', ') || '-',
          String(plan.needed),
          String(plan.count),
          percentOf(plan.totalRequests.cpu, plan.totalAllocatable.cpu),
          percentOf(plan.totalRequests.memory, plan.totalAllocatable.memory),
        ]),
      },
    })
  }
  const warnings = [
    ...result.warnings,
    ...result.options.flatMap((plan) => plan.unplaceable.map((line) => (result.options.length > 1 ? `${plan.shape.name}: ${line}` : line))),
    ...result.options.flatMap((plan) => plan.network?.warnings ?? []),
  ]
  if (warnings.length > 0) out.push({title: 'Warnings', lines: warnings})
  return out
}

function nodeSections(plan: NodePlan): Section[] {
  const out: Section[] = []
  const summary = [
    `shape            ${plan.shape.name}, max ${plan.shape.maxPods} pods (${plan.reservation.provider === 'cluster' ? 'live allocatable' : `--reserved ${plan.reservation.provider}`})`,
    `allocatable      ${show('cpu', plan.allocatable.cpu)} cores, ${show('memory', plan.allocatable.memory)} per node`,
    `pods per node    ${plan.packing.podsPerNode}`,
    `nodes            ${plan.count}${plan.count !== plan.needed ? ` (${plan.needed} needed + ${plan.count - plan.needed} for failures)` : ''}${plan.perZone !== undefined ? `, ${plan.perZone} per zone` : ''}`,
    `requested        ${show('cpu', plan.totalRequests.cpu)} of ${show('cpu', plan.totalAllocatable.cpu)} cores (${percentOf(plan.totalRequests.cpu, plan.totalAllocatable.cpu)}), ${show('memory', plan.totalRequests.memory)} of ${show('memory', plan.totalAllocatable.memory)} (${percentOf(plan.totalRequests.memory, plan.totalAllocatable.memory)})`,
    `control plane    ${show('cpu', plan.controlPlane.cpu)} cores / ${show('memory', plan.controlPlane.memory)}`,
  ]
  out.push({title: 'Nodes', lines: summary})
  out.push({title: 'Why', lines: plan.why})
  if (plan.network) {
    const net = plan.network
    const lines: string[] = []
    if (net.podCidr) lines.push(`pod range        ${net.podCidr}${net.nodePodCidrMask !== undefined ? `, /${net.nodePodCidrMask} per node (${net.nodePodCidrMaskSource}): ${net.podAddressesPerNode} addresses per node` : ''}`)
    if (net.maxNodes !== undefined) lines.push(`max nodes        ${net.maxNodes} (2^(${net.nodePodCidrMask} − ${net.podCidr?.split('/')[1]})); the plan's ${plan.count} ${net.fits ? 'fit' : 'do NOT fit'}`)
    if (net.serviceCidr) lines.push(`service range    ${net.serviceCidr}: ${net.serviceAddresses} addresses`)
    if (net.vpcCidrs.length > 0) lines.push(`VPC ranges       ${net.vpcCidrs.join(', ')}`)
    lines.push(net.errors.length === 0 ? 'ranges           no overlaps' : `problems         ${net.errors.join('; ')}`)
    out.push({title: 'Network', lines})
  }
  return out
}

export function planText(result: PlanResult, paint: Painter): string {
  const blocks = sections(result).map((section) => {
    const title = paint.paint('bold', section.title)
    if (section.rows) {
      const {headers, cells} = section.rows
      const columns = headers.map((header, index) => ({header, value: (row: string[]) => row[index]!, align: index === 0 ? ('left' as const) : ('right' as const)}))
      return `${title}\n${renderTable(cells, columns)}`
    }
    const bullet = section.title === 'Why' || section.title === 'Warnings'
    return `${title}\n${(section.lines ?? []).map((line) => (bullet ? `  - ${line}` : `  ${line}`)).join('\n')}\n`
  })
  return blocks.join('\n')
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|')
}

export function planMarkdown(result: PlanResult): string {
  const blocks = sections(result).map((section) => {
    const heading = `### ${section.title}\n\n`
    if (section.rows) {
      const {headers, cells} = section.rows
      const lines = [
        `| ${headers.map(markdownCell).join(' | ')} |`,
        `|${headers.map((_, index) => (index === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
        ...cells.map((row) => `| ${row.map(markdownCell).join(' | ')} |`),
      ]
      return heading + lines.join('\n') + '\n'
    }
    const bullet = section.title === 'Why' || section.title === 'Warnings'
    const lines = (section.lines ?? []).map((line) => (bullet ? `- ${line}` : `- ${line.replace(/^(.+?)\s{2,}/, '**$1**: ')}`))
    return heading + lines.join('\n') + '\n'
  })
  return `## Capacity plan\n\n${blocks.join('\n')}`
}

