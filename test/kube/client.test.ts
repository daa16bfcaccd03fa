// The API client against small real HTTP(S) servers that answer the way an API server does.
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type {AddressInfo} from 'node:net'
import type {TLSSocket} from 'node:tls'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generate} from 'selfsigned'
import {afterEach, describe, expect, it} from 'vitest'
import {failure, oneContextKubeconfig} from '../helpers/kube.js'
import {connect, type KubeClient} from '../../src/kube/client.js'

const token = 'good-token-123456'
const closers: Array<() => void> = []
afterEach(() => {
  while (closers.length) closers.pop()!()
})

function status(code: number, reason: string, message: string, details: object = {}) {
  return JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code})
}

const pods = ['web-0', 'web-1', 'web-2', 'api-0', 'db-0'].map((name, i) => ({metadata: {name, namespace: 'default', resourceVersion: String(i + 1)}}))

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void

const apiHandler: Handler = (req, res, url) => {
  if (req.headers.authorization !== `Bearer ${token}`) {
    res.writeHead(401, {'content-type': 'application/json'}).end(status(401, 'Unauthorized', 'Unauthorized'))
    return
  }
  const path = url.pathname
  if (path === '/api/v1/namespaces/default/pods' && url.searchParams.get('watch') !== '1') {
    const limit = Number(url.searchParams.get('limit') ?? 500)
    const start = Number(url.searchParams.get('continue') || 0)
    const items = pods.slice(start, start + limit)
    const next = start + limit < pods.length ? String(start + limit) : undefined
    res.writeHead(200, {'content-type': 'application/json'})
    res.end(JSON.stringify({kind: 'PodList', metadata: {resourceVersion: '10', ...(next ? {continue: next} : {})}, items}))
    return
  }
  if (path === '/api/v1/namespaces/default/pods' && url.searchParams.get('watch') === '1') {
    const rv = url.searchParams.get('resourceVersion')
    res.writeHead(200, {'content-type': 'application/json'})
    if (rv === '10') {
      res.write(JSON.stringify({type: 'ADDED', object: {metadata: {name: 'new-0', resourceVersion: '11'}}}) + '\n')
      res.write(JSON.stringify({type: 'BOOKMARK', object: {metadata: {resourceVersion: '12'}}}) + '\n')
      res.end()
    } else if (rv === '12') {
      res.end(JSON.stringify({type: 'ERROR', object: JSON.parse(status(410, 'Expired', 'too old resource version: 12 (40)'))}) + '\n')
    } else res.end()
    return
  }
  const single = /^\/api\/v1\/namespaces\/default\/pods\/([^/]+)$/.exec(path)
  if (single) {
    const pod = pods.find((p) => p.metadata.name === single[1])
    if (pod) res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(pod))
    else res.writeHead(404).end(status(404, 'NotFound', `pods "${single[1]}" not found`, {name: single[1], kind: 'pods'}))
    return
  }
  if (path === '/api/v1/nodes') {
    res.writeHead(403).end(status(403, 'Forbidden', 'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope'))
    return
  }
  if (path === '/apis/metrics.k8s.io/v1beta1/nodes') {
    res.writeHead(404).end(status(404, 'NotFound', 'the server could not find the requested resource'))
    return
  }
  res.writeHead(500).end('internal trouble')
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => server.close())
  if (server instanceof http.Server) closers.push(() => server.closeAllConnections())
  return (server.address() as AddressInfo).port
}

/** A one-context kubeconfig for `server` whose user is alice, with the token (or `userYaml`) given. */
function kubeconfig(server: string, extra: {ca?: string; token?: string; userYaml?: string} = {}): string {
  return oneContextKubeconfig(server, {userYaml: extra.userYaml ?? `token: ${extra.token ?? token}`, ...(extra.ca ? {ca: extra.ca} : {})})
}

