import {spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {binPath, handWritten, sandboxDir, writeKubeconfig} from './helpers.js'

// A real bash on a real terminal (tmux): what the user sees is what the terminal shows.
const hasTmux = spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0
const hasBash = spawnSync('bash', ['--version'], {stdio: 'ignore'}).status === 0

let socket: string | undefined
afterEach(() => {
  if (socket) spawnSync('tmux', ['-S', socket, 'kill-server'], {stdio: 'ignore'})
  socket = undefined
})

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-S', socket!, ...args], {encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`)
  return result.stdout
}

/** The pane's text (colours stripped), without trailing blank lines. */
const screen = () => tmux('capture-pane', '-p', '-t', 'k').replace(/\s+$/, '')
/** The pane with its colour escapes. */
const screenWithEscapes = () => tmux('capture-pane', '-p', '-e', '-t', 'k')
const lastLine = () => screen().split('\n').at(-1) ?? ''

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Types a line into the shell and waits for the prompt to come back with `prompt` in it. */
async function typeLine(line: string, prompt: RegExp): Promise<void> {
  tmux('send-keys', '-t', 'k', '-l', line)
  tmux('send-keys', '-t', 'k', 'Enter')
  await until(() => prompt.test(lastLine()), `a prompt matching ${prompt}`)
}

/** A bash under tmux with kubectl-ctx on PATH (through a one-line wrapper) and a clean environment. */
function startBash(): {dir: string; kubeconfig: string} {
  const {dir, env} = sandboxDir()
  const kubeconfig = writeKubeconfig(dir, 'config', handWritten)
  const binDir = join(dir, 'bin')
  mkdirSync(binDir)
  const wrapper = join(binDir, 'kubectl-ctx')
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${binPath('kubectl-ctx')}" "$@"\n`)
  chmodSync(wrapper, 0o755)
  socket = join(dir, 'tmux.sock')
  const vars: NodeJS.ProcessEnv = {...env, KUBECONFIG: kubeconfig, PATH: `${binDir}:${dirname(process.execPath)}:/usr/bin:/bin`, TERM: 'xterm-256color', PS1: 'ready$ '}
  delete vars.NO_COLOR
  const assignments = Object.entries(vars).map(([key, value]) => `${key}='${value}'`)
  spawnSync('tmux', ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'k', '-x', '120', '-y', '20', `env -i ${assignments.join(' ')} bash --norc --noprofile -i`], {stdio: 'ignore'})
  return {dir, kubeconfig}
}

describe.skipIf(!hasTmux || !hasBash)('the prompt segment in a real bash', () => {
  it('renders colours without literal \\[ \\] from PS1=\'$(kubectl-ctx --prompt bash) \\$ \'', async () => {
    startBash()
    await until(() => lastLine().startsWith('ready$'), 'bash')
    await typeLine(`PS1='$(kubectl-ctx --prompt bash) \\$ '`, /^\(⎈\|prod:N\/A\) [$#]$/)
    expect(screen()).not.toMatch(/\\\[|\\\]/)
    // The colour codes reached the terminal (kube-ps1's defaults: blue symbol, red context, cyan namespace).
    // eslint-disable-next-line no-control-regex
    expect(screenWithEscapes()).toMatch(/\u001B\[34m⎈\u001B\[39m\|\u001B\[31mprod\u001B\[39m:\u001B\[36mN\/A\u001B\[39m\) [$#]/)
    // readline counted only the visible characters: the cursor sits right after "$ ".
    expect(Number(tmux('display-message', '-p', '-t', 'k', '#{cursor_x}').trim())).toBe('(⎈|prod:N/A) $ '.length)
  }, 60_000)

  it('--prompt-init caches the segment by the kubeconfig mtime and refreshes it after a change', async () => {
    const {kubeconfig} = startBash()
    await until(() => lastLine().startsWith('ready$'), 'bash')
    await typeLine(`eval "$(kubectl-ctx --prompt-init bash)"; PS1='\${KUBEKIT_PS1} \\$ '`, /^\(⎈\|prod:N\/A\) [$#]$/)
    // A switch in this shell shows on the next prompt.
    await typeLine('kubectl-ctx dev-2 2>/dev/null', /^\(⎈\|dev-2:team-a\) [$#]$/)
    // A change written with the file's old mtime is not seen: the prompt ran no kubectl-ctx, only a stat.
    const before = statSync(kubeconfig)
    const switched = readFileSync(kubeconfig, 'utf8')
    expect(switched).toContain("current-context: 'dev-2'")
    writeFileSync(kubeconfig, switched.replace("current-context: 'dev-2'", "current-context: 'prod'"))
    utimesSync(kubeconfig, before.atime, before.mtime)
    await typeLine('true', /^\(⎈\|dev-2:team-a\) [$#]$/)
    // Once the mtime moves, the next prompt recomputes.
    utimesSync(kubeconfig, new Date(), new Date(Date.now() + 2000))
    await typeLine('true', /^\(⎈\|prod:N\/A\) [$#]$/)
    // Changing KUBECONFIG or a KUBE_PS1_* setting recomputes too.
    await typeLine('KUBE_PS1_PREFIX="<"', /^<⎈\|prod:N\/A\) [$#]$/)
    await typeLine('KUBECONFIG=/nonexistent', /^<⎈\|N\/A:N\/A\) [$#]$/)
    // The previous command's exit status is kept for the user's own prompt.
    await typeLine('false; echo "status=$?"', /[$#]$/)
    expect(screen()).toContain('status=1')
  }, 60_000)
})
