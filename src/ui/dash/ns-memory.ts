/**
 * The namespace chooser's memory, per context: favourites (ctrl+f) and the namespaces chosen
 * last, listed first. Kept in a small JSON file under $XDG_STATE_HOME/kubekit (else
 * ~/.local/state/kubekit), written atomically (a temporary file renamed over it), so two dashes
 * never leave half a file. A file that is missing or unreadable is an empty memory.
 */
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'

export interface NamespaceMemory {
  favourites: Record<string, string[]>
  recent: Record<string, string[]>
}

/** How many recently chosen namespaces are kept per context. */
export const recentLimit = 8

export function emptyMemory(): NamespaceMemory {
  return {favourites: {}, recent: {}}
}

/** Where the file lives. */
export function memoryFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state')
  return join(base, 'kubekit', 'dash-namespaces.json')
}

const stringLists = (value: unknown): Record<string, string[]> => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
  const out: Record<string, string[]> = {}
  for (const [key, list] of Object.entries(value)) if (Array.isArray(list)) out[key] = list.filter((item): item is string => typeof item === 'string')
  return out
}

export function loadMemory(file: string): NamespaceMemory {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<NamespaceMemory>
    return {favourites: stringLists(value.favourites), recent: stringLists(value.recent)}
  } catch {
    return emptyMemory()
  }
}

/** Writes the memory atomically; a failure (read-only home) is returned, not thrown. */
export function saveMemory(file: string, memory: NamespaceMemory): string | undefined {
  try {
    mkdirSync(dirname(file), {recursive: true, mode: 0o700})
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, JSON.stringify(memory, null, 2) + '\n', {mode: 0o600})
    renameSync(temporary, file)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/** The memory after choosing `namespace` in `context`: first among the recent ones. */
export function remember(memory: NamespaceMemory, context: string, namespace: string): NamespaceMemory {
  const recent = [namespace, ...(memory.recent[context] ?? []).filter((n) => n !== namespace)].slice(0, recentLimit)
  return {...memory, recent: {...memory.recent, [context]: recent}}
}

/** The memory with `namespace` a favourite of `context`, or no longer one. */
export function toggleFavourite(memory: NamespaceMemory, context: string, namespace: string): NamespaceMemory {
  const current = memory.favourites[context] ?? []
  const favourites = current.includes(namespace) ? current.filter((n) => n !== namespace) : [...current, namespace].sort()
  return {...memory, favourites: {...memory.favourites, [context]: favourites}}
}

/**
 * The chooser's items: the fixed first ones (all namespaces), then favourites, then recent ones,
 * then the rest in their order; with a mark for each favourite and recent one. Favourites and
 * recent namespaces the cluster does not list are left out.
 */
export function orderNamespaces(names: readonly string[], fixed: readonly string[], memory: NamespaceMemory, context: string): {items: string[]; marks: Record<string, string>} {
  const known = new Set(names)
  const favourites = (memory.favourites[context] ?? []).filter((n) => known.has(n))
  const recent = (memory.recent[context] ?? []).filter((n) => known.has(n) && !favourites.includes(n))
  const first = new Set([...favourites, ...recent])
  const marks: Record<string, string> = {}
  for (const n of favourites) marks[n] = '★ favourite'
  for (const n of recent) marks[n] = 'recent'
  return {items: [...fixed, ...favourites, ...recent, ...names.filter((n) => !first.has(n))], marks}
}
