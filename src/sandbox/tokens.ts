/**
 * Service account tokens: the serviceaccounts/token subresource (authentication.k8s.io/v1
 * TokenRequest, what `kubectl create token` posts) issues a JWT bound to the service account, and
 * the authenticator accepts it as the user `system:serviceaccount:NAMESPACE:NAME` until it expires
 * or the service account (by uid) is gone — as bound service account tokens work.
 * The JWT carries the real claims (iss, sub, aud, exp, iat, nbf, kubernetes.io) and is signed with
 * HS256 and a key of this sandbox (a real cluster signs RS256 with its service-account key).
 */
import {createHmac, randomUUID, timingSafeEqual} from 'node:crypto'
import {readJsonBody, reply, type ApiRequest} from './http.js'
import {errors} from './status.js'
import {kubeTime, type Store} from './store.js'
import {isDryRun} from './writes.js'

export const ISSUER = 'https://kubernetes.default.svc.cluster.local'
const DEFAULT_EXPIRATION_SECONDS = 3600
/** --service-account-max-token-expiration is unset by default; the minimum is 10 minutes. */
const MIN_EXPIRATION_SECONDS = 600

interface TokenRequestBody {
  spec?: {audiences?: string[]; expirationSeconds?: number; boundObjectRef?: {kind?: string; apiVersion?: string; name?: string; uid?: string}}
}

interface Claims {
  aud: string[]
  exp: number
  iat: number
  iss: string
  jti: string
  nbf: number
  sub: string
  'kubernetes.io': {namespace: string; serviceaccount: {name: string; uid: string}}
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url')

export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`
}

/** The groups of a service account user (whoami shows them). */
export function serviceAccountGroups(user: string): string[] | undefined {
  const match = /^system:serviceaccount:([^:]+):[^:]+$/.exec(user)
  return match ? ['system:serviceaccounts', `system:serviceaccounts:${match[1]}`, 'system:authenticated'] : undefined
}

export class ServiceAccountTokens {
  constructor(
    private readonly store: Store,
    private readonly key: Buffer,
  ) {}

  private sign(claims: Claims): string {
    const unsigned = `${base64url(JSON.stringify({alg: 'HS256', kid: 'kubekit-sandbox'}))}.${base64url(JSON.stringify(claims))}`
    return `${unsigned}.${createHmac('sha256', this.key).update(unsigned).digest('base64url')}`
  }

  /** The user a bearer token is, when it is a live token this sandbox issued. */
  userOf(token: string): string | undefined {
    const [header, payload, signature] = token.split('.')
    if (!header || !payload || !signature) return undefined
    const expected = createHmac('sha256', this.key).update(`${header}.${payload}`).digest()
    const given = Buffer.from(signature, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    let claims: Claims
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims
    } catch {
      return undefined
    }
    if (claims.exp * 1000 <= Date.now()) return undefined
    const {namespace, serviceaccount} = claims['kubernetes.io']
    const account = this.store.get('serviceaccounts', namespace, serviceaccount.name)?.object
    if (account?.metadata?.uid !== serviceaccount.uid) return undefined
    return serviceAccountUser(namespace, serviceaccount.name)
  }

  /** POST serviceaccounts/NAME/token. */
  async request(request: ApiRequest, namespace: string, name: string): Promise<void> {
    const body = ((await readJsonBody(request.req)) ?? {}) as TokenRequestBody
    const account = this.store.get('serviceaccounts', namespace, name)?.object
    if (!account) throw errors.notFound('serviceaccounts', '', name)
    const spec = body.spec ?? {}
    const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS
    if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
      throw errors.invalidFields('TokenRequest', 'authentication.k8s.io', name, [{field: 'spec.expirationSeconds', reason: 'FieldValueInvalid', message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`}])
    }
    const audiences = spec.audiences?.length ? spec.audiences : [ISSUER]
    const issuedAt = Math.floor(Date.now() / 1000)
    const claims: Claims = {
      aud: audiences,
      exp: issuedAt + expirationSeconds,
      iat: issuedAt,
      iss: ISSUER,
      jti: randomUUID(),
      nbf: issuedAt,
      sub: serviceAccountUser(namespace, name),
      'kubernetes.io': {namespace, serviceaccount: {name, uid: account.metadata?.uid ?? ''}},
    }
    const token = isDryRun(request.params) ? '' : this.sign(claims)
    reply(request, 201, {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {name, namespace, creationTimestamp: null},
      spec: {audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null},
      status: {token, expirationTimestamp: kubeTime(claims.exp * 1000)},
    })
  }
}
