/**
 * Printers for a plan: the stable -o json|yaml data, a readable text report with a "why"
 * per number, and markdown for design docs.
 */
import type {LossCheck} from './failures.js'
import {clusterLimits, orderedResources} from './model.js'
import type {ResourceAmounts, Workload} from './model.js'
import type {NetworkCheck} from './network.js'
import type {Unplaceable} from './packing.js'
import type {NodePlan, PlanResult} from './plan.js'
import {describeAmount, formatPercent, formatResource, toNumber, toWholeUnits} from './quantity.js'
import {catalogueSources} from './recommend.js'
import {reservationSources, totalReserved} from './reservations.js'
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
  replicasNote?: string
}

/** A count that may pass 2^53 (IPv6): a JSON number when exact, else its decimal string. */
export type ExactCount = number | string

export function exactCount(value: bigint): ExactCount {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()
}

export interface NetworkData {
  podCidr?: string
  serviceCidr?: string
  vpcCidrs: string[]
  nodePodCidrMask?: number
  nodePodCidrMaskSource?: string
  maxNodes?: ExactCount
  podAddressesPerNode?: ExactCount
  serviceAddresses?: ExactCount
  fits?: boolean
  errors: string[]
  warnings: string[]
}

export interface NodePlanData {
  shape: string
  capacity: Record<string, number>
  maxPods: number
  maxPodsRule?: string
  reserved: {provider: string; kubeReserved: Record<string, number>; systemReserved: Record<string, number>; eviction: Record<string, number>; formula: string}
  allocatable: Record<string, number>
  freeForWorkloads: Record<string, number>
  daemonSets: {perNode: Record<string, number>; pods: number; names: string[]; skipped: string[]}
  podsPerNode: number
  fits: Array<{workload: string; pods: number; perNode: number; binding: string[]; limits: Record<string, number>}>
  lowerBounds: Record<string, number>
  needed: number
  count: number
  spareNodes: number
  perZone?: number
  failures: {
    nodeLoss: LossCheck
    zoneLoss?: LossCheck
    maxLoss?: {share: number; floor: number}
    suggestedSpareNodes?: number
  }
  totalRequests: Record<string, number>
  totalAllocatable: Record<string, number>
  controlPlane: {nodes: number; cpu: number; memory: number; rule: string; source: string}
  why: string[]
  unplaceable: Array<{workload: string; pods: number; resource: string; request: number; free: number}>
  network?: NetworkData
}

export interface PlanData {
  sources: string[]
  reservedSource: string
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
  recommendations?: Array<{shape: string; provider: string; family: string; nodes: number; waste: number; nodeShare: number; source: string}>
  workloads: WorkloadData[]
  warnings: string[]
}

function workloadData(workload: Workload): WorkloadData {
  const data: WorkloadData = {
    name: workload.name,
    kind: workload.kind,
    replicas: workload.replicas,
    perNode: workload.perNode,
    requests: amountsData(workload.requests),
    limits: amountsData(workload.limits),
    source: workload.source,
  }
  if (workload.replicasNote) data.replicasNote = workload.replicasNote
  return data
}

function networkData(check: NetworkCheck): NetworkData {
  const {maxNodes, podAddressesPerNode, serviceAddresses, ...rest} = check
  const data: NetworkData = {...rest}
  if (maxNodes !== undefined) data.maxNodes = exactCount(maxNodes)
  if (podAddressesPerNode !== undefined) data.podAddressesPerNode = exactCount(podAddressesPerNode)
  if (serviceAddresses !== undefined) data.serviceAddresses = exactCount(serviceAddresses)
  return data
}

function failuresData(plan: NodePlan): NodePlanData['failures'] {
  const {failures} = plan
  const data: NodePlanData['failures'] = {nodeLoss: failures.nodeLoss}
  if (failures.zoneLoss) data.zoneLoss = failures.zoneLoss
  if (failures.maxLoss) data.maxLoss = {share: ratioNumber(failures.maxLoss.ratio), floor: failures.maxLoss.floor}
  if (failures.suggestedSpareNodes !== undefined) data.suggestedSpareNodes = failures.suggestedSpareNodes
  return data
}

