/**
 * The sandbox's fault layer: rules that make the API server misbehave the way real servers,
 * aggregated API backends, proxies and load balancers do (error statuses with Retry-After,
 * latency, stalled and trickled bodies, reset connections, cut or expired watches, garbage
 * on a watch stream). It wraps the request handler from the outside, so server.ts knows
 * nothing about it: an effect either answers instead of the handler or intercepts what the
 * handler writes (writeHead/write/end) before it reaches the socket.
 *
 *   sandbox.faults.add({group: 'metrics.k8s.io', status: 503})   // 'f1'
 *   sandbox.faults.add({resource: 'pods', verb: 'watch', closeWatchAfterEvents: 2, times: 1})
 *
 * Rules are also managed over HTTP at FAULTS_PATH (admin user only) and shipped in scenario
 * files (`faults:`). The admin client at the end of this file is what `kubekit sandbox fault` uses.
 */
import {request as httpRequest, STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse} from 'node:http'
import {request as httpsRequest} from 'node:https'
import type {Socket} from 'node:net'
import {requestVerb} from './query.js'
import {isMapping} from '../util/mapping.js'

export interface FaultRule {
  // Matching; unset matches anything.
  /** Exact URL path, or a prefix ending in '*' (`/apis/metrics.k8s.io/*`). */
  path?: string
  /**
   * API group of the request: '' core, 'metrics.k8s.io', 'apps'. A group version's discovery
   * (/apis/G/V) counts as the group; the group's own document (/apis/G) does not, because the
   * aggregator answers that one itself even when the APIService's backend is down.
   */
  group?: string
  /** Plural resource, with a subresource as `pods/log`. */
  resource?: string
  /** get list watch create update patch delete deletecollection (non-resource paths: the lower-case HTTP method). */
  verb?: string
  /** The user the request authenticates (or impersonates) as. */
  user?: string
  /** Let the first N matching requests through untouched. */
  after?: number
  /** Then affect the next N matching requests only (default: all). */
  times?: number
  // Effect: one per rule; latencyMs may be combined with any other.
  /** Answer with a metav1.Status of this code, worded as kube-apiserver words it. */
  status?: number
  /** Override the status message. */
  message?: string
  /** Retry-After header and details.retryAfterSeconds (429 defaults to 1, as the server's in-flight limits send). */
  retryAfterSeconds?: number
  /**
   * Answer as Go's http.Error does (text/plain, message and a newline) instead of a Status:
   * what the max-in-flight and priority-and-fairness filters (429) and the aggregator for an
   * APIService whose backend is down (503 `service unavailable`) really write.
   */
  plainText?: boolean
  /** Wait this long, then handle the request (and apply the rule's other effect, if any). */
  latencyMs?: number
  /** Handle normally, but after the headers send no body byte ever (until the client gives up or the sandbox stops). */
  stallAfterHeaders?: boolean
  /** Deliver the real response body at this many bytes per second. */
  trickleBytesPerSecond?: number
  /** Destroy the connection without an answer (the client sees ECONNRESET). */
  reset?: boolean
  /** Watch only: end the stream cleanly after N event lines (0 = right after the headers). */
  closeWatchAfterEvents?: number
  /** Watch only: 200, one ERROR event with a 410 Expired Status, then the end of the stream. */
  watchExpired?: boolean
  /** Watch only: 200, lines that are not JSON, then the end of the stream. */
  invalidWatchLines?: boolean
}

export interface FaultHandle {
  id: string
}

/** A rule as listed: with its id and how many requests it has affected. */
export type ListedFault = FaultRule & {id: string; hits: number}

/** The fault controls on a Sandbox. */
export interface SandboxFaults {
  /** Adds a rule (checked as validateFaultRule checks it) and returns its id. */
  add(rule: FaultRule): string
  remove(id: string): void
  clear(): void
  list(): ListedFault[]
  /** How many requests the rule has affected. */
  hits(id: string): number
}

/** Where the sandbox serves its fault controls: a path no real API server uses. */
export const FAULTS_PATH = '/kubekit/faults'

export class FaultRuleError extends Error {
  override name = 'FaultRuleError'
}

