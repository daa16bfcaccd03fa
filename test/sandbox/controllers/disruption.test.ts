// The disruption controller over an in-memory store: its queue drains on the next turn of the
// event loop, which the tests await; no simulated delays are involved.
import {afterEach, describe, expect, it} from 'vitest'
import {SimulationClock} from '../../../src/sandbox/controllers/clock.js'
import type {ControllerContext} from '../../../src/sandbox/controllers/context.js'
import {DisruptionController} from '../../../src/sandbox/controllers/disruption.js'
import {Store} from '../../../src/sandbox/store.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))
const running: Array<{controller: DisruptionController; clock: SimulationClock}> = []
afterEach(() => {
  for (const r of running.splice(0)) {
    r.controller.stop()
    r.clock.stop()
  }
})

function setUp(...objects: KubeObject[]): Store {
  const store = new Store()
  store.load([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}}, ...objects])
  const clock = new SimulationClock(1)
  const controller = new DisruptionController({store, clock} as unknown as ControllerContext)
  running.push({controller, clock})
  return store
}

const rs = {apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true}
const pod = (name: string, ready: boolean, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'shop', labels: {app: 'web'}, ownerReferences: [rs], ...extra},
  spec: {containers: []},
  status: {phase: 'Running', conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}]},
})
const pdb = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {name: 'web', namespace: 'shop', generation: 1}, spec: {selector: {matchLabels: {app: 'web'}}, ...spec}, status})
const replicaSet = (replicas: number): KubeObject => ({apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'web-abc', namespace: 'shop', uid: 'rs-uid'}, spec: {replicas}})
const statusOf = (store: Store) => store.get('poddisruptionbudgets.policy', 'shop', 'web')!.object.status as Json

describe('DisruptionController', () => {
  it('counts healthy pods against minAvailable and allows the difference', async () => {
    const store = setUp(pod('web-0', true), pod('web-1', true), pod('web-2', false))
    store.create(pdb({minAvailable: 1}))
    await nextTurn()
    const status = statusOf(store)
    expect(status).toMatchObject({observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 3})
    expect(status.conditions).toEqual([{lastTransitionTime: expect.any(String), message: '', observedGeneration: 1, reason: 'SufficientPods', status: 'True', type: 'DisruptionAllowed'}])
  })

  it("resolves maxUnavailable and percentages against the owning controller's replicas, rounding up", async () => {
    const store = setUp(replicaSet(4), pod('web-0', true), pod('web-1', true), pod('web-2', true))
    store.create(pdb({maxUnavailable: '30%'}))
    await nextTurn()
    expect(statusOf(store)).toMatchObject({expectedPods: 4, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1})
    const budget = store.get('poddisruptionbudgets.policy', 'shop', 'web')!.object
    store.update({...budget, metadata: {...budget.metadata, generation: 2}, spec: {...(budget.spec as object), maxUnavailable: undefined, minAvailable: '80%'}})
    await nextTurn()
    expect(statusOf(store)).toMatchObject({observedGeneration: 2, expectedPods: 4, desiredHealthy: 4, disruptionsAllowed: 0})
    expect(statusOf(store).conditions[0]).toMatchObject({status: 'False', reason: 'InsufficientPods', observedGeneration: 2})
  })

  it('follows pod changes: a pod turning Ready allows a disruption', async () => {
    const store = setUp(pod('web-0', true), pod('web-1', false))
    store.create(pdb({minAvailable: 1}))
    await nextTurn()
    expect(statusOf(store).disruptionsAllowed).toBe(0)
    const unready = store.get('pods', 'shop', 'web-1')!.object
    store.update({...unready, status: {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}]}})
    await nextTurn()
    expect(statusOf(store)).toMatchObject({currentHealthy: 2, disruptionsAllowed: 1})
  })

  it('does not count a pod just evicted, and forgets evictions of pods that are gone', async () => {
    const recent = new Date().toISOString()
    const store = setUp(pod('web-0', true), pod('web-1', true))
    store.create(pdb({minAvailable: 1}, {disruptedPods: {'web-1': recent, 'web-9': recent}}))
    await nextTurn()
    expect(statusOf(store)).toMatchObject({currentHealthy: 1, disruptionsAllowed: 0, disruptedPods: {'web-1': recent}})
  })

  it('allows nothing when it selects no pod', async () => {
    const store = setUp()
    store.create(pdb({maxUnavailable: 1}))
    await nextTurn()
    expect(statusOf(store)).toMatchObject({expectedPods: 0, disruptionsAllowed: 0})
  })
})
