import {
  accessSync, chmodSync, chownSync, closeSync, constants, fchmodSync, fsyncSync, ftruncateSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync,
  statSync, unlinkSync, writeSync,
} from 'node:fs'
import {basename, dirname, isAbsolute, join, resolve} from 'node:path'
import {CtxError} from './errors.js'

/** A kubeconfig path as given, and the file it really is after following symlinks. */
export function resolveTarget(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    // A dangling symlink: write where it points, as kubectl (os.WriteFile) would.
    try {
      if (lstatSync(path).isSymbolicLink()) {
        const link = readlinkSync(path)
        return isAbsolute(link) ? link : resolve(dirname(path), link)
      }
    } catch {
      /* not there at all */
    }
    return path
  }
}

export interface WriteOptions {
  /** The mode of a file that does not exist yet (default 0600, as kubectl creates kubeconfigs). */
  newFileMode?: number
  /** A mode the file gets whatever it had before (the sandbox's kubeconfig: always 0600). */
  mode?: number
}

/** Codes of a directory the user may not create the temp file in. */
const cannotCreateHere = new Set(['EACCES', 'EPERM', 'EROFS'])

function writeError(path: string, error: unknown): CtxError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error)
  return new CtxError(`cannot write kubeconfig ${path}: ${code}; the file was not changed`)
}

/**
 * Replaces `path`'s contents atomically: the new bytes go to a temp file beside the real
 * target (symlinks followed), are fsynced, get the old file's mode and owner, and are renamed
 * over it, so a reader sees the old file or the new one, never half of one. A crash leaves
 * at most a stray `.kubekit-*.tmp` file beside the kubeconfig.
 *
 * A file the user may not write is refused as kubectl refuses it (`open F: permission
 * denied`), although the rename would succeed. A writable file in a directory the user may
 * not write (k3s: ~/.kube/config -> /etc/rancher/k3s/k3s.yaml, mode 666) is rewritten in
 * place, which is what kubectl does for every file.
 */
export function writeFileAtomic(path: string, text: string, options: WriteOptions = {}): void {
  const target = resolveTarget(path)
  const existing = existingFile(target)
  if (existing) refuseReadOnly(target)
  const mode = options.mode ?? (existing ? existing.mode : (options.newFileMode ?? 0o600))
  const temp = join(dirname(target), `.${basename(target)}.kubekit-${process.pid}-${Date.now().toString(36)}.tmp`)
  let fd: number
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode & 0o600)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (existing && code !== undefined && cannotCreateHere.has(code)) return writeInPlace(path, target, text, options.mode)
    throw writeError(path, error)
  }
  try {
    writeAll(fd, text)
    closeSync(fd)
    fd = -1
    chmodSync(temp, mode) // openSync's mode is filtered by the umask
    if (existing && options.mode === undefined) giveTo(temp, existing)
    renameSync(temp, target)
  } catch (error) {
    if (fd !== -1) closeSync(fd)
    try {
      unlinkSync(temp)
    } catch {
      /* already gone */
    }
    throw writeError(path, error)
  }
  fsyncDirectory(dirname(target))
}

function existingFile(target: string): {mode: number; uid: number; gid: number} | undefined {
  try {
    const stat = statSync(target)
    return {mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid}
  } catch {
    return undefined
  }
}

/** kubectl opens the file for writing (os.WriteFile) and stops at EACCES; a rename would not. */
function refuseReadOnly(target: string): void {
  try {
    accessSync(target, constants.W_OK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'EROFS' ? 'read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? String(error))
    throw new CtxError(`open ${target}: ${why}; the kubeconfig was not changed`)
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8')
  let written = 0
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
  fsyncSync(fd)
}

/** The old owner for the new file (only root may give a file away; the mode is kept either way). */
function giveTo(temp: string, owner: {uid: number; gid: number}): void {
  if (typeof process.getuid !== 'function' || (owner.uid === process.getuid() && owner.gid === process.getgid?.())) return
  try {
    chownSync(temp, owner.uid, owner.gid)
  } catch {
    /* not root */
  }
}

/** Overwrites the file itself: new bytes from offset 0, then cut to length, then fsync. */
function writeInPlace(path: string, target: string, text: string, mode: number | undefined): void {
  let fd: number | undefined
  try {
    fd = openSync(target, constants.O_WRONLY)
    const bytes = Buffer.from(text, 'utf8')
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, written)
    ftruncateSync(fd, bytes.length)
    if (mode !== undefined) fchmodSync(fd, mode)
    fsyncSync(fd)
  } catch (error) {
    throw writeError(path, error)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function fsyncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY)
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    /* some filesystems cannot fsync a directory; the rename is still atomic */
  }
}
