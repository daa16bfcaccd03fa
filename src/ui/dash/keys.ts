/**
 * Every key of the dash as a pure reducer: (the UI state, a key name, what the frame on screen
 * shows) → (the next state, the effects to run). No ink, no React, no I/O: what needs the
 * cluster, the file system or the process (listing namespaces, connecting, saving a log,
 * quitting) comes back as an effect for the app to run. Tested without ink (keys.test.ts).
 *
 * The app keeps the state in a ref and hands each key the frame last drawn, so a key pressed
 * right after a frame acts on what that frame shows, and keys typed faster than frames each
 * act on the state the previous one left.
 */
import {Fzf, type FzfResultItem} from 'fzf'
import {actionFor, type ActionId, type ViewId} from './keymap.js'
import {kindCompletions, kindFor, kinds, type KindSpec, type ObjectRow} from './kinds.js'
import {editText, filterKey, navigate, openView, promptKey, submitGrep} from './navigation.js'
import {serverSelector} from './pod-filter.js'
import type {PodListView} from './pod-store.js'
import {allContainersItem, allNamespacesItem, clamp, type ChooserState, type PaneId, type PodRef, type UiState} from './state.js'

/** What the frame on screen shows, as far as keys need it. */
export interface KeyFrame {
  /** Rows of the body (between the header and the footer line). */
  bodyHeight: number
  /** The pod list for a state (filtered and sorted as it would be drawn). */
  podList(s: UiState): PodListView
  /** Lines a pane scrolls over: a text pane's lines after wrapping, a followed pane's (logs, trace) lines. */
  paneLength(s: UiState, pane: PaneId): number
  /** The rows of the `:` list on screen (those of its kind; kept while a reload runs). */
  objectRows(s: UiState): readonly ObjectRow[]
}

/** I/O the app runs for a key; answers come back as state changes. */
export type DashEffect =
  | {type: 'exit'}
  /** Forget the pods listed (another cluster, namespace or node scope): the old rows go at once. */
  | {type: 'resetPods'}
  | {type: 'listContexts'}
  | {type: 'listNamespaces'}
  | {type: 'listContainers'; target: PodRef}
  | {type: 'connect'; context: string}
  | {type: 'rememberNamespace'; context: string; namespace: string}
  | {type: 'toggleFavourite'; context: string; namespace: string}
  | {type: 'saveLog'; path: string}

export interface KeyOutcome {
  state: UiState
  effects: DashEffect[]
}

/** What one piece of key handling changes. */
interface Step {
  change?: Partial<UiState> | undefined
  effects?: DashEffect[] | undefined
}

const change = (c: Partial<UiState>): Step => ({change: c})
const nothing: Step = {}
const top = {top: 0, left: 0}

/** The chooser's items that match what was typed (fuzzy); undefined while they load. */
export function chooserMatches(chooser: ChooserState): string[] | undefined {
  if (!chooser.items) return undefined
  if (chooser.query === '') return chooser.items
  return new Fzf(chooser.items, {casing: 'case-insensitive'}).find(chooser.query).map((result: FzfResultItem<string>) => result.item)
}

/** Where the cursor is in a pod list: the selected pod's row, else the same index. */
export function podCursor(s: UiState, list: PodListView): number {
  const index = s.cursorKey === undefined ? -1 : list.rows.findIndex((row) => row.key === s.cursorKey)
  return index >= 0 ? index : clamp(s.cursor, 0, Math.max(0, list.rows.length - 1))
}

/** The first row of a list window of `height` rows that shows the cursor, starting from `offset` when it can. */
export function windowStart(cursor: number, offset: number, height: number, total: number): number {
  let start = clamp(offset, 0, Math.max(0, total - height))
  if (cursor < start) start = cursor
  if (cursor >= start + height) start = cursor - height + 1
  return Math.max(0, start)
}

/** Rows of the pod list window (the body less its column header). */
export const podPage = (frame: KeyFrame): number => Math.max(1, frame.bodyHeight - 1)
/** Lines of a text pane (the body less its title line). */
export const paneRows = (frame: KeyFrame): number => frame.bodyHeight - 1

/** The first line a followed pane shows: following, as far down as the pane allows. */
export function followedTop(length: number, follow: boolean, top: number, rows: number): number {
  const last = Math.max(0, length - rows)
  return follow ? last : Math.max(0, Math.min(top, last))
}

/** One key: the state after it, and what to run. */
export function reduceKey(s: UiState, name: string, frame: KeyFrame): KeyOutcome {
  const step = keyStep(s, name, frame)
  return {state: withServerSelector(step.change ? {...s, ...step.change} : s), effects: step.effects ?? []}
}

