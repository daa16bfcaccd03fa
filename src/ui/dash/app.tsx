/**
 * `kubectl dash`: the root component. It owns the UI state (one object in a ref, so keys that
 * arrive faster than frames always act on the latest state), the live pod store, and the
 * effects that talk to the cluster; views are plain renderers registered in views.tsx, and
 * what each key does comes from keymap.ts.
 */
import {Fzf, type FzfResultItem} from 'fzf'
import {Box, useApp, useInput} from 'ink'
import {useEffect, useMemo, useRef, useState, type ReactNode} from 'react'
import {painter} from '../../print/colour.js'
import type {DashCluster, DashConnector} from './cluster.js'
import {agesAt, emptyListText, isStale} from './connection.js'
import {actionFor, helpLines, keyNames, type ActionId, type ViewId} from './keymap.js'
import type {DiagnoseResource} from '../../diagnose/target.js'
import {kindCompletions, kindFor, kinds} from './kinds.js'
import {editText, filterKey, navigate, openView, promptKey, submitGrep} from './navigation.js'
import {saveLog} from './log-save.js'
import {orderNamespaces} from './ns-memory.js'
import {PodStore, type PodListView, type RowQuery} from './pod-store.js'
import {allContainersItem, allNamespacesItem, clamp, initialState, type ChooserState, type PaneId, type PodRef, type UiState} from './state.js'
import {useLines, useObjects} from './use-loads.js'
import {useLogs, useTrace} from './use-logs.js'
import {useNamespaceMemory} from './use-namespaces.js'
import {useTerminalSize} from './use-terminal-size.js'
import {usePodFeed} from './use-pod-feed.js'
import {bufferTop, paneLines, targetName, viewRegistry, type ViewContext} from './views.js'
import {Chooser} from './views/chooser.js'
import {Footer} from './views/footer.js'
import {Header} from './views/header.js'

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

const horizontalStep = 8

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

const chooserTitles: Record<ChooserState['kind'], string> = {context: 'Switch context', namespace: 'Switch namespace   (ctrl+f: favourite)', container: 'Show the logs of'}

function chooserMatches(chooser: ChooserState): string[] | undefined {
  if (!chooser.items) return undefined
  if (chooser.query === '') return chooser.items
  return new Fzf(chooser.items, {casing: 'case-insensitive'}).find(chooser.query).map((result: FzfResultItem<string>) => result.item)
}

