/**
 * The simulated default-scheduler: binds each pending pod the simulation owns (no
 * spec.nodeName, schedulerName default-scheduler) to a node, filtering nodes as the real
 * plugins do — NodeUnschedulable, TaintToleration, NodeAffinity (nodeSelector and required
 * node affinity), NodeResourcesFit (requests against allocatable minus what bound pods
 * request), PodTopologySpread (DoNotSchedule constraints, topology-spread.ts), InterPodAffinity
 * (required pod affinity and anti-affinity, pod-affinity.ts) — and
 * picking the least allocated. When nothing fits it writes the real
 * FitError text to the PodScheduled condition and a FailedScheduling event:
 *
 *   0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}.
 *   preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod,
 *   2 Preemption is not helpful for scheduling.
 *
 * Pods that did not fit are tried again when a node changes or a pod goes away, and every
 * five (simulated) minutes, as the real scheduling queue flushes them.
 */
import type {StoreEvent} from '../store.js'
import type {KubeObject} from '../types.js'
import type {ControllerContext} from './context.js'
import {requirementMatches, tolerates} from '../../util/node-selection.js'
import {findCondition, isTerminal, meta, modify, now, objectKey, podSpec, podStatus, splitKey, type NodeSelectorTerm, type PodSpec, type Taint} from './objects.js'
import {AFFINITY_NOT_MATCHED, hasRequiredPodAffinity, InterPodAffinity, type Rejection} from './pod-affinity.js'
import {WorkQueue} from './queue.js'
import {nodeAllocatable, podRequests} from './resources.js'
import {PodTopologySpread, SPREAD_NOT_MATCHED} from './topology-spread.js'

/** Rejections a pod bound elsewhere may lift: the scheduler tries such pods again when one is bound. */
const LIFTED_BY_BINDINGS = new Set([AFFINITY_NOT_MATCHED, SPREAD_NOT_MATCHED])

const unschedulableFlushMs = 5 * 60_000