/**
 * A `-l` filter, once kept (enter) or cleared, goes to the API server as the pod watch's label
 * selector; while it is typed, only the rows already listed are filtered (no re-list per key).
 */
function withServerSelector(s: UiState): UiState {
  if (s.filterEditing) return s
  const labelSelector = serverSelector(s.filter)
  return labelSelector === s.labelSelector ? s : {...s, labelSelector}
}

function keyStep(s: UiState, name: string, frame: KeyFrame): Step {
  if (name === 'ctrl+c') return {effects: [{type: 'exit'}]}
  if (s.chooser) return chooserKey(s, s.chooser, name)
  if (s.filterEditing) return change(filterKey(s, name))
  if (s.command !== undefined) return commandKey(s, s.command, name)
  if (s.prompt) return promptStep(s, name)
  const action = actionFor(s.stack.at(-1)!, name)
  const step = action ? perform(s, action, frame) : nothing
  // A message stays until the next key.
  return s.message === undefined ? step : {...step, change: {message: undefined, ...step.change}}
}

// ---- the choosers (context, namespace, container) ----

function chooserKey(s: UiState, chooser: ChooserState, name: string): Step {
  const matches = chooserMatches(chooser) ?? []
  const cursor = clamp(chooser.cursor, 0, Math.max(0, matches.length - 1))
  if (name === 'esc') return change({chooser: undefined})
  if (name === 'ctrl+f') {
    const item = matches[cursor]
    if (chooser.kind !== 'namespace' || !item || item === allNamespacesItem || !chooser.items) return nothing
    return {effects: [{type: 'toggleFavourite', context: s.cluster.contextName, namespace: item}]}
  }
  if (name === 'enter') {
    // Without the list (no permission to list namespaces), the typed name is the choice.
    const choice = matches[cursor] ?? (chooser.kind === 'namespace' && chooser.query.trim() ? chooser.query.trim() : undefined)
    return choice === undefined ? nothing : choose(s, chooser, choice)
  }
  if (name === 'up' || name === 'ctrl+p' || name === 'ctrl+k') return change({chooser: {...chooser, cursor: Math.max(0, cursor - 1)}})
  if (name === 'down' || name === 'ctrl+n' || name === 'ctrl+j' || name === 'tab') return change({chooser: {...chooser, cursor: Math.min(Math.max(0, matches.length - 1), cursor + 1)}})
  const query = editText(chooser.query, name)
  return query === undefined ? nothing : change({chooser: {...chooser, query, cursor: 0}})
}

/** Another cluster or namespace: the old pods go at once, not on the next list. */
function resetPods(): Step {
  return {change: {stack: ['pods'], cursorKey: undefined, cursor: 0, offset: 0, target: undefined, podNode: undefined}, effects: [{type: 'resetPods'}]}
}

function merge(...steps: Step[]): Step {
  return {change: Object.assign({}, ...steps.map((step) => step.change)) as Partial<UiState>, effects: steps.flatMap((step) => step.effects ?? [])}
}

function choose(s: UiState, chooser: ChooserState, choice: string): Step {
  if (chooser.kind === 'container') {
    const container = choice === allContainersItem ? undefined : choice
    return change({chooser: undefined, logOptions: {...s.logOptions, container}, follow: true, scroll: {...s.scroll, logs: top}, message: container ? `container ${container}` : 'every container'})
  }
  if (chooser.kind === 'namespace') {
    const all = choice === allNamespacesItem
    const selection = all ? {namespace: s.selection.namespace, allNamespaces: true} : {namespace: choice, allNamespaces: false}
    const remember: Step = all ? nothing : {effects: [{type: 'rememberNamespace', context: s.cluster.contextName, namespace: choice}]}
    return merge(remember, resetPods(), change({chooser: undefined, selection, message: all ? 'all namespaces' : `namespace ${choice}`}))
  }
  if (choice === s.cluster.contextName) return change({chooser: undefined})
  return {change: {chooser: undefined, message: `connecting to context ${choice}…`}, effects: [{type: 'connect', context: choice}]}
}

// ---- the footer's typed lines ----

function commandKey(s: UiState, text: string, name: string): Step {
  if (name === 'esc') return change({command: undefined})
  if (name === 'tab') return change({command: kindCompletions(text)[0] ?? text})
  if (name !== 'enter') {
    const command = editText(text, name)
    return command === undefined ? nothing : change({command})
  }
  const kind = kindFor(text)
  if (kind === undefined) return change({command: undefined, message: `no kind "${text.trim()}": try ${kindCompletions('').join(', ')}`})
  if (kind === 'pods') return change({command: undefined, stack: ['pods']})
  return change({command: undefined, stack: ['pods', 'objects'], objects: {kind: kind.resource, cursor: 0, offset: 0}, objectsRun: s.objectsRun + 1})
}

