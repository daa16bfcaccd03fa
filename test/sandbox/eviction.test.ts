// Evictions decided as pkg/registry/core/pod/storage/eviction.go decides them, called directly
// with an in-memory store and a request object (unbound pods: deleted at once, no grace timers).
import {describe, expect, it} from 'vitest'
import {evict} from '../../src/sandbox/eviction.js'
import {Lifecycle} from '../../src/sandbox/lifecycle.js'
import {Store} from '../../src/sandbox/store.js'
import type {KubeObject} from '../../src/sandbox/types.js'
import {apiRequest, refusal} from './api-request.js'

const request = (body: unknown, query = '') => apiRequest(body, {query})

const pod = (name: string, ready: boolean, phase = 'Running'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'shop', labels: {app: 'web'}},
  spec: {containers: [{name: 'web', image: 'nginx'}]},
  status: {phase, conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}]},
})

function budget(name: string, status: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject {
  return {apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {name, namespace: 'shop', generation: 1}, spec: {selector: {matchLabels: {app: 'web'}}, minAvailable: 2, ...spec}, status: {observedGeneration: 1, ...status}}
}

function cluster(...objects: KubeObject[]) {
  const store = new Store()
  store.load([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}}, ...objects])
  return {store, lifecycle: new Lifecycle(store)}
}

describe('evict', () => {
  it('deletes a pod no budget selects, answering 201 Success', async () => {
    const {store, lifecycle} = cluster(pod('web-0', true))
    const {request: r, answer} = request({apiVersion: 'policy/v1', kind: 'Eviction', metadata: {name: 'web-0'}})
    await evict(store, lifecycle, r, 'shop', 'web-0')
    expect(answer()).toEqual({code: 201, body: {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success'}})
    expect(store.get('pods', 'shop', 'web-0')).toBeUndefined()
  })

  it('takes one allowed disruption from the budget and notes the pod in disruptedPods', async () => {
    const {store, lifecycle} = cluster(pod('web-0', true), budget('web', {disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2}))
    await evict(store, lifecycle, request({}).request, 'shop', 'web-0')
    const status = store.get('poddisruptionbudgets.policy', 'shop', 'web')!.object.status as {disruptionsAllowed: number; disruptedPods: Record<string, string>}
    expect(status.disruptionsAllowed).toBe(0)
    expect(Object.keys(status.disruptedPods)).toEqual(['web-0'])
  })

  it('refuses with 429 when the budget allows no disruption, naming its need', async () => {
    const {store, lifecycle} = cluster(pod('web-0', true), budget('web', {disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2}))
    const error = await refusal(evict(store, lifecycle, request({}).request, 'shop', 'web-0'))
    expect(error.code).toBe(429)
    expect(error.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.")
    expect(error.details?.causes).toEqual([{reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently'}])
    expect(store.get('pods', 'shop', 'web-0')).toBeDefined()
  })

  it('refuses while the budget status is older than its generation', async () => {
    const {store, lifecycle} = cluster(pod('web-0', true), {...budget('web', {disruptionsAllowed: 5}), metadata: {name: 'web', namespace: 'shop', generation: 2}})
    const error = await refusal(evict(store, lifecycle, request({}).request, 'shop', 'web-0'))
    expect(error.details?.causes?.[0]?.message).toBe('The disruption budget web is still being processed by the server.')
  })

  it('evicts a pod that is not Ready while the budget is healthy (IfHealthyBudget), or always with AlwaysAllow', async () => {
    const healthy = cluster(pod('web-0', false), budget('web', {disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2}))
    await evict(healthy.store, healthy.lifecycle, request({}).request, 'shop', 'web-0')
    expect(healthy.store.get('pods', 'shop', 'web-0')).toBeUndefined()
    const unhealthy = cluster(pod('web-0', false), budget('web', {disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2}))
    expect((await refusal(evict(unhealthy.store, unhealthy.lifecycle, request({}).request, 'shop', 'web-0'))).code).toBe(429)
    const always = cluster(pod('web-0', false), budget('web', {disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2}, {unhealthyPodEvictionPolicy: 'AlwaysAllow'}))
    await evict(always.store, always.lifecycle, request({}).request, 'shop', 'web-0')
    expect(always.store.get('pods', 'shop', 'web-0')).toBeUndefined()
  })

  it('ignores budgets for Pending, Succeeded and Failed pods', async () => {
    for (const phase of ['Pending', 'Succeeded', 'Failed']) {
      const {store, lifecycle} = cluster(pod('web-0', false, phase), budget('web', {disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 2}))
      await evict(store, lifecycle, request({}).request, 'shop', 'web-0')
      expect(store.get('pods', 'shop', 'web-0')).toBeUndefined()
    }
  })

  it('answers 500 when two budgets select the pod, 404 for a missing pod', async () => {
    const {store, lifecycle} = cluster(pod('web-0', true), budget('a', {disruptionsAllowed: 1}), budget('b', {disruptionsAllowed: 1}))
    const two = await refusal(evict(store, lifecycle, request({}).request, 'shop', 'web-0'))
    expect(two.code).toBe(500)
    expect(two.message).toBe('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.')
    expect((await refusal(evict(store, lifecycle, request({}).request, 'shop', 'nope'))).message).toBe('pods "nope" not found')
  })

  it('changes nothing on a dry run (query or deleteOptions)', async () => {
    const {store, lifecycle} = cluster(pod('web-0', true), budget('web', {disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2}))
    await evict(store, lifecycle, request({}, 'dryRun=All').request, 'shop', 'web-0')
    await evict(store, lifecycle, request({deleteOptions: {dryRun: ['All']}}).request, 'shop', 'web-0')
    expect(store.get('pods', 'shop', 'web-0')).toBeDefined()
    expect((store.get('poddisruptionbudgets.policy', 'shop', 'web')!.object.status as {disruptionsAllowed: number}).disruptionsAllowed).toBe(1)
  })
})
