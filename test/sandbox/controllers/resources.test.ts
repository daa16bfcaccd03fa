import {describe, expect, it} from 'vitest'
import {nodeAllocatable, podRequests, quantityIn} from '../../../src/sandbox/controllers/resources.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

const pod = (spec: Record<string, unknown>): KubeObject => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec})
const container = (resources: Record<string, Record<string, string>>) => ({name: 'c', image: 'i', resources})

describe('quantityIn', () => {
  it('converts quantities to whole units, and gives undefined for absent or bad values', () => {
    expect(quantityIn('250m', 1_000_000n)).toBe(250n)
    expect(quantityIn('2', 1_000_000n)).toBe(2000n)
    expect(quantityIn('1Gi', 1_000_000_000n)).toBe(1_073_741_824n)
    expect(quantityIn(3, 1_000_000_000n)).toBe(3n)
    expect(quantityIn(undefined, 1n)).toBeUndefined()
    expect(quantityIn('lots', 1n)).toBeUndefined()
  })
})

describe('podRequests', () => {
  it('adds up containers, taking limits where requests are unset', () => {
    const requests = podRequests(pod({containers: [container({requests: {cpu: '100m', memory: '64Mi'}}), container({limits: {cpu: '1', memory: '1Gi'}}), container({})]}))
    expect(requests).toEqual({cpu: 1100, memory: 64 * 2 ** 20 + 2 ** 30})
  })

  it('takes the largest init container as a floor', () => {
    const spec = {containers: [container({requests: {cpu: '100m', memory: '1Gi'}})], initContainers: [container({requests: {cpu: '2', memory: '10Mi'}})]}
    expect(podRequests(pod(spec))).toEqual({cpu: 2000, memory: 2 ** 30})
  })

  it('is zero for a pod without a spec', () => {
    expect(podRequests({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}})).toEqual({cpu: 0, memory: 0})
  })
})

describe('nodeAllocatable', () => {
  it("reads a node's allocatable, 110 pods when unset", () => {
    const node: KubeObject = {apiVersion: 'v1', kind: 'Node', metadata: {name: 'n'}, status: {allocatable: {cpu: '3920m', memory: '15Gi'}}}
    expect(nodeAllocatable(node)).toEqual({cpu: 3920, memory: 15 * 2 ** 30, pods: 110})
    expect(nodeAllocatable({...node, status: {allocatable: {pods: '30'}}})).toEqual({cpu: 0, memory: 0, pods: 30})
  })
})
