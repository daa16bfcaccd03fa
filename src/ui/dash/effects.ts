/**
 * The I/O behind the dash's keys: the effects the key reducer (keys.ts) returns, run against
 * the cluster, the kubeconfig, the namespace memory and the file system. Answers arrive later
 * and are applied to the state as it is then (a chooser closed meanwhile stays closed).
 */
import type {DashCluster, DashConnector} from './cluster.js'
import type {DashEffect} from './keys.js'
import {saveLog} from './log-save.js'
import {orderNamespaces} from './ns-memory.js'
import type {PodStore} from './pod-store.js'
import {allContainersItem, allNamespacesItem, type UiState} from './state.js'
import type {NamespaceMemoryStore} from './use-namespaces.js'

export interface EffectIo {
  connector: DashConnector
  store: PodStore
  memory: NamespaceMemoryStore
  exit(): void
  /** The lines the logs view shows (what `S` saves). */
  logLines(): string[]
  /** The state now. */
  current(): UiState
  /** Applies a change worked out from the state now. */
  update(change: (s: UiState) => Partial<UiState> | undefined): void
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

export function runEffect(effect: DashEffect, io: EffectIo): void {
  switch (effect.type) {
    case 'exit':
      return io.exit()
    case 'resetPods':
      return io.store.reset()
    case 'listContexts':
      return listContexts(io)
    case 'listNamespaces':
      return void listNamespaces(io, io.current().cluster)
    case 'listContainers':
      return void listContainers(io, io.current().cluster, effect.target.namespace, effect.target.name)
    case 'connect':
      return void connect(io, effect.context)
    case 'rememberNamespace':
      return io.memory.chosen(effect.context, effect.namespace)
    case 'toggleFavourite':
      return toggleFavourite(io, effect.context, effect.namespace)
    case 'saveLog': {
      const lines = io.logLines()
      return void saveLog(effect.path, lines).then((message) => io.update(() => ({message})))
    }
  }
}

function listContexts(io: EffectIo): void {
  const s = io.current()
  try {
    const listing = io.connector.contexts()
    io.update(() => ({chooser: {kind: 'context', items: listing.names, query: '', cursor: Math.max(0, listing.names.indexOf(s.cluster.contextName)), current: s.cluster.contextName}}))
  } catch (error) {
    io.update(() => ({message: `cannot read the contexts: ${errorText(error)}`}))
  }
}

async function listNamespaces(io: EffectIo, cluster: DashCluster): Promise<void> {
  try {
    const names = await cluster.namespaces()
    io.update(({chooser}) => {
      if (chooser?.kind !== 'namespace' || chooser.items) return undefined
      const {items, marks} = orderNamespaces(names, [allNamespacesItem], io.memory.current(), cluster.contextName)
      return {chooser: {...chooser, items, marks, cursor: Math.max(0, items.indexOf(chooser.current ?? ''))}}
    })
  } catch (error) {
    // Without the list (e.g. no permission to list namespaces), a typed name still works.
    io.update(({chooser}) => (chooser?.kind === 'namespace' ? {chooser: {...chooser, items: [allNamespacesItem], error: `cannot list namespaces: ${errorText(error)}; type a name and press enter`}} : undefined))
  }
}

/** The container picker of the logs view: every container, or one. */
async function listContainers(io: EffectIo, cluster: DashCluster, namespace: string, name: string): Promise<void> {
  try {
    const names = await cluster.podContainers(namespace, name)
    io.update(({chooser}) => {
      if (chooser?.kind !== 'container' || chooser.items) return undefined
      const items = [allContainersItem, ...names]
      return {chooser: {...chooser, items, cursor: Math.max(0, items.indexOf(chooser.current ?? ''))}}
    })
  } catch (error) {
    io.update(() => ({chooser: undefined, message: `cannot read the pod's containers: ${errorText(error)}`}))
  }
}

async function connect(io: EffectIo, context: string): Promise<void> {
  try {
    const next = await io.connector.connect(context)
    io.store.reset()
    io.update((s) => ({cluster: next, selection: {namespace: next.defaultNamespace, allNamespaces: s.selection.allNamespaces}, stack: ['pods'], cursorKey: undefined, cursor: 0, offset: 0, target: undefined, podNode: undefined, message: `context ${context}`}))
  } catch (error) {
    io.update(() => ({message: `cannot switch to context "${context}": ${errorText(error)}`}))
  }
}

/** ctrl+f in the namespace chooser: the highlighted namespace becomes a favourite (listed first), or no longer one. */
function toggleFavourite(io: EffectIo, context: string, namespace: string): void {
  const error = io.memory.toggle(context, namespace)
  io.update(({chooser}) => {
    if (chooser?.kind !== 'namespace' || !chooser.items) return undefined
    const names = chooser.items.filter((n) => n !== allNamespacesItem)
    const {items, marks} = orderNamespaces([...names].sort(), [allNamespacesItem], io.memory.current(), context)
    return {chooser: {...chooser, items, marks, query: '', cursor: Math.max(0, items.indexOf(namespace))}, message: error ? `cannot save the favourites: ${error}` : undefined}
  })
}
