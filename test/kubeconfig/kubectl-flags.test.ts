import {readFileSync} from 'node:fs'
import {beforeEach, describe, expect, it} from 'vitest'
import {handWritten, inProcess, run, sandboxDir, writeKubeconfig} from './helpers.js'

// kubectl runs `kubectl-ctx --context=prod` for `kubectl ctx --context=prod`: its global flags reach the plugin.
let env: NodeJS.ProcessEnv
let kubeconfig: string

beforeEach(() => {
  const sandbox = sandboxDir()
  env = sandbox.env
  kubeconfig = writeKubeconfig(sandbox.dir, 'config', handWritten)
  env.KUBECONFIG = kubeconfig
})

// ctx and ns run in this process, through the launchers' own entry (see inProcess).
const ctx = (...args: string[]) => inProcess('ctx', args, env)
const ns = (...args: string[]) => inProcess('ns', args, env)

describe('kubectl ctx with kubectl\'s global flags', () => {
  it('never renames a context after a flag (--context=prod, -v=6) and never reads a value as NAME', async () => {
    expect(await ctx('--context=prod')).toEqual({code: 0, stdout: 'dev-2\ndev-10\nprod\n', stderr: ''})
    expect(await ctx('-v=6')).toEqual({code: 0, stdout: 'dev-2\ndev-10\nprod\n', stderr: ''})
    expect(await ctx('--context', 'prod', '-v', '6', '--request-timeout=5s', '-n', 'x', '--insecure-skip-tls-verify', 'dev-2')).toMatchObject({code: 0, stderr: '✔ Switched to context "dev-2".\n'})
    expect(await ctx('-c', '--warnings-as-errors')).toEqual({code: 0, stdout: 'dev-2\n', stderr: ''})
    const text = readFileSync(kubeconfig, 'utf8')
    expect(text).not.toContain('--context')
    expect(text).not.toContain('name: -v')
    expect(text).toBe(handWritten.replace("current-context: 'prod'", "current-context: 'dev-2'"))
  })

  it('says which flag lacks its value', async () => {
    expect(await ctx('dev-2', '--context')).toMatchObject({code: 1, stderr: 'error: flag needs an argument: --context\n'})
  })

  it('completes context names for --context', async () => {
    // The completion launcher as kubectl runs it, then its entry in process.
    expect((await run('kubectl_complete-ctx', ['--context', 'dev'], env)).stdout).toBe('dev-2\ndev-10\n:4\n')
    expect((await inProcess('ctx', ['__complete', '--context=x', 'dev'], env)).stdout).toBe('dev-2\ndev-10\n:4\n')
  })
})

describe('kubectl ns with kubectl\'s global flags', () => {
  it('works on the --context given, not the current one', async () => {
    expect(await ns('-c', '--context=dev-2')).toEqual({code: 0, stdout: 'team-a\n', stderr: ''})
    expect(await ns('--context', 'dev-10', 'web', '-f', '-v=4')).toMatchObject({code: 0, stderr: '✔ Active namespace is "web"\n'})
    expect(readFileSync(kubeconfig, 'utf8')).toContain('{cluster: dev-cluster, user: dev, namespace: web}')
    expect((await ns('-c')).stdout).toBe('default\n')
    expect(await ns('-c', '--context', 'nope')).toMatchObject({code: 1, stderr: 'error: context "nope" (--context) not found\n'})
  })
})
