/**
 * The HTTP handler: authentication and deny rules, discovery, then each resource request to the
 * module that serves it — reads here (get, list), watch.ts, writes.ts (create, update, patch,
 * delete, deletecollection, scale), logs.ts, node-logs.ts. Errors leave as metav1.Status bodies;
 * a path outside every served API is plain text `404 page not found`, as on the real server.
 * The lifecycle controllers (graceful pod deletion, namespaces, garbage collection) start with
 * the handler and stop with the sandbox.
 */
import {randomBytes} from 'node:crypto'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {CustomResourceDefinitions} from './custom-resources.js'
import {serviceAllocator, type Allocator} from './defaults.js'
import {Discovery, SERVER_VERSION} from './discovery.js'
import {serveEphemeralContainers} from './ephemeral-containers.js'
import {evict} from './eviction.js'
import {GarbageCollector} from './garbage-collector.js'
import {AGGREGATED_DISCOVERY_TYPE, aggregatedDiscovery, wantsAggregatedDiscovery} from './discovery-v2.js'
import {PageNotFound, readJsonBody, reply, send, sendError, type ApiRequest} from './http.js'
import {Lifecycle} from './lifecycle.js'
import {parseLogOptions, resolveLogTarget, runLog, writeLog} from './logs.js'
import {NamespaceControllers} from './namespaces.js'
import {answerNodeLogQuery} from './node-logs.js'
import {OpenApiDocuments} from './openapi/documents.js'
import {serveOpenApi} from './openapi/handler.js'
import {checkContinueAge, continueExpired, decodeContinue, decodeListOptions, encodeContinue, listExpired, listRevision, parseResourceVersion, requireNotNewer, validateListOptions, type ContinueToken} from './query.js'
import {listJson, oneJson, renderingOf} from './render.js'
import {resourceId, storageResource, type ServedResource} from './resources.js'
import {denied, parseResourcePath, verbOf, type ResourceRoute} from './routes.js'
import {EVENTS_V1_FIELD_ALIASES, parseFieldSelector, parseLabelSelector, SELECTABLE_FIELDS} from './selectors.js'
import {serveSelfReview} from './self-reviews.js'
import {errors} from './status.js'
import type {Entry, ListQuery, Store} from './store.js'
import {ServiceAccountTokens} from './tokens.js'
import type {DenyRule} from './types.js'
import {serveWatch} from './watch.js'
import {create, mustGet, patch, remove, removeCollection, scale, update, type WriteContext} from './writes.js'

/** Request semantics that tests shorten; every field has the real server's default. */
export interface ServerTiming {
  /** How long a continue token stays valid (etcd compacts every 5 minutes). Default 300 000 ms. */
  continueTokenTtlMs?: number
  /** --min-request-timeout: a watch without timeoutSeconds ends after it ×(1..2). Default 1 800 000 ms. */
  minRequestTimeoutMs?: number
  /** Milliseconds one second of a pod's deletion grace period lasts. Default 1000. */
  gracePeriodScale?: number
  /** How often the namespace controller looks at terminating namespaces. Default 50 ms. */
  namespaceSweepMs?: number
}

export interface HandlerContext extends ServerTiming {
  store: Store
  /** Bearer token → user name. */
  tokens: Map<string, string>
  /**
   * Who a request without credentials is, or undefined for 401. kubectl sends no credentials
   * over plain HTTP (client-go applies a kubeconfig user's auth only over TLS), so the HTTP
   * sandbox treats them like the API server's old insecure port did: as an administrator.
   */
  anonymousUser: string | undefined
  deny: DenyRule[]
  metrics: boolean
  /** How often a watch with allowWatchBookmarks gets a BOOKMARK, in ms. */
  bookmarkIntervalMs: number
  /** How to end each open watch and follow stream (and the controllers); stop() calls them. */
  streams: Set<() => void>
  /** The cluster CA (PEM) that kube-root-ca.crt ConfigMaps carry; empty when unknown. */
  clusterCa?: string
}

const SUBRESOURCE_GETS = new Set(['log', 'proxy', 'scale', 'status'])

/** The verbs of the subresources that are actions rather than views of their object. */
const ACTION_SUBRESOURCE_VERBS: Record<string, string[]> = {
  eviction: ['create'],
  token: ['create'],
  ephemeralcontainers: ['get', 'patch', 'update'],
}

