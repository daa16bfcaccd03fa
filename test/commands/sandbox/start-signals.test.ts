// `kubekit sandbox start` writes a kubeconfig with a bearer token: it is 0600 whatever was
// there before, and the temporary one is removed however the process is stopped.
import {chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {start} from '../../helpers/run.js'

function startSandbox(args: string[]): {ready: Promise<string>; exited: Promise<number | null>; kill: (signal: NodeJS.Signals) => void; stderr: () => string} {
  const sandbox = start('kubekit', ['sandbox', 'start', '--scenario', 'empty', '--http', ...args])
  const readyLine = /^sandbox ready: \S+ kubeconfig=(\S+)\n/
  const ready = sandbox.until(() => readyLine.test(sandbox.stdout()), 'the ready line').then(() => readyLine.exec(sandbox.stdout())![1]!)
  return {ready, exited: sandbox.result.then((result) => result.code), kill: (signal) => sandbox.kill(signal), stderr: () => sandbox.stderr()}
}

const modeOf = (path: string) => statSync(path).mode & 0o777

describe('kubekit sandbox start: the kubeconfig it writes', () => {
  it('SIGHUP removes the temporary kubeconfig (0600) and exits 129', async () => {
    const sandbox = startSandbox([])
    const kubeconfig = await sandbox.ready
    expect(modeOf(kubeconfig)).toBe(0o600)
    expect(readFileSync(kubeconfig, 'utf8')).toContain('token: ')
    sandbox.kill('SIGHUP')
    expect(await sandbox.exited).toBe(129)
    expect(existsSync(kubeconfig)).toBe(false)
    expect(existsSync(dirname(kubeconfig))).toBe(false)
    expect(sandbox.stderr()).toBe('')
  })

  it('--write-kubeconfig onto an existing world-readable file leaves a 0600 file; SIGTERM still exits 0 and keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-sandbox-start-'))
    const kubeconfig = join(dir, 'kubeconfig')
    writeFileSync(kubeconfig, 'old contents\n')
    chmodSync(kubeconfig, 0o644)
    const sandbox = startSandbox(['--write-kubeconfig', kubeconfig])
    expect(await sandbox.ready).toBe(kubeconfig)
    expect(modeOf(kubeconfig)).toBe(0o600)
    expect(readFileSync(kubeconfig, 'utf8')).toContain('current-context: kubekit-sandbox')
    sandbox.kill('SIGTERM')
    expect(await sandbox.exited).toBe(0)
    expect(modeOf(kubeconfig)).toBe(0o600)
  })
})
