/**
 * `kubectl dash`: the root component. It owns the UI state (one object in a ref, so keys that
 * arrive faster than frames always act on the latest state), the live pod store, and the
 * effects that talk to the cluster; views are plain renderers registered in views.tsx, and
 * what each key does comes from keymap.ts.
 */
import {Fzf, type FzfResultItem} from 'fzf'
import {Box, Text, useApp, useInput, useStdout} from 'ink'
import {useEffect, useMemo, useRef, useState, type ReactNode} from 'react'
import {painter} from '../../print/colour.js'
import type {DashCluster, DashConnector} from './cluster.js'
import {agesAt, emptyListText, isStale} from './connection.js'
import {actionFor, fitHints, helpLines, hints, keyNames, type ActionId, type ViewId} from './keymap.js'
import {LogBuffer} from './log-buffer.js'
import type {DiagnoseResource} from '../../diagnose/target.js'
import {kindCompletions, kindFor, kinds} from './kinds.js'
import {editText, filterKey, navigate, openView} from './navigation.js'
import {PodStore, type PodListView, type RowQuery} from './pod-store.js'
import {allNamespacesItem, clamp, initialState, type ChooserState, type Loaded, type PaneId, type UiState} from './state.js'
import {useLines, useObjects} from './use-loads.js'
import {usePodFeed} from './use-pod-feed.js'
import {logsTop, paneLines, targetName, viewRegistry, type ViewContext} from './views.js'
import {Chooser} from './views/chooser.js'
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
}

const horizontalStep = 8

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

function useTerminalSize(fixed: {columns: number; rows: number} | undefined): {columns: number; rows: number} {
  const {stdout} = useStdout()
  const read = () => fixed ?? {columns: stdout.columns || 80, rows: stdout.rows || 24}
  const [size, setSize] = useState(read)
  useEffect(() => {
    if (fixed) return
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout, fixed])
  return fixed ?? size
}

function chooserMatches(chooser: ChooserState): string[] | undefined {
  if (!chooser.items) return undefined
  if (chooser.query === '') return chooser.items
  return new Fzf(chooser.items, {casing: 'case-insensitive'}).find(chooser.query).map((result: FzfResultItem<string>) => result.item)
}