/** One certificate for 127.0.0.1 for the whole file: credentials are only ever sent over TLS. */
let pemsOnce: Promise<{private: string; cert: string}> | undefined
function testPems() {
  // An EC key: a server key's type is not what these tests are about, and RSA keys take a quarter second each to make.
  pemsOnce ??= generate([{name: 'commonName', value: 'kubekit-test'}], {
    keyType: 'ec',
    extensions: [{name: 'subjectAltName', altNames: [{type: 7, ip: '127.0.0.1'}]}],
  })
  return pemsOnce
}

/** An API server over TLS answering with `handler`; returns its URL and CA. */
async function tlsServer(handler: Handler = apiHandler): Promise<{url: string; ca: string}> {
  const pems = await testPems()
  const server = https.createServer({key: pems.private, cert: pems.cert}, (req, res) => handler(req, res, new URL(req.url!, 'https://x')))
  const port = await listen(server)
  closers.push(() => server.closeAllConnections())
  return {url: `https://127.0.0.1:${port}`, ca: pems.cert}
}

async function httpClient(options: {token?: string; requestTimeout?: string} = {}): Promise<KubeClient> {
  const {url, ca} = await tlsServer()
  return connect({kubeconfig: kubeconfig(url, {...options, ca}), requestTimeout: options.requestTimeout, env: {}})
}

