/**
 * Aggregated discovery (apidiscovery.k8s.io/v2): `/api` and `/apis` answer with every group,
 * version and resource in one document when the client asks for it with
 * `Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList` (kubectl 1.32 and
 * client-go do), so a client learns the whole API in two requests instead of one per group version.
 */
import {groupVersion, type ServedResource} from './resources.js'

export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'

/** Whether an Accept header asks for the v2 aggregated form (before any plain JSON it also accepts). */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  if (!accept) return false
  return accept.split(',').some((clause) => {
    const parameters = clause.split(';').map((p) => p.trim())
    return parameters[0] === 'application/json' && parameters.includes('g=apidiscovery.k8s.io') && parameters.includes('v=v2') && parameters.includes('as=APIGroupDiscoveryList')
  })
}

const SUBRESOURCES: Record<string, {verbs: string[]; kind?: {group: string; version: string; kind: string}}> = {
  status: {verbs: ['get', 'patch', 'update']},
  scale: {verbs: ['get', 'patch', 'update'], kind: {group: 'autoscaling', version: 'v1', kind: 'Scale'}},
  log: {verbs: ['get']},
  proxy: {verbs: ['create', 'delete', 'get', 'patch', 'update'], kind: {group: '', version: 'v1', kind: 'NodeProxyOptions'}},
  ephemeralcontainers: {verbs: ['get', 'patch', 'update']},
  eviction: {verbs: ['create'], kind: {group: 'policy', version: 'v1', kind: 'Eviction'}},
  token: {verbs: ['create'], kind: {group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest'}},
}

function resourceEntry(r: ServedResource): object {
  const responseKind = {group: r.group, version: r.version, kind: r.kind}
  const entry: Record<string, unknown> = {resource: r.plural, responseKind, scope: r.namespaced ? 'Namespaced' : 'Cluster', singularResource: r.singular, verbs: r.verbs}
  if (r.shortNames) entry.shortNames = r.shortNames
  if (r.categories) entry.categories = r.categories
  const subresources = (r.subresources ?? []).map((name) => ({subresource: name, responseKind: SUBRESOURCES[name]?.kind ?? responseKind, verbs: SUBRESOURCES[name]?.verbs ?? ['get']}))
  if (subresources.length > 0) entry.subresources = subresources
  return entry
}

/** The APIGroupDiscoveryList of `/api` (core only) or `/apis` (every named group), in served order. */
export function aggregatedDiscovery(resources: ServedResource[], root: 'api' | 'apis'): object {
  const groups = new Map<string, Map<string, ServedResource[]>>()
  for (const r of resources) {
    if ((root === 'api') !== (r.group === '')) continue
    const versions = groups.get(r.group) ?? new Map<string, ServedResource[]>()
    versions.set(r.version, [...(versions.get(r.version) ?? []), r])
    groups.set(r.group, versions)
  }
  const items = [...groups].map(([group, versions]) => ({
    metadata: group === '' ? {creationTimestamp: null} : {name: group, creationTimestamp: null},
    versions: [...versions].map(([version, served]) => ({version, resources: served.map(resourceEntry), freshness: 'Current'})),
  }))
  return {kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items}
}

/** `apps/v1` of each item, for tests and logs. */
export function discoveredGroupVersions(list: {items: Array<{metadata: {name?: string}; versions: Array<{version: string}>}>}): string[] {
  return list.items.flatMap((g) => g.versions.map((v) => groupVersion({group: g.metadata.name ?? '', version: v.version})))
}
