/**
 * The default scheduler's InterPodAffinity filter, for required terms
 * (requiredDuringSchedulingIgnoredDuringExecution): counted once per scheduling attempt over the
 * pods already bound (the plugin's PreFilter), then checked per node in the plugin's order:
 * - the pod's affinity: every term needs a matching pod in the node's topology domain (the first
 *   pod of a group that selects itself may go anywhere): "node(s) didn't match pod affinity rules",
 *   which preemption cannot resolve;
 * - the pod's anti-affinity: no matching pod in the domain: "node(s) didn't match pod anti-affinity rules";
 * - the anti-affinity of pods already bound that select this pod:
 *   "node(s) didn't satisfy existing pods anti-affinity rules".
 * A term selects pods in its `namespaces` and those its `namespaceSelector` matches, or, with
 * neither, in the namespace of the pod that carries it; a term without labelSelector selects none.
 */
import type {KubeObject} from '../types.js'
import {matchesSelector, meta, type LabelSelector} from './objects.js'

export interface PodAffinityTerm {
  labelSelector?: LabelSelector
  namespaces?: string[]
  namespaceSelector?: LabelSelector
  topologyKey: string
}

/** Why a node does not fit, and whether evicting lower-priority pods could change that. */
export interface Rejection {
  reasons: string[]
  resolvableByPreemption: boolean
}

/** A bound pod and the labels of its node. */
export interface PlacedPod {
  pod: KubeObject
  nodeLabels: Record<string, string>
}

type Kind = 'podAffinity' | 'podAntiAffinity'

/** The one rejection a pod bound elsewhere can lift (the scheduler queues such pods again when one is bound). */
export const AFFINITY_NOT_MATCHED = "node(s) didn't match pod affinity rules"

export function requiredTerms(pod: KubeObject, kind: Kind): PodAffinityTerm[] {
  const affinity = (pod.spec as {affinity?: Partial<Record<Kind, {requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[]}>>} | undefined)?.affinity
  return affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? []
}

export function hasRequiredPodAffinity(pod: KubeObject): boolean {
  return requiredTerms(pod, 'podAffinity').length > 0 || requiredTerms(pod, 'podAntiAffinity').length > 0
}

const pair = (key: string, value: string) => `${key}\u0000${value}`

function bump(counts: Map<string, number>, term: PodAffinityTerm, nodeLabels: Record<string, string>): void {
  const value = nodeLabels[term.topologyKey]
  if (value !== undefined) counts.set(pair(term.topologyKey, value), (counts.get(pair(term.topologyKey, value)) ?? 0) + 1)
}

export class InterPodAffinity {
  private readonly affinityTerms: PodAffinityTerm[]
  private readonly antiAffinityTerms: PodAffinityTerm[]
  private readonly affinityCounts = new Map<string, number>()
  private readonly antiAffinityCounts = new Map<string, number>()
  private readonly existingAntiAffinityCounts = new Map<string, number>()

  /** `placed`: the bound pods to count (all of them when the pod has terms of its own, else those with required anti-affinity). */
  constructor(
    private readonly pod: KubeObject,
    placed: Iterable<PlacedPod>,
    private readonly namespaceLabels: (namespace: string) => Record<string, string> | undefined,
  ) {
    this.affinityTerms = requiredTerms(pod, 'podAffinity')
    this.antiAffinityTerms = requiredTerms(pod, 'podAntiAffinity')
    for (const other of placed) this.count(other)
  }

  private selects(term: PodAffinityTerm, owner: KubeObject, pod: KubeObject): boolean {
    const namespace = meta(pod).namespace ?? 'default'
    const namespaces = term.namespaces ?? []
    const inScope = namespaces.includes(namespace) || (term.namespaceSelector ? matchesSelector(term.namespaceSelector, this.namespaceLabels(namespace)) : namespaces.length === 0 && namespace === (meta(owner).namespace ?? 'default'))
    return inScope && matchesSelector(term.labelSelector, meta(pod).labels)
  }

  private count({pod: other, nodeLabels}: PlacedPod): void {
    if (this.affinityTerms.length && this.affinityTerms.every((t) => this.selects(t, this.pod, other))) for (const t of this.affinityTerms) bump(this.affinityCounts, t, nodeLabels)
    for (const t of this.antiAffinityTerms) if (this.selects(t, this.pod, other)) bump(this.antiAffinityCounts, t, nodeLabels)
    for (const t of requiredTerms(other, 'podAntiAffinity')) if (this.selects(t, other, this.pod)) bump(this.existingAntiAffinityCounts, t, nodeLabels)
  }

  filter(node: KubeObject): Rejection | undefined {
    const labels = meta(node).labels ?? {}
    if (!this.affinitySatisfied(labels)) return {reasons: [AFFINITY_NOT_MATCHED], resolvableByPreemption: false}
    if (this.antiAffinityTerms.some((t) => labels[t.topologyKey] !== undefined && (this.antiAffinityCounts.get(pair(t.topologyKey, labels[t.topologyKey]!)) ?? 0) > 0)) {
      return {reasons: ["node(s) didn't match pod anti-affinity rules"], resolvableByPreemption: true}
    }
    if (Object.entries(labels).some(([key, value]) => (this.existingAntiAffinityCounts.get(pair(key, value)) ?? 0) > 0)) {
      return {reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"], resolvableByPreemption: true}
    }
    return undefined
  }

  private affinitySatisfied(labels: Record<string, string>): boolean {
    let podsExist = true
    for (const t of this.affinityTerms) {
      const value = labels[t.topologyKey]
      if (value === undefined) return false
      if (!((this.affinityCounts.get(pair(t.topologyKey, value)) ?? 0) > 0)) podsExist = false
    }
    return podsExist || (this.affinityCounts.size === 0 && this.affinityTerms.every((t) => this.selects(t, this.pod, this.pod)))
  }
}
