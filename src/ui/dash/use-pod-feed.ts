/**
 * The pod feed as a React hook: one followPods per cluster, selection and retry request (`run`),
 * the store emptied for each, and the connection state it reports.
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
  /** Bumped to start again after the watch stopped. */
  run: number
}

export function usePodFeed(store: PodStore, {cluster, namespace, allNamespaces, run}: PodFeedRequest): ConnectionState {
  const [connection, setConnection] = useState<ConnectionState>(() => initialConnection(Date.now()))
  useEffect(() => {
    const controller = new AbortController()
    store.reset()
    void followPods({cluster, selection: {namespace, allNamespaces}, store, signal: controller.signal, onConnection: setConnection})
    return () => controller.abort()
  }, [store, cluster, namespace, allNamespaces, run])
  return connection
}
