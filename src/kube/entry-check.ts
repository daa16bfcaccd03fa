/**
 * The kubeconfig entries a connection uses (its context, cluster and user), checked before
 * anything is read or sent, as kubectl checks them: its decoder refuses a field of the wrong type
 * (`json: cannot unmarshal number into Go struct field Cluster.clusters.cluster.server of type
 * string`) and client-go's ConfirmUsable refuses an exec plugin without a command or apiVersion,
 * or an unusable proxy-url. Each problem is one line naming the
 * entry, its file, the field and what it must be; never a JavaScript TypeError later, and never
 * the value itself (it may be a credential).
 */
import {KubeError} from './errors.js'
import {isMapping} from '../util/mapping.js'

type Shape = 'a string' | 'true or false' | 'a list of strings' | 'a list' | 'a mapping'

export interface EntryRef {
  kind: 'cluster' | 'user' | 'context'
  name: string
  file: string
}

const clusterShapes: Record<string, Shape> = {
  server: 'a string',
  'certificate-authority': 'a string',
  'certificate-authority-data': 'a string',
  'insecure-skip-tls-verify': 'true or false',
  'tls-server-name': 'a string',
  'proxy-url': 'a string',
  'disable-compression': 'true or false',
}

const userShapes: Record<string, Shape> = {
  token: 'a string',
  tokenFile: 'a string',
  username: 'a string',
  password: 'a string',
  'client-certificate': 'a string',
  'client-certificate-data': 'a string',
  'client-key': 'a string',
  'client-key-data': 'a string',
  as: 'a string',
  'as-uid': 'a string',
  'as-groups': 'a list of strings',
  'as-user-extra': 'a mapping',
  exec: 'a mapping',
  'auth-provider': 'a mapping',
}

const contextShapes: Record<string, Shape> = {cluster: 'a string', user: 'a string', namespace: 'a string'}

const execShapes: Record<string, Shape> = {
  command: 'a string',
  apiVersion: 'a string',
  args: 'a list of strings',
  env: 'a list',
  installHint: 'a string',
  provideClusterInfo: 'true or false',
  interactiveMode: 'a string',
}

const authProviderShapes: Record<string, Shape> = {name: 'a string', config: 'a mapping'}

const shapesOf = {cluster: clusterShapes, user: userShapes, context: contextShapes}

function fits(value: unknown, shape: Shape): boolean {
  switch (shape) {
    case 'a string':
      return typeof value === 'string'
    case 'true or false':
      return typeof value === 'boolean'
    case 'a list of strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
    case 'a list':
      return Array.isArray(value)
    case 'a mapping':
      return isMapping(value)
  }
}

/** What a value is, in the words of the line (never the value: it may be a credential). */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (isMapping(value)) return 'a mapping'
  if (typeof value === 'boolean') return 'true or false'
  return `a ${typeof value}`
}

function problem(ref: EntryRef, text: string): KubeError {
  return new KubeError('kubeconfig', `${ref.kind} "${ref.name}" in ${ref.file}: ${text}; fix the entry in the kubeconfig (kubectl refuses it too)`)
}

function checkFields(ref: EntryRef, entry: Record<string, unknown>, shapes: Record<string, Shape>, prefix: string): void {
  for (const [field, shape] of Object.entries(shapes)) {
    const value = entry[field]
    // null is Go's zero value: an unset field, as kubectl reads it.
    if (value === undefined || value === null || fits(value, shape)) continue
    throw problem(ref, `${prefix}${field} must be ${shape}, not ${kindOf(value)}`)
  }
}

function checkExec(ref: EntryRef, exec: Record<string, unknown>): void {
  checkFields(ref, exec, execShapes, 'exec.')
  if (!exec.command) throw problem(ref, 'exec.command must name the credential plugin to run')
  if (!exec.apiVersion) throw problem(ref, 'exec.apiVersion must be set (client.authentication.k8s.io/v1 or v1beta1)')
  for (const [i, variable] of ((exec.env as unknown[] | undefined) ?? []).entries()) {
    if (!isMapping(variable) || typeof variable.name !== 'string' || variable.name === '' || !['string', 'undefined'].includes(typeof variable.value)) {
      throw problem(ref, `exec.env[${i}] must be a mapping with a name and a string value`)
    }
  }
}

function checkUser(ref: EntryRef, user: Record<string, unknown>): void {
  if (isMapping(user.exec)) checkExec(ref, user.exec)
  if (isMapping(user['auth-provider'])) {
    const provider = user['auth-provider']
    checkFields(ref, provider, authProviderShapes, 'auth-provider.')
    const config = provider.config
    if (isMapping(config) && Object.values(config).some((value) => typeof value !== 'string')) throw problem(ref, 'auth-provider.config must map names to strings')
  }
}

function checkProxyUrl(ref: EntryRef, cluster: Record<string, unknown>): void {
  const proxy = cluster['proxy-url']
  if (typeof proxy !== 'string' || proxy === '') return
  let scheme: string | undefined
  try {
    scheme = new URL(proxy).protocol
  } catch {
    scheme = undefined
  }
  if (!scheme || !['http:', 'https:', 'socks5:'].includes(scheme)) throw problem(ref, 'proxy-url must be an http://, https:// or socks5:// URL')
}

/**
 * The entry as the connection may use it: a mapping whose fields have the types kubectl reads.
 * An absent entry (or null) is an empty one. Throws KubeError('kubeconfig') naming the problem.
 */
export function checkedEntry(ref: EntryRef, entry: unknown): Record<string, unknown> {
  if (entry === undefined || entry === null) return {}
  if (!isMapping(entry)) throw problem(ref, `the entry must be a mapping of fields, not ${kindOf(entry)}`)
  checkFields(ref, entry, shapesOf[ref.kind], '')
  if (ref.kind === 'user') checkUser(ref, entry)
  if (ref.kind === 'cluster') checkProxyUrl(ref, entry)
  return entry
}
