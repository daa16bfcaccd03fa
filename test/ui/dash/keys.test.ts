/** The dash's key reducer, without ink: a state, a key, the frame on screen → the next state and the effects. */
import {describe, expect, it} from 'vitest'
import type {DashCluster} from '../../../src/ui/dash/cluster.js'
import type {ObjectRow} from '../../../src/ui/dash/kinds.js'
import {reduceKey, windowStart, type DashEffect, type KeyFrame} from '../../../src/ui/dash/keys.js'
import {podRow, type PodObject} from '../../../src/ui/dash/pod-rows.js'
import type {PodListView} from '../../../src/ui/dash/pod-store.js'
import {allNamespacesItem, initialState, type PaneId, type UiState} from '../../../src/ui/dash/state.js'

const cluster = {contextName: 'c', defaultNamespace: 'default'} as DashCluster
const now = Date.parse('2026-11-22T10:00:00Z')

function pods(count: number): PodListView {
  const rows = Array.from({length: count}, (_, i) => {
    const pod: PodObject = {metadata: {name: `p-${String(i).padStart(3, '0')}`, namespace: 'default'}, status: {phase: 'Running'}}
    return podRow(pod, now)
  })
  return {rows, total: count, failing: 0}
}

function frame(options: {bodyHeight?: number; list?: PodListView; panes?: Partial<Record<PaneId, number>>; objects?: ObjectRow[]} = {}): KeyFrame {
  const list = options.list ?? pods(0)
  return {
    bodyHeight: options.bodyHeight ?? 17,
    podList: () => list,
    paneLength: (_s, pane) => options.panes?.[pane] ?? 0,
    objectRows: () => options.objects ?? [],
  }
}

/** Keys one after another, as typed faster than frames: each on the state the last one left. */
function press(s: UiState, names: string[], on: KeyFrame): {state: UiState; effects: DashEffect[]} {
  const effects: DashEffect[] = []
  for (const name of names) {
    const outcome = reduceKey(s, name, on)
    s = outcome.state
    effects.push(...outcome.effects)
  }
  return {state: s, effects}
}

const start = (change: Partial<UiState> = {}): UiState => ({...initialState(cluster, false), ...change})

describe('followed panes', () => {
  it('k while following pauses one line above the end the frame shows', () => {
    const s = start({stack: ['pods', 'logs'], target: {namespace: 'default', name: 'p'}, follow: true})
    // 17 body rows: the title and 16 lines; 1000 lines → the frame shows 985-1000 (top 984).
    const {state} = press(s, ['k'], frame({panes: {logs: 1000}}))
    expect(state.follow).toBe(false)
    expect(state.scroll.logs.top).toBe(983)
  })

  it('G follows again, g goes to the top and pauses, f toggles from where the frame is', () => {
    const s = start({stack: ['pods', 'logs'], target: {namespace: 'default', name: 'p'}, follow: false, scroll: {...start().scroll, logs: {top: 10, left: 0}}})
    const on = frame({panes: {logs: 1000}})
    expect(press(s, ['G'], on).state).toMatchObject({follow: true, scroll: {logs: {top: 984}}})
    expect(press(s, ['G', 'g'], on).state).toMatchObject({follow: false, scroll: {logs: {top: 0}}})
    expect(press(s, ['G', 'f'], on).state).toMatchObject({follow: false, scroll: {logs: {top: 984}}})
  })
})

describe('the pod list', () => {
  it('keys typed faster than frames each move from where the last one left the cursor', () => {
    const list = pods(100)
    const {state} = press(start(), ['j', 'j', 'j'], frame({list}))
    expect(state.cursorKey).toBe('default/p-003')
    expect(press(state, ['k'], frame({list})).state.cursorKey).toBe('default/p-002')
  })

  it('a page moves the window from where the frame shows it', () => {
    const list = pods(100)
    // 17 body rows: the column header and 16 pods.
    const {state} = press(start(), ['pgdn'], frame({list}))
    expect(state.cursor).toBe(16)
    expect(state.offset).toBe(1)
    expect(windowStart(state.cursor, state.offset, 16, 100)).toBe(1)
    expect(press(start(), ['G'], frame({list})).state).toMatchObject({cursor: 99, offset: 84})
  })

  it('enter opens the diagnosis of the selected pod; with no pods it says so', () => {
    const list = pods(3)
    const {state} = press(start(), ['j', 'enter'], frame({list}))
    expect(state.stack).toEqual(['pods', 'diagnosis'])
    expect(state.target).toEqual({namespace: 'default', name: 'p-001'})
    expect(state.diagnosisRun).toBe(1)
    expect(press(start(), ['enter'], frame()).state.message).toBe('no pod selected')
  })

  it('q and ctrl+c quit as an effect, not by themselves', () => {
    expect(press(start(), ['q'], frame()).effects).toEqual([{type: 'exit'}])
    expect(press(start({stack: ['pods', 'help']}), ['ctrl+c'], frame()).effects).toEqual([{type: 'exit'}])
    expect(press(start({stack: ['pods', 'help']}), ['q'], frame()).state.stack).toEqual(['pods'])
  })

  it('a message stays until the next key', () => {
    const {state} = press(start({message: 'sorted by name'}), ['j'], frame({list: pods(2)}))
    expect(state.message).toBeUndefined()
    expect(press(start(), ['s'], frame()).state.message).toBe('sorted by failing first')
  })

  it('a toggles all namespaces and forgets the listed pods at once', () => {
    const {state, effects} = press(start({cursor: 5, podNode: 'n1'}), ['a'], frame())
    expect(state.selection.allNamespaces).toBe(true)
    expect(state).toMatchObject({cursor: 0, podNode: undefined, message: 'all namespaces'})
    expect(effects).toEqual([{type: 'resetPods'}])
  })
})

