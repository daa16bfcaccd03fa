/**
 * The dash's state and keys as hooks: the state now runs ahead of the state drawn, and every
 * key of a fast run goes through the reducer against the state left by the key before it, its
 * effects run with the same state.
 */
import {cleanup} from 'ink-testing-library'
import {afterEach, describe, expect, it} from 'vitest'
import type {DashCluster, DashConnector} from '../../../src/ui/dash/cluster.js'
import type {KeyFrame} from '../../../src/ui/dash/keys.js'
import {PodStore} from '../../../src/ui/dash/pod-store.js'
import {initialState, type UiState} from '../../../src/ui/dash/state.js'
import {useDashKeys, useDashState, type DashState, type KeyIo} from '../../../src/ui/dash/use-dash-state.js'
import type {NamespaceMemoryStore} from '../../../src/ui/dash/use-namespaces.js'
import {keys, renderHook, tick, until} from './helpers.js'

afterEach(() => cleanup())

const cluster = {contextName: 'prod', defaultNamespace: 'shop', namespaces: async () => ['default', 'shop']} as unknown as DashCluster
const first = () => initialState(cluster, false)

const frame: KeyFrame = {bodyHeight: 10, podList: () => ({rows: [], total: 0, failing: 0}), paneLength: () => 0, objectRows: () => []}

function keyIo(): KeyIo & {exits: number} {
  const memory: NamespaceMemoryStore = {current: () => ({favourites: {}, recent: {}}), chosen: () => {}, toggle: () => undefined}
  const io = {
    exits: 0,
    connector: {} as DashConnector,
    store: new PodStore(0),
    memory,
    exit: () => void io.exits++,
    logLines: () => [],
  }
  return io
}

describe('useDashState', () => {
  it('current() has a change at once; the state drawn follows on the next render', async () => {
    const hook = renderHook(() => useDashState(first), {})
    const dash: DashState = hook.value()
    dash.set({...dash.current(), filter: 'web'})
    expect(dash.current().filter).toBe('web')
    expect(dash.ui.filter).toBe('')
    await until(() => hook.value().ui.filter, (filter) => filter === 'web', 'the state drawn')
  })

  it('update applies a change worked out from the state now; undefined and the same state change nothing', async () => {
    const hook = renderHook(() => useDashState(first), {})
    const dash = hook.value()
    dash.update((s) => ({filter: `${s.filter}a`}))
    dash.update((s) => ({filter: `${s.filter}b`}))
    expect(dash.current().filter).toBe('ab')
    const state = dash.current()
    dash.update(() => undefined)
    dash.set(state)
    expect(dash.current()).toBe(state)
    await until(() => hook.value().ui.filter, (filter) => filter === 'ab', 'the state drawn')
    const renders = hook.values.length
    dash.set(state)
    dash.update(() => undefined)
    // A render would have come on the next turns of the event loop.
    await tick()
    expect(hook.values.length).toBe(renders)
  })
})

describe('useDashKeys', () => {
  function withKeys() {
    const io = keyIo()
    const hook = renderHook(() => {
      const dash = useDashState(first)
      useDashKeys(dash, frame, io)
      return dash.ui
    }, {})
    const ui = (): UiState => hook.value()
    return {io, ui, type: (text: string) => hook.app.stdin.write(text)}
  }

  it('a run of keys in one chunk: each one acts on the state the one before left', async () => {
    const {ui, type} = withKeys()
    type('/web')
    await until(ui, (s) => s.filter === 'web', 'the filter typed')
    expect(ui().filterEditing).toBe(true)
    type(keys.enter)
    await until(ui, (s) => !s.filterEditing, 'the filter kept')
    type('?')
    await until(ui, (s) => s.stack.at(-1) === 'help', 'the help view')
  })

  it("a key's effects run: n lists the namespaces into the chooser it opened", async () => {
    const {ui, type} = withKeys()
    type('n')
    const chooser = await until(ui, (s) => s.chooser?.items !== undefined, 'the namespaces')
    expect(chooser.chooser).toMatchObject({kind: 'namespace', current: 'shop'})
    expect(chooser.chooser!.items).toEqual(expect.arrayContaining(['default', 'shop']))
  })

  it('q on the pod list exits', async () => {
    const {io, type} = withKeys()
    type('q')
    await until(() => io.exits, (n) => n === 1, 'the exit')
  })
})