// ---------------------------------------------------------------------------------------------
// Rules: validation

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'post', 'put', 'head', 'options']
const STRING_KEYS = ['path', 'group', 'resource', 'verb', 'user', 'message'] as const
const BOOLEAN_KEYS = ['plainText', 'stallAfterHeaders', 'reset', 'watchExpired', 'invalidWatchLines'] as const
const WHOLE_NUMBER_KEYS = ['after', 'times', 'retryAfterSeconds', 'closeWatchAfterEvents'] as const
const ALL_KEYS = new Set<string>([...STRING_KEYS, ...BOOLEAN_KEYS, ...WHOLE_NUMBER_KEYS, 'status', 'latencyMs', 'trickleBytesPerSecond'])
/** Effects that replace or reshape the answer; at most one per rule. */
const EFFECT_KEYS = ['status', 'stallAfterHeaders', 'trickleBytesPerSecond', 'reset', 'closeWatchAfterEvents', 'watchExpired', 'invalidWatchLines'] as const
const WATCH_ONLY_KEYS = ['closeWatchAfterEvents', 'watchExpired', 'invalidWatchLines'] as const
const STATUS_OPTION_KEYS = ['message', 'retryAfterSeconds', 'plainText'] as const

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

/** An effect counts as set when present and not `false` (so `reset: false` is no effect). */
function hasEffect(rule: Record<string, unknown>, key: string): boolean {
  return rule[key] !== undefined && rule[key] !== false
}

/**
 * Checks a rule from any source (code, the admin endpoint, a scenario file) and returns a
 * copy with only the known keys. `where` names it in the one-line error.
 */
export function validateFaultRule(data: unknown, where = 'fault'): FaultRule {
  const fail = (what: string): never => {
    throw new FaultRuleError(`${where}: ${what}`)
  }
  if (!isMapping(data)) return fail('must be a mapping of match fields and one effect')
  for (const key of Object.keys(data)) if (!ALL_KEYS.has(key)) fail(`unknown key "${key}" (expected ${[...ALL_KEYS].join(', ')})`)
  for (const key of STRING_KEYS) if (data[key] !== undefined && typeof data[key] !== 'string') fail(`${key} must be text`)
  for (const key of BOOLEAN_KEYS) if (data[key] !== undefined && typeof data[key] !== 'boolean') fail(`${key} must be true or false`)
  for (const key of WHOLE_NUMBER_KEYS) if (data[key] !== undefined && !isWholeNumber(data[key])) fail(`${key} must be a whole number >= 0`)
  if (data.times === 0) fail('times must be at least 1 (leave it out to affect every matching request)')
  if (data.verb !== undefined && !VERBS.includes(data.verb as string)) fail(`verb "${String(data.verb)}" is not one of ${VERBS.slice(0, 8).join(', ')}`)
  if (data.status !== undefined && !(Number.isInteger(data.status) && (data.status as number) >= 400 && (data.status as number) <= 599)) fail('status must be an HTTP error code from 400 to 599')
  if (data.latencyMs !== undefined && !(typeof data.latencyMs === 'number' && data.latencyMs >= 0 && Number.isFinite(data.latencyMs))) fail('latencyMs must be a number of milliseconds >= 0')
  if (data.trickleBytesPerSecond !== undefined && !(typeof data.trickleBytesPerSecond === 'number' && data.trickleBytesPerSecond > 0 && Number.isFinite(data.trickleBytesPerSecond))) fail('trickleBytesPerSecond must be a number > 0')
  const effects = EFFECT_KEYS.filter((key) => hasEffect(data, key))
  if (effects.length > 1) fail(`has ${effects.join(' and ')}: one effect per rule (latencyMs may join any of them)`)
  if (effects.length === 0 && !hasEffect(data, 'latencyMs')) fail(`has no effect (one of ${EFFECT_KEYS.join(', ')} or latencyMs)`)
  for (const key of STATUS_OPTION_KEYS) if (data[key] !== undefined && data.status === undefined) fail(`${key} needs status`)
  if (WATCH_ONLY_KEYS.some((key) => hasEffect(data, key)) && data.verb !== undefined && data.verb !== 'watch') fail(`${effects[0]} applies to watches only, but verb is "${String(data.verb)}"`)
  if (typeof data.path === 'string' && !data.path.startsWith('/')) fail(`path "${data.path}" must start with /`)
  return Object.fromEntries(Object.entries(data).filter(([key, value]) => ALL_KEYS.has(key) && value !== undefined)) as FaultRule
}