/** Label and field selectors of a request as one entry filter. */
function selectorFilter(resource: ServedResource, params: URLSearchParams): ((entry: Entry) => boolean) | undefined {
  const labels = parseLabelSelector(params.get('labelSelector'))
  const id = resourceId(resource)
  const aliases = resource.storedAs ? EVENTS_V1_FIELD_ALIASES : id === 'events' ? {source: 'source.component'} : {}
  const fields = parseFieldSelector(params.get('fieldSelector'), SELECTABLE_FIELDS[id] ?? [], aliases)
  if (!labels && !fields) return undefined
  return (entry) => (!labels || labels(entry.object.metadata?.labels)) && (!fields || fields(entry.object as Record<string, unknown>))
}

/** Cluster IPs and node ports in use, from the store's services. */
function storeAllocator(store: Store): Allocator {
  return serviceAllocator(() => {
    const clusterIps = new Set<string>()
    const nodePorts = new Set<number>()
    for (const entry of store.list('services').entries) {
      const spec = (entry.object.spec ?? {}) as {clusterIP?: string; ports?: Array<{nodePort?: number}>}
      if (spec.clusterIP) clusterIps.add(spec.clusterIP)
      for (const port of spec.ports ?? []) if (port.nodePort) nodePorts.add(port.nodePort)
    }
    return {clusterIps, nodePorts}
  })
}

function list(ctx: HandlerContext, request: ApiRequest, route: ResourceRoute): void {
  const {resource} = route
  const store = ctx.store
  const {limit} = decodeListOptions(request.params)
  validateListOptions(request.params, false)
  const token = request.params.get('continue')
  const from = token ? decodeContinue(token) : undefined
  const wanted = parseResourceVersion(request.params.get('resourceVersion'))
  if (from && wanted !== undefined && wanted !== 0) throw errors.badRequest('specifying resource version is not allowed when using continue')
  requireNotNewer(wanted, store.resourceVersion)
  const now = Date.now()
  if (from) checkContinueAge(from, ctx.continueTokenTtlMs ?? 300_000, now)
  const rv = listRevision(request.params, wanted, from, store.resourceVersion)
  const page = store.listAt(resourceId(storageResource(resource)), rv, listQuery(resource, route, request.params, from, limit))
  if (!page) throw from ? continueExpired(from, now) : listExpired()
  let listMeta = `"resourceVersion":"${rv}"`
  if (page.nextAfter !== undefined) {
    listMeta += `,"continue":"${encodeContinue(rv, page.nextAfter, from?.issuedAt ?? now)}"`
    if (page.remaining !== undefined) listMeta += `,"remainingItemCount":${page.remaining}`
  }
  reply(request, 200, listJson(resource, page.entries, listMeta, renderingOf(request.accept), request.params.get('includeObject') ?? 'Metadata'))
}

function listQuery(resource: ServedResource, route: ResourceRoute, params: URLSearchParams, from: ContinueToken | undefined, limit: number): ListQuery {
  const query: ListQuery = {limit}
  if (route.namespace !== undefined) query.namespace = route.namespace
  if (from) query.after = from.after
  const filter = selectorFilter(resource, params)
  if (filter) query.filter = filter
  return query
}

function get(ctx: HandlerContext, request: ApiRequest, route: ResourceRoute): void {
  requireNotNewer(parseResourceVersion(request.params.get('resourceVersion')), ctx.store.resourceVersion)
  reply(request, 200, oneJson(route.resource, mustGet(ctx.store, route), renderingOf(request.accept), request.params.get('includeObject') ?? 'Metadata'))
}

/** `kubectl auth can-i` (which sends protobuf): answers from the deny rules; everything else is allowed. */
async function accessReview(ctx: HandlerContext, request: ApiRequest): Promise<void> {
  const body = (await readJsonBody(request.req)) as {spec?: {resourceAttributes?: Record<string, string>; nonResourceAttributes?: Record<string, string>}}
  const a = body.spec?.resourceAttributes
  const resource = a ? (a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? '')) : ''
  const allowed = !a || !denied(ctx.deny, {user: request.user, verb: a.verb ?? '', resource, group: a.group ?? '', namespace: a.namespace || undefined, name: a.name || undefined})
  send(request.res, 201, {kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {creationTimestamp: null}, spec: body.spec ?? {}, status: {allowed, ...(allowed ? {} : {reason: ''})}})
}

