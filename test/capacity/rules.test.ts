// The capacity issue's measured failures, one test each: what an SRE on ACK would check.
import {describe, expect, it} from 'vitest'
import {detectProvider} from '../../src/capacity/cluster.js'
import type {NodeRecord} from '../../src/capacity/cluster.js'
import {loadText} from '../../src/capacity/files.js'
import type {LoadedFiles} from '../../src/capacity/files.js'
import {buildPlanInput} from '../../src/capacity/inputs.js'
import type {PlanFlags} from '../../src/capacity/inputs.js'
import type {Workload} from '../../src/capacity/model.js'
import {checkNetwork} from '../../src/capacity/network.js'
import {podRequests} from '../../src/capacity/pod-requests.js'
import {parseQuantity} from '../../src/capacity/quantity.js'
import {planData, planText} from '../../src/capacity/report.js'
import {ackLegacyCpuReserved, reservationFor, terwayMaxPods} from '../../src/capacity/reservations.js'
import {planFailure, planFor} from '../../src/capacity/run.js'
import {painter} from '../../src/print/colour.js'

const q = (text: string) => parseQuantity(text).nanos
const seed: PlanFlags = {services: 18, replicas: 2, cpu: '2', memory: '4Gi', redundancy: '10%', 'node-cpu': '16', 'node-memory': '64Gi', reserved: 'gke'}
const plan = (flags: PlanFlags, files?: LoadedFiles) => planFor(buildPlanInput(flags, files))
const service = (name: string, cpu: string, replicas = 1): Workload => ({name, kind: 'Service', replicas, perNode: false, requests: {cpu: q(cpu), memory: q('1Gi')}, limits: {}, source: 't'})
const files = (workloads: Workload[]): LoadedFiles => ({workloads, settings: {}, sources: ['t'], warnings: []})
const load = (text: string): LoadedFiles => {
  const into: LoadedFiles = {workloads: [], settings: {}, sources: [], warnings: []}
  loadText(text, 'k8s.yaml', into)
  return into
}

describe('redundancy is a share of all pods', () => {
  it('20 services of slightly different sizes + 10% → 22 pods, as for identical ones', () => {
    const different = plan({'node-cpu': '16', 'node-memory': '64Gi', redundancy: '10%'}, files(Array.from({length: 20}, (_, i) => service(`s${i}`, `${1000 + i}m`))))
    expect(different.totals.podsWithRedundancy).toBe(22)
    // the two extra pods go to the largest shapes
    expect(different.shapes.filter((shape) => shape.count === 2).map((shape) => shape.name).sort()).toEqual(['s18', 's19'])
    const identical = plan({'node-cpu': '16', 'node-memory': '64Gi', redundancy: '10%'}, files(Array.from({length: 20}, (_, i) => service(`s${i}`, '1'))))
    expect(identical.totals.podsWithRedundancy).toBe(22)
  })

  it('--redundancy 10 is refused (it would be 1000%); 10% and 0.1 are the same', () => {
    expect(() => buildPlanInput({...seed, redundancy: '10'})).toThrow('--redundancy: "10" would be 1000%; write 10% for percent, or a fraction of at most 1 such as 0.1')
    expect(plan({...seed, redundancy: '0.1'}).totals.withRedundancy.cpu).toBe(q('79.2'))
  })
})

describe('pods that fit on no node', () => {
  it('a 6-core pod on 4-core nodes is named, left out of the count, and fails the command', () => {
    const result = plan({'node-cpu': '4', 'node-memory': '16Gi'}, files([service('big', '6', 2), service('small', '1', 4)]))
    const nodes = result.options[0]!
    expect(nodes.unplaceable.map((missing) => [missing.name, missing.count])).toEqual([['big', 2]])
    expect(nodes.count).toBe(2) // 4 small pods, 3 per 3.92-core node; not the 3 nodes "holding" 14 cores
    expect(planFailure(result)).toBe('2 pod(s) of big fit on no 4c/16Gi node (see Warnings); pick a larger node shape')
  })

  it('a shape with 0 pod slots plans no nodes instead of 38', () => {
    const result = plan({...seed, 'max-pods': 2, daemonset: ['cpu=100m,name=a', 'cpu=100m,name=b']})
    expect(result.options[0]!.podSlots).toBe(0)
    expect(result.options[0]!.count).toBe(0)
    expect(planFailure(result)).toContain('fit on no 16c/64Gi node')
  })

  it('--gpu 1 on nodes without GPUs is not a plan', () => {
    const result = plan({...seed, gpu: '1'})
    expect(result.options[0]!.unplaceable[0]).toMatchObject({resource: 'nvidia.com/gpu', count: 40})
    expect(planText(result, painter(false))).toContain('each needs 1 nvidia.com/gpu, a node offers 0 nvidia.com/gpu')
  })
})

