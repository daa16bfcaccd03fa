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
