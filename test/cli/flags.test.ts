// kubectl's connection flags, typed after the plugin name, reach the request the plugin sends.
// The server speaks TLS: credentials are only ever sent over TLS (the last case checks plain http).
import http from 'node:http'
import https from 'node:https'
import type {AddressInfo} from 'node:net'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generate} from 'selfsigned'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {run} from '../helpers/run.js'

interface Seen {
  path: string
  authorization?: string | undefined
  impersonate?: string | undefined
}

const seen: Seen[] = []
const answer: http.RequestListener = (req, res) => {
  seen.push({path: req.url!, authorization: req.headers.authorization, impersonate: req.headers['impersonate-user'] as string | undefined})
  const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/?]+)/.exec(req.url!)
  if (!match) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, {'content-type': 'application/json'})
  res.end(JSON.stringify({kind: 'Pod', apiVersion: 'v1', metadata: {name: match[2], namespace: match[1]}}))
}
let server: https.Server
const plainServer = http.createServer(answer)
let plainUrl: string
let url: string
let home: string
let kubeconfig: string

beforeAll(async () => {
  const pems = await generate([{name: 'commonName', value: 'kubekit-flags'}], {keyType: 'ec', extensions: [{name: 'subjectAltName', altNames: [{type: 7, ip: '127.0.0.1'}]}]})
  const ca = Buffer.from(pems.cert).toString('base64')
  server = https.createServer({key: pems.private, cert: pems.cert}, answer)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  await new Promise<void>((resolve) => plainServer.listen(0, '127.0.0.1', resolve))
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  plainUrl = `http://127.0.0.1:${(plainServer.address() as AddressInfo).port}`
  home = mkdtempSync(join(tmpdir(), 'kubekit-flags-'))
  kubeconfig = join(home, 'config')
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: main
clusters:
- name: main
  cluster: {server: "${url}", certificate-authority-data: ${ca}}
- name: elsewhere
  cluster: {server: "https://127.0.0.1:1", certificate-authority-data: ${ca}}
- name: plain
  cluster: {server: "${plainUrl}"}
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
- name: plain
  context: {cluster: plain, user: alice}
`,
  )
})

afterAll(() => {
  for (const s of [server, plainServer]) {
    s.closeAllConnections()
    s.close()
  }
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
clusters: [{name: c, cluster: {server: "${url}", certificate-authority-data: ${readFileSync(kubeconfig, 'utf8').match(/certificate-authority-data: (\S+)\}/)![1]}}}]
users: [{name: u, user: {token: alternative-token-4}}]
contexts: [{name: alt, context: {cluster: c, user: u, namespace: alt-ns}}]
`)
    const request = await diagnose('--kubeconfig', alternative)
    expect(request).toEqual({path: '/api/v1/namespaces/alt-ns/pods/web-1', authorization: 'Bearer alternative-token-4', impersonate: undefined})
  })

  it('over plain http: no token and no impersonation, as kubectl (client-go) sends none', async () => {
    const request = await diagnose('--context', 'plain', '--as', 'bob')
    expect(request).toEqual({path: '/api/v1/namespaces/default/pods/web-1', authorization: undefined, impersonate: undefined})
  })
})
