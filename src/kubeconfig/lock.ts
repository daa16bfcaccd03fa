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

/** The directory of a symlink's target may be one the user cannot write (k3s: /etc/rancher/k3s). */
const unwritableDirectory = new Set(['EACCES', 'EPERM', 'EROFS'])

/** true: created; false: someone else holds it; 'skipped': an optional lock that cannot be created there. */
function tryCreate(lock: LockFile): boolean | 'skipped' {
  try {
    mkdirSync(dirname(lock.path), {recursive: true, mode: 0o755})
    // kubectl (client-go loader.go lockFile) creates `<file>.lock` with O_CREATE|O_EXCL, mode 0.
    closeSync(openSync(lock.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o000))
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (lock.optional && code !== undefined && unwritableDirectory.has(code)) return 'skipped'
    throw new CtxError(`cannot lock kubeconfig: ${lock.path}: ${code ?? String(error)}`)
  }
}

interface LockFile {
  path: string
  /** Not kubectl's lock, only kubekit's extra one beside a symlink's target. */
  optional: boolean
}

/**
 * The lock files for a kubeconfig: `<path>.lock`, exactly as kubectl names it (client-go's
 * lockName: the path as given, beside a symlink rather than its target), plus kubekit's
 * `<target>.lock` beside the symlink's target when the user may create files there.
 */
export function lockPathsFor(path: string): string[] {
  return lockFilesFor(path).map((lock) => lock.path)
}

function lockFilesFor(path: string): LockFile[] {
  const locks = [{path: `${path}.lock`, optional: false}]
  const target = resolveTarget(path)
  if (target !== path) locks.push({path: `${target}.lock`, optional: true})
  return locks
}

// ---- a signal while a lock is held (an await inside an edit) releases it before exiting ----

const heldLocks = new Set<string>()
const exitSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

function unlinkQuietly(lockPath: string): void {
  try {
    unlinkSync(lockPath)
  } catch {
    /* someone removed it by hand */
  }
}

function onSignal(signal: NodeJS.Signals): void {
  for (const lockPath of heldLocks) unlinkQuietly(lockPath)
  heldLocks.clear()
  removeSignalHandlers()
  // Alone on this signal: die of it, as the default action would; otherwise the other handler decides.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function installSignalHandlers(): void {
  if (heldLocks.size > 0) return
  for (const signal of exitSignals) process.on(signal, onSignal)
}

function removeSignalHandlers(): void {
  for (const signal of exitSignals) process.off(signal, onSignal)
}

/**
 * Takes kubectl's `<file>.lock` for every file in `files` (in sorted order, as client-go
 * does, so two editors never deadlock) and returns the function that releases them. kubectl
 * fails at once on an existing lock; kubekit waits, retrying, up to `timeoutMs`, then says
 * which lock is in the way. A stale lock (left by a killed process) is never removed behind
 * the user's back; SIGINT, SIGTERM and SIGHUP while the locks are held remove them first.
 */
export function acquireLocks(files: readonly string[], timeoutMs = defaultLockTimeoutMs()): () => void {
  const byPath = new Map<string, LockFile>()
  for (const lock of files.flatMap(lockFilesFor)) byPath.set(lock.path, {path: lock.path, optional: (byPath.get(lock.path)?.optional ?? true) && lock.optional})
  const locks = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const held: string[] = []
  const release = () => {
    for (const lockPath of held.splice(0).reverse()) {
      unlinkQuietly(lockPath)
      heldLocks.delete(lockPath)
    }
    if (heldLocks.size === 0) removeSignalHandlers()
  }
  const deadline = Date.now() + timeoutMs
  try {
    for (const lock of locks) {
      let delay = 2
      for (let created = tryCreate(lock); created !== 'skipped'; created = tryCreate(lock)) {
        if (created) {
          installSignalHandlers()
          heldLocks.add(lock.path)
          held.push(lock.path)
          break
        }
        if (Date.now() >= deadline) throw lockedError(lock.path)
        sleepSync(delay + Math.random() * delay)
        delay = Math.min(delay * 2, 25)
      }
    }
  } catch (error) {
    release()
    throw error
  }
  return release
}

function lockedError(lockPath: string): CtxError {
  let age = ''
  try {
    age = ` (${Math.round((Date.now() - statSync(lockPath).mtimeMs) / 1000)}s old)`
  } catch {
    /* just released */
  }
  return new CtxError(`kubeconfig is locked by ${lockPath}${age}: another kubectl or kubekit is editing it; if none is running, delete that file and retry`)
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
