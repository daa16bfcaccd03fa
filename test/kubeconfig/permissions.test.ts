// File permissions as kubectl honours them. Root ignores permission bits, so these run the
// real binaries as an ordinary user (nobody, uid 65534) on files that user owns; they need
// root to set that up, as in CI.
import {spawn} from 'node:child_process'
import {chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {binPath, handWritten, type RunResult} from './helpers.js'

const nobody = 65534
const asRoot = process.getuid?.() === 0

let base: string
let home: string
let env: NodeJS.ProcessEnv

function ownedByNobody(path: string, mode: number): string {
  mkdirSync(path, {recursive: true})
  chownSync(path, nobody, nobody)
  chmodSync(path, mode)
  return path
}

beforeEach(() => {
  if (!asRoot) return
  base = mkdtempSync(join(tmpdir(), 'kubekit-perm-'))
  chmodSync(base, 0o755)
  home = ownedByNobody(join(base, 'home'), 0o755)
  ownedByNobody(join(home, '.kube'), 0o755)
  env = {PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_RUNTIME_DIR: join(home, 'run'), NO_COLOR: '1', KUBEKIT_LOCK_TIMEOUT_MS: '200'}
})

afterEach(() => {
  if (asRoot) rmSync(base, {recursive: true, force: true})
})

function asNobody(bin: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath(bin), ...args], {env, uid: nobody, gid: nobody, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({code: code ?? -1, stdout, stderr}))
  })
}

describe.runIf(asRoot)('a read-only kubeconfig (chmod 444, as an ordinary user)', () => {
  it('is refused as kubectl refuses it, for switch, rename, delete and ns, and stays as it was', async () => {
    const config = join(home, '.kube', 'config')
    writeFileSync(config, handWritten)
    chownSync(config, nobody, nobody)
    chmodSync(config, 0o444)
    for (const [bin, args] of [
      ['kubectl-ctx', ['dev-10']],
      ['kubectl-ctx', ['renamed=prod']],
      ['kubectl-ctx', ['-d', 'dev-2']],
      ['kubectl-ns', ['web', '--force']],
    ] as const) {
      const result = await asNobody(bin, args)
      expect(result).toMatchObject({code: 1, stderr: `error: open ${config}: permission denied; the kubeconfig was not changed\n`})
    }
    expect(readFileSync(config, 'utf8')).toBe(handWritten)
    expect(statSync(config).mode & 0o777).toBe(0o444)
    expect(readdirSync(join(home, '.kube'))).toEqual(['config'])
    // Reading still works.
    expect((await asNobody('kubectl-ctx', ['-c'])).stdout).toBe('prod\n')
  })
})

describe.runIf(asRoot)('a writable kubeconfig behind a symlink into a directory the user cannot write (k3s)', () => {
  let target: string
  let link: string

  beforeEach(() => {
    // /etc/rancher/k3s/k3s.yaml: root's directory, a file mode 666; ~/.kube/config points at it.
    const rancher = join(base, 'etc-rancher-k3s')
    mkdirSync(rancher, {mode: 0o755})
    target = join(rancher, 'k3s.yaml')
    writeFileSync(target, handWritten)
    chmodSync(target, 0o666)
    link = join(home, '.kube', 'config')
    symlinkSync(target, link)
  })

  it('switches and renames by writing the file in place, keeping its owner and mode, with the lock where kubectl puts it', async () => {
    expect(await asNobody('kubectl-ctx', ['dev-10'])).toMatchObject({code: 0, stderr: '✔ Switched to context "dev-10".\n'})
    expect(readFileSync(target, 'utf8')).toBe(handWritten.replace("current-context: 'prod'", "current-context: 'dev-10'"))
    expect((await asNobody('kubectl-ctx', ['staging=dev-2'])).code).toBe(0)
    expect(readFileSync(target, 'utf8')).toContain('name: staging')
    expect(statSync(target)).toMatchObject({uid: 0, gid: 0})
    expect(statSync(target).mode & 0o777).toBe(0o666)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readdirSync(join(home, '.kube'))).toEqual(['config'])
    expect(readdirSync(join(base, 'etc-rancher-k3s'))).toEqual(['k3s.yaml'])
  })

  it('waits on kubectl\'s lock, <path>.lock beside the symlink', async () => {
    const lock = join(home, '.kube', 'config.lock')
    writeFileSync(lock, '')
    const result = await asNobody('kubectl-ctx', ['dev-10'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`^error: kubeconfig is locked by ${lock} for \\d+s: another kubectl is editing it; `))
    expect(readFileSync(target, 'utf8')).toBe(handWritten)
  })
})
