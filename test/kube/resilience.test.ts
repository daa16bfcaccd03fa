// The API client against servers that misbehave as real servers, proxies and load balancers do:
// stalled and trickled bodies, throttling, 5xx, watches that end at once or send garbage, streams
// that go quiet, outages. Each case bounds the time by the timeout under test, never tighter.
import {getEventListeners} from 'node:events'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type {AddressInfo} from 'node:net'
import {generate} from 'selfsigned'
import {afterEach, describe, expect, it} from 'vitest'
import {Backoff, retryAfterMs, sleep} from '../../src/kube/backoff.js'
import {failure, oneContextKubeconfig} from '../helpers/kube.js'
import {connect, type ClientTuning, type KubeClient, type RetryNotice} from '../../src/kube/client.js'
import {displayServer} from '../../src/kube/errors.js'

const closers: Array<() => void> = []
afterEach(() => {
  while (closers.length) closers.pop()!()
})

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void

/** Quick waits, so a test sees many retries without waiting long. */
const fast: Partial<ClientTuning> = {
  retryBackoff: {initialMs: 10, maxMs: 40},
  watchBackoff: {initialMs: 20, maxMs: 80},
  watchHealthyMs: 60_000,
}

const podList = JSON.stringify({kind: 'PodList', metadata: {resourceVersion: '10'}, items: [{metadata: {name: 'web-0', namespace: 'default', resourceVersion: '5'}}]})

function status(code: number, reason: string, message: string): string {
  return JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code})
}

