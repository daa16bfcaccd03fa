// The garbage collector over objects a store starts with: its index of owners is built from them
// (in slices for a large store, the event loop free in between), and owners deleted while it is
// being built still take their dependents with them once it is complete.
import {afterEach, describe, expect, it} from 'vitest'
import {GarbageCollector} from '../../src/sandbox/garbage-collector.js'
import {Lifecycle, type PropagationPolicy} from '../../src/sandbox/lifecycle.js'
import {resourceForObject} from '../../src/sandbox/resources.js'
import {Store} from '../../src/sandbox/store.js'
import type {KubeObject} from '../../src/sandbox/types.js'

const configMaps = resourceForObject('v1', 'ConfigMap')!
const owner = (name: string): KubeObject => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'work', uid: `uid-${name}`}})
const dependent = (name: string, ...owners: string[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {name, namespace: 'work', uid: `uid-${name}`, ownerReferences: owners.map((o) => ({apiVersion: 'v1', kind: 'ConfigMap', name: o, uid: `uid-${o}`}))},
})

const running: Array<{collector: GarbageCollector; lifecycle: Lifecycle}> = []
afterEach(() => {
  for (const {collector, lifecycle} of running.splice(0)) {
    collector.stop()
    lifecycle.stop()
  }
})

function collect(objects: KubeObject[], indexSlice?: number) {
  const store = new Store()
  store.load(objects)
  const lifecycle = new Lifecycle(store)
  const collector = new GarbageCollector(store, lifecycle, indexSlice === undefined ? {} : {indexSlice})
  running.push({collector, lifecycle})
  const exists = (name: string) => store.get('configmaps', 'work', name) !== undefined
  const owners = (name: string) => (store.get('configmaps', 'work', name)!.object.metadata?.ownerReferences ?? []).map((o) => o.name)
  const remove = (name: string, propagationPolicy?: PropagationPolicy) => lifecycle.delete(configMaps, 'work', name, propagationPolicy ? {propagationPolicy} : {})
  return {exists, owners, remove}
}

const scenario = [
  owner('app'),
  owner('shared'),
  owner('keeper'),
  owner('first'),
  dependent('app-config', 'app'),
  dependent('app-secret-ref', 'app'),
  dependent('both', 'shared', 'keeper'),
  dependent('kept', 'keeper'),
  dependent('second', 'first'),
]

describe.each([
  ['in one go (a small store)', undefined],
  ['in slices of one object', 1],
  ['in slices of three objects', 3],
])('the garbage collector indexes the starting objects %s', (_label, indexSlice) => {
  it('Background: an owner deleted at once takes its dependents; a dependent with another owner only loses the reference', async () => {
    const cluster = collect(scenario, indexSlice)
    cluster.remove('app')
    cluster.remove('shared')
    await expect.poll(() => cluster.exists('app-config') || cluster.exists('app-secret-ref')).toBe(false)
    await expect.poll(() => cluster.owners('both')).toEqual(['keeper'])
    expect(cluster.exists('kept')).toBe(true)
    expect(cluster.exists('second')).toBe(true)
  })

  it('Orphan keeps the dependents without the reference; Foreground deletes them first', async () => {
    const cluster = collect(scenario, indexSlice)
    cluster.remove('keeper', 'Orphan')
    cluster.remove('first', 'Foreground')
    await expect.poll(() => cluster.exists('keeper')).toBe(false)
    expect(cluster.owners('kept')).toEqual([])
    expect(cluster.owners('both')).toEqual(['shared'])
    await expect.poll(() => cluster.exists('first')).toBe(false)
    expect(cluster.exists('second')).toBe(false)
  })
})

describe('a large store', () => {
  it('is indexed in slices: a deletion made meanwhile is acted on once the index is complete, and nothing is lost', async () => {
    const owners = Array.from({length: 50}, (_, i) => owner(`owner-${i}`))
    const dependents = owners.map((o, i) => dependent(`dependent-${i}`, o.metadata!.name!))
    const cluster = collect([...owners, ...dependents], 10)
    cluster.remove('owner-49') // its dependent is not indexed yet
    cluster.remove('owner-0')
    await Promise.resolve() // with a complete index, the collector would have acted by now (see below)
    expect(cluster.exists('dependent-0')).toBe(true)
    await expect.poll(() => cluster.exists('dependent-49') || cluster.exists('dependent-0')).toBe(false)
    expect(cluster.exists('dependent-25')).toBe(true)
  })

  it('a store that fits in one slice is indexed at once, and a deletion is acted on at the next microtask', async () => {
    const cluster = collect([owner('app'), dependent('app-config', 'app')])
    cluster.remove('app')
    await Promise.resolve()
    expect(cluster.exists('app-config')).toBe(false)
  })
})
