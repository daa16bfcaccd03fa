import {chmodSync, copyFileSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {binPath, inProcess, run, sandboxDir} from './helpers.js'

const namespaces = ['team-a', 'team-b'].map((name) => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name}}))

describe('kubectl ns against the sandbox', () => {
  let cluster: Sandbox
  let denied: Sandbox
  let env: NodeJS.ProcessEnv
  let kubeconfig: string

  beforeAll(async () => {
    cluster = await startSandbox({scenario: 'empty', objects: namespaces})
    denied = await startSandbox({
      scenario: 'empty',
      objects: namespaces,
      deny: [
        {verb: 'list', resource: 'namespaces'},
        {verb: 'get', resource: 'namespaces'},
      ],
    })
  })
  afterAll(async () => {
    await cluster?.stop()
    await denied?.stop()
  })
  beforeEach(() => {
    const sandbox = sandboxDir()
    env = sandbox.env
    kubeconfig = join(sandbox.dir, 'config')
    copyFileSync(cluster.kubeconfigPath, kubeconfig)
    env.KUBECONFIG = kubeconfig
  })
  // ns runs in this process (the launcher's entry, see inProcess), against the sandbox in this process;
  // the read-only shell and the completion launcher run as real processes.
  const ns = (...args: string[]) => inProcess('ns', args, env)
  // kubectl runs asynchronously: the sandbox serves from this process, so a synchronous child that
  // talks to it (this machine's kubectl dispatcher asks the server its version) would wait on a
  // blocked server until it gives up.
  const kubectl = async (...args: string[]) => {
    const result = await run('kubectl', args, env)
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`)
    return result.stdout
  }
  const currentContextName = async () => (await kubectl('config', 'current-context')).trim()
  const kubectlNamespace = () => kubectl('config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].context.namespace}')

  it('lists the namespaces of the current context', async () => {
    const result = await ns()
    expect(result.stderr).toBe('')
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system', 'team-a', 'team-b'])
  })

  it('switches after checking the namespace exists; kubectl sees the change', async () => {
    expect(await ns('team-a')).toMatchObject({code: 0, stderr: '✔ Active namespace is "team-a"\n'})
    expect(await kubectlNamespace()).toBe('team-a')
    expect((await ns('-c')).stdout).toBe('team-a\n')
    expect(await ns('-')).toMatchObject({code: 0, stderr: '✔ Active namespace is "default"\n'})
  })

  it('refuses a namespace that does not exist, suggesting close names, and writes nothing', async () => {
    const before = readFileSync(kubeconfig, 'utf8')
    const result = await ns('team-c')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^error: no namespace exists with name "team-c" \(did you mean "team-a" or "team-b"\?\)\n$/)
    expect(readFileSync(kubeconfig, 'utf8')).toBe(before)
  })

  it('explains a 403 on list and on get, and --force switches without the check', async () => {
    copyFileSync(denied.kubeconfigPath, kubeconfig)
    const list = await ns()
    expect(list.code).toBe(1)
    expect(list.stderr).toMatch(/^error: cannot list namespaces: .*forbidden.*; if you know the namespace exists, switch without the check: kubectl ns NAME --force\n$/)
    const get = await ns('team-a')
    expect(get.code).toBe(1)
    expect(get.stderr).toMatch(/^error: cannot check that namespace "team-a" exists: .*forbidden.*--force\n$/)
    expect(await ns('team-a', '--force')).toMatchObject({code: 0, stderr: '✔ Active namespace is "team-a"\n'})
    expect(await kubectlNamespace()).toBe('team-a')
  })

  it('honours kubectl\'s --request-timeout for the namespace check, and --context', async () => {
    const slow = cluster.faults.add({verb: 'get', resource: 'namespaces', latencyMs: 3000})
    try {
      // Without the flag the check would wait out the 3 s and succeed.
      const result = await ns('team-a', '--request-timeout=300ms')
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/^error: failed to query if namespace exists \(is cluster accessible\?\): .*\n$/)
    } finally {
      cluster.faults.remove(slow)
    }
    const context = await currentContextName()
    expect(await ns('--context', context, 'team-b', '-v=6')).toMatchObject({code: 0, stderr: '✔ Active namespace is "team-b"\n'})
    expect(await kubectlNamespace()).toBe('team-b')
  })

  it('kubectl ctx -r: a shell whose kubectl can read but not write, and cannot switch away', async () => {
    const dir = dirname(kubeconfig)
    const context = await currentContextName()
    const script = join(dir, 'readonly-shell.sh')
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `cd "${dir}"`,
        'kubectl get namespaces -o name > get.out 2>&1',
        'kubectl create namespace blocked > create.out 2>&1; echo "exit=$?" >> create.out',
        'kubectl create namespace dry --dry-run=server -o name > dry.out 2>&1',
        'kubectl auth can-i list pods > can-i.out 2>&1',
        'kubectl exec -n default nothing -- true > exec.out 2>&1',
        `"${process.execPath}" "${binPath('kubectl-ctx')}" other > switch.out 2>&1`,
        'env | grep ^KUBECTX_ | sort > env.out',
        'grep -c token: "$KUBECONFIG" > tokens.out; grep -c client- "$KUBECONFIG" >> tokens.out',
        'exit 7',
        '',
      ].join('\n'),
    )
    chmodSync(script, 0o755)
    const result = await run('kubectl-ctx', ['-r', context], {...env, SHELL: script})
    expect(result, result.stderr).toMatchObject({code: 7})
    expect(result.stderr).toBe(`[READONLY SHELL] kubectl context is ${context} in READ-ONLY mode — type 'exit' to leave.\n[READONLY SHELL EXITED] kubectl context is now ${context}.\n`)
    const out = (name: string) => readFileSync(join(dir, name), 'utf8')
    expect(out('get.out')).toContain('namespace/team-a')
    expect(out('create.out')).toMatch(/\[kubekit\] readonly mode: POST requests are not allowed[\s\S]*exit=1/)
    expect(out('dry.out')).toBe('namespace/dry\n')
    expect(out('can-i.out')).toBe('yes\n')
    expect(out('exec.out')).toMatch(/not allowed|NotFound|not found/)
    expect(out('switch.out')).toBe(`error: you are in a locked single-context shell ("${context}[RO]"), use 'exit' to leave\n`)
    expect(out('env.out')).toBe('KUBECTX_ISOLATED_SHELL=1\nKUBECTX_READONLY_SHELL=1\n')
    // The shell's kubeconfig holds the proxy's token only, no certificate or credential of the user's.
    expect(out('tokens.out')).toBe('1\n0\n')
    // The sandbox answers from this process: ask it without blocking.
    const stdout = await kubectl('get', 'namespace', 'blocked', '--ignore-not-found', '-o', 'name')
    expect(stdout).toBe('')
  })

  it('completes namespace names for kubectl_complete-ns', async () => {
    const result = await run('kubectl_complete-ns', ['team'], env)
    expect(result.stdout).toBe('team-a\nteam-b\n:4\n')
  })
})
