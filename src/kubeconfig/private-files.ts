import {closeSync, constants, fstatSync, fsyncSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, unlinkSync, writeSync} from 'node:fs'
import {tmpdir, userInfo} from 'node:os'
import {basename, dirname, isAbsolute, join} from 'node:path'
import {CtxError} from './errors.js'

/**
 * Files only the current user may read: the per-terminal kubeconfigs of `kubectl ctx
 * --shell/--export` (a copy of a context's credentials) and their history. They live in
 * $XDG_RUNTIME_DIR/kubekit when $XDG_RUNTIME_DIR is the user's own 0700 directory (the
 * systemd-logind one, emptied at logout), else in <temp dir>/kubekit-<uid>. That directory is
 * created 0700 and checked on every use (owner, mode, not a symlink: lstat), because in a
 * shared /tmp another user can create it first. Files are created with O_EXCL|O_NOFOLLOW and
 * mode 0600 and replaced by rename, so a planted file or symlink is never followed or reused.
 */

function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined
}

function mode(value: number): string {
  return (value & 0o7777).toString(8).padStart(4, '0')
}

/** Why `dir` is not private to the current user; undefined when it is. */
export function privacyProblem(dir: string): string | undefined {
  let stat
  try {
    stat = lstatSync(dir)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : `it cannot be read (${(error as NodeJS.ErrnoException).code})`
  }
  if (stat.isSymbolicLink()) return 'it is a symlink'
  if (!stat.isDirectory()) return 'it is not a directory'
  const uid = currentUid()
  if (uid === undefined) return undefined // Windows: no owners or mode bits to check
  if (stat.uid !== uid) return `it belongs to uid ${stat.uid}, not to you (uid ${uid})`
  if ((stat.mode & 0o077) !== 0) return `its mode is ${mode(stat.mode)}, not 0700`
  return undefined
}

export function assertPrivateDirectory(dir: string): void {
  const problem = privacyProblem(dir)
  if (problem) {
    throw new CtxError(`refusing to keep per-terminal kubeconfigs in ${dir}: ${problem}; remove it, or set XDG_RUNTIME_DIR to a directory only you can use`)
  }
}

function ensurePrivateDirectory(dir: string): string {
  try {
    mkdirSync(dir, {mode: 0o700})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new CtxError(`cannot create ${dir} for per-terminal kubeconfigs: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
  }
  assertPrivateDirectory(dir)
  return dir
}

/** $XDG_RUNTIME_DIR when it is set, absolute, and the user's own 0700 directory (created if missing). */
function runtimeDir(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.XDG_RUNTIME_DIR
  if (!dir || !isAbsolute(dir)) return undefined
  try {
    mkdirSync(dir, {recursive: true, mode: 0o700})
  } catch {
    return undefined
  }
  return privacyProblem(dir) === undefined ? dir : undefined
}

/** The private directory of per-terminal files, created and checked. */
export function privateRoot(env: NodeJS.ProcessEnv): string {
  const runtime = runtimeDir(env)
  if (runtime) return ensurePrivateDirectory(join(runtime, 'kubekit'))
  const uid = currentUid()
  return ensurePrivateDirectory(join(tmpdir(), `kubekit-${uid ?? userInfo().username}`))
}

/** A fresh 0700 directory for one session inside the private root. */
export function createPrivateSessionDir(env: NodeJS.ProcessEnv): string {
  return mkdtempSync(join(privateRoot(env), 'session-'))
}

function writeNew(path: string, text: string): void {
  let fd: number
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600)
  } catch (error) {
    throw new CtxError(`cannot create ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  try {
    const bytes = Buffer.from(text, 'utf8')
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Creates `path` (which must not exist, not even as a symlink) with mode 0600. */
export function createPrivateFile(path: string, text: string): void {
  assertPrivateDirectory(dirname(path))
  writeNew(path, text)
}

/**
 * Replaces `path` with a new 0600 file: written beside it with O_EXCL|O_NOFOLLOW and renamed
 * over it, so whatever was at `path` (a symlink too) is replaced, never followed or kept.
 */
export function replacePrivateFile(path: string, text: string): void {
  assertPrivateDirectory(dirname(path))
  const temp = join(dirname(path), `.${basename(path)}.kubekit-${process.pid}-${Date.now().toString(36)}.tmp`)
  writeNew(temp, text)
  try {
    renameSync(temp, path)
  } catch (error) {
    try {
      unlinkSync(temp)
    } catch {
      /* already gone */
    }
    throw new CtxError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
}

/** A private file's text; undefined when missing, a symlink, or not the user's own. */
export function readPrivateFile(path: string): string | undefined {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch {
    return undefined
  }
  try {
    const stat = fstatSync(fd)
    const uid = currentUid()
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid)) return undefined
    return readFileSync(fd, 'utf8')
  } finally {
    closeSync(fd)
  }
}
