import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'

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

function writeState(path: string, value: string): void {
  mkdirSync(dirname(path), {recursive: true, mode: 0o755})
  writeFileSync(path, value, {mode: 0o644})
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