export function DashApp({connector, cluster: firstCluster, allNamespaces, colour, size: fixedSize, refreshMs = 150, clockTickMs = 5000}: DashAppProps) {
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
  const [diagnosis, setDiagnosis] = useState<Loaded | undefined>()
  const [capacity, setCapacity] = useState<Loaded | undefined>()
  const logs = useRef<LogBuffer | undefined>(undefined)

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

  // The diagnosis of the target pod, each time it is asked for.
  useEffect(() => {
    const target = state.current.target
    if (ui.diagnosisRun === 0 || !target) return
    let current = true
    const about = targetName(state.current)
    const run = ui.diagnosisRun
    setDiagnosis({state: 'loading', lines: [], about, run})
    const cluster = state.current.cluster
    const report = target.kind && target.kind !== 'pods' ? cluster.diagnose(target.kind as DiagnoseResource, target.namespace, target.name, paint) : cluster.diagnosePod(target.namespace, target.name, paint)
    report.then(
      (lines) => current && setDiagnosis({state: 'ready', lines, about, run}),
      (error: unknown) => current && setDiagnosis({state: 'failed', lines: [], error: errorText(error), about, run}),
    )
    return () => {
      current = false
    }
  }, [ui.diagnosisRun, paint])

  // The capacity of the cluster, each time it is asked for.
  useEffect(() => {
    if (ui.capacityRun === 0) return
    let current = true
    const about = state.current.cluster.contextName
    const run = ui.capacityRun
    setCapacity({state: 'loading', lines: [], about, run})
    state.current.cluster.capacity(paint).then(
      (lines) => current && setCapacity({state: 'ready', lines, about, run}),
      (error: unknown) => current && setCapacity({state: 'failed', lines: [], error: errorText(error), about, run}),
    )
    return () => {
      current = false
    }
  }, [ui.capacityRun, paint])

  // The list `:` opened, and the YAML of the target, each time they are asked for.
  const objectsLoad = useObjects(ui.cluster, ui.objects?.kind, ui.selection, ui.objectsRun)
  const yaml = useLines(ui.yamlRun, targetName(ui), () => {
    const t = state.current.target!
    return state.current.cluster.objectYaml(t.kind ?? 'pods', t.namespace, t.name)
  })

  // The target's logs while the logs view is open (the tail core follows every container).
  const logsKey = ui.stack.includes('logs') && ui.target ? `${ui.target.namespace}/${ui.target.name}` : undefined
  useEffect(() => {
    const target = state.current.target
    if (!logsKey || !target) return
    const buffer = new LogBuffer(10_000, refreshMs)
    logs.current = buffer
    buffer.onChange(() => redraw((n) => n + 1))
    const controller = new AbortController()
    const sink = {lines: (lines: string[]) => buffer.push(lines), notice: (text: string) => buffer.push([paint.paint('dim', text)])}
    state.current.cluster.followLogs(target.namespace, target.name, sink, paint, controller.signal).then(
      () => {
        if (controller.signal.aborted) return
        buffer.ended = 'ended'
        buffer.push([paint.paint('dim', '— the log ended —')])
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        buffer.ended = 'failed'
        buffer.push([paint.paint('red', `cannot follow the logs: ${errorText(error)}`)])
      },
    )
    redraw((n) => n + 1)
    return () => {
      controller.abort()
      buffer.dispose()
      if (logs.current === buffer) logs.current = undefined
    }
  }, [logsKey, ui.cluster, paint, refreshMs])

  // Not live: ages stay where they were when the rows were last current.
  const rowsNow = agesAt(connection, now)
  const query = (s: UiState): RowQuery => ({filter: s.filter, failingOnly: s.failingOnly, sort: s.sort, now: rowsNow})
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
    if (pane === 'logs') return logs.current?.length ?? 0
    const lines = pane === 'help' ? helpText : pane === 'diagnosis' ? (diagnosis?.lines ?? []) : pane === 'yaml' ? (yaml?.lines ?? []) : (capacity?.lines ?? [])
    return paneLines(lines, s.wrap[pane], columns).length
  }

  const openPod = (next: ViewId) => {
    const s = state.current
    const podList = store.view(query(s))
    const row = podList.rows[cursorIn(s, podList)]
    if (!row) return update({message: 'no pod selected'})
    const target = {namespace: row.namespace, name: row.name}
    if (next === 'diagnosis') update({stack: ['pods', 'diagnosis'], target, diagnosisRun: s.diagnosisRun + 1, scroll: {...s.scroll, diagnosis: {top: 0, left: 0}}})
    else update({stack: ['pods', 'logs'], target, follow: true, scroll: {...s.scroll, logs: {top: 0, left: 0}}})
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
        const items = [allNamespacesItem, ...names]
        update({chooser: {...chooser, items, cursor: Math.max(0, items.indexOf(chooser.current ?? ''))}})
      },
      (error: unknown) => {
        const chooser = state.current.chooser
        if (chooser?.kind !== 'namespace') return
        // Without the list (e.g. no permission to list namespaces), a typed name still works.
        update({chooser: {...chooser, items: [allNamespacesItem], error: `cannot list namespaces: ${errorText(error)}; type a name and press enter`}})
      },
    )
  }

  /** Another cluster or namespace: the old pods go at once, not on the next list. */
  const resetPods = (): Partial<UiState> => {
    store.reset()
    return {stack: ['pods'], cursorKey: undefined, cursor: 0, offset: 0, target: undefined}
  }

  const choose = (chooser: ChooserState, choice: string) => {
    const s = state.current
    if (chooser.kind === 'namespace') {
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

  const objectAction = (action: ActionId): boolean => {
    const s = state.current
    const picked = selectedObject(s)
    if (action === 'refresh') return update({objectsRun: s.objectsRun + 1}), true
    if (action === 'diagnose' || action === 'yaml') {
      if (!picked) return update({message: 'nothing selected'}), true
      const target = {kind: picked.kind.resource, namespace: picked.row.namespace, name: picked.row.name}
      if (action === 'yaml') return update({stack: [...s.stack, 'yaml'], target, yamlRun: s.yamlRun + 1, scroll: {...s.scroll, yaml: {top: 0, left: 0}}}), true
      if (!picked.kind.diagnosable) return update({message: `${picked.kind.resource} have no diagnosis; y shows the YAML`}), true
      return update({stack: [...s.stack, 'diagnosis'], target, diagnosisRun: s.diagnosisRun + 1, scroll: {...s.scroll, diagnosis: {top: 0, left: 0}}}), true
    }
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
    const scroll = pane === 'logs' ? {top: logsTop(logs.current, s, paneHeight), left: s.scroll.logs.left} : s.scroll[pane]
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
    if (pane === 'logs') {
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
      case 'refresh':
        if (current === 'diagnosis') return update({diagnosisRun: s.diagnosisRun + 1})
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
      case 'follow':
        return update({follow: !s.follow, scroll: {...s.scroll, logs: {top: logsTop(logs.current, s, paneHeight), left: s.scroll.logs.left}}})
      default:
        if (current === 'pods') return movePods(action)
        if (current === 'objects') return
        return scrollPane(current, action)
    }
  }

  const onKey = (name: string) => {
    const s = state.current
    if (name === 'ctrl+c') return exit()
    if (s.chooser) return chooserKey(name)
    if (s.filterEditing) return update(filterKey(s, name))
    if (s.command !== undefined) return commandKey(name)
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
        title={ui.chooser.kind === 'context' ? 'Switch context' : 'Switch namespace'}
        query={ui.chooser.query}
        matches={matches}
        total={ui.chooser.items?.length ?? 0}
        cursor={clamp(ui.chooser.cursor, 0, Math.max(0, (matches?.length ?? 1) - 1))}
        current={ui.chooser.current}
        height={bodyHeight}
        width={columns}
        error={ui.chooser.error}
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
    const context: ViewContext = {ui, width: columns, height: bodyHeight, now: rowsNow, pods: {list, cursor, offset, empty, stale}, diagnosis, capacity, help: helpText, logs: logs.current, targetGone, yaml,
      objects: {load: objectsLoad, cursor: ui.objects?.cursor ?? 0, offset: ui.objects?.offset ?? 0, where}}
    body = viewRegistry[view].render(context)
  }

  return (
    <Box flexDirection="column" height={Math.max(1, rows - 1)} width={columns}>
      <Header context={ui.cluster.contextName} where={where} list={list} view={view} filter={ui.filter} failingOnly={ui.failingOnly} sort={ui.sort} connection={connection} width={columns} />
      <Box height={bodyHeight} flexDirection="column">
        {body}
      </Box>
      {ui.command !== undefined ? (
        <Text wrap="truncate-end">
          <Text color="cyan">:</Text>
          {ui.command}
          <Text inverse> </Text>
          <Text dimColor>{`  ${kindCompletions(ui.command).join(' ')}  (tab completes, enter opens, esc cancels)`}</Text>
        </Text>
      ) : (
        <Footer view={ui.chooser ? undefined : view} message={ui.message} filterEditing={ui.filterEditing} filter={ui.filter} width={columns} />
      )}
    </Box>
  )
}

function Footer({view, message, filterEditing, filter, width}: {view: ViewId | undefined; message: string | undefined; filterEditing: boolean; filter: string; width: number}) {
  if (filterEditing) {
    return (
      <Text wrap="truncate-end">
        <Text color="cyan">/</Text>
        {filter}
        <Text inverse> </Text>
        <Text dimColor>{'  enter keep, esc clear'}</Text>
      </Text>
    )
  }
  if (message) {
    return (
      <Text color="yellow" wrap="truncate-end">
        {message}
      </Text>
    )
  }
  if (!view) return <Text> </Text>
  return (
    <Text wrap="truncate-end">
      {fitHints(hints(view), width).map(({key, label}) => (
        <Text key={key + label}>
          <Text color="cyan">{`<${key}>`}</Text>
          {` ${label}  `}
        </Text>
      ))}
    </Text>
  )
}
