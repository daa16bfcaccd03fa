/**
 * One frame of the dash, worked out from one state: what every view shows (ViewContext), the
 * same facts as the key reducer reads them (KeyFrame), and the screen itself (header, body,
 * footer). Header, body and keys all come from the same inputs, so a frame never mixes states.
 */
import {Box} from 'ink'
import type {ReactNode} from 'react'
import {agesAt, emptyListText, isStale, type ConnectionState} from './connection.js'
import {chooserMatches, podCursor, podPage, windowStart, type KeyFrame} from './keys.js'
import type {LogBuffer} from './log-buffer.js'
import type {PodStore, RowQuery} from './pod-store.js'
import {clamp, type ChooserState, type PaneId, type UiState} from './state.js'
import {objectsAnswer, type PaneLoads} from './use-loads.js'
import {paneLines, viewRegistry, type ViewContext} from './views.js'
import {Chooser} from './views/chooser.js'
import {Footer} from './views/footer.js'
import {Header} from './views/header.js'

export interface FrameInput {
  ui: UiState
  store: PodStore
  connection: ConnectionState
  /** The clock ages are counted from. */
  now: number
  loads: PaneLoads
  logs: LogBuffer | undefined
  trace: LogBuffer | undefined
  help: readonly string[]
  columns: number
  rows: number
}

export interface Frame {
  context: ViewContext
  keys: KeyFrame
}

/** Rows of the body: the terminal less the header, the footer and one row (so ink never clears the screen on each frame). */
export const bodyHeightFor = (rows: number): number => Math.max(3, rows - 1 - 2)

/** The pod list's query for a state at a given clock. */
const podQuery = (s: UiState, now: number): RowQuery => ({filter: s.filter, node: s.podNode, failingOnly: s.failingOnly, sort: s.sort, now})

export function dashFrame({ui, store, connection, now, loads, logs, trace, help, columns, rows}: FrameInput): Frame {
  const bodyHeight = bodyHeightFor(rows)
  const stale = isStale(connection)
  // Not live: ages stay where they were when the rows were last current.
  const rowsNow = agesAt(connection, now)
  // The lengths this frame draws the followed panes with (lines keep arriving between frames).
  const followed = {logs: logs?.length ?? 0, trace: trace?.length ?? 0}
  const keys: KeyFrame = {
    bodyHeight,
    podList: (s) => store.view(podQuery(s, rowsNow)),
    paneLength: (s, pane) => paneLength(s, pane, loads, help, followed, columns),
    objectRows: (s) => objectsAnswer(loads.objects, s).rows,
  }
  const list = keys.podList(ui)
  const cursor = podCursor(ui, list)
  const offset = windowStart(cursor, ui.offset, podPage(keys), list.rows.length)
  const where = ui.selection.allNamespaces ? 'all namespaces' : ui.selection.namespace
  const empty = emptyListText(connection, store.synced, where, Date.now()) ?? (list.total === 0 ? `no pods in ${where}` : 'no pod matches the filter')
  // The pod the logs are about was deleted: its log has no more lines (the list is current, and it is not in it).
  const targetGone = store.synced && !stale && ui.target !== undefined && store.get(`${ui.target.namespace}/${ui.target.name}`) === undefined
  const context: ViewContext = {
    ui,
    width: columns,
    height: bodyHeight,
    now: rowsNow,
    pods: {list, cursor, offset, empty, stale},
    ...loads,
    help,
    logs,
    trace,
    targetGone,
    objects: {load: loads.objects, cursor: ui.objects?.cursor ?? 0, offset: ui.objects?.offset ?? 0, where},
  }
  return {context, keys}
}

function paneLength(s: UiState, pane: PaneId, loads: PaneLoads, help: readonly string[], followed: {logs: number; trace: number}, columns: number): number {
  if (pane === 'logs' || pane === 'trace') return followed[pane]
  const loaded = pane === 'help' ? undefined : loads[pane]
  const lines = pane === 'help' ? help : loaded?.state === 'ready' ? loaded.lines : []
  return paneLines(lines, s.wrap[pane], columns).length
}

const chooserTitles: Record<ChooserState['kind'], string> = {context: 'Switch context', namespace: 'Switch namespace   (ctrl+f: favourite)', container: 'Show the logs of'}

function chooserBody(chooser: ChooserState, height: number, width: number): ReactNode {
  const matches = chooserMatches(chooser)
  return (
    <Chooser
      title={chooserTitles[chooser.kind]}
      query={chooser.query}
      matches={matches}
      total={chooser.items?.length ?? 0}
      cursor={clamp(chooser.cursor, 0, Math.max(0, (matches?.length ?? 1) - 1))}
      current={chooser.current}
      height={height}
      width={width}
      error={chooser.error}
      marks={chooser.marks}
    />
  )
}

/** The whole screen of one frame: header, the view (or a chooser over it), footer. */
export function DashScreen({frame, connection, rows}: {frame: Frame; connection: ConnectionState; rows: number}) {
  const {ui, width, height, pods, objects} = frame.context
  const view = ui.stack.at(-1)!
  const body = ui.chooser ? chooserBody(ui.chooser, height, width) : viewRegistry[view].render(frame.context)
  return (
    <Box flexDirection="column" height={Math.max(1, rows - 1)} width={width}>
      <Header context={ui.cluster.contextName} where={objects.where} list={pods.list} view={view} filter={ui.filter} node={ui.podNode} failingOnly={ui.failingOnly} sort={ui.sort} connection={connection} width={width} />
      <Box height={height} flexDirection="column">
        {body}
      </Box>
      <Footer ui={ui} view={ui.chooser ? undefined : view} width={width} />
    </Box>
  )
}
