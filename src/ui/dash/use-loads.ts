/**
 * Data the views load on request, as React hooks: the list of one kind (for `:`), and a pane
 * of text (an object's YAML). Each request is numbered; an answer to an older one is dropped.
 */
import {useEffect, useState} from 'react'
import type {DashCluster, PodSelection} from './cluster.js'
import {kinds, objectRows, type KindSpec, type ObjectRow} from './kinds.js'
import {withNodeUsage} from './node-usage.js'
import type {Loaded} from './state.js'

export interface ObjectsLoad {
  kind: string
  state: 'loading' | 'ready' | 'failed'
  rows: ObjectRow[]
  error?: string | undefined
  run: number
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

/** The rows of a kind; nodes with their requests and utilisation (the capacity core), `?` when that read fails. */
async function loadRows(cluster: DashCluster, spec: KindSpec, selection: PodSelection): Promise<ObjectRow[]> {
  if (spec.resource !== 'nodes') return objectRows(spec, await cluster.listObjects(spec.resource, selection), Date.now())
  const [objects, usage] = await Promise.all([cluster.listObjects(spec.resource, selection), cluster.nodeUsage().catch(() => undefined)])
  return withNodeUsage(objectRows(spec, objects, Date.now()), usage)
}

export function useObjects(cluster: DashCluster, kind: string | undefined, selection: PodSelection, run: number): ObjectsLoad | undefined {
  const [load, setLoad] = useState<ObjectsLoad | undefined>()
  const {namespace, allNamespaces} = selection
  useEffect(() => {
    const spec = kinds.find((k) => k.resource === kind)
    if (!spec || run === 0) return
    let current = true
    // A reload keeps the rows it replaces on screen (and selectable) until the new ones arrive.
    setLoad((previous) => ({kind: spec.resource, state: 'loading', rows: previous?.kind === spec.resource ? previous.rows : [], run}))
    loadRows(cluster, spec, {namespace, allNamespaces}).then(
      (rows) => current && setLoad({kind: spec.resource, state: 'ready', rows, run}),
      (error: unknown) => current && setLoad({kind: spec.resource, state: 'failed', rows: [], error: errorText(error), run}),
    )
    return () => {
      current = false
    }
  }, [cluster, kind, namespace, allNamespaces, run])
  return load
}

/** Lines loaded for a pane each time `run` moves (0: nothing asked yet). */
export function useLines(run: number, about: string, load: () => Promise<string[]>): Loaded | undefined {
  const [loaded, setLoaded] = useState<Loaded | undefined>()
  useEffect(() => {
    if (run === 0) return
    let current = true
    setLoaded({state: 'loading', lines: [], about, run})
    load().then(
      (lines) => current && setLoaded({state: 'ready', lines, about, run}),
      (error: unknown) => current && setLoaded({state: 'failed', lines: [], error: errorText(error), about, run}),
    )
    return () => {
      current = false
    }
    // The request is the run number; `load` and `about` are read when it moves.
  }, [run])
  return loaded
}
