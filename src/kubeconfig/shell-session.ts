import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, dirname, join} from 'node:path'
import {dump as dumpYaml} from 'js-yaml'
import type {CtxRun} from './ctx-ops.js'
import {writeFileAtomic} from './atomic-write.js'
import {CtxError} from './errors.js'
import type {KubeconfigData, MergedKubeconfig} from './files.js'
import {acquireLocks} from './lock.js'
import {existingPaths, loadKubeconfig, type KubeconfigSource} from './store.js'

/**
 * Per-terminal contexts. `kubectl ctx --shell NAME` starts $SHELL with KUBECONFIG pointing at
 * a private, minified kubeconfig (one context, its cluster and user, file paths made
 * absolute), so switching there leaves every other terminal alone; `--export NAME` prints the
 * same as `export` lines for `eval`. Inside such a shell `kubectl ctx NAME` rewrites the
 * private file from the user's own kubeconfig, and `kubectl ns` edits the private file.
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

export function shellSession(env: NodeJS.ProcessEnv): ShellSession | undefined {
  const file = env[sessionEnv.file]
  if (!file || env.KUBECONFIG !== file) return undefined
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
        writeFileAtomic(file, minifiedKubeconfigText(merged, target))
        return current
      } finally {
        release()
      }
    },
    readPrevious() {
      try {
        return readFileSync(previousFile, 'utf8') || undefined
      } catch {
        return undefined
      }
    },
    writePrevious(name) {
      writeFileSync(previousFile, name, {mode: 0o600})
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

function sessionRoot(env: NodeJS.ProcessEnv): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0
  const root = join(env.XDG_RUNTIME_DIR || tmpdir(), `kubekit-ctx-${uid}`)
  mkdirSync(root, {recursive: true, mode: 0o700})
  return root
}

/** Creates the private kubeconfig for `target` and the environment that points at it. */
function createSession(run: CtxRun, target: string): {dir: string; env: Record<string, string>} {
  const current = shellSession(run.io.env)
  const source = current ? current.source : run.source
  const merged = loadKubeconfig(existingPaths(source)).merged
  if (!merged.contexts.has(target)) throw new CtxError(`no context exists with the name: "${target}"`)
  const dir = mkdtempSync(join(sessionRoot(run.io.env), 'session-'))
  const file = join(dir, 'config')
  writeFileSync(file, minifiedKubeconfigText(merged, target), {mode: 0o600})
  const originalKubeconfig = source.explicit ?? source.env.KUBECONFIG ?? ''
  return {dir, env: {KUBECONFIG: file, [sessionEnv.file]: file, [sessionEnv.source]: originalKubeconfig}}
}

export async function startShell(run: CtxRun, target: string): Promise<void> {
  const {dir, env} = createSession(run, target)
  const shell = run.io.env.SHELL || '/bin/sh'
  run.printer.success(`Shell with context "${run.printer.value(target)}" (only here; other terminals keep theirs). Type exit to leave.`)
  try {
    const code = await new Promise<number>((resolveExit, reject) => {
      const child = spawn(shell, [], {stdio: 'inherit', env: {...run.io.env, ...env}})
      child.on('error', (error) => reject(new CtxError(`cannot start ${shell}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)))
      child.on('exit', (exitCode, signal) => resolveExit(exitCode ?? (signal ? 128 : 0)))
    })
    process.exitCode = code
  } finally {
    rmSync(dir, {recursive: true, force: true})
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
