import {load as loadYaml} from 'js-yaml'
import {writeFileAtomic} from './atomic-write.js'
import {CtxError} from './errors.js'
import {setCurrentContextFast} from './fast-edit.js'
import {
  KubeconfigError, kubeconfigPaths, mergeKubeconfigs, parseKubeconfig, readKubeconfigText, type KubeconfigData, type KubeconfigFile, type MergedKubeconfig,
} from './files.js'
import {acquireLocks} from './lock.js'
import {readTopLevelSections} from './sections.js'

/** The kubeconfig files of one invocation, as text and as data, plus kubectl's merged view. */
export interface LoadedKubeconfig {
  files: Array<KubeconfigFile & {text: string}>
  merged: MergedKubeconfig
}

export interface KubeconfigSource {
  /** --kubeconfig, when given (then it is the only file). */
  explicit?: string | undefined
  env: NodeJS.ProcessEnv
}

/** The kubeconfig paths that exist, in kubectl's order; an error when there is none. */
export function existingPaths(source: KubeconfigSource): string[] {
  let paths: string[]
  try {
    paths = kubeconfigPaths(source.explicit, source.env)
  } catch (error) {
    if (error instanceof KubeconfigError) throw new CtxError(error.message)
    throw error
  }
  if (paths.length === 0) throw new CtxError(noKubeconfigMessage(source.env))
  return paths
}

