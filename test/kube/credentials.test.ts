// How requests are signed: static credentials read directly (token, tokenFile, basic auth, client
// certificates, CA), plugins and proxies through client-node. No request is sent here; the
// connection-level cases (nothing sent before a refusal) are in test/kube/resilience.test.ts.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generate} from 'selfsigned'
import {describe, expect, it} from 'vitest'
import {credentialSource, staticCredentials, type CredentialTarget} from '../../src/kube/credentials.js'
import {KubeError} from '../../src/kube/errors.js'
import type {ClusterEntry, UserEntry} from '../../src/kubeconfig/files.js'
import {redactSecrets} from '../../src/util/redact.js'

const b64 = (text: string) => Buffer.from(text).toString('base64')

function target(user: UserEntry, cluster: ClusterEntry = {}, server = 'https://10.0.0.1:6443'): CredentialTarget {
  return {contextName: 'prod', clusterName: 'prod-cluster', userName: 'alice', server, cluster: {server, ...cluster}, user}
}

function refusal(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(KubeError)
    expect((error as KubeError).reason).toBe('kubeconfig')
    return (error as KubeError).message
  }
  throw new Error('expected a refusal')
}

const jwt = (claims: object) => `${b64('{"alg":"RS256","typ":"JWT"}')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`

describe('staticCredentials', () => {
  it('a bearer token, registered as a secret so no error line prints it', () => {
    const credentials = staticCredentials(target({token: 'eyJhbGciOi-static-token-1'}))
    expect(credentials.headers).toEqual({Authorization: 'Bearer eyJhbGciOi-static-token-1'})
    expect(credentials.tls).toEqual({ca: undefined, cert: undefined, key: undefined, rejectUnauthorized: true, servername: undefined})
    expect(redactSecrets('token eyJhbGciOi-static-token-1 refused')).toBe('token [redacted] refused')
  })

  it('tokenFile is read and trimmed; a token given inline wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-credentials-'))
    writeFileSync(join(dir, 'token'), 'projected-sa-token-123\n')
    expect(staticCredentials(target({tokenFile: join(dir, 'token')})).headers.Authorization).toBe('Bearer projected-sa-token-123')
    expect(staticCredentials(target({token: 'inline-token-456', tokenFile: join(dir, 'token')})).headers.Authorization).toBe('Bearer inline-token-456')
  })

  it('a tokenFile that cannot be read: one line naming the file, the user and the cluster', () => {
    expect(refusal(() => staticCredentials(target({tokenFile: '/nonexistent/token'})))).toBe('cannot read tokenFile /nonexistent/token (user "alice", cluster "prod-cluster"): ENOENT')
  })

  it('basic auth when there is no token, and only with both halves; --as impersonates', () => {
    expect(staticCredentials(target({username: 'admin', password: 's3cret-pass'})).headers).toEqual({Authorization: `Basic ${b64('admin:s3cret-pass')}`})
    expect(staticCredentials(target({username: 'admin'})).headers).toEqual({})
    expect(staticCredentials(target({token: 'tok-789xyz', username: 'admin', password: 's3cret-pass', as: 'system:serviceaccount:shop:deployer'})).headers).toEqual({
      'Authorization': 'Bearer tok-789xyz',
      'Impersonate-User': 'system:serviceaccount:shop:deployer',
    })
  })

  it('insecure-skip-tls-verify drops the CA and verification; tls-server-name is passed on', () => {
    const tls = staticCredentials(target({}, {'insecure-skip-tls-verify': true, 'certificate-authority-data': b64('garbage'), 'tls-server-name': 'api.internal'})).tls
    expect(tls).toMatchObject({ca: undefined, rejectUnauthorized: false, servername: 'api.internal'})
  })

  it('a CA and a client certificate, from -data or from files (the file wins)', async () => {
    const [server, client] = await Promise.all([generate([{name: 'commonName', value: 'kubernetes'}], {keyType: 'ec'}), generate([{name: 'commonName', value: 'alice'}], {keyType: 'ec'})])
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-credentials-'))
    writeFileSync(join(dir, 'ca.crt'), server.cert)
    writeFileSync(join(dir, 'alice.key'), client.private)
    const tls = staticCredentials(target({'client-certificate-data': b64(client.cert), 'client-key': join(dir, 'alice.key'), 'client-key-data': b64(server.private)}, {'certificate-authority': join(dir, 'ca.crt')})).tls
    expect([tls.ca?.toString(), tls.cert?.toString(), tls.key?.toString(), tls.rejectUnauthorized]).toEqual([server.cert, client.cert, client.private, true])
  })

  it('refuses, in plain words, a CA without a certificate, a certificate without its key, and a key of another certificate', async () => {
    const [mine, other] = await Promise.all([generate([{name: 'commonName', value: 'alice'}], {keyType: 'ec'}), generate([{name: 'commonName', value: 'bob'}], {keyType: 'ec'})])
    const check = 'check client-certificate(-data) and client-key(-data) of user "alice" (context "prod") in the kubeconfig'
    expect(refusal(() => staticCredentials(target({token: 'tok-000111'}, {'certificate-authority-data': b64('not a pem')})))).toBe(
      'certificate-authority(-data) of cluster "prod-cluster" (context "prod") holds no PEM certificate; fix it in the kubeconfig, or pass --certificate-authority FILE',
    )
    expect(refusal(() => staticCredentials(target({'client-key-data': b64(mine.private)})))).toBe(`the client key has no certificate; ${check}`)
    expect(refusal(() => staticCredentials(target({'client-certificate-data': b64(mine.cert), 'client-key-data': b64(other.private)})))).toBe(`the client key does not belong to the client certificate; ${check}`)
  })
})

