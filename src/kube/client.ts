/**
 * The one place kubekit talks to an API server. Requests, paging, watches and log streams are
 * plain HTTP(S) here so that every failure maps to one line; credentials come from
 * ./credentials.ts (static ones read directly, exec/auth-provider plugins via client-node).
 */
import http from 'node:http'
import https from 'node:https'
import {StringDecoder} from 'node:string_decoder'
import type {Readable} from 'node:stream'
import {didYouMean} from '../util/suggest.js'
import {resolveConnection, type ResolvedConnection} from './config.js'
import {credentialSource, type CredentialSource} from './credentials.js'
import {
  KubeError,
  parseStatus,
  statusError,
  timeoutError,
  transportError,
  type RequestPurpose,
} from './errors.js'
import type {ConnectionOptions} from './options.js'
import {resourceInfo, resourcePath, type ResourceInfo, type ResourceName} from './resources.js'

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

export interface WatchOptions<T> extends Omit<ListOptions, 'pageSize'> {
  /** Resume after this resourceVersion; unset = the current state arrives as ADDED events. */
  resourceVersion?: string | undefined
  signal?: AbortSignal | undefined
  onEvent: (type: WatchEventType, object: T) => void
  /** Called with each resourceVersion the watch has reached (events and bookmarks). */
  onProgress?: ((resourceVersion: string) => void) | undefined
}

export interface SyncOptions<T> extends Omit<ListOptions, 'pageSize'> {
  signal?: AbortSignal | undefined
  /** The full current state: at the start, and again whenever the watch had to re-list. */
  onSync: (items: T[]) => void
  onEvent: (type: WatchEventType, object: T) => void
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

type Query = Record<string, string | number | boolean | undefined>

interface RequestSpec {
  path: string
  query?: Query | undefined
  purpose: RequestPurpose
  /** Streams time out only until the answer starts; everything else until its body is read. */
  stream?: boolean | undefined
  signal?: AbortSignal | undefined
}

export async function connect(options: ConnectionOptions): Promise<KubeClient> {
  return new KubeClient(resolveConnection(options))
}

export class KubeClient {
  private agent: http.Agent | undefined
  private readonly credentials: CredentialSource

  /** The connection names the server, context and user that every error line mentions. */
  constructor(private readonly connection: ResolvedConnection) {
    this.credentials = credentialSource(connection)
  }

  get contextName(): string {
    return this.connection.contextName
  }

