// The wire protocol beyond what kubectl exercises: watch resume, 410 Gone, bookmarks and
// timeouts, continue tokens, Tables, log options and streams, patches and finalizers.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'

const pod = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'work', labels},
  spec: {nodeName: 'n1', containers: [{name: 'app', image: 'busybox:1.36'}]},
  status: {phase: 'Running', containerStatuses: [{name: 'app', ready: true, restartCount: 0, state: {running: {startedAt: '2026-01-01T00:00:00Z'}}}]},
})

interface WatchEvent {
  type: string
  object: {kind: string; metadata: {name?: string; resourceVersion?: string; annotations?: Record<string, string>}; code?: number; reason?: string; message?: string}
}

describe('sandbox protocol', () => {
  let sandbox: Sandbox
  const api = (path: string, init: RequestInit = {}) => fetch(`${sandbox.url}${path}`, {...init, headers: {Authorization: `Bearer ${sandbox.token}`, ...(init.headers as Record<string, string>)}})

  /** Reads a watch stream until `until` says stop (or the server ends it). */
  async function readWatch(path: string, until: (events: WatchEvent[]) => boolean, onOpen?: () => void): Promise<WatchEvent[]> {
    const controller = new AbortController()
    const response = await api(path, {signal: controller.signal})
    expect(response.status).toBe(200)
    onOpen?.()
    const events: WatchEvent[] = []
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, {stream: true})
        let nl: number
        while ((nl = buffer.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buffer.slice(0, nl)) as WatchEvent)
          buffer = buffer.slice(nl + 1)
        }
        if (until(events)) break
      }
    } finally {
      controller.abort()
    }
    return events
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      scenario: 'empty',
      http: true,
      historySize: 5,
      bookmarkIntervalMs: 50,
      objects: [{apiVersion: 'v1', kind: 'Node', metadata: {name: 'n1'}}, ...['a', 'b', 'c', 'd', 'e'].map((n) => pod(n, {app: n === 'e' ? 'other' : 'web'}))],
      logs: {
        'work/a/app': {current: 'first\nsecond\n', generate: {lines: 1000}},
        'work/b/app': {current: '', generate: {lines: 1_000_000, perSecond: 20}},
        'work/e/app': {current: 'only\n', generate: {lines: 20}},
        'work/c/app': {current: '', generate: {lines: 100}, dropAfterLines: 10},
      },
    })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('serves discovery documents', async () => {
    const core = (await (await api('/api/v1')).json()) as {resources: Array<{name: string; shortNames?: string[]; verbs: string[]}>}
    expect(core.resources.find((r) => r.name === 'pods')).toMatchObject({shortNames: ['po'], verbs: expect.arrayContaining(['watch', 'list'])})
    expect(core.resources.map((r) => r.name)).toContain('pods/log')
    const groups = (await (await api('/apis')).json()) as {groups: Array<{name: string}>}
    expect(groups.groups.map((g) => g.name)).toEqual(expect.arrayContaining(['apps', 'batch', 'events.k8s.io', 'discovery.k8s.io']))
    expect(groups.groups.map((g) => g.name)).not.toContain('metrics.k8s.io')
    expect((await api('/apis/metrics.k8s.io/v1beta1/nodes')).status).toBe(404)
    expect(await (await api('/version')).json()).toMatchObject({major: '1', minor: '32'})
  })

  it('pages with limit and continue, with remainingItemCount, in key order', async () => {
    const first = (await (await api('/api/v1/namespaces/work/pods?limit=2')).json()) as {metadata: {continue: string; remainingItemCount: number}; items: Array<{metadata: {name: string}; kind?: string}>}
    expect(first.items.map((p) => p.metadata.name)).toEqual(['a', 'b'])
    expect(first.items[0]!.kind).toBeUndefined()
    expect(first.metadata.remainingItemCount).toBe(3)
    const second = (await (await api(`/api/v1/namespaces/work/pods?limit=2&continue=${first.metadata.continue}`)).json()) as {metadata: {continue?: string}; items: Array<{metadata: {name: string}}>}
    expect(second.items.map((p) => p.metadata.name)).toEqual(['c', 'd'])
    const bad = await api('/api/v1/pods?limit=2&continue=garbage')
    expect(bad.status).toBe(400)
  })

  it('answers a Table when asked as kubectl asks', async () => {
    const response = await api('/api/v1/namespaces/work/pods?labelSelector=app%3Dweb', {headers: {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'}})
    const table = (await response.json()) as {kind: string; columnDefinitions: Array<{name: string; priority: number}>; rows: Array<{cells: unknown[]; object: {kind: string}}>}
    expect(table.kind).toBe('Table')
    expect(table.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age'])
    expect(table.rows.map((r) => r.cells.slice(0, 4))).toEqual(['a', 'b', 'c', 'd'].map((n) => [n, '1/1', 'Running', '0']))
    expect(table.rows[0]!.object.kind).toBe('PartialObjectMetadata')
  })

  it('watches from a resourceVersion, filtered by selector, with MODIFIED and DELETED', async () => {
    const list = (await (await api('/api/v1/namespaces/work/pods')).json()) as {metadata: {resourceVersion: string}}
    const events = await readWatch(
      `/api/v1/namespaces/work/pods?watch=true&labelSelector=app%3Dweb&resourceVersion=${list.metadata.resourceVersion}`,
      (e) => e.length >= 3,
      () => {
        sandbox.store.create(pod('f', {app: 'web'}))
        sandbox.store.create(pod('g', {app: 'other'}))
        const f = sandbox.store.get('pods', 'work', 'f')!.object
        sandbox.store.update({...f, metadata: {...f.metadata, labels: {app: 'web', touched: 'yes'}}})
        sandbox.store.delete('pods', 'work', 'f')
      },
    )
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED f', 'MODIFIED f', 'DELETED f'])
  })

  it('sends the current objects first when watching without a resourceVersion', async () => {
    const events = await readWatch('/api/v1/namespaces/work/pods?watch=true&labelSelector=app%3Dother', (e) => e.length >= 2)
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED e', 'ADDED g'])
  })

  it('answers a resourceVersion older than the history with a 410 Expired ERROR event', async () => {
    for (let i = 0; i < 6; i++) sandbox.store.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: `cm-${i}`, namespace: 'work'}})
    const events = await readWatch('/api/v1/namespaces/work/pods?watch=true&resourceVersion=1', () => false)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({type: 'ERROR', object: {kind: 'Status', code: 410, reason: 'Expired', message: expect.stringMatching(/^too old resource version: 1 \(\d+\)$/)}})
  })

  it('sends bookmarks when allowed, and initial-events-end with sendInitialEvents', async () => {
    const events = await readWatch('/api/v1/namespaces/work/pods?watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan', (e) => e.filter((x) => x.type === 'BOOKMARK').length >= 2)
    const firstBookmark = events.findIndex((e) => e.type === 'BOOKMARK')
    expect(events.slice(0, firstBookmark).every((e) => e.type === 'ADDED')).toBe(true)
    expect(events[firstBookmark]!.object.metadata.annotations).toEqual({'k8s.io/initial-events-end': 'true'})
    expect(events.at(-1)!.object).toMatchObject({kind: 'Pod', metadata: {resourceVersion: String(sandbox.store.resourceVersion)}})
  })

  it('ends a watch after timeoutSeconds', async () => {
    const started = Date.now()
    const events = await readWatch('/api/v1/namespaces/work/pods?watch=true&timeoutSeconds=1&labelSelector=app%3Dnone', () => false)
    expect(events).toEqual([])
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })

  it('serves logs with tailLines, limitBytes, timestamps and sinceTime', async () => {
    const tail = await (await api('/api/v1/namespaces/work/pods/a/log?tailLines=2')).text()
    expect(tail).toBe('work/a/app 999\nwork/a/app 1000\n')
    const head = await (await api('/api/v1/namespaces/work/pods/a/log?limitBytes=8')).text()
    expect(head).toBe('first\nse')
    const stamped = (await (await api('/api/v1/namespaces/work/pods/a/log?timestamps=true&tailLines=1')).text()).trimEnd()
    const [stamp, ...rest] = stamped.split(' ')
    expect(rest.join(' ')).toBe('work/a/app 1000')
    const since = await (await api(`/api/v1/namespaces/work/pods/a/log?sinceTime=${encodeURIComponent(stamp!.replace(/\.\d+Z$/, 'Z'))}`)).text()
    expect(since.split('\n').filter(Boolean)).toHaveLength(1000)
  })

  it('follows a log as lines are made (perSecond)', async () => {
    const controller = new AbortController()
    const response = await api('/api/v1/namespaces/work/pods/b/log?follow=true&tailLines=0', {signal: controller.signal})
    const started = Date.now()
    let text = ''
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += Buffer.from(chunk).toString('utf8')
      if (text.split('\n').length > 6) break
    }
    controller.abort()
    const numbers = text.split('\n').filter(Boolean).slice(0, 6).map((l) => Number(l.split(' ')[1]))
    expect(numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1)).toBe(true)
    expect(Date.now() - started).toBeGreaterThan(150)
  })

  it('ends a follow stream at the end of the log', async () => {
    const text = await (await api('/api/v1/namespaces/work/pods/e/log?follow=true')).text()
    expect(text.split('\n').filter(Boolean)).toEqual(['only', ...Array.from({length: 20}, (_, i) => `work/e/app ${i + 1}`)])
  })

  it('cuts follow streams after dropAfterLines; a client resuming with skip-count loses nothing', async () => {
    const seen: string[] = []
    for (let attempt = 0; attempt < 20 && seen.length < 100; attempt++) {
      const lines = (await (await api('/api/v1/namespaces/work/pods/c/log?follow=true')).text()).split('\n').filter(Boolean)
      expect(lines.length).toBeLessThanOrEqual(10)
      // The log is deterministic, so resuming is skipping what was already seen.
      for (const line of lines) if (!seen.includes(line)) seen.push(line)
      if (lines.length === 10 && seen.length < 100) {
        const rest = (await (await api(`/api/v1/namespaces/work/pods/c/log?tailLines=${100 - seen.length}`)).text()).split('\n').filter(Boolean)
        seen.push(...rest)
      }
    }
    expect(seen).toEqual(Array.from({length: 100}, (_, i) => `work/c/app ${i + 1}`))
  })

  it('applies merge, strategic-merge and JSON patches', async () => {
    const patch = (body: unknown, type: string) => api('/api/v1/namespaces/work/pods/d', {method: 'PATCH', headers: {'Content-Type': type}, body: JSON.stringify(body)})
    expect((await patch({metadata: {labels: {extra: '1'}}}, 'application/merge-patch+json')).status).toBe(200)
    expect((await patch({spec: {containers: [{name: 'sidecar', image: 'envoy:1.31'}]}}, 'application/strategic-merge-patch+json')).status).toBe(200)
    expect((await patch([{op: 'replace', path: '/spec/containers/0/image', value: 'busybox:1.37'}], 'application/json-patch+json')).status).toBe(200)
    const object = sandbox.store.get('pods', 'work', 'd')!.object as {metadata: {labels: Record<string, string>}; spec: {containers: Array<{name: string; image: string}>}; status: {phase: string}}
    expect(object.metadata.labels).toEqual({app: 'web', extra: '1'})
    expect(object.spec.containers).toEqual([{name: 'app', image: 'busybox:1.37'}, {name: 'sidecar', image: 'envoy:1.31'}])
    expect(object.status.phase).toBe('Running')
    // Server-side apply is served; like the real server it needs a field manager.
    const apply = await patch({}, 'application/apply-patch+yaml')
    expect(apply.status).toBe(400)
    expect(((await apply.json()) as {message: string}).message).toBe('fieldManager is required for apply requests')
  })

  it('keeps an object with finalizers Terminating until they are removed', async () => {
    sandbox.store.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'held', namespace: 'work', finalizers: ['example.com/keep']}})
    const deleted = (await (await api('/api/v1/namespaces/work/configmaps/held', {method: 'DELETE'})).json()) as {metadata: {deletionTimestamp?: string}}
    expect(deleted.metadata.deletionTimestamp).toBeDefined()
    expect((await api('/api/v1/namespaces/work/configmaps/held')).status).toBe(200)
    const cleared = await api('/api/v1/namespaces/work/configmaps/held', {method: 'PATCH', headers: {'Content-Type': 'application/merge-patch+json'}, body: JSON.stringify({metadata: {finalizers: null}})})
    expect(cleared.status).toBe(200)
    expect((await api('/api/v1/namespaces/work/configmaps/held')).status).toBe(404)
  })

  it('creates through events.k8s.io and reads the same event through core/v1', async () => {
    const body = {apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: {name: 'e1', namespace: 'work'}, eventTime: '2026-01-01T00:00:00.000000Z', regarding: {kind: 'Pod', name: 'a', namespace: 'work'}, reason: 'Tested', note: 'hello', type: 'Normal', action: 'Test', reportingController: 'kubekit/test', reportingInstance: 'test-1'}
    expect((await api('/apis/events.k8s.io/v1/namespaces/work/events', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})).status).toBe(201)
    const core = (await (await api('/api/v1/namespaces/work/events?fieldSelector=involvedObject.name%3Da')).json()) as {items: Array<Record<string, unknown>>}
    expect(core.items).toHaveLength(1)
    expect(core.items[0]).toMatchObject({involvedObject: {kind: 'Pod', name: 'a'}, message: 'hello', reason: 'Tested', reportingComponent: 'kubekit/test'})
    const v1 = (await (await api('/apis/events.k8s.io/v1/namespaces/work/events?fieldSelector=regarding.name%3Da')).json()) as {items: Array<Record<string, unknown>>}
    expect(v1.items[0]).toMatchObject({note: 'hello', regarding: {name: 'a'}})
  })

  it('shapes errors as the API server does', async () => {
    const notFound = await api('/apis/apps/v1/namespaces/work/deployments/nope')
    expect(notFound.status).toBe(404)
    expect(await notFound.json()).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "nope" not found', reason: 'NotFound', details: {name: 'nope', group: 'apps', kind: 'deployments'}, code: 404})
    const exists = await api('/api/v1/namespaces/work/pods', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(pod('a'))})
    expect(await exists.json()).toMatchObject({reason: 'AlreadyExists', code: 409, message: 'pods "a" already exists'})
    const badField = await api('/api/v1/pods?fieldSelector=spec.nope%3Dx')
    expect(await badField.json()).toMatchObject({code: 400, reason: 'BadRequest', message: 'field label not supported: spec.nope'})
    const unknown = await api('/api/v1/widgets')
    expect(unknown.status).toBe(404)
  })
})

describe('sandbox stop', () => {
  it('ends open watches and follow streams, and later store changes write nothing', async () => {
    const sandbox = await startSandbox({scenario: 'empty', http: true, objects: [{apiVersion: 'v1', kind: 'Node', metadata: {name: 'n1'}}, pod('a')], logs: {'work/a/app': {generate: {lines: 1_000_000, perSecond: 5}}}})
    const watch = await fetch(`${sandbox.url}/api/v1/pods?watch=true`)
    const follow = await fetch(`${sandbox.url}/api/v1/namespaces/work/pods/a/log?follow=true`)
    const drained = Promise.all([watch.text(), follow.text()])
    await sandbox.stop()
    const [watched] = await drained
    expect(watched).toContain('"ADDED"')
    expect(() => sandbox.store.create(pod('b'))).not.toThrow()
  })
})
