/**
 * How requests are signed. Static credentials (bearer token, token file, basic auth, client
 * certificates, CA) are read here directly: they are a few fields, and reading them costs
 * nothing at start-up. Credential plugins (exec, auth-provider) and proxies are handed to
 * @kubernetes/client-node, loaded only for such users, so they behave exactly as client-node
 * defines them.
 */
import {createPrivateKey, X509Certificate} from 'node:crypto'
import {readFileSync} from 'node:fs'
import type http from 'node:http'
import type https from 'node:https'
import type {KubeConfig} from '@kubernetes/client-node'
import {registerSecret} from '../util/redact.js'
import type {ResolvedConnection} from './config.js'
import {KubeError} from './errors.js'

export interface TlsSettings {
  ca?: Buffer | undefined
  cert?: Buffer | undefined
  key?: Buffer | undefined
  rejectUnauthorized: boolean
  servername?: string | undefined
}

export interface Credentials {
  headers: Record<string, string>
  tls: TlsSettings
  /** Set when the connection must go through client-node's agent (a proxy). */
  agent?: http.Agent | undefined
}

/** The part of a resolved connection that says who signs requests to which server. */
export type CredentialTarget = Pick<ResolvedConnection, 'contextName' | 'clusterName' | 'userName' | 'server' | 'cluster' | 'user'>

/** Returns the credentials for each request (plugins may refresh them; static ones never change). */
export type CredentialSource = () => Promise<Credentials>

export function credentialSource(target: CredentialTarget): CredentialSource {
  const {cluster, user} = target
  if (user.exec || user['auth-provider'] || cluster['proxy-url']) return pluginCredentials(target)
  let cached: Credentials | undefined
  return async () => (cached ??= staticCredentials(target))
}

function readSecretFile(path: string, what: string, target: CredentialTarget): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw new KubeError('kubeconfig', `cannot read ${what} ${path} (user "${target.userName}", cluster "${target.clusterName}"): ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
}

function fileOrData(target: CredentialTarget, file: unknown, data: unknown, what: string): Buffer | undefined {
  if (typeof file === 'string' && file !== '') return readSecretFile(file, what, target)
  if (typeof data === 'string' && data !== '') return Buffer.from(data, 'base64')
  return undefined
}

export function staticCredentials(target: CredentialTarget): Credentials {
  const {cluster, user} = target
  const headers: Record<string, string> = {}
  const token = user.token ?? (user.tokenFile ? readSecretFile(user.tokenFile, 'tokenFile', target).toString('utf8').trim() : undefined)
  if (token) {
    registerSecret(token)
    headers.Authorization = `Bearer ${token}`
  } else if (user.username && user.password) {
    registerSecret(user.password)
    headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`
  }
  if (user.as) headers['Impersonate-User'] = user.as
  const insecure = cluster['insecure-skip-tls-verify'] === true
  const tls: TlsSettings = {
    ca: insecure ? undefined : fileOrData(target, cluster['certificate-authority'], cluster['certificate-authority-data'], 'certificate-authority'),
    cert: fileOrData(target, user['client-certificate'], user['client-certificate-data'], 'client-certificate'),
    key: fileOrData(target, user['client-key'], user['client-key-data'], 'client-key'),
    rejectUnauthorized: !insecure,
    servername: cluster['tls-server-name'],
  }
  checkCertificateAuthority(target, tls.ca)
  checkClientCertificate(target, tls.cert, tls.key)
  return {headers, tls}
}

/** A CA without a PEM certificate would only fail later, as a handshake that cannot verify the server. */
function checkCertificateAuthority(target: CredentialTarget, ca: Buffer | undefined): void {
  if (!ca || ca.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) return
  throw new KubeError(
    'kubeconfig',
    `certificate-authority(-data) of cluster "${target.clusterName}" (context "${target.contextName}") holds no PEM certificate; fix it in the kubeconfig, or pass --certificate-authority FILE`,
  )
}

/**
 * A client certificate and key that can sign a handshake, checked in plain words before one is
 * tried (OpenSSL would say `DECODER routines::unsupported`). client-go: "client-key-data or
 * client-key must be specified for USER to use the clientCert authentication method".
 */
function checkClientCertificate(target: CredentialTarget, cert: Buffer | undefined, key: Buffer | undefined): void {
  const who = `user "${target.userName}" (context "${target.contextName}")`
  const fail = (what: string) => new KubeError('kubeconfig', `${what}; check client-certificate(-data) and client-key(-data) of ${who} in the kubeconfig`)
  if (!cert && !key) return
  if (!key) throw fail('the client certificate has no key')
  if (!cert) throw fail('the client key has no certificate')
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(cert)
  } catch {
    throw fail('the client certificate is not a PEM certificate')
  }
  let privateKey: ReturnType<typeof createPrivateKey>
  try {
    privateKey = createPrivateKey(key)
  } catch {
    throw fail('the client key is not a PEM private key (or is protected by a passphrase)')
  }
  if (!certificate.checkPrivateKey(privateKey)) throw fail('the client key does not belong to the client certificate')
}