describe('the spare-capacity rule (N−1)', () => {
  it('the worked example: 6 nodes do not absorb a lost node (35 slots for 40 pods); --spare-nodes 1 does', () => {
    // Research §3: 7 pods per node, 40 pods → 6 nodes; with one down, 5 × 7 = 35 < 40. The pinned
    // 6 (and 7 with a spare) stay, but 6 now carries the N−1 warning and the suggestion.
    const without = plan(seed).options[0]!
    expect(without.count).toBe(6)
    expect(without.failures.nodeLoss).toMatchObject({absorbed: false, slotsLeft: 35, pods: 40, evicted: 7})
    expect(without.failures.suggestedSpareNodes).toBe(1)
    expect(planText(plan(seed), painter(false))).toContain('N−1 not met: losing one node (the fullest): only 2 of its 7 pods fit on the other 5: 35 pod slots for 40 pods; --spare-nodes 1 absorbs it')
    const spare = plan({...seed, 'spare-nodes': 1}).options[0]!
    expect(spare.count).toBe(7)
    expect(spare.failures.nodeLoss.absorbed).toBe(true)
    expect(spare.failures.suggestedSpareNodes).toBeUndefined()
  })

  it('--max-loss 10% is not the N−1 rule: 70 pods on 10 nodes of 7 leave 63 slots', () => {
    const result = plan({...seed, services: 35, redundancy: '0%', 'max-loss': '10%'})
    const nodes = result.options[0]!
    expect(nodes.count).toBe(10)
    expect(nodes.failures.nodeLoss).toMatchObject({absorbed: false, slotsLeft: 63, pods: 70})
    expect(nodes.failures.suggestedSpareNodes).toBe(1)
    expect(planData(result).nodes.failures.nodeLoss.absorbed).toBe(false)
  })

  it('with zones, losing the fullest zone is checked too', () => {
    const nodes = plan({...seed, zones: 3}).options[0]!
    expect(nodes.count).toBe(9)
    expect(nodes.failures.zoneLoss).toMatchObject({lost: 3, absorbed: true})
  })
})

describe('ACK reservations and Terway', () => {
  it('ack-legacy: cpu 100m + 2.5% above 4 cores, memory tiers, split 50/50 (ACK doc: 4 cores → 3900m allocatable)', () => {
    expect(ackLegacyCpuReserved(q('4'))).toBe(q('100m'))
    expect(ackLegacyCpuReserved(q('32'))).toBe(q('800m'))
    const legacy = reservationFor('ack-legacy', {cpu: q('4'), memory: q('8Gi')}, 64)
    expect(legacy.kubeReserved.cpu! + legacy.systemReserved.cpu!).toBe(q('100m'))
    expect(legacy.kubeReserved.cpu).toBe(legacy.systemReserved.cpu)
    expect(legacy.kubeReserved.memory! + legacy.systemReserved.memory!).toBe(q('1.8Gi')) // 25% of 4Gi + 20% of 4Gi
  })

  it('ack ≥1.28: GKE cpu tiers, memory min(11Mi × max pods + 255Mi, 25%)', () => {
    const current = reservationFor('ack', {cpu: q('16'), memory: q('64Gi')}, 110)
    expect(current.kubeReserved.cpu! + current.systemReserved.cpu!).toBe(q('110m'))
    expect(current.kubeReserved.memory! + current.systemReserved.memory!).toBe(q('1465Mi'))
    const small = reservationFor('ack', {cpu: q('2'), memory: q('2Gi')}, 110)
    expect(small.kubeReserved.memory! + small.systemReserved.memory!).toBe(q('512Mi'))
    expect(current.eviction.memory).toBe(q('100Mi'))
  })

  it('Terway max pods: (ENIs − 1) × IPs per ENI + host-network pods, and no pod CIDR', () => {
    expect(terwayMaxPods({enis: 8, ipsPerEni: 30})).toBe(210) // ecs.g7.4xlarge, ACK docs
    const input = buildPlanInput({...seed, reserved: 'ack', 'terway-enis': 8, 'terway-ips-per-eni': 30, 'host-network-pods': 3})
    expect(input.nodeShapes[0]).toMatchObject({maxPods: 213, maxPodsRule: 'Terway: (8 ENIs − 1) × 30 IPs + 3 host-network pods'})
    expect(input.warnings[0]).toContain('Terway pods take vSwitch addresses, not a pod CIDR')
    expect(() => buildPlanInput({...seed, 'terway-enis': 8})).toThrow('--terway-enis and --terway-ips-per-eni go together')
  })

  it('detects the provider from node labels and providerID, with the kubelet version', () => {
    const node = (labels: Record<string, string>, providerID: string, kubeletVersion: string) => ({name: 'n1', labels, providerID, kubeletVersion}) as unknown as NodeRecord
    expect(detectProvider([node({'alibabacloud.com/nodepool-id': 'np'}, 'cn-hangzhou.i-abc', 'v1.30.1-aliyun.1')])).toEqual({preset: 'ack', evidence: 'node n1: alibabacloud.com/nodepool-id, kubelet v1.30.1-aliyun.1'})
    expect(detectProvider([node({}, 'cn-hangzhou.i-abc', 'v1.26.3-aliyun.1')])?.preset).toBe('ack-legacy')
    expect(detectProvider([node({}, 'aws:///eu-west-1a/i-1', 'v1.30.0')])?.preset).toBe('eks')
    expect(detectProvider([node({}, 'azure:///x', 'v1.28.0')])?.preset).toBe('aks-legacy')
    expect(detectProvider([node({}, '', 'v1.30.0')])).toBeUndefined()
    const input = buildPlanInput({cpu: '1', 'node-cpu': '8', 'node-memory': '32Gi'}, undefined, {workloads: [], nodeShapes: [], source: 'c', provider: {preset: 'ack', evidence: 'node n1: alibabacloud.com/nodepool-id'}})
    expect(input.reserved).toBe('ack')
    expect(input.reservedSource).toBe('ack (detected from the cluster: node n1: alibabacloud.com/nodepool-id)')
  })
})

