import {closeSync, mkdirSync, openSync, constants, readFileSync, statSync, unlinkSync, writeSync} from 'node:fs'
import {hostname} from 'node:os'
import {dirname} from 'node:path'
import {resolveTarget} from './atomic-write.js'
import {CtxError} from './errors.js'

/**
 * How long to wait for other kubectl/kubekit edits before giving up: 60 s, or
 * KUBEKIT_LOCK_TIMEOUT_MS. Sized from measurement (see the commit and the report): 100
 * concurrent edits on a loaded 2-core machine queue for up to ~15 s, because every holder
 * competes for the CPU with the waiters; 60 s leaves room for a slower machine, and a lock
 * whose holder is gone fails at once rather than after the wait.
 */
export function defaultLockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.KUBEKIT_LOCK_TIMEOUT_MS)
  return Number.isFinite(fromEnv) && fromEnv >= 0 && env.KUBEKIT_LOCK_TIMEOUT_MS !== '' && env.KUBEKIT_LOCK_TIMEOUT_MS !== undefined ? fromEnv : 60_000
}

/** After this long waiting, one line on stderr says what kubekit is waiting for. */
export const lockNoticeAfterMs = 1000

let notice: (line: string) => void = (line) => process.stderr.write(`${line}\n`)

/** Where the "waiting for a lock" line goes (the fast entry points it at its stderr). */
export function setLockNotice(sink: (line: string) => void): void {
  notice = sink
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
    // kubectl (client-go loader.go lockFile) creates `<file>.lock` with O_CREATE|O_EXCL and
    // writes nothing; kubekit writes who holds it, so a waiter can tell a live holder from a dead one.
    const fd = openSync(lock.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600)
    try {
      writeSync(fd, holderLine())
    } finally {
      closeSync(fd)
    }
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

// ---- who holds a lock ----

function holderLine(): string {
  return `kubekit pid=${process.pid} host=${hostname()}\n`
}

/** The holder a lock file names: kubekit's pid and host; undefined for kubectl's empty lock (or one being written). */
export interface LockHolder {
  pid: number
  host: string
  /** false only when the holder is on this host and its pid is not running. */
  alive: boolean
}

export function lockHolder(lockPath: string): LockHolder | undefined {
  let text: string
  try {
    text = readFileSync(lockPath, 'utf8')
  } catch {
    return undefined
  }
  const match = /^kubekit pid=(\d+) host=(\S*)/.exec(text)
  if (!match) return undefined
  const pid = Number(match[1])
  const host = match[2]!
  return {pid, host, alive: host !== hostname() || isRunning(pid)}
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function lockAgeSeconds(lockPath: string): number | undefined {
  try {
    return Math.max(0, Math.round((Date.now() - statSync(lockPath).mtimeMs) / 1000))
  } catch {
    return undefined
  }
}

function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'kubectl (which records no pid) or a kubekit starting up'
  return holder.host === hostname() ? `kubekit pid ${holder.pid}` : `kubekit pid ${holder.pid} on ${holder.host}`
}

/** Waits for one lock, with one notice line after lockNoticeAfterMs; throws when it stays or its holder is gone. */
function waitFor(lock: LockFile, deadline: number, started: number): boolean | 'skipped' {
  let delay = 2
  let noticed = false
  for (;;) {
    const created = tryCreate(lock)
    if (created !== false) return created
    const holder = lockHolder(lock.path)
    if (holder && !holder.alive) throw goneError(lock.path, holder)
    if (Date.now() >= deadline) throw lockedError(lock.path, holder)
    if (!noticed && Date.now() - started >= lockNoticeAfterMs) {
      noticed = true
      notice(`waiting for ${lock.path}: ${describeHolder(holder)} is editing the kubeconfig...`)
    }
    sleepSync(delay + Math.random() * delay)
    delay = Math.min(delay * 2, 25)
  }
}

/**
 * Takes kubectl's `<file>.lock` for every file in `files` (in sorted order, as client-go
 * does, so two editors never deadlock) and returns the function that releases them. kubectl
 * fails at once on an existing lock; kubekit waits, retrying, up to `timeoutMs` (saying so
 * after a second), then says which lock is in the way and who holds it. A lock whose holder
 * is gone (kubekit records its pid; that pid no longer runs) fails at once and says to delete
 * it; a lock is never removed behind the user's back. SIGINT, SIGTERM and SIGHUP while the
 * locks are held remove them first.
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
  const started = Date.now()
  const deadline = started + timeoutMs
  try {
    for (const lock of locks) {
      if (waitFor(lock, deadline, started) !== true) continue
      installSignalHandlers()
      heldLocks.add(lock.path)
      held.push(lock.path)
    }
  } catch (error) {
    release()
    throw error
  }
  return release
}

function goneError(lockPath: string, holder: LockHolder): CtxError {
  return new CtxError(`kubeconfig is locked by ${lockPath}, but its holder (kubekit pid ${holder.pid}) is no longer running: delete ${lockPath} and retry`)
}

/** A kubectl lock this old is not an edit in progress (kubectl holds its lock for milliseconds). */
const staleKubectlLockSeconds = 30

function lockedError(lockPath: string, holder: LockHolder | undefined): CtxError {
  const age = lockAgeSeconds(lockPath)
  const held = age === undefined ? '' : ` for ${age}s`
  if (holder) {
    return new CtxError(`kubeconfig is locked by ${lockPath}: ${describeHolder(holder)} has held it${held} and is still running; retry when it is done, or raise KUBEKIT_LOCK_TIMEOUT_MS`)
  }
  if (age !== undefined && age >= staleKubectlLockSeconds) {
    return new CtxError(`kubeconfig is locked by ${lockPath} (${age}s old, no pid recorded, as kubectl leaves it): if no kubectl is running, delete ${lockPath} and retry`)
  }
  return new CtxError(`kubeconfig is locked by ${lockPath}${held}: another kubectl is editing it; retry, or raise KUBEKIT_LOCK_TIMEOUT_MS`)
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