async function podLog(ctx: HandlerContext, request: ApiRequest, route: ResourceRoute): Promise<void> {
  const pod = mustGet(ctx.store, route).object
  const options = parseLogOptions(request.params)
  const target = resolveLogTarget(pod, options, ctx.store.startedAt)
  if (!target) {
    send(request.res, 200, '', 'text/plain')
    return
  }
  const spec = ctx.store.logs.get(target.key)
  const log = runLog(target, spec, ctx.store.startedAt)
  let closed = false
  request.res.on('close', () => (closed = true))
  const stop = () => {
    closed = true
    request.res.end()
  }
  if (options.follow) ctx.streams.add(stop)
  try {
    await writeLog(request.res, log, options, spec, () => closed)
  } finally {
    ctx.streams.delete(stop)
  }
}

function nodeProxy(ctx: HandlerContext, request: ApiRequest, route: ResourceRoute): void {
  const node = mustGet(ctx.store, route).object
  const answer = answerNodeLogQuery(ctx.store, node.metadata!.name!, route.rest ?? '', request.params)
  send(request.res, answer.code, answer.body, answer.contentType)
}

/** Authorisation and the verb and subresource checks every resource request goes through. */
function authorise(ctx: HandlerContext, request: ApiRequest, route: ResourceRoute): string {
  const {resource} = route
  if (resource.group === 'metrics.k8s.io' && !ctx.metrics) throw new PageNotFound()
  const verb = verbOf(request.method, route, request.params)
  const rbacResource = route.subresource ? `${resource.plural}/${route.subresource}` : resource.plural
  const namespace = resource.namespaced ? route.namespace : undefined
  if (denied(ctx.deny, {user: request.user, verb, resource: rbacResource, group: resource.group, namespace, name: route.name})) {
    throw errors.forbidden(request.user, verb, rbacResource, resource.group, namespace, route.name)
  }
  if (route.subresource !== undefined && !resource.subresources?.includes(route.subresource)) throw errors.pathNotFound()
  const actionVerbs = route.subresource === undefined ? undefined : ACTION_SUBRESOURCE_VERBS[route.subresource]
  if (actionVerbs) {
    if (!actionVerbs.includes(verb) || route.name === undefined) throw errors.methodNotSupported(`${resource.plural}/${route.subresource}`, resource.group, verb)
    return verb
  }
  const subresourceVerb = route.subresource !== undefined && (verb === 'get' || (route.subresource === 'scale' && (verb === 'update' || verb === 'patch')))
  if (!resource.verbs.includes(verb) && !(subresourceVerb && SUBRESOURCE_GETS.has(route.subresource!))) throw errors.methodNotSupported(resource.plural, resource.group, verb)
  return verb
}

/** The services of the handler that outlive one request. */
interface Services {
  writes: WriteContext
  discovery: Discovery
  tokens: ServiceAccountTokens
}

async function resourceRequest(ctx: HandlerContext, services: Services, request: ApiRequest, route: ResourceRoute): Promise<void> {
  const verb = authorise(ctx, request, route)
  const {writes} = services
  const namespace = route.namespace ?? 'default'
  if (route.subresource === 'eviction') return evict(ctx.store, writes.lifecycle, request, namespace, route.name!)
  if (route.subresource === 'token') return services.tokens.request(request, namespace, route.name!)
  if (route.subresource === 'ephemeralcontainers') return serveEphemeralContainers(ctx.store, request, verb, namespace, route.name!)
  if (route.subresource === 'log') return podLog(ctx, request, route)
  if (route.subresource === 'proxy') return nodeProxy(ctx, request, route)
  if (route.subresource === 'scale') return scale(writes, request, route, verb)
  if (route.resource.kind === 'SelfSubjectAccessReview') return accessReview(ctx, request)
  switch (verb) {
    case 'list':
      return list(ctx, request, route)
    case 'watch':
      decodeListOptions(request.params)
      validateListOptions(request.params, true)
      return serveWatch({store: ctx.store, streams: ctx.streams, bookmarkIntervalMs: ctx.bookmarkIntervalMs, minRequestTimeoutMs: ctx.minRequestTimeoutMs ?? 1_800_000}, request, route, selectorFilter(route.resource, request.params))
    case 'get':
      return get(ctx, request, route)
    case 'create':
      return create(writes, request, route)
    case 'update':
      return update(writes, request, route)
    case 'patch':
      return patch(writes, request, route)
    case 'delete':
      return remove(writes, request, route)
    case 'deletecollection':
      return removeCollection(writes, request, route, selectorFilter(route.resource, request.params))
    default:
      throw errors.methodNotSupported(route.resource.plural, route.resource.group, verb)
  }
}

