/**
 * One HTTP(S) request to the API server, with the timeouts and retries a careful client keeps:
 *
 * - A whole-body request (get, a list page, a raw GET) is bounded by --request-timeout from
 *   the first byte sent to the last byte read, across its retries: a server or proxy that
 *   stalls or trickles the body cannot hang a command.
 * - A stream (watch, log follow) must start within --request-timeout; after that it is cut when
 *   it sends nothing for its idle limit, and the caller resumes it.
 * - Reads are retried as client-go retries them: 429 and any answer with Retry-After after the
 *   wait the server asked for; a connection refused, reset or cut mid-answer, and 500/502/503/504,
 *   a few times with back-off. Never past the request's deadline.
 *
 * Credentials are applied only over TLS (client-go applies a kubeconfig user only to TLS
 * transports; over plain http:// nothing identifying is sent). --debug traces each request's
 * method, URL, status and time, never its headers.
 */
import http from 'node:http'
import https from 'node:https'
import {Readable} from 'node:stream'
import tls from 'node:tls'
import {Backoff, retryAfterMs, sleep, type BackoffPolicy} from './backoff.js'
import type {ResolvedConnection} from './config.js'
import {credentialSource, type CredentialSource, type TlsSettings} from './credentials.js'
import {displayServer, formatMs, isTransient, KubeError, statusError, timeoutError, transportError, unsignedError, type Endpoint, type RequestPurpose} from './errors.js'

export type Query = Record<string, string | number | boolean | undefined>

export interface RequestSpec {
  path: string
  query?: Query | undefined
  purpose: RequestPurpose
  signal?: AbortSignal | undefined
  /** Default application/json. */
  accept?: string | undefined
}

export interface StreamSpec extends RequestSpec {
  /** Cut the stream when no byte arrives for this long (0 = never). */
  idleMs: number
}

/** Knobs with production defaults; tests shrink them. */
export interface TransportTuning {
  /** Retries of a read after an answer with Retry-After (429, 5xx), within the deadline. */
  maxRetryAfterRetries: number
  /** Retries of a read after a 5xx without Retry-After or a broken connection. */
  maxServerRetries: number
  /** Waits between those retries. */
  retryBackoff: BackoffPolicy
  /** The longest Retry-After honoured; a longer one is cut to this. */
  maxRetryAfterMs: number
}

export const DEFAULT_TUNING: TransportTuning = {
  maxRetryAfterRetries: 10,
  maxServerRetries: 2,
  retryBackoff: {initialMs: 500, maxMs: 4000, jitter: 0.5},
  maxRetryAfterMs: 30_000,
}

/** Statuses worth asking again for a read, even without Retry-After. */
const retryableStatuses = new Set([500, 502, 503, 504])

export class Transport {
  private agent: http.Agent | undefined
  private readonly credentials: CredentialSource
  private readonly plainHttp: boolean
  /** The server as error lines print it (a password in the URL shown as ***). */
  readonly endpoint: Endpoint
  /** Basic auth from a user:password in the server URL, read once (see urlBasicAuth). */
  private readonly serverUrlAuthorization: string | undefined

  constructor(
    private readonly connection: ResolvedConnection,
    private readonly tuning: TransportTuning = DEFAULT_TUNING,
    private readonly trace?: (line: string) => void,
  ) {
    this.credentials = credentialSource(connection)
    this.plainHttp = connection.server.startsWith('http://')
    this.endpoint = {server: displayServer(connection.server), contextName: connection.contextName, userName: connection.userName, missingUser: connection.missingUser}
    this.serverUrlAuthorization = basicAuthOf(new URL(connection.server))
  }

