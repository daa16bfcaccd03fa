/**
 * Query parameters as kube-apiserver parses them: booleans (anything but `0` or `false` is
 * true, apimachinery's Convert_Slice_string_To_bool), integers (strconv.ParseInt, else 400 with
 * its error as the message), resourceVersion (a decimal uint64, else 400), the ListOptions checks of apimachinery's ValidateListOptions (422), and continue tokens
 * in the etcd3 store's shape (`{v, rv, start}`, base64url) that expire like a compacted revision.
 */
import {errors, type ApiError, type FieldError} from './status.js'

/** A boolean query parameter: absent is false; present is true unless `0` or `false` in any case. */
export function queryBool(params: URLSearchParams, name: string): boolean {
  const value = params.get(name)
  if (value === null) return false
  return value !== '0' && value.toLowerCase() !== 'false'
}

/** The verb of a resource request, as the API server's RequestInfo resolver names it (for RBAC, routing and fault rules). */
export function requestVerb(method: string, named: boolean, params: URLSearchParams): string {
  switch (method) {
    case 'GET':
      if (queryBool(params, 'watch')) return 'watch'
      return named ? 'get' : 'list'
    case 'POST':
      return 'create'
    case 'PUT':
      return 'update'
    case 'PATCH':
      return 'patch'
    case 'DELETE':
      return named ? 'delete' : 'deletecollection'
    default:
      return method.toLowerCase()
  }
}

const INT64_MAX = 2n ** 63n - 1n
const INT64_MIN = -(2n ** 63n)

/**
 * Go's strconv.ParseInt(raw, 10, 64), which the query parameter conversion
 * (runtime.Convert_Slice_string_To_int64) runs; its error is the message of the handler's 400
 * BadRequest: `strconv.ParseInt: parsing "abc": invalid syntax`, or `value out of range`.
 */
export function parseInt64(raw: string): number {
  if (!/^[+-]?\d+$/.test(raw)) throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`)
  const value = BigInt(raw)
  if (value > INT64_MAX || value < INT64_MIN) throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: value out of range`)
  return Number(value)
}

export interface ListOptionNumbers {
  /** 0: no limit. */
  limit: number
  timeoutSeconds?: number
}

/**
 * The numbers of ListOptions as the handler decodes the query, in the order of the generated
 * conversion (timeoutSeconds, then limit): a present parameter, even empty, must parse.
 */
export function decodeListOptions(params: URLSearchParams): ListOptionNumbers {
  const timeout = params.get('timeoutSeconds')
  const limit = params.get('limit')
  const options: ListOptionNumbers = {limit: 0}
  if (timeout !== null) options.timeoutSeconds = parseInt64(timeout)
  if (limit !== null) options.limit = Math.max(0, parseInt64(limit))
  return options
}

/** A `*bool` query parameter (sendInitialEvents): undefined when absent. */
export function queryOptionalBool(params: URLSearchParams, name: string): boolean | undefined {
  return params.has(name) ? queryBool(params, name) : undefined
}

/**
 * The resourceVersion parameter: undefined when unset, 0 for `0`, else the number.
 * Not a uint64: 400 with the storage layer's text.
 */
export function parseResourceVersion(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined
  if (raw === '0') return 0
  if (!/^\d+$/.test(raw)) {
    throw errors.badRequest(`invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(raw)}: strconv.ParseUint: parsing ${JSON.stringify(raw)}: invalid syntax`)
  }
  return Number(raw)
}

const forbidden = (field: string, detail: string): FieldError => ({field, reason: 'FieldValueForbidden', message: `Forbidden: ${detail}`})
const notSupported = (field: string, value: string, supported: string[]): FieldError => ({
  field,
  reason: 'FieldValueNotSupported',
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
})

