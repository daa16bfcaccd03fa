/**
 * The dash's pod feed through the real cluster layer and API client, against the sandbox with
 * its faults: the API server dies and comes back with its history compacted; a watch the
 * server closes at once. Fast client tuning; every wait polls a condition with a deadline.
 */
import {afterEach, describe, expect, it} from 'vitest'
import {connect} from '../../../src/kube/client.js'
import {startSandbox, type Sandbox} from '../../../src/sandbox/index.js'
import {kubeCluster, type DashCluster} from '../../../src/ui/dash/cluster.js'
import {agesAt, type ConnectionState, type WatchTrouble} from '../../../src/ui/dash/connection.js'
import {followPods} from '../../../src/ui/dash/pod-feed.js'
import {PodStore} from '../../../src/ui/dash/pod-store.js'
import {until} from './helpers.js'

const tuning = {watchBackoff: {initialMs: 20, maxMs: 100}, retryBackoff: {initialMs: 5, maxMs: 10}}
const cleanups: Array<() => Promise<void>> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function demoSandbox(): Promise<Sandbox> {
  const sandbox = await startSandbox({scenario: 'demo'})
  cleanups.push(() => sandbox.stop())
  return sandbox
}

/** The dash's feed of every namespace's pods; `wrap` may look at what the cluster layer reports. */
async function startFeed(sandbox: Sandbox, wrap: (cluster: DashCluster) => DashCluster = (cluster) => cluster) {
  const client = await connect({kubeconfig: sandbox.kubeconfigPath}, {tuning})
  const store = new PodStore(0)
  const states: ConnectionState[] = []
  const controller = new AbortController()
  let syncs = 0
  const counted = (cluster: DashCluster): DashCluster => ({...cluster, watchPods: (selection, handlers) => cluster.watchPods(selection, {...handlers, onSync: {...handlers.onSync, end: () => (syncs++, handlers.onSync.end())}})})
  const done = followPods({cluster: counted(wrap(kubeCluster(client))), selection: {namespace: 'default', allNamespaces: true}, store, signal: controller.signal, onConnection: (state) => states.push(state)})
  cleanups.push(async () => {
    controller.abort()
    await done
    store.dispose()
    client.close()
  })
  const keys = () => store.view({filter: '', failingOnly: false, sort: 'name', now: Date.now()}).rows.map((row) => row.key)
  return {store, states, keys, connection: () => states.at(-1)!, syncs: () => syncs}
}

describe('dash pod feed against the sandbox', () => {
  it('the API server dies: reconnecting with the reason, rows kept as stale; back with history compacted: live, and a pod deleted meanwhile is gone', async () => {
    const sandbox = await demoSandbox()
    const feed = await startFeed(sandbox)
    await until(feed.connection, (state) => state?.phase === 'live', 'live')
    expect(feed.store.size).toBe(25)
    // A ReplicaSet's pod: the sandbox's controller replaces it under another name.
    const victim = feed.keys().find((key) => key.startsWith('shop/web-'))!
    expect(victim).toBeDefined()

    await sandbox.down()
    const reconnecting = await until(feed.connection, (state) => state.phase === 'reconnecting', 'reconnecting')
    if (reconnecting.phase !== 'reconnecting') throw new Error('unreachable')
    expect(reconnecting.trouble.reason).toBe('API server unreachable')
    expect(reconnecting.trouble.message).toContain(sandbox.url)
    // The rows stay (the last known state), their ages stopped where they were current.
    expect(feed.store.size).toBe(25)
    expect(reconnecting.dataAsOf).toBe(reconnecting.since)
    expect(agesAt(reconnecting, Date.now() + 60_000)).toBe(reconnecting.dataAsOf)

    const [namespace, name] = victim.split('/') as [string, string]
    sandbox.store.delete('pods', namespace, name)
    // It keeps trying while the server is away, each attempt reported.
    await until(feed.connection, (state) => state.phase === 'reconnecting' && state.trouble.attempt >= 3, 'three attempts')

    const syncs = feed.syncs()
    await sandbox.up({compactHistory: true})
    // The client reports recovery when the watch reopens, a moment before the server's 410 makes
    // it list again; so wait for both: live, and the re-list's rows.
    await until(() => ({state: feed.connection(), keys: feed.keys()}), ({state, keys}) => state.phase === 'live' && !keys.includes(victim), 'live again without the deleted pod')
    // It went through a re-list (history compacted: no DELETED event could tell), which replaced the rows.
    expect(feed.syncs()).toBeGreaterThan(syncs)
    expect(feed.states.map((state) => state.phase)).toEqual(expect.arrayContaining(['connecting', 'live', 'reconnecting']))
  })

  it('started while the API server is away: reconnecting (not an error), live once it is up', async () => {
    const sandbox = await demoSandbox()
    await sandbox.down()
    const feed = await startFeed(sandbox)
    const reconnecting = await until(feed.connection, (state) => state.phase === 'reconnecting', 'reconnecting')
    expect(reconnecting).toMatchObject({dataAsOf: undefined, trouble: {reason: 'API server unreachable'}})
    expect(feed.store.synced).toBe(false)
    await sandbox.up()
    await until(feed.connection, (state) => state.phase === 'live', 'live')
    expect(feed.store.size).toBe(25)
  })

  it('a watch the server closes at once: reconnecting, and requests bounded by the back-off', async () => {
    const sandbox = await demoSandbox()
    const faultId = sandbox.faults.add({resource: 'pods', verb: 'watch', closeWatchAfterEvents: 0})
    const notices: WatchTrouble[] = []
    const feed = await startFeed(sandbox, (cluster) => ({
      ...cluster,
      watchPods: (selection, handlers) =>
        cluster.watchPods(selection, {
          ...handlers,
          onRetry: (trouble) => {
            notices.push(trouble)
            handlers.onRetry(trouble)
          },
        }),
    }))
    await until(() => notices.length, (count) => count >= 12, 'twelve retry notices')
    const state = feed.connection()
    expect(state.phase).toBe('reconnecting')
    if (state.phase !== 'reconnecting') throw new Error('unreachable')
    expect(state.trouble.reason).toBe('API server broke the watch')
    expect(feed.store.size).toBe(25)
    // One watch request per notice (and the one in flight): no request without a wait before it.
    const hits = sandbox.faults.hits(faultId)
    expect(hits).toBeGreaterThanOrEqual(notices.length)
    expect(hits).toBeLessThanOrEqual(notices.length + 1)
    // The waits grow to the cap instead of staying at the first one.
    expect(Math.max(...notices.map((notice) => notice.delayMs))).toBeGreaterThanOrEqual(100)
    expect(notices.at(-1)!.attempt).toBe(notices.length)

    sandbox.faults.remove(faultId)
    await until(feed.connection, (next) => next.phase === 'live', 'live once the watch stays open')
  })
})
