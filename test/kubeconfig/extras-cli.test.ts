import {chmodSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {load} from 'js-yaml'
import {beforeEach, describe, expect, it} from 'vitest'
import {handWritten, inProcess, run, sandboxDir, writeKubeconfig} from './helpers.js'

let dir: string
let env: NodeJS.ProcessEnv
let kubeconfig: string

beforeEach(() => {
  ;({dir, env} = sandboxDir())
  kubeconfig = writeKubeconfig(dir, 'config', handWritten)
  env.KUBECONFIG = kubeconfig
})

// ctx and ns run in this process, through the launchers' own entry (see inProcess); --shell in a real one.
const ctx = (...args: string[]) => inProcess('ctx', args, env)
const ns = (...args: string[]) => inProcess('ns', args, env)

const kubeadm = `apiVersion: v1
clusters:
- cluster:
    certificate-authority: pki/ca.crt
    server: https://10.0.0.1:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
users:
- name: kubernetes-admin
  user:
    token: kubeadm-token
`

describe('kubectl ctx import', () => {
  it('appends clusters, users and contexts, byte-preserving the rest, with relative paths made absolute', async () => {
    const file = writeKubeconfig(dir, 'kubeadm.yaml', kubeadm)
    const result = await ctx('import', file)
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(`✔ Imported 1 context (kubernetes-admin@kubernetes), 1 cluster and 1 user into ${kubeconfig}. Switch with: kubectl ctx kubernetes-admin@kubernetes\n`)
    const text = readFileSync(kubeconfig, 'utf8')
    for (const line of handWritten.split('\n')) expect(text.split('\n')).toContain(line)
    const data = load(text) as {clusters: Array<{name: string; cluster: Record<string, string>}>; contexts: Array<{name: string}>; 'current-context': string}
    expect(data.clusters.at(-1)).toEqual({name: 'kubernetes', cluster: {'certificate-authority': join(dir, 'pki/ca.crt'), server: 'https://10.0.0.1:6443'}})
    expect(data.contexts.map((c) => c.name)).toEqual(['prod', 'dev-10', 'dev-2', 'kubernetes-admin@kubernetes'])
    expect(data['current-context']).toBe('prod')
  })

  it('renames colliding names (every kubeadm cluster is kubernetes-admin@kubernetes) and says so', async () => {
    const first = writeKubeconfig(dir, 'one.yaml', kubeadm)
    const second = writeKubeconfig(dir, 'two.yaml', kubeadm.replace('10.0.0.1', '10.0.0.2').replace('kubeadm-token', 'other-token'))
    await ctx('import', first)
    const result = await ctx('import', second)
    expect(result.stderr).toBe(
      'warning: cluster "kubernetes" already exists; imported as "kubernetes-2".\n' +
        'warning: user "kubernetes-admin" already exists; imported as "kubernetes-admin-2".\n' +
        'warning: context "kubernetes-admin@kubernetes" already exists; imported as "kubernetes-admin@kubernetes-2".\n' +
        `✔ Imported 1 context (kubernetes-admin@kubernetes-2), 1 cluster and 1 user into ${kubeconfig}. Switch with: kubectl ctx kubernetes-admin@kubernetes-2\n`,
    )
    const data = load(readFileSync(kubeconfig, 'utf8')) as {contexts: Array<{name: string; context: {cluster: string; user: string}}>}
    expect(data.contexts.at(-1)).toEqual({name: 'kubernetes-admin@kubernetes-2', context: {cluster: 'kubernetes-2', user: 'kubernetes-admin-2'}})
    expect(data.contexts.at(-2)).toEqual({name: 'kubernetes-admin@kubernetes', context: {cluster: 'kubernetes', user: 'kubernetes-admin'}})
  })

  it('names the imported context with --name, and creates the kubeconfig when there is none', async () => {
    const file = writeKubeconfig(dir, 'kubeadm.yaml', kubeadm)
    env.KUBECONFIG = join(dir, 'new', 'config')
    const result = await ctx('import', file, '--name', 'lab')
    expect(result.code).toBe(0)
    expect((await ctx()).stdout).toBe('lab\n')
    expect(existsSync(join(dir, 'new', 'config'))).toBe(true)
  })

  it('fails clearly on a missing file', async () => {
    expect(await ctx('import', join(dir, 'nope.yaml'))).toMatchObject({code: 1, stderr: `error: cannot import ${join(dir, 'nope.yaml')}: no such file\n`})
  })
})

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

describe('colour', () => {
  it('highlights nothing when piped, even without NO_COLOR; forced colour marks the current context', async () => {
    delete env.NO_COLOR
    expect((await ctx()).stdout).toBe('dev-2\ndev-10\nprod\n')
    env.FORCE_COLOR = '1'
    expect((await ctx()).stdout).toBe('dev-2\ndev-10\n\u001B[1m\u001B[32mprod\u001B[39m\u001B[22m\n')
    expect((await ctx('--no-color')).stdout).toBe('dev-2\ndev-10\nprod\n')
  })
})