/** ValidateListOptions for a watch (the WatchList feature is on, as in 1.32). */
function watchOptionErrors(params: URLSearchParams): FieldError[] {
  const found: FieldError[] = []
  const match = params.get('resourceVersionMatch') ?? ''
  const sendInitialEvents = queryOptionalBool(params, 'sendInitialEvents')
  if (sendInitialEvents !== undefined && match !== 'NotOlderThan') {
    found.push(forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'))
  }
  if (match !== '') {
    if (sendInitialEvents === undefined) found.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'))
    if (match !== 'NotOlderThan') found.push(notSupported('resourceVersionMatch', match, ['NotOlderThan']))
    if (params.get('continue')) found.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'))
  }
  return found
}

/** ValidateListOptions for a list. */
function listOptionErrors(params: URLSearchParams): FieldError[] {
  const found: FieldError[] = []
  const match = params.get('resourceVersionMatch') ?? ''
  const resourceVersion = params.get('resourceVersion') ?? ''
  if (match !== '') {
    if (resourceVersion === '') found.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'))
    if (params.get('continue')) found.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'))
    if (match !== 'Exact' && match !== 'NotOlderThan') found.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']))
    if (match === 'Exact' && resourceVersion === '0') found.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'))
  }
  if (params.has('sendInitialEvents')) found.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'))
  return found
}

/** 422 `ListOptions.meta.k8s.io "" is invalid: ...` when the list or watch options contradict each other. */
export function validateListOptions(params: URLSearchParams, watch: boolean): void {
  const found = watch ? watchOptionErrors(params) : listOptionErrors(params)
  if (found.length > 0) throw errors.invalidFields('ListOptions', 'meta.k8s.io', '', found)
}

/**
 * A read at `wanted` on a server at `current`: the watch cache waits a moment for a newer
 * revision, then answers 504 Too large resource version (Retry-After: 1).
 */
export function requireNotNewer(wanted: number | undefined, current: number): void {
  if (wanted !== undefined && wanted > current) throw errors.tooLargeResourceVersion(wanted, current)
}

export interface ContinueToken {
  /** The list's resourceVersion. */
  rv: number
  /** The last key returned. */
  after: string
  /** When the token was issued (ms); the sandbox's stand-in for the revision's age in etcd. */
  issuedAt: number
}

export function encodeContinue(rv: number, after: string, issuedAt: number): string {
  return Buffer.from(JSON.stringify({v: 'meta.k8s.io/v1', rv, start: after + '\u0000', issuedAt})).toString('base64url')
}

export function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {v?: string; rv?: number; start?: string; issuedAt?: number}
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.start !== 'string' || typeof parsed.rv !== 'number') throw new Error('bad')
    const after = parsed.start.endsWith('\u0000') ? parsed.start.slice(0, -1) : parsed.start
    return {rv: parsed.rv, after, issuedAt: typeof parsed.issuedAt === 'number' ? parsed.issuedAt : Date.now()}
  } catch {
    throw errors.badRequest('continue key is not valid: continue key is not valid')
  }
}

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'

/**
 * 410 Expired for a token whose revision has been compacted; the Status carries a fresh token
 * (rv -1 upstream: an inconsistent continuation) to read the rest anyway.
 */
export function continueExpired(token: ContinueToken, now: number): ApiError {
  const error = errors.expired(CONTINUE_EXPIRED)
  error.listMeta = {continue: encodeContinue(-1, token.after, now)}
  return error
}

/** A token older than `ttlMs` stands for a compacted revision (etcd compacts every 5 minutes). */
export function checkContinueAge(token: ContinueToken, ttlMs: number, now: number): void {
  if (now - token.issuedAt > ttlMs) throw continueExpired(token, now)
}

/** 410 for a list at a revision that is compacted (etcd3's interpretListError). */
export const listExpired = (): ApiError => errors.expired('The resourceVersion for the provided list is too old.')

/**
 * The revision a list reads at: a continue token's; the resourceVersion asked for when it must
 * match exactly (resourceVersionMatch=Exact, or the legacy form: a non-zero resourceVersion with
 * a limit and no match); otherwise the newest (NotOlderThan is always met by the newest).
 */
export function listRevision(params: URLSearchParams, wanted: number | undefined, from: ContinueToken | undefined, current: number): number {
  if (from) return from.rv > 0 ? from.rv : current
  const match = params.get('resourceVersionMatch') ?? ''
  const limited = decodeListOptions(params).limit > 0
  const exact = match === 'Exact' || (match === '' && limited && wanted !== undefined && wanted !== 0)
  return exact && wanted !== undefined ? wanted : current
}

