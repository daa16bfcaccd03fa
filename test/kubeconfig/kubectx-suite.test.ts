// kubectx's own test suite (ahmetb/kubectx test/kubectx.bats and test/kubens.bats), case by case,
// run against kubectl ctx and kubectl ns with kubectl itself as the oracle for the current context and
// namespace, as the suite's common.bash uses it. bats' $output is stdout and stderr together; the
// assertions below name which stream each check reads. Left out: "no kubectl detected" (kubekit does not
// run kubectl). Differences, each asserted as kubekit does it: `-` with no previous context gives the Go
// kubectx's words (`failed to switch context: no previous context found`; the bats file still has the bash
// version's); with no kubeconfig, ctx lists nothing as kubectx does and adds a `warning: no kubeconfig
// found` line on stderr, and ns says that instead of kubens' `current-context is not set`.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {inProcess, run, sandboxDir} from './helpers.js'

/** test/testdata/config1 and config2 of kubectx, their cluster pointed at `server` (kubens lists namespaces). */
function testdata(contexts: 1 | 2, server: {url: string; token: string; ca?: string | undefined}): string {
  const ca = server.ca ? `\n    certificate-authority-data: ${Buffer.from(server.ca).toString('base64')}` : ''
  const users = contexts === 1 ? ['user1'] : ['user1', 'user2']
  return `# config with ${contexts === 1 ? 'one context' : 'two contexts'}

apiVersion: v1
clusters:
- cluster:
    server: "${server.url}"${ca}
  name: cluster1
contexts:
${users.map((user) => `- context:\n    cluster: cluster1\n    user: ${user}\n  name: ${user}@cluster1\n`).join('')}current-context: "${contexts === 1 ? '' : 'user1@cluster1'}"
kind: Config
preferences: {}
users:
${users.map((user) => `- name: ${user}\n  user: {token: ${server.token}}\n`).join('')}`
}

let cluster: Sandbox
let env: NodeJS.ProcessEnv
let kubeconfig: string

beforeAll(async () => {
  cluster = await startSandbox({scenario: 'empty'})
})
afterAll(async () => {
  await cluster?.stop()
})
beforeEach(() => {
  // common.bash setup(): a fresh XDG_CACHE_HOME, KUBECONFIG inside it (no file yet).
  const sandbox = sandboxDir()
  env = sandbox.env
  kubeconfig = join(sandbox.dir, 'config')
  env.KUBECONFIG = kubeconfig
})

const useConfig = (contexts: 1 | 2) => writeFileSync(kubeconfig, testdata(contexts, cluster))
const kubectx = (...args: string[]) => inProcess('ctx', args, env)
const kubens = (...args: string[]) => inProcess('ns', args, env)
const kubectl = async (...args: string[]) => (await run('kubectl', args, {KUBECONFIG: kubeconfig, HOME: env.HOME})).stdout
const getContext = async () => (await kubectl('config', 'current-context')).trim()
const getNamespace = async () => kubectl('config', 'view', `-o=jsonpath={.contexts[?(@.name=="${await getContext()}")].context.namespace}`)

