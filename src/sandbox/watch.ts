/**
 * A watch stream: initial ADDED events (or history from a resourceVersion), then every change
 * in scope, BOOKMARKs when allowed, and the end the real server gives it — after timeoutSeconds,
 * or after its min-request-timeout randomised ×1–2 when the client sets none — so clients re-watch.
 */
import type {ServerResponse} from 'node:http'
import {JSON_TYPE, type ApiRequest} from './http.js'
import {decodeListOptions, parseResourceVersion, queryBool, queryOptionalBool, requireNotNewer} from './query.js'
import {groupVersion, resourceId, storageResource, type ServedResource} from './resources.js'
import {oneJson, renderingOf} from './render.js'
import type {ResourceRoute} from './routes.js'
import {errors} from './status.js'
import type {Entry, Store, StoreEvent} from './store.js'

export interface WatchContext {
  store: Store
  /** How to end each open stream; the sandbox's stop() calls them. */
  streams: Set<() => void>
  bookmarkIntervalMs: number
  /** The server's --min-request-timeout in ms: a watch without timeoutSeconds ends after it ×(1..2). */
  minRequestTimeoutMs: number
}

/** A writer that keeps event order and respects back-pressure. */
class EventWriter {
  private readonly queue: string[] = []
  private writing = false
  closed = false

  constructor(private readonly res: ServerResponse) {}

  push(line: string): void {
    this.queue.push(line + '\n')
    void this.flush()
  }

  async flush(): Promise<void> {
    if (this.writing) return
    this.writing = true
    while (this.queue.length && !this.closed) {
      const text = this.queue.splice(0, this.queue.length).join('')
      if (!this.res.write(text)) await new Promise((resolve) => this.res.once('drain', resolve))
    }
    this.writing = false
  }
}

/** How long a watch lasts: timeoutSeconds, or min-request-timeout × (1 + random), as ListResource does. */
function watchDurationMs(params: URLSearchParams, minRequestTimeoutMs: number): number {
  const timeoutSeconds = decodeListOptions(params).timeoutSeconds ?? 0
  if (timeoutSeconds > 0) return timeoutSeconds * 1000
  return minRequestTimeoutMs * (1 + Math.random())
}

export function serveWatch(ctx: WatchContext, request: ApiRequest, route: ResourceRoute, filter: ((entry: Entry) => boolean) | undefined): void {
  const {resource} = route
  const storage = resourceId(storageResource(resource))
  const fromRv = parseResourceVersion(request.params.get('resourceVersion'))
  requireNotNewer(fromRv, ctx.store.resourceVersion)
  const inScope = (entry: Entry) =>
    (route.namespace === undefined || entry.object.metadata?.namespace === route.namespace) &&
    (route.name === undefined || entry.object.metadata?.name === route.name) &&
    (!filter || filter(entry))
  const rendering = renderingOf(request.accept)
  const includeObject = request.params.get('includeObject') ?? 'Metadata'
  let columnsSent = false
  const render = (entry: Entry): string => {
    const json = oneJson(resource, entry, rendering, includeObject, !columnsSent)
    columnsSent = true
    return json
  }
  request.res.writeHead(200, {'Content-Type': JSON_TYPE, 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private'})
  request.res.flushHeaders()
  const writer = new EventWriter(request.res)
  let lastRv = ctx.store.resourceVersion
  const emit = (type: string, entry: Entry) => writer.push(`{"type":"${type}","object":${render(entry)}}`)
  const bookmark = (annotations?: Record<string, string>) => writer.push(bookmarkJson(resource, lastRv, annotations))
  const onEvent = (event: StoreEvent) => {
    lastRv = event.resourceVersion
    const type = visibleChange(event, inScope)
    if (type) emit(type, event.entry)
  }
  const end = () => {
    if (writer.closed) return
    writer.closed = true
    unsubscribe()
    clearInterval(bookmarks)
    clearTimeout(timeout)
    ctx.streams.delete(end)
    void writer.flush().then(() => request.res.end())
  }
  ctx.streams.add(end)
  const unsubscribe = ctx.store.subscribe(storage, onEvent)
  const sendInitialEvents = queryOptionalBool(request.params, 'sendInitialEvents') === true
  if (fromRv === undefined || fromRv === 0 || sendInitialEvents) {
    const query: Parameters<Store['list']>[1] = {filter: inScope}
    if (route.namespace !== undefined) query.namespace = route.namespace
    for (const entry of ctx.store.list(storage, query).entries) emit('ADDED', entry)
    lastRv = ctx.store.resourceVersion
    if (sendInitialEvents) bookmark({'k8s.io/initial-events-end': 'true'})
  } else {
    const history = ctx.store.eventsSince(storage, fromRv)
    if (!history) {
      writer.push(JSON.stringify({type: 'ERROR', object: errors.expired(`too old resource version: ${fromRv} (${ctx.store.oldestResourceVersion})`).toStatus()}))
      queueMicrotask(end)
    } else for (const event of history) onEvent(event)
  }
  const allowBookmarks = queryBool(request.params, 'allowWatchBookmarks')
  const bookmarks = setInterval(() => {
    if (allowBookmarks) bookmark()
  }, ctx.bookmarkIntervalMs)
  const timeout = setTimeout(end, watchDurationMs(request.params, ctx.minRequestTimeoutMs))
  request.res.on('close', end)
}

/** What a watcher with this scope sees of a change: an object moving into scope is ADDED, out of it DELETED. */
function visibleChange(event: StoreEvent, inScope: (entry: Entry) => boolean): string | undefined {
  const now = inScope(event.entry)
  const before = event.previous !== undefined && inScope(event.previous)
  if (event.type === 'ADDED') return now ? 'ADDED' : undefined
  if (event.type === 'DELETED') return before ? 'DELETED' : undefined
  if (now && before) return 'MODIFIED'
  if (now) return 'ADDED'
  return before ? 'DELETED' : undefined
}

function bookmarkJson(resource: ServedResource, resourceVersion: number, annotations?: Record<string, string>): string {
  const metadata = {resourceVersion: String(resourceVersion), ...(annotations ? {annotations} : {})}
  return JSON.stringify({type: 'BOOKMARK', object: {kind: resource.kind, apiVersion: groupVersion(resource), metadata}})
}