/** The logs view's prompts: a regex filter, or where to save the lines. */
function promptStep(s: UiState, name: string): Step {
  const prompt = s.prompt!
  const result = promptKey(prompt, name)
  if (result.cancel) return change({prompt: undefined})
  if (result.prompt) return change({prompt: result.prompt})
  if (prompt.kind === 'grep') return change(submitGrep(s, result.submit ?? ''))
  return {change: {prompt: undefined, message: 'saving…'}, effects: [{type: 'saveLog', path: result.submit || `./${s.target?.name ?? 'pod'}.log`}]}
}

// ---- actions ----

function perform(s: UiState, action: ActionId, frame: KeyFrame): Step {
  const current = s.stack.at(-1)!
  const pure = navigate(s, action)
  if (pure) return change(pure)
  if (current === 'objects') {
    const step = objectAction(s, action, frame)
    if (step) return step
  }
  switch (action) {
    case 'quit':
      return {effects: [{type: 'exit'}]}
    case 'command':
      return change({command: ''})
    case 'yaml':
      return s.target ? change({stack: openView(s.stack, 'yaml'), yamlRun: s.yamlRun + 1, scroll: {...s.scroll, yaml: top}}) : nothing
    case 'diagnose':
      return openPod(s, 'diagnosis', frame)
    case 'logs':
      return openPod(s, 'logs', frame)
    case 'xray':
    case 'trace':
      return current === 'pods' ? openPod(s, action, frame) : nothing
    case 'container':
      return s.target ? {change: {chooser: {kind: 'container', items: undefined, query: '', cursor: 0, current: s.logOptions.container ?? allContainersItem}}, effects: [{type: 'listContainers', target: s.target}]} : nothing
    case 'refresh':
      return refresh(s, current)
    case 'contexts':
      return {effects: [{type: 'listContexts'}]}
    case 'namespaces':
      return {change: {chooser: {kind: 'namespace', items: undefined, query: '', cursor: 0, current: s.selection.allNamespaces ? allNamespacesItem : s.selection.namespace}}, effects: [{type: 'listNamespaces'}]}
    case 'allNamespaces': {
      const allNamespaces = !s.selection.allNamespaces
      return merge(resetPods(), change({selection: {...s.selection, allNamespaces}, message: allNamespaces ? 'all namespaces' : `namespace ${s.selection.namespace}`}))
    }
    case 'follow': {
      const pane = current === 'trace' ? 'trace' : 'logs'
      const shown = followedTop(frame.paneLength(s, pane), s.follow, s.scroll[pane].top, paneRows(frame))
      return change({follow: !s.follow, scroll: {...s.scroll, [pane]: {top: shown, left: s.scroll[pane].left}}})
    }
    default:
      if (current === 'pods') return movePods(s, action, frame)
      if (current === 'objects') return nothing
      return scrollPane(s, current, action, frame)
  }
}

function refresh(s: UiState, current: ViewId): Step {
  if (current === 'diagnosis') return change({diagnosisRun: s.diagnosisRun + 1})
  if (current === 'xray') return change({xrayRun: s.xrayRun + 1})
  if (current === 'capacity') return change({capacityRun: s.capacityRun + 1})
  return change({watchRun: s.watchRun + 1})
}

/** A view about the selected pod, on top of the list. */
function openPod(s: UiState, next: 'diagnosis' | 'logs' | 'xray' | 'trace', frame: KeyFrame): Step {
  const list = frame.podList(s)
  const row = list.rows[podCursor(s, list)]
  if (!row) return change({message: 'no pod selected'})
  return openTarget(s, {namespace: row.namespace, name: row.name}, next)
}

/** Opens a view about an object (a pod of the list, or a row of a `:` list) on top of the list. */
function openTarget(s: UiState, target: PodRef, next: 'diagnosis' | 'logs' | 'xray' | 'trace'): Step {
  const base: ViewId[] = s.stack.at(-1) === 'objects' ? s.stack.slice(0, s.stack.indexOf('objects') + 1) : ['pods']
  const opened: Partial<UiState> = {stack: [...base, next], target, scroll: {...s.scroll, [next]: top}}
  if (next === 'diagnosis') return change({...opened, diagnosisRun: s.diagnosisRun + 1})
  if (next === 'logs') return change({...opened, follow: true, logOptions: {...s.logOptions, container: undefined, previous: false}})
  if (next === 'xray') return change({...opened, xrayRun: s.xrayRun + 1})
  return change({...opened, follow: true, traceRun: s.traceRun + 1})
}

