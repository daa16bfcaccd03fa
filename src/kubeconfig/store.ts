import {load as loadYaml} from 'js-yaml'
import {writeFileAtomic} from './atomic-write.js'
import {CannotEditInPlace, CtxError, NoKubeconfig} from './errors.js'
import {setCurrentContextFast} from './fast-edit.js'
import {
  encodeText, KubeconfigError, kubeconfigPaths, mergeKubeconfigs, parseKubeconfig, readKubeconfigSource, type KubeconfigData, type KubeconfigFile, type MergedKubeconfig,
  type TextForm,
} from './files.js'
import {acquireLocks} from './lock.js'
import {readTopLevelSections} from './sections.js'

/** The kubeconfig files of one invocation, as text and as data, plus kubectl's merged view. */
export interface LoadedKubeconfig {
  /** text: as kubekit edits it (no BOM, LF); form: how the file stores it (files.ts decodeText). */
  files: Array<KubeconfigFile & {text: string; form: TextForm}>
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
  if (paths.length === 0) throw new NoKubeconfig(source.env)
  return paths
}

function readText(path: string): {text: string; form: TextForm} {
  try {
    return readKubeconfigSource(path)
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
    const {text, form} = readText(path)
    return {path, text, form, data: parseSkeleton(text, path)}
  })
  return {files, merged: mergeKubeconfigs(files)}
}

export function loadKubeconfig(paths: readonly string[]): LoadedKubeconfig {
  const files = paths.map((path) => {
    const {text, form} = readText(path)
    return {path, text, form, data: parse(text, path)}
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

/**
 * The edited text, checked: it must read back as exactly the intended data. When it does not
 * (an anchored value other entries share, a shape the editor does not know), nothing is
 * written and the message names the kubectl command that makes the change by rewriting the file.
 */
function verified(text: string, expected: KubeconfigData, path: string, fallback: string | undefined): string {
  let actual: KubeconfigData | undefined
  try {
    actual = parseKubeconfig(text, path)
  } catch {
    actual = undefined
  }
  if (actual === undefined || !sameData(actual, expected)) {
    throw cannotEdit(path, 'the change would not read back as intended (YAML anchors, aliases or merge keys may share the value with other entries)', fallback)
  }
  return text
}

function cannotEdit(path: string, reason: string, fallback: string | undefined): CtxError {
  const how = fallback ? `run \`${fallback}\` (kubectl rewrites the whole file, without its comments) or edit it by hand` : 'edit it by hand'
  return new CtxError(`cannot edit ${path} in place: ${reason}; the file was not changed: ${how}`)
}

/** Runs an edit, turning the editor's refusal into the one-line message with the file and the way out. */
async function runEdit(change: FileChange, text: string): Promise<string> {
  try {
    return await change.edit(text)
  } catch (error) {
    if (error instanceof CannotEditInPlace) throw cannotEdit(change.path, error.reason, change.fallback)
    throw error
  }
}

/** One file's change: the new text (from a byte-preserving edit) and the data it must read as. */
export interface FileChange {
  path: string
  /** Returns the edited text; may import the `yaml` document editor lazily. */
  edit: (text: string) => Promise<string> | string
  /** The intended data, from the current data (which it may mutate: it gets a copy). */
  expect: (data: KubeconfigData) => KubeconfigData
  /** The kubectl command that makes the same change, offered when the in-place edit is declined. */
  fallback?: string
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
      const writes: Array<{path: string; text: string; form: TextForm}> = []
      for (const change of changes) {
        const file = loaded.files.find((f) => f.path === change.path)
        if (!file) throw new CtxError(`internal error: ${change.path} is not a loaded kubeconfig`)
        const text = await runEdit(change, file.text)
        if (text === file.text) continue
        writes.push({path: file.path, text: verified(text, change.expect(clone(file.data)), file.path, change.fallback), form: file.form})
      }
      for (const write of writes) writeFileAtomic(write.path, encodeText(write.text, write.form))
      return result
    } finally {
      release()
    }
  }
}

/** `word` quoted for a shell command line when it needs it. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
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
    const sources = paths.map(readText)
    const texts = sources.map((source) => source.text)
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
        const fallback = `kubectl config use-context ${shellWord(target)}`
        const change: FileChange = {path: writeTo, edit: (text) => setCurrentContextInText(text, target, writeTo), expect: (data) => data, fallback}
        newText = verified(await runEdit(change, first), {...full, 'current-context': target}, writeTo, fallback)
      }
      writeFileAtomic(writeTo, encodeText(newText, sources[0]!.form))
    }
    return {previous: merged.currentContext, changed}
  } finally {
    release()
  }
}
