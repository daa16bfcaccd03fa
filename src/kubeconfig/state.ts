import {closeSync, constants, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync} from 'node:fs'
import {homedir} from 'node:os'
import {basename, dirname, join} from 'node:path'

/**
 * Where kubectx keeps the previous context (`kubectx -`) and kubens the previous namespace
 * per context (`kubens -`): `$XDG_CACHE_HOME/kubectx` else `~/.kube/kubectx`, and
 * `.../kubens/<context>`. Same paths and format (the raw name, no newline), so a user can
 * move between kubectx/kubens and kubekit without losing `-`.
 */
function stateRoot(env: NodeJS.ProcessEnv): string {
  const cache = env.XDG_CACHE_HOME
  if (cache) return cache
  return join(env.HOME || homedir(), '.kube')
}

export function previousContextFile(env: NodeJS.ProcessEnv): string {
  return join(stateRoot(env), 'kubectx')
}

export function previousNamespaceFile(context: string, env: NodeJS.ProcessEnv): string {
  const name = process.platform === 'win32' ? context.replaceAll(':', '__') : context
  return join(stateRoot(env), 'kubens', name)
}

function readState(path: string, trim: boolean): string | undefined {
  try {
    const text = readFileSync(path, 'utf8')
    const value = trim ? text.trim() : text
    return value === '' ? undefined : value
  } catch {
    return undefined
  }
}

/**
 * Replaces a state file atomically (temp file beside it, fsync, rename): a full disk or a
 * crash leaves the old value, never an empty or half-written file. Throws an Error whose
 * message names the file and the system's code.
 */
function writeState(path: string, value: string): void {
  const temp = join(dirname(path), `.${basename(path)}.kubekit-${process.pid}-${Date.now().toString(36)}.tmp`)
  let fd: number | undefined
  try {
    mkdirSync(dirname(path), {recursive: true, mode: 0o755})
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644)
    const bytes = Buffer.from(value, 'utf8')
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written)
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(temp, path)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    try {
      unlinkSync(temp)
    } catch {
      /* never created */
    }
    throw new Error(`${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
}

export function readPreviousContext(env: NodeJS.ProcessEnv): string | undefined {
  // kubectx reads it without trimming; a stray newline from a hand edit is still tolerated here.
  return readState(previousContextFile(env), false)?.replace(/\n$/, '')
}

export function writePreviousContext(name: string, env: NodeJS.ProcessEnv): void {
  writeState(previousContextFile(env), name)
}

export function readPreviousNamespace(context: string, env: NodeJS.ProcessEnv): string | undefined {
  return readState(previousNamespaceFile(context, env), true)
}

export function writePreviousNamespace(context: string, namespace: string, env: NodeJS.ProcessEnv): void {
  writeState(previousNamespaceFile(context, env), namespace)
}
