// The table of `capacity show` (text, tsv, csv): kube-capacity's columns, rows per node (with
// pods and containers) or per namespace, shares of the node's or the shown nodes' allocatable.
import {describe, expect, it} from 'vitest'
import {showColumns, showDelimited, showRows, type ShowPrintOptions} from '../../src/capacity/show-table.js'
import {painter} from '../../src/print/colour.js'
import {byNamespace, showResult} from './show-result.js'

const print: ShowPrintOptions = {labelColumns: [], withPods: false, paint: painter(false)}
const table = (result = showResult(), options: Partial<ShowPrintOptions> = {}) => {
  const columns = showColumns(result, {...print, ...options})
  return showRows(result, {...print, ...options}).map((row) => columns.map((column) => column.value(row)))
}
const headers = (result = showResult(), options: Partial<ShowPrintOptions> = {}) => showColumns(result, {...print, ...options}).map((column) => column.header)

describe('showColumns', () => {
  it('kube-capacity\'s order: names, label columns, then per resource requests, limits, allocatable; pod count last', () => {
    expect(headers(showResult(), {labelColumns: ['topology.kubernetes.io/zone']})).toEqual([
      'node', 'zone', 'cpu requests', 'cpu limits', 'cpu allocatable', 'memory requests', 'memory limits', 'memory allocatable', 'pod count',
    ])
  })

  it('--pods adds namespace and pod, --containers a container column; -g namespace leads with the namespace', () => {
    expect(headers(showResult(), {withPods: true}).slice(0, 3)).toEqual(['node', 'namespace', 'pod'])
    expect(headers(showResult(), {withContainers: true}).slice(0, 4)).toEqual(['node', 'namespace', 'pod', 'container'])
    expect(headers(byNamespace(), {withPods: true}).slice(0, 3)).toEqual(['namespace', 'node', 'pod'])
  })

  it('--util adds cpu and memory util only when metrics are served; --available drops allocatable', () => {
    expect(headers(showResult(), {withUtil: true})).toEqual(['node', 'cpu requests', 'cpu limits', 'cpu util', 'cpu allocatable', 'memory requests', 'memory limits', 'memory util', 'memory allocatable', 'pod count'])
    expect(headers(showResult({metrics: {served: false, reason: 'metrics.k8s.io is not served'}}), {withUtil: true})).not.toContain('cpu util')
    expect(headers(showResult(), {available: true})).toEqual(['node', 'cpu requests', 'cpu limits', 'memory requests', 'memory limits', 'pod count'])
  })

  it('names nvidia.com/gpu gpu, and any other resource by its name', () => {
    expect(headers(showResult({resources: ['cpu', 'nvidia.com/gpu', 'ephemeral-storage']}))).toEqual([
      'node', 'cpu requests', 'cpu limits', 'cpu allocatable', 'gpu requests', 'gpu limits', 'gpu allocatable', 'ephemeral-storage requests', 'ephemeral-storage limits', 'ephemeral-storage allocatable', 'pod count',
    ])
  })
})

