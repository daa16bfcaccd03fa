import {describe, expect, it} from 'vitest'
import type {PodObject} from '../../../src/ui/dash/pod-rows.js'
import {PodStore, type RowQuery} from '../../../src/ui/dash/pod-store.js'

const now = Date.parse('2026-11-22T00:00:00Z')

function pod(namespace: string, name: string, options: {ready?: boolean; restarts?: number; ageMinutes?: number} = {}): PodObject {
  const ready = options.ready ?? true
  return {
    metadata: {name, namespace, creationTimestamp: new Date(now - (options.ageMinutes ?? 60) * 60_000).toISOString()},
    spec: {nodeName: 'n1', containers: [{name: 'app'}]},
    status: {
      phase: 'Running',
      conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}],
      containerStatuses: [{name: 'app', ready, restartCount: options.restarts ?? 0, state: ready ? {running: {}} : {waiting: {reason: 'CrashLoopBackOff'}}}],
    },
  }
}

const query = (change: Partial<RowQuery> = {}): RowQuery => ({filter: '', failingOnly: false, sort: 'name', now, ...change})
const names = (store: PodStore, change: Partial<RowQuery> = {}) => store.view(query(change)).rows.map((r) => r.key)
const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

describe('PodStore', () => {
  it('keeps the list from a sync and watch events, sorted by namespace then name', () => {
    const store = new PodStore(0, () => now)
    store.replace([pod('shop', 'web-2'), pod('payments', 'gateway', {ready: false}), pod('shop', 'web-1')])
    expect(names(store)).toEqual(['payments/gateway', 'shop/web-1', 'shop/web-2'])
    store.apply('ADDED', pod('analytics', 'report'))
    store.apply('DELETED', pod('shop', 'web-2'))
    store.apply('MODIFIED', pod('shop', 'web-1', {ready: false}))
    const view = store.view(query())
    expect(view.rows.map((r) => r.key)).toEqual(['analytics/report', 'payments/gateway', 'shop/web-1'])
    expect(view.total).toBe(3)
    expect(view.failing).toBe(2)
    expect(store.get('shop/web-1')?.status).toBe('CrashLoopBackOff')
    store.dispose()
  })

  it('filters by text (name, namespace or status) and by failing, and sorts four ways', () => {
    const store = new PodStore(0, () => now)
    store.replace([pod('a', 'old', {ageMinutes: 600}), pod('a', 'crashy', {ready: false, restarts: 9}), pod('b', 'new', {ageMinutes: 1, restarts: 1})])
    expect(names(store, {filter: 'CRASHLOOP'})).toEqual(['a/crashy'])
    expect(names(store, {filter: 'b/'})).toEqual(['b/new'])
    expect(names(store, {failingOnly: true})).toEqual(['a/crashy'])
    expect(names(store, {sort: 'failing'})[0]).toBe('a/crashy')
    expect(names(store, {sort: 'restarts'})).toEqual(['a/crashy', 'b/new', 'a/old'])
    expect(names(store, {sort: 'age'})).toEqual(['b/new', 'a/crashy', 'a/old'])
    store.dispose()
  })

  it('returns the same array until the data or the query change', () => {
    const store = new PodStore(0, () => now)
    store.replace([pod('a', 'x')])
    const first = store.view(query()).rows
    expect(store.view(query()).rows).toBe(first)
    store.apply('MODIFIED', pod('a', 'x', {restarts: 1}))
    expect(store.view(query()).rows).not.toBe(first)
    store.dispose()
  })

  it('tells listeners once for a burst of thousands of events', async () => {
    const store = new PodStore(10, () => now)
    let calls = 0
    store.subscribe(() => calls++)
    store.replace(Array.from({length: 5000}, (_, i) => pod('load', `pod-${i}`)))
    for (let i = 0; i < 5000; i++) store.apply('MODIFIED', pod('load', `pod-${i}`, {restarts: 1}))
    await settle()
    expect(calls).toBe(1)
    expect(store.size).toBe(5000)
    store.apply('DELETED', pod('load', 'pod-0'))
    await settle()
    expect(calls).toBe(2)
    store.dispose()
  })

  it('reset forgets the pods and says it is not synced', () => {
    const store = new PodStore(0, () => now)
    store.replace([pod('a', 'x')])
    expect(store.synced).toBe(true)
    store.reset()
    expect(store.synced).toBe(false)
    expect(store.size).toBe(0)
    store.dispose()
  })

  it('a full state after a reconnect replaces the rows: pods deleted meanwhile go, even with watch events before it', () => {
    const store = new PodStore(0, () => now)
    store.replace([pod('shop', 'web-1'), pod('shop', 'web-2'), pod('shop', 'cart')])
    store.apply('MODIFIED', pod('shop', 'web-2', {ready: false}))
    // The re-list does not name web-2 (deleted while the watch was away) nor the old cart.
    store.replace([pod('shop', 'web-1'), pod('shop', 'cart-2')])
    expect(names(store)).toEqual(['shop/cart-2', 'shop/web-1'])
    expect(store.get('shop/web-2')).toBeUndefined()
    store.dispose()
  })

  it('a re-list page by page keeps only rows (no raw pod), and the old rows stay on screen until its end', () => {
    const store = new PodStore(0, () => now)
    store.replace([pod('shop', 'old-1'), pod('shop', 'old-2')])
    const page = [pod('shop', 'new-1'), {...pod('shop', 'new-2', {ready: false}), metadata: {...pod('shop', 'new-2').metadata, labels: {app: 'web'}}}]
    store.beginSync()
    store.addPage(page)
    // Mid-list: still the previous list, the new rows waiting.
    expect(names(store)).toEqual(['shop/old-1', 'shop/old-2'])
    expect(store.pendingSize).toBe(2)
    store.addPage([pod('shop', 'new-3')])
    store.endSync()
    expect(names(store)).toEqual(['shop/new-1', 'shop/new-2', 'shop/new-3'])
    expect(store.pendingSize).toBe(0)
    // A row holds its own small values: no reference into the pod it came from.
    const row = store.get('shop/new-2')!
    expect(Object.keys(row).sort()).toEqual(['broken', 'crashedAt', 'createdAt', 'key', 'labels', 'lastRestartAt', 'name', 'namespace', 'node', 'ready', 'requests', 'restarts', 'status'])
    const reachable = new Set<unknown>()
    const walk = (value: unknown) => {
      if (value === null || typeof value !== 'object' || reachable.has(value)) return
      reachable.add(value)
      for (const inner of Object.values(value)) walk(inner)
    }
    walk(page[1])
    for (const value of Object.values(row)) if (typeof value === 'object') expect(reachable.has(value)).toBe(false)
    expect(row.labels).toEqual({app: 'web'})
    store.dispose()
  })

  it('a re-list that fails part-way never replaces the rows; the next one starts over', () => {
    const store = new PodStore(0, () => now)
    store.replace([pod('shop', 'kept')])
    store.beginSync()
    store.addPage([pod('shop', 'half')])
    store.beginSync()
    store.addPage([pod('shop', 'fresh')])
    expect(names(store)).toEqual(['shop/kept'])
    store.endSync()
    expect(names(store)).toEqual(['shop/fresh'])
    store.dispose()
  })
})
