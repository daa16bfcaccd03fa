// Per-shell contexts: `kubectl ctx --export` and `--shell` give one terminal a private kubeconfig.
import {chmodSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {load} from 'js-yaml'
import {beforeEach, describe, expect, it} from 'vitest'
import {handWritten, handWrittenSetup, inProcess, run} from './helpers.js'

let dir: string
let env: NodeJS.ProcessEnv
let kubeconfig: string

beforeEach(() => ({dir, env, kubeconfig} = handWrittenSetup()))

// ctx and ns run in this process, through the launchers' own entry (see inProcess); --shell in a real one
// (the shell inherits its terminal and signals).
const ctx = (...args: string[]) => inProcess('ctx', args, env)

describe('per-shell contexts', () => {
  it('--export prints eval lines for a private minified kubeconfig; ctx and ns inside edit only it', async () => {
    const result = await ctx('--export', 'dev-2')
    expect(result.code).toBe(0)
    const exports = Object.fromEntries([...result.stdout.matchAll(/^export (\w+)='([^']*)';$/gm)].map((m) => [m[1], m[2]]))
    expect(exports.KUBEKIT_CTX_SOURCE_KUBECONFIG).toBe(kubeconfig)
    const privateFile = exports.KUBECONFIG!
    expect(exports.KUBEKIT_CTX_SESSION).toBe(privateFile)
    const data = load(readFileSync(privateFile, 'utf8')) as {contexts: Array<{name: string}>; clusters: Array<{name: string; cluster: Record<string, string>}>; 'current-context': string}
    expect(data.contexts.map((c) => c.name)).toEqual(['dev-2'])
    expect(data.clusters.map((c) => c.name)).toEqual(['dev-cluster'])
    expect(data['current-context']).toBe('dev-2')

    const inside = {...env, ...exports}
    const list = await inProcess('ctx', [], inside)
    expect(list.stdout).toBe('dev-2\ndev-10\nprod\n')
    expect((await inProcess('ctx', ['prod'], inside)).stderr).toBe('✔ Switched to context "prod".\n')
    expect((await inProcess('ctx', ['-c'], inside)).stdout).toBe('prod\n')
    expect((load(readFileSync(privateFile, 'utf8')) as {clusters: Array<{name: string; cluster: Record<string, string>}>}).clusters[0]).toEqual({
      name: 'prod-cluster',
      cluster: {'certificate-authority': join(dir, 'ca.crt'), server: 'https://prod.example:6443'},
    })
    expect((await inProcess('ns', ['web', '-f'], inside)).code).toBe(0)
    expect((await inProcess('ns', ['-c'], inside)).stdout).toBe('web\n')
    expect((await inProcess('ctx', ['-'], inside)).stderr).toBe('✔ Switched to context "dev-2".\n')
    // The user's own kubeconfig and kubectx state never changed.
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten)
    expect(existsSync(join(env.XDG_CACHE_HOME!, 'kubectx'))).toBe(false)
    expect((await ctx('-c')).stdout).toBe('prod\n')
  })

  it('--shell starts $SHELL with the private kubeconfig and removes it afterwards', async () => {
    const shell = join(dir, 'fake-shell')
    writeFileSync(shell, `#!/bin/sh\necho "KUBECONFIG=$KUBECONFIG" > ${join(dir, 'seen')}\n"${process.execPath}" "${join(process.cwd(), 'bin', 'kubectl-ctx')}" -c >> ${join(dir, 'seen')}\nexit 3\n`)
    chmodSync(shell, 0o755)
    env.SHELL = shell
    // A real process: the shell inherits its terminal and its signals.
    const result = await run('kubectl-ctx', ['--shell', 'dev-10'], env)
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('Shell with context "dev-10"')
    const [kubeconfigLine, currentLine] = readFileSync(join(dir, 'seen'), 'utf8').split('\n')
    const privateFile = kubeconfigLine!.slice('KUBECONFIG='.length)
    expect(privateFile).not.toBe(kubeconfig)
    expect(currentLine).toBe('dev-10')
    expect(existsSync(privateFile)).toBe(false)
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten)
  })
})