describe('showRows', () => {
  it('the * total first, then each node: amounts with their share of the node\'s allocatable, whole percents, pods of capacity', () => {
    expect(table()).toEqual([
      ['*', '3.5 (29%)', '3 (25%)', '12', '11Gi (22%)', '14Gi (29%)', '48Gi', '3/220'],
      ['worker-1', '1.5 (37%)', '3 (75%)', '4', '3Gi (18%)', '6Gi (37%)', '16Gi', '2/110'],
      ['worker-2', '2 (25%)', '0 (0%)', '8', '8Gi (25%)', '8Gi (25%)', '32Gi', '1/110'],
    ])
  })

  it('--pods and --containers: each pod under its node, its containers under it, init containers marked', () => {
    const rows = table(showResult(), {withContainers: true, withUtil: true})
    expect(rows.map((row) => row.slice(0, 4))).toEqual([
      ['*', '*', '*', '*'],
      ['worker-1', '*', '*', '*'],
      ['worker-1', 'shop', 'web-7d4b9c8f6d-x2k4p', '*'],
      ['worker-1', 'shop', 'web-7d4b9c8f6d-x2k4p', 'app'],
      ['worker-1', 'shop', 'web-7d4b9c8f6d-x2k4p', 'migrate (init)'],
      ['worker-1', 'kube-system', 'coredns-5d78c9869d-9xq2w', '*'],
      ['worker-2', '*', '*', '*'],
      ['worker-2', 'shop', 'postgres-0', '*'],
    ])
    // a pod's share is of its node; util without usage is "-"; pods have no pod count
    expect(rows[2]!.slice(4)).toEqual(['1 (25%)', '2 (50%)', '0.6 (15%)', '4', '2Gi (12%)', '4Gi (25%)', '1.5Gi (9%)', '16Gi', ''])
    expect(rows[7]![6]).toBe('-')
  })

  it('--available: what is left of the allocatable, per cell', () => {
    expect(table(showResult(), {available: true})[1]).toEqual(['worker-1', '2.5/4', '1/4', '13Gi/16Gi', '10Gi/16Gi', '2/110'])
  })

  it('-g namespace: each namespace against the nodes shown, no allocatable; -a shows amounts for namespaces and their pods', () => {
    expect(table(byNamespace())).toEqual([
      ['*', '3.5 (29%)', '3 (25%)', '12', '11Gi (22%)', '14Gi (29%)', '48Gi', '3/220'],
      ['shop', '3 (25%)', '2 (16%)', '-', '10Gi (20%)', '12Gi (25%)', '-', '2'],
      ['kube-system', '0.5 (4%)', '1 (8%)', '-', '1Gi (2%)', '2Gi (4%)', '-', '1'],
    ])
    const available = table(byNamespace(), {available: true, withPods: true, labelColumns: ['topology.kubernetes.io/zone']})
    expect(available[1]).toEqual(['shop', '*', '*', '', '3', '2', '10Gi', '12Gi', '2'])
    // a pod row carries its node's labels
    expect(available[2]).toEqual(['shop', 'worker-1', 'web-7d4b9c8f6d-x2k4p', 'eu-central-1a', '1', '2', '2Gi', '4Gi', ''])
  })

  it('no nodes: only the * row', () => {
    const empty = showResult({nodes: [], total: {allocatable: {}, requests: {}, limits: {}, pods: 0, podCapacity: 0}})
    expect(table(empty)).toEqual([['*', '0', '0', '-', '0', '0', '-', '0/0']])
  })
})

describe('showDelimited', () => {
  it('tsv: upper-case headers, one row per line, the same cells as the table', () => {
    const tsv = showDelimited(showResult(), print, '\t')
    expect(tsv.split('\n')).toEqual([
      'NODE\tCPU REQUESTS\tCPU LIMITS\tCPU ALLOCATABLE\tMEMORY REQUESTS\tMEMORY LIMITS\tMEMORY ALLOCATABLE\tPOD COUNT',
      '*\t3.5 (29%)\t3 (25%)\t12\t11Gi (22%)\t14Gi (29%)\t48Gi\t3/220',
      'worker-1\t1.5 (37%)\t3 (75%)\t4\t3Gi (18%)\t6Gi (37%)\t16Gi\t2/110',
      'worker-2\t2 (25%)\t0 (0%)\t8\t8Gi (25%)\t8Gi (25%)\t32Gi\t1/110',
      '',
    ])
  })

  it('csv quotes a cell with a comma or a quote; tsv turns a tab in a cell into a space', () => {
    const result = showResult()
    result.nodes[0]!.labels.team = 'web, "edge"'
    result.nodes[1]!.labels.team = 'db\tstorage'
    const csv = showDelimited(result, {...print, labelColumns: ['team']}, ',').split('\n')
    expect(csv[2]).toBe('worker-1,"web, ""edge""",1.5 (37%),3 (75%),4,3Gi (18%),6Gi (37%),16Gi,2/110')
    expect(showDelimited(result, {...print, labelColumns: ['team']}, '\t').split('\n')[3]!.split('\t').slice(0, 2)).toEqual(['worker-2', 'db storage'])
  })
})
