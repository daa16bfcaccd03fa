// Kubeconfig entries with fields of the wrong type, or a plugin without what it needs: one line
// naming the entry, its file, the field and what it must be (kubectl's decoder refuses them too),
// never a JavaScript TypeError such as `server.replace is not a function` later.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'
import {resolveConnection} from '../../src/kube/config.js'
import {KubeError} from '../../src/kube/errors.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubekit-entry-check-'))
})

interface Entries {
  cluster?: unknown
  user?: unknown
  context?: unknown
  current?: unknown
}

/** A kubeconfig written as JSON (which kubectl reads as YAML), so each field can have any type. */
function kubeconfig(entries: Entries): string {
  const path = join(dir, 'config')
  const document = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': entries.current ?? 'c',
    clusters: [{name: 'k', cluster: entries.cluster ?? {server: 'https://10.0.0.1:6443'}}],
    users: [{name: 'u', user: entries.user ?? {token: 'entry-check-token'}}],
    contexts: [{name: 'c', context: entries.context ?? {cluster: 'k', user: 'u'}}],
  }
  writeFileSync(path, JSON.stringify(document))
  return path
}

function problem(entries: Entries, options: {context?: string} = {}): string {
  const path = kubeconfig(entries)
  try {
    resolveConnection({kubeconfig: path, env: {}, ...options})
  } catch (error) {
    expect(error).toBeInstanceOf(KubeError)
    return (error as Error).message.replace(path, 'FILE')
  }
  throw new Error('expected the kubeconfig to be refused')
}

const fix = '; fix the entry in the kubeconfig (kubectl refuses it too)'

describe('fields of the wrong type', () => {
  it.each([
    [{cluster: {server: ['https://10.0.0.1:6443']}}, 'cluster "k" in FILE: server must be a string, not a list'],
    [{cluster: {server: {host: 'x'}}}, 'cluster "k" in FILE: server must be a string, not a mapping'],
    [{cluster: {server: 123}}, 'cluster "k" in FILE: server must be a string, not a number'],
    [{cluster: {server: 'https://h', 'insecure-skip-tls-verify': 'yes'}}, 'cluster "k" in FILE: insecure-skip-tls-verify must be true or false, not a string'],
    [{cluster: {server: 'https://h', 'tls-server-name': 5}}, 'cluster "k" in FILE: tls-server-name must be a string, not a number'],
    [{cluster: {server: 'https://h', 'certificate-authority-data': 5}}, 'cluster "k" in FILE: certificate-authority-data must be a string, not a number'],
    [{user: {token: ['abc']}}, 'user "u" in FILE: token must be a string, not a list'],
    [{user: {tokenFile: 5}}, 'user "u" in FILE: tokenFile must be a string, not a number'],
    [{user: {'as-groups': 'admins'}}, 'user "u" in FILE: as-groups must be a list of strings, not a string'],
    [{context: {cluster: 5, user: 'u'}}, 'context "c" in FILE: cluster must be a string, not a number'],
    [{context: {cluster: 'k', user: 'u', namespace: 5}}, 'context "c" in FILE: namespace must be a string, not a number'],
    [{context: 'k'}, 'context "c" in FILE: the entry must be a mapping of fields, not a string'],
    // Cluster and user entries have their file paths resolved first; that must keep a non-mapping as it is.
    [{cluster: 'https://10.0.0.1:6443'}, 'cluster "k" in FILE: the entry must be a mapping of fields, not a string'],
    [{cluster: ['https://10.0.0.1:6443']}, 'cluster "k" in FILE: the entry must be a mapping of fields, not a list'],
    [{user: ['token', 'entry-check-token']}, 'user "u" in FILE: the entry must be a mapping of fields, not a list'],
    [{user: 'alice'}, 'user "u" in FILE: the entry must be a mapping of fields, not a string'],
    [{user: 5}, 'user "u" in FILE: the entry must be a mapping of fields, not a number'],
  ])('%j', (entries, message) => {
    expect(problem(entries)).toBe(message + fix)
  })

  it('never prints the value (it may be a credential)', () => {
    expect(problem({user: {token: 987654321987}})).not.toContain('987654321987')
  })

  it('null is an unset field, as Go reads it', () => {
    expect(resolveConnection({kubeconfig: kubeconfig({cluster: {server: 'https://h:6443', 'proxy-url': null}}), env: {}}).server).toBe('https://h:6443')
  })
})

describe('credential plugins and proxies', () => {
  const exec = {apiVersion: 'client.authentication.k8s.io/v1', command: 'aws'}
  it.each([
    [{user: {exec: 'aws'}}, 'user "u" in FILE: exec must be a mapping, not a string'],
    [{user: {exec: {...exec, command: 5}}}, 'user "u" in FILE: exec.command must be a string, not a number'],
    [{user: {exec: {...exec, args: 'eks get-token'}}}, 'user "u" in FILE: exec.args must be a list of strings, not a string'],
    [{user: {exec: {...exec, env: 'A=1'}}}, 'user "u" in FILE: exec.env must be a list, not a string'],
    [{user: {exec: {...exec, env: [{value: '1'}]}}}, 'user "u" in FILE: exec.env[0] must be a mapping with a name and a string value'],
    [{user: {exec: {apiVersion: exec.apiVersion}}}, 'user "u" in FILE: exec.command must name the credential plugin to run'],
    [{user: {exec: {command: 'aws'}}}, 'user "u" in FILE: exec.apiVersion must be set (client.authentication.k8s.io/v1 or v1beta1)'],
    [{user: {'auth-provider': {name: 'oidc', config: {'client-id': 5}}}}, 'user "u" in FILE: auth-provider.config must map names to strings'],
    [{cluster: {server: 'https://h', 'proxy-url': 'not a url'}}, 'cluster "k" in FILE: proxy-url must be an http://, https:// or socks5:// URL'],
    [{cluster: {server: 'https://h', 'proxy-url': 5}}, 'cluster "k" in FILE: proxy-url must be a string, not a number'],
  ])('%j', (entries, message) => {
    expect(problem(entries)).toBe(message + fix)
  })
})

describe('the server and the current context', () => {
  it('a server with another scheme is refused at once, not as a connection that failed', () => {
    expect(problem({cluster: {server: 'ftp://10.0.0.1:21'}})).toBe('cluster "k" in FILE: server "ftp://10.0.0.1:21" must be an https:// (or http://) URL or a host:port pair')
  })

  it('a current-context that is not a name is refused, naming the field', () => {
    expect(problem({current: ['c']})).toBe('current-context in FILE must be a context name, not a list; fix it with `kubectl ctx NAME`')
  })

  it('an empty --context is unset, as kubectl takes it: the current context is used', () => {
    expect(resolveConnection({kubeconfig: kubeconfig({}), context: '', env: {}}).contextName).toBe('c')
  })
})
