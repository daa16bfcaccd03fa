// The fault layer: each effect as a client sees it on the wire, after/times counting, the admin
// endpoint, scenario faults, and down/up/restart (same port, same store, history compaction,
// a new certificate).
import {readFileSync, mkdtempSync, writeFileSync} from 'node:fs'
import type {ClientRequest, IncomingHttpHeaders, IncomingMessage} from 'node:http'
import {request} from 'node:https'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, validateFaultRule, type Sandbox} from '../../src/sandbox/index.js'
import {validateScenario} from '../../src/sandbox/scenarios/load.js'
import {run} from '../helpers/run.js'

const pod = (name: string, namespace = 'work') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace},
  spec: {nodeName: 'n1', containers: [{name: 'app', image: 'busybox:1.36'}]},
  status: {phase: 'Running'},
})

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** How many pieces the body arrived in. */
  chunks: number
}

interface CallOptions {
  method?: string
  /** Bearer token; null sends none. Default: the admin's. */
  token?: string | null
  body?: string
  ca?: string
}

/** Opens a request without a pooled agent, so nothing survives a down/up between calls. */
function open(sandbox: Sandbox, path: string, options: CallOptions = {}): {req: ClientRequest; response: Promise<IncomingMessage>} {
  const token = options.token === undefined ? sandbox.token : options.token
  const headers: Record<string, string> = token === null ? {} : {Authorization: `Bearer ${token}`}
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  const req = request(`${sandbox.url}${path}`, {method: options.method ?? 'GET', headers, ca: options.ca ?? sandbox.ca, agent: false})
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve)
    req.on('error', reject)
  })
  req.end(options.body)
  return {req, response}
}

async function call(sandbox: Sandbox, path: string, options: CallOptions = {}): Promise<Answer> {
  const response = await open(sandbox, path, options).response
  let body = ''
  let chunks = 0
  response.setEncoding('utf8')
  for await (const chunk of response) {
    body += chunk as string
    chunks++
  }
  return {status: response.statusCode ?? 0, headers: response.headers, body, chunks}
}

/** The error code a request fails with (ECONNRESET, ECONNREFUSED, a TLS code). */
async function failure(sandbox: Sandbox, path: string, options: CallOptions = {}): Promise<string> {
  try {
    const answer = await call(sandbox, path, options)
    return `answered ${answer.status}`
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message
  }
}

