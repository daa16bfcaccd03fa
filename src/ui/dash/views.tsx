/**
 * Every view of the dash, registered in one place (k9s' registrar): its title, its key table
 * and how it renders. Adding a view is one entry here, one table in keymap.ts.
 */
import type {ReactNode} from 'react'
import {viewBindings, viewTitles, type Binding, type ViewId} from './keymap.js'
import type {LogBuffer} from './log-buffer.js'
import {optionsText} from './log-options.js'
import type {PodListView} from './pod-store.js'
import type {Loaded, UiState} from './state.js'
import {wrapLine, wrapLines} from './text.js'
import {kinds} from './kinds.js'
import {followedTop} from './keys.js'
import {objectsAnswer, targetName, type ObjectsLoad} from './use-loads.js'
import {ObjectsView} from './views/objects-view.js'
import {PodsView} from './views/pods-view.js'
import {position, TextPane} from './views/text-pane.js'

/** Everything a view may show; the app computes it once per frame. */
export interface ViewContext {
  ui: UiState
  width: number
  /** Rows of the body (the view's own title or column header included). */
  height: number
  now: number
  /** stale: the rows are not known to be current (the watch is reconnecting or stopped). */
  pods: {list: PodListView; cursor: number; offset: number; empty: string; stale: boolean}
  diagnosis: Loaded | undefined
  capacity: Loaded | undefined
  help: readonly string[]
  logs: LogBuffer | undefined
  trace: LogBuffer | undefined
  xray: Loaded | undefined
  /** The pod the diagnosis and logs are about is no longer in the (current) pod list. */
  targetGone: boolean
  objects: {load: ObjectsLoad | undefined; cursor: number; offset: number; where: string}
  yaml: Loaded | undefined
}

export interface ViewSpec {
  title: string
  bindings: readonly Binding[]
  render: (context: ViewContext) => ReactNode
}

export {targetName}

/** The lines a pane shows, wrapped to the width when its wrap is on. */
export function paneLines(lines: readonly string[], wrap: boolean, width: number): readonly string[] {
  return wrap ? wrapLines(lines, width) : lines
}

function loadedPane(context: ViewContext, pane: 'diagnosis' | 'capacity' | 'yaml' | 'xray', working: string): ReactNode {
  const {ui, width, height} = context
  const about = pane === 'capacity' ? ui.cluster.contextName : targetName(ui)
  // The answer to the request the state makes now (loading until it arrives).
  const loaded: Loaded = context[pane] ?? {state: 'loading', lines: [], about, run: 0}
  const scroll = ui.scroll[pane]
  const lines = loaded.state === 'ready' ? paneLines(loaded.lines, ui.wrap[pane], width) : []
  const status = loaded.state === 'loading' ? 'working…' : position(scroll.top, height - 1, lines.length)
  return (
    <TextPane
      title={`${viewTitles[pane]} ${loaded.about}`}
      status={status}
      lines={lines}
      top={scroll.top}
      left={ui.wrap[pane] ? 0 : scroll.left}
      height={height}
      width={width}
      empty={loaded.state === 'failed' ? `failed: ${loaded.error ?? ''}` : loaded.state === 'loading' ? working : ''}
      emptyColour={loaded.state === 'failed' ? 'red' : undefined}
    />
  )
}

/**
 * The rows of the logs view. Following, the window ends at the newest line; paused, it starts
 * at `top`. Only the lines on screen are wrapped, however long the log.
 */
export function logRows(buffer: LogBuffer | undefined, top: number, follow: boolean, wrap: boolean, rows: number, width: number): string[] {
  if (!buffer || rows <= 0) return []
  if (!wrap) return follow ? buffer.slice(Math.max(0, buffer.length - rows), buffer.length) : buffer.slice(top, top + rows)
  const out: string[] = []
  if (follow) {
    for (let i = buffer.length - 1; i >= 0 && out.length < rows; i--) out.unshift(...wrapLine(buffer.slice(i, i + 1)[0]!, width))
    return out.slice(Math.max(0, out.length - rows))
  }
  for (let i = top; i < buffer.length && out.length < rows; i++) out.push(...wrapLine(buffer.slice(i, i + 1)[0]!, width))
  return out.slice(0, rows)
}

/** The first line of a followed buffer shown: following, as far down as the pane allows. */
export function bufferTop(buffer: LogBuffer | undefined, follow: boolean, top: number, rows: number): number {
  return followedTop(buffer?.length ?? 0, follow, top, rows)
}