function nodePlanData(plan: NodePlan, result: PlanResult): NodePlanData {
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
    daemonSets: {perNode: amountsData(plan.daemonSets.perNode), pods: plan.daemonSets.pods, names: plan.daemonSets.names, skipped: plan.daemonSets.skipped},
    podsPerNode: plan.packing.podsPerNode,
    fits: plan.packing.fits.map((fit) => ({workload: fit.name, pods: fit.count, perNode: fit.perNode, binding: fit.binding, limits: fit.limits})),
    lowerBounds: plan.lowerBounds,
    needed: plan.needed,
    count: plan.count,
    spareNodes: plan.failures.spareNodes,
    failures: failuresData(plan),
    totalRequests: amountsData(plan.totalRequests),
    totalAllocatable: amountsData(plan.totalAllocatable),
    controlPlane: {nodes: plan.controlPlane.nodes, cpu: toNumber(plan.controlPlane.cpu), memory: toWholeUnits(plan.controlPlane.memory), rule: plan.controlPlane.rule, source: plan.controlPlane.source},
    why: explain(plan, result),
    unplaceable: plan.unplaceable.map((missing) => ({workload: missing.name, pods: missing.count, resource: missing.resource, request: missing.resource === 'pods' ? 1 : amountNumber(missing.resource, missing.request), free: missing.resource === 'pods' ? Number(missing.free) : amountNumber(missing.resource, missing.free)})),
  }
  if (plan.shape.maxPodsRule) data.maxPodsRule = plan.shape.maxPodsRule
  if (plan.failures.perZone !== undefined) data.perZone = plan.failures.perZone
  if (plan.network) data.network = networkData(plan.network)
  return data
}

/** The documented -o json|yaml schema (README `capacity`). */
export function planData(result: PlanResult): PlanData {
  const {totals} = result
  const data: PlanData = {
    sources: result.sources,
    reservedSource: result.reservedSource,
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
    nodes: nodePlanData(result.options[0]!, result),
    workloads: result.workloads.map(workloadData),
    warnings: planWarnings(result),
  }
  if (totals.rounded) data.totals.rounded = amountsData(totals.rounded)
  if (result.options.length > 1) data.comparison = result.options.map((plan) => nodePlanData(plan, result))
  if (result.recommendations) {
    data.recommendations = result.recommendations.map((entry) => ({shape: entry.plan.shape.name, provider: entry.provider, family: entry.family, nodes: entry.plan.count, waste: entry.waste, nodeShare: entry.nodeShare, source: entry.source}))
  }
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
  out.push({title: 'Plan', lines: [`from ${sourceLine}`, `${totals.pods} pods${result.redundancy.numerator > 0n ? ` + ${formatPercent(result.redundancy)} redundancy` : ''}, ${result.daemonSets.podsPerNode} DaemonSet pod(s) per node`, `reservations: ${result.reservedSource}`]})
  out.push(totalsSection(result))
  for (const plan of result.options.slice(0, 1)) out.push(...nodeSections(plan, result))
  if (result.options.length > 1) out.push(comparisonSection(result))
  if (result.recommendations && result.recommendations.length > 0) out.push(recommendationSection(result))
  out.push(sourcesSection(result))
  const warnings = planWarnings(result)
  if (warnings.length > 0) out.push({title: 'Warnings', lines: warnings})
  return out
}

/** Where each table the report used comes from. */
function sourcesSection(result: PlanResult): Section {
  const plan = result.options[0]
  const lines: string[] = []
  if (plan) lines.push(`reservations     ${reservationSources[plan.reservation.provider]}`, `control plane    ${plan.controlPlane.source}`)
  const shown = new Set((result.recommendations ?? []).map((entry) => entry.provider))
  for (const provider of shown) lines.push(`${`${provider} shapes`.padEnd(17)}${(catalogueSources[provider] ?? []).join('; ')}`)
  lines.push(`limits           Kubernetes' large-cluster limits: ${clusterLimits.nodes.toLocaleString('en-US')} nodes, ${clusterLimits.pods.toLocaleString('en-US')} pods (kubernetes.io/docs/setup/best-practices/cluster-large)`)
  return {title: 'Sources', lines}
}

function totalsSection(result: PlanResult): Section {
  const {totals} = result
  const resources = orderedResources([...Object.keys(totals.withRedundancy), ...Object.keys(result.daemonSets.perNode)])
  const headers = ['resource', 'requests', `× ${formatPercent({numerator: result.redundancy.denominator + result.redundancy.numerator, denominator: result.redundancy.denominator})}`]
  if (totals.rounded) headers.push('rounded up')
  headers.push('limits', 'daemonsets/node')
  const cells = resources.map((resource) => {
    const row = [resource + unitOf(resource), show(resource, totals.requests[resource]), show(resource, totals.withRedundancy[resource])]
    if (totals.rounded) row.push(show(resource, totals.rounded[resource]))
    row.push(show(resource, totals.limits[resource]), show(resource, result.daemonSets.perNode[resource]))
    return row
  })
  return {title: 'Totals', rows: {headers, cells}}
}

