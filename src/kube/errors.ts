import {rbacResource, type ResourceInfo} from './resources.js'

export type KubeErrorReason =
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'gone'
  | 'kubeconfig'
  | 'invalid'
  | 'server'

/** Every failure to reach or use the API server, as one line a person can act on. */
export class KubeError extends Error {
  override name = 'KubeError'
  constructor(
    readonly reason: KubeErrorReason,
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }
}

/** The `Status` object an API server answers failures with. */
export interface Status {
  kind?: string
  status?: string
  message?: string
  reason?: string
  code?: number
  details?: {name?: string; kind?: string; group?: string}
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

/** Maps a socket-level failure (no HTTP answer) to one line naming the server and context. */
export function transportError(error: NodeJS.ErrnoException, endpoint: Endpoint): KubeError {
  const code = error.code ?? ''
  const where = `${endpoint.server} (context "${endpoint.contextName}")`
  if (tlsCodes.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /certificate|SSL|TLS/i.test(error.message)) {
    return new KubeError(
      'tls',
      `TLS handshake with ${where} failed: ${error.message}; check certificate-authority(-data) for this cluster in the kubeconfig, or --certificate-authority`,
    )
  }
  const why = unreachableCodes[code] ?? error.message
  return new KubeError('unreachable', `cannot reach the API server at ${where}: ${why}; is the cluster running and the server address in the kubeconfig right?`)
}

export function timeoutError(endpoint: Endpoint, timeoutMs: number): KubeError {
  return new KubeError(
    'timeout',
    `the API server at ${endpoint.server} (context "${endpoint.contextName}") did not answer within ${formatMs(timeoutMs)} (--request-timeout)`,
  )
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`
}

function describeTarget(purpose: RequestPurpose): string {
  const resource = purpose.resource ? rbacResource(purpose.resource, purpose.subresource) : 'the resource'
  const scope = purpose.namespace ? ` in namespace "${purpose.namespace}"` : purpose.resource?.namespaced ? ' in all namespaces' : ''
  return `${resource}${scope}`
}

/** Maps an HTTP failure answer to one line, in the words RBAC and kubectl use. */
export function statusError(code: number, body: string, purpose: RequestPurpose, endpoint: Endpoint): KubeError {
  const status = parseStatus(body)
  const serverMessage = status?.message?.trim()
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
    case 422:
      return new KubeError('invalid', serverMessage ?? `the API server refused the request (${code})`, code)
    default: {
      const detail = serverMessage ?? (body.trim().slice(0, 200) || `HTTP ${code}`)
      return new KubeError('server', `the API server at ${endpoint.server} answered ${code}: ${detail}`, code)
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
