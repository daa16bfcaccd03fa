import {closeSync, existsSync, fstatSync, openSync, readFileSync, readSync} from 'node:fs'
import {homedir} from 'node:os'
import {delimiter, dirname, isAbsolute, join, resolve} from 'node:path'
import {CORE_SCHEMA, loadAll, Type, YAMLException} from 'js-yaml'
import {UserError} from '../errors.js'

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
export class KubeconfigError extends UserError {
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

/**
 * YAML as kubectl reads a kubeconfig (sigs.k8s.io/yaml over go-yaml): the core schema (no
 * timestamp or binary guessing) plus YAML 1.1 `<<` merge keys, which go-yaml resolves.
 */
export const kubeconfigSchema = CORE_SCHEMA.extend({
  // js-yaml's own merge type (lib/type/merge.js), which its loader recognises by this tag.
  implicit: [new Type('tag:yaml.org,2002:merge', {kind: 'scalar', resolve: (data: unknown) => data === '<<' || data === null})],
})

/** How a file's text is stored, so an edit writes it back the same way. */
export interface TextForm {
  /** A UTF-8 byte order mark before the first byte (Windows editors write one). */
  bom: boolean
  /** Every line ends in CRLF. */
  crlf: boolean
}

export const plainForm: TextForm = {bom: false, crlf: false}

/**
 * The text kubekit parses and edits: without a BOM, and with LF line ends when every line
 * ended in CRLF (a file that mixes them is edited as it is).
 */
export function decodeText(raw: string): {text: string; form: TextForm} {
  const bom = raw.charCodeAt(0) === 0xfeff
  const body = bom ? raw.slice(1) : raw
  const crlf = body.includes('\r\n') && !/(?:^|[^\r])\n/.test(body)
  return {text: crlf ? body.replaceAll('\r\n', '\n') : body, form: {bom, crlf}}
}

/** The bytes to write for `text` edited from a file of form `form`. */
export function encodeText(text: string, form: TextForm): string {
  const body = form.crlf ? text.replace(/\r?\n/g, '\r\n') : text
  return form.bom ? `\uFEFF${body}` : body
}

function firstDocument(text: string, path: string): unknown {
  let first: unknown
  let seen = false
  loadAll(
    text,
    (doc) => {
      if (!seen) first = doc
      seen = true
    },
    {filename: path, schema: kubeconfigSchema},
  )
  return first
}

export function parseKubeconfig(text: string, path: string): KubeconfigData {
  let data: unknown
  try {
    // kubectl (sigs.k8s.io/yaml) reads the first document of a file that holds several.
    data = firstDocument(text, path)
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark ? ` line ${error.mark.line + 1}` : ''
      throw new KubeconfigError(`malformed kubeconfig ${path}${line}: ${error.reason}`, path)
    }
    throw error
  }
  checkAliasExpansion(data, path)
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
  return paths.map((path) => ({path, data: parseKubeconfig(readKubeconfigText(path), path)}))
}

/**
 * kubectl reads kubeconfigs of any size; real ones reach a few MB (2.3 MB for 1,000
 * contexts), so kubekit refuses only what no kubeconfig is: more than 64 MiB.
 */
export const maxKubeconfigBytes = 64 * 1024 * 1024

/**
 * A YAML alias is a reference, so a few hundred bytes of nested aliases (the "billion
 * laughs") expand to billions of values as soon as anything walks the data. Aliases may add
 * at most this many values beyond those written out in the file.
 */
export const maxAliasExpansion = 100_000

function tooLarge(path: string, bytes?: number): KubeconfigError {
  const size = bytes === undefined ? 'more than 64 MiB' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`
  return new KubeconfigError(`kubeconfig ${path}: too large (${size}; kubekit reads at most 64 MiB)`, path)
}

/** Reads a stream-like file (a pipe from `<(...)`, a device) up to the cap. */
function readCapped(fd: number, path: string): string {
  const chunks: Buffer[] = []
  let total = 0
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024)
    const n = readSync(fd, chunk, 0, chunk.length, null)
    if (n === 0) break
    total += n
    if (total > maxKubeconfigBytes) throw tooLarge(path)
    chunks.push(chunk.subarray(0, n))
  }
  return Buffer.concat(chunks, total).toString('utf8')
}

/** A kubeconfig's text as kubekit edits it (decodeText), and how the file stores it. */
export function readKubeconfigSource(path: string): {text: string; form: TextForm} {
  return decodeText(readRawKubeconfig(path))
}

/** A kubeconfig's text without a BOM (and CRLF as LF), refused when unreadable or too large. */
export function readKubeconfigText(path: string): string {
  return readKubeconfigSource(path).text
}

/** A kubeconfig's bytes as text, refused (one line naming the file) when unreadable or too large. */
function readRawKubeconfig(path: string): string {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, path)
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) return readCapped(fd, path)
    if (stat.size > maxKubeconfigBytes) throw tooLarge(path, stat.size)
    return readFileSync(fd, 'utf8')
  } catch (error) {
    if (error instanceof KubeconfigError) throw error
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, path)
  } finally {
    closeSync(fd)
  }
}

/**
 * Refuses data whose aliases expand it by more than maxAliasExpansion values. js-yaml
 * returns an alias as the same object, so sizes are memoised per object: the check costs
 * one visit per distinct object, however large the expansion.
 */
export function checkAliasExpansion(data: unknown, path: string): void {
  const sizes = new Map<object, number>()
  let written = 0
  const sizeOf = (value: unknown): number => {
    if (value === null || typeof value !== 'object') return 1
    const known = sizes.get(value)
    if (known !== undefined) return known
    sizes.set(value, 1) // in progress: a cycle (which YAML cannot write) counts once
    let size = 1
    written++
    for (const child of Object.values(value)) {
      if (child === null || typeof child !== 'object') written++
      size += sizeOf(child)
    }
    sizes.set(value, size)
    return size
  }
  const expanded = sizeOf(data)
  if (expanded - written > maxAliasExpansion) {
    throw new KubeconfigError(
      `kubeconfig ${path}: too many YAML aliases (they expand the file by more than ${maxAliasExpansion.toLocaleString('en-US')} values); write the entries out instead`,
      path,
    )
  }
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

/**
 * The entry with its relative file paths resolved against its file's directory, as kubectl does. Only a mapping
 * has paths: anything else (`cluster: "x"`, `user: [...]`) is kept as it is, so that the entry
 * check (src/kube/entry-check.ts) refuses it in one line instead of reading it as `{0: ...}`.
 */
function absolutise<T extends Record<string, unknown>>(entry: T, keys: readonly string[], file: string): T {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry
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
