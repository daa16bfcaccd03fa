// The namespace controllers driven by store events, called directly with an in-memory store
// (they react in microtasks; nothing here waits on their sweep timer, which stop() clears).
import {afterEach, describe, expect, it} from 'vitest'
import {Lifecycle} from '../../src/sandbox/lifecycle.js'
import {IMMORTAL_NAMESPACES, NamespaceControllers, ROOT_CA_CONFIGMAP} from '../../src/sandbox/namespaces.js'
import {SERVED_RESOURCES} from '../../src/sandbox/resources.js'
import {Store} from '../../src/sandbox/store.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
const namespaces = SERVED_RESOURCES.find((r) => r.plural === 'namespaces')!
const running: NamespaceControllers[] = []
afterEach(() => {
  for (const c of running.splice(0)) c.stop()
})

function setUp(...names: string[]) {
  const store = new Store()
  store.load(names.map((name) => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name}})))
  const lifecycle = new Lifecycle(store)
  const controllers = new NamespaceControllers(store, lifecycle, CA)
  running.push(controllers)
  return {store, lifecycle, controllers}
}
const settled = () => Promise.resolve()

describe('NamespaceControllers', () => {
  it('names the namespaces that cannot be deleted', () => {
    expect([...IMMORTAL_NAMESPACES].sort()).toEqual(['default', 'kube-public', 'kube-system'])
  })

  it('seeds loaded namespaces with the default ServiceAccount and the root CA ConfigMap', () => {
    const {store, controllers} = setUp('default', 'shop')
    controllers.seedLoadedNamespaces()
    expect(store.get('serviceaccounts', 'shop', 'default')).toBeDefined()
    const ca = store.get('configmaps', 'shop', ROOT_CA_CONFIGMAP)!.object as Json
    expect(ca.data).toEqual({'ca.crt': CA})
    expect(ca.metadata.annotations['kubernetes.io/description']).toMatch(/^Contains a CA bundle/)
    const rv = store.resourceVersion
    controllers.seedLoadedNamespaces()
    expect(store.resourceVersion).toBe(rv)
  })

  it('populates a namespace created later', async () => {
    const {store} = setUp('default')
    store.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team-a'}})
    await settled()
    expect(store.get('serviceaccounts', 'team-a', 'default')).toBeDefined()
    expect(store.get('configmaps', 'team-a', ROOT_CA_CONFIGMAP)).toBeDefined()
  })

  it('empties a terminating namespace and removes it once nothing is left', async () => {
    const {store, lifecycle, controllers} = setUp('default', 'shop')
    controllers.seedLoadedNamespaces()
    store.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings', namespace: 'shop'}})
    lifecycle.delete(namespaces, undefined, 'shop')
    await settled()
    expect(store.list('configmaps', {namespace: 'shop'}).entries).toEqual([])
    expect(store.get('namespaces', undefined, 'shop')).toBeUndefined()
    expect(store.get('namespaces', undefined, 'default')).toBeDefined()
  })

  it('reports what finalizers still hold, in the namespace deleter conditions', async () => {
    const {store, lifecycle} = setUp('default', 'shop')
    store.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'held', namespace: 'shop', finalizers: ['example.com/hold']}})
    lifecycle.delete(namespaces, undefined, 'shop')
    await settled()
    const ns = store.get('namespaces', undefined, 'shop')!.object as Json
    expect(ns.status.phase).toBe('Terminating')
    const conditions = Object.fromEntries(ns.status.conditions.map((c: Json) => [c.type, `${c.status} ${c.reason}: ${c.message}`]))
    expect(conditions).toEqual({
      NamespaceDeletionDiscoveryFailure: 'False ResourcesDiscovered: All resources successfully discovered',
      NamespaceDeletionGroupVersionParsingFailure: 'False ParsedGroupVersions: All legacy kube types successfully parsed',
      NamespaceDeletionContentFailure: 'False ContentDeleted: All content successfully deleted, may be waiting on finalization',
      NamespaceContentRemaining: 'True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances',
      NamespaceFinalizersRemaining: 'True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    })
  })
})