export function noKubeconfigMessage(env: NodeJS.ProcessEnv): string {
  const where = env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG}` : '~/.kube/config'
  return `no kubeconfig found (${where}): create one, or point KUBECONFIG at one`
}

function readText(path: string): string {
  try {
    return readKubeconfigText(path)
  } catch (error) {
    if (error instanceof KubeconfigError) throw new CtxError(error.message)
    throw error
  }
}

function parse(text: string, path: string): KubeconfigData {
  try {
    return parseKubeconfig(text, path)
  } catch (error) {
    if (error instanceof KubeconfigError) throw new CtxError(error.message)
    throw error
  }
}

const skeletonKeys = ['contexts', 'current-context'] as const

/** A file's contexts and current-context only (see sections.ts), or the whole file when its shape is unusual. */
function parseSkeleton(text: string, path: string): KubeconfigData {
  let data: KubeconfigData | undefined
  try {
    data = readTopLevelSections(text, path, skeletonKeys)
  } catch (error) {
    if (error instanceof KubeconfigError) throw new CtxError(error.message)
    throw error
  }
  const contexts = data?.contexts
  const wellFormed =
    data !== undefined &&
    (contexts === undefined || contexts === null || (Array.isArray(contexts) && contexts.every((c) => c && typeof c === 'object' && typeof c.name === 'string'))) &&
    (data['current-context'] === undefined || data['current-context'] === null || typeof data['current-context'] === 'string')
  return wellFormed ? data! : parse(text, path)
}

/**
 * The merged view for commands that only need context names, namespaces and the current
 * context (list, -c, --prompt, completion): reads those sections, not the clusters and users.
 */
export function loadContexts(paths: readonly string[]): LoadedKubeconfig {
  const files = paths.map((path) => {
    const text = readText(path)
    return {path, text, data: parseSkeleton(text, path)}
  })
  return {files, merged: mergeKubeconfigs(files)}
}

export function loadKubeconfig(paths: readonly string[]): LoadedKubeconfig {
  const files = paths.map((path) => {
    const text = readText(path)
    return {path, text, data: parse(text, path)}
  })
  return {files, merged: mergeKubeconfigs(files)}
}

// ---- verification: the edited text must read back as exactly the intended data ----

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key]
      // kubectl treats a missing list, `key:` (null) and `[]` alike.
      if ((key === 'clusters' || key === 'users' || key === 'contexts') && (item === null || (Array.isArray(item) && item.length === 0))) continue
      out[key] = normalise(item)
    }
    return out
  }
  return value
}

export function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b))
}

function verified(text: string, expected: KubeconfigData, path: string): string {
  let actual: KubeconfigData
  try {
    actual = parseKubeconfig(text, path)
  } catch {
    throw new CtxError(`internal error: the edit of ${path} did not re-parse; the file was not changed`)
  }
  if (!sameData(actual, expected)) throw new CtxError(`internal error: the edit of ${path} did not verify; the file was not changed`)
  return text
}

/** One file's change: the new text (from a byte-preserving edit) and the data it must read as. */
export interface FileChange {
  path: string
  /** Returns the edited text; may import the `yaml` document editor lazily. */
  edit: (text: string) => Promise<string> | string
  /** The intended data, from the current data (which it may mutate: it gets a copy). */
  expect: (data: KubeconfigData) => KubeconfigData
}

function clone<T>(value: T): T {
  return structuredClone(value)
}

/**
 * A read-modify-write of the kubeconfig under kubectl's locks. `plan` decides what to change
 * given freshly read data; the files it wants to write are locked (kubectl locks only the
 * files it writes, so read-only files elsewhere in KUBECONFIG never need a lock), re-read and
 * re-planned under the lock; each change is applied to the text, re-parsed and compared with
 * the intended data, and only then written atomically. Nothing is written if any step fails.
 */
export async function transact<T>(
  paths: readonly string[],
  plan: (loaded: LoadedKubeconfig) => {changes: FileChange[]; result: T},
): Promise<T> {
  let targets = [...new Set(plan(loadKubeconfig(paths)).changes.map((c) => c.path))]
  for (let attempt = 0; ; attempt++) {
    const release = acquireLocks(targets)
    try {
      const loaded = loadKubeconfig(paths)
      const {changes, result} = plan(loaded)
      const wanted = [...new Set(changes.map((c) => c.path))]
      if (wanted.some((path) => !targets.includes(path))) {
        if (attempt >= 3) throw new CtxError('kubeconfig keeps changing while kubekit edits it; retry')
        targets = [...new Set([...targets, ...wanted])]
        continue
      }
      const writes: Array<{path: string; text: string}> = []
      for (const change of changes) {
        const file = loaded.files.find((f) => f.path === change.path)
        if (!file) throw new CtxError(`internal error: ${change.path} is not a loaded kubeconfig`)
        const text = await change.edit(file.text)
        if (text === file.text) continue
        writes.push({path: file.path, text: verified(text, change.expect(clone(file.data)), file.path)})
      }
      for (const write of writes) writeFileAtomic(write.path, write.text)
      return result
    } finally {
      release()
    }
  }
}

/** Result of `kubectl ctx NAME`. */
export interface SwitchResult {
  previous: string | undefined
  changed: boolean
}

/**
 * `kubectl ctx NAME`, the hot path: sets current-context in the file kubectl writes it to
 * (the first existing file). The common shape is edited by a line scan (fast-edit.ts) and
 * checked by re-reading the edited text's contexts and current-context sections, which the
 * existence check needs anyway; anything unusual goes through the document editor and a full
 * re-parse.
 */
export async function switchContext(paths: readonly string[], target: string, onMissing: (names: string[]) => Error): Promise<SwitchResult> {
  const writeTo = paths[0]!
  const release = acquireLocks([writeTo])
  try {
    const texts = paths.map(readText)
    const first = texts[0]!
    let firstData: KubeconfigData | undefined
    let newText: string | undefined
    const fast = setCurrentContextFast(first, target)
    if (fast !== undefined) {
      let candidate: KubeconfigData | undefined
      try {
        candidate = parseSkeleton(fast, writeTo)
      } catch {
        candidate = undefined
      }
      if (candidate && candidate['current-context'] === target) {
        const oldLine = /^(?:current-context|"current-context"|'current-context')[ \t]*:.*$/m.exec(first)?.[0]
        const old = oldLine === undefined ? undefined : ((loadYaml(oldLine) as Record<string, unknown> | null)?.['current-context'] ?? undefined)
        firstData = {...candidate}
        if (old === undefined || old === null) delete firstData['current-context']
        else firstData['current-context'] = String(old)
        newText = fast
      }
    }
    if (!firstData) firstData = parseSkeleton(first, writeTo)
    const files = paths.map((path, i) => ({path, data: i === 0 ? firstData! : parseSkeleton(texts[i]!, path)}))
    const merged = mergeKubeconfigs(files)
    if (!merged.contexts.has(target)) throw onMissing([...merged.contexts.keys()])
    const changed = firstData['current-context'] !== target
    if (changed) {
      if (newText === undefined) {
        const {setCurrentContextInText} = await import('./document-edit.js')
        const full = parse(first, writeTo)
        newText = verified(setCurrentContextInText(first, target, writeTo), {...full, 'current-context': target}, writeTo)
      }
      writeFileAtomic(writeTo, newText)
    }
    return {previous: merged.currentContext, changed}
  } finally {
    release()
  }
}