describe('choosers', () => {
  it('n asks for the namespaces; enter chooses one, remembers it and resets the pods', () => {
    const opened = press(start(), ['n'], frame())
    expect(opened.effects).toEqual([{type: 'listNamespaces'}])
    expect(opened.state.chooser).toMatchObject({kind: 'namespace', items: undefined})
    const loaded = {...opened.state, chooser: {...opened.state.chooser!, items: [allNamespacesItem, 'kube-system', 'shop']}}
    const {state, effects} = press(loaded, [...'shp', 'enter'], frame())
    expect(state.chooser).toBeUndefined()
    expect(state.selection).toEqual({namespace: 'shop', allNamespaces: false})
    expect(effects).toEqual([{type: 'rememberNamespace', context: 'c', namespace: 'shop'}, {type: 'resetPods'}])
  })

  it('a namespace typed without the list (no permission) is still chosen', () => {
    const s = start({chooser: {kind: 'namespace', items: [allNamespacesItem], query: '', cursor: 0, current: 'default'}})
    expect(press(s, [...'zzz', 'enter'], frame()).state.selection).toEqual({namespace: 'zzz', allNamespaces: false})
  })

  it('ctrl+f asks to toggle the highlighted namespace as a favourite; never (all namespaces)', () => {
    const s = start({chooser: {kind: 'namespace', items: [allNamespacesItem, 'shop'], query: '', cursor: 1, current: 'default'}})
    expect(press(s, ['ctrl+f'], frame()).effects).toEqual([{type: 'toggleFavourite', context: 'c', namespace: 'shop'}])
    expect(press({...s, chooser: {...s.chooser!, cursor: 0}}, ['ctrl+f'], frame()).effects).toEqual([])
  })

  it('another context connects (an effect); the same one just closes the chooser', () => {
    const s = start({chooser: {kind: 'context', items: ['c', 'd'], query: '', cursor: 0, current: 'c'}})
    expect(press(s, ['down', 'enter'], frame()).effects).toEqual([{type: 'connect', context: 'd'}])
    const same = press(s, ['enter'], frame())
    expect(same.effects).toEqual([])
    expect(same.state.chooser).toBeUndefined()
  })
})

describe('the : list and the logs prompts', () => {
  const nodes: ObjectRow[] = ['n1', 'n2'].map((name) => ({key: `/${name}`, namespace: '', name, cells: [], failing: false}))

  it(':no opens the node list; p on a node lists its pods across namespaces', () => {
    const opened = press(start(), [':', 'n', 'o', 'enter'], frame())
    expect(opened.state).toMatchObject({stack: ['pods', 'objects'], objects: {kind: 'nodes', cursor: 0}, objectsRun: 1})
    const {state, effects} = press(opened.state, ['j', 'p'], frame({objects: nodes}))
    expect(state).toMatchObject({stack: ['pods'], podNode: 'n2', selection: {allNamespaces: true}})
    expect(effects).toEqual([{type: 'resetPods'}])
  })

  it('S asks where to save (./<pod>.log by default); enter saves as an effect', () => {
    const s = start({stack: ['pods', 'logs'], target: {namespace: 'default', name: 'web-1'}})
    const asked = press(s, ['S'], frame())
    expect(asked.state.prompt).toEqual({kind: 'save', text: './web-1.log'})
    const {state, effects} = press(asked.state, ['enter'], frame())
    expect(state.prompt).toBeUndefined()
    expect(effects).toEqual([{type: 'saveLog', path: './web-1.log'}])
  })

  it('o asks for the containers of the target', () => {
    const s = start({stack: ['pods', 'logs'], target: {namespace: 'default', name: 'web-1'}})
    const {state, effects} = press(s, ['o'], frame())
    expect(state.chooser).toMatchObject({kind: 'container', items: undefined})
    expect(effects).toEqual([{type: 'listContainers', target: {namespace: 'default', name: 'web-1'}}])
  })
})