// ---------------------------------------------------------------------------------------------
// Requests: what a rule can match on

/** The attributes of a request that rules match, parsed from its method and URL as the API server's RequestInfo does. */
export interface RequestAttributes {
  path: string
  /** Set for requests under /api/V and /apis/G/V (discovery of that version included); undefined for other paths. */
  group: string | undefined
  /** `pods`, `pods/log`; undefined for discovery and non-resource paths. */
  resource: string | undefined
  verb: string
  user: string | undefined
}

export function describeRequest(method: string, url: string, user: string | undefined): RequestAttributes {
  const parsed = new URL(url, 'http://sandbox')
  const path = parsed.pathname
  const segments = path.split('/').filter((s) => s !== '').map(safeDecode)
  const nonResource = {path, group: undefined, resource: undefined, verb: method.toLowerCase(), user}
  let group: string
  let rest: string[]
  if (segments[0] === 'api' && segments.length >= 2) [group, rest] = ['', segments.slice(2)]
  else if (segments[0] === 'apis' && segments.length >= 3) [group, rest] = [segments[1]!, segments.slice(3)]
  else return nonResource
  if (rest.length === 0) return {path, group, resource: undefined, verb: method.toLowerCase(), user}
  // namespaces/NS/RESOURCE...; but namespaces/NS/status and /finalize are the namespace's own subresources.
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') rest = rest.slice(2)
  const [plural, name, subresource] = rest
  const resource = subresource ? `${plural}/${subresource}` : plural!
  return {path, group, resource, verb: requestVerb(method, name !== undefined, parsed.searchParams), user}
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function isWatchOnly(rule: FaultRule): boolean {
  return WATCH_ONLY_KEYS.some((key) => hasEffect(rule as Record<string, unknown>, key))
}

function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern
}

export function ruleMatches(rule: FaultRule, request: RequestAttributes): boolean {
  return (
    (rule.path === undefined || pathMatches(rule.path, request.path)) &&
    (rule.group === undefined || rule.group === request.group) &&
    (rule.resource === undefined || rule.resource === request.resource) &&
    (rule.verb === undefined || rule.verb === request.verb) &&
    (rule.user === undefined || rule.user === request.user) &&
    (!isWatchOnly(rule) || request.verb === 'watch')
  )
}

// ---------------------------------------------------------------------------------------------
// The rule set

interface ActiveRule {
  rule: FaultRule
  /** Matching requests seen, including the ones let through by `after`. */
  seen: number
  hits: number
}

export class FaultSet implements SandboxFaults {
  private readonly rules = new Map<string, ActiveRule>()
  private nextId = 1

  get empty(): boolean {
    return this.rules.size === 0
  }

  add(rule: FaultRule): string {
    const checked = validateFaultRule(rule)
    const id = `f${this.nextId++}`
    this.rules.set(id, {rule: checked, seen: 0, hits: 0})
    return id
  }

  remove(id: string): void {
    if (!this.rules.delete(id)) throw new FaultRuleError(`no fault "${id}" (the sandbox has ${this.ids()})`)
  }

  clear(): void {
    this.rules.clear()
  }

  list(): ListedFault[] {
    return [...this.rules].map(([id, active]) => ({id, ...active.rule, hits: active.hits}))
  }

  hits(id: string): number {
    const active = this.rules.get(id)
    if (!active) throw new FaultRuleError(`no fault "${id}" (the sandbox has ${this.ids()})`)
    return active.hits
  }

