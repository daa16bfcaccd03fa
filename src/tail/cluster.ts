/** The session's view of a cluster, on top of the one API client. */
import type {KubeClient, KubeObject} from '../kube/client.js'
import {KubeError} from '../kube/errors.js'
import {selectionText, sessionOptions, TailUsageError, type ColourChoice, type TailFlags} from './options.js'
import {escapeRegex, parseResourceQuery, QueryError, selectorString, type QueryResource} from './query.js'
import type {PodSelection, PodSource, SessionOptions} from './session.js'
import type {PodShape} from './targets.js'

/** A pod as the client returns it, with the fields tailing reads typed. */
type Pod = KubeObject & PodShape

export function podSource(client: KubeClient): PodSource {
  return {
    async list(selection: PodSelection) {
      const {items} = await client.list<Pod>('pods', selection)
      return items
    },
    async sync(selection, {onTrouble, ...handlers}) {
      await client.sync<Pod>('pods', {
        ...selection,
        ...handlers,
        onRetry: ({error, delayMs}) => onTrouble({reason: error.reason, message: error.message, delayMs}),
      })
    },
    openLog(namespace, pod, container, request, signal) {
      return client.podLogs(namespace, pod, {
        container,
        follow: request.follow,
        previous: request.previous,
        timestamps: true,
        sinceSeconds: request.sinceSeconds,
        sinceTime: request.sinceTime,
        tailLines: request.tailLines,
        signal,
      })
    },
  }
}

type SelectorOwner = KubeObject & {spec?: {selector?: Record<string, unknown>}}

/** The workload or service a KIND/NAME query names (replication controllers by path: the client's table has no entry for them). */
async function getSelectorOwner(client: KubeClient, resource: QueryResource, name: string, namespace: string): Promise<SelectorOwner> {
  if (resource !== 'replicationcontrollers') return client.get<SelectorOwner>(resource, name, namespace)
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/replicationcontrollers/${encodeURIComponent(name)}`
  try {
    return JSON.parse(await client.getRaw(path)) as SelectorOwner
  } catch (error) {
    // A raw read knows no kind or name to put in the message; every API server serves core/v1 replication controllers.
    if (error instanceof KubeError && error.reason === 'not-found') throw new KubeError('not-found', `replicationcontroller "${name}" not found in namespace "${namespace}"`, 404)
    throw error
  }
}

/**
 * The flags with a `KIND/NAME` query resolved: a pod by its exact name, a workload or service by
 * its label selector (read from the cluster once).
 */
export async function resolveQuery(client: KubeClient, flags: TailFlags): Promise<TailFlags> {
  try {
    const query = parseResourceQuery(flags.query)
    if (query?.resource === 'pods') return {...flags, query: `^${escapeRegex(query.name)}$`}
    if (!query) return flags
    if (flags.selector) throw new TailUsageError(`QUERY "${flags.query}" selects pods by labels already: drop -l/--selector`)
    if (flags.allNamespaces || (flags.namespace ?? '').includes(',')) throw new TailUsageError(`QUERY "${flags.query}" names one object: use it with a single namespace, not -A or -n a,b`)
    const object = await getSelectorOwner(client, query.resource, query.name, flags.namespace ?? client.namespace)
    const plainMap = query.resource === 'services' || query.resource === 'replicationcontrollers'
    const selector = selectorString(object.spec?.selector as Record<string, string> | undefined, plainMap)
    if (!selector) throw new TailUsageError(`${query.resource.replace(/s$/, '')} "${query.name}" has no pod selector to follow`)
    return {...flags, query: undefined, selector}
  } catch (error) {
    if (error instanceof QueryError) throw new TailUsageError(error.message)
    throw error
  }
}

/** The session for these flags (a `KIND/NAME` query resolved by resolveQuery). */
export async function sessionFor(client: KubeClient, flags: TailFlags, colour: ColourChoice): Promise<SessionOptions> {
  const resolved = await resolveQuery(client, flags)
  const options = sessionOptions(resolved, client.namespace, colour)
  // "no pod matches" names what the user typed (pod/web, deployment/web), not the regex or selector it became.
  return resolved === flags ? options : {...options, selectionText: selectionText(flags)}
}
