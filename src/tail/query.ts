/**
 * QUERY as stern reads it: a pod-name regular expression, or `KIND/NAME` for one pod or for the
 * pods of a workload or service (their label selector).
 */
import {UserError} from '../errors.js'

export type QueryResource = 'pods' | 'deployments' | 'replicasets' | 'statefulsets' | 'daemonsets' | 'jobs' | 'services' | 'replicationcontrollers'

const kinds: Record<string, QueryResource> = {
  po: 'pods',
  pod: 'pods',
  pods: 'pods',
  deploy: 'deployments',
  deployment: 'deployments',
  deployments: 'deployments',
  rs: 'replicasets',
  replicaset: 'replicasets',
  replicasets: 'replicasets',
  sts: 'statefulsets',
  statefulset: 'statefulsets',
  statefulsets: 'statefulsets',
  ds: 'daemonsets',
  daemonset: 'daemonsets',
  daemonsets: 'daemonsets',
  job: 'jobs',
  jobs: 'jobs',
  rc: 'replicationcontrollers',
  replicationcontroller: 'replicationcontrollers',
  replicationcontrollers: 'replicationcontrollers',
  svc: 'services',
  service: 'services',
  services: 'services',
}

export class QueryError extends UserError {
  override name = 'QueryError'
}

/** `deployment/web` → {resource: 'deployments', name: 'web'}; a plain regex → undefined. */
export function parseResourceQuery(query: string | undefined): {resource: QueryResource; name: string} | undefined {
  const match = /^([A-Za-z]+)(?:\.[a-z.]+)?\/(.+)$/.exec(query ?? '')
  if (!match) return undefined
  const resource = kinds[match[1]!.toLowerCase()]
  if (!resource) {
    throw new QueryError(`QUERY "${query}": unknown kind "${match[1]}"; use pod, deployment, replicaset, statefulset, daemonset, job, replicationcontroller (rc) or service (or a pod-name regular expression)`)
  }
  return {resource, name: match[2]!}
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

interface LabelSelectorShape {
  matchLabels?: Record<string, string>
  matchExpressions?: Array<{key: string; operator: string; values?: string[]}>
}

/** A workload's `spec.selector` (or a service's plain map) as a label selector string. */
export function selectorString(selector: LabelSelectorShape | Record<string, string> | undefined, plainMap: boolean): string {
  if (!selector) return ''
  if (plainMap) return Object.entries(selector as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(',')
  const {matchLabels = {}, matchExpressions = []} = selector as LabelSelectorShape
  const parts = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`)
  for (const e of matchExpressions) {
    const values = (e.values ?? []).join(',')
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
  }
  return parts.join(',')
}