function comparisonSection(result: PlanResult): Section {
  return {
    title: 'Node shapes compared',
    rows: {
      headers: ['shape', 'allocatable cpu', 'allocatable memory', 'pods/node', 'binds', 'needed', 'nodes', 'N−1', 'not placed', 'cpu used', 'memory used'],
      cells: result.options.map((plan) => [
        plan.shape.name,
        show('cpu', plan.allocatable.cpu),
        show('memory', plan.allocatable.memory),
        String(plan.packing.podsPerNode),
        [...new Set(plan.packing.fits.flatMap((fit) => fit.binding))].join(', ') || '-',
        String(plan.needed),
        String(plan.count),
        plan.failures.nodeLoss.absorbed ? 'ok' : `+${(plan.failures.suggestedSpareNodes ?? 0) - plan.failures.spareNodes}`,
        String(plan.unplaceable.reduce((sum, missing) => sum + missing.count, 0)),
        percentOf(plan.totalRequests.cpu, plan.totalAllocatable.cpu),
        percentOf(plan.totalRequests.memory, plan.totalAllocatable.memory),
      ]),
    },
  }
}

function recommendationSection(result: PlanResult): Section {
  const percent = (value: number) => `${Math.round(value * 100)}%`
  return {
    title: 'Recommended node shapes',
    rows: {
      headers: ['shape', 'provider', 'cpu', 'memory', 'max pods', 'nodes', 'one node', 'unused', 'N−1'],
      cells: (result.recommendations ?? []).map((entry) => [
        entry.plan.shape.name,
        entry.provider,
        show('cpu', entry.plan.shape.capacity.cpu),
        show('memory', entry.plan.shape.capacity.memory),
        String(entry.plan.shape.maxPods),
        entry.plan.count === entry.plan.needed ? String(entry.plan.count) : `${entry.plan.count} (${entry.plan.needed} + ${entry.plan.count - entry.plan.needed})`,
        percent(entry.nodeShare),
        percent(entry.waste),
        entry.plan.failures.nodeLoss.absorbed ? 'ok' : 'no',
      ]),
    },
  }
}

/** Every warning of the plan, one line each: input notes, pods not placed, losses not absorbed, network. */
export function planWarnings(result: PlanResult): string[] {
  const many = result.options.length > 1
  const prefix = (plan: NodePlan, line: string) => (many ? `${plan.shape.name}: ${line}` : line)
  return [
    ...result.warnings,
    ...result.options.flatMap((plan) => plan.unplaceable.map((missing) => prefix(plan, unplaceableText(plan, missing)))),
    ...result.options.flatMap((plan) => lossWarnings(plan).map((line) => prefix(plan, line))),
    ...result.options.flatMap((plan) => plan.network?.warnings ?? []),
  ]
}

export function unplaceableText(plan: NodePlan, missing: Unplaceable): string {
  const pods = `${missing.count} pod(s) of ${missing.name}`
  if (missing.resource === 'pods') return `${pods} cannot be placed on ${plan.shape.name}: no pod slots left after DaemonSets (max pods ${plan.shape.maxPods}); left out of the node count`
  return `${pods} cannot be placed on ${plan.shape.name}: each needs ${describeAmount(missing.resource, missing.request)}, a node offers ${describeAmount(missing.resource, missing.free)} after reservations and DaemonSets; left out of the node count`
}

function lossText(check: LossCheck, what: string): string {
  const slots = check.slotsLeft !== undefined ? `: ${check.slotsLeft} pod slots for ${check.pods} pods` : ''
  const placed = check.absorbed ? `its ${check.evicted} pods fit on the other ${check.left}` : `only ${check.replaced} of its ${check.evicted} pods fit on the other ${check.left}${slots}`
  return `losing ${what} (the fullest): ${placed}`
}

function lossWarnings(plan: NodePlan): string[] {
  const {failures} = plan
  const fix = failures.suggestedSpareNodes !== undefined ? `; --spare-nodes ${failures.suggestedSpareNodes} absorbs it` : ''
  const lines: string[] = []
  if (!failures.nodeLoss.absorbed) lines.push(`N−1 not met: ${lossText(failures.nodeLoss, 'one node')}${fix}`)
  if (failures.zoneLoss && !failures.zoneLoss.absorbed) lines.push(`zone loss not absorbed: ${lossText(failures.zoneLoss, `a zone (${failures.zoneLoss.lost} nodes)`)}${fix}`)
  return lines
}

