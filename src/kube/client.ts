/**
 * The one place kubekit talks to an API server: objects, paged lists, watches that resume and
 * re-list as an informer does, and log streams. Requests, timeouts and retries are in
 * ./transport.ts; credentials in ./credentials.ts; every failure is one line (./errors.ts).
 *
 * Long-running reads (watch, sync) never give up on a failure that time can cure (no
 * connection, 5xx, 429, a stream cut or gone quiet): they wait with exponential back-off and
 * jitter, tell the caller through onRetry, and resume. What waiting cannot cure (401, 403,
 * 404, an invalid request) is thrown.
 */
import type {Readable} from 'node:stream'
import {LineSplitter} from '../util/lines.js'
import {didYouMean} from '../util/suggest.js'
import {Backoff, sleep, WATCH_BACKOFF, type BackoffPolicy} from './backoff.js'
import {resolveConnection, type ResolvedConnection} from './config.js'
import {isTransient, KubeError, parseStatus, statusError} from './errors.js'
import type {ConnectionOptions} from './options.js'
import {resourceInfo, resourcePath, type ResourceInfo, type ResourceName} from './resources.js'
import {ContinueExpired, ContinueTokens} from './paging.js'
import {conformObject} from './shapes.js'
import {DEFAULT_TUNING, Transport, type Query, type RequestSpec, type TransportTuning} from './transport.js'
import {isMapping} from '../util/mapping.js'

export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata: {
    name: string
    namespace?: string
    uid?: string
    resourceVersion?: string
    labels?: Record<string, string>
    annotations?: Record<string, string>
    creationTimestamp?: string
    deletionTimestamp?: string
    ownerReferences?: Array<{kind: string; name: string; uid?: string; controller?: boolean}>
    [key: string]: unknown
  }
  [key: string]: unknown
}

export interface ListOptions {
  /** A namespace to list in; ignored for cluster-scoped resources. */
  namespace?: string | undefined
  /** List across all namespaces (wins over `namespace`). */
  allNamespaces?: boolean | undefined
  labelSelector?: string | undefined
  fieldSelector?: string | undefined
  /** Items per page (`limit`); default 500, as kubectl uses. */
  pageSize?: number | undefined
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

/** A long-running read is waiting before it tries again. */
export interface RetryNotice {
  /** What went wrong (a transient KubeError). */
  error: KubeError
  /** How long it waits before the next attempt. */
  delayMs: number
  /** Failed attempts in a row, from 1. */
  attempt: number
}

/** How a long-running read reports its connection; both optional. */
export interface ConnectionEvents {
  /** Called before each wait after a transient failure. */
  onRetry?: ((notice: RetryNotice) => void) | undefined
  /** Called when the stream works again after onRetry was called. */
  onRecovered?: (() => void) | undefined
}

export interface WatchOptions<T> extends Omit<ListOptions, 'pageSize'>, ConnectionEvents {
  /** Resume after this resourceVersion; unset = the current state arrives as ADDED events. */
  resourceVersion?: string | undefined
  signal?: AbortSignal | undefined
  onEvent: (type: WatchEventType, object: T) => void
  /** Called with each resourceVersion the watch has reached (events and bookmarks). */
  onProgress?: ((resourceVersion: string) => void) | undefined
}

export interface SyncOptions<T> extends Omit<ListOptions, 'pageSize'>, ConnectionEvents {
  signal?: AbortSignal | undefined
  /**
   * The full current state: at the start, and again whenever the watch had to re-list. Either
   * all at once (a function) or page by page (`{begin, page, end}`), so that a caller keeping its
   * own compact form of each object never holds the whole list twice.
   */
  onSync: ((items: T[]) => void) | SyncPages<T>
  onEvent: (type: WatchEventType, object: T) => void
  /**
   * Retry transient failures of the very first list too (default: throw them, so a command
   * pointed at a dead cluster fails at once, as kubectl does).
   */
  retryFromStart?: boolean | undefined
}

/**
 * A re-list delivered page by page: begin, each page, then end once the list is complete. A list
 * that fails part-way gets no end; the retry starts again with begin.
 */
export interface SyncPages<T> {
  begin(): void
  page(items: T[]): void
  end(): void
}

export interface PodLogOptions {
  container?: string | undefined
  follow?: boolean | undefined
  previous?: boolean | undefined
  timestamps?: boolean | undefined
  sinceSeconds?: number | undefined
  sinceTime?: string | undefined
  tailLines?: number | undefined
  limitBytes?: number | undefined
  signal?: AbortSignal | undefined
}

/** Knobs with production defaults; tests shrink them. */
export interface ClientTuning extends TransportTuning {
  /** Back-off of watches and syncs between failed attempts. */
  watchBackoff: BackoffPolicy
  /** The server ends each watch after this many seconds (client-go: 5–10 min, randomised). */
  watchTimeoutSeconds: () => number
  /** A watch silent for this long is cut and resumed (a real server sends a bookmark each minute). */
  watchIdleMs: number
  /** A log follow silent for this long is cut; tail resumes it from its last line. */
  logIdleMs: number
  /** A watch that lived this long counts as healthy even without events. */
  watchHealthyMs: number
}

export const DEFAULT_CLIENT_TUNING: ClientTuning = {
  ...DEFAULT_TUNING,
  watchBackoff: WATCH_BACKOFF,
  watchTimeoutSeconds: () => 300 + Math.floor(Math.random() * 300),
  watchIdleMs: 90_000,
  logIdleMs: 300_000,
  watchHealthyMs: 5_000,
}

export interface ClientExtras {
  tuning?: Partial<ClientTuning> | undefined
  /** --debug: one line per request (method, URL, status, time), never headers. */
  trace?: ((line: string) => void) | undefined
}

export async function connect(options: ConnectionOptions, extras: ClientExtras = {}): Promise<KubeClient> {
  return new KubeClient(resolveConnection(options), extras)
}

/** Metadata of an object without its content (a Secret's name and keys' absence of values). */
export interface ObjectMetadata {
  kind?: string
  apiVersion?: string
  metadata: KubeObject['metadata']
}

const partialMetadata = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json'

export class KubeClient {
  private readonly transport: Transport
  private readonly tuning: ClientTuning