/** The auth-providers client-node runs; kubectl itself has kept only oidc since 1.26. */
const supportedAuthProviders = new Set(['oidc', 'gcp', 'azure'])

/** An auth-provider nothing can run would otherwise send no credentials and end in a puzzling 401. */
function checkAuthProvider(target: CredentialTarget): void {
  const provider = target.user['auth-provider'] as {name?: unknown} | undefined
  if (!provider) return
  const name = typeof provider.name === 'string' ? provider.name : ''
  if (supportedAuthProviders.has(name)) return
  throw new KubeError(
    'kubeconfig',
    `user "${target.userName}" (context "${target.contextName}") uses the auth-provider "${name || '(no name)'}", which kubekit cannot run (it knows oidc, gcp and azure); switch the user to an exec credential plugin, as kubectl 1.26+ requires`,
  )
}

function pluginCredentials(target: CredentialTarget): CredentialSource {
  checkAuthProvider(target)
  let config: Promise<KubeConfig> | undefined
  return async () => {
    config ??= loadClientNodeConfig(target)
    const kubeConfig = await config
    const options: https.RequestOptions = {headers: {}}
    try {
      await kubeConfig.applyToHTTPSOptions(options)
    } catch (error) {
      throw pluginFailure(target, error)
    }
    const headers: Record<string, string> = {}
    for (const [key, value] of Object.entries(options.headers ?? {})) if (value !== undefined) headers[key] = String(value)
    if (options.auth) headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`
    const authorization = headers.Authorization ?? headers.authorization
    if (authorization) registerSecret(authorization.replace(/^\S+\s+/, ''))
    return {
      headers,
      tls: {
        ca: options.ca as Buffer | undefined,
        cert: options.cert as Buffer | undefined,
        key: options.key as Buffer | undefined,
        rejectUnauthorized: options.rejectUnauthorized !== false,
        servername: options.servername,
      },
      agent: target.cluster['proxy-url'] ? (options.agent as http.Agent | undefined) : undefined,
    }
  }
}

/** A credential plugin or auth-provider that gave no credentials, in words that say what to do. */
function pluginFailure(target: CredentialTarget, error: unknown): KubeError {
  const message = (error instanceof Error ? error.message : String(error)).trim().split('\n')[0]!
  const who = `user "${target.userName}" (context "${target.contextName}")`
  const exec = target.user.exec
  if (!exec) {
    const provider = (target.user['auth-provider'] as {name?: string} | undefined)?.name ?? ''
    return new KubeError(
      'kubeconfig',
      `the auth-provider "${provider}" of ${who} gave no credentials${message ? ` (${message})` : ''}; log in again with the tool that wrote this entry, or switch the user to an exec credential plugin (kubectl 1.26+ runs only those and oidc)`,
    )
  }
  const plugin = `the credential plugin "${exec.command}" of ${who}`
  if (/\bENOENT\b/.test(message)) {
    const hint = typeof exec.installHint === 'string' && exec.installHint.trim() ? `: ${exec.installHint.trim().split('\n')[0]}` : ''
    return new KubeError('kubeconfig', `${plugin} is not installed or not on PATH${hint || '; install it, or fix exec.command in the kubeconfig'}`)
  }
  if (error instanceof SyntaxError) return new KubeError('kubeconfig', `${plugin} printed something that is not an ExecCredential; run it by hand to see what it prints`)
  if (!message) return new KubeError('kubeconfig', `${plugin} failed without saying why; run it by hand to see the error`)
  return new KubeError('kubeconfig', `${plugin} failed: ${message}; log in again with the tool that set it up, or run it by hand to see why`)
}

async function loadClientNodeConfig(target: CredentialTarget): Promise<KubeConfig> {
  const clientNode = await import('./client-node.js')
  const {cluster, user} = target
  const kubeConfig = new clientNode.KubeConfig()
  try {
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: target.clusterName,
          server: target.server,
          caData: cluster['certificate-authority-data'],
          caFile: cluster['certificate-authority'],
          // client-node sends plain HTTP only when told TLS is off; for http:// there is no TLS to verify.
          skipTLSVerify: cluster['insecure-skip-tls-verify'] === true || target.server.startsWith('http://'),
          tlsServerName: cluster['tls-server-name'],
          proxyUrl: cluster['proxy-url'],
        },
      ],
      users: [
        {
          name: target.userName,
          token: user.token,
          username: user.username,
          password: user.password,
          certData: user['client-certificate-data'],
          certFile: user['client-certificate'],
          keyData: user['client-key-data'],
          keyFile: user['client-key'],
          exec: user.exec,
          authProvider: user['auth-provider'],
          impersonateUser: user.as,
        } as Parameters<typeof kubeConfig.loadFromOptions>[0]['users'][number],
      ],
      contexts: [{name: target.contextName, cluster: target.clusterName, user: target.userName}],
      currentContext: target.contextName,
    })
  } catch (error) {
    throw new KubeError('kubeconfig', `user "${target.userName}" in the kubeconfig cannot be used: ${(error as Error).message}`)
  }
  return kubeConfig
}
