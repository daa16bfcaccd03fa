// The StatefulSet controller over an in-memory store: its queue drains on the next turns of the
// event loop, which the tests await; no kubelet runs, so the tests make pods Ready themselves.
// Rollouts run end to end in controllers/workload.test.ts.
import {describe, expect, it} from 'vitest'
import {StatefulSetController} from '../../../src/sandbox/controllers/statefulset.js'
import type {Store} from '../../../src/sandbox/store.js'
import type {KubeObject} from '../../../src/sandbox/types.js'
import {controllerStore, settle} from './harness.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any


const setUp = (): Store => controllerStore([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'db'}}], (context) => new StatefulSetController(context))

const statefulSet = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: {name: 'pg', namespace: 'db', generation: 1},
  spec: {replicas: 3, serviceName: 'pg', selector: {matchLabels: {app: 'pg'}}, template: {metadata: {labels: {app: 'pg'}}, spec: {containers: [{name: 'pg', image: 'postgres:16'}]}}, ...spec},
})
const names = (store: Store) => store.list('pods', {namespace: 'db'}).entries.map((e) => e.object.metadata!.name).sort()
function makeReady(store: Store, name: string): void {
  const pod = store.get('pods', 'db', name)!.object
  store.update({...pod, status: {phase: 'Running', conditions: [{type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString()}]}})
}

describe('StatefulSetController', () => {
  it('creates ordinals one at a time, each once the previous is Ready, with hostname and subdomain', async () => {
    const store = setUp()
    store.create(statefulSet())
    await settle()
    expect(names(store)).toEqual(['pg-0'])
    const first = store.get('pods', 'db', 'pg-0')!.object as Json
    expect(first.spec).toMatchObject({hostname: 'pg-0', subdomain: 'pg'})
    expect(first.metadata.labels).toMatchObject({app: 'pg', 'statefulset.kubernetes.io/pod-name': 'pg-0'})
    makeReady(store, 'pg-0')
    await settle()
    expect(names(store)).toEqual(['pg-0', 'pg-1'])
  })

  it('creates every ordinal at once with podManagementPolicy Parallel', async () => {
    const store = setUp()
    store.create(statefulSet({podManagementPolicy: 'Parallel'}))
    await settle()
    expect(names(store)).toEqual(['pg-0', 'pg-1', 'pg-2'])
    expect((store.get('statefulsets.apps', 'db', 'pg')!.object.status as Json).replicas).toBe(3)
  })
})
