import {
  KubeconfigError,
  loadMergedKubeconfig,
  type ClusterEntry,
  type ContextEntry,
  type MergedKubeconfig,
  type UserEntry,
} from '../kubeconfig/files.js'
import {redactUrl, registerSecret} from '../util/redact.js'
import {didYouMean} from '../util/suggest.js'
import {checkedEntry} from './entry-check.js'
import {KubeError} from './errors.js'
import {defaultRequestTimeoutMs, parseDuration, type ConnectionOptions} from './options.js'

/** Everything needed to talk to one cluster as one user, resolved from kubeconfig and flags. */
export interface ResolvedConnection {
  contextName: string
  clusterName: string
  userName: string
  server: string
  /** The cluster and user entries after kubectl's flags were applied. */
  cluster: ClusterEntry
  user: UserEntry
  namespace: string
  /** 0 = no limit. */
  timeoutMs: number
  files: string[]
  /**
   * When the context names a user the kubeconfig does not have (kubectl then sends no credentials):
   * `user "nobody" is not in FILE`, with a close name if there is one.
   */
  missingUser?: string | undefined
}

const flagContext = 'kubekit-flags'

/** Resolves kubectl's flags against the kubeconfig files the way kubectl does. */
export function resolveConnection(options: ConnectionOptions): ResolvedConnection {
  let timeoutMs: number
  try {
    timeoutMs = options.requestTimeout === undefined ? defaultRequestTimeoutMs : parseDuration(options.requestTimeout)
  } catch (error) {
    throw new KubeError('invalid', (error as Error).message)
  }

  let merged: MergedKubeconfig
  try {
    merged = loadMergedKubeconfig(options.kubeconfig, options.env ?? process.env)
  } catch (error) {
    if (error instanceof KubeconfigError) throw new KubeError('kubeconfig', error.message)
    throw error
  }
  const files = merged.files
  const where = files.length === 1 ? files[0]! : `${files.length} kubeconfig files (${files.join(', ')})`
  if (files.length === 0 && !options.server) {
    throw new KubeError('kubeconfig', 'no kubeconfig found: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config')
  }

  // An empty --context, --cluster or --user is unset, as kubectl takes it.
  let contextName = options.context || currentContextOf(merged, where)
  let context: ContextEntry
  if (contextName === undefined) {
    if (!options.server) {
      throw new KubeError('kubeconfig', `no current context is set in ${where}; pass --context NAME or run \`kubectl ctx NAME\``)
    }
    contextName = flagContext
    context = {}
  } else {
    const found = merged.contexts.get(contextName)
    if (!found) {
      const hint = didYouMean(contextName, merged.contexts.keys())
      throw new KubeError('kubeconfig', `context "${contextName}" not found in ${where}${hint}`)
    }
    context = {...checkedEntry({kind: 'context', name: contextName, file: found.file}, found.entry)}
  }

  const clusterName = options.cluster || context.cluster || flagContext
  const userName = options.user || context.user || flagContext
  let cluster: ClusterEntry = {...usedEntry(merged, 'cluster', clusterName)}
  let user: UserEntry = {...usedEntry(merged, 'user', userName)}
  if (!options.cluster && !context.cluster && !options.server) {
    throw new KubeError('kubeconfig', `context "${contextName}" in ${where} names no cluster; set one with \`kubectl config set-context ${contextName} --cluster=NAME\`, or pass --cluster or --server`)
  }
  if (!merged.clusters.has(clusterName) && !options.server) {
    const source = options.cluster ? '--cluster' : `context "${contextName}"`
    throw new KubeError('kubeconfig', `cluster "${clusterName}" (from ${source}) not found in ${where}${didYouMean(clusterName, merged.clusters.keys())}`)
  }
  if (options.user && !merged.users.has(userName)) {
    throw new KubeError('kubeconfig', `user "${userName}" (from --user) not found in ${where}${didYouMean(userName, merged.users.keys())}`)
  }

  cluster = applyClusterFlags(cluster, options)
  user = applyUserFlags(user, options)
  if (!cluster.server) throw new KubeError('kubeconfig', `cluster "${clusterName}" in ${where} has no server address`)
  for (const secret of [user.token, user.password, user['client-key-data']]) registerSecret(secret)
  const server = serverUrl(cluster, user)
  if (server === undefined) {
    throw new KubeError('kubeconfig', `cluster "${clusterName}" in ${where}: server "${printableServer(cluster.server)}" must be an https:// (or http://) URL or a host:port pair`)
  }
  cluster.server = server

  return {
    contextName,
    clusterName,
    userName,
    server,
    cluster,
    user,
    namespace: options.namespace || context.namespace || 'default',
    timeoutMs,
    files,
    missingUser: !options.user && context.user && !merged.users.has(userName) ? `user "${userName}" is not in ${where}${didYouMean(userName, merged.users.keys())}` : undefined,
  }
}