describe('network', () => {
  it('max nodes do not depend on max pods outside GKE, IPv6 works with every preset, counts are exact', () => {
    const eks = (maxPods: number) => plan({...seed, reserved: 'eks', 'max-pods': maxPods, 'pod-cidr': '10.0.0.0/14'}).options[0]!.network!.maxNodes
    expect(eks(29)).toBe(1024n)
    expect(eks(234)).toBe(1024n)
    const v6 = plan({...seed, reserved: 'gke', 'pod-cidr': '::/0', 'node-pod-cidr-mask': 64})
    expect(v6.options[0]!.network!.maxNodes).toBe(2n ** 64n)
    expect(planText(v6, painter(false))).toContain('max nodes        18446744073709551616 (2^(64 − 0))')
    expect(planData(v6).nodes.network!.maxNodes).toBe('18446744073709551616')
    const gkeV6 = plan({...seed, reserved: 'gke', 'pod-cidr': 'fd00::/48'}).options[0]!.network!
    expect(gkeV6).toMatchObject({nodePodCidrMask: 64, maxNodes: 65536n, errors: []})
  })

  it('never prints "undefined addresses per node"', () => {
    const result = plan({...seed, 'pod-cidr': '10.0.0.0/14', 'node-pod-cidr-mask': 12})
    const text = planText(result, painter(false))
    expect(text).not.toContain('undefined')
    expect(result.options[0]!.network!.errors[0]).toContain('does not fit in --pod-cidr')
    expect(checkNetwork({podCidr: '10.0.0.0/14', vpcCidrs: [], nodes: 1, maxPods: 110}).nodePodCidrMask).toBe(24)
  })
})

describe('limits follow kubectl: max(app containers, any init container)', () => {
  it('an init container with a larger limit sets the pod limit', () => {
    const {requests, limits} = podRequests(
      {
        initContainers: [{resources: {requests: {cpu: '2'}, limits: {cpu: '4', memory: '2Gi'}}}],
        containers: [{resources: {requests: {cpu: '500m'}, limits: {cpu: '1', memory: '1Gi'}}}, {resources: {limits: {cpu: '1'}}}],
      },
      () => 'pod',
    )
    expect(requests.cpu).toBe(q('2'))
    expect(limits).toEqual({cpu: q('4'), memory: q('2Gi')})
  })
})

describe('manifests', () => {
  it('charges a DaemonSet only on the nodes it selects', () => {
    const loaded = load(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: gpu-driver}
spec: {template: {spec: {nodeSelector: {nvidia.com/gpu.present: "true"}, containers: [{name: d, resources: {requests: {cpu: "1"}}}]}}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logs}
spec:
  template:
    spec:
      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]}]}}}
      containers: [{name: d, resources: {requests: {cpu: 100m}}}]