const lines = (body: string) => body.split('\n').filter((line) => line !== '')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('sandbox faults', () => {
  let sandbox: Sandbox

  beforeAll(async () => {
    sandbox = await startSandbox({
      scenario: 'empty',
      metrics: true,
      objects: [{apiVersion: 'v1', kind: 'Node', metadata: {name: 'n1'}}, pod('a'), pod('b'), pod('c')],
      users: [{name: 'alice', token: 'alice-token-123'}],
    })
  })
  afterAll(() => sandbox.stop())
  afterEach(() => sandbox.faults.clear())

  describe('status', () => {
    it('answers an aggregated API as a down APIService does, and leaves the rest alone', async () => {
      const id = sandbox.faults.add({group: 'metrics.k8s.io', status: 503})
      const metrics = await call(sandbox, '/apis/metrics.k8s.io/v1beta1/nodes')
      expect(metrics.status).toBe(503)
      expect(metrics.headers['content-type']).toBe('application/json')
      expect(JSON.parse(metrics.body)).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server is currently unable to handle the request', reason: 'ServiceUnavailable', code: 503})
      expect((await call(sandbox, '/apis/metrics.k8s.io/v1beta1')).status).toBe(503) // the group version's discovery too
      expect((await call(sandbox, '/apis/metrics.k8s.io')).status).toBe(200) // the aggregator serves this one itself
      expect((await call(sandbox, '/api/v1/namespaces/work/pods')).status).toBe(200)
      expect(sandbox.faults.hits(id)).toBe(2)
    })

    it('words 429, 500 and 504 as the server does, with Retry-After where it sends one', async () => {
      sandbox.faults.add({resource: 'pods', verb: 'list', status: 429})
      const throttled = await call(sandbox, '/api/v1/pods')
      expect(throttled.status).toBe(429)
      expect(throttled.headers['retry-after']).toBe('1')
      expect(JSON.parse(throttled.body)).toMatchObject({reason: 'TooManyRequests', message: 'Too many requests, please try again later.', details: {retryAfterSeconds: 1}, code: 429})
      sandbox.faults.clear()

      sandbox.faults.add({resource: 'pods', status: 429, retryAfterSeconds: 7, message: 'slow down'})
      const told = await call(sandbox, '/api/v1/pods')
      expect(told.headers['retry-after']).toBe('7')
      expect(JSON.parse(told.body)).toMatchObject({message: 'slow down', details: {retryAfterSeconds: 7}})
      sandbox.faults.clear()

      sandbox.faults.add({resource: 'nodes', status: 500})
      const internal = JSON.parse((await call(sandbox, '/api/v1/nodes')).body)
      expect(internal).toMatchObject({reason: 'InternalError', code: 500, details: {causes: [{message: 'etcdserver: request timed out'}]}})
      expect(internal.message).toBe('Internal error occurred: etcdserver: request timed out')
      sandbox.faults.clear()

      sandbox.faults.add({resource: 'nodes', status: 504})
      const timeout = await call(sandbox, '/api/v1/nodes')
      expect(timeout.headers['retry-after']).toBeUndefined()
      expect(JSON.parse(timeout.body)).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Timeout: request did not complete within requested timeout - context deadline exceeded', reason: 'Timeout', details: {}, code: 504})
    })

    it('answers in plain text as the in-flight filters and the aggregator write it', async () => {
      sandbox.faults.add({group: 'metrics.k8s.io', status: 503, plainText: true})
      const down = await call(sandbox, '/apis/metrics.k8s.io/v1beta1/pods')
      expect(down).toMatchObject({status: 503, body: 'service unavailable\n'})
      expect(down.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(down.headers['x-content-type-options']).toBe('nosniff')
      sandbox.faults.clear()
      sandbox.faults.add({status: 429, plainText: true, resource: 'pods'})
      const throttled = await call(sandbox, '/api/v1/pods')
      expect(throttled).toMatchObject({status: 429, body: 'Too many requests, please try again later.\n'})
      expect(throttled.headers['retry-after']).toBe('1')
    })
  })

  describe('matching and counting', () => {
    it('lets `after` requests through, then affects `times` requests, then none', async () => {
      const id = sandbox.faults.add({resource: 'pods', status: 500, after: 1, times: 2})
      const codes = []
      for (let i = 0; i < 5; i++) codes.push((await call(sandbox, '/api/v1/namespaces/work/pods')).status)
      expect(codes).toEqual([200, 500, 500, 200, 200])
      expect(sandbox.faults.hits(id)).toBe(2)
      expect(sandbox.faults.list()).toEqual([{id, resource: 'pods', status: 500, after: 1, times: 2, hits: 2}])
    })

    it('tells watches (any true spelling of watch=) from lists and gets, and subresources from resources', async () => {
      sandbox.faults.add({resource: 'pods', verb: 'watch', status: 500})
      sandbox.faults.add({resource: 'pods/log', status: 503})
      sandbox.faults.add({path: '/version', status: 504})
      expect((await call(sandbox, '/api/v1/namespaces/work/pods?watch=True')).status).toBe(500)
      expect((await call(sandbox, '/api/v1/pods?watch=1')).status).toBe(500)
      expect((await call(sandbox, '/api/v1/namespaces/work/pods?watch=false')).status).toBe(200)
      expect((await call(sandbox, '/api/v1/namespaces/work/pods/a')).status).toBe(200)
      expect((await call(sandbox, '/api/v1/namespaces/work/pods/a/log')).status).toBe(503)
      expect((await call(sandbox, '/version')).status).toBe(504)
    })

    it('matches path prefixes, the core group and users (impersonated ones too)', async () => {
      sandbox.faults.add({path: '/apis/metrics.k8s.io/*', status: 503})
      sandbox.faults.add({group: '', resource: 'nodes', user: 'alice', status: 429})
      expect((await call(sandbox, '/apis/metrics.k8s.io/v1beta1/nodes/n1')).status).toBe(503)
      expect((await call(sandbox, '/apis/metrics.k8s.io')).status).toBe(200) // the prefix has the slash
      expect((await call(sandbox, '/api/v1/nodes')).status).toBe(200)
      expect((await call(sandbox, '/api/v1/nodes', {token: 'alice-token-123'})).status).toBe(429)
    })

    it('checks rules with one clear line', () => {
      expect(() => validateFaultRule({status: 503, reset: true})).toThrow('fault: has status and reset: one effect per rule')
      expect(() => validateFaultRule({resource: 'pods'})).toThrow('fault: has no effect')
      expect(() => validateFaultRule({verb: 'list', watchExpired: true})).toThrow('watchExpired applies to watches only, but verb is "list"')
      expect(() => validateFaultRule({status: 200})).toThrow('status must be an HTTP error code from 400 to 599')
      expect(() => validateFaultRule({status: 503, retryAfter: 1})).toThrow('unknown key "retryAfter"')
      expect(() => validateFaultRule({retryAfterSeconds: 2, reset: true})).toThrow('retryAfterSeconds needs status')
      expect(() => validateFaultRule({verb: 'lst', reset: true})).toThrow('verb "lst" is not one of')
      expect(() => sandbox.faults.remove('f999')).toThrow('no fault "f999"')
      expect(validateFaultRule({latencyMs: 100, status: 503, reset: false})).toEqual({latencyMs: 100, status: 503, reset: false})
    })
  })

  describe('slow and broken answers', () => {
    it('waits latencyMs, then answers normally', async () => {
      const id = sandbox.faults.add({resource: 'nodes', latencyMs: 300})
      const started = Date.now()
      const answer = await call(sandbox, '/api/v1/nodes')
      expect(answer.status).toBe(200)
      expect(Date.now() - started).toBeGreaterThanOrEqual(250)
      expect(sandbox.faults.hits(id)).toBe(1)
    })

    it('stalls after the headers: no body byte, the connection stays open', async () => {
      sandbox.faults.add({resource: 'nodes', stallAfterHeaders: true})
      const {req, response} = open(sandbox, '/api/v1/nodes')
      const answer = await response
      expect(answer.statusCode).toBe(200)
      expect(Number(answer.headers['content-length'])).toBeGreaterThan(0)
      let bytes = 0
      answer.on('data', (chunk: Buffer) => (bytes += chunk.length))
      await sleep(300)
      expect(bytes).toBe(0)
      expect(answer.complete).toBe(false)
      expect(req.socket?.destroyed).toBe(false)
      req.destroy()
    })

    it('trickles the real body', async () => {
      const normal = await call(sandbox, '/api/v1/namespaces/work/pods/a')
      sandbox.faults.add({resource: 'pods', verb: 'get', trickleBytesPerSecond: Math.ceil(normal.body.length * 2)})
      const slow = await call(sandbox, '/api/v1/namespaces/work/pods/a')
      expect(slow.status).toBe(200)
      expect(slow.body).toBe(normal.body)
      expect(slow.chunks).toBeGreaterThan(3)
    })

    it('resets the connection without an answer', async () => {
      const id = sandbox.faults.add({resource: 'nodes', reset: true, times: 1})
      expect(await failure(sandbox, '/api/v1/nodes')).toBe('ECONNRESET')
      expect((await call(sandbox, '/api/v1/nodes')).status).toBe(200)
      expect(sandbox.faults.hits(id)).toBe(1)
    })
  })

  describe('watches', () => {
    it('ends a watch cleanly after N events, or right after the headers', async () => {
      sandbox.faults.add({resource: 'pods', closeWatchAfterEvents: 2, times: 1})
      const cut = await call(sandbox, '/api/v1/namespaces/work/pods?watch=true')
      expect(cut.status).toBe(200)
      expect(lines(cut.body).map((line) => JSON.parse(line).type)).toEqual(['ADDED', 'ADDED'])
      sandbox.faults.add({resource: 'pods', closeWatchAfterEvents: 0})
      const empty = await call(sandbox, '/api/v1/namespaces/work/pods?watch=1')
      expect(empty).toMatchObject({status: 200, body: ''})
      expect((await call(sandbox, '/api/v1/namespaces/work/pods')).status).toBe(200) // lists are not watches
    })

    it('answers watchExpired with one 410 ERROR event', async () => {
      sandbox.faults.add({resource: 'pods', watchExpired: true})
      const answer = await call(sandbox, '/api/v1/namespaces/work/pods?watch=true&resourceVersion=2')
      expect(answer.status).toBe(200)
      const events = lines(answer.body).map((line) => JSON.parse(line))
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({type: 'ERROR', object: {kind: 'Status', status: 'Failure', reason: 'Expired', code: 410}})
      expect(events[0].object.message).toMatch(/^too old resource version: 2 \(\d+\)$/)
    })

    it('sends lines that are not JSON', async () => {
      sandbox.faults.add({resource: 'pods', invalidWatchLines: true})
      const answer = await call(sandbox, '/api/v1/pods?watch=true')
      expect(answer.status).toBe(200)
      expect(lines(answer.body).length).toBeGreaterThan(0)
      for (const line of lines(answer.body)) expect(() => JSON.parse(line)).toThrow()
    })
  })

  describe('the admin endpoint', () => {
    it('adds, lists, removes and clears rules for the admin', async () => {
      const added = await call(sandbox, '/kubekit/faults', {method: 'POST', body: JSON.stringify({resource: 'nodes', status: 503})})
      expect(added.status).toBe(201)
      const {id} = JSON.parse(added.body) as {id: string}
      expect((await call(sandbox, '/api/v1/nodes')).status).toBe(503)
      expect(JSON.parse((await call(sandbox, '/kubekit/faults')).body)).toEqual({items: [{id, resource: 'nodes', status: 503, hits: 1}]})
      expect((await call(sandbox, `/kubekit/faults/${id}`, {method: 'DELETE'})).status).toBe(200)
      expect((await call(sandbox, `/kubekit/faults/${id}`, {method: 'DELETE'})).status).toBe(404)
      sandbox.faults.add({reset: true, resource: 'secrets'})
      expect(JSON.parse((await call(sandbox, '/kubekit/faults', {method: 'DELETE'})).body).removed).toHaveLength(1)
      expect(sandbox.faults.list()).toEqual([])
    })

    it('refuses a bad rule with the reason', async () => {
      const answer = await call(sandbox, '/kubekit/faults', {method: 'POST', body: JSON.stringify({status: 503, stallAfterHeaders: true})})
      expect(answer.status).toBe(400)
      expect(JSON.parse(answer.body)).toMatchObject({reason: 'BadRequest', message: 'fault: has status and stallAfterHeaders: one effect per rule (latencyMs may join any of them)'})
      expect((await call(sandbox, '/kubekit/faults', {method: 'POST', body: '{'})).status).toBe(400)
    })

    it('refuses other users (403) and missing or wrong credentials (401)', async () => {
      const alice = await call(sandbox, '/kubekit/faults', {token: 'alice-token-123', method: 'POST', body: '{"reset":true}'})
      expect(alice.status).toBe(403)
      expect(JSON.parse(alice.body).message).toBe('forbidden: User "alice" cannot post path "/kubekit/faults"')
      expect((await call(sandbox, '/kubekit/faults', {token: null})).status).toBe(401)
      expect((await call(sandbox, '/kubekit/faults', {token: 'wrong'})).status).toBe(401)
      expect(sandbox.faults.list()).toEqual([])
    })

    it('is never itself subject to faults', async () => {
      sandbox.faults.add({reset: true})
      expect((await call(sandbox, '/kubekit/faults', {method: 'DELETE'})).status).toBe(200)
      expect((await call(sandbox, '/version')).status).toBe(200)
    })
  })
})

describe('the real kubectl against faults', () => {
  let sandbox: Sandbox
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})
  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'demo'})
  })
  afterAll(() => sandbox.stop())
  afterEach(() => sandbox.faults.clear())

  it('reports a metrics API whose backend is down as it does on a real cluster', async () => {
    sandbox.faults.add({group: 'metrics.k8s.io', status: 503, plainText: true})
    const top = await kubectl('top', 'nodes')
    expect(top.code).toBe(1)
    expect(top.stderr).toContain('Error from server (ServiceUnavailable): the server is currently unable to handle the request (get nodes.metrics.k8s.io)')
  })

  it('waits out Retry-After on 429 and succeeds', async () => {
    const id = sandbox.faults.add({resource: 'pods', verb: 'list', status: 429, times: 2})
    const pods = await kubectl('get', 'pods', '-n', 'shop', '-o', 'name')
    expect(pods.code, pods.stderr).toBe(0)
    expect(pods.stdout).toMatch(/^pod\//)
    expect(sandbox.faults.hits(id)).toBe(2)
  })
})

