import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'
import {resolveConnection} from '../../src/kube/config.js'
import {KubeError} from '../../src/kube/errors.js'
import {parseDuration} from '../../src/kube/options.js'
import {redactSecrets} from '../../src/util/redact.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubekit-config-'))
})

function write(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const first = `apiVersion: v1
kind: Config
current-context: alpha
clusters:
- name: alpha
  cluster: {server: "https://alpha.example:6443"}
- name: shared
  cluster: {server: "https://first.example"}
users:
- name: alice
  user: {token: alice-secret-token}
contexts:
- name: alpha
  context: {cluster: alpha, user: alice, namespace: shop}
- name: shared
  context: {cluster: shared, user: alice}
`

const second = `apiVersion: v1
kind: Config
current-context: beta
clusters:
- name: beta
  cluster: {server: "http://127.0.0.1:8080"}
- name: shared
  cluster: {server: "https://second.example"}
users:
- name: bob
  user: {username: bob, password: bob-password-1}
contexts:
- name: beta
  context: {cluster: beta, user: bob}
`

function expectKubeError(fn: () => unknown, reason: string, pattern: RegExp) {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(KubeError)
    expect((error as KubeError).reason).toBe(reason)
    expect((error as Error).message).toMatch(pattern)
    return
  }
  throw new Error('expected a KubeError')
}

describe('resolveConnection', () => {
  it('merges KUBECONFIG files like kubectl: first current-context and first definition win, missing files skipped', () => {
    const a = write('a', first)
    const b = write('b', second)
    const env = {KUBECONFIG: [join(dir, 'missing'), a, b].join(':'), HOME: dir}
    const conn = resolveConnection({env})
    expect(conn.contextName).toBe('alpha')
    expect(conn.namespace).toBe('shop')
    expect(conn.server).toBe('https://alpha.example:6443')
    expect(conn.files).toEqual([a, b])
    expect(resolveConnection({env, context: 'shared'}).server).toBe('https://first.example')
    const beta = resolveConnection({env, context: 'beta'})
    expect(beta.server).toBe('http://127.0.0.1:8080')
    expect(beta.namespace).toBe('default')
  })

  it('lets flags override namespace, cluster, user and server', () => {
    const a = write('a', first + '')
    const b = write('b', second)
    const env = {KUBECONFIG: `${a}:${b}`, HOME: dir}
    const conn = resolveConnection({env, namespace: 'other', cluster: 'beta', user: 'bob'})
    expect(conn.namespace).toBe('other')
    expect(conn.clusterName).toBe('beta')
    expect(conn.userName).toBe('bob')
    expect(resolveConnection({env, server: 'https://override:1'}).server).toBe('https://override:1')
  })

  it('prefers --kubeconfig over KUBECONFIG and fails clearly when it does not exist', () => {
    const a = write('a', first)
    const b = write('b', second)
    expect(resolveConnection({env: {KUBECONFIG: a}, kubeconfig: b}).contextName).toBe('beta')
    expectKubeError(() => resolveConnection({env: {}, kubeconfig: join(dir, 'nope')}), 'kubeconfig', /kubeconfig .*nope does not exist/)
  })

  it('names a missing context and suggests close ones', () => {
    const a = write('a', first)
    expectKubeError(() => resolveConnection({env: {KUBECONFIG: a}, context: 'alpah'}), 'kubeconfig', /context "alpah" not found in .*\/a \(did you mean "alpha"\?\)/)
  })

  it('says a context names no cluster, in the kubeconfig\'s words, never with an internal name', () => {
    const noCluster = write('noc', 'apiVersion: v1\nkind: Config\ncurrent-context: lonely\ncontexts:\n- name: lonely\n  context: {user: u}\nusers:\n- name: u\n  user: {token: abcdefgh}\n')
    expectKubeError(
      () => resolveConnection({env: {KUBECONFIG: noCluster}}),
      'kubeconfig',
      /^context "lonely" in .*\/noc names no cluster; set one with `kubectl config set-context lonely --cluster=NAME`, or pass --cluster or --server$/,
    )
    expect(resolveConnection({env: {KUBECONFIG: noCluster}, server: 'https://10.0.0.1:6443'}).server).toBe('https://10.0.0.1:6443')
  })

  it('names the file and line of malformed YAML', () => {
    const bad = write('bad', 'apiVersion: v1\nclusters:\n- name: x\n  cluster: {server: "unterminated\n')
    expectKubeError(() => resolveConnection({env: {KUBECONFIG: bad}}), 'kubeconfig', /malformed kubeconfig .*\/bad line \d+/)
  })

  it('says when there is no kubeconfig or no current context', () => {
    expectKubeError(() => resolveConnection({env: {HOME: dir}}), 'kubeconfig', /no kubeconfig found/)
    const noCurrent = write('nc', first.replace('current-context: alpha\n', ''))
    expectKubeError(() => resolveConnection({env: {KUBECONFIG: noCurrent}}), 'kubeconfig', /no current context is set in .*nc/)
  })

  it('rejects a bad --request-timeout and accepts kubectl durations', () => {
    const a = write('a', first)
    expect(resolveConnection({env: {KUBECONFIG: a}}).timeoutMs).toBe(30_000)
    expect(resolveConnection({env: {KUBECONFIG: a}, requestTimeout: '1m30s'}).timeoutMs).toBe(90_000)
    expectKubeError(() => resolveConnection({env: {KUBECONFIG: a}, requestTimeout: 'soon'}), 'invalid', /--request-timeout "soon"/)
  })

  it('registers credentials so no error line can print them', () => {
    const a = write('a', first)
    const b = write('b', second)
    resolveConnection({env: {KUBECONFIG: `${a}:${b}`}})
    resolveConnection({env: {KUBECONFIG: `${a}:${b}`}, context: 'beta'})
    expect(redactSecrets('token alice-secret-token and bob-password-1')).toBe('token [redacted] and [redacted]')
    expect(redactSecrets('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]')
  })
})

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['0', 0],
    ['10', 10_000],
    ['500ms', 500],
    ['1h2m', 3_720_000],
    ['1.5s', 1500],
  ])('%s = %d ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected)
  })

  it.each(['', '10 s', 's', '5d', '-1s'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid --request-timeout/)
  })
})
