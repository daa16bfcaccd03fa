// The transport's connection handling, seen from outside: what many parallel requests cost.
import tls from 'node:tls'
import {afterEach, describe, expect, it, vi} from 'vitest'
import {connect} from '../../src/kube/client.js'
import {sandboxForFile} from '../helpers/kube.js'

const pods = Array.from({length: 6}, (_, i) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: `p-${i}`, namespace: 'default'}, spec: {containers: [{name: 'c', image: 'busybox'}]}}))
const shared = sandboxForFile({objects: pods, controllers: false})

afterEach(() => vi.restoreAllMocks())

describe('TLS connections', () => {
  it('parallel requests open several connections but build the TLS context (CA, certificate, key) once', async () => {
    const contexts = vi.spyOn(tls, 'createSecureContext')
    const sockets = vi.spyOn(tls, 'connect')
    const client = await connect({kubeconfig: shared.sandbox.kubeconfigPath, env: {}})
    try {
      const names = await Promise.all(pods.map((pod) => client.get<{metadata: {name: string}}>('pods', pod.metadata.name, 'default')))
      expect(names.map((pod) => pod.metadata.name)).toEqual(pods.map((pod) => pod.metadata.name))
      // Six requests at once do not wait for each other: they go out on several sockets...
      expect(sockets.mock.calls.length).toBeGreaterThan(1)
      // ...and every socket shares the one context the client made.
      expect(contexts).toHaveBeenCalledTimes(1)
    } finally {
      client.close()
    }
  })
})