describe('sandbox faults from options and scenario files', () => {
  it('starts with the scenario file faults, then the options faults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-faults-'))
    const file = join(dir, 'faulty.yaml')
    writeFileSync(file, ['objects: []', 'faults:', '- {group: metrics.k8s.io, status: 503}', ''].join('\n'))
    const sandbox = await startSandbox({scenario: 'empty', files: [file], faults: [{path: '/version', status: 504, times: 1}]})
    try {
      expect(sandbox.faults.list()).toEqual([
        {id: 'f1', group: 'metrics.k8s.io', status: 503, hits: 0},
        {id: 'f2', path: '/version', status: 504, times: 1, hits: 0},
      ])
      expect((await call(sandbox, '/version')).status).toBe(504)
      expect((await call(sandbox, '/version')).status).toBe(200)
    } finally {
      await sandbox.stop()
    }
  })

  it('refuses a bad rule in a scenario file, naming it', () => {
    expect(() => validateScenario({objects: [], faults: [{status: 503}, {stauts: 503}]}, 'bad.yaml')).toThrow('bad.yaml: faults[1]: unknown key "stauts"')
    expect(() => validateScenario({objects: [], faults: {status: 503}}, 'bad.yaml')).toThrow('bad.yaml: `faults` must be a list of fault rules')
  })
})

