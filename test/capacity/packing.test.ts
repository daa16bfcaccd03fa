import {describe, expect, it} from 'vitest'
import type {ResourceAmounts} from '../../src/capacity/model.js'
import {fitCount, packPods, placeOnNodes} from '../../src/capacity/packing.js'
import type {PodShape} from '../../src/capacity/packing.js'

const G = 1_000_000_000n

/** The plain first-fit decreasing the grouped version must agree with: one node at a time. */
function naivePack(shapes: PodShape[], free: ResourceAmounts, slots: number): number {
  const nodes: Array<{free: ResourceAmounts; slots: number}> = []
  const share = (s: PodShape) => Math.max(1 / slots, ...Object.entries(s.requests).map(([r, v]) => Number(v) / Number(free[r]!)))
  for (const shape of [...shapes].sort((a, b) => share(b) - share(a))) {
    for (let n = 0; n < shape.count; n++) {
      const fits = (node: {free: ResourceAmounts; slots: number}) => node.slots > 0 && Object.entries(shape.requests).every(([r, v]) => node.free[r]! >= v)
      let node = nodes.find(fits)
      if (!node) {
        node = {free: {...free}, slots}
        nodes.push(node)
      }
      for (const [r, v] of Object.entries(shape.requests)) node.free[r]! -= v
      node.slots--
    }
  }
  return nodes.length
}

describe('packPods', () => {
  it('packs whole pods: 40 pods of 2 cores on 15.89-core nodes → 7 per node, 6 nodes', () => {
    const result = packPods({shapes: [{name: 'svc', requests: {cpu: 2n * G, memory: 4n * 2n ** 30n * G}, count: 40}], nodeFree: {cpu: 15_890_000_000n, memory: 58n * 2n ** 30n * G}, podSlots: 110})
    expect(result).toMatchObject({nodes: 6, podsPerNode: 7})
    expect(result.fits[0]).toMatchObject({perNode: 7, binding: ['cpu'], limits: {cpu: 7, memory: 14, pods: 110}})
  })

  it('agrees with one-node-at-a-time first-fit decreasing on random mixes', () => {
    let seed = 42
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    for (let round = 0; round < 200; round++) {
      const shapes: PodShape[] = Array.from({length: 1 + random(5)}, (_, i) => ({
        name: `s${i}`,
        requests: {cpu: BigInt(1 + random(8)) * 250_000_000n, memory: BigInt(1 + random(16)) * 256n * G},
        count: 1 + random(30),
      }))
      const free = {cpu: 8n * G, memory: 8192n * G}
      const slots = 3 + random(20)
      expect(packPods({shapes, nodeFree: free, podSlots: slots}).nodes, JSON.stringify({shapes: shapes.map((s) => [String(s.requests.cpu), String(s.requests.memory), s.count]), slots})).toBe(naivePack(shapes, free, slots))
    }
  })

  it('reports a pod that fits nowhere', () => {
    const result = packPods({shapes: [{name: 'gpu', requests: {'nvidia.com/gpu': G}, count: 1}], nodeFree: {cpu: G}, podSlots: 10})
    expect(result.unplaceable).toEqual([{name: 'gpu', resource: 'nvidia.com/gpu', request: G, free: 0n, count: 1}])
  })

  it('fitCount names the binding resource', () => {
    expect(fitCount({cpu: G, memory: G}, {cpu: 10n * G, memory: 3n * G}, 110)).toMatchObject({fit: 3, binding: ['memory']})
    expect(fitCount({}, {cpu: G}, 5)).toMatchObject({fit: 5, binding: ['pods']})
  })

  it('placeOnNodes fills live free space and returns what is left', () => {
    const result = placeOnNodes([{name: 'a', requests: {cpu: 2n * G}, count: 5}], [{free: {cpu: 5n * G}, slots: 10}, {free: {cpu: 3n * G}, slots: 10}])
    expect(result).toEqual({placed: 3, unplaced: [{name: 'a', count: 2}]})
  })
})

describe('ties', () => {
  it('names every resource that binds at once, and an unplaceable tie by its first resource', () => {
    expect(fitCount({cpu: 2n * G, memory: 2n * G}, {cpu: 6n * G, memory: 6n * G}, 110).binding).toEqual(['cpu', 'memory'])
    const result = packPods({shapes: [{name: 'x', requests: {cpu: 8n * G, memory: 8n * G}, count: 1}], nodeFree: {cpu: 4n * G, memory: 4n * G}, podSlots: 10})
    expect(result.unplaceable[0]).toMatchObject({resource: 'cpu', request: 8n * G, free: 4n * G})
  })
})
