/**
 * The live pod list and how current it is: one pod watch of the cluster layer feeds the store
 * (a full state replaces every row, so pods deleted while the dash was cut off go at once) and
 * the connection state. No loop of its own: the client's sync retries with back-off for as
 * long as it takes; what it throws stops the feed until the user asks again.
 */
import type {DashCluster, PodSelection} from './cluster.js'
import {initialConnection, nextConnection, type ConnectionEvent, type ConnectionState} from './connection.js'
import type {PodStore} from './pod-store.js'

export interface PodFeedOptions {
  cluster: DashCluster
  selection: PodSelection
  store: PodStore
  signal: AbortSignal
  /** Called with each new connection state (never twice with the same one). */
  onConnection: (state: ConnectionState) => void
  clock?: () => number
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

/** Runs one pod watch until the signal aborts or the watch throws; resolves either way. */
export async function followPods({cluster, selection, store, signal, onConnection, clock = Date.now}: PodFeedOptions): Promise<void> {
  let state = initialConnection(clock())
  const report = (event: ConnectionEvent) => {
    if (signal.aborted) return
    const next = nextConnection(state, event)
    if (next === state) return
    state = next
    onConnection(state)
  }
  onConnection(state)
  try {
    await cluster.watchPods(selection, {
      signal,
      onSync: {
        begin: () => store.beginSync(),
        page: (pods) => store.addPage(pods),
        end: () => {
          store.endSync()
          report({type: 'synced', at: clock()})
        },
      },
      onEvent: (type, pod) => {
        store.apply(type, pod)
        report({type: 'event', at: clock()})
      },
      onRetry: (trouble) => report({type: 'retry', at: clock(), trouble}),
      onRecovered: () => report({type: 'recovered', at: clock()}),
    })
    report({type: 'stopped', at: clock(), error: 'the pod watch ended'})
  } catch (error) {
    report({type: 'stopped', at: clock(), error: errorText(error)})
  }
}
