/**
 * The pod feed as a hook, with a cluster made in the test: one watch per selection, label
 * selector and retry; the old one aborted; the rows dropped at once for another cluster or
 * namespace but kept while a new label selector lists.
 */
import {cleanup} from 'ink-testing-library'
import {afterEach, describe, expect, it} from 'vitest'
import type {DashCluster, PodSelection, PodWatchHandlers} from '../../../src/ui/dash/cluster.js'
import type {PodObject} from '../../../src/ui/dash/pod-rows.js'
import {PodStore} from '../../../src/ui/dash/pod-store.js'
import {usePodFeed, type PodFeedRequest} from '../../../src/ui/dash/use-pod-feed.js'
import {renderHook, until} from './helpers.js'

afterEach(() => cleanup())

interface Watch {
  selection: PodSelection
  handlers: PodWatchHandlers
  /** Ends the watch with an error. */
  fail(error: Error): void
}

/** A cluster whose pod watches the test drives; each runs until aborted or failed. */
function fakeCluster(name: string) {
  const watches: Watch[] = []
  const cluster = {
    contextName: name,
    defaultNamespace: 'default',
    watchPods: (selection: PodSelection, handlers: PodWatchHandlers) =>
      new Promise<void>((resolve, reject) => {
        watches.push({selection, handlers, fail: reject})
        handlers.signal.addEventListener('abort', () => resolve())
      }),
  } as unknown as DashCluster
  return {cluster, watches}
}

const pod = (name: string): PodObject => ({metadata: {name, namespace: 'shop'}})

function sync(watch: Watch, pods: PodObject[]) {
  watch.handlers.onSync.begin()
  watch.handlers.onSync.page(pods)
  watch.handlers.onSync.end()
}

function startFeed(first: PodFeedRequest) {
  const store = new PodStore(0)
  const feed = renderHook((request: PodFeedRequest) => usePodFeed(store, request), first)
  const phase = () => feed.value().phase
  return {store, feed, phase, keys: () => [...store.all()].map((row) => row.key)}
}

describe('usePodFeed', () => {
  it('connecting, then live once the watch has listed; the rows in the store', async () => {
    const {cluster, watches} = fakeCluster('prod')
    const {phase, keys} = startFeed({cluster, namespace: 'shop', allNamespaces: false, labelSelector: undefined, run: 0})
    expect(phase()).toBe('connecting')
    await until(() => watches.length, (n) => n === 1, 'the watch')
    expect(watches[0]!.selection).toEqual({namespace: 'shop', allNamespaces: false, labelSelector: undefined})
    sync(watches[0]!, [pod('web-1'), pod('web-2')])
    await until(phase, (p) => p === 'live', 'live')
    expect(keys()).toEqual(['shop/web-1', 'shop/web-2'])
  })

  it('another namespace: the old watch is aborted and its rows go at once; another label selector keeps them until it lists', async () => {
    const {cluster, watches} = fakeCluster('prod')
    const request: PodFeedRequest = {cluster, namespace: 'shop', allNamespaces: false, labelSelector: undefined, run: 0}
    const {feed, keys} = startFeed(request)
    await until(() => watches.length, (n) => n === 1, 'the watch')
    sync(watches[0]!, [pod('web-1')])
    feed.rerender({...request, labelSelector: 'app=web'})
    await until(() => watches.length, (n) => n === 2, 'a watch with the selector')
    expect(watches[0]!.handlers.signal.aborted).toBe(true)
    expect(watches[1]!.selection.labelSelector).toBe('app=web')
    expect(keys()).toEqual(['shop/web-1'])
    feed.rerender({...request, namespace: 'payments', labelSelector: 'app=web'})
    await until(() => watches.length, (n) => n === 3, 'a watch of payments')
    expect(watches[1]!.handlers.signal.aborted).toBe(true)
    expect(watches[2]!.selection).toEqual({namespace: 'payments', allNamespaces: false, labelSelector: 'app=web'})
    expect(keys()).toEqual([])
  })

  it('a watch that fails stops the feed with its reason; a new run starts it again', async () => {
    const {cluster, watches} = fakeCluster('prod')
    const request: PodFeedRequest = {cluster, namespace: 'shop', allNamespaces: false, labelSelector: undefined, run: 0}
    const {feed, phase} = startFeed(request)
    await until(() => watches.length, (n) => n === 1, 'the watch')
    watches[0]!.fail(new Error('pods is forbidden\nmore detail'))
    const stopped = await until(feed.value, (c) => c.phase === 'stopped', 'stopped')
    expect(stopped).toMatchObject({phase: 'stopped', error: 'pods is forbidden'})
    feed.rerender({...request, run: 1})
    await until(() => watches.length, (n) => n === 2, 'a second watch')
    await until(phase, (p) => p === 'connecting', 'connecting again')
  })

  it('another cluster: a watch of it, the rows of the first gone', async () => {
    const first = fakeCluster('prod')
    const second = fakeCluster('staging')
    const request: PodFeedRequest = {cluster: first.cluster, namespace: 'shop', allNamespaces: true, labelSelector: undefined, run: 0}
    const {feed, keys} = startFeed(request)
    await until(() => first.watches.length, (n) => n === 1, 'the watch')
    sync(first.watches[0]!, [pod('web-1')])
    feed.rerender({...request, cluster: second.cluster})
    await until(() => second.watches.length, (n) => n === 1, 'a watch of the other cluster')
    expect(first.watches[0]!.handlers.signal.aborted).toBe(true)
    expect(keys()).toEqual([])
  })
})
