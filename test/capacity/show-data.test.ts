// `capacity show -o json|yaml`: the documented schema. Keys are only ever added; a filter that
// leaves nothing gives empty lists and nulls, never missing keys. (test/capacity/show.test.ts
// checks the same schema on the sandbox's demo cluster.)
import {describe, expect, it} from 'vitest'
import {showData} from '../../src/capacity/show-data.js'
import {byNamespace, showResult} from './show-result.js'

const GiB = 1024 ** 3

describe('showData', () => {
  it('the whole document for a node view: cores as numbers, bytes as whole numbers, filters echoed', () => {
    const data = showData(showResult(), ['topology.kubernetes.io/zone'], false)
    expect(data).toEqual({
      context: 'prod',
      groupBy: 'node',
      filters: {namespace: null, nodeLabels: null, podLabels: null, namespaceLabels: null, nodeTaints: [], noTaint: false, resourceNames: []},
      noNodes: null,
      resources: ['cpu', 'memory'],
      metrics: {served: true},
      total: {allocatable: {cpu: 12, memory: 48 * GiB, pods: 220}, requests: {cpu: 3.5, memory: 11 * GiB}, limits: {cpu: 3, memory: 14 * GiB}, usage: {cpu: 0.8, memory: 2 * GiB}, pods: 3, podCapacity: 220},
      unscheduled: {pods: 0, requests: {}},
      headroom: {lostNode: 'worker-2', free: {cpu: 0.5, memory: 5 * GiB}, absorbed: true, excluded: ['worker-2']},
      nodes: [
        {
          name: 'worker-1',
          labels: {'topology.kubernetes.io/zone': 'eu-central-1a'},
          unschedulable: false,
          taints: [],
          allTaints: [],
          allocatable: {cpu: 4, memory: 16 * GiB, pods: 110},
          requests: {cpu: 1.5, memory: 3 * GiB},
          limits: {cpu: 3, memory: 6 * GiB},
          usage: {cpu: 0.8, memory: 2 * GiB},
          pods: 2,
          allPods: 2,
          allRequests: {cpu: 1.5, memory: 3 * GiB},
        },
        {
          name: 'worker-2',
          labels: {},
          unschedulable: true,
          taints: ['dedicated'],
          allTaints: ['dedicated=db:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule'],
          allocatable: {cpu: 8, memory: 32 * GiB, pods: 110},
          requests: {cpu: 2, memory: 8 * GiB},
          limits: {memory: 8 * GiB},
          pods: 1,
          allPods: 1,
          allRequests: {cpu: 2, memory: 8 * GiB},
        },
      ],
    })
  })

  it('with pods: each node\'s podList, pods without their node, containers with init marked, usage only where measured', () => {
    const [worker1, worker2] = showData(showResult(), []).nodes
    expect(worker1!.podList).toEqual([
      {
        namespace: 'shop',
        name: 'web-7d4b9c8f6d-x2k4p',
        requests: {cpu: 1, memory: 2 * GiB},
        limits: {cpu: 2, memory: 4 * GiB},
        usage: {cpu: 0.6, memory: 1.5 * GiB},
        containers: [
          {name: 'app', init: false, requests: {cpu: 1, memory: 2 * GiB}, limits: {cpu: 2, memory: 4 * GiB}, usage: {cpu: 0.6, memory: 1.5 * GiB}},
          {name: 'migrate', init: true, requests: {cpu: 0.5}, limits: {}},
        ],
      },
      {namespace: 'kube-system', name: 'coredns-5d78c9869d-9xq2w', requests: {cpu: 0.5, memory: GiB}, limits: {cpu: 1, memory: 2 * GiB}, usage: {cpu: 0.2, memory: 0.5 * GiB}},
    ])
    expect(worker2!.podList).toEqual([{namespace: 'shop', name: 'postgres-0', requests: {cpu: 2, memory: 8 * GiB}, limits: {memory: 8 * GiB}}])
    expect(worker2).not.toHaveProperty('usage')
  })

  it('-g namespace: namespaces with their pods and each pod\'s node; without pods, no podList anywhere', () => {
    const data = showData(byNamespace(), [])
    expect(data.groupBy).toBe('namespace')
    expect(data.namespaces!.map((group) => [group.name, group.pods, group.podList!.map((pod) => `${pod.name}@${pod.node}`)])).toEqual([
      ['shop', 2, ['web-7d4b9c8f6d-x2k4p@worker-1', 'postgres-0@worker-2']],
      ['kube-system', 1, ['coredns-5d78c9869d-9xq2w@worker-1']],
    ])
    expect(data.namespaces![1]).not.toHaveProperty('usage')
    const lean = showData(byNamespace(), [], false)
    expect(lean.namespaces!.every((group) => !('podList' in group))).toBe(true)
    expect(lean.nodes.every((node) => !('podList' in node))).toBe(true)
  })

  it('a filter that leaves nothing: empty lists, zero totals and nulls, never missing keys', () => {
    const empty = showResult({nodes: [], noNodes: 'no node matches the node label selector "pool=gpu"', total: {allocatable: {}, requests: {}, limits: {}, pods: 0, podCapacity: 0}, headroom: {free: {}, absorbed: true, excluded: []}})
    const data = showData(empty, ['pool'])
    expect(data).toMatchObject({noNodes: 'no node matches the node label selector "pool=gpu"', nodes: [], total: {allocatable: {}, pods: 0, podCapacity: 0}, headroom: {lostNode: null, free: {}}})
    expect(data.total).not.toHaveProperty('usage')
    expect(Object.keys(data)).toEqual(['context', 'groupBy', 'filters', 'noNodes', 'resources', 'metrics', 'total', 'unscheduled', 'headroom', 'nodes'])
  })

  it('metrics that are not served say why; a plan check is added when there is one', () => {
    const data = showData(showResult({metrics: {served: false, reason: 'the metrics.k8s.io API is not served (no metrics-server)'}, planCheck: {pods: 40, placed: 35, unplaced: [{name: 'api', count: 5}], daemonSetsFit: true, fits: false}}), [])
    expect(data.metrics).toEqual({served: false, reason: 'the metrics.k8s.io API is not served (no metrics-server)'})
    expect(data.planCheck).toEqual({pods: 40, placed: 35, unplaced: [{name: 'api', count: 5}], daemonSetsFit: true, fits: false})
  })
})