  /** The connection names the server, context and user that every error line mentions. */
  constructor(
    private readonly connection: ResolvedConnection,
    extras: ClientExtras = {},
  ) {
    this.tuning = {...DEFAULT_CLIENT_TUNING, ...extras.tuning}
    this.transport = new Transport(connection, this.tuning, extras.trace)
  }

  get contextName(): string {
    return this.connection.contextName
  }

  /** The server as it may be printed (a password in the URL shown as ***). */
  get server(): string {
    return this.transport.endpoint.server
  }

  /** The namespace commands use by default: --namespace, else the context's, else "default". */
  get namespace(): string {
    return this.connection.namespace
  }

  get userName(): string {
    return this.connection.userName
  }

  /** The namespace to use for a resource: the default one if namespaced, none otherwise. */
  namespaceFor(resource: ResourceName): string | undefined {
    return resourceInfo(resource).namespaced ? this.namespace : undefined
  }

  /** Reads one object. A 404 names what is missing and suggests close names. */
  async get<T = KubeObject>(resource: ResourceName, name: string, namespace?: string): Promise<T> {
    return this.getAs<T>(resource, name, namespace)
  }

  /**
   * Reads one object's metadata only (PartialObjectMetadata): what kubekit needs of a Secret,
   * whose values it never downloads.
   */
  async getMetadata(resource: ResourceName, name: string, namespace?: string): Promise<ObjectMetadata> {
    // A server that ignores the Accept header answers the whole object: keep its metadata only.
    const {kind, apiVersion, metadata} = await this.getAs<ObjectMetadata>(resource, name, namespace, partialMetadata)
    return {kind, apiVersion, metadata}
  }

  private async getAs<T>(resource: ResourceName, name: string, namespace: string | undefined, accept?: string): Promise<T> {
    const info = resourceInfo(resource)
    const ns = info.namespaced ? (namespace ?? this.namespace) : undefined
    try {
      const object = await this.requestJSON<Record<string, unknown>>({
        path: resourcePath(info, {namespace: ns, name}),
        purpose: {verb: 'get', resource: info, name, namespace: ns},
        accept,
      })
      conformObject(info, object, this.server)
      return object as T
    } catch (error) {
      if (error instanceof KubeError && error.reason === 'not-found') {
        const hint = await this.suggestNames(info, ns, name)
        throw new KubeError('not-found', error.message + hint, 404)
      }
      throw error
    }
  }

  /** Lists every item (paged underneath) with the list's resourceVersion. */
  async list<T = KubeObject>(resource: ResourceName, options: ListOptions = {}): Promise<{items: T[]; resourceVersion: string}> {
    const collect = async () => {
      const items: T[] = []
      const pages = this.pages<T>(resource, options)
      for await (const page of pages.iterator) items.push(...page)
      return {items, resourceVersion: pages.resourceVersion()}
    }
    try {
      return await collect()
    } catch (error) {
      // As client-go's pager does (FullListIfExpired): a continue token the server no longer
      // honours (410 on a later page: its revision was compacted) means listing again from the
      // start, once; nothing was handed out yet, so nothing is counted twice.
      if (!(error instanceof ContinueExpired)) throw error
      return collect()
    }
  }