async function serve(handler: Handler, port = 0): Promise<{port: number; server: http.Server; requests: URL[]; headers: http.IncomingHttpHeaders[]}> {
  const requests: URL[] = []
  const headers: http.IncomingHttpHeaders[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x')
    requests.push(url)
    headers.push(req.headers)
    handler(req, res, url)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  closers.push(() => {
    server.closeAllConnections()
    server.close()
  })
  return {port: (server.address() as AddressInfo).port, server, requests, headers}
}

/** `user` and `clusterFields`: fields as the inside of a flow mapping (`token: x, client-key: y`). */
function kubeconfig(server: string, user = 'token: secret-token-123456', clusterFields = ''): string {
  return oneContextKubeconfig(server, {userYaml: `{${user}}`, clusterFields, namespace: 'default'})
}

async function client(port: number, options: {requestTimeout?: string; tuning?: Partial<ClientTuning>; trace?: (line: string) => void} = {}): Promise<KubeClient> {
  const kube = await connect(
    {kubeconfig: kubeconfig(`http://127.0.0.1:${port}`), requestTimeout: options.requestTimeout ?? '5s', env: {}},
    {tuning: {...fast, ...options.tuning}, trace: options.trace},
  )
  closers.push(() => kube.close())
  return kube
}

const isWatch = (url: URL) => url.searchParams.get('watch') === '1'

describe('whole-request timeout', () => {
  it('covers a body that stalls after the headers', async () => {
    const {port} = await serve((_req, res) => {
      res.writeHead(200, {'content-type': 'application/json'})
      res.write('{"kind":"PodList","items":[')
    })
    const kube = await client(port, {requestTimeout: '300ms'})
    const error = await failure(kube.list('pods'))
    expect(error.reason).toBe('timeout')
    expect(error.message).toBe(`the API server at http://127.0.0.1:${port} (context "test") did not answer within 300ms (--request-timeout)`)
  })

  it('covers a body that trickles forever', async () => {
    const {port} = await serve((_req, res) => {
      res.writeHead(200, {'content-type': 'application/json'})
      const timer = setInterval(() => res.write(' '), 20)
      res.on('close', () => clearInterval(timer))
    })
    const kube = await client(port, {requestTimeout: '300ms'})
    expect((await failure(kube.list('pods'))).reason).toBe('timeout')
  })

  it('names a body cut short as such, after retrying it', async () => {
    const {port, requests} = await serve((_req, res) => {
      res.writeHead(200, {'content-type': 'application/json', 'content-length': '1000'})
      res.write('{"kind":"PodList"')
      setTimeout(() => res.socket?.destroy(), 10)
    })
    const kube = await client(port)
    const error = await failure(kube.list('pods'))
    expect(error.message).toBe(`the API server at http://127.0.0.1:${port} (context "test") closed the connection before its answer was complete`)
    expect(requests).toHaveLength(3)
  })
})

describe('streams', () => {
  it('a log read that takes longer than --request-timeout is not cut: the timeout covers only its start', async () => {
    const {port} = await serve((_req, res) => {
      res.writeHead(200, {'content-type': 'text/plain'})
      let sent = 0
      const timer = setInterval(() => {
        res.write(`line ${++sent}\n`)
        if (sent === 6) {
          clearInterval(timer)
          res.end()
        }
      }, 100)
    })
    const kube = await client(port, {requestTimeout: '300ms'})
    const stream = await kube.podLogs('default', 'web-0', {})
    let text = ''
    for await (const chunk of stream) text += String(chunk)
    expect(text.split('\n').filter(Boolean)).toHaveLength(6)
  })
})

describe('retries of reads', () => {
  it('waits as a 429 Retry-After asks, then succeeds', async () => {
    let calls = 0
    const {port} = await serve((_req, res) => {
      if (calls++ === 0) {
        res.writeHead(429, {'content-type': 'application/json', 'retry-after': '1'}).end(status(429, 'TooManyRequests', 'Too many requests, please try again later.'))
      } else res.writeHead(200, {'content-type': 'application/json'}).end(podList)
    })
    const traced: string[] = []
    const kube = await client(port, {trace: (line) => traced.push(line)})
    expect((await kube.list('pods')).items).toHaveLength(1)
    expect(calls).toBe(2)
    expect(traced).toEqual([
      expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/default\/pods\?limit=500 429 in \d+ms$/),
      expect.stringMatching(/^retrying in 1000ms: the API server at .* is throttling requests \(429\): Too many requests, please try again later\.$/),
      expect.stringMatching(/ 200 in \d+ms$/),
    ])
  })

  it('does not wait past --request-timeout for a Retry-After', async () => {
    const {port, requests} = await serve((_req, res) => {
      res.writeHead(503, {'content-type': 'application/json', 'retry-after': '60'}).end(status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'))
    })
    const kube = await client(port, {requestTimeout: '2s'})
    const error = await failure(kube.list('pods.metrics.k8s.io'))
    expect(requests).toHaveLength(1)
    expect(error.status).toBe(503)
    expect(error.message).toBe(`the API server at http://127.0.0.1:${port} could not serve pods.metrics.k8s.io in namespace "default" (503): the server is currently unable to handle the request`)
  })

  it('retries a 5xx without Retry-After twice, then says what the server answered', async () => {
    const {port, requests} = await serve((_req, res) => {
      res.writeHead(500, {'content-type': 'application/json'}).end(status(500, 'InternalError', 'Internal error occurred: etcdserver: leader changed'))
    })
    const kube = await client(port)
    const error = await failure(kube.list('pods'))
    expect(requests).toHaveLength(3)
    expect(error.message).toBe(`the API server at http://127.0.0.1:${port} answered 500: Internal error occurred: etcdserver: leader changed`)
  })

  it('does not retry what waiting cannot cure (403)', async () => {
    const {port, requests} = await serve((_req, res) => {
      res.writeHead(403, {'content-type': 'application/json'}).end(status(403, 'Forbidden', 'pods is forbidden: User "alice" cannot list resource "pods"'))
    })
    const kube = await client(port)
    expect((await failure(kube.list('pods'))).reason).toBe('forbidden')
    expect(requests).toHaveLength(1)
  })

  it('reports list items without metadata as the server\'s fault', async () => {
    const {port} = await serve((_req, res) => res.writeHead(200, {'content-type': 'application/json'}).end('{"kind":"PodList","items":[{"metadata":{"name":"a"}},"b"]}'))
    const kube = await client(port)
    expect((await failure(kube.list('pods'))).message).toBe(`the API server at http://127.0.0.1:${port} sent a list item without metadata (reading pods)`)
  })

  it('reports a malformed list as the server\'s fault, not a TypeError', async () => {
    const {port} = await serve((_req, res) => res.writeHead(200, {'content-type': 'application/json'}).end('{"kind":"PodList","items":{"a":1}}'))
    const kube = await client(port)
    expect((await failure(kube.list('pods'))).message).toBe(`the API server at http://127.0.0.1:${port} sent a list without items (reading pods)`)
  })
})

describe('watches that misbehave', () => {
  /** Runs a watch until `count` retry notices came, and returns them. */
  async function notices(kube: KubeClient, count: number, extra: {resourceVersion?: string} = {}): Promise<{notices: RetryNotice[]; signal: AbortSignal}> {
    const controller = new AbortController()
    const seen: RetryNotice[] = []
    await kube.watch('pods', {
      resourceVersion: extra.resourceVersion ?? '10',
      signal: controller.signal,
      onEvent: () => undefined,
      onRetry: (notice) => {
        seen.push(notice)
        if (seen.length >= count) controller.abort()
      },
    })
    return {notices: seen, signal: controller.signal}
  }

  it('backs off, capped, when the server ends every watch at once', async () => {
    const {port, requests} = await serve((_req, res) => res.writeHead(200, {'content-type': 'application/json'}).end())
    const kube = await client(port)
    const {notices: seen} = await notices(kube, 8)
    expect(requests.filter(isWatch)).toHaveLength(8)
    expect(seen.map((n) => n.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(seen[0]!.error.message).toBe(`the API server at http://127.0.0.1:${port} ended the watch of pods at once`)
    for (const notice of seen) expect(notice.delayMs).toBeLessThanOrEqual(80)
    expect(seen[0]!.delayMs).toBeLessThan(seen[7]!.delayMs)
  })

  it('treats lines that are not watch events as a broken stream, and resumes', async () => {
    const {port, requests} = await serve((_req, res) => res.writeHead(200, {'content-type': 'application/json'}).end('<html>proxy error</html>\n'))
    const kube = await client(port)
    const {notices: seen} = await notices(kube, 3)
    expect(requests.filter(isWatch).map((u) => u.searchParams.get('resourceVersion'))).toEqual(['10', '10', '10'])
    expect(seen[0]!.error.message).toBe(`the API server at http://127.0.0.1:${port} sent a watch event that is not one: <html>proxy error</html> (reading pods)`)
  })

  it('removes its abort listener after every wait', async () => {
    const {port} = await serve((_req, res) => res.writeHead(200, {'content-type': 'application/json'}).end())
    const kube = await client(port, {tuning: {watchBackoff: {initialMs: 1, maxMs: 2}}})
    const {signal} = await notices(kube, 40)
    expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(1)
  })

  it('cuts a watch that goes quiet and resumes from the last resourceVersion', async () => {
    const {port, requests} = await serve((_req, res, url) => {
      res.writeHead(200, {'content-type': 'application/json'}).flushHeaders()
      if (url.searchParams.get('resourceVersion') === '10') res.write(JSON.stringify({type: 'ADDED', object: {metadata: {name: 'web-1', resourceVersion: '11'}}}) + '\n')
      // ...then nothing, neither bytes nor the end.
    })
    const kube = await client(port, {tuning: {watchIdleMs: 200}})
    const {notices: seen} = await notices(kube, 2)
    expect(seen.map((n) => n.error.reason)).toEqual(['idle', 'idle'])
    expect(seen[0]!.error.message).toBe(`the API server at http://127.0.0.1:${port} sent nothing for 200ms`)
    const watches = requests.filter(isWatch)
    expect(watches.map((u) => u.searchParams.get('resourceVersion'))).toEqual(['10', '11'])
    expect(Number(watches[0]!.searchParams.get('timeoutSeconds'))).toBeGreaterThan(0)
  })

  it('re-watches at once when a watch ends after making progress', async () => {
    let watches = 0
    const controller = new AbortController()
    const {port} = await serve((_req, res, url) => {
      res.writeHead(200, {'content-type': 'application/json'})
      const rv = Number(url.searchParams.get('resourceVersion'))
      if (++watches === 4) controller.abort()
      res.end(JSON.stringify({type: 'MODIFIED', object: {metadata: {name: 'web-0', resourceVersion: String(rv + 1)}}}) + '\n')
    })
    const kube = await client(port)
    const retries: RetryNotice[] = []
    const versions: string[] = []
    await kube.watch('pods', {resourceVersion: '10', signal: controller.signal, onEvent: (_t, o) => versions.push(o.metadata.resourceVersion!), onRetry: (n) => retries.push(n)})
    expect(retries).toEqual([])
    expect(versions.slice(0, 3)).toEqual(['11', '12', '13'])
  })
})

describe('sync through an outage', () => {
  it('says it is retrying while the server is down, and resumes when it is back', async () => {
    const first = await serve((_req, res, url) => {
      if (isWatch(url)) res.writeHead(200, {'content-type': 'application/json'}).write(JSON.stringify({type: 'ADDED', object: {metadata: {name: 'web-1', resourceVersion: '11'}}}) + '\n')
      else res.writeHead(200, {'content-type': 'application/json'}).end(podList)
    })
    const kube = await client(first.port)
    const controller = new AbortController()
    const log: string[] = []
    let restarted: Promise<unknown> | undefined
    const done = kube.sync('pods', {
      signal: controller.signal,
      onSync: (items) => log.push(`sync ${items.length}`),
      onEvent: (type, pod) => {
        log.push(`${type} ${pod.metadata.name}`)
        if (pod.metadata.name === 'web-1') {
          // The API server goes away with the watch open...
          first.server.closeAllConnections()
          first.server.close()
        }
        if (pod.metadata.name === 'web-2') controller.abort()
      },
      onRetry: (notice) => {
        log.push(`retry ${notice.error.reason}`)
        // ...and comes back on the same port after a few failed attempts.
        if (notice.attempt === 3) {
          restarted = serve((_req, res, url) => {
            res.writeHead(200, {'content-type': 'application/json'})
            if (isWatch(url)) res.write(JSON.stringify({type: 'ADDED', object: {metadata: {name: 'web-2', resourceVersion: '12'}}}) + '\n')
            else res.end(podList)
          }, first.port)
        }
      },
      onRecovered: () => log.push('recovered'),
    })
    await done
    await restarted
    expect(log.slice(0, 3)).toEqual(['sync 1', 'ADDED web-1', 'retry unreachable'])
    expect(log.filter((l) => l.startsWith('retry')).length).toBeGreaterThanOrEqual(3)
    expect(log.slice(-2)).toEqual(['recovered', 'ADDED web-2'])
  })

  it('a watch answered 500 (etcd leader change) is retried from the same resourceVersion after a back-off, without a re-list', async () => {
    let watches = 0
    const controller = new AbortController()
    const {port, requests} = await serve((_req, res, url) => {
      if (!isWatch(url)) return res.writeHead(200, {'content-type': 'application/json'}).end(podList)
      if (++watches === 1) return res.writeHead(500, {'content-type': 'application/json'}).end(status(500, 'InternalError', 'Internal error occurred: etcdserver: leader changed'))
      res.writeHead(200, {'content-type': 'application/json'}).write(JSON.stringify({type: 'ADDED', object: {metadata: {name: 'web-1', resourceVersion: '11'}}}) + '\n')
    })
    const kube = await client(port)
    const log: string[] = []
    await kube.sync('pods', {
      signal: controller.signal,
      onSync: (items) => log.push(`sync ${items.length}`),
      onEvent: (type, pod) => {
        log.push(`${type} ${pod.metadata.name}`)
        controller.abort()
      },
      onRetry: (notice) => log.push(`retry ${notice.error.status} after ${notice.delayMs > 0 ? 'a wait' : 'none'}`),
      onRecovered: () => log.push('recovered'),
    })
    expect(log).toEqual(['sync 1', 'retry 500 after a wait', 'recovered', 'ADDED web-1'])
    expect(requests.map((u) => (isWatch(u) ? `watch ${u.searchParams.get('resourceVersion')}` : 'list'))).toEqual(['list', 'watch 10', 'watch 10'])
  })

  it('hands a re-list over page by page when asked, so a caller never holds the list twice', async () => {
    const {port} = await serve((_req, res, url) => {
      res.writeHead(200, {'content-type': 'application/json'})
      if (isWatch(url)) return
      const next = url.searchParams.get('continue')
      const items = next ? [{metadata: {name: 'web-1'}}] : [{metadata: {name: 'web-0'}}]
      res.end(JSON.stringify({kind: 'PodList', metadata: {resourceVersion: '10', ...(next ? {} : {continue: 'page-2'})}, items}))
    })
    const kube = await client(port)
    const controller = new AbortController()
    const calls: string[] = []
    await kube.sync('pods', {
      signal: controller.signal,
      onSync: {
        begin: () => calls.push('begin'),
        page: (items) => calls.push(`page ${items.map((i) => i.metadata.name).join(',')}`),
        end: () => {
          calls.push('end')
          controller.abort()
        },
      },
      onEvent: () => undefined,
    })
    expect(calls).toEqual(['begin', 'page web-0', 'page web-1', 'end'])
  })

  it('lists again when the server is behind the watch\'s resourceVersion (504 Too large resource version), as client-go does', async () => {
    const tooLarge = JSON.stringify({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Timeout', code: 504,
      message: 'Timeout: Too large resource version: 10, current: 3',
      details: {causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}], retryAfterSeconds: 1},
    })
    let lists = 0
    const controller = new AbortController()
    const {port, requests} = await serve((_req, res, url) => {
      if (!isWatch(url)) {
        // The first list comes from a server ahead of the one that then answers the watch (an etcd restore).
        lists++
        res.writeHead(200, {'content-type': 'application/json'}).end(lists === 1 ? podList : podList.replace('"10"', '"3"'))
      } else if (url.searchParams.get('resourceVersion') === '10') {
        res.writeHead(504, {'content-type': 'application/json', 'retry-after': '1'}).end(tooLarge)
        // A client that retries the same version would never get past it: stop it after a few tries.
        if (requests.length > 6) controller.abort()
      } else {
        res.writeHead(200, {'content-type': 'application/json'}).flushHeaders()
        controller.abort()
      }
    })
    const kube = await client(port)
    const retries: RetryNotice[] = []
    await kube.sync('pods', {
      signal: controller.signal,
      onSync: () => undefined,
      onEvent: () => undefined,
      onRetry: (notice) => retries.push(notice),
    })
    expect(requests.map((u) => (isWatch(u) ? `watch ${u.searchParams.get('resourceVersion')}` : 'list'))).toEqual(['list', 'watch 10', 'list', 'watch 3'])
    expect(retries).toEqual([])
  })

  it('fails at once when the first list cannot reach the server (as kubectl does)', async () => {
    const probe = net.createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as AddressInfo).port
    probe.close()
    const kube = await client(port)
    const error = await failure(kube.sync('pods', {onSync: () => undefined, onEvent: () => undefined}))
    expect(error.reason).toBe('unreachable')
  })
})

