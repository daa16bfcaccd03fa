import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, rmSync} from 'node:fs'
import {constants as osConstants} from 'node:os'
import {basename, dirname, join} from 'node:path'
import {dump as dumpYaml} from 'js-yaml'
import type {CtxRun} from './ctx-run.js'
import {CtxError} from './errors.js'
import type {KubeconfigData, MergedKubeconfig} from './files.js'
import {acquireLocks} from './lock.js'
import {assertPrivateDirectory, createPrivateFile, createPrivateSessionDir, readPrivateFile, replacePrivateFile} from './private-files.js'
import {existingPaths, loadKubeconfig, type KubeconfigSource} from './store.js'

/**
 * Per-terminal contexts. `kubectl ctx --shell NAME` starts $SHELL with KUBECONFIG pointing at
 * a private, minified kubeconfig (one context, its cluster and user, file paths made
 * absolute), so switching there leaves every other terminal alone; `--export NAME` prints the
 * same as `export` lines for `eval`. Inside such a shell `kubectl ctx NAME` rewrites the
 * private file from the user's own kubeconfig, and `kubectl ns` edits the private file.
 * Where these files live and how they are kept private: private-files.ts.
 */

/** Environment variables that mark a per-shell session. */
export const sessionEnv = {
  /** The private kubeconfig; the session is live only while KUBECONFIG still equals it. */
  file: 'KUBEKIT_CTX_SESSION',
  /** The user's KUBECONFIG before the session ('' when it was unset: ~/.kube/config). */
  source: 'KUBEKIT_CTX_SOURCE_KUBECONFIG',
} as const

export interface ShellSession {
  file: string
  source: KubeconfigSource
  switchTo(target: string, onMissing: (names: string[]) => Error): Promise<string | undefined>
  readPrevious(): string | undefined
  writePrevious(name: string): void
}

/**
 * The live session, if any; its directory is checked (the user's own, 0700, not a symlink)
 * on every use, and an error says so when it is not. A session whose directory is gone is none.
 */
export function shellSession(env: NodeJS.ProcessEnv): ShellSession | undefined {
  const file = env[sessionEnv.file]
  if (!file || env.KUBECONFIG !== file) return undefined
  if (!existsSync(dirname(file))) return undefined
  assertPrivateDirectory(dirname(file))
  const sourceEnv: NodeJS.ProcessEnv = {...env}
  const original = env[sessionEnv.source]
  if (original) sourceEnv.KUBECONFIG = original
  else delete sourceEnv.KUBECONFIG
  const source: KubeconfigSource = {explicit: undefined, env: sourceEnv}
  const previousFile = join(dirname(file), 'previous-context')
  return {
    file,
    source,
    async switchTo(target, onMissing) {
      const merged = loadKubeconfig(existingPaths(source)).merged
      if (!merged.contexts.has(target)) throw onMissing([...merged.contexts.keys()])
      const release = acquireLocks([file])
      try {
        let current: string | undefined
        try {
          current = (loadKubeconfig([file]).files[0]!.data['current-context'] as string | undefined) || undefined
        } catch {
          current = undefined
        }
        replacePrivateFile(file, minifiedKubeconfigText(merged, target))
        return current
      } finally {
        release()
      }
    },
    readPrevious() {
      return readPrivateFile(previousFile) || undefined
    },
    writePrevious(name) {
      replacePrivateFile(previousFile, name)
    },
  }
}

/** A kubeconfig holding only `name`, its cluster and its user (what `kubectl config view --minify` gives). */
export function minifiedKubeconfig(merged: MergedKubeconfig, name: string): KubeconfigData {
  const context = merged.contexts.get(name)
  if (!context) throw new CtxError(`no context exists with the name: "${name}"`)
  const clusterName = context.entry.cluster
  const userName = context.entry.user
  const cluster = clusterName ? merged.clusters.get(clusterName) : undefined
  const user = userName ? merged.users.get(userName) : undefined
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: cluster && clusterName ? [{name: clusterName, cluster: cluster.entry}] : [],
    users: user && userName ? [{name: userName, user: user.entry}] : [],
    contexts: [{name, context: context.entry}],
    'current-context': name,
  }
}

