import {describe, expect, it} from 'vitest'
import {
  controllerOf,
  controllerReference,
  deleteObject,
  intOrPercent,
  isActive,
  isPodAvailable,
  isPodReady,
  isTerminal,
  matchesSelector,
  modify,
  objectKey,
  splitKey,
  writeStatus,
} from '../../../src/sandbox/controllers/objects.js'
import {Store} from '../../../src/sandbox/store.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

const pod = (status: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'ns', ...metadata}, spec: {containers: []}, status})
const ready = (since: string) => ({conditions: [{type: 'Ready', status: 'True', lastTransitionTime: since}]})

describe('keys', () => {
  it('are namespace/name, or the name of a cluster-scoped object, and split back', () => {
    expect(objectKey(pod({}))).toBe('ns/p')
    expect(objectKey({apiVersion: 'v1', kind: 'Node', metadata: {name: 'n1'}})).toBe('n1')
    expect(objectKey({apiVersion: 'v1', kind: 'Node'})).toBe('')
    expect(splitKey('ns/p')).toEqual({namespace: 'ns', name: 'p'})
    expect(splitKey('n1')).toEqual({namespace: undefined, name: 'n1'})
  })
})

describe('owner references', () => {
  it('point at the owner as its controller, and controllerOf finds the one with controller: true', () => {
    const owner: KubeObject = {apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'web-abc', uid: 'rs-1'}}
    const reference = controllerReference(owner)
    expect(reference).toEqual({apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-1', controller: true, blockOwnerDeletion: true})
    expect(controllerOf(pod({}, {ownerReferences: [{...reference, uid: 'other', controller: false}, reference]}))).toBe(reference)
    expect(controllerOf(pod({}, {ownerReferences: [{...reference, controller: false}]}))).toBeUndefined()
    expect(controllerOf(pod({}))).toBeUndefined()
  })
})

describe('matchesSelector', () => {
  it('needs a selector, every matchLabel and every expression', () => {
    const labels = {app: 'web', env: 'prod'}
    expect(matchesSelector(undefined, labels)).toBe(false)
    expect(matchesSelector({}, labels)).toBe(true)
    expect(matchesSelector({matchLabels: {app: 'web'}}, labels)).toBe(true)
    expect(matchesSelector({matchLabels: {app: 'api'}}, labels)).toBe(false)
    expect(matchesSelector({matchExpressions: [{key: 'env', operator: 'In', values: ['prod', 'dev']}]}, labels)).toBe(true)
    expect(matchesSelector({matchExpressions: [{key: 'tier', operator: 'In', values: ['front']}]}, labels)).toBe(false)
    expect(matchesSelector({matchExpressions: [{key: 'env', operator: 'NotIn', values: ['prod']}]}, labels)).toBe(false)
    expect(matchesSelector({matchExpressions: [{key: 'tier', operator: 'NotIn', values: ['front']}]}, labels)).toBe(true)
    expect(matchesSelector({matchExpressions: [{key: 'app', operator: 'Exists'}]}, labels)).toBe(true)
    expect(matchesSelector({matchExpressions: [{key: 'app', operator: 'DoesNotExist'}]}, labels)).toBe(false)
    expect(matchesSelector({matchExpressions: [{key: 'app', operator: 'Exists'}]}, undefined)).toBe(false)
  })
})

describe('pod state', () => {
  it('reads Ready, terminal phases and deletion', () => {
    expect(isPodReady(pod(ready('2026-01-01T00:00:00Z')))).toBe(true)
    expect(isPodReady(pod({conditions: [{type: 'Ready', status: 'False'}]}))).toBe(false)
    expect(isPodReady(pod({}))).toBe(false)
    expect(isTerminal(pod({phase: 'Succeeded'}))).toBe(true)
    expect(isTerminal(pod({phase: 'Failed'}))).toBe(true)
    expect(isTerminal(pod({phase: 'Running'}))).toBe(false)
    expect(isActive(pod({phase: 'Running'}))).toBe(true)
    expect(isActive(pod({phase: 'Failed'}))).toBe(false)
    expect(isActive(pod({phase: 'Running'}, {deletionTimestamp: '2026-01-01T00:00:00Z'}))).toBe(false)
  })

  it('counts a pod available once it has been Ready for minReadySeconds of simulated time', () => {
    const since = '2026-01-01T00:00:00Z'
    const elapsed = (ms: number) => (sinceMs: number) => (expect(sinceMs).toBe(Date.parse(since)), ms)
    expect(isPodAvailable(pod(ready(since)), 0, () => 0)).toBe(true)
    expect(isPodAvailable(pod(ready(since)), 10, elapsed(9_999))).toBe(false)
    expect(isPodAvailable(pod(ready(since)), 10, elapsed(10_000))).toBe(true)
    expect(isPodAvailable(pod({}), 0, () => 0)).toBe(false)
  })
})

describe('intOrPercent', () => {
  it('resolves numbers, percentages (rounding up or down) and the fallback', () => {
    expect(intOrPercent(2, 10, '25%', true)).toBe(2)
    expect(intOrPercent('25%', 10, 0, true)).toBe(3)
    expect(intOrPercent('25%', 10, 0, false)).toBe(2)
    expect(intOrPercent(undefined, 4, '25%', false)).toBe(1)
    expect(intOrPercent('3', 10, 0, false)).toBe(3)
    expect(intOrPercent('lots', 10, 0, false)).toBe(0)
  })
})

describe('store writes', () => {
  function stored(): {store: Store; object: KubeObject} {
    const store = new Store()
    const object = store.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', namespace: 'ns'}, data: {a: '1'}})
    return {store, object}
  }

  it('writeStatus writes only a changed status', () => {
    const {store} = stored()
    const pending = store.create(pod({phase: 'Pending'}))
    const rv = store.resourceVersion
    expect(writeStatus(store, 'pods', pending, {phase: 'Pending'}).metadata?.resourceVersion).toBe(pending.metadata?.resourceVersion)
    expect(store.resourceVersion).toBe(rv)
    expect(writeStatus(store, 'pods', pending, {phase: 'Running'}).status).toEqual({phase: 'Running'})
    expect(store.resourceVersion).toBe(rv + 1)
  })

  it('modify re-reads the object, skips an unchanged result and a replaced object (another uid)', () => {
    const {store, object} = stored()
    const rv = store.resourceVersion
    expect(modify(store, 'configmaps', object, (o) => o)).toEqual(store.get('configmaps', 'ns', 'c')!.object)
    expect(store.resourceVersion).toBe(rv)
    expect(modify(store, 'configmaps', object, (o) => ({...o, data: {a: '2'}}))?.data).toEqual({a: '2'})
    expect(modify(store, 'configmaps', {...object, metadata: {...object.metadata, uid: 'old'}}, (o) => ({...o, data: {}}))).toBeUndefined()
    expect(store.get('configmaps', 'ns', 'c')!.object.data).toEqual({a: '2'})
  })

  it('deleteObject deletes only the same object', () => {
    const {store, object} = stored()
    deleteObject(store, 'configmaps', {...object, metadata: {...object.metadata, uid: 'old'}})
    expect(store.get('configmaps', 'ns', 'c')).toBeDefined()
    deleteObject(store, 'configmaps', object)
    expect(store.get('configmaps', 'ns', 'c')).toBeUndefined()
  })
})