describe('credentials', () => {
  it('sends no credentials or impersonation over plain http, as kubectl does', async () => {
    const {port, headers} = await serve((_req, res) => res.writeHead(200, {'content-type': 'application/json'}).end(podList))
    const kube = await connect({kubeconfig: kubeconfig(`http://127.0.0.1:${port}`), impersonate: 'bob', env: {}})
    closers.push(() => kube.close())
    await kube.list('pods')
    expect(headers[0]!.authorization).toBeUndefined()
    expect(headers[0]!['impersonate-user']).toBeUndefined()
  })

  it('a 401 over plain http says that no credentials are sent there, not "log in again"', async () => {
    const {port} = await serve((_req, res) => res.writeHead(401, {'content-type': 'application/json'}).end(status(401, 'Unauthorized', 'Unauthorized')))
    const kube = await client(port)
    const error = await failure(kube.list('pods'))
    expect(error.reason).toBe('unauthorized')
    expect(error.message).toBe(
      `the API server at http://127.0.0.1:${port} (context "test") asks for credentials (401), and kubekit sends none over plain http://, as kubectl does not; use the cluster's https:// address`,
    )
  })

  it('never prints or sends a password written into the server URL', async () => {
    const {port, headers} = await serve((_req, res) => res.writeHead(500).end('no'))
    const kube = await connect({kubeconfig: kubeconfig(`http://admin:hunter2-secret@127.0.0.1:${port}`), env: {}}, {tuning: fast})
    closers.push(() => kube.close())
    const error = await failure(kube.list('pods'))
    expect(error.message).toContain(`http://admin:***@127.0.0.1:${port}`)
    expect(error.message).not.toContain('hunter2')
    expect(headers[0]!.authorization).toBeUndefined()
    expect(kube.server).toBe(`http://admin:***@127.0.0.1:${port}`)
  })
})

