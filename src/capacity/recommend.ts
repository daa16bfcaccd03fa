/**
 * Choosing the worker size (the ACK guide's core step): every shape of the instance
 * catalogue is planned with the same workloads, given the spare nodes its N−1 (and zone)
 * check asks for, and ranked by unused capacity, then fewer (larger) nodes, which means
 * fewer image pulls, less fragmentation and fewer evictions per lost node.
 */
import catalogue from './data/instance-types.json' with {type: 'json'}
import {CapacityError} from './errors.js'
import type {NodeShape, PlanInput, Provider} from './model.js'
import {planForShape} from './plan.js'
import type {NodePlan, Recommendation, ShapeContext} from './plan.js'
import {parseRequest} from './quantity.js'

export interface CatalogueEntry {
  provider: string
  family: string
  name: string
  cpu: number
  memory: string
  maxPods?: number
  maxPodsRule?: string
}

export const catalogueProviders = ['ack', 'eks', 'gke', 'aks'] as const

export const instances: CatalogueEntry[] = catalogue.instances
export const catalogueSources: Record<string, string[]> = catalogue.sources

const presetOf: Record<string, Provider> = {ack: 'ack', eks: 'eks', gke: 'gke', aks: 'aks'}

/** The catalogue provider a reservation preset belongs to (none/custom: every provider). */
export function catalogueFor(reserved: Provider): string[] {
  if (reserved === 'none' || reserved === 'custom') return [...catalogueProviders]
  return [reserved.replace('-legacy', '')]
}

function shapeOf(entry: CatalogueEntry, defaultMaxPods: number): NodeShape {
  const shape: NodeShape = {name: entry.name, capacity: {cpu: parseRequest(entry.cpu, entry.name), memory: parseRequest(entry.memory, entry.name)}, maxPods: entry.maxPods ?? defaultMaxPods}
  shape.maxPodsRule = entry.maxPodsRule ?? (entry.maxPods === undefined ? `not in the catalogue: ${defaultMaxPods} assumed` : `${entry.provider} default`)
  return shape
}

/** Share of the provisioned cpu and memory (averaged) that no pod requests. */
export function unusedShare(plan: NodePlan): number {
  const shares = ['cpu', 'memory'].map((resource) => {
    const total = plan.totalAllocatable[resource] ?? 0n
    if (total <= 0n) return 1
    return 1 - Number(((plan.totalRequests[resource] ?? 0n) * 10_000n) / total) / 10_000
  })
  return shares.reduce((sum, share) => sum + share, 0) / shares.length
}

/** Plans one catalogue shape with the spares its loss check asks for; undefined when it cannot hold the plan. */
function planEntry(input: PlanInput, entry: CatalogueEntry, context: ShapeContext): Recommendation | undefined {
  const reserved = catalogueFor(input.reserved).includes(entry.provider) && input.reserved !== 'custom' && input.reserved !== 'none' ? input.reserved : presetOf[entry.provider]!
  const sized = {...input, reserved}
  const shape = shapeOf(entry, input.nodeShapes[0]?.maxPods ?? 110)
  let plan: NodePlan
  try {
    plan = planForShape(sized, shape, context)
    if (plan.failures.suggestedSpareNodes !== undefined) plan = planForShape({...sized, spareNodes: plan.failures.suggestedSpareNodes}, shape, context)
  } catch (error) {
    if (error instanceof CapacityError) return undefined // the DaemonSets do not fit this shape
    throw error
  }
  if (plan.unplaceable.length > 0 || plan.count === 0) return undefined
  return {provider: entry.provider, family: entry.family, plan, waste: unusedShare(plan), nodeShare: 1 / plan.count, source: catalogueSources[entry.provider]?.[0] ?? ''}
}

/** The catalogue's shapes for this plan, best first; at most `limit`. */
export function rankCatalogue(input: PlanInput, context: ShapeContext, limit = 6): Recommendation[] {
  const wanted = input.catalogue && input.catalogue.length > 0 ? input.catalogue : catalogueFor(input.reserved)
  const unknown = wanted.filter((name) => name !== 'all' && !(catalogueProviders as readonly string[]).includes(name))
  if (unknown.length > 0) throw new CapacityError(`--catalogue: "${unknown[0]}" is not one of ${catalogueProviders.join(', ')}, all`)
  const providers = wanted.includes('all') ? [...catalogueProviders] : wanted
  if (context.shapes.length === 0) return []
  const ranked = instances
    .filter((entry) => providers.includes(entry.provider))
    .map((entry) => planEntry(input, entry, context))
    .filter((entry): entry is Recommendation => entry !== undefined)
  // Unused capacity in 5% steps first (near ties are ties), then fewer, larger nodes.
  const bucket = (waste: number) => Math.round(waste * 20)
  ranked.sort((a, b) => bucket(a.waste) - bucket(b.waste) || a.plan.count - b.plan.count || a.waste - b.waste)
  return ranked.slice(0, limit)
}
