// Node 22.1+ can keep the compiled code of every module it loads in a cache directory, so the
// second and later runs of a command skip parsing and compiling kubekit's bundle (a kubectl plugin
// is started once per call, so that is most of what a user waits for). Older Node has no such API
// and this does nothing.
import module from 'node:module'
import {homedir} from 'node:os'
import {join} from 'node:path'

/**
 * Where the cache lives: the user's own cache directory, never a shared /tmp one (a cache another
 * user can write is code that user can make kubekit run). `NODE_DISABLE_COMPILE_CACHE=1` turns it
 * off, as for any Node program; `NODE_COMPILE_CACHE` chooses another directory.
 */
export function compileCacheDir(env = process.env, home = homedir(), platform = process.platform) {
  if (env.NODE_COMPILE_CACHE) return env.NODE_COMPILE_CACHE
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'kubekit', 'compile-cache')
  const base = env.XDG_CACHE_HOME || (home ? join(home, '.cache') : '')
  return base ? join(base, 'kubekit', 'compile-cache') : undefined
}

/** Turns the cache on where Node has it; returns the directory used, or undefined. Never throws. */
export function enableCompileCache(env = process.env, api = module) {
  if (typeof api.enableCompileCache !== 'function' || env.NODE_DISABLE_COMPILE_CACHE) return undefined
  const dir = compileCacheDir(env)
  if (!dir) return undefined
  try {
    const result = api.enableCompileCache(dir)
    return result?.directory ?? dir
  } catch {
    // A cache that cannot be made (read-only home, odd path) only costs speed.
    return undefined
  }
}
