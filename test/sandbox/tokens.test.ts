import {createHmac} from 'node:crypto'
import {describe, expect, it} from 'vitest'
import {Store} from '../../src/sandbox/store.js'
import {ISSUER, serviceAccountGroups, serviceAccountUser, ServiceAccountTokens} from '../../src/sandbox/tokens.js'

const key = Buffer.from('sandbox-signing-key')
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A token shaped as the sandbox signs them (HS256 over header.payload). */
function token(claims: {exp: number; namespace: string; name: string; uid: string}, signingKey = key): string {
  const payload = {aud: [ISSUER], exp: claims.exp, iat: 0, iss: ISSUER, jti: 'j', nbf: 0, sub: serviceAccountUser(claims.namespace, claims.name), 'kubernetes.io': {namespace: claims.namespace, serviceaccount: {name: claims.name, uid: claims.uid}}}
  const unsigned = `${b64({alg: 'HS256', kid: 'kubekit-sandbox'})}.${b64(payload)}`
  return `${unsigned}.${createHmac('sha256', signingKey).update(unsigned).digest('base64url')}`
}

function withAccount(): {tokens: ServiceAccountTokens; uid: string; store: Store} {
  const store = new Store()
  const account = store.create({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'deployer', namespace: 'ci'}})
  return {tokens: new ServiceAccountTokens(store, key), uid: account.metadata!.uid!, store}
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600

describe('service account users', () => {
  it('are named system:serviceaccount:NAMESPACE:NAME with the service account groups', () => {
    expect(serviceAccountUser('ci', 'deployer')).toBe('system:serviceaccount:ci:deployer')
    expect(serviceAccountGroups('system:serviceaccount:ci:deployer')).toEqual(['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'])
    expect(serviceAccountGroups('kubernetes-admin')).toBeUndefined()
    expect(serviceAccountGroups('system:serviceaccount:ci')).toBeUndefined()
  })
})

describe('ServiceAccountTokens.userOf', () => {
  it('accepts a live token signed with the key, for the service account it names', () => {
    const {tokens, uid} = withAccount()
    expect(tokens.userOf(token({exp: inAnHour(), namespace: 'ci', name: 'deployer', uid}))).toBe('system:serviceaccount:ci:deployer')
  })

  it('refuses a token signed with another key, a changed payload, or not a JWT', () => {
    const {tokens, uid} = withAccount()
    expect(tokens.userOf(token({exp: inAnHour(), namespace: 'ci', name: 'deployer', uid}, Buffer.from('other')))).toBeUndefined()
    const [header, , signature] = token({exp: inAnHour(), namespace: 'ci', name: 'deployer', uid}).split('.')
    const forged = b64({exp: inAnHour(), 'kubernetes.io': {namespace: 'kube-system', serviceaccount: {name: 'deployer', uid}}})
    expect(tokens.userOf(`${header}.${forged}.${signature}`)).toBeUndefined()
    expect(tokens.userOf('not-a-jwt')).toBeUndefined()
    expect(tokens.userOf('a.b.')).toBeUndefined()
  })

  it('refuses an expired token', () => {
    const {tokens, uid} = withAccount()
    expect(tokens.userOf(token({exp: Math.floor(Date.now() / 1000) - 1, namespace: 'ci', name: 'deployer', uid}))).toBeUndefined()
  })

  it('refuses the token of a service account that is gone or was recreated (another uid)', () => {
    const {tokens, uid, store} = withAccount()
    const live = token({exp: inAnHour(), namespace: 'ci', name: 'deployer', uid})
    store.delete('serviceaccounts', 'ci', 'deployer')
    expect(tokens.userOf(live)).toBeUndefined()
    store.create({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'deployer', namespace: 'ci'}})
    expect(tokens.userOf(live)).toBeUndefined()
  })
})
