import {UserError} from '../errors.js'
import {rbacResource, type ResourceInfo} from './resources.js'

export type KubeErrorReason =
  | 'unreachable'
  | 'timeout'
  /** A stream (watch, log follow) that sent nothing for too long and was cut. */
  | 'idle'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'gone'
  | 'kubeconfig'
  | 'invalid'
  | 'server'

/** Every failure to reach or use the API server, as one line a person can act on. */
export class KubeError extends UserError {
  override name = 'KubeError'
  constructor(
    readonly reason: KubeErrorReason,
    message: string,
    readonly status?: number,
    /** The wait the server asked for (Retry-After), if it asked. */
    readonly retryAfterMs?: number,
  ) {
    super(message)
  }
}

/**
 * A container log the server cannot give (pods/log answers 400): the container is `waiting` to
 * start (ContainerCreating, PodInitializing, an image that will not pull), or its log is
 * `not-available` (a kind of container the kubelet does not serve). Not a failure of the caller.
 */
export class LogUnavailable extends KubeError {
  constructor(
    readonly state: 'waiting' | 'not-available',
    message: string,
  ) {
    super('invalid', message, 400)
  }
}

/** The kubelet's words for a log it cannot give, as the API server passes them on. */
function logUnavailableState(message: string): LogUnavailable['state'] | undefined {
  if (/is not available/.test(message)) return 'not-available'
  if (/waiting to start|ContainerCreating|PodInitializing/.test(message)) return 'waiting'
  return undefined
}

/** Reasons that mean the connection is away or went quiet (not that the server refused anything). */
const connectionReasons: ReadonlySet<string> = new Set<KubeErrorReason>(['unreachable', 'timeout', 'idle'])

/** Whether a KubeError reason says the API server is away or quiet: no connection, no answer, a silent stream. */
export function isConnectionReason(reason: unknown): boolean {
  return typeof reason === 'string' && connectionReasons.has(reason)
}

/**
 * Failures that asking again may cure: no connection, no answer in time, throttling (429),
 * and the server's own trouble (5xx, or a stream it broke). Everything else (credentials,
 * RBAC, not found, invalid requests, 410 Gone) needs something other than a retry.
 */
export function isTransient(error: unknown): error is KubeError {
  if (!(error instanceof KubeError)) return false
  if (isConnectionReason(error.reason)) return true
  if (error.reason !== 'server') return false
  return error.status === undefined || error.status === 429 || error.status >= 500
}

/** A server URL fit to print: a password in it becomes `***`, as kubectl prints it. */
export function displayServer(server: string): string {
  return server.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@:]*):[^/@]*@/i, '$1$2:***@')
}

/** The `Status` object an API server answers failures with. */
export interface Status {
  kind?: string
  status?: string
  message?: string
  reason?: string
  code?: number
  details?: {name?: string; kind?: string; group?: string; causes?: Array<{reason?: string; message?: string}>}
}

/**
 * "Too large resource version" (504, cause ResourceVersionTooLarge): the server has not reached
 * the resourceVersion asked for, e.g. after a restore from an etcd backup. client-go's reflector
 * treats it as it treats an expired one (410): list again, from the current state.
 */
function isTooLargeResourceVersion(status: Status | undefined): boolean {
  if (!status) return false
  return Boolean(status.details?.causes?.some((cause) => cause?.reason === 'ResourceVersionTooLarge')) || /Too large resource version/i.test(status.message ?? '')
}

/** What a request was for, so errors can say it in Kubernetes' own words. */
export interface RequestPurpose {
  verb: string
  resource?: ResourceInfo | undefined
  subresource?: string | undefined
  name?: string | undefined
  namespace?: string | undefined
}

export interface Endpoint {
  server: string
  contextName: string
  userName: string
  /** `user "nobody" is not in FILE` when the context names a user the kubeconfig lacks. */
  missingUser?: string | undefined
}

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
])

const unreachableCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
}

/** Maps a socket-level failure (no complete HTTP answer) to one line naming the server and context. */
export function transportError(error: NodeJS.ErrnoException, endpoint: Endpoint): KubeError {
  const code = error.code ?? ''
  const where = `${endpoint.server} (context "${endpoint.contextName}")`
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new KubeError(
      'tls',
      `the certificate of ${where} is not valid for that host name (${error.message.replace(/^Hostname\/IP does not match certificate's altnames: /, '')}); use an address the certificate names, or --tls-server-name NAME`,
    )
  }
  if (code.startsWith('ERR_OSSL') || /DECODER routines|PEM routines|bad decrypt|key values mismatch/i.test(error.message)) {
    return new KubeError(
      'kubeconfig',
      `the client certificate or key of user "${endpoint.userName}" (context "${endpoint.contextName}") cannot be used: ${error.message.replace(/^error:[0-9A-F]+:/, '')}; check client-certificate(-data) and client-key(-data) in the kubeconfig`,
    )
  }
  if (tlsCodes.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /certificate|SSL|TLS/i.test(error.message)) {
    return new KubeError(
      'tls',
      `TLS handshake with ${where} failed: ${error.message}; check certificate-authority(-data) for this cluster in the kubeconfig, or --certificate-authority`,
    )
  }
  if (code === 'ERR_INVALID_CHAR' || code === 'ERR_HTTP_INVALID_HEADER_VALUE') {
    return new KubeError(
      'kubeconfig',
      `the credentials of user "${endpoint.userName}" (context "${endpoint.contextName}") contain characters an HTTP header cannot carry (a line break in the token?); fix the token in the kubeconfig`,
    )
  }
  if (error.message === 'aborted' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new KubeError('unreachable', `the API server at ${where} closed the connection before its answer was complete`)
  }
  const why = unreachableCodes[code] ?? error.message
  return new KubeError('unreachable', `cannot reach the API server at ${where}: ${why}; is the cluster running and the server address in the kubeconfig right?`)
}

