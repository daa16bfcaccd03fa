// `kubekit sandbox start` writes a kubeconfig with a bearer token: it is 0600 whatever was
// there before, and the temporary one is removed however the process is stopped.
import {spawn} from 'node:child_process'
import {chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {binDir} from '../../helpers/run.js'

function startSandbox(args: string[]): {ready: Promise<string>; exited: Promise<number | null>; kill: (signal: NodeJS.Signals) => void; stderr: () => string} {
  const child = spawn(process.execPath, [join(binDir, 'kubekit'), 'sandbox', 'start', '--scenario', 'empty', '--http', ...args], {stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
      const match = /^sandbox ready: \S+ kubeconfig=(\S+)\n/.exec(stdout)
      if (match) resolve(match[1]!)
    })
    child.on('exit', () => reject(new Error(`exited before ready: ${stderr}`)))
  })
  return {ready, exited, kill: (signal) => child.kill(signal), stderr: () => stderr}
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
