/**
 * The HTTP handler: authentication and deny rules, discovery, resource verbs (get, list, watch,
 * create, update, patch, delete, deletecollection), pods/log and the node log query.
 * Errors leave as metav1.Status bodies.
 */
import type {IncomingMessage, ServerResponse} from 'node:http'
import {applyCreateDefaults} from './defaults.js'
import {Discovery, SERVER_VERSION} from './discovery.js'
import {eventFromV1, eventToV1} from './events.js'
import {parseLogOptions, resolveLogTarget, runLog, writeLog} from './logs.js'
import {answerNodeLogQuery} from './node-logs.js'
import {applyPatch} from './patch.js'
import {fieldAt, stringFields, unwrapEnvelope} from './protobuf.js'
import {findResource, groupVersion, resourceId, storageResource, type ServedResource} from './resources.js'
import {EVENTS_V1_FIELD_ALIASES, parseFieldSelector, parseLabelSelector, SELECTABLE_FIELDS} from './selectors.js'
import {ApiError, errors} from './status.js'
import {entryItemJson, entryJson, type Entry, type Store, type StoreEvent} from './store.js'
import {tableCells, tableColumns} from './tables.js'
import type {DenyRule, KubeObject} from './types.js'

export interface HandlerContext {
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
  /** How to end each open watch and follow stream; stop() calls them. */
  streams: Set<() => void>
}

interface Request {
  method: string
  path: string
  params: URLSearchParams
  user: string
  accept: string
  req: IncomingMessage
  res: ServerResponse
}

const json = 'application/json'

function send(res: ServerResponse, code: number, body: string | object, contentType = json): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(code, {'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private'})
  res.end(text)
}

