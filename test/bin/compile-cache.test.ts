import {describe, expect, it} from 'vitest'
import {compileCacheDir, enableCompileCache} from '../../bin/compile-cache.js'

describe('the compile cache the launchers turn on', () => {
  it("lives in the user's own cache directory, never a shared temporary one", () => {
    expect(compileCacheDir({}, '/home/ana', 'linux')).toBe('/home/ana/.cache/kubekit/compile-cache')
    expect(compileCacheDir({XDG_CACHE_HOME: '/xdg'}, '/home/ana', 'linux')).toBe('/xdg/kubekit/compile-cache')
    expect(compileCacheDir({NODE_COMPILE_CACHE: '/chosen'}, '/home/ana', 'linux')).toBe('/chosen')
    expect(compileCacheDir({LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local'}, 'C:\\Users\\ana', 'win32')).toContain('compile-cache')
    expect(compileCacheDir({}, '', 'linux')).toBeUndefined()
  })

  it('is asked of Node only where Node has it, and NODE_DISABLE_COMPILE_CACHE turns it off', () => {
    const asked: string[] = []
    const node22 = {enableCompileCache: (dir: string) => (asked.push(dir), {directory: dir})}
    expect(enableCompileCache({XDG_CACHE_HOME: '/xdg'}, node22)).toBe('/xdg/kubekit/compile-cache')
    expect(asked).toEqual(['/xdg/kubekit/compile-cache'])
    expect(enableCompileCache({XDG_CACHE_HOME: '/xdg', NODE_DISABLE_COMPILE_CACHE: '1'}, node22)).toBeUndefined()
    expect(enableCompileCache({XDG_CACHE_HOME: '/xdg'}, {})).toBeUndefined()
    expect(asked).toHaveLength(1)
  })

  it('a cache that cannot be made costs only speed, never the command', () => {
    const failing = {
      enableCompileCache: () => {
        throw new Error('EACCES')
      },
    }
    expect(enableCompileCache({XDG_CACHE_HOME: '/xdg'}, failing)).toBeUndefined()
  })
})