  /**
   * The rule that affects this request, counted as a hit; undefined to serve it normally.
   * Rules are tried in the order they were added; a rule that lets a request through
   * (its `after` not yet reached, or its `times` used up) leaves it to the later rules.
   */
  take(request: RequestAttributes): FaultRule | undefined {
    for (const active of this.rules.values()) {
      if (!ruleMatches(active.rule, request)) continue
      active.seen++
      if (active.seen <= (active.rule.after ?? 0)) continue
      if (active.rule.times !== undefined && active.hits >= active.rule.times) continue
      active.hits++
      return active.rule
    }
    return undefined
  }

  private ids(): string {
    return this.rules.size === 0 ? 'none' : [...this.rules.keys()].join(', ')
  }
}

// ---------------------------------------------------------------------------------------------
// Effects

/** What a status fault answers by default, per code: the Status reason and message, and the http.Error text. */
const STATUS_DEFAULTS: Record<number, {reason: string; message: string; text?: string; retryAfterSeconds?: number}> = {
  400: {reason: 'BadRequest', message: 'the server rejected our request for an unknown reason'},
  401: {reason: 'Unauthorized', message: 'Unauthorized'},
  403: {reason: 'Forbidden', message: 'forbidden'},
  404: {reason: 'NotFound', message: 'the server could not find the requested resource', text: '404 page not found'},
  409: {reason: 'Conflict', message: 'the server reported a conflict'},
  410: {reason: 'Expired', message: 'the resourceVersion is too old'},
  422: {reason: 'Invalid', message: 'the server rejected our request due to an error in our request'},
  // apierrors.NewTooManyRequests; the in-flight filters write the same words as plain text, with Retry-After: 1.
  429: {reason: 'TooManyRequests', message: 'Too many requests, please try again later.', retryAfterSeconds: 1},
  // apierrors.NewInternalError: "Internal error occurred: <cause>", the cause repeated in details.causes.
  500: {reason: 'InternalError', message: 'Internal error occurred: etcdserver: request timed out'},
  // kube-aggregator answers an unavailable APIService with http.Error("service unavailable", 503);
  // client-go reports a 503 it cannot parse as "the server is currently unable to handle the request".
  503: {reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request', text: 'service unavailable'},
  // The API server's request timeout filter: apierrors.NewTimeoutError(..., 0).
  504: {reason: 'Timeout', message: 'Timeout: request did not complete within requested timeout - context deadline exceeded'},
}

interface FaultStatusBody {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: Record<string, never>
  status: 'Failure'
  message: string
  reason?: string
  details?: {causes?: Array<{message: string}>; retryAfterSeconds?: number}
  code: number
}

/** The Status object a status rule answers with. */
export function faultStatusBody(rule: FaultRule & {status: number}): FaultStatusBody {
  const code = rule.status
  const known = STATUS_DEFAULTS[code]
  const message = rule.message ?? known?.message ?? STATUS_CODES[code] ?? `status ${code}`
  const retryAfterSeconds = rule.retryAfterSeconds ?? known?.retryAfterSeconds ?? 0
  const details: NonNullable<FaultStatusBody['details']> = {}
  if (code === 500 && message.startsWith('Internal error occurred: ')) details.causes = [{message: message.slice('Internal error occurred: '.length)}]
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds
  // Fields in the order the server serialises them: code last.
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(known ? {reason: known.reason} : {}),
    // apierrors.NewTimeoutError always carries details, even when empty.
    ...(Object.keys(details).length > 0 || code === 504 ? {details} : {}),
    code,
  }
}

function answerStatus(res: ServerResponse, rule: FaultRule & {status: number}): void {
  const known = STATUS_DEFAULTS[rule.status]
  const retryAfterSeconds = rule.retryAfterSeconds ?? known?.retryAfterSeconds ?? 0
  const headers: OutgoingHttpHeaders = retryAfterSeconds > 0 ? {'Retry-After': String(retryAfterSeconds)} : {}
  let text: string
  if (rule.plainText) {
    // Go's http.Error: the message and a newline, as plain text that browsers must not sniff.
    text = `${rule.message ?? known?.text ?? known?.message ?? STATUS_CODES[rule.status] ?? ''}\n`
    Object.assign(headers, {'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff'})
  } else {
    text = JSON.stringify(faultStatusBody(rule))
    Object.assign(headers, {'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private'})
  }
  res.writeHead(rule.status, {...headers, 'Content-Length': Buffer.byteLength(text)})
  res.end(text)
}

