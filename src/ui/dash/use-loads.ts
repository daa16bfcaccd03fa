/**
 * Data the views load on request, as one React hook: a diagnosis, the capacity table, an
 * object's YAML, its xray tree, and the list `:` opened. Each request is numbered (the run
 * counters in UiState); an answer to an older one is dropped, and a view shows an answer only
 * when it is to the request the state now makes (so a frame never mixes old data with new
 * state). A reload keeps the previous answer, so a list stays on screen until the new one arrives.
 */
import {useEffect, useState} from 'react'
import type {Painter} from '../../print/colour.js'
import type {DiagnoseResource} from '../../diagnose/target.js'
import type {DashCluster, PodSelection} from './cluster.js'
import {errorText} from './effects.js'
import {kinds, objectRows, type KindSpec, type ObjectRow} from './kinds.js'
import {withNodeUsage, type NodeUsageSource} from './node-usage.js'
import type {Loaded, UiState} from './state.js'

/** One request's answer. */
export interface Request<T> {
  state: 'loading' | 'ready' | 'failed'
  /** The answer (while reloading: the previous answer, if any). */
  value: T | undefined
  error?: string | undefined
  run: number
}

/** Loads each time `run` moves (0: nothing asked yet); the loader is read when it moves. */
function useRequest<T>(run: number, load: () => Promise<T>): Request<T> | undefined {
  const [request, setRequest] = useState<Request<T> | undefined>()
  useEffect(() => {
    if (run === 0) return
    let current = true
    setRequest((previous) => ({state: 'loading', value: previous?.value, run}))
    load().then(
      (value) => current && setRequest({state: 'ready', value, run}),
      (error: unknown) => current && setRequest((previous) => ({state: 'failed', value: previous?.value, error: errorText(error), run})),
    )
    return () => {
      current = false
    }
    // The request is the run number.
  }, [run])
  return request
}

/** A pane's text and what it is about. */
export interface PaneText {
  about: string
  lines: string[]
}

/** The `:` list's rows and their kind. */
export interface ObjectsValue {
  kind: string
  rows: ObjectRow[]
}

export type ObjectsLoad = Request<ObjectsValue>

export interface PaneLoads {
  diagnosis: Loaded | undefined
  capacity: Loaded | undefined
  yaml: Loaded | undefined
  xray: Loaded | undefined
  objects: ObjectsLoad | undefined
}

/** `deployments shop/web`, or `shop/web-1` for a pod. */
export function targetName(ui: UiState): string {
  const t = ui.target
  if (!t) return ''
  const name = t.namespace ? `${t.namespace}/${t.name}` : t.name
  return t.kind && t.kind !== 'pods' ? `${t.kind} ${name}` : name
}

/** The text pane's answer to the request the state makes now: loading until it arrives. */
function paneAnswer(request: Request<PaneText> | undefined, run: number, about: string): Loaded | undefined {
  if (run === 0) return undefined
  if (!request || request.run !== run || request.state === 'loading') return {state: 'loading', lines: [], about, run}
  if (request.state === 'failed') return {state: 'failed', lines: [], error: request.error, about, run}
  return {state: 'ready', lines: request.value?.lines ?? [], about: request.value?.about ?? about, run}
}

/** The `:` list as the state asks for it: its kind's rows (kept during a reload), `loading` until the answer to this run. */
export function objectsAnswer(load: ObjectsLoad | undefined, ui: UiState): {state: Request<unknown>['state']; rows: readonly ObjectRow[]; error?: string | undefined} {
  const kind = ui.objects?.kind
  const rows = load?.value?.kind === kind ? load!.value!.rows : []
  const state = load && load.run === ui.objectsRun ? load.state : 'loading'
  return {state, rows: state === 'failed' ? [] : rows, error: load?.error}
}

/** The rows of a kind; nodes with their requests and utilisation, `?` when that read fails. */
async function loadRows(cluster: DashCluster, spec: KindSpec, selection: PodSelection, usage: NodeUsageSource): Promise<ObjectRow[]> {
  if (spec.resource !== 'nodes') return objectRows(spec, await cluster.listObjects(spec.resource, selection), Date.now())
  const [objects, cells] = await Promise.all([cluster.listObjects(spec.resource, selection), usage().catch(() => undefined)])
  return withNodeUsage(objectRows(spec, objects, Date.now()), cells)
}

/**
 * Every on-request load of the dash. `nodeUsage` gives the node list's capacity cells (from the
 * pods the dash already holds when it can, so `:no` does not read every pod again).
 */
export function usePaneLoads(ui: UiState, paint: Painter, nodeUsage: NodeUsageSource): PaneLoads {
  const about = targetName(ui)
  const target = ui.target
  const cluster = ui.cluster
  const diagnosis = useRequest(ui.diagnosisRun, async () => {
    const t = target!
    const lines = t.kind && t.kind !== 'pods' ? await cluster.diagnose(t.kind as DiagnoseResource, t.namespace, t.name, paint) : await cluster.diagnosePod(t.namespace, t.name, paint)
    return {about, lines}
  })
  const capacity = useRequest(ui.capacityRun, async () => ({about: cluster.contextName, lines: await cluster.capacity(paint)}))
  const yaml = useRequest(ui.yamlRun, async () => ({about, lines: await cluster.objectYaml(target!.kind ?? 'pods', target!.namespace, target!.name)}))
  const xray = useRequest(ui.xrayRun, async () => ({about, lines: await cluster.xray(target!.kind ?? 'pods', target!.namespace, target!.name)}))
  const kind = ui.objects?.kind
  const selection = ui.selection
  const objects = useRequest(ui.objectsRun, async () => {
    const spec = kinds.find((k) => k.resource === kind)
    return {kind: kind ?? '', rows: spec ? await loadRows(cluster, spec, selection, nodeUsage) : []}
  })
  return {
    diagnosis: paneAnswer(diagnosis, ui.diagnosisRun, about),
    capacity: paneAnswer(capacity, ui.capacityRun, cluster.contextName),
    yaml: paneAnswer(yaml, ui.yamlRun, about),
    xray: paneAnswer(xray, ui.xrayRun, about),
    objects,
  }
}