  get server(): string {
    return this.connection.server
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
    const info = resourceInfo(resource)
    const ns = info.namespaced ? (namespace ?? this.namespace) : undefined
    try {
      return await this.requestJSON<T>({
        path: resourcePath(info, {namespace: ns, name}),
        purpose: {verb: 'get', resource: info, name, namespace: ns},
      })
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
    const items: T[] = []
    const pages = this.pages<T>(resource, options)
    for await (const page of pages.iterator) items.push(...page)
    return {items, resourceVersion: pages.resourceVersion()}
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
    do {
      const page = await this.requestJSON<{items?: T[]; metadata?: {continue?: string; resourceVersion?: string}}>({
        path: resourcePath(info, {namespace}),
        query: {
          limit: options.pageSize ?? 500,
          continue: continueToken,
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
        },
        purpose: {verb: 'list', resource: info, namespace},
      })
      state.resourceVersion = page.metadata?.resourceVersion ?? state.resourceVersion
      continueToken = page.metadata?.continue || undefined
      yield page.items ?? []
    } while (continueToken)
  }

  /**
   * Watches until the signal aborts, resuming from the last resourceVersion seen whenever
   * the server ends the stream. A resourceVersion the server no longer has throws
   * KubeError('gone'): list again and resume from the list's resourceVersion.
   */
  async watch<T extends KubeObject = KubeObject>(resource: ResourceName, options: WatchOptions<T>): Promise<void> {
    const info = resourceInfo(resource)
    const namespace = this.listNamespace(info, options)
    let resourceVersion = options.resourceVersion
    let failures = 0
    while (!options.signal?.aborted) {
      let response: http.IncomingMessage
      try {
        response = await this.open({
          path: resourcePath(info, {namespace}),
          query: {
            watch: 1,
            allowWatchBookmarks: true,
            resourceVersion,
            labelSelector: options.labelSelector,
            fieldSelector: options.fieldSelector,
          },
          purpose: {verb: 'watch', resource: info, namespace},
          stream: true,
          signal: options.signal,
        })
      } catch (error) {
        if (options.signal?.aborted) return
        if (error instanceof KubeError && (error.reason === 'unreachable' || error.reason === 'timeout') && failures < 5) {
          failures++
          await delay(200 * 2 ** failures, options.signal)
          continue
        }
        throw error
      }
      failures = 0
      try {
        for await (const line of jsonLines(response)) {
          const event = JSON.parse(line) as {type: string; object: T & {code?: number; message?: string}}
          if (event.type === 'ERROR') {
            const status = event.object as unknown as {code?: number}
            throw statusError(status.code ?? 500, JSON.stringify(event.object), {verb: 'watch', resource: info, namespace}, this.connection)
          }
          const version = event.object.metadata?.resourceVersion
          if (version) {
            resourceVersion = version
            options.onProgress?.(version)
          }
          if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') options.onEvent(event.type, event.object)
        }
      } catch (error) {
        if (options.signal?.aborted) return
        if (error instanceof KubeError) throw error
        // The connection broke mid-stream: resume from where we were.
        failures++
        if (failures > 5) throw transportError(error as NodeJS.ErrnoException, this.connection)
        await delay(200 * 2 ** failures, options.signal)
      }
    }
  }

  /**
   * Keeps a caller in step with a set of objects, as an informer does: list, then watch from
   * the list's resourceVersion; when the server has forgotten that version (410 Gone), list
   * again and hand over the fresh state. Runs until the signal aborts.
   */
  async sync<T extends KubeObject = KubeObject>(resource: ResourceName, options: SyncOptions<T>): Promise<void> {
    const {onSync, onEvent, signal, ...selection} = options
    while (!signal?.aborted) {
      const {items, resourceVersion} = await this.list<T>(resource, selection)
      onSync(items)
      try {
        await this.watch<T>(resource, {...selection, resourceVersion, signal, onEvent})
      } catch (error) {
        if (error instanceof KubeError && error.reason === 'gone') continue
        throw error
      }
    }
  }

  /** Opens a pod's log as a byte stream (follow streams end when the server ends them). */
  async podLogs(namespace: string, pod: string, options: PodLogOptions = {}): Promise<Readable> {
    const info = resourceInfo('pods')
    return this.open({
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
      stream: true,
      signal: options.signal,
    })
  }

  /** GET of any API path as text, e.g. a node's log query (`/api/v1/nodes/N/proxy/logs/`). */
  async getRaw(path: string, query?: Query): Promise<string> {
    const response = await this.open({path, query, purpose: {verb: 'get'}})
    return readBody(response)
  }

  /** Closes idle connections so the process can exit at once. */
  close(): void {
    this.agent?.destroy()
    this.agent = undefined
  }

  private listNamespace(info: ResourceInfo, options: ListOptions): string | undefined {
    if (!info.namespaced || options.allNamespaces) return undefined
    return options.namespace ?? this.namespace
  }

  private async suggestNames(info: ResourceInfo, namespace: string | undefined, wanted: string): Promise<string> {
    try {
      const names: string[] = []
      for await (const page of this.listPages<KubeObject>(info.plural, {namespace, pageSize: 500})) {
        for (const item of page) names.push(item.metadata.name)
        if (names.length >= 5000) break
      }
      return didYouMean(wanted, names)
    } catch {
      return ''
    }
  }

  private async requestJSON<T>(spec: RequestSpec): Promise<T> {
    const response = await this.open(spec)
    const body = await readBody(response)
    try {
      return JSON.parse(body) as T
    } catch {
      throw new KubeError('server', `the API server at ${this.server} answered ${spec.path} with something that is not JSON`)
    }
  }

  /** Sends one GET and returns the response once it is a success; maps every failure. */
  private async open(spec: RequestSpec): Promise<http.IncomingMessage> {
    const url = new URL(this.server + spec.path)
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value))
    }
    const {headers, agent} = await this.prepare()
    const timeoutMs = this.connection.timeoutMs
    const transport = url.protocol === 'http:' ? http : https
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      let settled = false
      const fail = (error: Error) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        request.destroy()
        reject(error)
      }
      const request = transport.request(url, {method: 'GET', headers: {...headers, Accept: 'application/json'}, agent, signal: spec.signal})
      const timer = timeoutMs > 0 ? setTimeout(() => fail(timeoutError(this.connection, timeoutMs)), timeoutMs) : undefined
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.name === 'AbortError') fail(new KubeError('server', 'request aborted'))
        else fail(transportError(error, this.connection))
      })
      request.on('response', (response) => {
        const code = response.statusCode ?? 0
        if (code >= 200 && code < 300) {
          if (spec.stream) {
            clearTimeout(timer)
            settled = true
            resolve(response)
            return
          }
          // Whole-body requests keep their timer until the body is read.
          response.on('end', () => clearTimeout(timer))
          response.on('error', () => clearTimeout(timer))
          settled = true
          resolve(response)
          return
        }
        readBody(response).then(
          (body) => fail(statusError(code, body, spec.purpose, this.connection)),
          (error: NodeJS.ErrnoException) => fail(transportError(error, this.connection)),
        )
      })
      request.end()
    })
  }

  private async prepare(): Promise<{headers: http.OutgoingHttpHeaders; agent: http.Agent}> {
    const {headers, tls, agent} = await this.credentials()
    if (agent) return {headers, agent}
    this.agent ??= this.server.startsWith('http://') ? new http.Agent({keepAlive: true}) : new https.Agent({keepAlive: true, ...tls})
    return {headers, agent: this.agent}
  }
}

async function readBody(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Splits a byte stream into complete lines (the watch protocol sends one JSON per line). */
export async function* jsonLines(stream: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  for await (const chunk of stream) {
    pending += decoder.write(chunk as Buffer)
    let newline = pending.indexOf('\n')
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim()
      if (line) yield line
      pending = pending.slice(newline + 1)
      newline = pending.indexOf('\n')
    }
  }
  pending += decoder.end()
  if (pending.trim()) yield pending.trim()
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

export {KubeError, parseStatus}