function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const apiError = error instanceof ApiError ? error : new ApiError(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`)
  send(res, apiError.code, apiError.toStatus())
}

async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readRawBody(req)).toString('utf8')
  if (text.trim() === '') throw errors.badRequest('the body of the request was empty')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw errors.badRequest(`the object provided is unrecognized (must be of type JSON): ${(e as Error).message}`)
  }
}

interface ContinueToken {
  rv: number
  after: string
}

function encodeContinue(rv: number, after: string): string {
  return Buffer.from(JSON.stringify({v: 'meta.k8s.io/v1', rv, start: after + '\u0000'})).toString('base64url')
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {v?: string; rv?: number; start?: string}
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.start !== 'string' || typeof parsed.rv !== 'number') throw new Error('bad')
    return {rv: parsed.rv, after: parsed.start.endsWith('\u0000') ? parsed.start.slice(0, -1) : parsed.start}
  } catch {
    throw errors.badRequest('continue key is not valid: continue key is not valid')
  }
}

/** A parsed resource URL. */
interface ResourceRoute {
  resource: ServedResource
  namespace?: string
  name?: string
  subresource?: string
  /** What follows the subresource (`logs/` in nodes/N/proxy/logs/). */
  rest?: string
}

function parseResourcePath(segments: string[]): ResourceRoute | undefined {
  // segments after /api/v1 or /apis/g/v; the group version comes first.
  const [gv, ...parts] = segments
  if (!gv || parts.length === 0) return undefined
  let namespace: string | undefined
  if (parts[0] === 'namespaces' && parts.length >= 3 && parts[2] !== 'status' && parts[2] !== 'finalize') {
    namespace = parts[1]
    parts.splice(0, 2)
  }
  const resource = findResource(gv, parts[0]!)
  if (!resource) return undefined
  const route: ResourceRoute = {resource}
  if (namespace !== undefined) route.namespace = namespace
  if (parts[1] !== undefined) route.name = parts[1]
  if (parts[2] !== undefined) route.subresource = parts[2]
  if (parts.length > 3) route.rest = parts.slice(3).join('/')
  if (resource.namespaced === false && namespace !== undefined) return undefined
  return route
}

function verbOf(method: string, route: ResourceRoute, params: URLSearchParams): string {
  switch (method) {
    case 'GET':
      if (params.get('watch') === 'true' || params.get('watch') === '1') return 'watch'
      return route.name === undefined ? 'list' : 'get'
    case 'POST':
      return 'create'
    case 'PUT':
      return 'update'
    case 'PATCH':
      return 'patch'
    case 'DELETE':
      return route.name === undefined ? 'deletecollection' : 'delete'
    default:
      return method.toLowerCase()
  }
}

function denied(rules: DenyRule[], user: string, verb: string, resource: string, group: string, namespace: string | undefined, name: string | undefined): boolean {
  return rules.some(
    (r) =>
      (r.user === undefined || r.user === user) &&
      (r.verb === undefined || r.verb === verb) &&
      r.resource === resource &&
      (r.group === undefined || r.group === group) &&
      (r.namespace === undefined || r.namespace === namespace) &&
      (r.name === undefined || r.name === name),
  )
}

/** What a list or watch renders each object as. */
type Rendering = 'object' | 'table' | 'metadata'

function renderingOf(accept: string): Rendering {
  if (/as=Table/.test(accept)) return 'table'
  if (/as=PartialObjectMetadata/.test(accept)) return 'metadata'
  return 'object'
}

export function createHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  const discovery = new Discovery((r) => ctx.metrics || r.group !== 'metrics.k8s.io')

  /** The served form of an entry: events.k8s.io events are converted, cached per entry. */
  function objectJson(resource: ServedResource, entry: Entry): string {
    if (!resource.storedAs) return entryJson(entry)
    entry.views ??= new Map()
    let view = entry.views.get('events.k8s.io/v1')
    if (view === undefined) entry.views.set('events.k8s.io/v1', (view = JSON.stringify(eventToV1(entry.object))))
    return view
  }

  function itemJson(resource: ServedResource, entry: Entry): string {
    if (!resource.storedAs) return entryItemJson(entry)
    return objectJson(resource, entry).replace(/^\{"kind":"Event","apiVersion":"events\.k8s\.io\/v1",/, '{')
  }

  function served(resource: ServedResource, object: KubeObject): KubeObject {
    return resource.storedAs ? eventToV1(object) : object
  }

  function stored(resource: ServedResource, object: KubeObject): KubeObject {
    return resource.storedAs ? eventFromV1(object) : object
  }

  function metadataJson(resource: ServedResource, entry: Entry): string {
    return JSON.stringify({kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: served(resource, entry.object).metadata})
  }

  function rowJson(resource: ServedResource, entry: Entry, includeObject: string, now: number): string {
    const cells = JSON.stringify(tableCells(resourceId(resource), served(resource, entry.object), now))
    if (includeObject === 'None') return `{"cells":${cells}}`
    const object = includeObject === 'Object' ? objectJson(resource, entry) : metadataJson(resource, entry)
    return `{"cells":${cells},"object":${object}}`
  }

  function matcher(resource: ServedResource, params: URLSearchParams): ((entry: Entry) => boolean) | undefined {
    const labels = parseLabelSelector(params.get('labelSelector'))
    const id = resourceId(resource)
    const aliases = resource.storedAs ? EVENTS_V1_FIELD_ALIASES : id === 'events' ? {source: 'source.component'} : {}
    const fields = parseFieldSelector(params.get('fieldSelector'), SELECTABLE_FIELDS[id] ?? [], aliases)
    if (!labels && !fields) return undefined
    return (entry) => (!labels || labels(entry.object.metadata?.labels)) && (!fields || fields(entry.object as Record<string, unknown>))
  }

  function list(r: Request, route: ResourceRoute): void {
    const {resource} = route
    const store = ctx.store
    const storage = resourceId(storageResource(resource))
    const filter = matcher(resource, r.params)
    const limit = Number(r.params.get('limit') ?? 0) || 0
    const token = r.params.get('continue')
    const from = token ? decodeContinue(token) : undefined
    const rv = from?.rv ?? store.resourceVersion
    const query: Parameters<Store['list']>[1] = {limit}
    if (route.namespace !== undefined) query.namespace = route.namespace
    if (from) query.after = from.after
    if (filter) query.filter = filter
    const page = store.list(storage, query)
    let meta = `"resourceVersion":"${rv}"`
    if (page.nextAfter !== undefined) {
      meta += `,"continue":"${encodeContinue(rv, page.nextAfter)}"`
      if (page.remaining !== undefined) meta += `,"remainingItemCount":${page.remaining}`
    }
    const rendering = renderingOf(r.accept)
    let body: string
    if (rendering === 'table') {
      const now = Date.now()
      const includeObject = r.params.get('includeObject') ?? 'Metadata'
      const rows = page.entries.map((e) => rowJson(resource, e, includeObject, now))
      body = `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{${meta}},"columnDefinitions":${JSON.stringify(tableColumns(resourceId(resource)))},"rows":[${rows.join(',')}]}`
    } else if (rendering === 'metadata') {
      body = `{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{${meta}},"items":[${page.entries.map((e) => metadataJson(resource, e)).join(',')}]}`
    } else {
      body = `{"kind":"${resource.kind}List","apiVersion":"${groupVersion(resource)}","metadata":{${meta}},"items":[${page.entries.map((e) => itemJson(resource, e)).join(',')}]}`
    }
    send(r.res, 200, body)
  }

  function renderOne(r: Request, resource: ServedResource, entry: Entry, code = 200): void {
    const rendering = renderingOf(r.accept)
    if (rendering === 'table') {
      const includeObject = r.params.get('includeObject') ?? 'Metadata'
      const body = `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"${entry.resourceVersion}"},"columnDefinitions":${JSON.stringify(tableColumns(resourceId(resource)))},"rows":[${rowJson(resource, entry, includeObject, Date.now())}]}`
      send(r.res, code, body)
    } else if (rendering === 'metadata') send(r.res, code, metadataJson(resource, entry))
    else send(r.res, code, objectJson(resource, entry))
  }

  function mustGet(route: ResourceRoute): Entry {
    const entry = ctx.store.get(resourceId(storageResource(route.resource)), route.namespace, route.name!)
    if (!entry) throw errors.notFound(route.resource.plural, route.resource.group, route.name!)
    return entry
  }

  function objectEntry(object: KubeObject): Entry {
    return {object, key: '', resourceVersion: Number(object.metadata?.resourceVersion ?? 0)}
  }

  function watch(r: Request, route: ResourceRoute): void {
    const {resource} = route
    const storage = resourceId(storageResource(resource))
    const filter = matcher(resource, r.params)
    const inScope = (entry: Entry) =>
      (route.namespace === undefined || entry.object.metadata?.namespace === route.namespace) &&
      (route.name === undefined || entry.object.metadata?.name === route.name) &&
      (!filter || filter(entry))
    const rendering = renderingOf(r.accept)
    const includeObject = r.params.get('includeObject') ?? 'Metadata'
    let columnsSent = false
    const render = (entry: Entry): string => {
      if (rendering === 'metadata') return metadataJson(resource, entry)
      if (rendering !== 'table') return objectJson(resource, entry)
      const columns = columnsSent ? '[]' : JSON.stringify(tableColumns(resourceId(resource)))
      columnsSent = true
      return `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"${entry.resourceVersion}"},"columnDefinitions":${columns},"rows":[${rowJson(resource, entry, includeObject, Date.now())}]}`
    }
    const res = r.res
    res.writeHead(200, {'Content-Type': json, 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private'})
    res.flushHeaders()
    const queue: string[] = []
    let writing = false
    let closed = false
    let lastRv = ctx.store.resourceVersion
    const flush = async () => {
      if (writing) return
      writing = true
      while (queue.length && !closed) {
        const text = queue.splice(0, queue.length).join('')
        if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve))
      }
      writing = false
    }
    const push = (line: string) => {
      queue.push(line + '\n')
      void flush()
    }
    const emit = (type: string, entry: Entry) => push(`{"type":"${type}","object":${render(entry)}}`)
    const bookmark = (annotations?: Record<string, string>) => {
      const metadata = {resourceVersion: String(lastRv), ...(annotations ? {annotations} : {})}
      push(JSON.stringify({type: 'BOOKMARK', object: {kind: resource.kind, apiVersion: groupVersion(resource), metadata}}))
    }
    const onEvent = (event: StoreEvent) => {
      lastRv = event.resourceVersion
      const now = inScope(event.entry)
      const before = event.previous !== undefined && inScope(event.previous)
      if (event.type === 'ADDED' && now) emit('ADDED', event.entry)
      else if (event.type === 'DELETED' && before) emit('DELETED', event.entry)
      else if (event.type === 'MODIFIED') {
        if (now && before) emit('MODIFIED', event.entry)
        else if (now) emit('ADDED', event.entry)
        else if (before) emit('DELETED', event.entry)
      }
    }
    const end = () => {
      if (closed) return
      closed = true
      unsubscribe()
      clearInterval(bookmarks)
      clearTimeout(timeout)
      ctx.streams.delete(end)
      void flush().then(() => res.end())
    }
    ctx.streams.add(end)
    const unsubscribe = ctx.store.subscribe(storage, onEvent)
    const rvParam = r.params.get('resourceVersion') ?? ''
    const sendInitial = r.params.get('sendInitialEvents') === 'true'
    const fromRv = Number(rvParam)
    if (rvParam === '' || rvParam === '0' || sendInitial) {
      const query: Parameters<Store['list']>[1] = {filter: inScope}
      if (route.namespace !== undefined) query.namespace = route.namespace
      for (const entry of ctx.store.list(storage, query).entries) emit('ADDED', entry)
      lastRv = ctx.store.resourceVersion
      if (sendInitial) bookmark({'k8s.io/initial-events-end': 'true'})
    } else {
      const history = Number.isInteger(fromRv) ? ctx.store.eventsSince(storage, fromRv) : undefined
      if (!history) {
        push(JSON.stringify({type: 'ERROR', object: errors.expired(`too old resource version: ${rvParam} (${ctx.store.oldestResourceVersion})`).toStatus()}))
        queueMicrotask(end)
      } else for (const event of history) onEvent(event)
    }
    const bookmarks = setInterval(() => {
      if (r.params.get('allowWatchBookmarks') === 'true') bookmark()
    }, ctx.bookmarkIntervalMs)
    const timeoutSeconds = Number(r.params.get('timeoutSeconds') ?? 0)
    const timeout = timeoutSeconds > 0 ? setTimeout(end, timeoutSeconds * 1000) : undefined
    res.on('close', end)
  }

  async function create(r: Request, route: ResourceRoute): Promise<void> {
    const body = (await readBody(r.req)) as KubeObject
    const {resource} = route
    const object: KubeObject = {...body, apiVersion: groupVersion(resource), kind: resource.kind}
    const metadata = {...(body.metadata ?? {})}
    if (resource.namespaced) {
      if (metadata.namespace && route.namespace && metadata.namespace !== route.namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request')
      }
      metadata.namespace = route.namespace ?? metadata.namespace ?? 'default'
    }
    object.metadata = metadata
    const created = ctx.store.create(applyCreateDefaults(stored(resource, object)))
    renderOne(r, resource, objectEntry(created), 201)
  }

  /**
   * Stores a new version of the object a route names. As on the real server, a write to the
   * status subresource changes only status, and a write to the main resource leaves status alone.
   */
  function commit(r: Request, route: ResourceRoute, current: Entry, object: KubeObject): void {
    const {resource} = route
    const next = stored(resource, {...object, apiVersion: groupVersion(resource), kind: resource.kind, metadata: {...object.metadata, name: route.name!, ...(resource.namespaced ? {namespace: route.namespace} : {})}})
    let merged = next
    if (route.subresource === 'status') merged = {...current.object, status: next.status, metadata: {...current.object.metadata, resourceVersion: next.metadata?.resourceVersion}}
    else if (resource.subresources?.includes('status')) merged = {...next, status: current.object.status}
    renderOne(r, resource, objectEntry(ctx.store.update(merged)))
  }

  async function update(r: Request, route: ResourceRoute): Promise<void> {
    const object = (await readBody(r.req)) as KubeObject
    if (object.metadata?.name && object.metadata.name !== route.name) {
      throw errors.badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${route.name})`)
    }
    commit(r, route, mustGet(route), object)
  }

  /** Patches apply to the served form (events.k8s.io events in their own field names). */
  async function patch(r: Request, route: ResourceRoute): Promise<void> {
    const body = await readBody(r.req)
    const current = mustGet(route)
    const patched = applyPatch(served(route.resource, current.object), body, r.req.headers['content-type'] ?? '') as KubeObject
    const metadata = {...patched.metadata}
    // A patch is checked against the stored resourceVersion only if it names one.
    if ((body as KubeObject | null)?.metadata?.resourceVersion === undefined) delete metadata.resourceVersion
    commit(r, route, current, {...patched, metadata})
  }

  function remove(r: Request, route: ResourceRoute): void {
    const {resource} = route
    const deleted = ctx.store.delete(resourceId(storageResource(resource)), route.namespace, route.name!)
    renderOne(r, resource, objectEntry(deleted))
  }

  function removeCollection(r: Request, route: ResourceRoute): void {
    const {resource} = route
    const storage = resourceId(storageResource(resource))
    const filter = matcher(resource, r.params)
    const query: Parameters<Store['list']>[1] = {}
    if (route.namespace !== undefined) query.namespace = route.namespace
    if (filter) query.filter = filter
    const items = ctx.store.list(storage, query).entries.map((e) => ctx.store.delete(storage, e.object.metadata?.namespace, e.object.metadata!.name!))
    const body = `{"kind":"${resource.kind}List","apiVersion":"${groupVersion(resource)}","metadata":{"resourceVersion":"${ctx.store.resourceVersion}"},"items":[${items.map((o) => itemJson(resource, objectEntry(o))).join(',')}]}`
    send(r.res, 200, body)
  }

  /** `kubectl auth can-i` (which sends protobuf): answers from the deny rules; everything else is allowed. */
  async function accessReview(r: Request): Promise<void> {
    let body: {spec?: {resourceAttributes?: Record<string, string>; nonResourceAttributes?: Record<string, string>}}
    if ((r.req.headers['content-type'] ?? '').startsWith('application/vnd.kubernetes.protobuf')) {
      // SelfSubjectAccessReview.spec (2) .resourceAttributes (1): namespace 1, verb 2, group 3, version 4, resource 5, subresource 6, name 7.
      const raw = unwrapEnvelope(await readRawBody(r.req))
      const attributes = fieldAt(raw, 2, 1)
      const f = stringFields(attributes)
      const names = ['', 'namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name']
      body = {spec: attributes ? {resourceAttributes: Object.fromEntries([...f].filter(([n]) => names[n]).map(([n, v]) => [names[n]!, v]))} : {}}
    } else body = (await readBody(r.req)) as typeof body
    const a = body.spec?.resourceAttributes
    const resource = a ? (a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? '')) : ''
    const allowed = !a || !denied(ctx.deny, r.user, a.verb ?? '', resource, a.group ?? '', a.namespace || undefined, a.name || undefined)
    send(r.res, 201, {kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {creationTimestamp: null}, spec: body.spec ?? {}, status: {allowed, ...(allowed ? {} : {reason: ''})}})
  }

  async function podLog(r: Request, route: ResourceRoute): Promise<void> {
    const pod = mustGet(route).object
    const options = parseLogOptions(r.params)
    const target = resolveLogTarget(pod, options, ctx.store.startedAt)
    if (!target) {
      send(r.res, 200, '', 'text/plain')
      return
    }
    const spec = ctx.store.logs.get(target.key)
    const log = runLog(target, spec, ctx.store.startedAt)
    let closed = false
    r.res.on('close', () => (closed = true))
    const stop = () => {
      closed = true
      r.res.end()
    }
    if (options.follow) ctx.streams.add(stop)
    try {
      await writeLog(r.res, log, options, spec, () => closed)
    } finally {
      ctx.streams.delete(stop)
    }
  }

  async function resourceRequest(r: Request, route: ResourceRoute): Promise<void> {
    const {resource} = route
    if (resource.group === 'metrics.k8s.io' && !ctx.metrics) throw errors.pathNotFound()
    const verb = verbOf(r.method, route, r.params)
    const rbacResource = route.subresource ? `${resource.plural}/${route.subresource}` : resource.plural
    const namespace = resource.namespaced ? route.namespace : undefined
    if (denied(ctx.deny, r.user, verb, rbacResource, resource.group, namespace, route.name)) {
      throw errors.forbidden(r.user, verb, rbacResource, resource.group, namespace, route.name)
    }
    if (route.subresource !== undefined && !resource.subresources?.includes(route.subresource)) throw errors.pathNotFound()
    if (!resource.verbs.includes(verb) && !(route.subresource && verb === 'get')) throw errors.methodNotSupported(resource.plural, resource.group, verb)
    if (route.subresource === 'log') return podLog(r, route)
    if (route.subresource === 'proxy') {
      const node = mustGet(route).object
      const answer = answerNodeLogQuery(ctx.store, node.metadata!.name!, route.rest ?? '', r.params)
      send(r.res, answer.code, answer.body, answer.contentType)
      return
    }
    if (resource.kind === 'SelfSubjectAccessReview') return accessReview(r)
    switch (verb) {
      case 'list':
        return list(r, route)
      case 'watch':
        return watch(r, route)
      case 'get':
        return renderOne(r, resource, mustGet(route))
      case 'create':
        return create(r, route)
      case 'update':
        return update(r, route)
      case 'patch':
        return patch(r, route)
      case 'delete':
        return remove(r, route)
      case 'deletecollection':
        return removeCollection(r, route)
      default:
        throw errors.methodNotSupported(resource.plural, resource.group, verb)
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox')
    const path = url.pathname
    const method = req.method ?? 'GET'
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return send(res, 200, 'ok', 'text/plain; charset=utf-8')
    const auth = req.headers.authorization ?? ''
    const bearer = /^Bearer\s+(.+)$/i.exec(auth)
    const authenticated = bearer ? ctx.tokens.get(bearer[1]!.trim()) : auth === '' ? ctx.anonymousUser : undefined
    if (authenticated === undefined) throw errors.unauthorized()
    const impersonate = req.headers['impersonate-user']
    const user = typeof impersonate === 'string' && impersonate !== '' ? impersonate : authenticated
    const r: Request = {method, path, params: url.searchParams, user, accept: req.headers.accept ?? '', req, res}
    if (path === '/version' || path === '/version/') return send(res, 200, SERVER_VERSION)
    const segments = path.split('/').filter((s) => s !== '').map(decodeURIComponent)
    if (segments[0] === 'api') {
      const address = `${req.socket.localAddress?.replace(/^::ffff:/, '')}:${req.socket.localPort}`
      if (segments.length === 1) return send(res, 200, discovery.apiVersions(address))
      if (segments.length === 2) {
        const list = discovery.resourceList(segments[1]!)
        if (list) return send(res, 200, list)
        throw errors.pathNotFound()
      }
      const route = parseResourcePath(segments.slice(1))
      if (route) return resourceRequest(r, route)
    } else if (segments[0] === 'apis') {
      if (segments.length === 1) return send(res, 200, discovery.groupList())
      if (segments.length === 2) {
        const group = discovery.group(segments[1]!)
        if (group) return send(res, 200, group)
        throw errors.pathNotFound()
      }
      if (segments.length === 3) {
        const list = discovery.resourceList(`${segments[1]}/${segments[2]}`)
        if (list) return send(res, 200, list)
        throw errors.pathNotFound()
      }
      const route = parseResourcePath([`${segments[1]}/${segments[2]}`, ...segments.slice(3)])
      if (route) return resourceRequest(r, route)
    }
    throw errors.pathNotFound()
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, error))
  }
}