describe('kubectx.bats', () => {
  it('--help and -h should not fail', async () => {
    expect((await kubectx('--help')).code).toBe(0)
    expect((await kubectx('-h')).code).toBe(0)
  })

  it('switch to previous context when no one exists', async () => {
    useConfig(1)
    expect(await kubectx('-')).toEqual({code: 1, stdout: '', stderr: 'error: failed to switch context: no previous context found\n'})
  })

  it('list contexts when no kubeconfig exists (stdout empty; kubekit warns on stderr)', async () => {
    expect(await kubectx()).toMatchObject({code: 0, stdout: '', stderr: expect.stringMatching(/^warning: no kubeconfig found/)})
  })

  it('get one context and list contexts', async () => {
    useConfig(1)
    expect(await kubectx()).toEqual({code: 0, stdout: 'user1@cluster1\n', stderr: ''})
  })

  it('get two contexts and list contexts', async () => {
    useConfig(2)
    expect(await kubectx()).toEqual({code: 0, stdout: 'user1@cluster1\nuser2@cluster1\n', stderr: ''})
  })

  it('get two contexts and select contexts', async () => {
    useConfig(2)
    expect((await kubectx('user1@cluster1')).code).toBe(0)
    expect(await getContext()).toBe('user1@cluster1')
    expect((await kubectx('user2@cluster1')).code).toBe(0)
    expect(await getContext()).toBe('user2@cluster1')
  })

  it('get two contexts and switch between contexts', async () => {
    useConfig(2)
    for (const [args, expected] of [[['user1@cluster1'], 'user1@cluster1'], [['user2@cluster1'], 'user2@cluster1'], [['-'], 'user1@cluster1'], [['-'], 'user2@cluster1']] as const) {
      expect((await kubectx(...args)).code).toBe(0)
      expect(await getContext()).toBe(expected)
    }
  })

  it('get one context and switch to non existent context', async () => {
    useConfig(1)
    expect((await kubectx('unknown-context')).code).toBe(1)
  })

  it('-c/--current fails when no context set', async () => {
    useConfig(1)
    expect((await kubectx('-c')).code).toBe(1)
    expect((await kubectx('--current')).code).toBe(1)
  })

  it('-c/--current prints the current context', async () => {
    useConfig(1)
    expect((await kubectx('user1@cluster1')).code).toBe(0)
    expect(await kubectx('-c')).toEqual({code: 0, stdout: 'user1@cluster1\n', stderr: ''})
    expect(await kubectx('--current')).toEqual({code: 0, stdout: 'user1@cluster1\n', stderr: ''})
  })

  it('rename context', async () => {
    useConfig(2)
    expect((await kubectx('new-context=user1@cluster1')).code).toBe(0)
    expect(await kubectx()).toMatchObject({code: 0, stdout: 'new-context\nuser2@cluster1\n'})
  })

  it('rename current context', async () => {
    useConfig(2)
    expect((await kubectx('user2@cluster1')).code).toBe(0)
    expect((await kubectx('new-context=.')).code).toBe(0)
    expect(await kubectx()).toMatchObject({code: 0, stdout: 'new-context\nuser1@cluster1\n'})
  })

  it('delete context', async () => {
    useConfig(2)
    expect((await kubectx('-d', 'user1@cluster1')).code).toBe(0)
    expect(await kubectx()).toMatchObject({code: 0, stdout: 'user2@cluster1\n'})
  })

  it('delete current context', async () => {
    useConfig(2)
    expect((await kubectx('user2@cluster1')).code).toBe(0)
    expect((await kubectx('-d', '.')).code).toBe(0)
    expect(await kubectx()).toMatchObject({code: 0, stdout: 'user1@cluster1\n'})
  })

  it('delete non existent context', async () => {
    useConfig(1)
    expect((await kubectx('-d', 'unknown-context')).code).toBe(1)
  })

  it('delete several contexts', async () => {
    useConfig(2)
    expect((await kubectx('-d', 'user1@cluster1', 'user2@cluster1')).code).toBe(0)
    expect(await kubectx()).toMatchObject({code: 0, stdout: ''})
  })

  it('delete several contexts including a non existent one', async () => {
    useConfig(2)
    expect((await kubectx('-d', 'user1@cluster1', 'non-existent', 'user2@cluster1')).code).toBe(1)
    expect(await kubectx()).toMatchObject({code: 0, stdout: 'user2@cluster1\n'})
  })

  it('unset selected context', async () => {
    useConfig(2)
    expect((await kubectx('-u')).code).toBe(0)
    expect((await kubectx('-c')).code).not.toBe(0)
  })
})

describe('kubens.bats', () => {
  // common.bash switch_context: kubectl config use-context.
  const switchContext = (name: string) => kubectl('config', 'use-context', name)

  it('--help and -h should not fail', async () => {
    expect((await kubens('--help')).code).toBe(0)
    expect((await kubens('-h')).code).toBe(0)
  })

  it('list namespaces when no kubeconfig exists (kubekit names the missing file)', async () => {
    expect(await kubens()).toEqual({code: 1, stdout: '', stderr: `error: no kubeconfig found (KUBECONFIG=${kubeconfig}): create one, or point KUBECONFIG at one\n`})
  })

  it('list namespaces', async () => {
    useConfig(1)
    await switchContext('user1@cluster1')
    const result = await kubens()
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')).toEqual(expect.arrayContaining(['default', 'kube-public', 'kube-system']))
  })

  it('switch to existent namespace', async () => {
    useConfig(1)
    await switchContext('user1@cluster1')
    expect(await kubens('kube-public')).toMatchObject({code: 0, stderr: expect.stringContaining('Active namespace is "kube-public"')})
  })

  it('switch to non-existent namespace', async () => {
    useConfig(1)
    await switchContext('user1@cluster1')
    expect(await kubens('unknown-namespace')).toMatchObject({code: 1, stderr: expect.stringContaining('no namespace exists with name "unknown-namespace"')})
  })

  it('switch between namespaces', async () => {
    useConfig(1)
    await switchContext('user1@cluster1')
    for (const [name, expected] of [['kube-public', 'kube-public'], ['kube-system', 'kube-system'], ['-', 'kube-public'], ['-', 'kube-system']] as const) {
      expect((await kubens(name)).code).toBe(0)
      expect(await getNamespace()).toBe(expected)
    }
  })

  it('switch to previous namespace when none exists', async () => {
    useConfig(1)
    await switchContext('user1@cluster1')
    expect(await kubens('-')).toMatchObject({code: 1, stderr: expect.stringContaining('No previous namespace found for current context')})
  })

  it('switch to namespace when current context is empty', async () => {
    useConfig(1)
    expect(await kubens('-')).toMatchObject({code: 1, stderr: expect.stringContaining('current-context is not set')})
  })
})