  /** Yields the list page by page (`limit`/`continue`), so memory stays bounded. */
  async *listPages<T = KubeObject>(resource: ResourceName, options: ListOptions = {}): AsyncGenerator<T[]> {
    yield* this.pages<T>(resource, options).iterator
  }

  private pages<T>(resource: ResourceName, options: ListOptions): {iterator: AsyncGenerator<T[]>; resourceVersion: () => string} {
    const state = {resourceVersion: ''}
    return {iterator: this.iteratePages<T>(resourceInfo(resource), options, state), resourceVersion: () => state.resourceVersion}
  }

  private async *iteratePages<T>(info: ResourceInfo, options: ListOptions, state: {resourceVersion: string}): AsyncGenerator<T[]> {
    const namespace = this.listNamespace(info, options)
    let continueToken: string | undefined
    const tokens = new ContinueTokens(this.server, info.plural)
    do {
      const page = await this.requestJSON<{items?: T[] | null; metadata?: {continue?: string; resourceVersion?: string}}>({
        path: resourcePath(info, {namespace}),
        query: {
          limit: options.pageSize ?? 500,
          continue: continueToken,
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
        },
        purpose: {verb: 'list', resource: info, namespace},
      }).catch((error: unknown) => {
        throw continueToken && error instanceof KubeError && error.reason === 'gone' ? new ContinueExpired(error) : error
      })
      if (!isMapping(page) || (page.items != null && !Array.isArray(page.items))) throw this.malformed(info, 'a list without items')
      if (page.items?.some((item) => !isMapping(item) || !isMapping(item.metadata))) throw this.malformed(info, 'a list item without metadata')
      for (const item of page.items ?? []) conformObject(info, item as Record<string, unknown>, this.server)
      state.resourceVersion = page.metadata?.resourceVersion ?? state.resourceVersion
      continueToken = tokens.next(page.metadata?.continue)
      yield page.items ?? []
    } while (continueToken)
  }

  /**
   * Watches until the signal aborts, resuming from the last resourceVersion seen whenever the
   * stream ends, breaks or goes quiet. Transient failures are retried with back-off for as long
   * as it takes (reported through onRetry); a watch the server ends at once without progress
   * counts as a failure, so a misbehaving server is never flooded. A resourceVersion the server
   * no longer has throws KubeError('gone'): list again and resume from the list's version.
   */
  async watch<T extends KubeObject = KubeObject>(resource: ResourceName, options: WatchOptions<T>): Promise<void> {
    const info = resourceInfo(resource)
    const namespace = this.listNamespace(info, options)
    const backoff = new Backoff(this.tuning.watchBackoff)
    const position = {resourceVersion: options.resourceVersion}
    let reported = false
    while (!options.signal?.aborted) {
      const started = Date.now()
      const before = position.resourceVersion
      let failure: KubeError | undefined
      try {
        await this.watchOnce(info, namespace, options, position, {
          opened: () => {
            if (reported) options.onRecovered?.()
            reported = false
          },
          delivered: () => backoff.reset(),
        })
      } catch (error) {
        if (options.signal?.aborted) return
        if (!isTransient(error)) throw error
        failure = error
      }
      if (options.signal?.aborted) return
      const healthy = position.resourceVersion !== before || Date.now() - started >= this.tuning.watchHealthyMs
      if (!failure && healthy) continue
      failure ??= new KubeError('server', `the API server at ${this.server} ended the watch of ${info.plural} at once`)
      const delayMs = backoff.next()
      options.onRetry?.({error: failure, delayMs, attempt: backoff.attempts})
      reported = true
      await sleep(delayMs, options.signal)
    }
  }

