/** The I/O behind the dash's keys, with a cluster and a connector made in the test: answers land in the state as it is when they arrive. */
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {DashCluster, DashConnector} from '../../../src/ui/dash/cluster.js'
import {runEffect, type EffectIo} from '../../../src/ui/dash/effects.js'
import {emptyMemory, remember, toggleFavourite, type NamespaceMemory} from '../../../src/ui/dash/ns-memory.js'
import {PodStore} from '../../../src/ui/dash/pod-store.js'
import {allContainersItem, allNamespacesItem, initialState, type UiState} from '../../../src/ui/dash/state.js'
import {until} from '../../helpers/frames.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dash-effects-'))
})
afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})

function cluster(name: string, answers: {namespaces?: () => Promise<string[]>; containers?: () => Promise<string[]>} = {}): DashCluster {
  return {
    contextName: name,
    defaultNamespace: `${name}-default`,
    namespaces: answers.namespaces ?? (async () => ['default', 'shop']),
    podContainers: answers.containers ?? (async () => ['init', 'app']),
    close() {},
  } as unknown as DashCluster
}

/** An EffectIo over a state held here; `settled` waits for the answers of async effects. */
function harness(first: UiState, options: {connector?: Partial<DashConnector>; lines?: string[]} = {}) {
  let state = first
  let memory: NamespaceMemory = emptyMemory()
  const exits: number[] = []
  const store = new PodStore(0)
  store.replace([{metadata: {name: 'p', namespace: 'default'}}])
  const io: EffectIo = {
    connector: {connect: async (context) => cluster(context ?? 'c'), contexts: () => ({names: ['c', 'd'], current: 'c'}), ...options.connector},
    store,
    memory: {
      current: () => memory,
      chosen: (context, namespace) => void (memory = remember(memory, context, namespace)),
      toggle: (context, namespace) => void (memory = toggleFavourite(memory, context, namespace)),
    },
    exit: () => void exits.push(1),
    logLines: () => options.lines ?? [],
    current: () => state,
    update: (change) => {
      const c = change(state)
      if (c) state = {...state, ...c}
    },
  }
  return {io, state: () => state, set: (s: UiState) => (state = s), exits, store, settled: () => new Promise((resolve) => setTimeout(resolve, 10))}
}

const start = (change: Partial<UiState> = {}) => ({...initialState(cluster('c'), false), ...change})

describe('effects', () => {
  it('the namespaces fill the open chooser, favourites first; a chooser closed meanwhile stays closed', async () => {
    const chooser = {kind: 'namespace' as const, items: undefined, query: '', cursor: 0, current: 'shop'}
    const h = harness(start({chooser}))
    h.io.memory.toggle('c', 'shop')
    runEffect({type: 'listNamespaces'}, h.io)
    await h.settled()
    expect(h.state().chooser).toMatchObject({items: [allNamespacesItem, 'shop', 'default'], cursor: 1})

    const closed = harness(start({chooser}))
    runEffect({type: 'listNamespaces'}, closed.io)
    closed.set({...closed.state(), chooser: undefined})
    await closed.settled()
    expect(closed.state().chooser).toBeUndefined()
  })

  it('namespaces that cannot be listed leave a chooser where a typed name still works', async () => {
    const h = harness({...start(), cluster: cluster('c', {namespaces: async () => Promise.reject(new Error('namespaces is forbidden'))}), chooser: {kind: 'namespace', items: undefined, query: '', cursor: 0, current: 'default'}})
    runEffect({type: 'listNamespaces'}, h.io)
    await h.settled()
    expect(h.state().chooser).toMatchObject({items: [allNamespacesItem], error: 'cannot list namespaces: namespaces is forbidden; type a name and press enter'})
  })

  it('the containers of the target fill the container chooser', async () => {
    const h = harness(start({chooser: {kind: 'container', items: undefined, query: '', cursor: 0, current: 'app'}}))
    runEffect({type: 'listContainers', target: {namespace: 'default', name: 'p'}}, h.io)
    await h.settled()
    expect(h.state().chooser).toMatchObject({items: [allContainersItem, 'init', 'app'], cursor: 2})
  })

  it('another context: its cluster and namespace replace the old ones, the pods listed go', async () => {
    const h = harness(start({stack: ['pods', 'logs'], target: {namespace: 'default', name: 'p'}, cursor: 4}))
    runEffect({type: 'connect', context: 'd'}, h.io)
    await h.settled()
    expect(h.state().cluster.contextName).toBe('d')
    expect(h.state()).toMatchObject({selection: {namespace: 'd-default', allNamespaces: false}, stack: ['pods'], target: undefined, cursor: 0, message: 'context d'})
    expect(h.store.size).toBe(0)
  })

  it('a context that cannot be reached says so and changes nothing else', async () => {
    const h = harness(start(), {connector: {connect: async () => Promise.reject(new Error('no such context "x"'))}})
    runEffect({type: 'connect', context: 'x'}, h.io)
    await h.settled()
    expect(h.state().cluster.contextName).toBe('c')
    expect(h.state().message).toBe('cannot switch to context "x": no such context "x"')
  })

  it('the contexts of the kubeconfig open the chooser on the current one; an unreadable kubeconfig is a message', () => {
    const h = harness(start())
    runEffect({type: 'listContexts'}, h.io)
    expect(h.state().chooser).toMatchObject({kind: 'context', items: ['c', 'd'], cursor: 0, current: 'c'})
    const broken = harness(start(), {
      connector: {
        contexts: () => {
          throw new Error('kubeconfig is not YAML')
        },
      },
    })
    runEffect({type: 'listContexts'}, broken.io)
    expect(broken.state().message).toBe('cannot read the contexts: kubeconfig is not YAML')
  })

  it('S writes the lines shown without colour codes and says where', async () => {
    const path = join(dir, 'out.log')
    const h = harness(start(), {lines: ['\u001B[31mapp\u001B[0m boom', 'app ok']})
    runEffect({type: 'saveLog', path}, h.io)
    await until(() => h.state().message, (message) => message !== undefined, 'a message')
    expect(h.state().message).toBe(`wrote 2 lines to ${path}`)
    expect(await readFile(path, 'utf8')).toBe('app boom\napp ok\n')
  })

  it('resetPods forgets the pods listed; exit ends the dash; a chosen namespace is remembered', () => {
    const h = harness(start())
    runEffect({type: 'resetPods'}, h.io)
    expect(h.store.size).toBe(0)
    runEffect({type: 'exit'}, h.io)
    expect(h.exits).toHaveLength(1)
    runEffect({type: 'rememberNamespace', context: 'c', namespace: 'shop'}, h.io)
    expect(h.io.memory.current().recent).toEqual({c: ['shop']})
  })
})
