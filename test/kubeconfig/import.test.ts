// `kubectl ctx import`: another kubeconfig's clusters, users and contexts appended to the user's.
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {load} from 'js-yaml'
import {beforeEach, describe, expect, it} from 'vitest'
import {handWritten, handWrittenSetup, inProcess, writeKubeconfig} from './helpers.js'

let dir: string
let env: NodeJS.ProcessEnv
let kubeconfig: string

beforeEach(() => ({dir, env, kubeconfig} = handWrittenSetup()))

// ctx runs in this process, through the launchers' own entry (see inProcess).
const ctx = (...args: string[]) => inProcess('ctx', args, env)

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