describe('credentialSource', () => {
  it('static credentials are read once and kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-credentials-'))
    writeFileSync(join(dir, 'token'), 'first-token-abc')
    const source = credentialSource(target({tokenFile: join(dir, 'token')}))
    const first = await source()
    writeFileSync(join(dir, 'token'), 'second-token-def')
    expect(await source()).toBe(first)
    expect(first.headers.Authorization).toBe('Bearer first-token-abc')
  })

  it('an error in static credentials comes with the first request, not when the source is made', async () => {
    const source = credentialSource(target({tokenFile: '/nonexistent/token'}))
    await expect(source()).rejects.toThrow('cannot read tokenFile /nonexistent/token')
  })

  it('an auth-provider nothing can run is refused at once; a nameless one says so', () => {
    expect(refusal(() => credentialSource(target({'auth-provider': {name: 'openstack', config: {}}})))).toBe(
      'user "alice" (context "prod") uses the auth-provider "openstack", which kubekit cannot run (it knows oidc, gcp and azure); switch the user to an exec credential plugin, as kubectl 1.26+ requires',
    )
    expect(refusal(() => credentialSource(target({'auth-provider': {config: {}}})))).toContain('uses the auth-provider "(no name)"')
  })

  it('an oidc auth-provider goes through client-node: its id-token is sent and registered as a secret', async () => {
    const idToken = jwt({iss: 'https://dex.example.com', sub: 'alice', exp: Math.floor(Date.now() / 1000) + 3600})
    const credentials = await credentialSource(target({'auth-provider': {name: 'oidc', config: {'id-token': idToken, 'idp-issuer-url': 'https://dex.example.com', 'client-id': 'kubernetes'}}}))()
    expect(credentials.headers.Authorization).toBe(`Bearer ${idToken}`)
    expect(credentials.agent).toBeUndefined()
    expect(redactSecrets(`sent ${idToken}`)).toBe('sent [redacted]')
  })

  it('a proxy-url sends static credentials through client-node\'s agent', async () => {
    const credentials = await credentialSource(target({token: 'proxied-token-42'}, {'proxy-url': 'http://127.0.0.1:3128', 'insecure-skip-tls-verify': true}))()
    expect(credentials.headers.Authorization).toBe('Bearer proxied-token-42')
    expect(credentials.agent).toBeDefined()
    expect(credentials.tls.rejectUnauthorized).toBe(false)
  })
})
