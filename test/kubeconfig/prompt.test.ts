// `kubectl ctx --prompt`: kube-ps1's segment, from the kubeconfig alone.
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

  it('shows N/A without a kubeconfig and never fails', async () => {
    env.KUBECONFIG = join(dir, 'missing')
    expect(await ctx('--prompt')).toEqual({code: 0, stdout: '(⎈|N/A:N/A)\n', stderr: ''})
  })
})