describe('sandbox down, up and restart', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'empty', objects: [pod('a')]})
  })
  afterAll(() => sandbox.stop())

  it('refuses connections while down, and serves the same state on the same port when up', async () => {
    const {response} = open(sandbox, '/api/v1/namespaces/work/pods?watch=true')
    const watch = await response
    const watchEnded = new Promise<string>((resolve) => {
      watch.on('error', () => resolve('error'))
      watch.on('aborted', () => resolve('aborted'))
      watch.on('close', () => resolve('close'))
      watch.resume()
    })
    await call(sandbox, '/api/v1/namespaces/work/pods', {method: 'POST', body: JSON.stringify(pod('b'))})
    await sandbox.down()
    expect(await watchEnded).toMatch(/error|aborted|close/)
    expect(await failure(sandbox, '/version')).toBe('ECONNREFUSED')
    await sandbox.up()
    const pods = JSON.parse((await call(sandbox, '/api/v1/namespaces/work/pods')).body) as {items: Array<{metadata: {name: string}}>}
    expect(pods.items.map((p) => p.metadata.name)).toEqual(['a', 'b'])
    await expect(sandbox.up()).rejects.toThrow('the sandbox is up')
  })

  it('compactHistory: a watch from an earlier resourceVersion gets 410, one from a fresh list works', async () => {
    const before = JSON.parse((await call(sandbox, '/api/v1/namespaces/work/pods')).body).metadata.resourceVersion as string
    await sandbox.restart({compactHistory: true})
    const old = await call(sandbox, `/api/v1/namespaces/work/pods?watch=true&resourceVersion=${before}`)
    const error = JSON.parse(lines(old.body)[0]!)
    expect(error).toMatchObject({type: 'ERROR', object: {code: 410, reason: 'Expired'}})
    const after = JSON.parse((await call(sandbox, '/api/v1/namespaces/work/pods')).body).metadata.resourceVersion as string
    expect(Number(after)).toBeGreaterThan(Number(before))
    // A watch from the new resourceVersion sees what happens next (and no ERROR).
    sandbox.faults.add({resource: 'pods', closeWatchAfterEvents: 1, times: 1})
    const {response} = open(sandbox, `/api/v1/namespaces/work/pods?watch=true&resourceVersion=${after}`)
    const stream = await response
    await call(sandbox, '/api/v1/namespaces/work/pods', {method: 'POST', body: JSON.stringify(pod('c'))})
    let body = ''
    for await (const chunk of stream) body += String(chunk)
    expect(lines(body).map((line) => JSON.parse(line)).map((e: {type: string; object: {metadata: {name: string}}}) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED c'])
  })

  it('newCertificate: the server presents a new identity, and the kubeconfig carries the new CA', async () => {
    const oldCa = sandbox.ca!
    await sandbox.restart({newCertificate: true})
    expect(sandbox.ca).not.toBe(oldCa)
    expect(await failure(sandbox, '/version', {ca: oldCa})).toMatch(/CERT|SIGNATURE|ISSUER/)
    expect((await call(sandbox, '/version')).status).toBe(200)
    expect(readFileSync(sandbox.kubeconfigPath, 'utf8')).toContain(Buffer.from(sandbox.ca!).toString('base64'))
  })

  it('stop() ends stalled responses at once, and works while down', async () => {
    const other = await startSandbox({scenario: 'empty', faults: [{path: '/version', stallAfterHeaders: true}]})
    const {response} = open(other, '/version')
    const stalled = await response
    const closed = new Promise<void>((resolve) => stalled.on('close', () => resolve()))
    stalled.on('error', () => {})
    stalled.resume()
    await other.stop()
    await closed
    expect(stalled.complete).toBe(false)

    const downed = await startSandbox({scenario: 'empty'})
    await downed.down()
    await downed.stop()
    await expect(downed.up()).rejects.toThrow('stopped')
  })
})
