// A `capacity show` result built by hand, for the table and -o json tests: two nodes (one cordoned
// and tainted), three pods, usage on one node only.
import type {NodeRecord, PodRecord} from '../../src/capacity/cluster.js'
import type {ResourceAmounts} from '../../src/capacity/model.js'
import {parseQuantity} from '../../src/capacity/quantity.js'
import type {ShowResult} from '../../src/capacity/show.js'

export const q = (text: string) => parseQuantity(text).nanos
export const amounts = (values: Record<string, string>): ResourceAmounts => Object.fromEntries(Object.entries(values).map(([resource, text]) => [resource, q(text)]))

const web: PodRecord = {
  namespace: 'shop',
  name: 'web-7d4b9c8f6d-x2k4p',
  node: 'worker-1',
  requests: amounts({cpu: '1', memory: '2Gi'}),
  limits: amounts({cpu: '2', memory: '4Gi'}),
  usage: amounts({cpu: '600m', memory: '1536Mi'}),
  containers: [
    {name: 'app', init: false, requests: amounts({cpu: '1', memory: '2Gi'}), limits: amounts({cpu: '2', memory: '4Gi'}), usage: amounts({cpu: '600m', memory: '1536Mi'})},
    {name: 'migrate', init: true, requests: amounts({cpu: '500m'}), limits: {}},
  ],
}
const dns: PodRecord = {namespace: 'kube-system', name: 'coredns-5d78c9869d-9xq2w', node: 'worker-1', requests: amounts({cpu: '500m', memory: '1Gi'}), limits: amounts({cpu: '1', memory: '2Gi'}), usage: amounts({cpu: '200m', memory: '512Mi'})}
const db: PodRecord = {namespace: 'shop', name: 'postgres-0', node: 'worker-2', requests: amounts({cpu: '2', memory: '8Gi'}), limits: amounts({memory: '8Gi'})}

export function showResult(overrides: Partial<ShowResult> = {}): ShowResult {
  const nodes: NodeRecord[] = [
    {
      name: 'worker-1',
      labels: {'topology.kubernetes.io/zone': 'eu-central-1a', 'kubernetes.io/os': 'linux'},
      capacity: amounts({cpu: '4', memory: '16Gi', pods: '110'}),
      allocatable: amounts({cpu: '4', memory: '16Gi', pods: '110'}),
      unschedulable: false,
      taints: [],
      requests: amounts({cpu: '1.5', memory: '3Gi'}),
      limits: amounts({cpu: '3', memory: '6Gi'}),
      usage: amounts({cpu: '800m', memory: '2Gi'}),
      pods: 2,
      allRequests: amounts({cpu: '1.5', memory: '3Gi'}),
      allPods: 2,
      podList: [web, dns],
    },
    {
      name: 'worker-2',
      labels: {'kubernetes.io/os': 'linux'},
      capacity: amounts({cpu: '8', memory: '32Gi', pods: '110'}),
      allocatable: amounts({cpu: '8', memory: '32Gi', pods: '110'}),
      unschedulable: true,
      taints: ['dedicated'],
      allTaints: [{key: 'dedicated', value: 'db', effect: 'NoSchedule'}],
      requests: amounts({cpu: '2', memory: '8Gi'}),
      limits: amounts({memory: '8Gi'}),
      pods: 1,
      allRequests: amounts({cpu: '2', memory: '8Gi'}),
      allPods: 1,
      podList: [db],
    },
  ]
  return {
    context: 'prod',
    resources: ['cpu', 'memory'],
    nodes,
    groupBy: 'node',
    filters: {namespace: null, nodeLabels: null, podLabels: null, namespaceLabels: null, nodeTaints: [], noTaint: false, resourceNames: []},
    unmatchedResources: [],
    total: {allocatable: amounts({cpu: '12', memory: '48Gi', pods: '220'}), requests: amounts({cpu: '3.5', memory: '11Gi'}), limits: amounts({cpu: '3', memory: '14Gi'}), usage: amounts({cpu: '800m', memory: '2Gi'}), pods: 3, podCapacity: 220},
    unscheduled: {pods: 0, requests: {}},
    metrics: {served: true},
    headroom: {lostNode: 'worker-2', free: amounts({cpu: '500m', memory: '5Gi'}), absorbed: true, excluded: ['worker-2']},
    ...overrides,
  }
}

/** The same pods grouped by namespace, as -g namespace shows them. */
export function byNamespace(): ShowResult {
  const base = showResult()
  const [web, dns] = base.nodes[0]!.podList!
  const db = base.nodes[1]!.podList![0]!
  return {
    ...base,
    groupBy: 'namespace',
    namespaces: [
      {name: 'shop', requests: amounts({cpu: '3', memory: '10Gi'}), limits: amounts({cpu: '2', memory: '12Gi'}), usage: amounts({cpu: '600m', memory: '1536Mi'}), pods: 2, podList: [web!, db]},
      {name: 'kube-system', requests: amounts({cpu: '500m', memory: '1Gi'}), limits: amounts({cpu: '1', memory: '2Gi'}), pods: 1, podList: [dns!]},
    ],
  }
}