  /** GETs a whole body as text, with retries, all within --request-timeout. */
  async text(spec: RequestSpec): Promise<string> {
    const timeoutMs = this.connection.timeoutMs
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity
    const backoff = new Backoff(this.tuning.retryBackoff)
    let retryAfterRetries = 0
    let serverRetries = 0
    for (;;) {
      try {
        return await this.attemptText(spec, deadline)
      } catch (error) {
        if (spec.signal?.aborted || !isTransient(error) || error.reason === 'timeout') throw error
        let wait: number
        if (error.retryAfterMs !== undefined) {
          if (++retryAfterRetries > this.tuning.maxRetryAfterRetries) throw error
          wait = Math.min(error.retryAfterMs, this.tuning.maxRetryAfterMs)
        } else if (error.status === 429 || error.status === undefined || retryableStatuses.has(error.status)) {
          if (++serverRetries > this.tuning.maxServerRetries) throw error
          wait = backoff.next()
        } else throw error
        if (Date.now() + wait >= deadline) throw error
        this.trace?.(`retrying in ${wait}ms: ${error.message}`)
        await sleep(wait, spec.signal)
        if (spec.signal?.aborted) throw error
      }
    }
  }

  /**
   * Opens a stream: the answer must start within --request-timeout; after that only silence
   * longer than `idleMs` cuts it (a KubeError 'idle' from the stream). No retries: the caller
   * resumes from where the stream was.
   */
  async stream(spec: StreamSpec): Promise<Readable> {
    const timeoutMs = this.connection.timeoutMs
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity
    const {response} = await this.send(spec, deadline, {idleMs: spec.idleMs})
    return Readable.from(this.mappedChunks(response), {objectMode: false})
  }

