// The one way tests start a real process: one of our launchers (bin/), kubectl, or any other program.
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const binDir = `${repoRoot}bin`
export const binPath = (name: string): string => join(binDir, name)

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** A process still running: its output so far, and its result once it has exited. */
export interface Running {
  readonly pid: number | undefined
  stdout(): string
  stderr(): string
  /** Resolves once `check` holds (checked on every chunk of output); fails when the process exits first or `ms` pass. */
  until(check: (running: Running) => boolean, what: string, ms?: number): Promise<void>
  kill(signal?: NodeJS.Signals): void
  readonly result: Promise<RunResult>
}

/**
 * Starts a real process. `command` is one of our launchers by name (bin/<name>, run by this
 * node) or any program on PATH (kubectl) or a path. The environment is minimal and explicit:
 * exactly `env`, with PATH defaulting to bin/ first and then the test's own PATH.
 */
export function start(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string): Running {
  const launcher = !command.includes('/') && existsSync(binPath(command))
  const child = spawn(launcher ? process.execPath : command, launcher ? [binPath(command), ...args] : [...args], {
    env: {PATH: `${binDir}:${process.env.PATH}`, ...env},
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  const waiters = new Set<() => void>()
  const notify = () => {
    for (const waiter of [...waiters]) waiter()
  }
  child.stdout.setEncoding('utf8').on('data', (d: string) => ((stdout += d), notify()))
  child.stderr.setEncoding('utf8').on('data', (d: string) => ((stderr += d), notify()))
  const result = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
  // A process that exits (or never starts) before reading its input closes the pipe: EPIPE here is
  // not the test's failure; the exit code and output say what happened.
  child.stdin.on('error', () => undefined)
  child.stdin.end(input ?? '')
  const running: Running = {
    pid: child.pid,
    stdout: () => stdout,
    stderr: () => stderr,
    result,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    until(check, what, ms = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const said = () => `${command} ${args.join(' ')}\nstdout:\n${stdout}\nstderr:\n${stderr}`
        const done = (error?: Error) => {
          waiters.delete(waiter)
          clearTimeout(timer)
          if (error) reject(error)
          else resolve()
        }
        const waiter = () => {
          if (check(running)) done()
        }
        const timer = setTimeout(() => done(new Error(`waited ${ms} ms for ${what}; ${said()}`)), ms)
        waiters.add(waiter)
        void result.then(
          (r) => waiters.has(waiter) && done(new Error(`exited (${r.code}) before ${what}; ${said()}`)),
          (error: Error) => waiters.has(waiter) && done(error),
        )
        waiter()
      })
    },
  }
  return running
}

/** Runs a real process to its end (see `start`) and collects its output. */
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<RunResult> {
  return start(command, args, env, input).result
}

/** `--version` and `-V` as users type them: on the umbrella, each plugin, and after a command or its arguments. */
export const versionCases: ReadonlyArray<[string, string[]]> = [
  ['kubekit', ['--version']],
  ['kubekit', ['-V']],
  ['kubekit', ['sandbox', 'start', '--version']],
  ['kubekit', ['sandbox', 'start', '-V']],
  ['kubectl-diagnose', ['--version']],
  ['kubectl-diagnose', ['pod', 'x', '-V']],
  ['kubectl-tail', ['--version']],
  ['kubectl-tail', ['web', '--version']],
  ['kubectl-capacity', ['--version']],
  ['kubectl-capacity', ['show', '-V']],
  ['kubectl-capacity', ['show', '--version']],
  ['kubectl-dash', ['--version']],
  ['kubectl-ctx', ['--version']],
  ['kubectl-ctx', ['-V']],
  ['kubectl-ns', ['--version']],
]