export function minifiedKubeconfigText(merged: MergedKubeconfig, name: string): string {
  const note = '# kubekit per-shell kubeconfig (kubectl ctx --shell/--export); deleted when the shell exits\n'
  return note + dumpYaml(minifiedKubeconfig(merged, name), {lineWidth: -1, noRefs: true})
}

/** Creates the private kubeconfig for `target` and the environment that points at it. */
function createSession(run: CtxRun, target: string): {dir: string; env: Record<string, string>} {
  const current = shellSession(run.io.env)
  const source = current ? current.source : run.source
  const merged = loadKubeconfig(existingPaths(source)).merged
  if (!merged.contexts.has(target)) throw new CtxError(`no context exists with the name: "${target}"`)
  const dir = createPrivateSessionDir(run.io.env)
  const file = join(dir, 'config')
  try {
    createPrivateFile(file, minifiedKubeconfigText(merged, target))
  } catch (error) {
    rmSync(dir, {recursive: true, force: true})
    throw error
  }
  const originalKubeconfig = source.explicit ?? source.env.KUBECONFIG ?? ''
  return {dir, env: {KUBECONFIG: file, [sessionEnv.file]: file, [sessionEnv.source]: originalKubeconfig}}
}

/** The shell's exit status as a shell reports it: its code, or 128 + the signal that ended it. */
function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code
  return signal ? 128 + (osConstants.signals[signal] ?? 0) : 0
}

/**
 * Guards a `--shell` session from before its files exist until the shell exits. SIGINT is
 * the shell's to handle (it shares the terminal). SIGHUP (the terminal closed) and SIGTERM
 * are passed on to the shell, and kubekit removes the session and exits 128 + the signal
 * without waiting for a shell that ignores them (an interactive bash ignores SIGTERM).
 * Returns the function that lifts the guard.
 */
export function guardSession(session: {dir?: string; child?: ChildProcess}): () => void {
  const onInterrupt = () => {
    /* the shell in the foreground decides */
  }
  const onHangup = (signal: NodeJS.Signals) => {
    if (session.dir) rmSync(session.dir, {recursive: true, force: true})
    try {
      session.child?.kill(signal)
    } catch {
      /* already gone */
    }
    process.exit(128 + (osConstants.signals[signal] ?? 0))
  }
  process.on('SIGINT', onInterrupt)
  process.on('SIGHUP', onHangup)
  process.on('SIGTERM', onHangup)
  return () => {
    process.off('SIGINT', onInterrupt)
    process.off('SIGHUP', onHangup)
    process.off('SIGTERM', onHangup)
  }
}

export function waitForExit(child: ChildProcess, shell: string): Promise<number> {
  return new Promise<number>((resolveExit, reject) => {
    child.on('error', (error) => reject(new CtxError(`cannot start ${shell}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)))
    child.on('exit', (code, signal) => resolveExit(exitStatus(code, signal)))
  })
}

export async function startShell(run: CtxRun, target: string): Promise<void> {
  const session: {dir?: string; child?: ChildProcess} = {}
  const unguard = guardSession(session)
  try {
    const {dir, env} = createSession(run, target)
    session.dir = dir
    const shell = run.io.env.SHELL || '/bin/sh'
    run.printer.success(`Shell with context "${run.printer.value(target)}" (only here; other terminals keep theirs). Type exit to leave.`)
    session.child = spawn(shell, [], {stdio: 'inherit', env: {...run.io.env, ...env}})
    process.exitCode = await waitForExit(session.child, shell)
  } finally {
    unguard()
    if (session.dir) rmSync(session.dir, {recursive: true, force: true})
  }
}

function quoteForShell(value: string, fish: boolean): string {
  return fish ? `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'` : `'${value.replaceAll("'", `'\\''`)}'`
}

export function exportShell(run: CtxRun, target: string): void {
  const {env} = createSession(run, target)
  const fish = basename(run.io.env.SHELL ?? '') === 'fish'
  const lines = Object.entries(env).map(([key, value]) =>
    fish ? `set -gx ${key} ${quoteForShell(value, true)};` : `export ${key}=${quoteForShell(value, false)};`,
  )
  run.printer.data(lines.join('\n'))
  run.printer.success(`Context "${run.printer.value(target)}" for this shell only (KUBECONFIG=${env.KUBECONFIG}).`)
}
