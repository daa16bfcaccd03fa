// The demo scenario's objects, built directly: the failures its header promises are in the data.
// Served by a sandbox, the demo is read by kubectl in test/sandbox/kubectl-oracle.test.ts and others.
import {describe, expect, it} from 'vitest'
import {demoScenario} from '../../../src/sandbox/scenarios/demo.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const NOW = Date.parse('2026-03-01T12:00:00Z')
const scenario = demoScenario({now: NOW})
const objects = scenario.objects as Json[]
const of = (kind: string) => objects.filter((o) => o.kind === kind)
const podNamed = (namespace: string, prefix: string) => of('Pod').find((p) => p.metadata.namespace === namespace && p.metadata.name.startsWith(prefix))
const waiting = (p: Json) => p.status.containerStatuses.map((cs: Json) => cs.state.waiting?.reason).filter(Boolean)

describe('demoScenario', () => {
  it('is a four-node cluster: a control plane and three workers, worker-3 NotReady', () => {
    expect(of('Node').map((n) => n.metadata.name)).toEqual(['cp-1', 'worker-1', 'worker-2', 'worker-3'])
    const ready = (name: string) => of('Node').find((n) => n.metadata.name === name).status.conditions.find((c: Json) => c.type === 'Ready')
    expect(ready('worker-1').status).toBe('True')
    expect(ready('worker-3').status).not.toBe('True')
  })

  it('has the failures it is made to show', () => {
    expect(podNamed('analytics', 'report-generator-').status.phase).toBe('Pending')
    expect(podNamed('analytics', 'report-generator-').status.conditions.find((c: Json) => c.type === 'PodScheduled')).toMatchObject({status: 'False', reason: 'Unschedulable'})
    expect(waiting(podNamed('shop', 'checkout-'))).toContain('CrashLoopBackOff')
    expect(waiting(podNamed('payments', 'payment-gateway-'))).toContain('ImagePullBackOff')
    expect(podNamed('payments', 'ledger-worker-').status.containerStatuses[0].lastState.terminated.reason).toBe('OOMKilled')
    const cart = podNamed('shop', 'cart-')
    expect(cart.status.phase).toBe('Running')
    expect(cart.status.containerStatuses.some((cs: Json) => cs.ready === false)).toBe(true)
  })

  it('dates everything back from its reference time, with unique uids', () => {
    const stamps = objects.map((o) => o.metadata?.creationTimestamp).filter(Boolean)
    expect(stamps.every((t: string) => Date.parse(t) <= NOW)).toBe(true)
    const uids = objects.map((o) => o.metadata?.uid).filter(Boolean)
    expect(new Set(uids).size).toBe(uids.length)
  })

  it('serves node and pod metrics unless asked not to (none for NotReady worker-3)', () => {
    expect(scenario.metrics).toBe(true)
    expect(of('NodeMetrics').map((m) => m.metadata.name)).toEqual(['cp-1', 'worker-1', 'worker-2'])
    expect(of('PodMetrics').length).toBeGreaterThan(0)
    const without = demoScenario({now: NOW, metrics: false})
    expect(without.metrics).toBe(false)
    expect(without.objects.filter((o: KubeObject) => o.kind === 'NodeMetrics' || o.kind === 'PodMetrics')).toEqual([])
  })
})
