// `kubectl ctx --prompt`: kube-ps1's segment, from the kubeconfig alone.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'
import {handWrittenSetup, inProcess} from './helpers.js'

let dir: string
let env: NodeJS.ProcessEnv

beforeEach(() => ({dir, env} = handWrittenSetup()))

// ctx and ns run in this process, through the launchers' own entry (see inProcess).
const ctx = (...args: string[]) => inProcess('ctx', args, env)
const ns = (...args: string[]) => inProcess('ns', args, env)

describe('kubectl ctx --prompt', () => {
  it('prints kube-ps1\'s segment from the kubeconfig alone (N/A for a context without a namespace, as kube-ps1)', async () => {
    expect((await ctx('--prompt')).stdout).toBe('(⎈|prod:N/A)\n')
    await ns('web', '-f')
    expect((await ctx('--prompt')).stdout).toBe('(⎈|prod:web)\n')
  })

  it('honours KUBE_PS1_* variables and wraps colours for the shell', async () => {
    Object.assign(env, {KUBE_PS1_PREFIX: '[', KUBE_PS1_SUFFIX: ']', KUBE_PS1_SYMBOL_ENABLE: 'false', KUBE_PS1_NS_ENABLE: 'false'})
    expect((await ctx('--prompt')).stdout).toBe('[prod]\n')
    delete env.NO_COLOR
    Object.assign(env, {KUBE_PS1_CTX_COLOR: 'green'})
    expect((await ctx('--prompt', 'zsh')).stdout).toBe('[%{%F{2}%}prod%{%f%}]')
    // bash: readline's \001 \002 markers (\[ \] would print literally from a command substitution).
    expect((await ctx('--prompt', 'bash')).stdout).toBe('[\u0001\u001B[32m\u0002prod\u0001\u001B[39m\u0002]')
    Object.assign(env, {KUBE_PS1_ENABLED: 'off'})
    expect((await ctx('--prompt')).stdout).toBe('')
  })

  // Current kube-ps1 (kube-ps1.sh: _kube_ps1_symbol, kube_ps1), byte for byte in bash.
  it('KUBE_PS1_SYMBOL_CUSTOM: img is uncoloured ☸️, k8s the Nerd Font glyph in the symbol colour, oc its glyph in red', async () => {
    delete env.NO_COLOR
    Object.assign(env, {KUBE_PS1_CTX_COLOR: 'x', KUBE_PS1_NS_COLOR: 'x'}) // an unknown colour is the default colour
    const plainRest = '|\u0001\u001B[39m\u0002prod\u0001\u001B[39m\u0002:\u0001\u001B[39m\u0002N/A\u0001\u001B[39m\u0002)'
    env.KUBE_PS1_SYMBOL_CUSTOM = 'img'
    expect((await ctx('--prompt', 'bash')).stdout).toBe(`(\u2638\uFE0F${plainRest}`)
    Object.assign(env, {KUBE_PS1_SYMBOL_CUSTOM: 'k8s', KUBE_PS1_SYMBOL_COLOR: 'green'})
    expect((await ctx('--prompt', 'bash')).stdout).toBe(`(\u0001\u001B[32m\u0002\u{F10FE}\u0001\u001B[39m\u0002${plainRest}`)
    env.KUBE_PS1_SYMBOL_CUSTOM = 'oc'
    expect((await ctx('--prompt', 'bash')).stdout).toBe(`(\u0001\u001B[31m\u0002\uE7B7\u0001\u001B[39m\u0002${plainRest}`)
  })

  it('prefix and suffix colours, a background, symbol padding', async () => {
    delete env.NO_COLOR
    Object.assign(env, {KUBE_PS1_PREFIX_COLOR: 'yellow', KUBE_PS1_SUFFIX_COLOR: '208', KUBE_PS1_BG_COLOR: 'white', KUBE_PS1_SYMBOL_ENABLE: 'false'})
    expect((await ctx('--prompt', 'zsh')).stdout).toBe('%{%K{7}%}%{%F{3}%}(%{%f%}%{%F{1}%}prod%{%f%}:%{%F{6}%}N/A%{%f%}%{%F{208}%})%{%f%}%{%k%}')
    expect((await ctx('--prompt', 'bash')).stdout).toBe(
      '\u0001\u001B[47m\u0002\u0001\u001B[33m\u0002(\u0001\u001B[39m\u0002\u0001\u001B[31m\u0002prod\u0001\u001B[39m\u0002:\u0001\u001B[36m\u0002N/A\u0001\u001B[39m\u0002\u0001\u001B[38;5;208m\u0002)\u0001\u001B[39m\u0002\u0001\u001B[49m\u0002',
    )
    env.NO_COLOR = '1'
    Object.assign(env, {KUBE_PS1_SYMBOL_ENABLE: 'true', KUBE_PS1_SYMBOL_PADDING: 'true'})
    expect((await ctx('--prompt')).stdout).toBe('(⎈ |prod:N/A)\n')
  })

  it('KUBE_PS1_HIDE_IF_NOCONTEXT hides the segment without a context; kubeoff -g\'s file hides it unless KUBE_PS1_ENABLED=on', async () => {
    await ctx('-u')
    expect((await ctx('--prompt')).stdout).toBe('(⎈|N/A:N/A)\n')
    env.KUBE_PS1_HIDE_IF_NOCONTEXT = 'true'
    expect((await ctx('--prompt')).stdout).toBe('')
    await ctx('prod')
    expect((await ctx('--prompt')).stdout).toBe('(⎈|prod:N/A)\n')
    mkdirSync(join(env.HOME!, '.kube', 'kube-ps1'), {recursive: true})
    writeFileSync(join(env.HOME!, '.kube', 'kube-ps1', 'disabled'), '')
    expect(await ctx('--prompt')).toEqual({code: 0, stdout: '', stderr: ''})
    env.KUBE_PS1_ENABLED = 'on'
    expect((await ctx('--prompt')).stdout).toBe('(⎈|prod:N/A)\n')
  })

  it('shows N/A without a kubeconfig and never fails', async () => {
    env.KUBECONFIG = join(dir, 'missing')
    expect(await ctx('--prompt')).toEqual({code: 0, stdout: '(⎈|N/A:N/A)\n', stderr: ''})
  })
})
