/** One frame from one state: what the views show and the facts keys act on agree. */
import {describe, expect, it} from 'vitest'
import type {DashCluster} from '../../../src/ui/dash/cluster.js'
import {initialConnection} from '../../../src/ui/dash/connection.js'
import {dashFrame, type FrameInput} from '../../../src/ui/dash/frame.js'
import {LogBuffer} from '../../../src/ui/dash/log-buffer.js'
import {PodStore} from '../../../src/ui/dash/pod-store.js'
import {initialState, type UiState} from '../../../src/ui/dash/state.js'
import type {PaneLoads} from '../../../src/ui/dash/use-loads.js'

const cluster = {contextName: 'c', defaultNamespace: 'default'} as DashCluster
const noLoads: PaneLoads = {diagnosis: undefined, capacity: undefined, yaml: undefined, xray: undefined, objects: undefined}

function input(ui: UiState, change: Partial<FrameInput> = {}): FrameInput {
  return {ui, store: new PodStore(0), connection: {phase: 'live', since: 0}, now: Date.now(), loads: noLoads, logs: undefined, trace: undefined, help: [], columns: 100, rows: 20, ...change}
}

describe('a frame', () => {
  it('keys see the followed log as long as the frame drew it, not as it grew since', () => {
    const logs = new LogBuffer(100, 1000)
    logs.push(Array.from({length: 30}, (_, i) => `line ${i}`))
    const ui = {...initialState(cluster, false), stack: ['pods', 'logs'] as UiState['stack'], target: {namespace: 'default', name: 'p'}}
    const frame = dashFrame(input(ui, {logs}))
    logs.push(['line 30', 'line 31'])
    expect(frame.keys.paneLength(ui, 'logs')).toBe(30)
    logs.dispose()
  })

  it('the pod window follows the cursor without writing the state', () => {
    const store = new PodStore(0)
    store.replace(Array.from({length: 100}, (_, i) => ({metadata: {name: `p-${String(i).padStart(3, '0')}`, namespace: 'default'}})))
    const ui = {...initialState(cluster, false), cursorKey: 'default/p-050', cursor: 50, offset: 0}
    const before = JSON.stringify({...ui, cluster: undefined})
    const frame = dashFrame(input(ui, {store}))
    // 20 rows: header, column header, 16 pods, footer, and the row left free.
    expect(frame.context.pods.cursor).toBe(50)
    expect(frame.context.pods.offset).toBe(35)
    expect(JSON.stringify({...ui, cluster: undefined})).toBe(before)
    store.dispose()
  })

  it('a : list being reloaded keeps its rows for keys and view; another kind has none until it arrives', () => {
    const rows = [{key: '/n1', namespace: '', name: 'n1', cells: [], failing: false}]
    const loads: PaneLoads = {...noLoads, objects: {state: 'ready', value: {kind: 'nodes', rows}, run: 1}}
    const reloading = {...initialState(cluster, false), stack: ['pods', 'objects'] as UiState['stack'], objects: {kind: 'nodes', cursor: 0, offset: 0}, objectsRun: 2}
    expect(dashFrame(input(reloading, {loads})).keys.objectRows(reloading)).toEqual(rows)
    const other = {...reloading, objects: {kind: 'services', cursor: 0, offset: 0}}
    expect(dashFrame(input(other, {loads})).keys.objectRows(other)).toEqual([])
  })

  it('says the list is loading until the first list arrives', () => {
    const frame = dashFrame(input(initialState(cluster, true), {connection: initialConnection(Date.now())}))
    expect(frame.context.pods.empty).toBe('listing pods in all namespaces…')
  })
})