/** The reasons behind a node plan, one line each, in the order an SRE would check them. */
export function explain(plan: NodePlan, result: PlanResult): string[] {
  return [allocatableWhy(plan), ...daemonSetWhy(plan), ...fitsWhy(plan, result), ...plan.unplaceable.map((missing) => `NOT PLACED: ${unplaceableText(plan, missing)}`), neededWhy(plan, result), ...failureWhy(plan), `control plane: ${plan.controlPlane.nodes} nodes of ${describeAmount('cpu', plan.controlPlane.cpu)} / ${describeAmount('memory', plan.controlPlane.memory)} (ACK's guide, ${plan.controlPlane.rule}); 3 so etcd keeps its quorum with one down`]
}

function allocatableWhy(plan: NodePlan): string {
  const reserved = totalReserved(plan.reservation)
  const parts = ['cpu', 'memory']
    .filter((resource) => plan.allocatable[resource] !== undefined)
    .map((resource) => {
      const cut = reserved[resource] ?? 0n
      return `${describeAmount(resource, plan.allocatable[resource]!)}${cut > 0n ? ` (${describeAmount(resource, plan.shape.capacity[resource] ?? 0n)} − ${describeAmount(resource, cut)} reserved)` : ''}`
    })
  const maxPods = plan.shape.maxPodsRule ? `; max pods ${plan.shape.maxPods} (${plan.shape.maxPodsRule})` : ''
  return `allocatable per node: ${parts.join(', ')}; ${plan.reservation.formula}${maxPods}`
}

function daemonSetWhy(plan: NodePlan): string[] {
  const {daemonSets} = plan
  const lines: string[] = []
  if (daemonSets.pods > 0) {
    const amounts = orderedResources(Object.keys(daemonSets.perNode)).map((resource) => describeAmount(resource, daemonSets.perNode[resource]!))
    lines.push(`DaemonSets take ${amounts.join(', ')} and ${daemonSets.pods} pod slot(s) on every node`)
  }
  if (daemonSets.skipped.length > 0) lines.push(`not charged on ${plan.shape.name} (their nodeSelector/affinity selects no such node): ${daemonSets.skipped.join(', ')}`)
  return lines
}

function fitsWhy(plan: NodePlan, result: PlanResult): string[] {
  const shown = 6
  const fits = [...plan.packing.fits].filter((fit) => fit.perNode > 0).sort((a, b) => b.count - a.count)
  const lines = fits.slice(0, shown).map((fit) => {
    const requests = result.shapes.find((shape) => shape.name === fit.name)?.requests ?? {}
    const others = Object.entries(fit.limits).filter(([resource]) => !fit.binding.includes(resource)).map(([resource, allowed]) => `${resource} would allow ${allowed}`).join(', ')
    const bound = fit.binding[0]!
    const request = requests[bound] ?? 0n
    const bindingText =
      bound === 'pods'
        ? `max pods binds (${plan.podSlots} slots)`
        : `${fit.binding.join(' and ')} bind${fit.binding.length > 1 ? '' : 's'} (${fit.perNode} × ${describeAmount(bound, request)} = ${describeAmount(bound, request * BigInt(fit.perNode))} of ${describeAmount(bound, plan.freeForWorkloads[bound] ?? 0n)}; one more needs ${describeAmount(bound, request * BigInt(fit.perNode + 1))})`
    const spec = orderedResources(Object.keys(requests)).filter((resource) => requests[resource]! > 0n).map((resource) => describeAmount(resource, requests[resource]!)).join(' / ')
    return `${fit.perNode} pods per node of ${spec || 'pods without requests'} (${fit.name}): ${bindingText}${others ? `; ${others}` : ''}`
  })
  if (fits.length > shown) lines.push(`… and ${fits.length - shown} more pod shapes (see -o json nodes.fits)`)
  return lines
}

function neededWhy(plan: NodePlan, result: PlanResult): string {
  const placed = plan.packing.groups.reduce((sum, group) => sum + group.pods * group.count, 0)
  const base = result.shapes.filter((shape) => !plan.unplaceable.some((missing) => missing.name === shape.name)).reduce((sum, shape) => sum + (shape.baseCount ?? shape.count), 0)
  const extra = placed - base
  const bounds = Object.entries(plan.lowerBounds).sort((a, b) => b[1] - a[1]).map(([resource, nodes]) => `${resource} ${nodes}`).join(', ')
  const redundancy = extra > 0 ? ` (${base} + ${extra} for ${formatPercent(result.redundancy)} redundancy)` : ''
  return `${plan.needed} node(s) hold ${placed} pods${redundancy} packed whole; totals alone would need ${bounds || '0'}`
}

