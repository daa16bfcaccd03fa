import {spawn, spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {load} from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {binPath, handWritten, sandboxDir, writeKubeconfig} from './helpers.js'

// util-linux `script` gives the command a real terminal, so this drives the picker end to end.
const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0

describe.skipIf(!hasScript)('the interactive picker on a real terminal', () => {
  it('opens with no argument, filters as you type, and Enter switches', async () => {
    const {dir, env} = sandboxDir()
    const kubeconfig = writeKubeconfig(dir, 'config', handWritten)
    Object.assign(env, {KUBECONFIG: kubeconfig, TERM: 'xterm', COLUMNS: '80', LINES: '24'})
    const child = spawn('script', ['-qfec', `stty cols 80 rows 24; "${process.execPath}" "${binPath('kubectl-ctx')}"`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'pipe']})
    let output = ''
    const seen = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => (output.includes(text) ? resolve() : setTimeout(check, 20))
        check()
      })
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)))
    await seen('context>')
    await seen('3/3')
    await new Promise((resolve) => setTimeout(resolve, 300)) // raw mode is set right after the first frame
    child.stdin.write('d10')
    await seen('1/3')
    child.stdin.write('\r')
    expect(await exited).toBe(0)
    expect(output).toContain('Switched to context "dev-10"')
    expect((load(readFileSync(kubeconfig, 'utf8')) as {'current-context': string})['current-context']).toBe('dev-10')
  }, 60_000)

  it('gives the plain list with KUBECTX_IGNORE_FZF, even on a terminal', () => {
    const {dir, env} = sandboxDir()
    Object.assign(env, {KUBECONFIG: writeKubeconfig(dir, 'config', handWritten), TERM: 'xterm', KUBECTX_IGNORE_FZF: '1'})
    const result = spawnSync('script', ['-qfec', `"${process.execPath}" "${binPath('kubectl-ctx')}"`, '/dev/null'], {env, encoding: 'utf8', input: ''})
    expect(result.status).toBe(0)
    expect(result.stdout.replaceAll('\r', '')).toBe('dev-2\ndev-10\nprod\n')
  })
})
