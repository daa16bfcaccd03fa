// The scale scenario's other workloads built directly for a small layout; scale.test.ts reads them in a whole scale scenario.
import {describe, expect, it} from 'vitest'
import {Clock} from '../../../src/sandbox/scenarios/builders.js'
import {nodeIp, otherWorkloadPods, otherWorkloads, replicaOf} from '../../../src/sandbox/scenarios/scale-workloads.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

const clock = new Clock(Date.parse('2026-03-01T12:00:00Z'))

describe('nodeIp', () => {
  it('numbers nodes from 10.16.0.0 upwards', () => {
    expect(nodeIp(0)).toBe('10.16.0.0')
    expect(nodeIp(257)).toBe('10.16.1.1')
    expect(nodeIp(65536 + 2)).toBe('10.17.0.2')
  })
})

describe('otherWorkloads', () => {
  const nodeNames = ['node-0', 'node-1', 'node-2']
  const namespaces = ['team-0', 'team-1', 'team-2', 'team-3', 'team-4', 'team-5']
  const objects = otherWorkloads({clock, nodeNames, namespaces, frontPods: new Map()})
  const pods = objects.filter((o) => o.kind === 'Pod')

  it('has as many pods as otherWorkloadPods counts for the layout', () => {
    expect(otherWorkloadPods(3, 6)).toBe(2 * 3 + 3 * 6 + 2 + 3 + 2)
    expect(pods).toHaveLength(otherWorkloadPods(nodeNames.length, namespaces.length))
  })

  it('runs a kube-proxy and a fluent-bit pod on every node', () => {
    for (const daemon of ['kube-proxy', 'fluent-bit']) {
      const nodesOf = pods.filter((p) => p.metadata!.name!.startsWith(`${daemon}-`)).map((p) => (p.spec as {nodeName: string}).nodeName)
      expect(nodesOf.sort()).toEqual(nodeNames)
    }
  })

  it('gives every pod a unique uid and name within its namespace', () => {
    expect(new Set(pods.map((p) => p.metadata!.uid)).size).toBe(pods.length)
    expect(new Set(pods.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`)).size).toBe(pods.length)
  })
})

describe('replicaOf', () => {
  it('copies a pod under another name and node, with its own uid, container ids and addresses, sharing the rest', () => {
    const template: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'web-0', namespace: 'team-0', uid: 'u0', labels: {app: 'web'}},
      spec: {nodeName: 'node-0', containers: [{name: 'web', image: 'nginx'}]},
      status: {phase: 'Running', containerStatuses: [{name: 'web', ready: true, containerID: 'containerd://old'}], hostIP: '10.16.0.0', podIP: '100.64.0.1'},
    }
    const copy = replicaOf(template, {name: 'web-1', nodeName: 'node-1', hostIP: nodeIp(1), podIP: '100.64.0.2'}) as KubeObject & {status: Record<string, any>} // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(copy.metadata).toMatchObject({name: 'web-1', namespace: 'team-0', labels: {app: 'web'}})
    expect(copy.metadata!.uid).not.toBe('u0')
    expect((copy.spec as {nodeName: string}).nodeName).toBe('node-1')
    expect(copy.status).toMatchObject({phase: 'Running', hostIP: '10.16.0.1', hostIPs: [{ip: '10.16.0.1'}], podIP: '100.64.0.2', podIPs: [{ip: '100.64.0.2'}]})
    expect(copy.status.containerStatuses[0].containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/)
    expect((copy.spec as {containers: unknown}).containers).toBe((template.spec as {containers: unknown}).containers)
    expect(replicaOf(template, {name: 'web-2', nodeName: 'n', hostIP: '', podIP: '', labels: {app: 'web', extra: 'x'}}).metadata!.labels).toEqual({app: 'web', extra: 'x'})
  })
})
