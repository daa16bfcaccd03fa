import type {CtxOp} from './args.js'
import type {CtxRun} from './ctx-run.js'
import {CtxError, kubeconfigLocation, NoKubeconfig} from './errors.js'
import type {KubeconfigData} from './files.js'
import type {KubectlFlags} from './kubectl-flags.js'
import {naturalSort} from './natural-sort.js'
import {Printer, type CtxIo} from './output.js'
import {shellSession, type ShellSession} from './shell-session.js'
import {readPreviousContext, writePreviousContext} from './state.js'
import {existingPaths, loadContexts, shellWord, switchContext, transact, type FileChange, type KubeconfigSource} from './store.js'
import {didYouMean} from '../util/suggest.js'

export function makeRun(io: CtxIo, explicitKubeconfig: string | undefined, kubectl: KubectlFlags = {}): CtxRun {
  return {io, source: {explicit: explicitKubeconfig, env: io.env}, printer: new Printer(io), kubectl}
}

/** The contexts and the current one, as `kubectl ctx` lists them (natural order). */
export interface ContextListing {
  names: string[]
  current: string | undefined
}

/** Inside `kubectl ctx --shell`: contexts come from the user's own files, not the private one. */
function listingSource(run: CtxRun): {source: KubeconfigSource; session: ShellSession | undefined} {
  const session = run.source.explicit ? undefined : shellSession(run.io.env)
  return {source: session ? session.source : run.source, session}
}

export function readContextListing(run: CtxRun): ContextListing {
  const {source, session} = listingSource(run)
  const loaded = loadContexts(existingPaths(source))
  const current = session ? loadContexts(existingPaths(run.source)).merged.currentContext : loaded.merged.currentContext
  return {names: naturalSort(loaded.merged.contexts.keys()), current}
}

export function listContexts(run: CtxRun): void {
  let listing: ContextListing
  try {
    listing = readContextListing(run)
  } catch (error) {
    // kubectx: a missing kubeconfig is a warning for the list, not a failure (that of the run's own
    // environment; a `ctx --shell` session whose original files are gone is an error).
    if (error instanceof NoKubeconfig && error.where === kubeconfigLocation(run.io.env)) {
      run.printer.warning(error.message)
      return
    }
    throw error
  }
  const paint = run.printer.out
  const lines = listing.names.map((name) => (name === listing.current && paint.enabled ? paint.paint('bold', paint.paint('green', name)) : name))
  if (lines.length > 0) run.printer.data(lines.join('\n'))
}

function unknownContext(target: string, names: string[]): CtxError {
  return new CtxError(`failed to switch context: no context exists with the name: "${target}"${didYouMean(target, names)}`)
}

export async function switchToContext(run: CtxRun, requested: string): Promise<void> {
  let target = requested
  if (requested === '-') {
    const previous = previousContext(run)
    if (!previous) throw new CtxError('failed to switch context: no previous context found')
    target = previous
  }
  const session = run.source.explicit ? undefined : shellSession(run.io.env)
  let previous: string | undefined
  if (session) {
    previous = await session.switchTo(target, (names) => unknownContext(target, names))
  } else {
    previous = (await switchContext(existingPaths(run.source), target, (names) => unknownContext(target, names))).previous
  }
  if (previous !== undefined && previous !== target) {
    if (session) session.writePrevious(previous)
    else remember(run, 'context', () => writePreviousContext(previous, run.io.env))
  }
  run.printer.success(`Switched to context "${run.printer.value(target)}".`)
}

/**
 * Saves the previous context or namespace for `-`. The switch itself has succeeded by then,
 * so a failure (a full disk) is a warning, not an error.
 */
export function remember(run: CtxRun, what: 'context' | 'namespace', write: () => void): void {
  try {
    write()
  } catch (error) {
    run.printer.warning(`could not remember the previous ${what} (${(error as Error).message}); '${run.io.self} -' will not know it`)
  }
}

/** `kubectl ctx -` inside a per-shell session reads that session's own history. */
export function previousContext(run: CtxRun): string | undefined {
  const session = run.source.explicit ? undefined : shellSession(run.io.env)
  return session ? session.readPrevious() : readPreviousContext(run.io.env)
}

const edit = {
  async currentContext(text: string, value: string, path: string) {
    const {setCurrentContextInText} = await import('./document-edit.js')
    return setCurrentContextInText(text, value, path)
  },
  async rename(text: string, from: string, to: string, path: string) {
    const {renameContextInText} = await import('./document-edit.js')
    return renameContextInText(text, from, to, path)
  },
  async remove(text: string, name: string, path: string) {
    const {deleteContextInText} = await import('./document-edit.js')
    return deleteContextInText(text, name, path)
  },
}

