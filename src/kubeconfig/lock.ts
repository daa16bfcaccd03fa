import {closeSync, mkdirSync, openSync, constants, statSync, unlinkSync} from 'node:fs'
import {dirname} from 'node:path'
import {resolveTarget} from './atomic-write.js'
import {CtxError} from './errors.js'

/**
 * How long to wait for another kubectl/kubekit to finish its edit before giving up:
 * 10 s, or KUBEKIT_LOCK_TIMEOUT_MS.
 */
export function defaultLockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.KUBEKIT_LOCK_TIMEOUT_MS)
  return Number.isFinite(fromEnv) && fromEnv >= 0 && env.KUBEKIT_LOCK_TIMEOUT_MS !== '' && env.KUBEKIT_LOCK_TIMEOUT_MS !== undefined ? fromEnv : 10_000
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function tryCreate(lockPath: string): boolean {
  try {
    mkdirSync(dirname(lockPath), {recursive: true, mode: 0o755})
    // kubectl (client-go loader.go lockFile) creates `<file>.lock` with O_CREATE|O_EXCL, mode 0.
    closeSync(openSync(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o000))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new CtxError(`cannot lock kubeconfig: ${lockPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
}

/** The lock files for a kubeconfig: `<path>.lock` as kubectl names it, plus the symlink target's. */
export function lockPathsFor(path: string): string[] {
  const paths = [`${path}.lock`]
  const target = resolveTarget(path)
  if (target !== path) paths.push(`${target}.lock`)
  return paths
}

/**
 * Takes kubectl's `<file>.lock` for every file in `files` (in sorted order, as client-go
 * does, so two editors never deadlock) and returns the function that releases them. kubectl
 * fails at once on an existing lock; kubekit waits, retrying, up to `timeoutMs`, then says
 * which lock is in the way. A stale lock (left by a killed process) is never removed behind
 * the user's back.
 */
export function acquireLocks(files: readonly string[], timeoutMs = defaultLockTimeoutMs()): () => void {
  const lockPaths = [...new Set(files.flatMap(lockPathsFor))].sort()
  const held: string[] = []
  const release = () => {
    for (const lockPath of held.splice(0).reverse()) {
      try {
        unlinkSync(lockPath)
      } catch {
        /* someone removed it by hand */
      }
    }
  }
  const deadline = Date.now() + timeoutMs
  try {
    for (const lockPath of lockPaths) {
      let delay = 2
      while (!tryCreate(lockPath)) {
        if (Date.now() >= deadline) {
          let age = ''
          try {
            age = ` (${Math.round((Date.now() - statSync(lockPath).mtimeMs) / 1000)}s old)`
          } catch {
            /* just released */
          }
          throw new CtxError(
            `kubeconfig is locked by ${lockPath}${age}: another kubectl or kubekit is editing it; if none is running, delete that file and retry`,
          )
        }
        sleepSync(delay + Math.random() * delay)
        delay = Math.min(delay * 2, 25)
      }
      held.push(lockPath)
    }
  } catch (error) {
    release()
    throw error
  }
  return release
}

/** Runs `work` holding the locks of `files`. */
export function withKubeconfigLock<T>(files: readonly string[], work: () => T, timeoutMs = defaultLockTimeoutMs()): T {
  const release = acquireLocks(files, timeoutMs)
  try {
    return work()
  } finally {
    release()
  }
}
