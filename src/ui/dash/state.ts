/** The dash's UI state: one plain object, replaced on every change. */
import type {DashCluster, PodSelection} from './cluster.js'
import type {ViewId} from './keymap.js'
import {defaultLogOptions, type LogOptions} from './log-options.js'
import type {SortMode} from './pod-store.js'

/** The views that show scrollable text. */
export type PaneId = 'diagnosis' | 'capacity' | 'help' | 'logs' | 'yaml' | 'xray' | 'trace'

export interface Scroll {
  /** First line shown. */
  top: number
  /** First column shown (when lines are not wrapped). */
  left: number
}

export interface ChooserState {
  kind: 'context' | 'namespace' | 'container'
  /** undefined while loading. */
  items: string[] | undefined
  query: string
  cursor: number
  current: string | undefined
  error?: string | undefined
  /** Words shown after an item (the namespace chooser: favourite, recent). */
  marks?: Readonly<Record<string, string>> | undefined
}

/** A line of text typed in the footer: the logs view's regex filter, or where to save the log. */
export interface PromptState {
  kind: 'grep' | 'save'
  text: string
}

export interface PodRef {
  namespace: string
  name: string
  /** The object's resource (`deployments`, `nodes`, ...); undefined: a pod. */
  kind?: string | undefined
}

/** The list of one kind that `:` opened. */
export interface ObjectsState {
  /** Its resource name (kinds.ts). */
  kind: string
  cursor: number
  offset: number
}

export interface UiState {
  /** Views opened, the current one last; the pod list is always at the bottom. */
  stack: ViewId[]
  cluster: DashCluster
  selection: PodSelection
  /** The selected pod (by key, so live updates do not move the selection), and its last index. */
  cursorKey: string | undefined
  cursor: number
  /** First visible row of the pod list. */
  offset: number
  filter: string
  filterEditing: boolean
  /** The label selector the pod watch sends (a kept `-l` filter); undefined: every pod. */
  labelSelector: string | undefined
  /** Only the pods on this node (opened from the node list); undefined: every node. */
  podNode: string | undefined
  failingOnly: boolean
  sort: SortMode
  /** The pod the diagnosis and logs views are about. */
  target: PodRef | undefined
  scroll: Record<PaneId, Scroll>
  /** Long lines wrapped (true) or cut, with ←/→ to scroll sideways (false). */
  wrap: Record<PaneId, boolean>
  /** The logs view sticks to the newest line. */
  follow: boolean
  chooser: ChooserState | undefined
  /** What the logs view asks the tail core for. */
  logOptions: LogOptions
  prompt: PromptState | undefined
  /** The `:` command line while it is typed; undefined otherwise. */
  command: string | undefined
  objects: ObjectsState | undefined
  /** One line in the footer until the next key. */
  message: string | undefined
  /** Bumped to (re)run the diagnosis or the capacity read. */
  diagnosisRun: number
  capacityRun: number
  objectsRun: number
  yamlRun: number
  xrayRun: number
  /** Bumped to trace the target again (t). */
  traceRun: number
  /** Bumped to start the pod watch again after it stopped. */
  watchRun: number
}

/** Text loaded for a pane (a diagnosis, the capacity table). */
export interface Loaded {
  state: 'loading' | 'ready' | 'failed'
  lines: string[]
  error?: string | undefined
  /** What was loaded (the pod, the context), for the pane's title. */
  about: string
  /** The request it answers (UiState.diagnosisRun or capacityRun): an older one is not shown. */
  run: number
}

export const allNamespacesItem = '(all namespaces)'
export const allContainersItem = '(all containers)'

export function initialState(cluster: DashCluster, allNamespaces: boolean): UiState {
  const top = {top: 0, left: 0}
  return {
    stack: ['pods'],
    cluster,
    selection: {namespace: cluster.defaultNamespace, allNamespaces},
    cursorKey: undefined,
    cursor: 0,
    offset: 0,
    filter: '',
    filterEditing: false,
    labelSelector: undefined,
    podNode: undefined,
    failingOnly: false,
    sort: 'name',
    target: undefined,
    scroll: {diagnosis: top, capacity: top, help: top, logs: top, yaml: top, xray: top, trace: top},
    wrap: {diagnosis: true, capacity: false, help: false, logs: false, yaml: false, xray: false, trace: true},
    follow: true,
    chooser: undefined,
    logOptions: defaultLogOptions,
    prompt: undefined,
    command: undefined,
    objects: undefined,
    message: undefined,
    diagnosisRun: 0,
    capacityRun: 0,
    objectsRun: 0,
    yamlRun: 0,
    xrayRun: 0,
    traceRun: 0,
    watchRun: 0,
  }
}

export function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value))
}