export class Scheduler {
  private readonly queue: WorkQueue
  private readonly unschedulable = new Set<string>()
  /** Unschedulable pods that a pod bound somewhere may let in (no pod matched their affinity, or the spread was too uneven). */
  private readonly waitingForPods = new Set<string>()
  private readonly unsubscribes: Array<() => void>
  private rotation = 0

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('scheduler', ctx.clock, (key) => this.scheduleOne(key))
    this.unsubscribes = [
      ctx.store.subscribe('pods', (event) => this.onPodEvent(event)),
      ctx.store.subscribe('nodes', () => this.retryUnschedulable()),
    ]
  }

  stop(): void {
    for (const u of this.unsubscribes) u()
  }

  /** A pod that was in the store before the controllers started. */
  adopt(pod: KubeObject): void {
    if (this.wants(pod)) this.queue.addAfter(objectKey(pod), this.ctx.delays.schedule)
  }

  private wants(pod: KubeObject): boolean {
    const spec = podSpec(pod)
    if (spec.nodeName || meta(pod).deletionTimestamp) return false
    if ((spec.schedulerName ?? 'default-scheduler') !== 'default-scheduler') return false
    const phase = podStatus(pod).phase
    return this.ctx.simulated.has(meta(pod).uid ?? '') && phase !== 'Succeeded' && phase !== 'Failed'
  }

  private onPodEvent(event: StoreEvent): void {
    const pod = event.entry.object
    const key = objectKey(pod)
    if (event.type === 'DELETED') {
      this.unschedulable.delete(key)
      if (event.previous && podSpec(event.previous.object).nodeName) this.retryUnschedulable()
      return
    }
    if (event.type === 'ADDED') this.ctx.simulated.add(meta(pod).uid ?? '')
    if (podSpec(pod).nodeName && !(event.previous && podSpec(event.previous.object).nodeName)) this.retry([...this.waitingForPods])
    if (this.wants(pod) && !this.unschedulable.has(key)) this.queue.addAfter(key, this.ctx.delays.schedule)
  }

  private retryUnschedulable(): void {
    this.retry([...this.unschedulable])
  }

  private retry(keys: string[]): void {
    for (const key of keys) {
      this.unschedulable.delete(key)
      this.waitingForPods.delete(key)
      this.queue.add(key)
    }
  }

  private scheduleOne(key: string): void {
    const {namespace, name} = splitKey(key)
    const pod = this.ctx.store.get('pods', namespace, name)?.object
    if (!pod || !this.wants(pod)) return
    const nodes = this.ctx.store.list('nodes').entries.map((e) => e.object)
    const affinity = this.podAffinityFor(pod, nodes)
    const spread = new PodTopologySpread(pod, nodes, (node) => this.ctx.pods.podsOn(node), {affinity: (node) => matchesNodeAffinity(podSpec(pod), node), taints: (node) => !untoleratedTaint(podSpec(pod), node)})
    const rejections = new Map<string, Rejection>()
    const feasible: KubeObject[] = []
    for (const node of nodes) {
      const rejection = this.filter(pod, node) ?? spread.filter(node) ?? affinity.filter(node)
      if (rejection) rejections.set(meta(node).name ?? '', rejection)
      else feasible.push(node)
    }
    if (feasible.length === 0) {
      this.unschedulable.add(key) // before the write: its watch event must not queue the pod again
      if ([...rejections.values()].some((r) => r.reasons.some((reason) => LIFTED_BY_BINDINGS.has(reason)))) this.waitingForPods.add(key)
      this.reject(pod, fitErrorMessage(nodes.length, [...rejections.values()]))
      this.queue.addAfter(key, unschedulableFlushMs)
      return
    }
    this.bind(pod, this.pick(pod, feasible))
  }

  private filter(pod: KubeObject, node: KubeObject): Rejection | undefined {
    const spec = podSpec(pod)
    const nodeSpec = (node.spec ?? {}) as {unschedulable?: boolean; taints?: Taint[]}
    if (nodeSpec.unschedulable && !tolerates(spec.tolerations, {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'})) {
      return {reasons: ['node(s) were unschedulable'], resolvableByPreemption: false}
    }
    const taint = untoleratedTaint(spec, node)
    if (taint) return {reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], resolvableByPreemption: false}
    if (!matchesNodeAffinity(spec, node)) return {reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvableByPreemption: false}
    const reasons = this.insufficient(pod, node)
    return reasons.length ? {reasons, resolvableByPreemption: true} : undefined
  }

  /** InterPodAffinity's counts: over every bound pod when this pod has terms, else over the pods with anti-affinity. */
  private podAffinityFor(pod: KubeObject, nodes: KubeObject[]): InterPodAffinity {
    const nodeLabels = new Map(nodes.map((n) => [meta(n).name ?? '', meta(n).labels ?? {}]))
    const candidates = hasRequiredPodAffinity(pod) ? this.ctx.pods.boundPods() : this.ctx.pods.podsWithRequiredAntiAffinity()
    const placed = candidates.filter((p) => !isTerminal(p)).map((p) => ({pod: p, nodeLabels: nodeLabels.get(podSpec(p).nodeName ?? '') ?? {}}))
    return new InterPodAffinity(pod, placed, (namespace) => this.ctx.store.get('namespaces', undefined, namespace)?.object.metadata?.labels)
  }

  private insufficient(pod: KubeObject, node: KubeObject): string[] {
    const allocatable = nodeAllocatable(node)
    const used = this.ctx.pods.usageOf(meta(node).name ?? '')
    const wanted = podRequests(pod)
    const reasons: string[] = []
    if (used.pods + 1 > allocatable.pods) reasons.push('Too many pods')
    if (wanted.cpu > 0 && used.cpu + wanted.cpu > allocatable.cpu) reasons.push('Insufficient cpu')
    if (wanted.memory > 0 && used.memory + wanted.memory > allocatable.memory) reasons.push('Insufficient memory')
    return reasons
  }

  /** The least allocated feasible node (NodeResourcesFit's default score); ties rotate. */
  private pick(pod: KubeObject, feasible: KubeObject[]): KubeObject {
    const wanted = podRequests(pod)
    let best = feasible[0]!
    let bestScore = -Infinity
    const offset = this.rotation++ % feasible.length
    for (let i = 0; i < feasible.length; i++) {
      const node = feasible[(i + offset) % feasible.length]!
      const allocatable = nodeAllocatable(node)
      const used = this.ctx.pods.usageOf(meta(node).name ?? '')
      const free = (total: number, taken: number) => (total > 0 ? (total - taken) / total : 0)
      const score = free(allocatable.cpu, used.cpu + wanted.cpu) + free(allocatable.memory, used.memory + wanted.memory)
      if (score > bestScore) {
        best = node
        bestScore = score
      }
    }
    return best
  }

  private bind(pod: KubeObject, node: KubeObject): void {
    const nodeName = meta(node).name ?? ''
    const bound = modify(this.ctx.store, 'pods', pod, (current) => {
      const status = podStatus(current)
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled')
      conditions.push({lastProbeTime: null, lastTransitionTime: now(), status: 'True', type: 'PodScheduled'})
      return {...current, spec: {...(current.spec as object), nodeName}, status: {...status, conditions}}
    })
    if (!bound) return
    this.ctx.recorder.record(bound, {component: 'default-scheduler'}, {reason: 'Scheduled', message: `Successfully assigned ${meta(pod).namespace}/${meta(pod).name} to ${nodeName}`})
  }

  private reject(pod: KubeObject, message: string): void {
    const updated = modify(this.ctx.store, 'pods', pod, (current) => {
      const status = podStatus(current)
      const before = findCondition(status.conditions, 'PodScheduled')
      if (before?.status === 'False' && before.message === message) return current
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled')
      conditions.push({lastProbeTime: null, lastTransitionTime: before?.status === 'False' ? (before.lastTransitionTime ?? now()) : now(), message, reason: 'Unschedulable', status: 'False', type: 'PodScheduled'})
      return {...current, status: {...status, conditions, phase: status.phase ?? 'Pending'}}
    })
    this.ctx.recorder.record(updated ?? pod, {component: 'default-scheduler'}, {type: 'Warning', reason: 'FailedScheduling', message})
  }
}

