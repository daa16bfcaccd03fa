// Completion: kubectl's __complete protocol and the shell scripts.
import {beforeEach, describe, expect, it} from 'vitest'
import {handWrittenSetup, inProcess} from './helpers.js'

let env: NodeJS.ProcessEnv

beforeEach(() => ({env} = handWrittenSetup()))

// ctx runs in this process, through the launchers' own entry (see inProcess).
const ctx = (...args: string[]) => inProcess('ctx', args, env)

describe('completion', () => {
  it('answers kubectl\'s __complete protocol (the entry kubectl_complete-ctx runs)', async () => {
    expect((await inProcess('ctx', ['__complete', 'dev'], env)).stdout).toBe('dev-2\ndev-10\n:4\n')
    expect((await inProcess('ctx', ['__complete', ''], env)).stdout).toBe('dev-2\ndev-10\nprod\n:4\n')
    expect((await inProcess('ctx', ['__complete', '-d', 'dev-2', 'p'], env)).stdout).toBe('prod\n:4\n')
    expect((await inProcess('ctx', ['__complete', 'prod', ''], env)).stdout).toBe(':4\n')
    expect((await inProcess('ctx', ['__complete', '-d', 'p'], env)).stdout).toBe('prod\n:4\n')
  })

  it('prints scripts for bash, zsh and fish', async () => {
    expect((await ctx('--completion', 'bash')).stdout).toContain('complete -F _kubekit_ctx_ns kubectl-ctx kubectl-ns')
    expect((await ctx('--completion', 'zsh')).stdout).toContain('compdef _kubekit_ctx_ns kubectl-ctx kubectl-ns')
    expect((await ctx('--completion', 'fish')).stdout).toContain('complete -c $cmd -f')
  })
})