function authenticate(ctx: HandlerContext, tokens: ServiceAccountTokens, req: IncomingMessage): string {
  const auth = req.headers.authorization ?? ''
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim()
  const authenticated = bearer ? (ctx.tokens.get(bearer) ?? tokens.userOf(bearer)) : auth === '' ? ctx.anonymousUser : undefined
  if (authenticated === undefined) throw errors.unauthorized()
  const impersonate = req.headers['impersonate-user']
  return typeof impersonate === 'string' && impersonate !== '' ? impersonate : authenticated
}

/** The resources served now: metrics.k8s.io only when the sandbox serves metrics; custom resources while their definitions exist. */
function servedResources(ctx: HandlerContext): ServedResource[] {
  return ctx.store.resources.all().filter((r) => ctx.metrics || r.group !== 'metrics.k8s.io')
}

/**
 * Discovery documents and resource routes. Under a served group version, an unknown resource is
 * a 404 Status with empty details; anywhere else the real server's NotFoundHandler answers.
 */
async function route(ctx: HandlerContext, services: Services, request: ApiRequest): Promise<void> {
  const {discovery} = services
  const segments = request.path.split('/').filter((s) => s !== '').map(decodeURIComponent)
  let groupVersionText: string | undefined
  let rest: string[] = []
  if (segments[0] === 'api') {
    const address = `${request.req.socket.localAddress?.replace(/^::ffff:/, '')}:${request.req.socket.localPort}`
    if (segments.length === 1 && wantsAggregatedDiscovery(request.accept)) return send(request.res, 200, aggregatedDiscovery(servedResources(ctx), 'api'), AGGREGATED_DISCOVERY_TYPE)
    if (segments.length === 1) return send(request.res, 200, discovery.apiVersions(address))
    groupVersionText = segments[1]
    rest = segments.slice(2)
  } else if (segments[0] === 'apis') {
    if (segments.length === 1 && wantsAggregatedDiscovery(request.accept)) return send(request.res, 200, aggregatedDiscovery(servedResources(ctx), 'apis'), AGGREGATED_DISCOVERY_TYPE)
    if (segments.length === 1) return send(request.res, 200, discovery.groupList())
    const group = discovery.group(segments[1]!)
    if (!group) throw new PageNotFound()
    if (segments.length === 2) return send(request.res, 200, group)
    groupVersionText = `${segments[1]}/${segments[2]}`
    rest = segments.slice(3)
  }
  const resourceList = groupVersionText === undefined ? undefined : discovery.resourceList(groupVersionText)
  if (!resourceList) throw new PageNotFound()
  if (rest.length === 0) return send(request.res, 200, resourceList)
  const parsed = parseResourcePath([groupVersionText!, ...rest], (gv, plural) => ctx.store.resources.find(gv, plural))
  if (!parsed) throw errors.pathNotFound()
  return resourceRequest(ctx, services, request, parsed)
}

export function createHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  const discovery = new Discovery(() => servedResources(ctx))
  const openApi = new OpenApiDocuments((r) => ctx.metrics || r.group !== 'metrics.k8s.io')
  const lifecycle = new Lifecycle(ctx.store, ctx.gracePeriodScale !== undefined ? {gracePeriodScale: ctx.gracePeriodScale} : {})
  const namespaces = new NamespaceControllers(ctx.store, lifecycle, ctx.clusterCa ?? '', ctx.namespaceSweepMs)
  namespaces.seedLoadedNamespaces()
  const collector = new GarbageCollector(ctx.store, lifecycle)
  const definitions = new CustomResourceDefinitions(ctx.store)
  const stopControllers = () => {
    lifecycle.stop()
    namespaces.stop()
    collector.stop()
    definitions.stop()
  }
  ctx.streams.add(stopControllers)
  const writes: WriteContext = {store: ctx.store, lifecycle, allocator: storeAllocator(ctx.store)}
  const tokens = new ServiceAccountTokens(ctx.store, randomBytes(32))
  const services: Services = {writes, discovery, tokens}

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox')
    const path = url.pathname
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return send(res, 200, 'ok', 'text/plain; charset=utf-8')
    const user = authenticate(ctx, tokens, req)
    const request: ApiRequest = {method: req.method ?? 'GET', path, params: url.searchParams, user, accept: req.headers.accept ?? '', req, res, warnings: []}
    if (path === '/version' || path === '/version/') return send(res, 200, SERVER_VERSION)
    if (await serveOpenApi(openApi, req, res, url)) return
    if (await serveSelfReview(request, ctx.deny, servedResources(ctx))) return
    return route(ctx, services, request)
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, error))
  }
}