/** Sends a RST where the socket allows it (plain TCP); a TLS socket is destroyed, which the client also sees as ECONNRESET. */
function resetConnection(socket: Socket): void {
  try {
    socket.resetAndDestroy()
  } catch {
    socket.destroy()
  }
}

function startWatchStream(res: ServerResponse): void {
  res.writeHead(200, {'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private'})
  res.flushHeaders()
}

/** What the watch cache sends for a resourceVersion it no longer has: one ERROR event, then the end. */
function answerExpiredWatch(res: ServerResponse, requested: string, current: number): void {
  const from = requested === '' || requested === '0' ? String(Math.max(1, current - 1)) : requested
  const status = {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${from} (${current})`, reason: 'Expired', code: 410}
  startWatchStream(res)
  res.end(JSON.stringify({type: 'ERROR', object: status}) + '\n')
}

/** A watch stream that a broken proxy or a confused server garbled. */
function answerInvalidWatch(res: ServerResponse): void {
  startWatchStream(res)
  res.write('<html><body><h1>502 Bad Gateway</h1></body></html>\n')
  res.end('{"type":"ADDED","object":{"kind":\n')
}

type WriteCallback = (error?: Error | null) => void

interface BodyOutlet {
  /** The response's own write and end, for what the effect lets through. */
  write(chunk: Buffer): void
  end(): void
}

function chunkBuffer(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return undefined
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
  return Buffer.from(chunk as Uint8Array)
}

/**
 * Takes over the body of a response: every chunk the handler writes goes to `onChunk`, its
 * end to `onEnd`; the effect decides what reaches the socket through the returned outlet.
 * Writes report success at once (the effect buffers), so the handler never waits for 'drain'.
 */
function interceptBody(res: ServerResponse, onChunk: (chunk: Buffer) => void, onEnd: () => void): BodyOutlet {
  const write = res.write.bind(res) as (chunk: Buffer) => boolean
  const end = res.end.bind(res) as () => ServerResponse
  const callbackOf = (args: unknown[]) => args.find((a): a is WriteCallback => typeof a === 'function')
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    const buffer = chunkBuffer(chunk, rest[0])
    if (buffer && buffer.length > 0) onChunk(buffer)
    const callback = callbackOf(rest)
    if (callback) queueMicrotask(() => callback())
    return true
  }) as ServerResponse['write']
  let ended = false
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (ended) return res
    ended = true
    const buffer = chunkBuffer(chunk, rest[0])
    if (buffer && buffer.length > 0) onChunk(buffer)
    onEnd()
    return res
  }) as ServerResponse['end']
  return {write: (chunk) => void write(chunk), end: () => void end()}
}

/** Sends the headers the moment the handler sets them, so the client sees them before the body effect. */
function flushHeadersOnWriteHead(res: ServerResponse, after?: () => void): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse
  res.writeHead = ((...args: unknown[]) => {
    writeHead(...args)
    res.flushHeaders()
    after?.()
    return res
  }) as ServerResponse['writeHead']
}

/** Headers go out; the body never does. The socket stays open until the client or stop() closes it. */
function stallBody(res: ServerResponse, stalled: Set<ServerResponse>): void {
  interceptBody(
    res,
    () => {
      if (!res.headersSent) res.flushHeaders()
    },
    () => {
      if (!res.headersSent) res.flushHeaders()
    },
  )
  flushHeadersOnWriteHead(res)
  stalled.add(res)
  res.once('close', () => stalled.delete(res))
}

/** Passes the body on at `bytesPerSecond`, in ticks of at most a second. */
function trickleBody(res: ServerResponse, bytesPerSecond: number): void {
  const queue: Buffer[] = []
  let ended = false
  const outlet = interceptBody(res, (chunk) => queue.push(chunk), () => (ended = true))
  flushHeadersOnWriteHead(res)
  const tickMs = Math.min(1000, Math.max(10, 1000 / bytesPerSecond))
  const perTick = (bytesPerSecond * tickMs) / 1000
  let credit = 0
  const tick = () => {
    credit += perTick
    while (credit >= 1 && queue.length > 0) {
      const head = queue[0]!
      const part = head.subarray(0, Math.floor(credit))
      outlet.write(part)
      credit -= part.length
      if (part.length === head.length) queue.shift()
      else queue[0] = head.subarray(part.length)
    }
    if (queue.length > 0) return
    credit = Math.min(credit, perTick) // an idle body saves up no burst
    if (ended) {
      clearInterval(timer)
      outlet.end()
    }
  }
  const timer = setInterval(tick, tickMs)
  res.once('close', () => clearInterval(timer))
}

/** Lets `events` complete watch lines through, then ends the stream as a server that closes a watch does. */
function closeWatchAfter(res: ServerResponse, events: number): void {
  let remaining = events
  let done = false
  const finish = () => {
    if (done) return
    done = true
    outlet.end()
  }
  const outlet = interceptBody(
    res,
    (chunk) => {
      if (done) return
      let cut = -1
      for (let i = chunk.indexOf(0x0a); i >= 0 && cut < 0; i = chunk.indexOf(0x0a, i + 1)) if (--remaining === 0) cut = i + 1
      if (cut < 0) return outlet.write(chunk)
      outlet.write(chunk.subarray(0, cut))
      finish()
    },
    finish,
  )
  if (events === 0) flushHeadersOnWriteHead(res, finish)
  const flushHeaders = res.flushHeaders.bind(res)
  res.flushHeaders = () => {
    if (!done) flushHeaders()
  }
}

// ---------------------------------------------------------------------------------------------
// The wrapper

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void

/**
 * The user a request acts as, authenticated as server.ts does it (bearer token, or nothing
 * at all for the anonymous admin over HTTP), then impersonated; undefined for bad credentials.
 */
export function requestUser(req: IncomingMessage, tokens: ReadonlyMap<string, string>, anonymousUser: string | undefined): string | undefined {
  const auth = req.headers.authorization ?? ''
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)
  const authenticated = bearer ? tokens.get(bearer[1]!.trim()) : auth === '' ? anonymousUser : undefined
  if (authenticated === undefined) return undefined
  const impersonate = req.headers['impersonate-user']
  return typeof impersonate === 'string' && impersonate !== '' ? impersonate : authenticated
}

export interface FaultLayerOptions {
  faults: FaultSet
  /** Who sent the request, or undefined when it does not authenticate. */
  userOf: (req: IncomingMessage) => string | undefined
  /** The only user the admin endpoint serves. */
  adminUser: string
  /** The store's current resourceVersion (watchExpired names it). */
  resourceVersion: () => number
}

export interface FaultLayer {
  handler: RequestHandler
  /** Closes every response held open by stallAfterHeaders (stop() and down() call it). */
  cutStalled(): void
}

export function withFaults(handle: RequestHandler, options: FaultLayerOptions): FaultLayer {
  const stalled = new Set<ServerResponse>()

  function applyEffect(rule: FaultRule, req: IncomingMessage, res: ServerResponse): void {
    if (rule.status !== undefined) return answerStatus(res, {...rule, status: rule.status})
    if (rule.reset) return resetConnection(req.socket)
    if (rule.watchExpired) return answerExpiredWatch(res, new URL(req.url ?? '/', 'http://sandbox').searchParams.get('resourceVersion') ?? '', options.resourceVersion())
    if (rule.invalidWatchLines) return answerInvalidWatch(res)
    if (rule.stallAfterHeaders) stallBody(res, stalled)
    else if (rule.trickleBytesPerSecond !== undefined) trickleBody(res, rule.trickleBytesPerSecond)
    else if (rule.closeWatchAfterEvents !== undefined) closeWatchAfter(res, rule.closeWatchAfterEvents)
    handle(req, res)
  }

  const handler: RequestHandler = (req, res) => {
    if (req.url?.startsWith(FAULTS_PATH)) {
      const path = new URL(req.url, 'http://sandbox').pathname
      if (path === FAULTS_PATH || path.startsWith(FAULTS_PATH + '/')) {
        answerAdmin(req, res, path, options).catch(() => res.destroy())
        return
      }
    }
    // Most requests meet no rule at all: skip parsing them then.
    if (options.faults.empty) return handle(req, res)
    const rule = options.faults.take(describeRequest(req.method ?? 'GET', req.url ?? '/', options.userOf(req)))
    if (!rule) return handle(req, res)
    if (!rule.latencyMs) return applyEffect(rule, req, res)
    const timer = setTimeout(() => applyEffect(rule, req, res), rule.latencyMs)
    // A client that gives up (or a sandbox that goes down) cancels the delayed request.
    res.once('close', () => clearTimeout(timer))
  }

  return {
    handler,
    cutStalled() {
      for (const res of stalled) res.destroy()
      stalled.clear()
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The admin endpoint: GET lists, POST adds, DELETE /ID removes, DELETE clears.

function sendJson(res: ServerResponse, code: number, body: object): void {
  const text = JSON.stringify(body)
  res.writeHead(code, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private'})
  res.end(text)
}

function sendFailure(res: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code})
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

async function answerAdmin(req: IncomingMessage, res: ServerResponse, path: string, options: FaultLayerOptions): Promise<void> {
  const user = options.userOf(req)
  const verb = (req.method ?? 'GET').toLowerCase()
  if (user === undefined) return sendFailure(res, 401, 'Unauthorized', 'Unauthorized')
  // Worded as the API server refuses a non-resource path.
  if (user !== options.adminUser) return sendFailure(res, 403, 'Forbidden', `forbidden: User "${user}" cannot ${verb} path "${path}"`)
  const id = path.length > FAULTS_PATH.length ? decodeURIComponent(path.slice(FAULTS_PATH.length + 1)) : undefined
  const {faults} = options
  if (verb === 'get' && id === undefined) return sendJson(res, 200, {items: faults.list()})
  if (verb === 'get' || verb === 'delete') {
    const listed = faults.list().find((f) => f.id === id)
    if (id !== undefined && !listed) return sendFailure(res, 404, 'NotFound', `fault "${id}" not found`)
    if (verb === 'get') return sendJson(res, 200, listed!)
    if (id === undefined) {
      const removed = faults.list().map((f) => f.id)
      faults.clear()
      return sendJson(res, 200, {removed})
    }
    faults.remove(id)
    return sendJson(res, 200, {removed: [id]})
  }
  if (verb === 'post' && id === undefined) {
    let rule: FaultRule
    try {
      rule = validateFaultRule(await readJson(req), 'fault')
    } catch (error) {
      const message = error instanceof FaultRuleError ? error.message : `the body must be a JSON fault rule: ${(error as Error).message}`
      return sendFailure(res, 400, 'BadRequest', message)
    }
    return sendJson(res, 201, {id: faults.add(rule)})
  }
  return sendFailure(res, 405, 'MethodNotAllowed', `${verb} is not supported on ${path}`)
}

// ---------------------------------------------------------------------------------------------
// The admin client (`kubekit sandbox fault`): plain data in, one-line errors out.

/** Where the sandbox is and how to sign in: what the kubeconfig's static credentials give. */
export interface FaultAdminTarget {
  server: string
  headers: Record<string, string>
  ca?: Buffer | undefined
  cert?: Buffer | undefined
  key?: Buffer | undefined
  rejectUnauthorized: boolean
  servername?: string | undefined
  timeoutMs: number
}

export class FaultAdminError extends Error {
  override name = 'FaultAdminError'
}

interface AdminAnswer {
  code: number
  body: string
}

function send(target: FaultAdminTarget, method: string, path: string, body?: string): Promise<AdminAnswer> {
  const url = new URL(target.server.replace(/\/+$/, '') + path)
  const headers: OutgoingHttpHeaders = {...target.headers, Accept: 'application/json'}
  if (body !== undefined) Object.assign(headers, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)})
  const tls = {ca: target.ca, cert: target.cert, key: target.key, rejectUnauthorized: target.rejectUnauthorized, servername: target.servername}
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'http:' ? httpRequest(url, {method, headers}) : httpsRequest(url, {method, headers, ...tls})
    if (target.timeoutMs > 0) request.setTimeout(target.timeoutMs, () => request.destroy(new FaultAdminError(`the sandbox at ${target.server} did not answer within ${target.timeoutMs / 1000}s`)))
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof FaultAdminError) return reject(error)
      const why = error.code === 'ECONNREFUSED' ? 'connection refused; is `kubekit sandbox start` running?' : (error.code ?? error.message)
      reject(new FaultAdminError(`cannot reach the sandbox at ${target.server}: ${why}`))
    })
    request.on('response', (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({code: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8')}))
      response.on('error', reject)
    })
    request.end(body)
  })
}

function answerError(target: FaultAdminTarget, answer: AdminAnswer): FaultAdminError {
  let message = ''
  try {
    message = (JSON.parse(answer.body) as {message?: string}).message ?? ''
  } catch {
    // not a Status: not a kubekit sandbox
  }
  if (answer.code === 404 && message === '') return new FaultAdminError(`${target.server} has no fault controls at ${FAULTS_PATH}: is it a kubekit sandbox?`)
  if (answer.code === 401) return new FaultAdminError(`the sandbox at ${target.server} did not accept the credentials (401): use the kubeconfig that \`kubekit sandbox start\` wrote`)
  if (answer.code === 403) return new FaultAdminError(`only the sandbox's admin user may change faults: ${message}`)
  return new FaultAdminError(message || `the sandbox at ${target.server} answered ${answer.code}`)
}