/** The selected row of the `:` list, with its kind. */
function selectedObject(s: UiState, frame: KeyFrame): {kind: KindSpec; row: ObjectRow; rows: readonly ObjectRow[]} | undefined {
  const kind = kinds.find((k) => k.resource === s.objects?.kind)
  const rows = frame.objectRows(s)
  const row = rows[clamp(s.objects?.cursor ?? 0, 0, Math.max(0, rows.length - 1))]
  return kind && row ? {kind, row, rows} : undefined
}

/** A key that opens something about the selected row of a `:` list. */
function openObject(s: UiState, action: 'diagnose' | 'yaml' | 'xray' | 'trace' | 'nodePods', frame: KeyFrame): Step {
  const picked = selectedObject(s, frame)
  if (!picked) return change({message: 'nothing selected'})
  const target = {kind: picked.kind.resource, namespace: picked.row.namespace, name: picked.row.name}
  if (action === 'yaml') return change({stack: [...s.stack, 'yaml'], target, yamlRun: s.yamlRun + 1, scroll: {...s.scroll, yaml: top}})
  if (action === 'nodePods') {
    if (picked.kind.resource !== 'nodes') return change({message: 'p lists the pods of a node: open :nodes'})
    // Pods on a node come from every namespace.
    return merge(s.selection.allNamespaces ? nothing : resetPods(), change({stack: ['pods'], podNode: picked.row.name, filter: '', selection: {...s.selection, allNamespaces: true}, cursor: 0, cursorKey: undefined, offset: 0, message: `pods on node ${picked.row.name} (esc: every pod)`}))
  }
  if (action === 'xray' || action === 'trace') return openTarget(s, target, action)
  if (!picked.kind.diagnosable) return change({message: `${picked.kind.resource} have no diagnosis; y shows the YAML`})
  return change({stack: [...s.stack, 'diagnosis'], target, diagnosisRun: s.diagnosisRun + 1, scroll: {...s.scroll, diagnosis: top}})
}

/** Keys of the `:` list; undefined: not one of its own (the global keys apply). */
function objectAction(s: UiState, action: ActionId, frame: KeyFrame): Step | undefined {
  if (action === 'refresh') return change({objectsRun: s.objectsRun + 1})
  if (action === 'diagnose' || action === 'yaml' || action === 'xray' || action === 'trace' || action === 'nodePods') return openObject(s, action, frame)
  const total = frame.objectRows(s).length
  if (total === 0 || !s.objects) return undefined
  const page = Math.max(1, frame.bodyHeight - 2)
  const cursor = moveCursor(clamp(s.objects.cursor, 0, total - 1), action, page, total)
  if (cursor === undefined) return undefined
  return change({objects: {...s.objects, cursor, offset: windowStart(cursor, s.objects.offset, page, total)}})
}

/** A list cursor after a move; undefined when the action is not a move. */
function moveCursor(cursor: number, action: ActionId, page: number, total: number): number | undefined {
  const moved = {up: cursor - 1, down: cursor + 1, pageUp: cursor - page, pageDown: cursor + page, top: 0, bottom: total - 1}[action as 'up']
  return moved === undefined ? undefined : clamp(moved, 0, total - 1)
}

function movePods(s: UiState, action: ActionId, frame: KeyFrame): Step {
  const list = frame.podList(s)
  const total = list.rows.length
  if (total === 0) return nothing
  const page = podPage(frame)
  const from = podCursor(s, list)
  const cursor = moveCursor(from, action, page, total)
  if (cursor === undefined) return nothing
  // The window moves from where the frame shows it.
  const shown = windowStart(from, s.offset, page, total)
  return change({cursor, cursorKey: list.rows[cursor]!.key, offset: windowStart(cursor, shown, page, total)})
}

function scrollPane(s: UiState, pane: PaneId, action: ActionId, frame: KeyFrame): Step {
  const rows = paneRows(frame)
  const total = frame.paneLength(s, pane)
  const last = Math.max(0, total - rows)
  const followed = pane === 'logs' || pane === 'trace'
  let top = followed ? followedTop(total, s.follow, s.scroll[pane].top, rows) : s.scroll[pane].top
  let left = s.scroll[pane].left
  let follow = s.follow
  if (action === 'left') left = Math.max(0, left - horizontalStep)
  else if (action === 'right') left += horizontalStep
  else top = moveCursor(top, action, rows, last + 1) ?? top
  top = clamp(top, 0, last)
  if (followed) {
    if (action === 'bottom') follow = true
    else if (action === 'up' || action === 'pageUp' || action === 'top') follow = false
    else if (top >= last) follow = follow || action === 'down' || action === 'pageDown'
  }
  return change({scroll: {...s.scroll, [pane]: {top, left}}, follow})
}

/** Columns ←/→ move when long lines are cut. */
export const horizontalStep = 8
