import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {delimiter, dirname, isAbsolute, join, resolve} from 'node:path'
import {CORE_SCHEMA, load as loadYaml, YAMLException} from 'js-yaml'

/** A kubeconfig as YAML gives it to us; only the keys kubekit reads are typed. */
export interface KubeconfigData {
  apiVersion?: string
  kind?: string
  'current-context'?: string
  preferences?: Record<string, unknown>
  clusters?: Array<{name: string; cluster?: ClusterEntry}>
  users?: Array<{name: string; user?: UserEntry}>
  contexts?: Array<{name: string; context?: ContextEntry}>
  extensions?: unknown[]
  [key: string]: unknown
}

export interface ClusterEntry {
  server?: string
  'certificate-authority'?: string
  'certificate-authority-data'?: string
  'insecure-skip-tls-verify'?: boolean
  'tls-server-name'?: string
  'proxy-url'?: string
  [key: string]: unknown
}

export interface UserEntry {
  token?: string
  tokenFile?: string
  username?: string
  password?: string
  'client-certificate'?: string
  'client-certificate-data'?: string
  'client-key'?: string
  'client-key-data'?: string
  exec?: {command?: string; [key: string]: unknown}
  'auth-provider'?: unknown
  as?: string
  [key: string]: unknown
}

export interface ContextEntry {
  cluster?: string
  user?: string
  namespace?: string
  [key: string]: unknown
}

export interface KubeconfigFile {
  path: string
  data: KubeconfigData
}

/** A kubeconfig that cannot be read or parsed; the message names the file (and line). */
export class KubeconfigError extends Error {
  override name = 'KubeconfigError'
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message)
  }
}

/**
 * The files kubectl would read, in order: --kubeconfig alone if given, else every entry of
 * $KUBECONFIG (joined by ':'), else ~/.kube/config. Entries that do not exist are dropped,
 * as kubectl drops them; an explicit --kubeconfig that does not exist is an error.
 */
export function kubeconfigPaths(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  if (explicit) {
    const path = resolve(explicit)
    if (!existsSync(path)) throw new KubeconfigError(`kubeconfig ${explicit} does not exist (--kubeconfig)`, path)
    return [path]
  }
  const fromEnv = env.KUBECONFIG
  if (fromEnv !== undefined && fromEnv !== '') {
    const seen = new Set<string>()
    return fromEnv
      .split(delimiter)
      .filter((p) => p !== '')
      .map((p) => resolve(p))
      .filter((p) => !seen.has(p) && seen.add(p) && existsSync(p))
  }
  const home = env.HOME ?? homedir()
  const fallback = join(home, '.kube', 'config')
  return existsSync(fallback) ? [fallback] : []
}

/** Where kubectl would create a kubeconfig that does not exist yet. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KUBECONFIG?.split(delimiter).find((p) => p !== '')
  return fromEnv ? resolve(fromEnv) : join(env.HOME ?? homedir(), '.kube', 'config')
}

export function parseKubeconfig(text: string, path: string): KubeconfigData {
  let data: unknown
  try {
    data = loadYaml(text, {filename: path, schema: CORE_SCHEMA})
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark ? ` line ${error.mark.line + 1}` : ''
      throw new KubeconfigError(`malformed kubeconfig ${path}${line}: ${error.reason}`, path)
    }
    throw error
  }
  if (data === undefined || data === null) return {}
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new KubeconfigError(`malformed kubeconfig ${path}: expected a mapping with clusters, users and contexts`, path)
  }
  const config = data as KubeconfigData
  for (const key of ['clusters', 'users', 'contexts'] as const) {
    const list = config[key]
    if (list === undefined || list === null) continue
    if (!Array.isArray(list)) throw new KubeconfigError(`malformed kubeconfig ${path}: "${key}" must be a list`, path)
    list.forEach((entry, i) => {
      if (!entry || typeof entry !== 'object' || typeof (entry as {name?: unknown}).name !== 'string') {
        throw new KubeconfigError(`malformed kubeconfig ${path}: ${key}[${i}] has no name`, path)
      }
    })
  }
  return config
}

export function readKubeconfigFiles(paths: readonly string[]): KubeconfigFile[] {
  return paths.map((path) => {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, path)
    }
    return {path, data: parseKubeconfig(text, path)}
  })
}

/** The merged view kubectl has of several files, with the file each entry came from. */
export interface MergedKubeconfig {
  currentContext: string | undefined
  clusters: Map<string, {entry: ClusterEntry; file: string}>
  users: Map<string, {entry: UserEntry; file: string}>
  contexts: Map<string, {entry: ContextEntry; file: string}>
  files: string[]
}

const pathKeys = {
  cluster: ['certificate-authority'],
  user: ['client-certificate', 'client-key', 'tokenFile'],
} as const

function absolutise<T extends Record<string, unknown>>(entry: T, keys: readonly string[], file: string): T {
  const copy: Record<string, unknown> = {...entry}
  for (const key of keys) {
    const value = copy[key]
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) copy[key] = join(dirname(file), value)
  }
  return copy as T
}

/** kubectl's merge: the first file to define a name (or current-context) wins. */
export function mergeKubeconfigs(files: readonly KubeconfigFile[]): MergedKubeconfig {
  const merged: MergedKubeconfig = {
    currentContext: undefined,
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    files: files.map((f) => f.path),
  }
  for (const {path, data} of files) {
    if (merged.currentContext === undefined && data['current-context']) merged.currentContext = data['current-context']
    for (const item of data.clusters ?? []) {
      if (!merged.clusters.has(item.name)) merged.clusters.set(item.name, {entry: absolutise(item.cluster ?? {}, pathKeys.cluster, path), file: path})
    }
    for (const item of data.users ?? []) {
      if (!merged.users.has(item.name)) merged.users.set(item.name, {entry: absolutise(item.user ?? {}, pathKeys.user, path), file: path})
    }
    for (const item of data.contexts ?? []) {
      if (!merged.contexts.has(item.name)) merged.contexts.set(item.name, {entry: item.context ?? {}, file: path})
    }
  }
  return merged
}

export function loadMergedKubeconfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): MergedKubeconfig {
  return mergeKubeconfigs(readKubeconfigFiles(kubeconfigPaths(explicit, env)))
}