describe('credentials', () => {
  async function listWith(userYaml: string): Promise<number> {
    const {url, ca} = await tlsServer()
    const client = await connect({kubeconfig: kubeconfig(url, {userYaml, ca}), env: {}})
    try {
      return (await client.list('pods')).items.length
    } finally {
      client.close()
    }
  }

  it('reads a tokenFile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-token-'))
    writeFileSync(join(dir, 'token'), `${token}\n`)
    expect(await listWith(`tokenFile: ${join(dir, 'token')}`)).toBe(5)
  })

  it('names an unreadable tokenFile', async () => {
    const error = await failure(listWith('tokenFile: /nonexistent/token'))
    expect(error.reason).toBe('kubeconfig')
    expect(error.message).toBe('cannot read tokenFile /nonexistent/token (user "alice", cluster "test"): ENOENT')
  })

  it('runs an exec credential plugin through client-node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-exec-'))
    const plugin = join(dir, 'credential-plugin.mjs')
    writeFileSync(
      plugin,
      `console.log(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: {token: '${token}'}}))\n`,
    )
    const user = ['exec:', '  apiVersion: client.authentication.k8s.io/v1', `  command: ${process.execPath}`, `  args: [${plugin}]`, '  interactiveMode: Never'].join('\n')
    expect(await listWith(user)).toBe(5)
  })

  it('authenticates with a client certificate, as kubeadm and ACK kubeconfigs do', async () => {
    const ca = await generate([{name: 'commonName', value: 'kubekit-test-ca'}], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{name: 'basicConstraints', cA: true}, {name: 'keyUsage', keyCertSign: true, cRLSign: true}],
    })
    const signer = {key: ca.private, cert: ca.cert}
    const serverPems = await generate([{name: 'commonName', value: '127.0.0.1'}], {
      keySize: 2048,
      algorithm: 'sha256',
      ca: signer,
      extensions: [{name: 'subjectAltName', altNames: [{type: 7, ip: '127.0.0.1'}]}, {name: 'extKeyUsage', serverAuth: true}],
    })
    const clientPems = await generate([{name: 'commonName', value: 'kubernetes-admin'}], {
      keySize: 2048,
      algorithm: 'sha256',
      ca: signer,
      extensions: [{name: 'extKeyUsage', clientAuth: true}],
    })
    const server = https.createServer({key: serverPems.private, cert: serverPems.cert, ca: ca.cert, requestCert: true, rejectUnauthorized: true}, (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate()
      res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({kind: 'PodList', metadata: {}, items: [{metadata: {name: peer.subject.CN}}]}))
    })
    const port = await listen(server)
    closers.push(() => server.closeAllConnections())
    const b64 = (text: string) => Buffer.from(text).toString('base64')
    const caFile = join(mkdtempSync(join(tmpdir(), 'kubekit-ca-')), 'ca.crt')
    writeFileSync(caFile, ca.cert)
    const file = kubeconfig(`https://127.0.0.1:${port}`, {userYaml: `client-certificate-data: ${b64(clientPems.cert)}\nclient-key-data: ${b64(clientPems.private)}`})
    const client = await connect({kubeconfig: file, certificateAuthority: caFile, env: {}})
    const {items} = await client.list<{metadata: {name: string}}>('pods')
    expect(items.map((p) => p.metadata.name)).toEqual(['kubernetes-admin'])
    client.close()
    const anonymous = await connect({kubeconfig: kubeconfig(`https://127.0.0.1:${port}`), env: {}, certificateAuthority: caFile})
    expect((await failure(anonymous.list('pods'))).reason).toMatch(/tls|unreachable/)
  })

  /** An exec user running `command` with `args`, and an installHint when given. */
  const execUser = (command: string, args: string[] = [], hint?: string) =>
    ['exec:', '  apiVersion: client.authentication.k8s.io/v1', `  command: ${command}`, `  args: ${JSON.stringify(args)}`, '  interactiveMode: Never', ...(hint ? [`  installHint: ${JSON.stringify(hint)}`] : [])].join('\n')
  const plugin = (command: string) => `the credential plugin "${command}" of user "alice" (context "test")`

  it('explains an exec plugin that is not installed, with its install hint', async () => {
    const missing = await failure(listWith(execUser('/nonexistent/aws-iam-authenticator')))
    expect(missing.reason).toBe('kubeconfig')
    expect(missing.message).toBe(`${plugin('/nonexistent/aws-iam-authenticator')} is not installed or not on PATH; install it, or fix exec.command in the kubeconfig`)
    const hinted = await failure(listWith(execUser('/nonexistent/gke-gcloud-auth-plugin', [], 'Install it with: gcloud components install gke-gcloud-auth-plugin\nmore text')))
    expect(hinted.message).toBe(`${plugin('/nonexistent/gke-gcloud-auth-plugin')} is not installed or not on PATH: Install it with: gcloud components install gke-gcloud-auth-plugin`)
  })

  it('explains an exec plugin that fails, prints no ExecCredential, or fails silently', async () => {
    const node = process.execPath
    const failed = await failure(listWith(execUser(node, ['-e', 'console.error("error: SSO session expired"); process.exit(1)'])))
    expect(failed.message).toBe(`${plugin(node)} failed: error: SSO session expired; log in again with the tool that set it up, or run it by hand to see why`)
    const garbage = await failure(listWith(execUser(node, ['-e', 'console.log("hello")'])))
    expect(garbage.message).toBe(`${plugin(node)} printed something that is not an ExecCredential; run it by hand to see what it prints`)
    const silent = await failure(listWith(execUser(node, ['-e', 'process.exit(1)'])))
    expect(silent.message).toBe(`${plugin(node)} failed without saying why; run it by hand to see the error`)
  })

  it('a user with no credential at all: a 401 says none was sent, not "log in again"', async () => {
    const error = await failure(listWith('{}'))
    expect(error.reason).toBe('unauthorized')
    expect(error.message).toMatch(
      /^the API server at https:\/\/127\.0\.0\.1:\d+ \(context "test"\) asks for credentials \(401\), and user "alice" has none in the kubeconfig \(no token, password, client certificate or plugin that gave one\); set them, or use a context whose user has them$/,
    )
  })

  // kubectl 1.32 sends no credentials then either (on a terminal it asks for a username; `kubectl
  // config view --minify` says `cannot locate user nobody`): the 401 line says the user is missing.
  it.each([
    ['nobody', ''],
    ['alicia', ' (did you mean "alice"?)'],
  ])('a context naming user "%s", which the kubeconfig lacks: the 401 line says so', async (name, hint) => {
    const {url, ca} = await tlsServer()
    const file = kubeconfig(url, {ca})
    writeFileSync(file, readFileSync(file, 'utf8').replace('context: {cluster: test, user: alice}', `context: {cluster: test, user: ${name}}`))
    const client = await connect({kubeconfig: file, env: {}})
    closers.push(() => client.close())
    const error = await failure(client.list('pods'))
    expect(error.reason).toBe('unauthorized')
    expect(error.message).toBe(
      `the API server at ${url} (context "test") asks for credentials (401), and user "${name}" is not in ${file}${hint}, so none were sent (kubectl sends none either); add the user to the kubeconfig, or set the context's user to one that is there`,
    )
  })
})

