import {describe, expect, it} from 'vitest'
import type {ClusterSnapshot, NodeRecord} from '../../../src/capacity/cluster.js'
import {nodeUsageByName, nodeUsageColumns, percentText, withNodeUsage} from '../../../src/ui/dash/node-usage.js'
import type {ObjectRow} from '../../../src/ui/dash/kinds.js'

const nano = 1_000_000_000n
const gi = 1024n * 1024n * 1024n * nano

function node(name: string, extra: Partial<NodeRecord> = {}): NodeRecord {
  return {
    name,
    labels: {},
    capacity: {},
    allocatable: {cpu: 4n * nano, memory: 16n * gi, pods: 110n * nano},
    unschedulable: false,
    taints: [],
    requests: {},
    limits: {},
    pods: 0,
    allRequests: {cpu: 1n * nano, memory: 4n * gi},
    allPods: 7,
    ...extra,
  }
}

describe('node list capacity columns', () => {
  it('requests of every pod and utilisation against allocatable, as whole percentages', () => {
    const snapshot: ClusterSnapshot = {context: 'c', nodes: [node('a', {usage: {cpu: 2n * nano, memory: 8n * gi}}), node('b')], unscheduled: {pods: 0, requests: {}}, metrics: {served: true}}
    const usage = nodeUsageByName(snapshot)
    expect(nodeUsageColumns).toEqual(['CPU REQ', 'MEM REQ', 'CPU USE', 'MEM USE', 'PODS'])
    expect(usage.get('a')).toEqual(['25%', '25%', '50%', '50%', '7/110'])
    // No metrics for b: utilisation is unknown, not 0.
    expect(usage.get('b')).toEqual(['25%', '25%', '-', '-', '7/110'])
    expect(percentText(1n, 0n)).toBe('-')
  })

  it('fills the blank cells of the node rows; a node the snapshot lacks (or no snapshot) shows ?', () => {
    const rows: ObjectRow[] = [{key: '/a', namespace: '', name: 'a', cells: ['Ready', 'v1.32', '5d', '…', '…', '…', '…', '…'], failing: false}]
    expect(withNodeUsage(rows, new Map([['a', ['1%', '2%', '3%', '4%', '5/110']]]))[0]!.cells).toEqual(['Ready', 'v1.32', '5d', '1%', '2%', '3%', '4%', '5/110'])
    expect(withNodeUsage(rows, undefined)[0]!.cells.slice(3)).toEqual(['?', '?', '?', '?', '?'])
  })
})
