// How diagnose reads a pod's owners: the ReplicaSet and the Deployment it most likely belongs to at
// once (one round trip less), the guess used only when the ReplicaSet confirms it.
import {describe, expect, it} from 'vitest'
import {gatherPod, likelyDeployment, Notes, type DiagnoseClient} from '../../src/diagnose/gather.js'
import {KubeError} from '../../src/kube/errors.js'
import {pod} from './fixtures.js'

interface Pending {
  resource: string
  name: string
  answer: (value: unknown) => void
  fail: (error: Error) => void
}

/** A client whose ReplicaSet and Deployment GETs wait until the test answers them; other GETs find nothing, lists are empty. */
function heldClient(): {client: DiagnoseClient; asked: Pending[]; next: (resource: string) => Promise<Pending>} {
  const asked: Pending[] = []
  const waiting: Array<() => void> = []
  const client = {
    get: (resource: string, name: string) =>
      new Promise((answer, fail) => {
        if (resource !== 'replicasets' && resource !== 'deployments') return fail(new KubeError('not-found', `${resource} "${name}" not found`, 404))
        asked.push({resource, name, answer, fail})
        for (const wake of waiting.splice(0)) wake()
      }),
    getMetadata: () => Promise.reject(new Error('not used')),
    list: async () => ({items: []}),
    listPages: async function* () {
      yield* []
    },
    podLogs: () => Promise.reject(new Error('not used')),
    getRaw: () => Promise.reject(new Error('not used')),
  } as unknown as DiagnoseClient
  const next = async (resource: string): Promise<Pending> => {
    for (;;) {
      const found = asked.find((a) => a.resource === resource)
      if (found) return found
      await new Promise<void>((wake) => waiting.push(wake))
    }
  }
  return {client, asked, next}
}

const replicaSet = (name: string, deployment: string) => ({metadata: {name, namespace: 'shop', ownerReferences: [{kind: 'Deployment', name: deployment, controller: true}]}})
const deployment = (name: string) => ({metadata: {name, namespace: 'shop'}})
const checkoutPod = pod({
  node: undefined,
  metadata: {labels: {app: 'checkout', 'pod-template-hash': '7d4b9c8f6d'}, ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'checkout-7d4b9c8f6d', uid: 'u', controller: true}]},
})
const options = {logs: false, tailLines: 0}

describe('likelyDeployment', () => {
  it('is the ReplicaSet name without the pod-template-hash the pod carries', () => {
    expect(likelyDeployment(checkoutPod, {kind: 'ReplicaSet', name: 'checkout-7d4b9c8f6d'})).toBe('checkout')
    expect(likelyDeployment(checkoutPod, {kind: 'ReplicaSet', name: 'other-5f6b'})).toBeUndefined()
    expect(likelyDeployment(checkoutPod, {kind: 'StatefulSet', name: 'checkout-7d4b9c8f6d'})).toBeUndefined()
    expect(likelyDeployment(pod({metadata: {labels: {}}}), {kind: 'ReplicaSet', name: 'checkout-7d4b9c8f6d'})).toBeUndefined()
  })
})

describe('the owner chain of a Deployment pod', () => {
  it('asks for the Deployment while the ReplicaSet is still on its way', async () => {
    const {client, asked, next} = heldClient()
    const gathered = gatherPod(client, checkoutPod, options, new Notes())
    const rs = await next('replicasets')
    await new Promise((resolve) => setImmediate(resolve))
    // Both requests are out before either is answered.
    const deploy = asked.find((a) => a.resource === 'deployments')
    expect(deploy?.name).toBe('checkout')
    deploy!.answer(deployment('checkout'))
    rs.answer(replicaSet('checkout-7d4b9c8f6d', 'checkout'))
    const {owners} = await gathered
    expect(owners.map((o) => `${o.kind}/${o.name} ${o.state}`)).toEqual(['ReplicaSet/checkout-7d4b9c8f6d found', 'Deployment/checkout found'])
  })

  it('a ReplicaSet owned by another Deployment: that one is read, and the wrong guess leaves no trace', async () => {
    const {client, asked, next} = heldClient()
    const notes = new Notes()
    const gathered = gatherPod(client, checkoutPod, options, notes)
    const guess = await next('deployments')
    guess.fail(new KubeError('forbidden', 'deployments.apps "checkout" is forbidden', 403))
    ;(await next('replicasets')).answer(replicaSet('checkout-7d4b9c8f6d', 'checkout-v2'))
    for (;;) {
      const real = asked.find((a) => a.resource === 'deployments' && a.name === 'checkout-v2')
      if (real) {
        real.answer(deployment('checkout-v2'))
        break
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    const {owners} = await gathered
    expect(owners.map((o) => `${o.kind}/${o.name} ${o.state}`)).toEqual(['ReplicaSet/checkout-7d4b9c8f6d found', 'Deployment/checkout-v2 found'])
    expect(notes.list).toEqual([])
  })

  it('when the guess is right but unreadable, its note is kept', async () => {
    const {client, next} = heldClient()
    const notes = new Notes()
    const gathered = gatherPod(client, checkoutPod, options, notes)
    ;(await next('deployments')).fail(new KubeError('forbidden', 'deployments.apps "checkout" is forbidden', 403))
    ;(await next('replicasets')).answer(replicaSet('checkout-7d4b9c8f6d', 'checkout'))
    const {owners} = await gathered
    expect(owners.map((o) => `${o.kind}/${o.name} ${o.state}`)).toEqual(['ReplicaSet/checkout-7d4b9c8f6d found', 'Deployment/checkout unknown'])
    expect(notes.list).toEqual(['could not read deployment "checkout": deployments.apps "checkout" is forbidden'])
  })
})
