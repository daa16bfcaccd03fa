/** Resource URLs (`/api/v1/namespaces/N/pods/NAME/log`) parsed into what they name, and the verb a request is. */
import {findResource, type ServedResource} from './resources.js'
import {requestVerb} from './query.js'
import type {DenyRule} from './types.js'

/** A parsed resource URL. */
export interface ResourceRoute {
  resource: ServedResource
  namespace?: string
  name?: string
  subresource?: string
  /** What follows the subresource (`logs/` in nodes/N/proxy/logs/). */
  rest?: string
}

/** What a path under a served group version names: a resource, or nothing the server knows (404 Status). */
export function parseResourcePath(segments: string[], find: (groupVersionText: string, plural: string) => ServedResource | undefined = findResource): ResourceRoute | undefined {
  // segments after /api/v1 or /apis/g/v; the group version comes first.
  const [gv, ...parts] = segments
  if (!gv || parts.length === 0) return undefined
  let namespace: string | undefined
  if (parts[0] === 'namespaces' && parts.length >= 3 && parts[2] !== 'status' && parts[2] !== 'finalize') {
    namespace = parts[1]
    parts.splice(0, 2)
  }
  const resource = find(gv, parts[0]!)
  if (!resource) return undefined
  const route: ResourceRoute = {resource}
  if (namespace !== undefined) route.namespace = namespace
  if (parts[1] !== undefined) route.name = parts[1]
  if (parts[2] !== undefined) route.subresource = parts[2]
  if (parts.length > 3) route.rest = parts.slice(3).join('/')
  if (resource.namespaced === false && namespace !== undefined) return undefined
  return route
}

export function verbOf(method: string, route: ResourceRoute, params: URLSearchParams): string {
  return requestVerb(method, route.name !== undefined, params)
}

export interface Authorisation {
  user: string
  verb: string
  /** `pods` or `pods/log`. */
  resource: string
  group: string
  namespace: string | undefined
  name: string | undefined
}

export function denied(rules: DenyRule[], a: Authorisation): boolean {
  return rules.some(
    (r) =>
      (r.user === undefined || r.user === a.user) &&
      (r.verb === undefined || r.verb === a.verb) &&
      r.resource === a.resource &&
      (r.group === undefined || r.group === a.group) &&
      (r.namespace === undefined || r.namespace === a.namespace) &&
      (r.name === undefined || r.name === a.name),
  )
}
