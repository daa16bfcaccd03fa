/**
 * `capacity show -g/--group-by`: the rows per node (kube-capacity's view, the default) or per
 * namespace (kubectl-view-allocations' `-g namespace`): the selected pods' requests, limits and
 * usage summed per namespace over the nodes shown.
 */
import type {NodeRecord, PodRecord} from './cluster.js'
import {CapacityError} from './errors.js'
import {addAmounts} from './model.js'
import type {ResourceAmounts} from './model.js'

export const groupings = ['node', 'namespace'] as const
export type GroupBy = (typeof groupings)[number]

/** The hint for view-allocations' other groupings, which show covers with other flags. */
const otherGroupings: Record<string, string> = {
  resource: 'every resource already has its own columns; choose them with -r/--resource-name',
  pod: 'list the pods with -p/--pods (under their node or, with -g namespace, their namespace)',
  container: 'list the containers with -c/--containers',
}

export function parseGroupBy(text: string): GroupBy {
  const value = text.trim().toLowerCase()
  const known = groupings.find((grouping) => grouping === value || `${grouping}s` === value || (grouping === 'namespace' && value === 'ns') || (grouping === 'node' && value === 'no'))
  if (known) return known
  const hint = otherGroupings[value.replace(/s$/, '')]
  throw new CapacityError(`--group-by: "${text}" is not node or namespace${hint ? `: ${hint}` : ''}`)
}

export interface NamespaceGroup {
  name: string
  requests: ResourceAmounts
  limits: ResourceAmounts
  /** Summed pod usage, when metrics.k8s.io served the pods' metrics. */
  usage?: ResourceAmounts
  pods: number
  podList: PodRecord[]
}

/** The selected pods of the nodes shown, per namespace (sorted by name; the caller may sort again). */
export function groupByNamespace(nodes: NodeRecord[]): NamespaceGroup[] {
  const groups = new Map<string, NamespaceGroup>()
  for (const node of nodes) {
    for (const pod of node.podList ?? []) {
      let group = groups.get(pod.namespace)
      if (!group) groups.set(pod.namespace, (group = {name: pod.namespace, requests: {}, limits: {}, pods: 0, podList: []}))
      addAmounts(group.requests, pod.requests)
      addAmounts(group.limits, pod.limits)
      if (pod.usage) group.usage = addAmounts(group.usage ?? {}, pod.usage)
      group.pods++
      group.podList.push(pod)
    }
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name))
}