/** The first NoSchedule or NoExecute taint of the node that the pod does not tolerate. */
function untoleratedTaint(spec: PodSpec, node: KubeObject): Taint | undefined {
  const taints = ((node.spec ?? {}) as {taints?: Taint[]}).taints ?? []
  return taints.find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(spec.tolerations, t))
}

/** The scheduler's FitError text, with the default preemption plugin's part. */
export function fitErrorMessage(nodeCount: number, rejections: Rejection[]): string {
  if (nodeCount === 0) return 'no nodes available to schedule pods'
  const histogram = (counts: Map<string, number>) => [...counts].map(([reason, n]) => `${n} ${reason}`).sort().join(', ')
  const reasons = new Map<string, number>()
  for (const r of rejections) for (const reason of r.reasons) reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
  const preemption = new Map<string, number>()
  for (const r of rejections) {
    const verdict = r.resolvableByPreemption ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling'
    preemption.set(verdict, (preemption.get(verdict) ?? 0) + 1)
  }
  return `0/${nodeCount} nodes are available: ${histogram(reasons)}. preemption: 0/${nodeCount} nodes are available: ${histogram(preemption)}.`
}

export {tolerates}


function termMatches(term: NodeSelectorTerm, node: KubeObject): boolean {
  const labels = meta(node).labels ?? {}
  if (!term.matchExpressions?.length && !term.matchFields?.length) return false
  return (term.matchExpressions ?? []).every((r) => requirementMatches(r, labels[r.key])) && (term.matchFields ?? []).every((r) => requirementMatches(r, r.key === 'metadata.name' ? meta(node).name : undefined))
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution (terms ORed). */
export function matchesNodeAffinity(spec: PodSpec, node: KubeObject): boolean {
  const labels = meta(node).labels ?? {}
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) if (labels[key] !== value) return false
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms
  return !terms || terms.some((t) => termMatches(t, node))
}
