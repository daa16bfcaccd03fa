import {describe, expect, it} from 'vitest'
import type {KubeClient} from '../../../src/kube/client.js'
import type {ConnectionOptions} from '../../../src/kube/options.js'
import {kubeConnector} from '../../../src/ui/dash/cluster.js'

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