/** The current-context of the merged files; one that is not a name (a list, a number) is refused. */
function currentContextOf(merged: MergedKubeconfig, where: string): string | undefined {
  const current: unknown = merged.currentContext
  if (current === undefined || current === null || current === '') return undefined
  if (typeof current !== 'string') throw new KubeError('kubeconfig', `current-context in ${where} must be a context name, not ${Array.isArray(current) ? 'a list' : `a ${typeof current}`}; fix it with \`kubectl ctx NAME\``)
  return current
}

/** A cluster or user entry of the merged files, checked for the types kubectl reads (empty when absent). */
function usedEntry(merged: MergedKubeconfig, kind: 'cluster' | 'user', name: string): Record<string, unknown> {
  const found = kind === 'cluster' ? merged.clusters.get(name) : merged.users.get(name)
  return found ? checkedEntry({kind, name, file: found.file}, found.entry) : {}
}

function applyClusterFlags(cluster: ClusterEntry, options: ConnectionOptions): ClusterEntry {
  const out = {...cluster}
  if (options.server) out.server = options.server
  if (options.certificateAuthority) {
    out['certificate-authority'] = options.certificateAuthority
    delete out['certificate-authority-data']
  }
  if (options.insecureSkipTlsVerify) {
    out['insecure-skip-tls-verify'] = true
    delete out['certificate-authority']
    delete out['certificate-authority-data']
  }
  if (options.tlsServerName) out['tls-server-name'] = options.tlsServerName
  return out
}

function applyUserFlags(user: UserEntry, options: ConnectionOptions): UserEntry {
  let out = {...user}
  if (options.token) out = {token: options.token}
  if (options.clientCertificate) {
    out['client-certificate'] = options.clientCertificate
    delete out['client-certificate-data']
  }
  if (options.clientKey) {
    out['client-key'] = options.clientKey
    delete out['client-key-data']
  }
  if (options.impersonate) out.as = options.impersonate
  return out
}

/**
 * The server URL as kubectl uses it (client-go rest.DefaultServerURL): a URL with a scheme
 * and a host is taken as written; anything else (`10.0.0.1:6443`, `localhost:8080`) is a
 * host:port that gets https:// when the cluster has a CA, a client certificate or
 * insecure-skip-tls-verify, else http://, and must then have no path. Trailing slashes are
 * dropped. A password in the URL is registered as a secret. Undefined when unusable.
 */
export function serverUrl(cluster: ClusterEntry, user: UserEntry): string | undefined {
  const written = cluster.server ?? ''
  let url = parseUrl(written)
  let server = written
  if (!url || url.host === '') {
    const tls =
      Boolean(cluster['certificate-authority'] || cluster['certificate-authority-data']) ||
      Boolean(user['client-certificate'] || user['client-certificate-data']) ||
      cluster['insecure-skip-tls-verify'] === true
    server = `${tls ? 'https' : 'http'}://${written}`
    url = parseUrl(server)
    if (!url || url.host === '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  registerUrlPassword(url)
  return server.replace(/\/+$/, '')
}

/** A server as written, a password in it shown as `***` (also without a scheme: `user:pass@host`). */
function printableServer(server: string): string {
  return redactUrl(server).replace(/^([^\s/@:]*):[^\s/@]*@/, '$1:***@')
}

function registerUrlPassword(url: URL): void {
  if (!url.password) return
  registerSecret(url.password)
  try {
    registerSecret(decodeURIComponent(url.password))
  } catch {
    /* not percent-encoded */
  }
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
