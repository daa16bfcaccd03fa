// kubectl's connection flags, typed after the plugin name, reach the request the plugin sends.
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {run} from '../helpers/run.js'

interface Seen {
  path: string
  authorization?: string | undefined
  impersonate?: string | undefined
}

const seen: Seen[] = []
const server = http.createServer((req, res) => {
  seen.push({path: req.url!, authorization: req.headers.authorization, impersonate: req.headers['impersonate-user'] as string | undefined})
  const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/?]+)/.exec(req.url!)
  if (!match) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, {'content-type': 'application/json'})
  res.end(JSON.stringify({kind: 'Pod', apiVersion: 'v1', metadata: {name: match[2], namespace: match[1]}}))
})
let url: string
let home: string
let kubeconfig: string

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  home = mkdtempSync(join(tmpdir(), 'kubekit-flags-'))
  kubeconfig = join(home, 'config')
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: main
clusters:
- name: main
  cluster: {server: "${url}"}
- name: elsewhere
  cluster: {server: "http://127.0.0.1:1"}
users:
- name: alice
  user: {token: alice-token-0001}
- name: bob
  user: {token: bob-token-0002}
contexts:
- name: main
  context: {cluster: main, user: alice, namespace: shop}
- name: other
  context: {cluster: elsewhere, user: bob}
`,
  )
})

afterAll(() => {
  server.closeAllConnections()
  server.close()
})

async function diagnose(...args: string[]): Promise<Seen> {
  seen.length = 0
  // Only the first request matters here: diagnose reads its target before anything else.
  await run('kubectl', ['diagnose', 'pod', 'web-1', '--request-timeout', '5s', ...args], {HOME: home, KUBECONFIG: kubeconfig})
  expect(seen.length).toBeGreaterThan(0)
  return seen[0]!
}

describe('kubectl flags reach the API request', () => {
  it('uses the context namespace and user by default', async () => {
    expect(await diagnose()).toEqual({path: '/api/v1/namespaces/shop/pods/web-1', authorization: 'Bearer alice-token-0001', impersonate: undefined})
  })

  it('-n and --namespace=', async () => {
    expect((await diagnose('-n', 'kube-system')).path).toBe('/api/v1/namespaces/kube-system/pods/web-1')
    expect((await diagnose('--namespace=prod')).path).toBe('/api/v1/namespaces/prod/pods/web-1')
  })

  it('--user, --token and --as', async () => {
    expect((await diagnose('--user', 'bob')).authorization).toBe('Bearer bob-token-0002')
    expect((await diagnose('--token', 'flag-token-0003')).authorization).toBe('Bearer flag-token-0003')
    expect((await diagnose('--as', 'system:serviceaccount:shop:deployer')).impersonate).toBe('system:serviceaccount:shop:deployer')
  })

  it('--context with --cluster and --server overrides', async () => {
    const viaCluster = await diagnose('--context', 'other', '--cluster', 'main')
    expect(viaCluster).toEqual({path: '/api/v1/namespaces/default/pods/web-1', authorization: 'Bearer bob-token-0002', impersonate: undefined})
    const viaServer = await diagnose('--context', 'other', '--server', url)
    expect(viaServer.authorization).toBe('Bearer bob-token-0002')
  })

  it('--kubeconfig wins over KUBECONFIG', async () => {
    const alternative = join(home, 'alternative')
    writeFileSync(alternative, `apiVersion: v1
kind: Config
current-context: alt
clusters: [{name: c, cluster: {server: "${url}"}}]
users: [{name: u, user: {token: alternative-token-4}}]
contexts: [{name: alt, context: {cluster: c, user: u, namespace: alt-ns}}]
`)
    const request = await diagnose('--kubeconfig', alternative)
    expect(request).toEqual({path: '/api/v1/namespaces/alt-ns/pods/web-1', authorization: 'Bearer alternative-token-4', impersonate: undefined})
  })
})
