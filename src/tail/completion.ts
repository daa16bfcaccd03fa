/**
 * Completion of `kubectl tail WORDS... <TAB>`. kubectl (1.26+) runs `kubectl_complete-tail` with
 * the words typed so far (the last one partial) and reads Cobra's `__complete` answer: one
 * candidate per line, then a directive line (`:4` no file names, `:0` files). The QUERY completes
 * pod names in the namespace in effect, `-n` namespaces, `-c` container names, `--context`
 * contexts, flags with a fixed set of values those values, `-` the flag names.
 *
 * The cluster is asked once, through the one API client, with a short timeout and no retries;
 * whatever fails (no kubeconfig, an unreachable or slow cluster, a 403) completes nothing, and
 * the directive line is always printed.
 */
import type {KubeClient} from '../kube/client.js'
import type {ConnectionOptions} from '../kube/options.js'
import type {FlagSpec} from './argv.js'
import {compileGoRegex} from './goregex.js'
import {containerNames} from './prompt.js'
import {defaultFilter, type PodShape} from './targets.js'

/** Cobra's ShellCompDirectiveNoFileComp and ShellCompDirectiveDefault (the shell completes files). */
const noFiles = ':4'
const files = ':0'

/** How long completion may wait for the cluster, in all. */
export const completionDeadlineMs = 2000

/** Flags whose value is a file: the shell completes those. */
const fileFlags = new Set(['kubeconfig', 'template-file', 'config', 'certificate-authority', 'client-certificate', 'client-key', 'cache-dir', 'profile-output'])

const connectionFlags: Record<string, keyof ConnectionOptions> = {
  kubeconfig: 'kubeconfig',
  context: 'context',
  cluster: 'cluster',
  user: 'user',
  server: 'server',
  token: 'token',
  'certificate-authority': 'certificateAuthority',
  'client-certificate': 'clientCertificate',
  'client-key': 'clientKey',
  'tls-server-name': 'tlsServerName',
  as: 'impersonate',
}

/** What is being completed: the QUERY, a flag's name, or a flag's value (`prefix` is `--flag=` when typed so). */
export type Slot = {kind: 'query'} | {kind: 'flag-name'} | {kind: 'value'; flag: FlagSpec; prefix: string} | {kind: 'nothing'}

/** The words before the one being completed, read as the command would read them. */
export interface Typed {
  connection: ConnectionOptions
  namespaces: string[]
  allNamespaces: boolean
  query: string | undefined
  insecure: boolean
}

/** The flag a `--name[=value]` or `-c[value]` word names, and the value attached to it. */
function flagOf(word: string, byName: Map<string, FlagSpec>, byChar: Map<string, FlagSpec>): {spec: FlagSpec | undefined; value: string | undefined} {
  if (word.startsWith('--')) {
    const eq = word.indexOf('=')
    const name = word.slice(2, eq < 0 ? undefined : eq)
    return {spec: byName.get(name.replace(/^no-/, '')) ?? byName.get(name), value: eq < 0 ? undefined : word.slice(eq + 1)}
  }
  const spec = byChar.get(word[1]!)
  const rest = word.slice(2)
  if (spec?.kind === 'boolean') return {spec, value: undefined}
  return {spec, value: rest === '' ? undefined : rest.replace(/^=/, '')}
}

function record(typed: Typed, spec: FlagSpec, value: string): void {
  if (spec.name === 'namespace') typed.namespaces.push(...value.split(',').filter(Boolean))
  else if (connectionFlags[spec.name]) (typed.connection as Record<string, string>)[connectionFlags[spec.name]!] = value
}

/** Reads `words` (the last one is the partial word) into the slot to complete and what was typed before it. */
export function analyse(words: readonly string[], specs: readonly FlagSpec[]): {slot: Slot; partial: string; typed: Typed} {
  const byName = new Map(specs.map((s) => [s.name, s]))
  const byChar = new Map(specs.filter((s) => s.char).map((s) => [s.char!, s]))
  const typed: Typed = {connection: {}, namespaces: [], allNamespaces: false, query: undefined, insecure: false}
  const before = words.slice(0, -1)
  const partial = words[words.length - 1] ?? ''
  let pending: FlagSpec | undefined
  let dashes = false
  for (const word of before) {
    if (pending) {
      record(typed, pending, word)
      pending = undefined
    } else if (word === '--') dashes = true
    else if (!dashes && /^-./.test(word)) {
      const {spec, value} = flagOf(word, byName, byChar)
      // -t/--timestamps takes its format only after "=" (stern's form): a word after it is the QUERY.
      if (spec?.kind === 'value' && value === undefined && spec.name !== 'timestamps') pending = spec
      else if (spec?.kind === 'value') record(typed, spec, value!)
      else if (/^-[^-]*A/.test(word) || word === '--all-namespaces') typed.allNamespaces = true
      if (word === '--insecure-skip-tls-verify') typed.insecure = true
    } else typed.query ??= word
  }
  return {slot: slotFor(partial, pending, typed, dashes, byName), partial, typed}
}