export class FaultAdminClient {
  constructor(private readonly target: FaultAdminTarget) {}

  async add(rule: FaultRule): Promise<string> {
    return ((await this.call('POST', FAULTS_PATH, JSON.stringify(rule))) as {id: string}).id
  }

  async list(): Promise<ListedFault[]> {
    return ((await this.call('GET', FAULTS_PATH)) as {items: ListedFault[]}).items
  }

  async remove(id: string): Promise<void> {
    await this.call('DELETE', `${FAULTS_PATH}/${encodeURIComponent(id)}`)
  }

  /** Removes every rule; returns the ids removed. */
  async clear(): Promise<string[]> {
    return ((await this.call('DELETE', FAULTS_PATH)) as {removed: string[]}).removed
  }

  private async call(method: string, path: string, body?: string): Promise<unknown> {
    const answer = await send(this.target, method, path, body)
    if (answer.code < 200 || answer.code >= 300) throw answerError(this.target, answer)
    return JSON.parse(answer.body) as unknown
  }
}

/** One line per rule for `kubekit sandbox fault list`: what it matches and what it does. */
export function describeRule(rule: FaultRule): {match: string; effect: string} {
  const match = [
    rule.verb,
    rule.group !== undefined ? `group=${rule.group === '' ? '""' : rule.group}` : undefined,
    rule.resource && `resource=${rule.resource}`,
    rule.path && `path=${rule.path}`,
    rule.user && `user=${rule.user}`,
    rule.after !== undefined ? `after=${rule.after}` : undefined,
    rule.times !== undefined ? `times=${rule.times}` : undefined,
  ].filter(Boolean)
  const effect = [
    rule.latencyMs !== undefined ? `latency ${rule.latencyMs}ms` : undefined,
    rule.status !== undefined ? `status ${rule.status}${rule.plainText ? ' (text)' : ''}${rule.retryAfterSeconds !== undefined ? ` retry-after ${rule.retryAfterSeconds}s` : ''}` : undefined,
    rule.stallAfterHeaders ? 'stall after headers' : undefined,
    rule.trickleBytesPerSecond !== undefined ? `trickle ${rule.trickleBytesPerSecond} B/s` : undefined,
    rule.reset ? 'reset connection' : undefined,
    rule.closeWatchAfterEvents !== undefined ? `close watch after ${rule.closeWatchAfterEvents} events` : undefined,
    rule.watchExpired ? 'watch expired (410)' : undefined,
    rule.invalidWatchLines ? 'invalid watch lines' : undefined,
  ].filter(Boolean)
  return {match: match.length ? match.join(' ') : 'every request', effect: effect.join(', ')}
}