describe('KubeClient', () => {
  it('pages through a list with limit/continue', async () => {
    const client = await httpClient()
    const pages: string[][] = []
    for await (const page of client.listPages<{metadata: {name: string}}>('pods', {pageSize: 2})) pages.push(page.map((p) => p.metadata.name))
    expect(pages).toEqual([['web-0', 'web-1'], ['web-2', 'api-0'], ['db-0']])
    const all = await client.list('pods', {pageSize: 2})
    expect(all.items).toHaveLength(5)
    expect(all.resourceVersion).toBe('10')
    client.close()
  })

  /** Reads every page, noting each one's size. */
  async function drain(pages: AsyncIterable<unknown[]>, sizes: number[] = []): Promise<void> {
    for await (const page of pages) sizes.push(page.length)
  }

  /** A server whose pods list hands out continue tokens by `next(token)` (undefined: last page); counts the pages asked. */
  async function pagingClient(next: (token: string) => string | undefined): Promise<{client: KubeClient; url: string; pages: () => number}> {
    let pages = 0
    const {url, ca} = await tlsServer((_req, res, requestUrl) => {
      pages++
      const token = next(requestUrl.searchParams.get('continue') ?? '')
      res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({kind: 'PodList', metadata: {resourceVersion: '10', ...(token ? {continue: token} : {})}, items: [pods[pages % pods.length]]}))
    })
    const client = await connect({kubeconfig: kubeconfig(url, {ca}), env: {}})
    closers.push(() => client.close())
    return {client, url, pages: () => pages}
  }

  it('a server that keeps sending the same continue token: one line naming the server, not a loop', async () => {
    const {client, url, pages} = await pagingClient(() => 'same-token')
    const error = await failure(client.list('pods', {pageSize: 1}))
    expect(error.reason).toBe('server')
    expect(error.message).toBe(`the API server at ${url} sent on page 2 a continue token it had already sent, so the list would never end (reading pods)`)
    expect(pages()).toBe(2)
  })

  it('a continue token that comes back later (a cycle) is caught too; paging yields the pages before it', async () => {
    const cycle: Record<string, string> = {'': 'a', a: 'b', b: 'c', c: 'a'}
    const {client, pages} = await pagingClient((token) => cycle[token])
    const seen: number[] = []
    const error = await failure(drain(client.listPages('pods', {pageSize: 1}), seen))
    expect(error.message).toContain('sent on page 4 a continue token it had already sent')
    expect(seen).toEqual([1, 1, 1])
    expect(pages()).toBe(4)
  })

  it('the raw pager (kinds the resource table does not name, as the audit reads ResourceQuotas) has the same guard', async () => {
    const {client, url} = await pagingClient(() => 'same-token')
    const error = await failure(drain(client.listRawPages('/api/v1/namespaces/default/resourcequotas', 1)))
    expect(error.message).toBe(`the API server at ${url} sent on page 2 a continue token it had already sent, so the list would never end (reading /api/v1/namespaces/default/resourcequotas)`)
  })

  it('maps 401 to a credentials line naming the user and context', async () => {
    const client = await httpClient({token: 'wrong-token-999'})
    const error = await failure(client.list('pods'))
    expect(error.reason).toBe('unauthorized')
    expect(error.message).toMatch(/rejected the credentials of user "alice" \(context "test"\)/)
    expect(error.message).not.toContain('wrong-token-999')
  })

  it('maps 403 to the server message plus the RBAC rule needed', async () => {
    const client = await httpClient()
    const error = await failure(client.list('nodes'))
    expect(error.reason).toBe('forbidden')
    expect(error.message).toBe(
      'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope (RBAC needs verb "list" on nodes)',
    )
  })

  it('maps 404 to what was not found, with close names', async () => {
    const client = await httpClient()
    const error = await failure(client.get('pods', 'wbe-1'))
    expect(error.reason).toBe('not-found')
    expect(error.message).toBe('pod "wbe-1" not found in namespace "default" (did you mean "web-1"?)')
    const metrics = await failure(client.list('nodes.metrics.k8s.io'))
    expect(metrics.message).toBe('the API server does not serve nodes.metrics.k8s.io')
  })

  it('says which server and context it cannot reach', async () => {
    const probe = net.createServer()
    const port = await listen(probe)
    probe.close()
    // Quick retries (the client's knob): the message is the point here, not the real back-off's waits.
    const client = await connect({kubeconfig: kubeconfig(`https://127.0.0.1:${port}`), env: {}}, {tuning: {retryBackoff: {initialMs: 5, maxMs: 10}}})
    const error = await failure(client.list('pods'))
    expect(error.reason).toBe('unreachable')
    expect(error.message).toMatch(new RegExp(`cannot reach the API server at https://127.0.0.1:${port} \\(context "test"\\): connection refused`))
  })

  it('gives up after --request-timeout when the server never answers', async () => {
    const sockets: net.Socket[] = []
    const silent = net.createServer((socket) => sockets.push(socket))
    const port = await listen(silent)
    closers.push(() => sockets.forEach((s) => s.destroy()))
    const client = await connect({kubeconfig: kubeconfig(`http://127.0.0.1:${port}`), requestTimeout: '300ms', env: {}})
    const error = await failure(client.list('pods'))
    expect(error.reason).toBe('timeout')
    expect(error.message).toBe(`the API server at http://127.0.0.1:${port} (context "test") did not answer within 300ms (--request-timeout)`)
  })

  it('verifies TLS against the kubeconfig CA and explains a failure', async () => {
    const pems = await generate([{name: 'commonName', value: 'kubekit-test'}], {
      keySize: 2048,
      extensions: [{name: 'subjectAltName', altNames: [{type: 7, ip: '127.0.0.1'}]}],
    })
    const server = https.createServer({key: pems.private, cert: pems.cert}, (req, res) => apiHandler(req, res, new URL(req.url!, 'https://x')))
    const port = await listen(server)
    closers.push(() => server.closeAllConnections())
    const url = `https://127.0.0.1:${port}`
    const untrusted = await connect({kubeconfig: kubeconfig(url), env: {}})
    const error = await failure(untrusted.list('pods'))
    expect(error.reason).toBe('tls')
    expect(error.message).toMatch(new RegExp(`TLS handshake with ${url} \\(context "test"\\) failed`))
    const trusted = await connect({kubeconfig: kubeconfig(url, {ca: pems.cert}), env: {}})
    expect((await trusted.list('pods')).items).toHaveLength(5)
    trusted.close()
    const skipped = await connect({kubeconfig: kubeconfig(url), insecureSkipTlsVerify: true, env: {}})
    expect((await skipped.list('pods')).items).toHaveLength(5)
    skipped.close()
  })

  it('resumes a watch from the last resourceVersion and reports 410 Gone', async () => {
    const client = await httpClient()
    const seen: string[] = []
    const progress: string[] = []
    const error = await failure(
      client.watch('pods', {
        resourceVersion: '10',
        onEvent: (type, object) => seen.push(`${type} ${object.metadata.name}`),
        onProgress: (rv) => progress.push(rv),
      }),
    )
    expect(seen).toEqual(['ADDED new-0'])
    expect(progress).toEqual(['11', '12'])
    expect(error.reason).toBe('gone')
    client.close()
  })

  it('sync lists, watches, and lists again after 410 Gone', async () => {
    const client = await httpClient()
    const controller = new AbortController()
    const log: string[] = []
    let syncs = 0
    await client.sync('pods', {
      signal: controller.signal,
      onSync: (items) => {
        log.push(`sync ${items.length}`)
        if (++syncs === 2) controller.abort()
      },
      onEvent: (type, object) => log.push(`${type} ${object.metadata.name}`),
    })
    expect(log).toEqual(['sync 5', 'ADDED new-0', 'sync 5'])
    client.close()
  })
})
