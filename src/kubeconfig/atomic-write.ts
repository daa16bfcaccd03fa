import {
  chmodSync, chownSync, closeSync, constants, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeSync,
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

/**
 * Replaces `path`'s contents atomically: the new bytes go to a temp file beside the real
 * target (symlinks followed), are fsynced, get the old file's mode and owner, and are renamed
 * over it, so a reader sees the old file or the new one, never half of one. A crash leaves
 * at most a stray `.kubekit-*.tmp` file beside the kubeconfig.
 */
export function writeFileAtomic(path: string, text: string, newFileMode = 0o600): void {
  const target = resolveTarget(path)
  let mode = newFileMode
  let owner: {uid: number; gid: number} | undefined
  try {
    const stat = statSync(target)
    mode = stat.mode & 0o7777
    owner = {uid: stat.uid, gid: stat.gid}
  } catch {
    /* new file */
  }
  const temp = join(dirname(target), `.${basename(target)}.kubekit-${process.pid}-${Date.now().toString(36)}.tmp`)
  let fd: number | undefined
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode)
    const bytes = Buffer.from(text, 'utf8')
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    chmodSync(temp, mode) // openSync's mode is filtered by the umask
    if (owner && typeof process.getuid === 'function' && (owner.uid !== process.getuid() || owner.gid !== process.getgid?.())) {
      try {
        chownSync(temp, owner.uid, owner.gid)
      } catch {
        /* only root may give a file away; the mode is kept either way */
      }
    }
    renameSync(temp, target)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    try {
      unlinkSync(temp)
    } catch {
      /* already gone */
    }
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new CtxError(`cannot write kubeconfig ${path}: ${code}; the file was not changed`)
  }
  try {
    const dir = openSync(dirname(target), constants.O_RDONLY)
    try {
      fsyncSync(dir)
    } finally {
      closeSync(dir)
    }
  } catch {
    /* some filesystems cannot fsync a directory; the rename is still atomic */
  }
}
