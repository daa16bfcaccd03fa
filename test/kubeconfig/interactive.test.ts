import {spawn, spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {load} from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {pickInteractively} from '../../src/kubeconfig/interactive.js'
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
    let waiting: {text: string; resolve: () => void} | undefined
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (waiting && output.includes(waiting.text)) waiting.resolve()
    })
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)))
    /** Resolves once the terminal has shown `text`; fails (with what it showed) if the picker exits or 20 s pass first. */
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        if (output.includes(text)) return resolve()
        const timer = setTimeout(() => reject(new Error(`the terminal never showed ${JSON.stringify(text)}; it showed:\n${output}`)), 20_000)
        waiting = {text, resolve: () => (clearTimeout(timer), resolve())}
        void exited.then((code) => reject(new Error(`the picker exited (${code}) before showing ${JSON.stringify(text)}; it showed:\n${output}`)))
      })
    await seen('context>')
    await seen('3/3')
    // The picker puts the terminal in raw mode just after its first frame. Keys typed before
    // that are not lost: the terminal holds them and hands them over when raw mode comes on
    // (Linux's n_tty keeps pending input across the switch; libuv switches with TCSADRAIN,
    // which does not flush it), so no pause is needed here.
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

describe('pickInteractively', () => {
  const base = {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {}, self: 'kubectl ctx'}

  it("asks the front end's picker and hands back its choice", async () => {
    const seen: unknown[] = []
    const io = {...base, pick: async (request: unknown) => (seen.push(request), 'prod')}
    expect(await pickInteractively(io, {items: ['dev', 'prod'], current: 'dev', prompt: 'context'})).toBe('prod')
    expect(seen).toEqual([{items: ['dev', 'prod'], current: 'dev', prompt: 'context'}])
  })

  it('without a picker, says to name what to use', async () => {
    await expect(pickInteractively(base, {items: ['dev'], current: undefined, prompt: 'namespace'})).rejects.toThrow('no interactive list here: name the namespace to use')
  })
})