describe('TLS and credential errors say what to change', () => {
  it('a certificate for another host name: use an address it names, or --tls-server-name', async () => {
    const pems = await generate([{name: 'commonName', value: 'api.internal'}], {keyType: 'ec', extensions: [{name: 'subjectAltName', altNames: [{type: 2, value: 'api.internal'}]}]})
    const server = https.createServer({key: pems.private, cert: pems.cert}, (_req, res) => res.writeHead(200, {'content-type': 'application/json'}).end(podList))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closers.push(() => server.close())
    const port = (server.address() as AddressInfo).port
    const file = kubeconfig(`https://127.0.0.1:${port}`, undefined, `certificate-authority-data: ${Buffer.from(pems.cert).toString('base64')}`)
    const error = await failure(connect({kubeconfig: file, env: {}}).then((kube) => kube.list('pods')))
    expect(error.reason).toBe('tls')
    expect(error.message).toMatch(/^the certificate of https:\/\/127\.0\.0\.1:\d+ \(context "test"\) is not valid for that host name \(.*\); use an address the certificate names, or --tls-server-name NAME$/)
    const named = await connect({kubeconfig: file, tlsServerName: 'api.internal', env: {}})
    closers.push(() => named.close())
    expect((await named.list('pods')).items).toHaveLength(1)
  })

  describe('client certificates and CAs that cannot be used: plain words, not OpenSSL, before any connection', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64')
    const check = 'check client-certificate(-data) and client-key(-data) of user "alice" (context "test") in the kubeconfig'
    async function refusal(user: string, cluster = ''): Promise<{message: string; requests: number}> {
      const {port, requests} = await serve((_req, res) => res.writeHead(200).end('{}'))
      const file = kubeconfig(`https://127.0.0.1:${port}`, user, cluster)
      const error = await failure(connect({kubeconfig: file, env: {}}).then((kube) => kube.list('pods')))
      expect(error.reason).toBe('kubeconfig')
      return {message: error.message, requests: requests.length}
    }

    it('a certificate or key that is not PEM, or one without the other', async () => {
      const pems = await generate([{name: 'commonName', value: 'alice'}], {keyType: 'ec'})
      expect(await refusal(`client-certificate-data: ${b64('not a certificate')}, client-key-data: ${b64(pems.private)}`)).toEqual({message: `the client certificate is not a PEM certificate; ${check}`, requests: 0})
      expect((await refusal(`client-certificate-data: ${b64(pems.cert)}, client-key-data: ${b64('not a key')}`)).message).toBe(`the client key is not a PEM private key (or is protected by a passphrase); ${check}`)
      expect((await refusal(`client-certificate-data: ${b64(pems.cert)}`)).message).toBe(`the client certificate has no key; ${check}`)
    })

    it('a key that belongs to another certificate', async () => {
      const [mine, other] = await Promise.all([generate([{name: 'commonName', value: 'alice'}], {keyType: 'ec'}), generate([{name: 'commonName', value: 'bob'}], {keyType: 'ec'})])
      expect((await refusal(`client-certificate-data: ${b64(mine.cert)}, client-key-data: ${b64(other.private)}`)).message).toBe(`the client key does not belong to the client certificate; ${check}`)
    })

    it('a certificate-authority-data without a PEM certificate', async () => {
      const {message} = await refusal('token: ca-test-token-123', `certificate-authority-data: ${b64('garbage')}`)
      expect(message).toBe('certificate-authority(-data) of cluster "test" (context "test") holds no PEM certificate; fix it in the kubeconfig, or pass --certificate-authority FILE')
    })
  })

  it('a token with a line break in it says so', async () => {
    const {port} = await serve((_req, res) => res.writeHead(200).end('{}'))
    const file = kubeconfig(`https://127.0.0.1:${port}`, 'token: "abc\\ndef-123456", insecure-skip-tls-verify: true')
    const error = await failure(connect({kubeconfig: file, insecureSkipTlsVerify: true, env: {}}).then((kube) => kube.list('pods')))
    expect(error.message).toBe('the credentials of user "alice" (context "test") contain characters an HTTP header cannot carry (a line break in the token?); fix the token in the kubeconfig')
  })
})