  /** The stream's bytes; a socket failure mid-stream surfaces as the KubeError that names it. */
  private async *mappedChunks(response: http.IncomingMessage): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of response) yield chunk as Buffer
    } catch (error) {
      throw this.mapStreamError(error)
    } finally {
      response.destroy()
    }
  }

  /** Closes idle connections so the process can exit at once. */
  close(): void {
    this.agent?.destroy()
    this.agent = undefined
  }

  private async attemptText(spec: RequestSpec, deadline: number): Promise<string> {
    const {response, done} = await this.send(spec, deadline, 'whole-body')
    try {
      return await readBody(response)
    } catch (error) {
      throw this.mapStreamError(error)
    } finally {
      done()
    }
  }

  /**
   * One GET. Resolves with a 2xx response: for a whole-body read the deadline timer runs on
   * until `done`; for a stream it stops at the headers and the idle limit (if any) takes over.
   * Rejects with a mapped KubeError otherwise.
   */
  private async send(spec: RequestSpec, deadline: number, reading: 'whole-body' | {idleMs: number}): Promise<{response: http.IncomingMessage; done: () => void}> {
    const url = this.url(spec)
    const {headers, agent, signed} = await this.prepare()
    const started = Date.now()
    const transport = url.protocol === 'http:' ? http : https
    return new Promise((resolve, reject) => {
      let request: http.ClientRequest
      let response: http.IncomingMessage | undefined
      let settled = false
      let timer: NodeJS.Timeout | undefined
      const stopTimer = () => clearTimeout(timer)
      const fail = (error: Error) => {
        stopTimer()
        if (!settled) {
          settled = true
          reject(error)
        }
        // After the answer was handed over, the error surfaces where the body is read.
        response?.destroy(error)
        request?.destroy()
      }
      try {
        request = transport.request(url, {method: 'GET', headers: {...headers, Accept: spec.accept ?? 'application/json'}, agent, signal: spec.signal})
      } catch (error) {
        reject(transportError(error as NodeJS.ErrnoException, this.endpoint))
        return
      }
      if (Number.isFinite(deadline)) {
        timer = setTimeout(() => fail(timeoutError(this.endpoint, this.connection.timeoutMs)), Math.max(0, deadline - Date.now()))
        // The request's socket keeps the process alive while it is in flight; the deadline alone must not.
        timer.unref()
      }
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.name === 'AbortError') fail(new KubeError('server', 'request aborted'))
        else fail(transportError(error, this.endpoint))
      })
      request.on('response', (answer) => {
        response = answer
        // Errors after the hand-over reach whoever reads the body; never an unhandled 'error' event.
        answer.on('error', () => undefined)
        const code = answer.statusCode ?? 0
        this.trace?.(`GET ${this.printableUrl(url)} ${code} in ${Date.now() - started}ms`)
        if (code >= 200 && code < 300) {
          settled = true
          if (reading === 'whole-body') {
            resolve({response: answer, done: stopTimer})
            return
          }
          stopTimer()
          if (reading.idleMs > 0) this.cutWhenIdle(request, answer, reading.idleMs)
          resolve({response: answer, done: () => undefined})
          return
        }
        readBody(answer).then(
          (body) => fail(this.answerError(code, body, spec, signed, retryAfterMs(answer.headers['retry-after']))),
          (error: NodeJS.ErrnoException) => fail(this.mapStreamError(error)),
        )
      })
      request.end()
    })
  }

  /** Destroys a stream whose socket has been silent for `idleMs`. */
  private cutWhenIdle(request: http.ClientRequest, response: http.IncomingMessage, idleMs: number): void {
    request.setTimeout(idleMs, () => {
      response.destroy(new KubeError('idle', `the API server at ${this.endpoint.server} sent nothing for ${formatMs(idleMs)}`))
    })
  }

  private mapStreamError(error: unknown): Error {
    if (error instanceof KubeError) return error
    return transportError(error as NodeJS.ErrnoException, this.endpoint)
  }

  private url(spec: RequestSpec): URL {
    const url = new URL(this.connection.server + spec.path)
    // A user and password in the server URL are never sent as they are; see prepare().
    url.username = ''
    url.password = ''
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value))
    }
    return url
  }

  private printableUrl(url: URL): string {
    return displayServer(this.connection.server) + url.pathname + url.search
  }

  /** Headers and agent of a request; `signed` says whether they carry any credential. */
  private async prepare(): Promise<{headers: http.OutgoingHttpHeaders; agent: http.Agent; signed: boolean}> {
    if (this.plainHttp) {
      this.agent ??= new http.Agent({keepAlive: true})
      return {headers: {}, agent: this.agent, signed: false}
    }
    const {headers, tls: settings, agent} = await this.credentials()
    const withUrlAuth = this.urlBasicAuth(headers)
    const signed = Boolean(withUrlAuth.Authorization || withUrlAuth.authorization || settings.cert || agent)
    if (agent) return {headers: withUrlAuth, agent, signed}
    this.agent ??= new https.Agent({keepAlive: true, ...settings, secureContext: this.secureContext(settings)})
    return {headers: withUrlAuth, agent: this.agent, signed}
  }

  /** The server's failure answer as a KubeError; a 401 to a request that carried no credential says why none was sent. */
  private answerError(code: number, body: string, spec: RequestSpec, signed: boolean, retryAfter: number | undefined): KubeError {
    if (code === 401 && !signed) return unsignedError(this.endpoint, this.plainHttp)
    return statusError(code, body, spec.purpose, this.endpoint, retryAfter)
  }

  /**
   * One TLS context for every connection: left to itself, each new socket (one per parallel
   * request or followed log) parses the CA, certificate and key again. A CA, certificate or key
   * that cannot be read fails here, with the error a connection would have given.
   */
  private secureContext(settings: TlsSettings): tls.SecureContext {
    try {
      return tls.createSecureContext({ca: settings.ca, cert: settings.cert, key: settings.key})
    } catch (error) {
      throw transportError(error as NodeJS.ErrnoException, this.endpoint)
    }
  }

  /** A user:password in an https server URL is basic auth, unless the user entry has its own. */
  private urlBasicAuth(headers: Record<string, string>): Record<string, string> {
    if (this.serverUrlAuthorization === undefined || headers.Authorization || headers.authorization) return headers
    return {...headers, Authorization: this.serverUrlAuthorization}
  }
}

function basicAuthOf(url: URL): string | undefined {
  if (!url.username) return undefined
  return `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
}

async function readBody(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