function withoutContext(data: KubeconfigData, name: string): KubeconfigData {
  const index = (data.contexts ?? []).findIndex((c) => c.name === name)
  if (index >= 0) data.contexts!.splice(index, 1)
  return data
}

/** The first file that sets current-context (where kubectl's `unset`/rename looks). */
function fileSettingCurrent(files: Array<{path: string; data: KubeconfigData}>): string | undefined {
  return files.find((f) => f.data['current-context'])?.path
}

export async function renameContext(run: CtxRun, newName: string, oldNameArg: string): Promise<void> {
  const paths = existingPaths(run.source)
  const warnings: string[] = []
  const oldName = await transact(paths, (loaded) => {
    warnings.length = 0
    const oldName = oldNameArg === '.' ? (loaded.merged.currentContext ?? '') : oldNameArg
    const owner = loaded.merged.contexts.get(oldName)?.file
    if (!owner) throw new CtxError(`context "${oldName}" not found, can't rename it`)
    if (newName === oldName) return {changes: [], result: oldName}
    const changes: FileChange[] = []
    const existing = loaded.merged.contexts.get(newName)?.file
    if (existing) {
      warnings.push(`context "${newName}" exists, overwriting it.`)
      changes.push({
        path: existing,
        edit: (text) => edit.remove(text, newName, existing),
        expect: (data) => withoutContext(data, newName),
        fallback: `kubectl config delete-context ${shellWord(newName)}`,
      })
    }
    changes.push({
      path: owner,
      edit: (text) => edit.rename(text, oldName, newName, owner),
      fallback: `kubectl config rename-context ${shellWord(oldName)} ${shellWord(newName)}`,
      expect: (data) => {
        const entry = data.contexts!.find((c) => c.name === oldName)!
        entry.name = newName
        return data
      },
    })
    const currentFile = loaded.merged.currentContext === oldName ? fileSettingCurrent(loaded.files) : undefined
    if (currentFile) {
      changes.push({
        path: currentFile,
        edit: (text) => edit.currentContext(text, newName, currentFile),
        expect: (data) => ({...data, 'current-context': newName}),
        fallback: `kubectl config use-context ${shellWord(newName)}`,
      })
    }
    return {changes: mergeChanges(changes), result: oldName}
  })
  for (const warning of warnings) run.printer.warning(warning)
  run.printer.success(`Context ${run.printer.value(oldName)} renamed to ${run.printer.value(newName)}.`)
}

/** Several changes to one file become one change applied in order (one lock, one write). */
function mergeChanges(changes: FileChange[]): FileChange[] {
  const byPath = new Map<string, FileChange[]>()
  for (const change of changes) byPath.set(change.path, [...(byPath.get(change.path) ?? []), change])
  return [...byPath.entries()].map(([path, list]) => ({
    path,
    edit: async (text: string) => {
      let result = text
      for (const change of list) result = await change.edit(result)
      return result
    },
    expect: (data: KubeconfigData) => list.reduce((acc, change) => change.expect(acc), data),
    fallback: list.map((change) => change.fallback).filter(Boolean).join(' && ') || undefined,
  }))
}

export async function deleteContexts(run: CtxRun, names: readonly string[]): Promise<void> {
  const paths = existingPaths(run.source)
  // kubectx deletes in order and stops at the first error.
  for (const requested of names) {
    const {name, wasCurrent} = await transact(paths, (loaded) => {
      const current = loaded.merged.currentContext
      if (requested === '.' && !current) throw new CtxError("can't use '.' as the no active context is set")
      const name = requested === '.' ? current! : requested
      const owner = loaded.merged.contexts.get(name)?.file
      if (!owner) throw new CtxError(`error deleting context "${name}": context does not exist`)
      return {
        changes: [
          {path: owner, edit: (text) => edit.remove(text, name, owner), expect: (data) => withoutContext(data, name), fallback: `kubectl config delete-context ${shellWord(name)}`},
        ],
        result: {name, wasCurrent: name === current},
      }
    })
    if (wasCurrent) run.printer.warning(`You deleted the current context. Use "${run.io.self}" to select a new context.`)
    run.printer.success(`Deleted context ${run.printer.value(name)}.`)
  }
}

export function printCurrentContext(run: CtxRun): void {
  const current = loadContexts(existingPaths(run.source)).merged.currentContext
  if (!current) throw new CtxError('current-context is not set')
  run.printer.data(current)
}

