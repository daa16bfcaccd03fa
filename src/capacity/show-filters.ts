/**
 * The node and resource filters of `capacity show`, as kube-capacity and
 * kubectl-view-allocations spell them: node labels (-l/--node-labels), node taints
 * (-t/--node-taints, kube-capacity's `key=value:effect` list with `!` to exclude), --no-taint,
 * and the resource columns (-r/--resource-name, view-allocations' substring match). They choose
 * rows and columns only: headroom and the plan check are computed on every node before them.
 */
import type {KubeClient} from '../kube/client.js'
import type {NodeRecord, NodeTaint} from './cluster.js'
import {CapacityError} from './errors.js'
import {taintText} from '../util/node-selection.js'

export interface TaintMatch {
  key: string
  /** Absent: any value matches (as a toleration with operator Exists). */
  value?: string
  /** Absent: any effect matches. */
  effect?: string
  /** The item as typed, without its `!` or trailing `-`. */
  text: string
}

/** Nodes with at least one `include` taint (when any is given) and none of the `exclude` ones. */
export interface TaintFilter {
  include: TaintMatch[]
  exclude: TaintMatch[]
}

export interface NodeFilter {
  /** The node label selector the rows were chosen with (-l/--node-labels). */
  labelSelector?: string
  /** The names of the nodes that selector matched on the server; absent: the snapshot was read with it. */
  labelled?: Set<string>
  taints?: TaintFilter
  /** kube-capacity's --no-taint: leave out every node with a taint of any effect. */
  noTaint?: boolean
}

const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']
const qualifiedName = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/

function taintError(item: string, why: string): CapacityError {
  return new CapacityError(`--node-taints: "${item}" ${why}; write key[=value][:effect], comma-separated, with ! in front to exclude (e.g. node-role.kubernetes.io/control-plane:NoSchedule or '!dedicated=gpu:NoSchedule')`)
}

/** One item: `key`, `key=value`, `key:effect` or `key=value:effect`. */
function parseTaintMatch(text: string, item: string): TaintMatch {
  const colon = text.lastIndexOf(':')
  const effect = colon >= 0 ? text.slice(colon + 1) : undefined
  const pair = colon >= 0 ? text.slice(0, colon) : text
  const equals = pair.indexOf('=')
  const key = equals >= 0 ? pair.slice(0, equals) : pair
  const value = equals >= 0 ? pair.slice(equals + 1) : undefined
  if (!qualifiedName.test(key)) throw taintError(item, key === '' ? 'has no key' : `has an invalid key "${key}"`)
  if (value !== undefined && !labelValue.test(value)) throw taintError(item, `has an invalid value "${value}"`)
  if (effect !== undefined && !effects.includes(effect)) throw taintError(item, `has the effect "${effect}": it must be NoSchedule, PreferNoSchedule or NoExecute`)
  return {key, text, ...(value !== undefined ? {value} : {}), ...(effect !== undefined ? {effect} : {})}
}

/** -t/--node-taints values (repeatable, comma-separated); `!x` or kubectl taint's `x-` excludes. */
export function parseTaintFilter(values: string[]): TaintFilter {
  const filter: TaintFilter = {include: [], exclude: []}
  for (const value of values) if (value.split(',').some((part) => part.trim() === '')) throw taintError(value, 'has an empty item')
  for (const item of values.flatMap((value) => value.split(',')).map((part) => part.trim())) {
    const excluded = item.startsWith('!') || item.endsWith('-')
    if (item.startsWith('!') && item.endsWith('-')) throw taintError(item, 'has both ! and a trailing -')
    const text = item.startsWith('!') ? item.slice(1) : excluded ? item.slice(0, -1) : item
    filter[excluded ? 'exclude' : 'include'].push(parseTaintMatch(text, item))
  }
  return filter
}

