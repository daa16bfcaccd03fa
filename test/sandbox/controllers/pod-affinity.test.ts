// The InterPodAffinity filter called directly over placed pods; scheduling with it runs end to end in controllers/index.test.ts.
import {describe, expect, it} from 'vitest'
import {AFFINITY_NOT_MATCHED, hasRequiredPodAffinity, InterPodAffinity, requiredTerms, type PlacedPod, type PodAffinityTerm} from '../../../src/sandbox/controllers/pod-affinity.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

const ZONE = 'topology.kubernetes.io/zone'
const HOST = 'kubernetes.io/hostname'
const node = (name: string, zone: string): KubeObject => ({apiVersion: 'v1', kind: 'Node', metadata: {name, labels: {[HOST]: name, [ZONE]: zone}}})
const nodes = {a1: node('a1', 'a'), a2: node('a2', 'a'), b1: node('b1', 'b')}

function pod(name: string, labels: Record<string, string>, affinity: {podAffinity?: PodAffinityTerm[]; podAntiAffinity?: PodAffinityTerm[]} = {}, namespace = 'shop'): KubeObject {
  const spec: Record<string, unknown> = {containers: []}
  const wrap = (terms?: PodAffinityTerm[]) => (terms ? {requiredDuringSchedulingIgnoredDuringExecution: terms} : undefined)
  if (affinity.podAffinity || affinity.podAntiAffinity) spec.affinity = {podAffinity: wrap(affinity.podAffinity), podAntiAffinity: wrap(affinity.podAntiAffinity)}
  return {apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace, labels}, spec}
}
const on = (p: KubeObject, n: KubeObject): PlacedPod => ({pod: p, nodeLabels: n.metadata!.labels!})
const term = (matchLabels: Record<string, string>, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({labelSelector: {matchLabels}, topologyKey, ...extra})
const noNamespaceLabels = () => undefined

describe('required terms', () => {
  it('are read from the pod spec', () => {
    const p = pod('web', {app: 'web'}, {podAntiAffinity: [term({app: 'web'}, HOST)]})
    expect(requiredTerms(p, 'podAntiAffinity')).toEqual([term({app: 'web'}, HOST)])
    expect(requiredTerms(p, 'podAffinity')).toEqual([])
    expect(hasRequiredPodAffinity(p)).toBe(true)
    expect(hasRequiredPodAffinity(pod('plain', {}))).toBe(false)
  })
})

describe('InterPodAffinity', () => {
  it('with affinity, wants a matching pod in the same domain and says so otherwise (not for preemption)', () => {
    const web = pod('web', {app: 'web'}, {podAffinity: [term({app: 'cache'}, ZONE)]})
    const filter = new InterPodAffinity(web, [on(pod('cache-0', {app: 'cache'}), nodes.a1)], noNamespaceLabels)
    expect(filter.filter(nodes.a2)).toBeUndefined()
    expect(filter.filter(nodes.b1)).toEqual({reasons: [AFFINITY_NOT_MATCHED], resolvableByPreemption: false})
    const nowhere = new InterPodAffinity(web, [], noNamespaceLabels)
    expect(nowhere.filter(nodes.a1)).toEqual({reasons: [AFFINITY_NOT_MATCHED], resolvableByPreemption: false})
  })

  it('lets the first pod of a group that selects itself go anywhere', () => {
    const first = pod('cache-0', {app: 'cache'}, {podAffinity: [term({app: 'cache'}, ZONE)]})
    expect(new InterPodAffinity(first, [], noNamespaceLabels).filter(nodes.b1)).toBeUndefined()
    const second = pod('cache-1', {app: 'cache'}, {podAffinity: [term({app: 'cache'}, ZONE)]})
    const withFirst = new InterPodAffinity(second, [on(first, nodes.a1)], noNamespaceLabels)
    expect(withFirst.filter(nodes.a2)).toBeUndefined()
    expect(withFirst.filter(nodes.b1)?.reasons).toEqual([AFFINITY_NOT_MATCHED])
  })

  it('with anti-affinity, refuses a domain holding a matching pod', () => {
    const web1 = pod('web-1', {app: 'web'}, {podAntiAffinity: [term({app: 'web'}, HOST)]})
    const filter = new InterPodAffinity(web1, [on(pod('web-0', {app: 'web'}), nodes.a1)], noNamespaceLabels)
    expect(filter.filter(nodes.a1)).toEqual({reasons: ["node(s) didn't match pod anti-affinity rules"], resolvableByPreemption: true})
    expect(filter.filter(nodes.a2)).toBeUndefined()
  })

  it("honours the anti-affinity of pods already bound that select the new pod", () => {
    const db = pod('db-0', {app: 'db'}, {podAntiAffinity: [term({app: 'batch'}, ZONE)]})
    const batch = pod('job-1', {app: 'batch'})
    const filter = new InterPodAffinity(batch, [on(db, nodes.a1)], noNamespaceLabels)
    expect(filter.filter(nodes.a2)).toEqual({reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"], resolvableByPreemption: true})
    expect(filter.filter(nodes.b1)).toBeUndefined()
  })

  it("selects pods in the term's own namespace by default, in listed namespaces, or by namespaceSelector", () => {
    const other = pod('web-0', {app: 'web'}, {}, 'staging')
    const sameNamespace = pod('web-1', {app: 'web'}, {podAntiAffinity: [term({app: 'web'}, HOST)]})
    expect(new InterPodAffinity(sameNamespace, [on(other, nodes.a1)], noNamespaceLabels).filter(nodes.a1)).toBeUndefined()
    const listed = pod('web-1', {app: 'web'}, {podAntiAffinity: [term({app: 'web'}, HOST, {namespaces: ['staging']})]})
    expect(new InterPodAffinity(listed, [on(other, nodes.a1)], noNamespaceLabels).filter(nodes.a1)?.reasons).toEqual(["node(s) didn't match pod anti-affinity rules"])
    const selected = pod('web-1', {app: 'web'}, {podAntiAffinity: [term({app: 'web'}, HOST, {namespaceSelector: {matchLabels: {env: 'staging'}}})]})
    const labels = (ns: string): Record<string, string> => (ns === 'staging' ? {env: 'staging'} : {})
    expect(new InterPodAffinity(selected, [on(other, nodes.a1)], labels).filter(nodes.a1)?.reasons).toEqual(["node(s) didn't match pod anti-affinity rules"])
  })

  it('lets a term without labelSelector select no pod', () => {
    const p = pod('web-1', {app: 'web'}, {podAntiAffinity: [{topologyKey: HOST}]})
    expect(new InterPodAffinity(p, [on(pod('web-0', {app: 'web'}), nodes.a1)], noNamespaceLabels).filter(nodes.a1)).toBeUndefined()
  })
})
