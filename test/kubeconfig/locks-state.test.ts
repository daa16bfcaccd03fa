import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {binPath, handWritten, run, sandboxDir, start, writeKubeconfig} from './helpers.js'

let dir: string
let env: NodeJS.ProcessEnv
let kubeconfig: string
const children: Array<{kill: () => void}> = []

beforeEach(() => {
  ;({dir, env} = sandboxDir())
  kubeconfig = writeKubeconfig(dir, 'config', handWritten)
  env.KUBECONFIG = kubeconfig
})
afterEach(() => {
  for (const child of children.splice(0)) child.kill()
})

const ctx = (...args: string[]) => run('kubectl-ctx', args, env)
const lockPath = () => `${kubeconfig}.lock`

/** A pid that is not running: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'})
  return Number(child.stdout)
}

describe('the kubeconfig lock', () => {
  it('records its holder: a lock whose holder is gone fails at once and says to delete it', async () => {
    writeFileSync(lockPath(), `kubekit pid=${deadPid()} host=${hostname()}\n`)
    env.KUBEKIT_LOCK_TIMEOUT_MS = '600000'
    const result = await ctx('dev-2')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`^error: kubeconfig is locked by ${lockPath()}, but its holder \\(kubekit pid \\d+\\) is no longer running: delete ${lockPath()} and retry\\n$`))
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten)
  })

  it('waits for a live holder with a note after a second, and never suggests deleting its lock', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {stdio: 'ignore'})
    children.push({kill: () => holder.kill()})
    writeFileSync(lockPath(), `kubekit pid=${holder.pid} host=${hostname()}\n`)
    env.KUBEKIT_LOCK_TIMEOUT_MS = '1500'
    const result = await ctx('dev-2')
    expect(result.code).toBe(1)
    const [note, error] = result.stderr.trimEnd().split('\n')
    expect(note).toBe(`waiting for ${lockPath()}: kubekit pid ${holder.pid} is editing the kubeconfig...`)
    expect(error).toMatch(new RegExp(`^error: kubeconfig is locked by ${lockPath()}: kubekit pid ${holder.pid} has held it for \\d+s and is still running; retry when it is done, or raise KUBEKIT_LOCK_TIMEOUT_MS$`))
    expect(result.stderr).not.toContain('delete')
  })

  it('goes ahead once a live holder lets go', async () => {
    writeFileSync(lockPath(), `kubekit pid=${process.pid} host=${hostname()}\n`)
    const waiting = start('kubectl-ctx', ['dev-2'], env)
    // Let go once it has said it waits (after a second of waiting), not after a fixed time.
    await waiting.until(() => waiting.stderr().includes('waiting for'), 'the note that it waits for the lock').finally(() => unlinkSync(lockPath()))
    const result = await waiting.result
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('waiting for')
    expect(result.stderr).toContain('✔ Switched to context "dev-2".')
  })

  it('suggests deleting kubectl\'s empty lock only when it is old', async () => {
    writeFileSync(lockPath(), '')
    env.KUBEKIT_LOCK_TIMEOUT_MS = '200'
    const young = await ctx('dev-2')
    expect(young.stderr).toMatch(/: another kubectl is editing it; retry, or raise KUBEKIT_LOCK_TIMEOUT_MS\n$/)
    const old = new Date(Date.now() - 120_000)
    utimesSync(lockPath(), old, old)
    const stale = await ctx('dev-2')
    expect(stale.stderr).toMatch(new RegExp(`\\(1\\d\\ds old, no pid recorded, as kubectl leaves it\\): if no kubectl is running, delete ${lockPath()} and retry\\n$`))
  })

  it('is created with the holder in it and removed after the edit', async () => {
    const {acquireLocks, lockHolder} = await import('../../src/kubeconfig/lock.js')
    const release = acquireLocks([kubeconfig], 0)
    expect(lockHolder(lockPath())).toEqual({pid: process.pid, host: hostname(), alive: true})
    release()
    expect(existsSync(lockPath())).toBe(false)
  })
})

describe('state files', () => {
  it('are written atomically: a full disk keeps the old value (kubens -) and the switch still succeeds', () => {
    // RLIMIT_FSIZE makes every write past 1 KiB fail (EFBIG, as ENOSPC would): the kubeconfig
    // (short after the edit) is written, the state file (the long previous namespace) is not.
    const long = 'n'.repeat(2000)
    writeFileSync(kubeconfig, `contexts:\n- name: a\n  context: {cluster: c, namespace: ${long}}\ncurrent-context: a\n`)
    mkdirSync(join(env.XDG_CACHE_HOME!, 'kubens'), {recursive: true})
    const state = join(env.XDG_CACHE_HOME!, 'kubens', 'a')
    writeFileSync(state, 'kept')
    const result = spawnSync('bash', ['-c', `ulimit -f 1; exec "${process.execPath}" "${binPath('kubectl-ns')}" short --force`], {env, encoding: 'utf8'})
    expect(result.status).toBe(0)
    expect(result.stderr).toMatch(/^warning: could not remember the previous namespace \(.*kubens\/a: EFBIG\); 'kubectl ns -' will not know it\n✔ Active namespace is "short"\n$/)
    expect(readFileSync(state, 'utf8')).toBe('kept')
    expect(readdirSync(join(env.XDG_CACHE_HOME!, 'kubens'))).toEqual(['a'])
    expect(readFileSync(kubeconfig, 'utf8')).toContain('namespace: short}')
  })
})

describe('kubectx isolated shells (KUBECTX_ISOLATED_SHELL=1)', () => {
  it('refuse every kubectx operation, naming the shell\'s context, but still print the prompt and help', async () => {
    env.KUBECTX_ISOLATED_SHELL = '1'
    const message = 'error: you are in a locked single-context shell ("prod"), use \'exit\' to leave\n'
    for (const args of [[], ['dev-2'], ['-'], ['-c'], ['-u'], ['-d', 'dev-2'], ['x=prod'], ['-s', 'dev-2'], ['-r', 'dev-2']]) {
      expect(await ctx(...args), args.join(' ')).toMatchObject({code: 1, stderr: message})
    }
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten)
    expect((await ctx('--prompt')).stdout).toBe('(⎈|prod:N/A)\n')
    expect((await ctx('-h')).code).toBe(0)
    // kubens does not check it (as kubens).
    expect((await run('kubectl-ns', ['-c'], env)).stdout).toBe('default\n')
  })
})