export function DashApp({connector, cluster: firstCluster, allNamespaces, colour, size: fixedSize, refreshMs = 150, clockTickMs = 5000, stateFile}: DashAppProps) {
  const {exit} = useApp()
  const {columns, rows} = useTerminalSize(fixedSize)
  const paint = useMemo(() => painter(colour), [colour])
  const store = useMemo(() => new PodStore(refreshMs), [refreshMs])
  const state = useRef<UiState>(initialState(firstCluster, allNamespaces))
  const [ui, setUi] = useState<UiState>(state.current)
  const update = (change: Partial<UiState>) => {
    state.current = {...state.current, ...change}
    setUi(state.current)
  }
  const [now, setNow] = useState(() => Date.now())
  const [, redraw] = useState(0)
  const namespaceMemory = useNamespaceMemory(stateFile)

  // Layout: a header line, the body, a footer line; the whole stays one row short of the
  // terminal so ink never clears the screen on each frame.
  const bodyHeight = Math.max(3, rows - 1 - 2)
  const paneHeight = bodyHeight - 1
  const view: ViewId = ui.stack.at(-1)!

  useEffect(() => store.subscribe(() => redraw((n) => n + 1)), [store])
  useEffect(() => () => store.dispose(), [store])
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), clockTickMs)
    return () => clearInterval(timer)
  }, [clockTickMs])

  // Each cluster is closed when it is replaced (another context) or when the dash ends.
  useEffect(() => () => ui.cluster.close(), [ui.cluster])

  // The live pod list and how current it is (the client retries with back-off; r restarts a stopped watch).
  const connection = usePodFeed(store, {cluster: ui.cluster, namespace: ui.selection.namespace, allNamespaces: ui.selection.allNamespaces, run: ui.watchRun})
  // Ages count from a fresh clock when the list turns live again.
  useEffect(() => setNow(Date.now()), [connection.phase])
  const stale = isStale(connection)

  // The diagnosis of the target, and the capacity of the cluster, each time they are asked for.
  const diagnosis = useLines(ui.diagnosisRun, targetName(ui), () => {
    const {cluster, target} = state.current
    const t = target!
    return t.kind && t.kind !== 'pods' ? cluster.diagnose(t.kind as DiagnoseResource, t.namespace, t.name, paint) : cluster.diagnosePod(t.namespace, t.name, paint)
  })
  const capacity = useLines(ui.capacityRun, ui.cluster.contextName, () => state.current.cluster.capacity(paint))

  // The list `:` opened, and the YAML of the target, each time they are asked for.
  const objectsLoad = useObjects(ui.cluster, ui.objects?.kind, ui.selection, ui.objectsRun)
  const yaml = useLines(ui.yamlRun, targetName(ui), () => {
    const t = state.current.target!
    return state.current.cluster.objectYaml(t.kind ?? 'pods', t.namespace, t.name)
  })

  // The target's logs while the logs view is open (the tail core), and the live trace of the target.
  const follows = {cluster: ui.cluster, target: ui.target, paint, refreshMs, redraw: () => redraw((n) => n + 1)}
  const logs = useLogs({...follows, open: ui.stack.includes('logs')}, ui.logOptions)
  const trace = useTrace({...follows, open: ui.stack.includes('trace')}, ui.traceRun)
  const xray = useLines(ui.xrayRun, targetName(ui), () => {
    const t = state.current.target!
    return state.current.cluster.xray(t.kind ?? 'pods', t.namespace, t.name)
  })
  const bufferOf = (pane: PaneId) => (pane === 'logs' ? logs : pane === 'trace' ? trace : undefined)

  // Not live: ages stay where they were when the rows were last current.
  const rowsNow = agesAt(connection, now)
  const query = (s: UiState): RowQuery => ({filter: s.filter, node: s.podNode, failingOnly: s.failingOnly, sort: s.sort, now: rowsNow})
  const list: PodListView = store.view(query(ui))

  /** Where the cursor is in a list: the selected pod's row, else the same index. */
  const cursorIn = (s: UiState, podList: PodListView): number => {
    const index = s.cursorKey === undefined ? -1 : podList.rows.findIndex((row) => row.key === s.cursorKey)
    return index >= 0 ? index : clamp(s.cursor, 0, Math.max(0, podList.rows.length - 1))
  }
  const windowStart = (cursor: number, offset: number, height: number, total: number): number => {
    let start = clamp(offset, 0, Math.max(0, total - height))
    if (cursor < start) start = cursor
    if (cursor >= start + height) start = cursor - height + 1
    return Math.max(0, start)
  }

  const helpText = useMemo(() => helpLines(), [])
  /** How many lines a pane scrolls over (after wrapping, for the text panes). */
  const paneLength = (s: UiState, pane: PaneId): number => {
    if (pane === 'logs' || pane === 'trace') return bufferOf(pane)?.length ?? 0
    const lines = pane === 'help' ? helpText : pane === 'diagnosis' ? (diagnosis?.lines ?? []) : pane === 'yaml' ? (yaml?.lines ?? []) : pane === 'xray' ? (xray?.lines ?? []) : (capacity?.lines ?? [])
    return paneLines(lines, s.wrap[pane], columns).length
  }

  const openPod = (next: 'diagnosis' | 'logs' | 'xray' | 'trace') => {
    const s = state.current
    const podList = store.view(query(s))
    const row = podList.rows[cursorIn(s, podList)]
    if (!row) return update({message: 'no pod selected'})
    openTarget({namespace: row.namespace, name: row.name}, next)
  }

  /** Opens a view about an object (a pod of the list, or a row of a `:` list) on top of the list. */
  const openTarget = (target: PodRef, next: ViewId) => {
    const s = state.current
    const base: ViewId[] = s.stack.at(-1) === 'objects' ? s.stack.slice(0, s.stack.indexOf('objects') + 1) : ['pods']
    const top = {top: 0, left: 0}
    const change: Partial<UiState> = {stack: [...base, next], target, scroll: {...s.scroll, [next]: top}}
    if (next === 'diagnosis') update({...change, diagnosisRun: s.diagnosisRun + 1})
    else if (next === 'logs') update({...change, follow: true, logOptions: {...s.logOptions, container: undefined, previous: false}})
    else if (next === 'xray') update({...change, xrayRun: s.xrayRun + 1})
    else if (next === 'trace') update({...change, follow: true, traceRun: s.traceRun + 1})
  }

  const openChooser = (kind: 'context' | 'namespace') => {
    const s = state.current
    if (kind === 'context') {
      try {
        const listing = connector.contexts()
        update({chooser: {kind, items: listing.names, query: '', cursor: Math.max(0, listing.names.indexOf(s.cluster.contextName)), current: s.cluster.contextName}})
      } catch (error) {
        update({message: `cannot read the contexts: ${errorText(error)}`})
      }
      return
    }
    const current = s.selection.allNamespaces ? allNamespacesItem : s.selection.namespace
    update({chooser: {kind, items: undefined, query: '', cursor: 0, current}})
    s.cluster.namespaces().then(
      (names) => {
        const chooser = state.current.chooser
        if (chooser?.kind !== 'namespace' || chooser.items) return
        const {items, marks} = orderNamespaces(names, [allNamespacesItem], namespaceMemory.current(), state.current.cluster.contextName)
        update({chooser: {...chooser, items, marks, cursor: Math.max(0, items.indexOf(chooser.current ?? ''))}})
      },
      (error: unknown) => {
        const chooser = state.current.chooser
        if (chooser?.kind !== 'namespace') return
        // Without the list (e.g. no permission to list namespaces), a typed name still works.
        update({chooser: {...chooser, items: [allNamespacesItem], error: `cannot list namespaces: ${errorText(error)}; type a name and press enter`}})
      },
    )
  }

  /** The container picker of the logs view: every container, or one. */
  const openContainers = () => {
    const s = state.current
    const target = s.target
    if (!target) return
    update({chooser: {kind: 'container', items: undefined, query: '', cursor: 0, current: s.logOptions.container ?? allContainersItem}})
    s.cluster.podContainers(target.namespace, target.name).then(
      (names) => {
        const chooser = state.current.chooser
        if (chooser?.kind !== 'container' || chooser.items) return
        const items = [allContainersItem, ...names]
        update({chooser: {...chooser, items, cursor: Math.max(0, items.indexOf(chooser.current ?? ''))}})
      },
      (error: unknown) => update({chooser: undefined, message: `cannot read the pod's containers: ${errorText(error)}`}),
    )
  }

  /** ctrl+f in the namespace chooser: the highlighted namespace becomes a favourite (listed first), or no longer one. */
  const toggleFavourite = (chooser: ChooserState, item: string | undefined) => {
    if (chooser.kind !== 'namespace' || !item || item === allNamespacesItem || !chooser.items) return
    const context = state.current.cluster.contextName
    const error = namespaceMemory.toggle(context, item)
    const names = chooser.items.filter((n) => n !== allNamespacesItem)
    const {items, marks} = orderNamespaces([...names].sort(), [allNamespacesItem], namespaceMemory.current(), context)
    update({chooser: {...chooser, items, marks, query: '', cursor: Math.max(0, items.indexOf(item))}, message: error ? `cannot save the favourites: ${error}` : undefined})
  }

  /** Another cluster or namespace: the old pods go at once, not on the next list. */
  const resetPods = (): Partial<UiState> => {
    store.reset()
    return {stack: ['pods'], cursorKey: undefined, cursor: 0, offset: 0, target: undefined, podNode: undefined}
  }
  const resetPodsIf = (when: boolean): Partial<UiState> => (when ? resetPods() : {})

  const choose = (chooser: ChooserState, choice: string) => {
    const s = state.current
    if (chooser.kind === 'container') {
      const container = choice === allContainersItem ? undefined : choice
      update({chooser: undefined, logOptions: {...s.logOptions, container}, follow: true, scroll: {...s.scroll, logs: {top: 0, left: 0}}, message: container ? `container ${container}` : 'every container'})
      return
    }
    if (chooser.kind === 'namespace') {
      if (choice !== allNamespacesItem) namespaceMemory.chosen(s.cluster.contextName, choice)
      const selection = choice === allNamespacesItem ? {namespace: s.selection.namespace, allNamespaces: true} : {namespace: choice, allNamespaces: false}
      update({chooser: undefined, selection, ...resetPods(), message: choice === allNamespacesItem ? 'all namespaces' : `namespace ${choice}`})
      return
    }
    if (choice === s.cluster.contextName) return update({chooser: undefined})
    update({chooser: undefined, message: `connecting to context ${choice}…`})
    connector.connect(choice).then(
      (next) => {
        update({cluster: next, selection: {namespace: next.defaultNamespace, allNamespaces: state.current.selection.allNamespaces}, ...resetPods(), message: `context ${choice}`})
      },
      (error: unknown) => update({message: `cannot switch to context "${choice}": ${errorText(error)}`}),
    )
  }

  const chooserKey = (name: string) => {
    const chooser = state.current.chooser!
    const matches = chooserMatches(chooser) ?? []
    const cursor = clamp(chooser.cursor, 0, Math.max(0, matches.length - 1))
    if (name === 'esc') return update({chooser: undefined})
    if (name === 'ctrl+f') return toggleFavourite(chooser, matches[cursor])
    if (name === 'enter') {
      const choice = matches[cursor] ?? (chooser.kind === 'namespace' && chooser.query.trim() ? chooser.query.trim() : undefined)
      if (choice === undefined) return
      return choose(chooser, choice)
    }
    if (name === 'up' || name === 'ctrl+p' || name === 'ctrl+k') return update({chooser: {...chooser, cursor: Math.max(0, cursor - 1)}})
    if (name === 'down' || name === 'ctrl+n' || name === 'ctrl+j' || name === 'tab') return update({chooser: {...chooser, cursor: Math.min(Math.max(0, matches.length - 1), cursor + 1)}})
    const query = editText(chooser.query, name)
    if (query !== undefined) update({chooser: {...chooser, query, cursor: 0}})
  }

  const commandKey = (name: string) => {
    const s = state.current
    const text = s.command ?? ''
    if (name === 'esc') return update({command: undefined})
    if (name === 'tab') return update({command: kindCompletions(text)[0] ?? text})
    if (name !== 'enter') {
      const command = editText(text, name)
      return command === undefined ? undefined : update({command})
    }
    const kind = kindFor(text)
    if (kind === undefined) return update({command: undefined, message: `no kind "${text.trim()}": try ${kindCompletions('').join(', ')}`})
    if (kind === 'pods') return update({command: undefined, stack: ['pods']})
    update({command: undefined, stack: ['pods', 'objects'], objects: {kind: kind.resource, cursor: 0, offset: 0}, objectsRun: s.objectsRun + 1})
  }

  /** The selected row of the `:` list, with its kind. */
  const selectedObject = (s: UiState) => {
    const kind = kinds.find((k) => k.resource === s.objects?.kind)
    const rows = objectsLoad?.kind === kind?.resource ? (objectsLoad?.rows ?? []) : []
    const row = rows[clamp(s.objects?.cursor ?? 0, 0, Math.max(0, rows.length - 1))]
    return kind && row ? {kind, row, rows} : undefined
  }

  /** A key that opens something about the selected row of a `:` list. */
  const openObject = (action: 'diagnose' | 'yaml' | 'xray' | 'trace' | 'nodePods') => {
    const s = state.current
    const picked = selectedObject(s)
    if (!picked) return update({message: 'nothing selected'})
    const target = {kind: picked.kind.resource, namespace: picked.row.namespace, name: picked.row.name}
    if (action === 'yaml') return update({stack: [...s.stack, 'yaml'], target, yamlRun: s.yamlRun + 1, scroll: {...s.scroll, yaml: {top: 0, left: 0}}})
    if (action === 'nodePods') {
      if (picked.kind.resource !== 'nodes') return update({message: 'p lists the pods of a node: open :nodes'})
      // Pods on a node come from every namespace.
      return update({...resetPodsIf(!s.selection.allNamespaces), stack: ['pods'], podNode: picked.row.name, filter: '', selection: {...s.selection, allNamespaces: true}, cursor: 0, cursorKey: undefined, offset: 0, message: `pods on node ${picked.row.name} (esc: every pod)`})
    }
    if (action === 'xray' || action === 'trace') return openTarget(target, action)
    if (!picked.kind.diagnosable) return update({message: `${picked.kind.resource} have no diagnosis; y shows the YAML`})
    update({stack: [...s.stack, 'diagnosis'], target, diagnosisRun: s.diagnosisRun + 1, scroll: {...s.scroll, diagnosis: {top: 0, left: 0}}})
  }

  const objectAction = (action: ActionId): boolean => {
    const s = state.current
    const picked = selectedObject(s)
    if (action === 'refresh') return update({objectsRun: s.objectsRun + 1}), true
    if (action === 'diagnose' || action === 'yaml' || action === 'xray' || action === 'trace' || action === 'nodePods') return openObject(action), true
    const total = picked?.rows.length ?? 0
    if (total === 0 || !s.objects) return false
    const page = Math.max(1, bodyHeight - 2)
    let cursor = clamp(s.objects.cursor, 0, total - 1)
    if (action === 'up') cursor--
    else if (action === 'down') cursor++
    else if (action === 'pageUp') cursor -= page
    else if (action === 'pageDown') cursor += page
    else if (action === 'top') cursor = 0
    else if (action === 'bottom') cursor = total - 1
    else return false
    cursor = clamp(cursor, 0, total - 1)
    update({objects: {...s.objects, cursor, offset: windowStart(cursor, s.objects.offset, page, total)}})
    return true
  }

  const scrollPane = (pane: PaneId, action: ActionId) => {
    const s = state.current
    const total = paneLength(s, pane)
    const last = Math.max(0, total - paneHeight)
    const followed = pane === 'logs' || pane === 'trace'
    const scroll = followed ? {top: bufferTop(bufferOf(pane), s.follow, s.scroll[pane].top, paneHeight), left: s.scroll[pane].left} : s.scroll[pane]
    let {top, left} = scroll
    let follow = s.follow
    if (action === 'up') top--
    else if (action === 'down') top++
    else if (action === 'pageUp') top -= paneHeight
    else if (action === 'pageDown') top += paneHeight
    else if (action === 'top') top = 0
    else if (action === 'bottom') top = last
    else if (action === 'left') left = Math.max(0, left - horizontalStep)
    else if (action === 'right') left += horizontalStep
    top = clamp(top, 0, last)
    if (followed) {
      if (action === 'bottom') follow = true
      else if (action === 'up' || action === 'pageUp' || action === 'top') follow = false
      else if (top >= last) follow = follow || action === 'down' || action === 'pageDown'
    }
    update({scroll: {...s.scroll, [pane]: {top, left}}, follow})
  }

  const movePods = (action: ActionId) => {
    const s = state.current
    const podList = store.view(query(s))
    const total = podList.rows.length
    if (total === 0) return
    const page = Math.max(1, bodyHeight - 1)
    let cursor = cursorIn(s, podList)
    if (action === 'up') cursor--
    else if (action === 'down') cursor++
    else if (action === 'pageUp') cursor -= page
    else if (action === 'pageDown') cursor += page
    else if (action === 'top') cursor = 0
    else if (action === 'bottom') cursor = total - 1
    cursor = clamp(cursor, 0, total - 1)
    update({cursor, cursorKey: podList.rows[cursor]!.key, offset: windowStart(cursor, s.offset, page, total)})
  }

  const perform = (action: ActionId) => {
    const s = state.current
    const current = s.stack.at(-1)!
    const change = navigate(s, action)
    if (change) return update(change)
    if (current === 'objects' && objectAction(action)) return
    if (action === 'command') return update({command: ''})
    if (action === 'yaml') {
      if (!s.target) return
      return update({stack: openView(s.stack, 'yaml'), yamlRun: s.yamlRun + 1, scroll: {...s.scroll, yaml: {top: 0, left: 0}}})
    }
    switch (action) {
      case 'quit':
        return exit()
      case 'diagnose':
        return openPod('diagnosis')
      case 'logs':
        return openPod('logs')
      case 'xray':
      case 'trace':
        return current === 'pods' ? openPod(action) : undefined
      case 'container':
        return openContainers()
      case 'refresh':
        if (current === 'diagnosis') return update({diagnosisRun: s.diagnosisRun + 1})
        if (current === 'xray') return update({xrayRun: s.xrayRun + 1})
        if (current === 'capacity') return update({capacityRun: s.capacityRun + 1})
        return update({watchRun: s.watchRun + 1})
      case 'contexts':
        return openChooser('context')
      case 'namespaces':
        return openChooser('namespace')
      case 'allNamespaces': {
        const allNamespaces = !s.selection.allNamespaces
        return update({selection: {...s.selection, allNamespaces}, ...resetPods(), message: allNamespaces ? 'all namespaces' : `namespace ${s.selection.namespace}`})
      }
      case 'follow': {
        const pane = current === 'trace' ? 'trace' : 'logs'
        return update({follow: !s.follow, scroll: {...s.scroll, [pane]: {top: bufferTop(bufferOf(pane), s.follow, s.scroll[pane].top, paneHeight), left: s.scroll[pane].left}}})
      }
      default:
        if (current === 'pods') return movePods(action)
        if (current === 'objects') return
        return scrollPane(current, action)
    }
  }

  /** The logs view's prompts: a regex filter, or where to save the lines. */
  const footerPromptKey = (name: string) => {
    const s = state.current
    const result = promptKey(s.prompt!, name)
    if (result.cancel) return update({prompt: undefined})
    if (result.prompt) return update({prompt: result.prompt})
    if (s.prompt!.kind === 'grep') return update(submitGrep(s, result.submit ?? ''))
    const lines = logs ? logs.slice(0, logs.length) : []
    update({prompt: undefined, message: 'saving…'})
    void saveLog(result.submit || `./${s.target?.name ?? 'pod'}.log`, lines).then((message) => update({message}))
  }

  const onKey = (name: string) => {
    const s = state.current
    if (name === 'ctrl+c') return exit()
    if (s.chooser) return chooserKey(name)
    if (s.filterEditing) return update(filterKey(s, name))
    if (s.command !== undefined) return commandKey(name)
    if (s.prompt) return footerPromptKey(name)
    if (s.message) update({message: undefined})
    const action = actionFor(s.stack.at(-1)!, name)
    if (action) perform(action)
  }

  useInput((input, key) => {
    for (const name of keyNames(input, key)) onKey(name)
  })

  // ---- rendering ----
  const selection = ui.selection
  const where = selection.allNamespaces ? 'all namespaces' : selection.namespace
  let body: ReactNode
  if (ui.chooser) {
    const matches = chooserMatches(ui.chooser)
    body = (
      <Chooser
        title={chooserTitles[ui.chooser.kind]}
        query={ui.chooser.query}
        matches={matches}
        total={ui.chooser.items?.length ?? 0}
        cursor={clamp(ui.chooser.cursor, 0, Math.max(0, (matches?.length ?? 1) - 1))}
        current={ui.chooser.current}
        height={bodyHeight}
        width={columns}
        error={ui.chooser.error}
        marks={ui.chooser.marks}
      />
    )
  } else {
    const cursor = cursorIn(ui, list)
    const offset = windowStart(cursor, ui.offset, Math.max(1, bodyHeight - 1), list.rows.length)
    // Remember where the window is, so the next move scrolls from here.
    state.current.offset = offset
    const empty = emptyListText(connection, store.synced, where, Date.now()) ?? (list.total === 0 ? `no pods in ${where}` : 'no pod matches the filter')
    // The pod the logs are about was deleted: its log has no more lines (the list is current, and it is not in it).
    const targetGone = store.synced && !stale && ui.target !== undefined && store.get(`${ui.target.namespace}/${ui.target.name}`) === undefined
    const context: ViewContext = {ui, width: columns, height: bodyHeight, now: rowsNow, pods: {list, cursor, offset, empty, stale}, diagnosis, capacity, help: helpText, logs, trace, targetGone, yaml, xray,
      objects: {load: objectsLoad, cursor: ui.objects?.cursor ?? 0, offset: ui.objects?.offset ?? 0, where}}
    body = viewRegistry[view].render(context)
  }

  return (
    <Box flexDirection="column" height={Math.max(1, rows - 1)} width={columns}>
      <Header context={ui.cluster.contextName} where={where} list={list} view={view} filter={ui.filter} node={ui.podNode} failingOnly={ui.failingOnly} sort={ui.sort} connection={connection} width={columns} />
      <Box height={bodyHeight} flexDirection="column">
        {body}
      </Box>
      <Footer ui={ui} view={ui.chooser ? undefined : view} width={columns} />
    </Box>
  )
}
