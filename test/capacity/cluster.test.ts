// capacity's cluster reads in process against the sandbox, with metrics.k8s.io misbehaving as it
// does on real clusters (an APIService whose metrics-server is down answers 503).
import {describe, expect, it} from 'vitest'
import {readSnapshot} from '../../src/capacity/cluster.js'
import {sandboxForFile} from '../helpers/kube.js'

const demo = sandboxForFile({scenario: 'demo'})

describe('readSnapshot', () => {
  it('reads usage when metrics.k8s.io answers', async () => {
    const snapshot = await readSnapshot(demo.client, {withMetrics: true, withPods: true})
    expect(snapshot.metrics).toEqual({served: true})
  })

  it('degrades to "no usage" with a note when metrics-server is down (503), after retrying', async () => {
    const fault = demo.sandbox.faults.add({group: 'metrics.k8s.io', status: 503})
    try {
      const snapshot = await readSnapshot(demo.client, {withMetrics: true, withPods: true})
      expect(snapshot.metrics).toEqual({served: false, reason: 'metrics.k8s.io is registered but not answering (503; is metrics-server running?): utilisation is not shown'})
      expect(snapshot.nodes.length).toBeGreaterThan(0)
      expect(demo.sandbox.faults.hits(fault)).toBe(3)
    } finally {
      demo.sandbox.faults.remove(fault)
    }
  })

  it('rides out a throttled read (429 with Retry-After)', async () => {
    const fault = demo.sandbox.faults.add({resource: 'nodes', verb: 'list', status: 429, retryAfterSeconds: 1, times: 1})
    try {
      const snapshot = await readSnapshot(demo.client, {withMetrics: false})
      expect(snapshot.nodes.length).toBeGreaterThan(0)
      expect(demo.sandbox.faults.hits(fault)).toBe(1)
    } finally {
      demo.sandbox.faults.remove(fault)
    }
  })
})