  /** One watch request, read to its end; says when the stream opened and when it first delivered. */
  private async watchOnce<T extends KubeObject>(
    info: ResourceInfo,
    namespace: string | undefined,
    options: WatchOptions<T>,
    position: {resourceVersion: string | undefined},
    progress: {opened: () => void; delivered: () => void},
  ): Promise<void> {
    const purpose = {verb: 'watch', resource: info, namespace}
    const stream = await this.transport.stream({
      path: resourcePath(info, {namespace}),
      query: {
        watch: 1,
        allowWatchBookmarks: true,
        resourceVersion: position.resourceVersion,
        timeoutSeconds: this.tuning.watchTimeoutSeconds(),
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      },
      purpose,
      signal: options.signal,
      idleMs: this.tuning.watchIdleMs,
    })
    // Working again once the stream delivers, or stays open a moment (a quiet watch): not at the
    // headers alone, since a server back with compacted history opens the stream only to say 410.
    let opened = false
    const open = () => {
      if (opened) return
      opened = true
      clearTimeout(openTimer)
      progress.opened()
    }
    const openTimer = setTimeout(open, Math.min(1000, this.tuning.watchHealthyMs))
    let live = false
    try {
      // The caller's callbacks run outside watchEvents: an exception of theirs is a bug to
      // report, not a stream the server broke (which would be retried as transient).
      for await (const event of this.watchEvents<T>(stream, info)) {
        if (event.type !== 'ERROR') open()
        if (event.type === 'ERROR') {
          const status = event.object as {code?: unknown}
          throw statusError(typeof status.code === 'number' ? status.code : 500, JSON.stringify(event.object), purpose, this.transport.endpoint)
        }
        // Before it counts as progress: a malformed object is read again on the retry (backed off), not skipped.
        if (event.type !== 'BOOKMARK') conformObject(info, event.object, this.server)
        if (!live) {
          live = true
          progress.delivered()
        }
        const version = event.object.metadata?.resourceVersion
        if (version) {
          position.resourceVersion = version
          options.onProgress?.(version)
        }
        if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') options.onEvent(event.type, event.object)
      }
    } finally {
      clearTimeout(openTimer)
      stream.destroy()
    }
  }

  /** The events of a watch stream; a stream that cannot be read or parsed is a KubeError. */
  private async *watchEvents<T extends KubeObject>(stream: Readable, info: ResourceInfo): AsyncGenerator<WatchEvent<T>> {
    try {
      for await (const line of jsonLines(stream)) {
        const event = parseWatchEvent<T>(line)
        if (!event) throw this.malformed(info, `a watch event that is not one: ${line.slice(0, 80)}`)
        yield event
      }
    } catch (error) {
      if (error instanceof KubeError) throw error
      throw this.unreadableStream(error)
    }
  }

  /**
   * Keeps a caller in step with a set of objects, as an informer does: list, then watch from
   * the list's resourceVersion; when the server has forgotten that version (410 Gone), list
   * again and hand over the fresh state. Transient failures after the first list (or from the
   * start, with retryFromStart) are retried with back-off until the signal aborts.
   */
  async sync<T extends KubeObject = KubeObject>(resource: ResourceName, options: SyncOptions<T>): Promise<void> {
    const {onSync, onEvent, signal, onRetry, onRecovered, retryFromStart, ...selection} = options
    const backoff = new Backoff(this.tuning.watchBackoff)
    let listed = false
    let lastGoneAt = -Infinity
    // One trouble flag for the lists here and the watches below: whichever reported the trouble,
    // the first success after it (a list, or a watch that works) reports the recovery.
    let troubled = false
    const retry = (notice: RetryNotice) => {
      troubled = true
      onRetry?.(notice)
    }
    const recovered = () => {
      if (troubled) onRecovered?.()
      troubled = false
    }
    while (!signal?.aborted) {
      try {
        const resourceVersion = await this.relist(resource, selection, onSync)
        recovered()
        listed = true
        await this.watch<T>(resource, {...selection, resourceVersion, signal, onEvent, onRetry: retry, onRecovered: recovered})
        return
      } catch (error) {
        if (signal?.aborted) return
        const gone = error instanceof KubeError && error.reason === 'gone'
        if (!gone && !(isTransient(error) && (listed || retryFromStart))) throw error
        if (gone) {
          // The first 410 in a while means re-list at once; a server that keeps answering 410 is backed off.
          const repeated = Date.now() - lastGoneAt < this.tuning.watchHealthyMs
          lastGoneAt = Date.now()
          if (!repeated) {
            backoff.reset()
            continue
          }
        }
        const delayMs = backoff.next()
        retry({error: error as KubeError, delayMs, attempt: backoff.attempts})
        await sleep(delayMs, signal)
      }
    }
  }

  /** Lists for sync: the whole list to a function, or page by page to SyncPages; returns the list's resourceVersion. */
  private async relist<T>(resource: ResourceName, selection: ListOptions, onSync: SyncOptions<T>['onSync']): Promise<string> {
    if (typeof onSync === 'function') {
      const {items, resourceVersion} = await this.list<T>(resource, selection)
      onSync(items)
      return resourceVersion
    }
    const pages = this.pages<T>(resource, selection)
    onSync.begin()
    for await (const page of pages.iterator) onSync.page(page)
    onSync.end()
    return pages.resourceVersion()
  }

