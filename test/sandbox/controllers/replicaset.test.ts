// The ReplicaSet controller (and ReplicationManager) over an in-memory store: its queue drains on
// the next turn of the event loop, which the tests await; no kubelet runs, so pods stay Pending.
import {describe, expect, it} from 'vitest'
import {ReplicaSetController, ReplicationManager} from '../../../src/sandbox/controllers/replicaset.js'
import type {Store} from '../../../src/sandbox/store.js'
import {controllerStore, settle} from './harness.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any


const setUp = (kind: 'rs' | 'rc' = 'rs'): Store =>
  controllerStore([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}}], (context) => (kind === 'rs' ? new ReplicaSetController(context) : new ReplicationManager(context)))

const template = {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'nginx:1.25'}]}}
const podsOf = (store: Store) => store.list('pods', {namespace: 'shop'}).entries.map((e) => e.object as Json)
const reasons = (store: Store) => store.list('events', {namespace: 'shop'}).entries.map((e) => `${(e.object as Json).source.component} ${(e.object as Json).reason}: ${(e.object as Json).message}`)

describe('ReplicaSetController', () => {
  it('creates the missing pods from the template, owned by the ReplicaSet, and writes status', async () => {
    const store = setUp()
    const rs = store.create({apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'web-7d4b', namespace: 'shop', generation: 1}, spec: {replicas: 3, selector: {matchLabels: {app: 'web'}}, template}})
    await settle()
    const pods = podsOf(store)
    expect(pods).toHaveLength(3)
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-7d4b-[a-z0-9]{5}$/)
      expect(p.metadata.labels).toEqual({app: 'web'})
      expect(p.metadata.ownerReferences).toEqual([{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b', uid: rs.metadata!.uid, controller: true, blockOwnerDeletion: true}])
    }
    expect(reasons(store).filter((r) => r.startsWith('replicaset-controller SuccessfulCreate: Created pod: web-7d4b-'))).toHaveLength(3)
    expect(store.get('replicasets.apps', 'shop', 'web-7d4b')!.object.status).toEqual({fullyLabeledReplicas: 3, observedGeneration: 1, replicas: 3})
  })

  it('scales down, deleting unscheduled pods before scheduled ones', async () => {
    const store = setUp()
    store.create({apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'web-7d4b', namespace: 'shop', generation: 1}, spec: {replicas: 3, selector: {matchLabels: {app: 'web'}}, template}})
    await settle()
    const [first] = podsOf(store)
    store.update({...first, spec: {...first.spec, nodeName: 'node-1'}})
    const current = store.get('replicasets.apps', 'shop', 'web-7d4b')!.object
    store.update({...current, metadata: {...current.metadata, generation: 2}, spec: {...(current.spec as object), replicas: 1}})
    await settle()
    expect(podsOf(store).map((p) => p.metadata.name)).toEqual([first.metadata.name])
    expect(reasons(store).filter((r) => r.includes('SuccessfulDelete'))).toHaveLength(2)
    expect(store.get('replicasets.apps', 'shop', 'web-7d4b')!.object.status).toMatchObject({observedGeneration: 2, replicas: 1})
  })
})

describe('ReplicationManager', () => {
  it('does the same for a ReplicationController, reporting as replication-controller', async () => {
    const store = setUp('rc')
    store.create({apiVersion: 'v1', kind: 'ReplicationController', metadata: {name: 'legacy', namespace: 'shop', generation: 1}, spec: {replicas: 2, selector: {app: 'web'}, template}})
    await settle()
    expect(podsOf(store).map((p) => p.metadata.ownerReferences[0].kind)).toEqual(['ReplicationController', 'ReplicationController'])
    expect(reasons(store).every((r) => r.startsWith('replication-controller SuccessfulCreate: Created pod: legacy-'))).toBe(true)
  })
})
