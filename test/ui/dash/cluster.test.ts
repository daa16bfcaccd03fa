import {describe, expect, it} from 'vitest'
import type {KubeClient, KubeObject} from '../../../src/kube/client.js'
import type {ConnectionOptions} from '../../../src/kube/options.js'
import {kubeConnector} from '../../../src/ui/dash/cluster.js'
import type {PodObject} from '../../../src/ui/dash/pod-rows.js'

describe('kubeConnector', () => {
  it("connects with the flags first; another context drops the flags' cluster, user and namespace", async () => {
    const seen: ConnectionOptions[] = []
    const fakeClient = {contextName: 'x', namespace: 'ns', close() {}} as unknown as KubeClient
    const base: ConnectionOptions = {kubeconfig: '/k', context: 'a', cluster: 'c', user: 'u', namespace: 'shop', requestTimeout: '5s'}
    const connector = kubeConnector(base, async (options) => (seen.push(options), fakeClient), () => ({names: ['a', 'b'], current: 'a'}))
    await connector.connect(undefined)
    await connector.connect('b')
    expect(seen[0]).toEqual(base)
    expect(seen[1]).toEqual({kubeconfig: '/k', context: 'b', cluster: undefined, user: undefined, namespace: undefined, requestTimeout: '5s'})
    expect(connector.contexts()).toEqual({names: ['a', 'b'], current: 'a'})
  })
})

describe('node usage from the pods the dash holds', () => {
  it('gives the same cells as the capacity snapshot that reads every pod', async () => {
    const {startSandbox} = await import('../../../src/sandbox/index.js')
    const {connect} = await import('../../../src/kube/client.js')
    const {kubeCluster} = await import('../../../src/ui/dash/cluster.js')
    const {podRow} = await import('../../../src/ui/dash/pod-rows.js')
    const {nodePodSums} = await import('../../../src/ui/dash/node-usage.js')
    const sandbox = await startSandbox({scenario: 'demo'})
    const client = await connect({kubeconfig: sandbox.kubeconfigPath})
    try {
      const cluster = kubeCluster(client)
      const {items} = await client.list<KubeObject & PodObject>('pods', {allNamespaces: true})
      const sums = nodePodSums(items.map((pod) => podRow(pod, Date.now())))
      const fromPods = await cluster.nodeUsage(sums)
      expect(fromPods).toEqual(await cluster.nodeUsage())
      expect([...fromPods.keys()].sort()).toEqual(['cp-1', 'worker-1', 'worker-2', 'worker-3'])
      expect(fromPods.get('worker-1')![0]).toMatch(/^\d+%$/)
    } finally {
      client.close()
      await sandbox.stop()
    }
  })
})

describe('trace through an outage', () => {
  it('goes on after the API server comes back with its history compacted: the change made meanwhile is one MODIFIED, events are not repeated', async () => {
    const {startSandbox} = await import('../../../src/sandbox/index.js')
    const {connect} = await import('../../../src/kube/client.js')
    const {kubeCluster} = await import('../../../src/ui/dash/cluster.js')
    const {until} = await import('./helpers.js')
    const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'web-0', namespace: 'default', labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'nginx:1.27.3'}]}}
    const warning = {apiVersion: 'v1', kind: 'Event', metadata: {name: 'web-0.1', namespace: 'default'}, involvedObject: {kind: 'Pod', name: 'web-0', namespace: 'default'}, reason: 'BackOff', message: 'Back-off pulling image', type: 'Warning'}
    const sandbox = await startSandbox({scenario: 'empty', controllers: false, objects: [pod, warning]})
    const client = await connect({kubeconfig: sandbox.kubeconfigPath, env: {}}, {tuning: {watchBackoff: {initialMs: 20, maxMs: 100}, retryBackoff: {initialMs: 5, maxMs: 10}}})
    const seen: string[] = []
    const troubles: string[] = []
    const controller = new AbortController()
    const tracing = kubeCluster(client).trace(
      'pods',
      'default',
      'web-0',
      {
        object: (type, object) => seen.push(`${type} ${object.kind} ${JSON.stringify(object.metadata.labels)}`),
        event: (event) => seen.push(`event ${(event as unknown as {reason: string}).reason}`),
        trouble: (reason) => troubles.push(reason),
      },
      controller.signal,
    )
    try {
      await until(() => seen.length, (n) => n === 2, 'the pod and its event')
      await sandbox.down()
      await until(() => troubles.length, (n) => n >= 2, 'the trace saying it waits')
      const stored = sandbox.store.get('pods', 'default', 'web-0')!.object
      sandbox.store.update({...stored, metadata: {...stored.metadata, labels: {app: 'web', during: 'outage'}}} as typeof stored)
      await sandbox.up({compactHistory: true})
      await until(() => seen.length, (n) => n >= 3, 'the change made during the outage')
      const now = sandbox.store.get('pods', 'default', 'web-0')!.object
      sandbox.store.update({...now, metadata: {...now.metadata, labels: {app: 'web', after: 'outage'}}} as typeof now)
      await until(() => seen.length, (n) => n >= 4, 'a change after the recovery')
      expect(seen).toEqual(['ADDED Pod {"app":"web"}', 'event BackOff', 'MODIFIED Pod {"app":"web","during":"outage"}', 'MODIFIED Pod {"app":"web","after":"outage"}'])
    } finally {
      controller.abort()
      await tracing
      client.close()
      await sandbox.stop()
    }
  })
})
