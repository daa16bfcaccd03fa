// A closed terminal (SIGHUP) or a kill (SIGTERM) must not leave a per-terminal kubeconfig,
// which holds a copy of the context's token, behind; nor a held kubeconfig lock.
import {spawn} from 'node:child_process'
import {chmodSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {acquireLocks} from '../../src/kubeconfig/lock.js'
import {binPath, handWritten, sandboxDir, writeKubeconfig} from './helpers.js'

let dir: string
let env: NodeJS.ProcessEnv

beforeEach(() => {
  ;({dir, env} = sandboxDir())
  env.KUBECONFIG = writeKubeconfig(dir, 'config', handWritten)
})

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25))
  expect(check()).toBe(true)
}

/** `kubectl ctx --shell` with a "shell" that reports its KUBECONFIG and then waits, as a user at a prompt. */
async function shellSession(): Promise<{child: ReturnType<typeof spawn>; file: string; exited: Promise<number | null>}> {
  const seen = join(dir, 'seen')
  const shell = join(dir, 'waiting-shell')
  writeFileSync(shell, `#!/bin/sh\necho "$KUBECONFIG" > ${seen}.tmp && mv ${seen}.tmp ${seen}\nexec sleep 30\n`)
  chmodSync(shell, 0o755)
  const child = spawn(process.execPath, [binPath('kubectl-ctx'), '--shell', 'dev-2'], {env: {...env, SHELL: shell}, stdio: ['ignore', 'ignore', 'pipe']})
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  await waitFor(() => existsSync(seen))
  const file = readFileSync(seen, 'utf8').trim()
  expect(existsSync(file)).toBe(true)
  expect(readFileSync(file, 'utf8')).toContain('dev-token')
  return {child, file, exited}
}

describe('kubectl ctx --shell and signals', () => {
  it('SIGHUP (terminal closed) removes the private kubeconfig and exits 129', async () => {
    const {child, file, exited} = await shellSession()
    child.kill('SIGHUP')
    expect(await exited).toBe(129)
    expect(existsSync(file)).toBe(false)
  })

  it('SIGTERM removes the private kubeconfig and exits 143', async () => {
    const {child, file, exited} = await shellSession()
    child.kill('SIGTERM')
    expect(await exited).toBe(143)
    expect(existsSync(file)).toBe(false)
  })
})

describe('kubeconfig locks and signals', () => {
  const keepAlive = () => {}
  afterEach(() => {
    process.off('SIGHUP', keepAlive)
  })

  it('a signal while a lock is held removes the lock file before the process goes', () => {
    const file = join(dir, 'config')
    // Another listener keeps this test process alive; alone, the handler re-raises the signal.
    process.on('SIGHUP', keepAlive)
    // Files that ran before in this worker may have left listeners of their own: count from here.
    const before = process.listenerCount('SIGHUP')
    const release = acquireLocks([file], 0)
    expect(process.listenerCount('SIGHUP')).toBe(before + 1)
    expect(existsSync(`${file}.lock`)).toBe(true)
    process.emit('SIGHUP', 'SIGHUP')
    expect(existsSync(`${file}.lock`)).toBe(false)
    release()
    expect(process.listenerCount('SIGHUP')).toBe(before)
  })
})
