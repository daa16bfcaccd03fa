// The spare-capacity rule on a packed layout: after losing the fullest node (or a zone's share),
// do its pods fit on the free space left, without moving the pods already running?
import {describe, expect, it} from 'vitest'
import {checkLoss, extraNodesForLoss} from '../../src/capacity/failures.js'
import {packPods, type PodShape} from '../../src/capacity/packing.js'
import {parseQuantity} from '../../src/capacity/quantity.js'

const q = (text: string) => parseQuantity(text).nanos

/** Pods of `cpu`/`memory` on nodes with `nodeCpu`/`nodeMemory` free for workloads and `podSlots` slots. */
function layout(shapes: Array<{name: string; cpu: string; memory: string; count: number}>, node: {cpu: string; memory: string; podSlots?: number}) {
  const podShapes: PodShape[] = shapes.map((shape) => ({name: shape.name, requests: {cpu: q(shape.cpu), memory: q(shape.memory)}, count: shape.count}))
  const nodeFree = {cpu: q(node.cpu), memory: q(node.memory)}
  const podSlots = node.podSlots ?? 110
  return {packing: packPods({shapes: podShapes, nodeFree, podSlots}), shapes: podShapes, nodeFree, podSlots}
}

// The research's worked example: 40 pods of 2 cores on nodes with 14.5 cores free hold 7 each: 6 nodes.
const worked = () => layout([{name: 'api', cpu: '2', memory: '4Gi', count: 40}], {cpu: '14.5', memory: '56Gi'})

describe('checkLoss', () => {
  it('6 nodes of 7 pods do not absorb a lost node: 2 of its 7 pods fit on the other 5, 35 slots for 40 pods', () => {
    const l = worked()
    expect(l.packing.nodes).toBe(6)
    expect(checkLoss(l, 6, 1)).toEqual({lost: 1, left: 5, evicted: 7, replaced: 2, absorbed: false, slotsLeft: 35, pods: 40})
  })

  it('a seventh, empty node absorbs it', () => {
    expect(checkLoss(worked(), 7, 1)).toEqual({lost: 1, left: 6, evicted: 7, replaced: 7, absorbed: true, slotsLeft: 42, pods: 40})
  })

  it('losing a zone (3 of 9 nodes) takes the 3 fullest', () => {
    expect(checkLoss(worked(), 9, 3)).toMatchObject({lost: 3, left: 6, evicted: 21, replaced: 21, absorbed: true})
    expect(checkLoss(worked(), 8, 3)).toMatchObject({evicted: 21, absorbed: false})
  })

  it('several shapes: the lost node\'s pods are re-placed largest first, and no slot figure is given', () => {
    const l = layout(
      [
        {name: 'db', cpu: '6', memory: '24Gi', count: 3},
        {name: 'web', cpu: '500m', memory: '512Mi', count: 20},
      ],
      {cpu: '8', memory: '32Gi'},
    )
    const check = checkLoss(l, l.packing.nodes + 1, 1)
    expect(check.slotsLeft).toBeUndefined()
    expect(check.pods).toBe(23)
    expect(check.absorbed).toBe(true)
  })

  it('pod slots bind as resources do', () => {
    const l = layout([{name: 'tiny', cpu: '10m', memory: '16Mi', count: 30}], {cpu: '16', memory: '64Gi', podSlots: 10})
    expect(l.packing.nodes).toBe(3)
    expect(checkLoss(l, 3, 1)).toMatchObject({evicted: 10, replaced: 0, absorbed: false, slotsLeft: 20})
    expect(checkLoss(l, 4, 1)).toMatchObject({replaced: 10, absorbed: true})
  })

  it('limits: losing every node never absorbs pods; with no pods there is nothing to absorb', () => {
    expect(checkLoss(worked(), 6, 6)).toMatchObject({left: 0, evicted: 40, replaced: 0, absorbed: false})
    expect(checkLoss(worked(), 6, 10)).toMatchObject({lost: 10, left: 0, evicted: 40, absorbed: false})
    const empty = layout([], {cpu: '8', memory: '32Gi'})
    expect(checkLoss(empty, 1, 1)).toMatchObject({evicted: 0, replaced: 0, absorbed: true, pods: 0})
  })

  it('does not change the layout it checks', () => {
    const l = worked()
    const before = JSON.stringify(l.packing.groups.map((g) => ({...g, contents: [...g.contents]})), (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))
    checkLoss(l, 6, 2)
    expect(JSON.stringify(l.packing.groups.map((g) => ({...g, contents: [...g.contents]})), (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))).toBe(before)
  })
})

describe('extraNodesForLoss', () => {
  it('the fewest extra nodes that absorb the loss: 1 for the worked example, 0 when it is absorbed already', () => {
    expect(extraNodesForLoss(worked(), 6, () => 1)).toBe(1)
    expect(extraNodesForLoss(worked(), 7, () => 1)).toBe(0)
  })

  it('a loss that grows with the nodes (a third of them, as with 3 zones)', () => {
    const third = (nodes: number) => Math.ceil(nodes / 3)
    const extra = extraNodesForLoss(worked(), 6, third)!
    expect(checkLoss(worked(), 6 + extra, third(6 + extra)).absorbed).toBe(true)
    expect(checkLoss(worked(), 6 + extra - 1, third(6 + extra - 1)).absorbed).toBe(false)
  })

  it('undefined when no count up to the limit absorbs it', () => {
    expect(extraNodesForLoss(worked(), 6, (nodes) => nodes, 50)).toBeUndefined()
  })
})