`)
    const nodes = plan(seed, loaded).options[0]!
    expect(nodes.daemonSets).toMatchObject({names: ['daemonset/logs'], skipped: ['daemonset/gpu-driver'], perNode: {cpu: q('100m')}})
  })

  it('keeps a plan document beside manifests', () => {
    const loaded = load(`redundancy: 10%
services: [{name: cache, replicas: 2, cpu: 1, memory: 2Gi}]
---
apiVersion: v1
kind: Pod
metadata: {name: one}
spec: {containers: [{name: a, resources: {requests: {cpu: 250m}}}]}
`)
    expect(loaded.workloads.map((workload) => workload.name).sort()).toEqual(['cache', 'pod/one'])
    expect(loaded.settings.redundancy).toEqual({numerator: 1n, denominator: 10n})
  })
})

describe('bad input: one line naming the flag or file:line, never an internal error', () => {
  it.each<[PlanFlags, string]>([
    // Kubernetes' documented limits bound the counts before anything is built (99999999999 ran out of memory).
    [{services: 99999999999, cpu: '1'}, "--services × --replicas: 99,999,999,999 pods is above Kubernetes' documented limit of 150,000 pods per cluster"],
    [{replicas: 150001, cpu: '1m'}, '--services × --replicas: 150,001 pods is above'],
    [{cpu: '1', 'pod-cidr': '10.0.0.0/14/2'}, '--pod-cidr: "10.0.0.0/14/2" is not a CIDR range'],
    [{cpu: '1', 'pod-cidr': ''}, '--pod-cidr: "" is not a CIDR range'],
    [{cpu: '1', daemonset: ['']}, '--daemonset "": give what each pod requests, e.g. cpu=100m,memory=200Mi'],
    [{cpu: '1', daemonset: ['name=agent']}, '--daemonset "name=agent": give what each pod requests'],
    [{cpu: '1', redundancy: '150%'}, '--redundancy: "150%" is over 100%'],
  ])('%j', (flags, message) => {
    expect(() => plan(flags)).toThrow(message)
  })

  it('a plan of 150,000 pods is planned; one that needs more than 5,000 nodes fails after the report', () => {
    expect(planFailure(plan({replicas: 150_000, cpu: '100m', memory: '100Mi', 'node-cpu': '16', 'node-memory': '64Gi'}))).toBeUndefined()
    expect(planFailure(plan({replicas: 150_000, cpu: '15', 'node-cpu': '16', 'node-memory': '64Gi'}))).toBe(
      "the plan needs 150,000 16c/64Gi nodes, above Kubernetes' documented limit of 5,000 nodes per cluster (kubernetes.io/docs/setup/best-practices/cluster-large); pick a larger node shape or split the plan across clusters",
    )
  })

  it.each([
    ['services:\n  - {name: a, count: 99999999999, cpu: 1}\n', "k8s.yaml:2: count × replicas: 99,999,999,999 pods is above Kubernetes' documented limit"],
    ['zones: 0\nservices: [{name: a, cpu: 1}]\n', 'k8s.yaml:1: zones must be a whole number ≥ 1, not 0'],
    ['nodes:\n  - {name: n, cpu: 4, memory: 8Gi, maxPods: 0}\n', 'k8s.yaml:2: maxPods must be a whole number ≥ 1, not 0'],
    ['services:\n  - name: a\n    cpu: [1]\n', 'k8s.yaml:3: cpu must be a quantity'],
    ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: "oops"\n', 'k8s.yaml:5: containers must be a list'],
    ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: ["oops"]\n', 'k8s.yaml:5: each of containers must be a mapping'],
    ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, resources: {requests: [1]}}\n', 'k8s.yaml:6: resources.requests must be a mapping'],
    ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    resources: {requests: {cpu: [1]}}\n', 'k8s.yaml:7: [1] is not a quantity'],
    // Unrendered Helm charts: whatever the YAML made of `{{ ... }}`, the line is named as a template.
    ['apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: {{ .Values.replicas }}\n  template: {spec: {containers: [{name: a}]}}\n', 'k8s.yaml:5: "replicas: {{ .Values.replicas }}" is an unrendered template; render the chart first (helm template'],
    ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    resources:\n      requests:\n        cpu: {{ .Values.cpu }}\n', 'k8s.yaml:9: "cpu: {{ .Values.cpu }}" is an unrendered template'],
    ['{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\n', 'k8s.yaml:1: "{{- if .Values.enabled }}" is an unrendered template'],
  ])('%j → %s', (text, message) => {
    expect(() => plan({}, load(text))).toThrow(message)
  })

  it('a Deployment with more replicas than a cluster may run is refused before packing', () => {
    const loaded = load('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 99999999999\n  template: {spec: {containers: [{name: a, resources: {requests: {cpu: 1}}}]}}\n')
    expect(() => plan({}, loaded)).toThrow("the plan: 99,999,999,999 pods is above Kubernetes' documented limit of 150,000 pods per cluster")
  })
})

describe('ACK presets against ACK\'s published table', () => {
  // 16 vCPUs / 32 GiB, 213 max pods (Terway: (8 ENIs − 1) × 30 IPs + 3 host-network pods).
  const reserved = (preset: 'ack' | 'ack-legacy') => {
    const reservation = reservationFor(preset, {cpu: q('16'), memory: q('32Gi')}, 213)
    return {cpu: reservation.kubeReserved.cpu! + reservation.systemReserved.cpu!, memory: reservation.kubeReserved.memory! + reservation.systemReserved.memory!}
  }

  it('≥1.28: 110m cpu and 2598 MiB memory (11 × 213 + 255)', () => {
    expect(reserved('ack')).toEqual({cpu: q('110m'), memory: q('2598Mi')})
  })

  it('1.20–1.27: 400m cpu and 3645 MiB memory (the table rounds 3645.44 MiB down)', () => {
    const {cpu, memory} = reserved('ack-legacy')
    expect(cpu).toBe(q('400m'))
    expect(memory / q('1Mi')).toBe(3645n)
  })
})

describe('the ACK guide\'s worker sizing: 1000 cores, 10% may be lost with one node', () => {
  const thousandCores = {services: 500, replicas: 1, cpu: '2', memory: '4Gi', redundancy: '0%', 'max-loss': '10%', reserved: 'ack'} satisfies PlanFlags

  it('a node may hold at most 10% of the capacity: at least 10 nodes, however large the shape', () => {
    // 8 nodes of 128 cores hold the pods; each would be 12.5% of the capacity, so 10.
    const big = plan({...thousandCores, 'node-cpu': '128', 'node-memory': '512Gi'})
    expect(big.options[0]).toMatchObject({needed: 8, count: 10})
    expect(planText(big, painter(false))).toContain('10 so one node is at most 10% of the capacity (--max-loss)')
  })

  it('every recommended shape keeps one node within 10% of the capacity and absorbs its loss', () => {
    const result = plan(thousandCores)
    expect(result.totals.withRedundancy.cpu).toBe(q('1000'))
    expect(result.recommendations!.length).toBeGreaterThan(0)
    for (const entry of result.recommendations!) {
      expect([entry.plan.shape.name, entry.nodeShare <= 0.1, entry.plan.count >= 10, entry.plan.failures.nodeLoss.absorbed]).toEqual([entry.plan.shape.name, true, true, true])
    }
  })
})

describe('control plane and sources', () => {
  it('states 3 control-plane nodes (HA) sized by ACK\'s table, and names the source of every table used', () => {
    const result = plan({...seed, reserved: 'ack', 'node-cpu': undefined, 'node-memory': undefined})
    const text = planText(result, painter(false))
    expect(text).toContain('control plane    3 nodes (HA) of 4 cores / 16Gi')
    expect(text).toContain("control plane: 3 nodes of 4 cores / 16Gi (ACK's guide, 6–20 nodes: 4 cores / 16Gi); 3 so etcd keeps its quorum with one down")
    const sources = text.split('Sources\n')[1]!.split('\n\n')[0]!
    expect(sources).toContain("reservations     ACK's resource reservation policy (alibabacloud.com/help/en/ack/")
    expect(sources).toContain("control plane    ACK's guide to choosing ECS instances for master and worker nodes")
    expect(sources).toContain('ack shapes       https://www.alibabacloud.com/help/en/ecs/user-guide/overview-of-instance-families')
    expect(sources).toContain("limits           Kubernetes' large-cluster limits: 5,000 nodes, 150,000 pods")
    expect(planData(result).nodes.controlPlane).toMatchObject({nodes: 3, cpu: 4, rule: '6–20 nodes: 4 cores / 16Gi'})
    expect(planText(plan({...seed, reserved: 'eks'}), painter(false))).toContain("reservations     the EKS AMI's bootstrap")
  })
})

describe('plan with nothing to plan', () => {
  it('says what it needs instead of printing an empty plan', () => {
    expect(() => plan({})).toThrow('nothing to plan: give a pod spec (--cpu and/or --memory, with --services and --replicas), -f plan.yaml or manifests, or --from-cluster')
    const configMapOnly = load('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')
    expect(() => plan({}, {...configMapOnly, sources: ['k8s.yaml']})).toThrow('nothing to plan: k8s.yaml holds no workloads; give a pod spec')
  })
})
