/**
 * The default scheduler's PodTopologySpread filter, for the pod's hard constraints
 * (whenUnsatisfiable: DoNotSchedule), as pkg/scheduler/framework/plugins/podtopologyspread does it:
 * - PreFilter: over the nodes that carry every constraint's topologyKey and pass its node
 *   inclusion policies (nodeAffinityPolicy Honor by default: the pod's nodeSelector and required
 *   node affinity; nodeTaintsPolicy Ignore by default), count per topology domain the pods of the
 *   pod's namespace that the constraint's selector matches (labelSelector, plus the pod's own
 *   values of matchLabelKeys), leaving out pods being deleted; the smallest count is the global
 *   minimum (0 when there are fewer domains than minDomains).
 * - Filter, per node: a node without the topologyKey gets "node(s) didn't match pod topology
 *   spread constraints (missing required label)", which preemption cannot resolve; a node where
 *   count + (1 if the pod matches its own selector) − minimum > maxSkew gets "node(s) didn't
 *   match pod topology spread constraints".
 * ScheduleAnyway constraints only score nodes upstream; the sandbox's scoring ignores them.
 */
import type {KubeObject} from '../types.js'
import {isTerminal, matchesSelector, meta, type LabelSelector} from './objects.js'
import type {Rejection} from './pod-affinity.js'

export const SPREAD_NOT_MATCHED = "node(s) didn't match pod topology spread constraints"
const SPREAD_LABEL_MISSING = `${SPREAD_NOT_MATCHED} (missing required label)`

interface TopologySpreadConstraint {
  maxSkew: number
  topologyKey: string
  whenUnsatisfiable: string
  labelSelector?: LabelSelector
  minDomains?: number
  matchLabelKeys?: string[]
  nodeAffinityPolicy?: 'Honor' | 'Ignore'
  nodeTaintsPolicy?: 'Honor' | 'Ignore'
}

interface Constraint {
  key: string
  maxSkew: number
  minDomains: number
  selector: LabelSelector | undefined
  honorAffinity: boolean
  honorTaints: boolean
  /** Topology value → matching pods. */
  counts: Map<string, number>
}

/** Whether a node passes the pod's required node affinity, and tolerates its NoSchedule/NoExecute taints. */
export interface NodeInclusion {
  affinity(node: KubeObject): boolean
  taints(node: KubeObject): boolean
}

/** The constraint's selector with the pod's values of matchLabelKeys added (mergeLabelSetWithSelector). */
function selectorOf(pod: KubeObject, c: TopologySpreadConstraint): LabelSelector | undefined {
  const labels = meta(pod).labels ?? {}
  const extra = (c.matchLabelKeys ?? []).filter((k) => labels[k] !== undefined).map((key) => ({key, operator: 'In', values: [labels[key]!]}))
  if (!extra.length) return c.labelSelector
  return {...c.labelSelector, matchExpressions: [...(c.labelSelector?.matchExpressions ?? []), ...extra]}
}

const isEmptySelector = (s: LabelSelector | undefined) => !!s && !Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length

function hardConstraints(pod: KubeObject): Constraint[] {
  const all = ((pod.spec as {topologySpreadConstraints?: TopologySpreadConstraint[]} | undefined)?.topologySpreadConstraints ?? [])
  return all.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule').map((c) => ({
    key: c.topologyKey,
    maxSkew: c.maxSkew,
    minDomains: c.minDomains ?? 1,
    selector: selectorOf(pod, c),
    honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorTaints: c.nodeTaintsPolicy === 'Honor',
    counts: new Map(),
  }))
}

export class PodTopologySpread {
  private readonly constraints: Constraint[]
  private readonly podLabels: Record<string, string>

  /** `podsOn`: the pods bound to a node. */
  constructor(pod: KubeObject, nodes: KubeObject[], podsOn: (node: string) => KubeObject[], inclusion: NodeInclusion) {
    this.constraints = hardConstraints(pod)
    this.podLabels = meta(pod).labels ?? {}
    if (this.constraints.length) this.count(meta(pod).namespace, nodes, podsOn, inclusion)
  }

  get active(): boolean {
    return this.constraints.length > 0
  }

  /** PreFilter: every eligible node's domain exists (with 0 when no pod matches). */
  private count(namespace: string | undefined, nodes: KubeObject[], podsOn: (node: string) => KubeObject[], inclusion: NodeInclusion): void {
    for (const node of nodes) {
      const labels = meta(node).labels ?? {}
      if (!this.constraints.every((c) => labels[c.key] !== undefined)) continue
      const pods = podsOn(meta(node).name ?? '').filter((p) => meta(p).namespace === namespace && !meta(p).deletionTimestamp && !isTerminal(p))
      for (const c of this.constraints) {
        if ((c.honorAffinity && !inclusion.affinity(node)) || (c.honorTaints && !inclusion.taints(node))) continue
        const matching = isEmptySelector(c.selector) ? 0 : pods.filter((p) => matchesSelector(c.selector, meta(p).labels)).length
        c.counts.set(labels[c.key]!, (c.counts.get(labels[c.key]!) ?? 0) + matching)
      }
    }
  }

  filter(node: KubeObject): Rejection | undefined {
    const labels = meta(node).labels ?? {}
    for (const c of this.constraints) {
      const value = labels[c.key]
      if (value === undefined) return {reasons: [SPREAD_LABEL_MISSING], resolvableByPreemption: false}
      const minimum = c.counts.size < c.minDomains ? 0 : c.counts.size ? Math.min(...c.counts.values()) : Number.MAX_SAFE_INTEGER
      const self = matchesSelector(c.selector, this.podLabels) ? 1 : 0
      if ((c.counts.get(value) ?? 0) + self - minimum > c.maxSkew) return {reasons: [SPREAD_NOT_MATCHED], resolvableByPreemption: true}
    }
    return undefined
  }
}
