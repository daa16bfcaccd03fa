/**
 * The pod feed as a React hook: one followPods per cluster, selection, label selector and retry
 * request (`run`), the store emptied for another cluster or namespace, and the connection state.
 */
import {useEffect, useState} from 'react'
import type {DashCluster} from './cluster.js'
import {initialConnection, type ConnectionState} from './connection.js'
import {followPods} from './pod-feed.js'
import type {PodStore} from './pod-store.js'

export interface PodFeedRequest {
  cluster: DashCluster
  namespace: string
  allNamespaces: boolean
  /** Sent to the server; a change re-lists, and the rows shown stay until the new list is complete. */
  labelSelector: string | undefined
  /** Bumped to start again after the watch stopped. */
  run: number
}

export function usePodFeed(store: PodStore, {cluster, namespace, allNamespaces, labelSelector, run}: PodFeedRequest): ConnectionState {
  const [connection, setConnection] = useState<ConnectionState>(() => initialConnection(Date.now()))
  // Another cluster or namespace: the old pods go at once.
  useEffect(() => store.reset(), [store, cluster, namespace, allNamespaces])
  useEffect(() => {
    const controller = new AbortController()
    void followPods({cluster, selection: {namespace, allNamespaces, labelSelector}, store, signal: controller.signal, onConnection: setConnection})
    return () => controller.abort()
  }, [store, cluster, namespace, allNamespaces, labelSelector, run])
  return connection
}