export async function unsetCurrentContext(run: CtxRun): Promise<void> {
  const paths = existingPaths(run.source)
  await transact(paths, (loaded) => {
    // kubectl's rule: clear it in the first file that sets it.
    const path = fileSettingCurrent(loaded.files)
    if (!path) return {changes: [], result: undefined}
    return {
      changes: [
        {path, edit: (text) => edit.currentContext(text, '', path), expect: (data) => ({...data, 'current-context': ''}), fallback: 'kubectl config unset current-context'},
      ],
      result: undefined,
    }
  })
  run.printer.success('Active context unset for kubectl.')
}

async function pickContext(run: CtxRun): Promise<string> {
  const listing = readContextListing(run)
  if (listing.names.length === 0) throw new CtxError('no contexts found in the kubeconfig file')
  const {pickInteractively} = await import('./interactive.js')
  const target = await pickInteractively(run.io, {items: listing.names, current: listing.current, prompt: 'context'})
  if (!target) throw new CtxError('you did not choose any of the options')
  return target
}

/** Operations a kubectx isolated shell (KUBECTX_ISOLATED_SHELL=1) still allows: they change nothing. */
const allowedWhenIsolated: ReadonlySet<CtxOp['kind']> = new Set(['help', 'version', 'prompt', 'prompt-init', 'completion', 'unsupported'])

/**
 * kubectx's guard (cmd/kubectx isolated_shell_guard.go): inside a `-s`/`-r` shell every
 * kubectx operation fails, naming the shell's context.
 */
function refuseInIsolatedShell(op: CtxOp, run: CtxRun): void {
  if (run.io.env.KUBECTX_ISOLATED_SHELL !== '1' || allowedWhenIsolated.has(op.kind)) return
  let current: string | undefined
  try {
    current = loadContexts(existingPaths(run.source)).merged.currentContext
  } catch {
    throw new CtxError("you are in a locked single-context shell, use 'exit' to leave")
  }
  throw new CtxError(`you are in a locked single-context shell ("${current ?? ''}"), use 'exit' to leave`)
}

export async function runCtxOp(op: CtxOp, run: CtxRun): Promise<void> {
  refuseInIsolatedShell(op, run)
  switch (op.kind) {
    case 'list':
      return listContexts(run)
    case 'switch':
      return switchToContext(run, op.target)
    case 'rename':
      return renameContext(run, op.newName, op.oldName)
    case 'delete':
      return deleteContexts(run, op.names)
    case 'current':
      return printCurrentContext(run)
    case 'unset':
      return unsetCurrentContext(run)
    case 'help': {
      const {ctxHelp} = await import('./help.js')
      return run.printer.data(ctxHelp(run.io.self))
    }
    case 'version': {
      const {version} = await import('./help.js')
      return run.printer.data(version)
    }
    case 'interactive-switch':
    case 'interactive-delete': {
      const listing = readContextListing(run)
      if (listing.names.length === 0) throw new CtxError('no contexts found in the kubeconfig file')
      const {pickInteractively} = await import('./interactive.js')
      const choice = await pickInteractively(run.io, {
        items: listing.names,
        current: listing.current,
        prompt: op.kind === 'interactive-delete' ? 'delete context' : 'context',
      })
      if (!choice) throw new CtxError('you did not choose any of the options')
      return op.kind === 'interactive-delete' ? deleteContexts(run, [choice]) : switchToContext(run, choice)
    }
    case 'import': {
      const {importKubeconfig} = await import('./import.js')
      return importKubeconfig(run, op.file, op.name)
    }
    case 'shell':
    case 'export': {
      const target = op.target ?? (await pickContext(run))
      const {startShell, exportShell} = await import('./shell-session.js')
      return op.kind === 'shell' ? startShell(run, target) : exportShell(run, target)
    }
    case 'prompt-init': {
      const {promptInitScript} = await import('./prompt-init.js')
      run.io.stdout.write(promptInitScript(run, op.shell))
      return
    }
    case 'readonly-shell': {
      const target = op.target ?? (await pickContext(run))
      const {startReadonlyShell} = await import('./readonly-shell.js')
      return startReadonlyShell(run, target)
    }
    case 'prompt': {
      const {promptSegment} = await import('./prompt.js')
      run.io.stdout.write(promptSegment(run, op.shell))
      return
    }
    case 'completion': {
      const {completionScript} = await import('./completion.js')
      return run.printer.data(completionScript(op.shell))
    }
    case 'unsupported':
      throw new CtxError(op.message)
  }
}