function slotFor(partial: string, pending: FlagSpec | undefined, typed: Typed, dashes: boolean, byName: Map<string, FlagSpec>): Slot {
  if (pending) return {kind: 'value', flag: pending, prefix: ''}
  if (!dashes && partial.startsWith('--') && partial.includes('=')) {
    const flag = byName.get(partial.slice(2, partial.indexOf('=')))
    return flag?.kind === 'value' ? {kind: 'value', flag, prefix: partial.slice(0, partial.indexOf('=') + 1)} : {kind: 'nothing'}
  }
  if (!dashes && partial.startsWith('-')) return {kind: 'flag-name'}
  return typed.query === undefined ? {kind: 'query'} : {kind: 'nothing'}
}

/** Every flag's name as typed: `--name`, and `-c` for those with a letter. Hidden ones are left out. */
function flagNames(specs: readonly FlagSpec[]): string[] {
  const visible = specs.filter((s) => !s.hidden)
  return [...visible.map((s) => `--${s.name}`), ...visible.filter((s) => s.char).map((s) => `-${s.char}`)]
}

/** Reads the cluster for the candidates of `slot`; resolves to none if it cannot. */
export type ClusterNames = (what: 'pods' | 'containers' | 'namespaces' | 'contexts', typed: Typed) => Promise<string[]>

/** The answer to print for `words`: candidates (those starting with the partial word), then the directive. */
export async function completionLines(words: readonly string[], specs: readonly FlagSpec[], names: ClusterNames): Promise<string[]> {
  const {slot, partial, typed} = analyse(words, specs)
  const matching = (candidates: readonly string[], typedPart = partial) => [...new Set(candidates)].filter((c) => c.startsWith(typedPart))
  switch (slot.kind) {
    case 'query':
      return [...matching(await names('pods', typed)), noFiles]
    case 'flag-name':
      return [...matching(flagNames(specs)), noFiles]
    case 'nothing':
      return [noFiles]
    case 'value':
      return valueLines(slot.flag, slot.prefix, partial.slice(slot.prefix.length), typed, names)
  }
}

async function valueLines(flag: FlagSpec, prefix: string, value: string, typed: Typed, names: ClusterNames): Promise<string[]> {
  if (fileFlags.has(flag.name)) return [files]
  const withPrefix = (candidates: string[]) => [...new Set(candidates)].filter((c) => c.startsWith(value)).map((c) => prefix + c)
  if (flag.name === 'namespace') {
    // -n a,b: the part after the last comma is the one being typed.
    const done = value.slice(0, value.lastIndexOf(',') + 1)
    const namespaces = (await names('namespaces', typed)).map((n) => done + n)
    return [...withPrefix(namespaces), noFiles]
  }
  if (flag.name === 'context') return [...withPrefix(await names('contexts', typed)), noFiles]
  if (flag.name === 'container') return [...withPrefix(await names('containers', typed)), noFiles]
  return [...withPrefix([...(flag.options ?? [])]), noFiles]
}

/** Pod names, or the names of the containers of the pods QUERY matches (each name once). */
function namesOfPods(pods: readonly PodShape[], what: 'pods' | 'containers', query: string | undefined): string[] {
  if (what === 'pods') return pods.map((p) => p.metadata.name)
  let matcher: RegExp | undefined
  try {
    matcher = query ? compileGoRegex(query) : undefined
  } catch {
    matcher = undefined
  }
  const everyContainer = {filter: defaultFilter()}
  return pods.filter((p) => !matcher || matcher.test(p.metadata.name)).flatMap((p) => containerNames(p, everyContainer))
}

/** The cluster and kubeconfig reads completion makes, through src/kube and the kubeconfig loader. */
export function clusterNames(env: NodeJS.ProcessEnv, deadlineMs = completionDeadlineMs): ClusterNames {
  return async (what, typed) => {
    let client: KubeClient | undefined
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<string[]>((resolve) => (timer = setTimeout(() => resolve([]), deadlineMs)))
    const read = async (): Promise<string[]> => {
      if (what === 'contexts') {
        const {loadMergedKubeconfig} = await import('../kubeconfig/files.js')
        return [...loadMergedKubeconfig(typed.connection.kubeconfig, env).contexts.keys()].sort()
      }
      const {connect} = await import('../kube/client.js')
      const seconds = `${Math.max(1, Math.floor(deadlineMs / 1000))}s`
      client = await connect({...typed.connection, insecureSkipTlsVerify: typed.insecure || undefined, requestTimeout: seconds, env}, {tuning: {maxServerRetries: 0, maxRetryAfterRetries: 0}})
      if (what === 'namespaces') return (await client.list<{metadata: {name: string}}>('namespaces')).items.map((n) => n.metadata.name)
      const selections = typed.allNamespaces ? [{allNamespaces: true}] : (typed.namespaces.length > 0 ? typed.namespaces : [client.namespace]).map((namespace) => ({namespace}))
      const lists = await Promise.all(selections.map((selection) => client!.list<PodShape>('pods', selection)))
      return namesOfPods(lists.flatMap((l) => l.items), what, typed.query)
    }
    try {
      return await Promise.race([read().catch(() => []), deadline])
    } finally {
      clearTimeout(timer)
      client?.close()
    }
  }
}
