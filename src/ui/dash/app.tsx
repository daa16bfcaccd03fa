/**
 * `kubectl dash`: the root component, as wiring only. The UI state and the keys are in
 * use-dash-state.ts (each key through the pure reducer of keys.ts, its I/O in effects.ts); the
 * live pod list in the store (use-pod-feed.ts); what views load on request in use-loads.ts; the
 * followed logs and trace in use-logs.ts; each frame, and the facts keys act on, in frame.tsx.
 */
import {useApp} from 'ink'
import {useEffect, useMemo, useState} from 'react'
import {painter} from '../../print/colour.js'
import type {DashCluster, DashConnector} from './cluster.js'
import {dashFrame, DashScreen} from './frame.js'
import {helpLines} from './keymap.js'
import {nodePodSums} from './node-usage.js'
import {PodStore} from './pod-store.js'
import {initialState} from './state.js'
import {useDashKeys, useDashState} from './use-dash-state.js'
import {usePaneLoads} from './use-loads.js'
import {useLogs, useTrace} from './use-logs.js'
import {useNamespaceMemory} from './use-namespaces.js'
import {usePodFeed} from './use-pod-feed.js'
import {useTerminalSize} from './use-terminal-size.js'

export interface DashAppProps {
  connector: DashConnector
  /** The cluster the flags name, connected before the UI starts (so a bad kubeconfig is a plain error). */
  cluster: DashCluster
  allNamespaces: boolean
  colour: boolean
  /** A fixed size (tests); default: the terminal's, following resizes. */
  size?: {columns: number; rows: number} | undefined
  /** How often the pod list may redraw while watch events stream in. */
  refreshMs?: number | undefined
  /** How often ages are recounted. */
  clockTickMs?: number | undefined
  /** The namespace chooser's memory (default: under $XDG_STATE_HOME/kubekit). */
  stateFile?: string | undefined
}

/** A render on demand (the pod store and the followed buffers change outside React). */
function useRedraw(): () => void {
  const [, bump] = useState(0)
  return useMemo(() => () => bump((n) => n + 1), [])
}

/** The clock ages are counted from, ticking every `tickMs` (agesAt keeps it from lagging behind the list). */
function useClock(tickMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), tickMs)
    return () => clearInterval(timer)
  }, [tickMs])
  return now
}

/** The live pod list, kept outside React; every change (at most once per interval) redraws. */
function usePodStore(refreshMs: number, redraw: () => void): PodStore {
  const store = useMemo(() => new PodStore(refreshMs), [refreshMs])
  useEffect(() => {
    const unsubscribe = store.subscribe(redraw)
    return () => {
      unsubscribe()
      store.dispose()
    }
  }, [store, redraw])
  return store
}

export function DashApp({connector, cluster: firstCluster, allNamespaces, colour, size: fixedSize, refreshMs = 150, clockTickMs = 5000, stateFile}: DashAppProps) {
  const {exit} = useApp()
  const {columns, rows} = useTerminalSize(fixedSize)
  const paint = useMemo(() => painter(colour), [colour])
  const redraw = useRedraw()
  const store = usePodStore(refreshMs, redraw)
  const dash = useDashState(() => initialState(firstCluster, allNamespaces))
  const ui = dash.ui
  const memory = useNamespaceMemory(stateFile)
  const help = useMemo(() => helpLines(), [])

  // Each cluster is closed when it is replaced (another context) or when the dash ends.
  useEffect(() => () => ui.cluster.close(), [ui.cluster])

  // The live pod list and how current it is (the client retries with back-off; r restarts a stopped watch).
  const connection = usePodFeed(store, {cluster: ui.cluster, namespace: ui.selection.namespace, allNamespaces: ui.selection.allNamespaces, labelSelector: ui.labelSelector, run: ui.watchRun})
  const now = useClock(clockTickMs)
  // The node list's requests come from the pods listed here when they are every pod of the cluster.
  const holdsEveryPod = ui.selection.allNamespaces && ui.labelSelector === undefined && store.synced
  const loads = usePaneLoads(ui, paint, () => ui.cluster.nodeUsage(holdsEveryPod ? nodePodSums(store.all()) : undefined))
  const follows = {cluster: ui.cluster, target: ui.target, paint, refreshMs, redraw}
  const logs = useLogs({...follows, open: ui.stack.includes('logs')}, ui.logOptions)
  const trace = useTrace({...follows, open: ui.stack.includes('trace')}, ui.traceRun)

  const frame = dashFrame({ui, store, connection, now, loads, logs, trace, help, columns, rows})
  useDashKeys(dash, frame.keys, {connector, store, memory, exit, logLines: () => (logs ? logs.slice(0, logs.length) : [])})
  return <DashScreen frame={frame} connection={connection} rows={rows} />
}