  /**
   * Opens a pod's log as a byte stream. A follow stream ends when the server ends it, and is
   * cut (KubeError 'idle') after a long silence so a dead connection cannot hold it forever.
   */
  async podLogs(namespace: string, pod: string, options: PodLogOptions = {}): Promise<Readable> {
    const info = resourceInfo('pods')
    return this.transport.stream({
      path: resourcePath(info, {namespace, name: pod, subresource: 'log'}),
      query: {
        container: options.container,
        follow: options.follow || undefined,
        previous: options.previous || undefined,
        timestamps: options.timestamps || undefined,
        sinceSeconds: options.sinceSeconds,
        sinceTime: options.sinceTime,
        tailLines: options.tailLines,
        limitBytes: options.limitBytes,
      },
      purpose: {verb: 'get', resource: info, subresource: 'log', name: pod, namespace},
      signal: options.signal,
      idleMs: options.follow ? this.tuning.logIdleMs : 0,
    })
  }

  /** GET of any API path as text, e.g. a node's log query (`/api/v1/nodes/N/proxy/logs/`). */
  async getRaw(path: string, query?: Query): Promise<string> {
    return this.transport.text({path, query, purpose: {verb: 'get'}})
  }

  /** Pages through a list at an API path, for kinds the resource table does not name (ResourceQuota, LimitRange). */
  async *listRawPages<T = KubeObject>(path: string, pageSize = 500): AsyncGenerator<T[]> {
    const tokens = new ContinueTokens(this.server, path)
    let token: string | undefined
    do {
      const page = await this.requestJSON<{items?: T[] | null; metadata?: {continue?: string}}>({path, query: {limit: pageSize, continue: token}, purpose: {verb: 'list'}})
      token = tokens.next(page.metadata?.continue)
      yield page.items ?? []
    } while (token)
  }

  /** Closes idle connections so the process can exit at once. */
  close(): void {
    this.transport.close()
  }

  private listNamespace(info: ResourceInfo, options: ListOptions): string | undefined {
    if (!info.namespaced || options.allNamespaces) return undefined
    return options.namespace ?? this.namespace
  }

  private async suggestNames(info: ResourceInfo, namespace: string | undefined, wanted: string): Promise<string> {
    try {
      const names: string[] = []
      for await (const page of this.listPages<KubeObject>(info.plural, {namespace, pageSize: 500})) {
        for (const item of page) if (typeof item?.metadata?.name === 'string') names.push(item.metadata.name)
        if (names.length >= 5000) break
      }
      return didYouMean(wanted, names)
    } catch {
      return ''
    }
  }

  private async requestJSON<T>(spec: RequestSpec): Promise<T> {
    const body = await this.transport.text(spec)
    let value: unknown
    try {
      value = JSON.parse(body)
    } catch {
      throw new KubeError('server', `the API server at ${this.server} answered ${spec.path} with something that is not JSON`)
    }
    if (!isMapping(value)) throw new KubeError('server', `the API server at ${this.server} answered ${spec.path} with JSON that is not an object`)
    return value as T
  }

  private malformed(info: ResourceInfo, what: string): KubeError {
    return new KubeError('server', `the API server at ${this.server} sent ${what} (reading ${info.plural})`)
  }

  /** Socket failures already arrive as KubeErrors from the transport; anything else made the stream unreadable. */
  private unreadableStream(error: unknown): KubeError {
    return new KubeError('server', `the API server at ${this.server} sent a stream kubekit cannot read: ${(error as Error)?.message ?? String(error)}`)
  }
}

interface WatchEvent<T> {
  type: string
  object: T
}

/** A watch line as an event, or undefined when it is not one (so a server's garbage is an error, not a TypeError). */
function parseWatchEvent<T extends KubeObject>(line: string): WatchEvent<T> | undefined {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return undefined
  }
  if (!isMapping(value) || typeof value.type !== 'string' || !isMapping(value.object)) return undefined
  const object = value.object as T
  if (value.type !== 'ERROR' && !isMapping(object.metadata)) return undefined
  return value as unknown as WatchEvent<T>
}

/** The non-blank lines of a byte stream, trimmed (the watch protocol sends one JSON per line). */
export async function* jsonLines(stream: Readable): AsyncGenerator<string> {
  const splitter = new LineSplitter(Infinity)
  for await (const chunk of stream) {
    for (const line of splitter.push(chunk as Buffer)) {
      const trimmed = line.trim()
      if (trimmed) yield trimmed
    }
  }
  const rest = splitter.rest().trim()
  if (rest) yield rest
}

export {KubeError, parseStatus}
