// capacity's cluster reads in process against the sandbox, with metrics.k8s.io misbehaving as it
// does on real clusters (an APIService whose metrics-server is down answers 503).
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {readSnapshot} from '../../src/capacity/cluster.js'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'

let sandbox: Sandbox
let client: KubeClient
beforeAll(async () => {
  sandbox = await startSandbox({scenario: 'demo'})
  client = await connect({kubeconfig: sandbox.kubeconfigPath, env: {}}, {tuning: {retryBackoff: {initialMs: 5, maxMs: 10}}})
})
afterAll(async () => {
  client?.close()
  await sandbox?.stop()
})

describe('readSnapshot', () => {
  it('reads usage when metrics.k8s.io answers', async () => {
    const snapshot = await readSnapshot(client, {withMetrics: true, withPods: true})
    expect(snapshot.metrics).toEqual({served: true})
  })

  it('degrades to "no usage" with a note when metrics-server is down (503), after retrying', async () => {
    const fault = sandbox.faults.add({group: 'metrics.k8s.io', status: 503})
    try {
      const snapshot = await readSnapshot(client, {withMetrics: true, withPods: true})
      expect(snapshot.metrics).toEqual({served: false, reason: 'metrics.k8s.io is registered but not answering (503; is metrics-server running?): utilisation is not shown'})
      expect(snapshot.nodes.length).toBeGreaterThan(0)
      expect(sandbox.faults.hits(fault)).toBe(3)
    } finally {
      sandbox.faults.remove(fault)
    }
  })

  it('rides out a throttled read (429 with Retry-After)', async () => {
    const fault = sandbox.faults.add({resource: 'nodes', verb: 'list', status: 429, retryAfterSeconds: 1, times: 1})
    try {
      const snapshot = await readSnapshot(client, {withMetrics: false})
      expect(snapshot.nodes.length).toBeGreaterThan(0)
      expect(sandbox.faults.hits(fault)).toBe(1)
    } finally {
      sandbox.faults.remove(fault)
    }
  })
})
