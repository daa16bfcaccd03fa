import {describe, expect, it} from 'vitest'
import {entryItemJson, entryJson, Store, type StoreEvent} from '../../src/sandbox/store.js'

const pod = (namespace: string, name: string, labels: Record<string, string> = {}) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace, labels}, spec: {containers: [{name: 'app', image: 'nginx'}]}})

function filled(): Store {
  const store = new Store({historySize: 3})
  store.load([
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'a'}},
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'a-b'}},
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'b'}},
    ...['p3', 'p1', 'p2'].map((n) => pod('a', n)),
    pod('a-b', 'x'),
    pod('b', 'p0'),
  ])
  return store
}

describe('store', () => {
  it('lists in key order (namespace/name), one namespace or all', () => {
    const store = filled()
    expect(store.list('pods').entries.map((e) => e.key)).toEqual(['a-b/x', 'a/p1', 'a/p2', 'a/p3', 'b/p0'])
    expect(store.list('pods', {namespace: 'a'}).entries.map((e) => e.key)).toEqual(['a/p1', 'a/p2', 'a/p3'])
    expect(store.list('pods', {namespace: 'a-b'}).entries.map((e) => e.key)).toEqual(['a-b/x'])
  })

  it('pages with limit and after, counting what remains', () => {
    const store = filled()
    const first = store.list('pods', {limit: 2})
    expect(first.entries.map((e) => e.key)).toEqual(['a-b/x', 'a/p1'])
    expect(first).toMatchObject({nextAfter: 'a/p1', remaining: 3})
    const second = store.list('pods', {limit: 2, after: first.nextAfter!})
    expect(second.entries.map((e) => e.key)).toEqual(['a/p2', 'a/p3'])
    const last = store.list('pods', {limit: 2, after: second.nextAfter!})
    expect(last.entries.map((e) => e.key)).toEqual(['b/p0'])
    expect(last.nextAfter).toBeUndefined()
  })

  it('pages a filtered list up to limit matches', () => {
    const store = filled()
    const page = store.list('pods', {limit: 1, filter: (e) => e.object.metadata!.name!.startsWith('p')})
    expect(page.entries.map((e) => e.key)).toEqual(['a/p1'])
    expect(page.remaining).toBeUndefined()
  })

  it('fills in uid, creationTimestamp and a monotonic resourceVersion, and serialises once', () => {
    const store = filled()
    const before = store.resourceVersion
    const created = store.create(pod('a', 'new'))
    expect(created.metadata!.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(Number(created.metadata!.resourceVersion)).toBe(before + 1)
    const entry = store.get('pods', 'a', 'new')!
    expect(entryJson(entry)).toBe(entryJson(entry))
    expect(entryJson(entry).startsWith('{"kind":"Pod","apiVersion":"v1","metadata"')).toBe(true)
    expect(entryItemJson(entry).startsWith('{"metadata"')).toBe(true)
  })

  it('refuses duplicates, stale updates and unknown objects with API errors', () => {
    const store = filled()
    expect(() => store.create(pod('a', 'p1'))).toThrow('pods "p1" already exists')
    const current = store.get('pods', 'a', 'p1')!.object
    store.update({...current, metadata: {...current.metadata, labels: {x: '1'}}})
    expect(() => store.update(current)).toThrow(/Operation cannot be fulfilled on pods "p1": the object has been modified/)
    expect(() => store.delete('pods', 'a', 'nope')).toThrow('pods "nope" not found')
    expect(() => store.create(pod('nowhere', 'x'))).toThrow('namespaces "nowhere" not found')
  })

  it('keeps objects with finalizers until an update empties them', () => {
    const store = filled()
    const events: StoreEvent[] = []
    store.subscribe('pods', (e) => events.push(e))
    store.create({...pod('a', 'fin'), metadata: {name: 'fin', namespace: 'a', finalizers: ['example.com/hold']}})
    const marked = store.delete('pods', 'a', 'fin')
    expect(marked.metadata!.deletionTimestamp).toBeDefined()
    expect(store.get('pods', 'a', 'fin')).toBeDefined()
    store.update({...marked, metadata: {...marked.metadata, finalizers: []}})
    expect(store.get('pods', 'a', 'fin')).toBeUndefined()
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED'])
  })

  it('lists as of an earlier resourceVersion: changes since are undone, deleted keys come back in order', () => {
    const store = new Store({historySize: 10})
    store.load(['p1', 'p2', 'p3', 'p4'].map((n) => pod('a', n)))
    const then = store.resourceVersion
    const first = store.listAt('pods', then, {limit: 2})!
    expect(first.entries.map((e) => e.key)).toEqual(['a/p1', 'a/p2'])
    store.delete('pods', 'a', 'p3')
    store.create(pod('a', 'p25'))
    store.update({...store.get('pods', 'a', 'p4')!.object, metadata: {...store.get('pods', 'a', 'p4')!.object.metadata, labels: {changed: 'yes'}}})
    store.delete('pods', 'a', 'p4')
    const rest = store.listAt('pods', then, {limit: 1, after: first.nextAfter!})!
    expect(rest.entries.map((e) => [e.key, e.resourceVersion])).toEqual([['a/p3', then]])
    expect(rest).toMatchObject({nextAfter: 'a/p3', remaining: 1})
    const last = store.listAt('pods', then, {after: rest.nextAfter!})!
    expect(last.entries.map((e) => [e.key, e.object.metadata!.labels])).toEqual([['a/p4', {}]])
    expect(last.nextAfter).toBeUndefined()
    expect(store.listAt('pods', then, {filter: (e) => e.key !== 'a/p1'})!.entries.map((e) => e.key)).toEqual(['a/p2', 'a/p3', 'a/p4'])
    expect(store.listAt('pods', store.resourceVersion)!.entries.map((e) => e.key)).toEqual(['a/p1', 'a/p2', 'a/p25'])
  })

  it('cannot list as of a resourceVersion the history no longer reaches', () => {
    const store = filled()
    const then = store.resourceVersion
    for (const n of ['n1', 'n2', 'n3', 'n4']) store.create(pod('a', n))
    expect(store.listAt('pods', then)).toBeUndefined()
    expect(store.listAt('pods', then + 1)!.entries.map((e) => e.key)).toContain('a/n1')
  })

  it('replays history after a resourceVersion and forgets what is past historySize', () => {
    const store = filled()
    const start = store.resourceVersion
    store.create(pod('a', 'n1'))
    store.create(pod('a', 'n2'))
    expect(store.eventsSince('pods', start)!.map((e) => e.entry.object.metadata!.name)).toEqual(['n1', 'n2'])
    store.create(pod('a', 'n3'))
    store.create(pod('a', 'n4'))
    // historySize 3: the event for n1 is gone, so resuming from before it is impossible.
    expect(store.eventsSince('pods', start)).toBeUndefined()
    expect(store.eventsSince('pods', start + 1)!.map((e) => e.entry.object.metadata!.name)).toEqual(['n2', 'n3', 'n4'])
  })
})
