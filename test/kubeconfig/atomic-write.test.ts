// Writing a kubeconfig: a temp file beside the real target, renamed over it; mode kept, symlinks followed.
import {chmodSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CtxError} from '../../src/kubeconfig/errors.js'
import {resolveTarget, writeFileAtomic} from '../../src/kubeconfig/atomic-write.js'
import {sandboxDir} from './helpers.js'

const mode = (path: string) => statSync(path).mode & 0o7777
const config = 'apiVersion: v1\nkind: Config\ncurrent-context: prod\n'

describe('writeFileAtomic', () => {
  it('creates a new file 0600 (as kubectl does), whatever the umask, and leaves no temp file', () => {
    const {dir} = sandboxDir()
    const file = join(dir, 'config')
    writeFileAtomic(file, config)
    expect(readFileSync(file, 'utf8')).toBe(config)
    expect(mode(file)).toBe(0o600)
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('keeps the mode of a file that exists; `mode` forces one; `newFileMode` is for new files only', () => {
    const {dir} = sandboxDir()
    const shared = join(dir, 'shared')
    writeFileSync(shared, 'old')
    chmodSync(shared, 0o644)
    writeFileAtomic(shared, config, {newFileMode: 0o600})
    expect([readFileSync(shared, 'utf8'), mode(shared)]).toEqual([config, 0o644])
    writeFileAtomic(shared, config, {mode: 0o600})
    expect(mode(shared)).toBe(0o600)
    const fresh = join(dir, 'fresh')
    writeFileAtomic(fresh, config, {newFileMode: 0o640})
    expect(mode(fresh)).toBe(0o640)
  })

  it('replaces the file rather than writing into it: a reader holding the old inode keeps the old bytes', () => {
    const {dir} = sandboxDir()
    const file = join(dir, 'config')
    writeFileSync(file, 'old contents that are longer than the new ones')
    const before = statSync(file).ino
    writeFileAtomic(file, 'new')
    expect(statSync(file).ino).not.toBe(before)
    expect(readFileSync(file, 'utf8')).toBe('new')
  })

  it('writes through a symlink to its target and keeps the link', () => {
    const {dir} = sandboxDir()
    mkdirSync(join(dir, 'real'))
    writeFileSync(join(dir, 'real', 'k3s.yaml'), 'old')
    chmodSync(join(dir, 'real', 'k3s.yaml'), 0o640)
    symlinkSync(join(dir, 'real', 'k3s.yaml'), join(dir, 'config'))
    writeFileAtomic(join(dir, 'config'), config)
    expect(readlinkSync(join(dir, 'config'))).toBe(join(dir, 'real', 'k3s.yaml'))
    expect(readFileSync(join(dir, 'real', 'k3s.yaml'), 'utf8')).toBe(config)
    expect(mode(join(dir, 'real', 'k3s.yaml'))).toBe(0o640)
  })

  it('a dangling relative symlink: creates the file it points to, as os.WriteFile would', () => {
    const {dir} = sandboxDir()
    mkdirSync(join(dir, 'kube'))
    symlinkSync('../real-config', join(dir, 'kube', 'config'))
    expect(resolveTarget(join(dir, 'kube', 'config'))).toBe(join(dir, 'real-config'))
    writeFileAtomic(join(dir, 'kube', 'config'), config)
    expect(readFileSync(join(dir, 'real-config'), 'utf8')).toBe(config)
  })

  it('multi-byte text is written whole', () => {
    const {dir} = sandboxDir()
    const file = join(dir, 'config')
    const text = `# équipe 运维 ⎈\n${'x'.repeat(200_000)}\n`
    writeFileAtomic(file, text)
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it('a directory that does not exist: one line naming the path, and nothing written', () => {
    const {dir} = sandboxDir()
    const file = join(dir, 'missing', 'config')
    expect(() => writeFileAtomic(file, config)).toThrow(new CtxError(`cannot write kubeconfig ${file}: ENOENT; the file was not changed`))
  })
})

describe('resolveTarget', () => {
  it('a plain path or a missing one stays as given; a symlink resolves to its file', () => {
    const {dir} = sandboxDir()
    writeFileSync(join(dir, 'a'), '')
    symlinkSync(join(dir, 'a'), join(dir, 'b'))
    expect(resolveTarget(join(dir, 'a'))).toBe(join(dir, 'a'))
    expect(resolveTarget(join(dir, 'b'))).toBe(join(dir, 'a'))
    expect(resolveTarget(join(dir, 'none'))).toBe(join(dir, 'none'))
  })
})
