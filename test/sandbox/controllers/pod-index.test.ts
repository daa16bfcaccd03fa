import {describe, expect, it} from 'vitest'
import {PodIndex} from '../../../src/sandbox/controllers/pod-index.js'
import {Store} from '../../../src/sandbox/store.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

const owner = (uid: string) => [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid, controller: true}]
function pod(name: string, options: {owner?: string; node?: string; cpu?: string; memory?: string; phase?: string; antiAffinity?: boolean} = {}): KubeObject {
  const spec: Record<string, unknown> = {containers: [{name: 'c', image: 'i', resources: {requests: {cpu: options.cpu ?? '100m', memory: options.memory ?? '64Mi'}}}]}
  if (options.node) spec.nodeName = options.node
  if (options.antiAffinity) spec.affinity = {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: 'db'}}, topologyKey: 'kubernetes.io/hostname'}]}}
  return {apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'ns', ...(options.owner ? {ownerReferences: owner(options.owner)} : {})}, spec, status: {phase: options.phase ?? 'Running'}}
}
const names = (pods: KubeObject[]) => pods.map((p) => p.metadata!.name).sort()

describe('PodIndex', () => {
  it('indexes the pods already stored on first use: by owner, by node, with their requests', () => {
    const store = new Store()
    store.load([pod('a', {owner: 'rs1', node: 'n1', cpu: '250m', memory: '128Mi'}), pod('b', {owner: 'rs1', node: 'n2'}), pod('c', {owner: 'rs2'}), pod('done', {node: 'n1', phase: 'Succeeded', cpu: '4'})])
    const index = new PodIndex(store)
    expect(names(index.podsOf('rs1'))).toEqual(['a', 'b'])
    expect(names(index.podsOf('rs2'))).toEqual(['c'])
    expect(index.podsOf('none')).toEqual([])
    expect(names(index.podsOn('n1'))).toEqual(['a', 'done'])
    expect(names(index.boundPods())).toEqual(['a', 'b', 'done'])
    expect(index.usageOf('n1')).toEqual({cpu: 250, memory: 128 * 2 ** 20, pods: 1})
    expect(index.usageOf('n3')).toEqual({cpu: 0, memory: 0, pods: 0})
    index.stop()
  })

  it("follows the store's events: binding, finishing and deleting pods", () => {
    const store = new Store()
    const index = new PodIndex(store)
    expect(index.boundPods()).toEqual([])
    const created = store.create(pod('a', {owner: 'rs1'}))
    expect(names(index.podsOf('rs1'))).toEqual(['a'])
    const bound = store.update({...created, spec: {...(created.spec as object), nodeName: 'n1'}})
    expect(index.usageOf('n1')).toEqual({cpu: 100, memory: 64 * 2 ** 20, pods: 1})
    store.update({...bound, status: {phase: 'Failed'}})
    expect(index.usageOf('n1')).toEqual({cpu: 0, memory: 0, pods: 0})
    expect(names(index.podsOn('n1'))).toEqual(['a'])
    store.delete('pods', 'ns', 'a')
    expect(index.podsOn('n1')).toEqual([])
    expect(index.podsOf('rs1')).toEqual([])
    expect(index.usageOf('n1')).toEqual({cpu: 0, memory: 0, pods: 0})
    index.stop()
  })

  it('keeps the bound pods with required anti-affinity', () => {
    const store = new Store()
    store.load([pod('db-0', {node: 'n1', antiAffinity: true}), pod('db-1', {antiAffinity: true}), pod('web', {node: 'n1'})])
    const index = new PodIndex(store)
    expect(names(index.podsWithRequiredAntiAffinity())).toEqual(['db-0'])
    store.delete('pods', 'ns', 'db-0')
    expect(index.podsWithRequiredAntiAffinity()).toEqual([])
    index.stop()
  })

  it('stops following the store once stopped', () => {
    const store = new Store()
    const index = new PodIndex(store)
    expect(index.podsOf('rs1')).toEqual([])
    index.stop()
    store.create(pod('late', {owner: 'rs1'}))
    expect(index.podsOf('rs1')).toEqual([])
  })
})
