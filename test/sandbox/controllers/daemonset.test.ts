// The DaemonSet controller over an in-memory store: its queue drains on the next turns of the
// event loop, which the tests await; no kubelet runs, so pods never turn Ready. Rollouts run end
// to end in controllers/workload.test.ts.
import {describe, expect, it} from 'vitest'
import {DaemonSetController} from '../../../src/sandbox/controllers/daemonset.js'
import type {Store} from '../../../src/sandbox/store.js'
import type {KubeObject} from '../../../src/sandbox/types.js'
import {controllerStore, settle} from './harness.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any


const node = (name: string, labels: Record<string, string>, taints: unknown[] = []): KubeObject => ({apiVersion: 'v1', kind: 'Node', metadata: {name, labels: {'kubernetes.io/hostname': name, ...labels}}, spec: {taints}})

const setUp = (...nodes: KubeObject[]): Store => controllerStore([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'kube-system'}}, ...nodes], (context) => new DaemonSetController(context))

const daemonSet = (podSpec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: {name: 'agent', namespace: 'kube-system', generation: 1},
  spec: {selector: {matchLabels: {app: 'agent'}}, template: {metadata: {labels: {app: 'agent'}}, spec: {containers: [{name: 'agent', image: 'agent:1'}], ...podSpec}}},
})
const podNodes = (store: Store) =>
  store
    .list('pods', {namespace: 'kube-system'})
    .entries.map((e) => (e.object as Json).spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0])
    .sort()

describe('DaemonSetController', () => {
  it('runs one pod per eligible node: the nodeSelector and taints decide, tolerations let it in', async () => {
    const store = setUp(
      node('worker-1', {disk: 'ssd'}),
      node('worker-2', {disk: 'ssd'}, [{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]),
      node('worker-3', {disk: 'hdd'}),
      node('cp-1', {disk: 'ssd'}, [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]),
    )
    store.create(daemonSet({nodeSelector: {disk: 'ssd'}, tolerations: [{key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule'}]}))
    await settle()
    expect(podNodes(store)).toEqual(['cp-1', 'worker-1'])
    const status = store.get('daemonsets.apps', 'kube-system', 'agent')!.object.status as Json
    expect(status).toMatchObject({desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 0, observedGeneration: 1})
  })

  it('adds a pod when a node joins', async () => {
    const store = setUp(node('worker-1', {}))
    store.create(daemonSet())
    await settle()
    expect(podNodes(store)).toEqual(['worker-1'])
    store.create(node('worker-2', {}))
    await settle()
    expect(podNodes(store)).toEqual(['worker-1', 'worker-2'])
  })
})
