// Per-terminal kubeconfigs (`kubectl ctx --export/--shell`) hold a copy of a context's
// credentials: they must live where no other local user can read, plant or redirect them.
import {chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, unlinkSync, writeFileSync} from 'node:fs'
import {execFileSync} from 'node:child_process'
import {dirname, join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'
import {binPath, handWritten, run, sandboxDir, writeKubeconfig} from './helpers.js'

let dir: string
let env: NodeJS.ProcessEnv
let kubeconfig: string

const uid = process.getuid?.() ?? 0
const isRoot = uid === 0

beforeEach(() => {
  ;({dir, env} = sandboxDir())
  kubeconfig = writeKubeconfig(dir, 'config', handWritten)
  env.KUBECONFIG = kubeconfig
})

function exportsOf(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^export (\w+)='([^']*)';$/gm)].map((m) => [m[1]!, m[2]!]))
}

const modeOf = (path: string) => lstatSync(path).mode & 0o777

/** No XDG_RUNTIME_DIR: the private directory goes under TMPDIR (here, inside the test's folder). */
function useTempDir(): string {
  delete env.XDG_RUNTIME_DIR
  const tmp = join(dir, 'tmp')
  mkdirSync(tmp, {mode: 0o1777})
  chmodSync(tmp, 0o1777)
  env.TMPDIR = tmp
  return join(tmp, `kubekit-${uid}`)
}

describe('where per-terminal kubeconfigs live', () => {
  it('in $XDG_RUNTIME_DIR/kubekit: directories 0700, the kubeconfig 0600, whatever the umask', async () => {
    const stdout = execFileSync('/bin/sh', ['-c', `umask 000; exec "${process.execPath}" "${binPath('kubectl-ctx')}" --export dev-2`], {env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
    const file = exportsOf(stdout).KUBECONFIG!
    expect(dirname(dirname(file))).toBe(join(env.XDG_RUNTIME_DIR!, 'kubekit'))
    expect(modeOf(dirname(dirname(file)))).toBe(0o700)
    expect(modeOf(dirname(file))).toBe(0o700)
    expect(modeOf(file)).toBe(0o600)
    expect(statSync(file).uid).toBe(uid)
  })

  it('in <temp dir>/kubekit-<uid> without XDG_RUNTIME_DIR, or when XDG_RUNTIME_DIR is not private', async () => {
    const root = useTempDir()
    const shared = join(dir, 'shared-run')
    mkdirSync(shared)
    chmodSync(shared, 0o755)
    env.XDG_RUNTIME_DIR = shared
    const result = await ctx('--export', 'dev-2')
    expect(result.code).toBe(0)
    const file = exportsOf(result.stdout).KUBECONFIG!
    expect(dirname(dirname(file))).toBe(root)
    expect(modeOf(root)).toBe(0o700)
    expect(modeOf(file)).toBe(0o600)
    expect(readdirSync(shared)).toEqual([])
  })

  it('refuses a planted directory that others may write (mode 0777), with one error line, writing nothing', async () => {
    const root = useTempDir()
    mkdirSync(root)
    chmodSync(root, 0o777)
    const result = await ctx('--export', 'dev-2')
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      `error: refusing to keep per-terminal kubeconfigs in ${root}: its mode is 0777, not 0700; remove it, or set XDG_RUNTIME_DIR to a directory only you can use\n`,
    )
    expect(readdirSync(root)).toEqual([])
  })

  it('refuses a planted symlink in place of the directory', async () => {
    const root = useTempDir()
    const elsewhere = join(dir, 'attacker-dir')
    mkdirSync(elsewhere, {mode: 0o700})
    symlinkSync(elsewhere, root)
    const result = await ctx('--export', 'dev-2')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`^error: refusing to keep per-terminal kubeconfigs in ${root}: it is a symlink; .*\\n$`))
    expect(readdirSync(elsewhere)).toEqual([])
  })

  it.runIf(isRoot)('refuses a planted directory owned by another user, even with mode 0700', async () => {
    const root = useTempDir()
    mkdirSync(root, {mode: 0o700})
    chownSync(root, 65534, 65534)
    const result = await ctx('--export', 'dev-2')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`^error: refusing to keep per-terminal kubeconfigs in ${root}: it belongs to uid 65534, not to you \\(uid 0\\); .*\\n$`))
    expect(readdirSync(root)).toEqual([])
  })
})

describe('inside a per-terminal session', () => {
  async function startSession(): Promise<{inside: NodeJS.ProcessEnv; file: string}> {
    const result = await ctx('--export', 'dev-2')
    expect(result.code).toBe(0)
    const exported = exportsOf(result.stdout)
    return {inside: {...env, ...exported}, file: exported.KUBECONFIG!}
  }

  it('replaces a symlink planted at the session kubeconfig instead of writing through it', async () => {
    const {inside, file} = await startSession()
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'precious\n', {mode: 0o644})
    unlinkSync(file)
    symlinkSync(victim, file)
    const result = await run('kubectl-ctx', ['prod'], inside)
    expect(result.code).toBe(0)
    expect(readFileSync(victim, 'utf8')).toBe('precious\n')
    expect(lstatSync(file).isSymbolicLink()).toBe(false)
    expect(modeOf(file)).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toContain('current-context: prod')
  })

  it('never writes the context history through a planted symlink, and writes it 0600', async () => {
    const {inside, file} = await startSession()
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'precious\n', {mode: 0o666})
    chmodSync(victim, 0o666)
    const history = join(dirname(file), 'previous-context')
    symlinkSync(victim, history)
    expect((await run('kubectl-ctx', ['prod'], inside)).code).toBe(0)
    expect(readFileSync(victim, 'utf8')).toBe('precious\n')
    expect(lstatSync(history).isSymbolicLink()).toBe(false)
    expect(modeOf(history)).toBe(0o600)
    expect((await run('kubectl-ctx', ['-'], inside)).stderr).toBe('✔ Switched to context "dev-2".\n')
  })

  it('never keeps the mode of a file found at the session kubeconfig: it is replaced by a 0600 one', async () => {
    const {inside, file} = await startSession()
    chmodSync(file, 0o644)
    expect((await run('kubectl-ctx', ['prod'], inside)).code).toBe(0)
    expect(modeOf(file)).toBe(0o600)
  })

  it('refuses to use a session directory that became readable by others', async () => {
    const {inside, file} = await startSession()
    chmodSync(dirname(file), 0o755)
    const before = readFileSync(file, 'utf8')
    const switched = await run('kubectl-ctx', ['prod'], inside)
    expect(switched.code).toBe(1)
    expect(switched.stderr).toBe(
      `error: refusing to keep per-terminal kubeconfigs in ${dirname(file)}: its mode is 0755, not 0700; remove it, or set XDG_RUNTIME_DIR to a directory only you can use\n`,
    )
    expect((await run('kubectl-ns', ['web', '-f'], inside)).code).toBe(1)
    expect(readFileSync(file, 'utf8')).toBe(before)
    expect(existsSync(`${file}.lock`)).toBe(false)
  })
})

const ctx = (...args: string[]) => run('kubectl-ctx', args, env)