/** A pane over a followed buffer (logs, trace): the lines the scroll or the follow shows, and where they are. */
function followedPane({ui, width, height}: ViewContext, pane: 'logs' | 'trace', buffer: LogBuffer | undefined, title: string, state: string, empty: string): ReactNode {
  const rows = height - 1
  const top = bufferTop(buffer, ui.follow, ui.scroll[pane].top, rows)
  return (
    <TextPane
      title={title}
      status={`${state}  ${position(top, rows, buffer?.length ?? 0)}`}
      lines={logRows(buffer, top, ui.follow, ui.wrap[pane], rows, width)}
      top={0}
      left={ui.wrap[pane] ? 0 : ui.scroll[pane].left}
      height={height}
      width={width}
      empty={empty}
    />
  )
}

/** What the logs view says about its stream: following only while lines can still come. */
export function logsState(follow: boolean, logs: LogBuffer | undefined, targetGone: boolean): string {
  if (targetGone) return 'pod deleted: no more lines'
  if (logs?.ended === 'failed') return 'stopped: the log could not be followed'
  if (logs?.ended === 'ended') return 'the log ended'
  return follow ? 'following' : 'paused (G follows)'
}

export const viewRegistry: Readonly<Record<ViewId, ViewSpec>> = {
  pods: {
    title: viewTitles.pods,
    bindings: viewBindings.pods,
    render: ({ui, pods, width, height, now}) => (
      <PodsView list={pods.list} cursor={pods.cursor} offset={pods.offset} height={height} width={width} now={now} allNamespaces={ui.selection.allNamespaces} empty={pods.empty} stale={pods.stale} />
    ),
  },
  diagnosis: {
    title: viewTitles.diagnosis,
    bindings: viewBindings.diagnosis,
    render: (context) => loadedPane(context, 'diagnosis', 'reading the pod, its events, node and logs…'),
  },
  logs: {
    title: viewTitles.logs,
    bindings: viewBindings.logs,
    render: (context) => {
      const {ui, logs, targetGone} = context
      const options = optionsText(ui.logOptions)
      const title = `${viewTitles.logs} ${ui.target?.namespace ?? ''}/${ui.target?.name ?? ''}${options ? `  [${options}]` : ''}`
      return followedPane(context, 'logs', logs, title, logsState(ui.follow, logs, targetGone), 'waiting for log lines…')
    },
  },
  objects: {
    title: viewTitles.objects,
    bindings: viewBindings.objects,
    render: ({ui, objects, width, height}) => {
      const kind = kinds.find((k) => k.resource === ui.objects?.kind)
      if (!kind) return null
      const load = objectsAnswer(objects.load, ui)
      return (
        <ObjectsView kind={kind} rows={load.rows} state={load.state} error={load.error} where={objects.where} showNamespace={kind.namespaced && ui.selection.allNamespaces} cursor={objects.cursor} offset={objects.offset} height={height} width={width} />
      )
    },
  },
  xray: {
    title: viewTitles.xray,
    bindings: viewBindings.xray,
    render: (context) => loadedPane(context, 'xray', 'reading the object and what it owns and uses…'),
  },
  trace: {
    title: viewTitles.trace,
    bindings: viewBindings.trace,
    render: (context) => {
      const {ui, trace} = context
      const state = trace?.ended === 'failed' ? 'stopped' : ui.follow ? 'live' : 'paused (G follows)'
      return followedPane(context, 'trace', trace, `${viewTitles.trace} ${targetName(ui)}`, state, 'watching the object and its events…')
    },
  },
  yaml: {
    title: viewTitles.yaml,
    bindings: viewBindings.yaml,
    render: (context) => loadedPane(context, 'yaml', 'reading the object…'),
  },
  capacity: {
    title: viewTitles.capacity,
    bindings: viewBindings.capacity,
    render: (context) => loadedPane(context, 'capacity', 'reading nodes, pods and metrics…'),
  },
  help: {
    title: viewTitles.help,
    bindings: viewBindings.help,
    render: ({ui, help, width, height}) => (
      <TextPane title="Keys" status={position(ui.scroll.help.top, height - 1, help.length)} lines={help} top={ui.scroll.help.top} left={0} height={height} width={width} />
    ),
  },
}