/** The node's taints; a cordoned node counts as tainted node.kubernetes.io/unschedulable:NoSchedule, as the node controller marks it. */
export function nodeTaints(node: NodeRecord): NodeTaint[] {
  const taints = node.allTaints ?? node.taints.map((key) => ({key, effect: 'NoSchedule'}))
  const cordon = {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'}
  if (!node.unschedulable || taints.some((taint) => taint.key === cordon.key)) return taints
  return [...taints, cordon]
}

function matches(taint: NodeTaint, match: TaintMatch): boolean {
  return taint.key === match.key && (match.value === undefined || (taint.value ?? '') === match.value) && (match.effect === undefined || taint.effect === match.effect)
}

function hasAny(node: NodeRecord, list: TaintMatch[]): boolean {
  return nodeTaints(node).some((taint) => list.some((match) => matches(taint, match)))
}

/** What the cluster's nodes carry, for a filter that left none: "cp-1 a:NoSchedule; worker-3 b:NoExecute". */
function taintsPresent(nodes: NodeRecord[]): string {
  const parts = nodes.map((node) => ({name: node.name, taints: nodeTaints(node)})).filter((entry) => entry.taints.length > 0)
  if (parts.length === 0) return 'no node has a taint'
  return `the nodes' taints: ${parts.map((entry) => `${entry.name} ${entry.taints.map(taintText).join(', ')}`).join('; ')}`
}

interface Step {
  keep: (node: NodeRecord) => boolean
  /** Why no node is left, when this step left none. */
  empty: (before: NodeRecord[]) => string
}

function filterSteps(filter: NodeFilter): Step[] {
  const steps: Step[] = []
  const {labelled, labelSelector, taints} = filter
  if (labelSelector !== undefined) {
    steps.push({keep: (node) => !labelled || labelled.has(node.name), empty: () => `no node matches the node label selector "${labelSelector}": -l and --node-labels select nodes; to select pods by label (kube-capacity's -l), use --pod-labels`})
  }
  if (taints && taints.include.length > 0) {
    const wanted = taints.include.map((match) => match.text).join(', ')
    steps.push({keep: (node) => hasAny(node, taints.include), empty: (before) => `no node has a taint matching --node-taints ${wanted}; ${taintsPresent(before)}`})
  }
  if (taints && taints.exclude.length > 0) {
    const unwanted = taints.exclude.map((match) => `!${match.text}`).join(', ')
    steps.push({keep: (node) => !hasAny(node, taints.exclude), empty: (before) => `no node is left by --node-taints ${unwanted}: each has a taint it excludes; ${taintsPresent(before)}`})
  }
  if (filter.noTaint) steps.push({keep: (node) => nodeTaints(node).length === 0, empty: (before) => `no node is left without a taint (--no-taint); ${taintsPresent(before)}`})
  return steps
}

/** The nodes the filters keep, and when none is left, which filter left none and why. */
export function filterNodes(nodes: NodeRecord[], filter: NodeFilter): {nodes: NodeRecord[]; empty?: string} {
  let kept = nodes
  for (const step of filterSteps(filter)) {
    const next = kept.filter(step.keep)
    if (next.length === 0) return {nodes: next, empty: step.empty(kept)}
    kept = next
  }
  return {nodes: kept}
}

/** The names of the nodes a label selector matches, read on the server (so a bad selector fails as kubectl's does). */
export async function nodesMatchingLabels(client: KubeClient, labelSelector: string): Promise<Set<string>> {
  const names = new Set<string>()
  for await (const page of client.listPages<{metadata: {name: string}}>('nodes', {labelSelector})) for (const node of page) names.add(node.metadata.name)
  return names
}

/** -r/--resource-name values (repeatable, comma-separated), kubectl-view-allocations' spelling. */
export function parseResourceNames(values: string[]): string[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim())
  if (names.some((name) => name === '')) throw new CapacityError('--resource-name: empty name; give resource names such as cpu, memory or gpu (a part of the name matches: gpu → nvidia.com/gpu), comma-separated or repeated')
  return [...new Set(names)]
}

/**
 * The resources each name picks out of the candidates: an exact name, else every one containing
 * it (view-allocations' rule: `gpu` → nvidia.com/gpu, `mem` → memory). Names that match nothing
 * are returned apart; when nothing matches at all, one error names what the cluster has.
 */
export function selectResources(candidates: string[], names: string[]): {resources: string[]; unmatched: string[]} {
  const picked = new Set<string>()
  const unmatched: string[] = []
  for (const name of names) {
    const found = candidates.includes(name) ? [name] : candidates.filter((candidate) => candidate.includes(name))
    if (found.length === 0) unmatched.push(name)
    for (const resource of found) picked.add(resource)
  }
  if (picked.size === 0) throw new CapacityError(`--resource-name: no resource of this cluster's nodes matches ${names.map((name) => `"${name}"`).join(', ')}; they have ${candidates.join(', ')}`)
  return {resources: candidates.filter((candidate) => picked.has(candidate)), unmatched}
}