function failureWhy(plan: NodePlan): string[] {
  const {failures, needed, count} = plan
  const lines: string[] = []
  if (failures.spareNodes > 0) lines.push(`+${failures.spareNodes} spare (--spare-nodes)`)
  if (failures.zoneNodes !== undefined) lines.push(`${failures.zones} zones: ${failures.perZone} per zone; (${failures.zones} − 1) zones must hold ${needed} nodes' pods → at least ${failures.zoneNodes}`)
  if (failures.maxLoss) {
    const share = formatPercent({numerator: 1n, denominator: BigInt(Math.max(count, 1))})
    lines.push(failures.maxLoss.floor > needed + failures.spareNodes ? `${failures.maxLoss.floor} so one node is at most ${formatPercent(failures.maxLoss.ratio)} of the capacity (--max-loss); one node is ${share}` : `one node is ${share} of the capacity, within --max-loss ${formatPercent(failures.maxLoss.ratio)}`)
  }
  lines.push(`${failures.nodeLoss.absorbed ? '' : 'NOT MET: '}${lossText(failures.nodeLoss, 'one node')}`)
  if (failures.zoneLoss) lines.push(`${failures.zoneLoss.absorbed ? '' : 'NOT MET: '}${lossText(failures.zoneLoss, `a zone (${failures.zoneLoss.lost} nodes)`)}`)
  if (failures.suggestedSpareNodes !== undefined) lines.push(`--spare-nodes ${failures.suggestedSpareNodes} would absorb the loss`)
  return lines
}

function nodeSections(plan: NodePlan, result: PlanResult): Section[] {
  const out: Section[] = []
  const extra = plan.count - plan.needed
  const summary = [
    `shape            ${plan.shape.name}, max ${plan.shape.maxPods} pods (${plan.reservation.provider === 'cluster' ? 'live allocatable' : `--reserved ${plan.reservation.provider}`})`,
    `allocatable      ${show('cpu', plan.allocatable.cpu)} cores, ${show('memory', plan.allocatable.memory)} per node`,
    `pods per node    ${plan.packing.podsPerNode}`,
    `nodes            ${plan.count}${extra > 0 ? ` (${plan.needed} needed + ${extra} for failures)` : ''}${plan.failures.perZone !== undefined ? `, ${plan.failures.perZone} per zone` : ''}`,
    `losing a node    ${plan.failures.nodeLoss.absorbed ? 'absorbed' : `NOT absorbed (--spare-nodes ${plan.failures.suggestedSpareNodes ?? '?'} fixes it)`}`,
    `requested        ${show('cpu', plan.totalRequests.cpu)} of ${show('cpu', plan.totalAllocatable.cpu)} cores (${percentOf(plan.totalRequests.cpu, plan.totalAllocatable.cpu)}), ${show('memory', plan.totalRequests.memory)} of ${show('memory', plan.totalAllocatable.memory)} (${percentOf(plan.totalRequests.memory, plan.totalAllocatable.memory)})`,
    `control plane    ${plan.controlPlane.nodes} nodes (HA) of ${show('cpu', plan.controlPlane.cpu)} cores / ${show('memory', plan.controlPlane.memory)}`,
  ]
  out.push({title: 'Nodes', lines: summary})
  out.push({title: 'Why', lines: explain(plan, result)})
  if (plan.network) out.push({title: 'Network', lines: networkLines(plan.network, plan.count)})
  return out
}

function networkLines(net: NetworkCheck, nodes: number): string[] {
  const lines: string[] = []
  if (net.podCidr) {
    const perNode = net.nodePodCidrMask !== undefined && net.podAddressesPerNode !== undefined ? `, /${net.nodePodCidrMask} per node (${net.nodePodCidrMaskSource}): ${net.podAddressesPerNode} addresses per node` : ''
    lines.push(`pod range        ${net.podCidr}${perNode}`)
  }
  if (net.maxNodes !== undefined) lines.push(`max nodes        ${net.maxNodes} (2^(${net.nodePodCidrMask} − ${net.podCidr?.split('/')[1]})); the plan's ${nodes} ${net.fits ? 'fit' : 'do NOT fit'}`)
  if (net.serviceCidr) lines.push(`service range    ${net.serviceCidr}: ${net.serviceAddresses} addresses`)
  if (net.vpcCidrs.length > 0) lines.push(`VPC ranges       ${net.vpcCidrs.join(', ')}`)
  lines.push(net.errors.length === 0 ? 'ranges           no overlaps' : `problems         ${net.errors.join('; ')}`)
  return lines
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