describe('auth-providers', () => {
  it('refuses one that nothing can run, instead of sending no credentials and failing with 401', async () => {
    const {port, requests} = await serve((_req, res) => res.writeHead(200).end('{}'))
    const file = kubeconfig(`https://127.0.0.1:${port}`, 'auth-provider: {name: openstack, config: {}}')
    const error = await failure(connect({kubeconfig: file, env: {}}))
    expect(error.reason).toBe('kubeconfig')
    expect(error.message).toBe('user "alice" (context "test") uses the auth-provider "openstack", which kubekit cannot run (it knows oidc, gcp and azure); switch the user to an exec credential plugin, as kubectl 1.26+ requires')
    expect(requests).toHaveLength(0)
  })
})

describe('back-off helpers', () => {
  it('grow by the factor, jitter within bounds, stop at the cap, and reset', () => {
    const backoff = new Backoff({initialMs: 100, maxMs: 1000, jitter: 0.5}, () => 1)
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([150, 300, 600, 1000, 1000])
    backoff.reset()
    expect(backoff.next()).toBe(150)
  })

  it('read Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('3')).toBe(3000)
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000)
    expect(retryAfterMs(undefined)).toBeUndefined()
    expect(retryAfterMs('soon')).toBeUndefined()
  })

  it('sleep leaves no listener on the signal', async () => {
    const controller = new AbortController()
    for (let i = 0; i < 20; i++) await sleep(1, controller.signal)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('displayServer hides a password, as kubectl prints it', () => {
    expect(displayServer('https://user:pa%40ss@10.0.0.1:6443')).toBe('https://user:***@10.0.0.1:6443')
    expect(displayServer('https://10.0.0.1:6443')).toBe('https://10.0.0.1:6443')
  })
})