/**
 * A 401 to a request that carried no credential: over plain http:// none is ever sent (as kubectl
 * sends none), else the kubeconfig's user has none. "Log in again" would not help either way.
 */
export function unsignedError(endpoint: Endpoint, plainHttp: boolean): KubeError {
  const asks = `the API server at ${endpoint.server} (context "${endpoint.contextName}") asks for credentials (401)`
  if (plainHttp) {
    return new KubeError('unauthorized', `${asks}, and kubekit sends none over plain http://, as kubectl does not; use the cluster's https:// address`, 401)
  }
  if (endpoint.missingUser) {
    return new KubeError('unauthorized', `${asks}, and ${endpoint.missingUser}, so none were sent (kubectl sends none either); add the user to the kubeconfig, or set the context's user to one that is there`, 401)
  }
  return new KubeError(
    'unauthorized',
    `${asks}, and user "${endpoint.userName}" has none in the kubeconfig (no token, password, client certificate or plugin that gave one); set them, or use a context whose user has them`,
    401,
  )
}

export function timeoutError(endpoint: Endpoint, timeoutMs: number): KubeError {
  return new KubeError(
    'timeout',
    `the API server at ${endpoint.server} (context "${endpoint.contextName}") did not answer within ${formatMs(timeoutMs)} (--request-timeout)`,
  )
}

/** A duration as kubectl's flags write it: 30s, or 250ms below a whole second. */
export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`
}

function describeTarget(purpose: RequestPurpose): string {
  const resource = purpose.resource ? rbacResource(purpose.resource, purpose.subresource) : 'the resource'
  const scope = purpose.namespace ? ` in namespace "${purpose.namespace}"` : purpose.resource?.namespaced ? ' in all namespaces' : ''
  return `${resource}${scope}`
}

/** Maps an HTTP failure answer to one line, in the words RBAC and kubectl use. */
export function statusError(code: number, body: string, purpose: RequestPurpose, endpoint: Endpoint, retryAfter?: number): KubeError {
  const status = parseStatus(body)
  const serverMessage = status?.message?.trim()
  if (isTooLargeResourceVersion(status)) return new KubeError('gone', `${serverMessage ?? 'Too large resource version'} (the API server is behind the version asked for: list again)`, code)
  switch (code) {
    case 401:
      return new KubeError(
        'unauthorized',
        `the API server at ${endpoint.server} rejected the credentials of user "${endpoint.userName}" (context "${endpoint.contextName}"): Unauthorized; log in again or refresh the token`,
        401,
      )
    case 403: {
      const need = `RBAC needs verb "${purpose.verb}" on ${describeTarget(purpose)}`
      return new KubeError('forbidden', serverMessage ? `${serverMessage} (${need})` : `forbidden: ${need}`, 403)
    }
    case 404: {
      const kind = purpose.resource?.kind.toLowerCase()
      const what = purpose.name && kind ? `${kind} "${purpose.name}"` : (serverMessage ?? 'the requested resource')
      const scope = purpose.name && purpose.namespace ? ` in namespace "${purpose.namespace}"` : ''
      const notServed = !purpose.name && purpose.resource ? `the API server does not serve ${rbacResource(purpose.resource)}` : undefined
      return new KubeError('not-found', notServed ?? `${what} not found${scope}`, 404)
    }
    case 410:
      return new KubeError('gone', serverMessage ?? 'the requested resourceVersion is too old (410 Gone)', 410)
    case 400:
    case 422: {
      const logState = code === 400 && purpose.subresource === 'log' && serverMessage ? logUnavailableState(serverMessage) : undefined
      if (logState && serverMessage) return new LogUnavailable(logState, serverMessage)
      return new KubeError('invalid', serverMessage ?? `the API server refused the request (${code})`, code)
    }
    case 429:
      return new KubeError('server', `the API server at ${endpoint.server} is throttling requests (429): ${serverMessage ?? 'Too many requests'}`, 429, retryAfter)
    case 503:
      return new KubeError(
        'server',
        `the API server at ${endpoint.server} could not serve ${describeTarget(purpose)} (503): ${serverMessage ?? 'the server is currently unable to handle the request'}`,
        503,
        retryAfter,
      )
    default: {
      const detail = serverMessage ?? (body.trim().slice(0, 200) || `HTTP ${code}`)
      return new KubeError('server', `the API server at ${endpoint.server} answered ${code}: ${detail}`, code, retryAfter)
    }
  }
}

export function parseStatus(body: string): Status | undefined {
  try {
    const value = JSON.parse(body) as Status
    return value && typeof value === 'object' && value.kind === 'Status' ? value : undefined
  } catch {
    return undefined
  }
}
