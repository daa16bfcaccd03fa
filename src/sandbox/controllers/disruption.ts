/**
 * The disruption controller: each PodDisruptionBudget's status from the pods its selector picks —
 * expectedPods, desiredHealthy (minAvailable, or expected minus maxUnavailable; percentages of the
 * owning controllers' replicas, rounded up), currentHealthy (Ready and not being deleted, not just
 * evicted), disruptionsAllowed, the DisruptionAllowed condition and observedGeneration, which the
 * eviction subresource (eviction.ts) insists on. Entries in status.disruptedPods are dropped once
 * their pod is going or gone, or after two minutes, as the real controller does.
 */
import type {StoreEvent} from '../store.js'
import type {KubeObject} from '../types.js'
import type {ControllerContext} from './context.js'
import {controllerOf, findCondition, intOrPercent, isPodReady, matchesSelector, meta, now, objectKey, specOf, splitKey, statusOf, writeStatus, type Condition, type LabelSelector} from './objects.js'
import {WorkQueue} from './queue.js'

const RESOURCE = 'poddisruptionbudgets.policy'
const DISRUPTED_POD_TIMEOUT_MS = 120_000

interface BudgetSpec {
  selector?: LabelSelector
  minAvailable?: number | string
  maxUnavailable?: number | string
}

interface BudgetStatus {
  disruptedPods?: Record<string, string>
  conditions?: Condition[]
}

/** Where the replicas of a pod's controller are: the Deployment above a ReplicaSet, else the controller. */
const SCALED_KINDS: Record<string, string> = {ReplicaSet: 'replicasets.apps', ReplicationController: 'replicationcontrollers', StatefulSet: 'statefulsets.apps', Deployment: 'deployments.apps'}

export class DisruptionController {
  private readonly queue: WorkQueue
  private readonly unsubscribes: Array<() => void>

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('disruption', ctx.clock, (key) => this.sync(key))
    this.unsubscribes = [
      ctx.store.subscribe(RESOURCE, (event) => this.onBudgetEvent(event)),
      ctx.store.subscribe('pods', (event) => this.onPodEvent(event)),
    ]
  }

  stop(): void {
    for (const u of this.unsubscribes) u()
  }

  adopt(pdb: KubeObject): void {
    this.queue.add(objectKey(pdb))
  }

  private onBudgetEvent(event: StoreEvent): void {
    if (event.type === 'DELETED') return
    const pdb = event.entry.object
    if (event.type === 'ADDED' || meta(pdb).generation !== statusOf<{observedGeneration?: number}>(pdb).observedGeneration) this.queue.add(objectKey(pdb))
  }

  private onPodEvent(event: StoreEvent): void {
    const pod = event.entry.object
    const namespace = meta(pod).namespace
    for (const entry of this.ctx.store.list(RESOURCE, {namespace}).entries) {
      if (matchesSelector(specOf<BudgetSpec>(entry.object).selector, meta(pod).labels)) this.queue.add(objectKey(entry.object))
    }
  }

  private sync(key: string): void {
    const {namespace, name} = splitKey(key)
    const pdb = this.ctx.store.get(RESOURCE, namespace, name)?.object
    if (!pdb || meta(pdb).deletionTimestamp) return
    const spec = specOf<BudgetSpec>(pdb)
    const pods = spec.selector ? this.ctx.store.list('pods', {namespace, filter: (e) => matchesSelector(spec.selector, e.object.metadata?.labels)}).entries.map((e) => e.object) : []
    const disruptedPods = this.liveDisruptions(statusOf<BudgetStatus>(pdb).disruptedPods ?? {}, pods)
    const {expected, desiredHealthy} = this.budget(spec, pods)
    const currentHealthy = pods.filter((p) => !meta(p).deletionTimestamp && isPodReady(p) && !(meta(p).name! in disruptedPods)).length
    const allowed = expected > 0 ? Math.max(0, currentHealthy - desiredHealthy) : 0
    const previous = findCondition(statusOf<BudgetStatus>(pdb).conditions, 'DisruptionAllowed')
    const state = allowed > 0 ? 'True' : 'False'
    const condition: Condition = {lastTransitionTime: previous?.status === state ? (previous.lastTransitionTime ?? now()) : now(), message: '', observedGeneration: meta(pdb).generation ?? 1, reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods', status: state, type: 'DisruptionAllowed'}
    writeStatus(this.ctx.store, RESOURCE, pdb, {
      observedGeneration: meta(pdb).generation ?? 1,
      ...(Object.keys(disruptedPods).length ? {disruptedPods} : {}),
      disruptionsAllowed: allowed,
      currentHealthy,
      desiredHealthy,
      expectedPods: expected,
      conditions: [condition],
    })
  }

  /** disruptedPods entries still in effect: the pod is there, not being deleted, and the eviction is recent. */
  private liveDisruptions(recorded: Record<string, string>, pods: KubeObject[]): Record<string, string> {
    const live: Record<string, string> = {}
    for (const [podName, at] of Object.entries(recorded)) {
      const pod = pods.find((p) => meta(p).name === podName)
      if (pod && !meta(pod).deletionTimestamp && Date.now() - Date.parse(at) < DISRUPTED_POD_TIMEOUT_MS) live[podName] = at
    }
    return live
  }

  /** getExpectedPodCount: how many pods there should be and how many must stay healthy. */
  private budget(spec: BudgetSpec, pods: KubeObject[]): {expected: number; desiredHealthy: number} {
    if (spec.maxUnavailable !== undefined) {
      const expected = this.replicasOfControllers(pods)
      return {expected, desiredHealthy: Math.max(0, expected - intOrPercent(spec.maxUnavailable, expected, 0, true))}
    }
    if (typeof spec.minAvailable === 'string' && spec.minAvailable.endsWith('%')) {
      const expected = this.replicasOfControllers(pods)
      return {expected, desiredHealthy: intOrPercent(spec.minAvailable, expected, 0, true)}
    }
    return {expected: pods.length, desiredHealthy: Number(spec.minAvailable ?? 0)}
  }

  /** The sum of spec.replicas of the controllers of the pods (a pod without one counts as one). */
  private replicasOfControllers(pods: KubeObject[]): number {
    const seen = new Map<string, number>()
    let loose = 0
    for (const pod of pods) {
      const owner = controllerOf(pod)
      const resource = owner ? SCALED_KINDS[owner.kind] : undefined
      if (!owner || !resource) {
        loose++
        continue
      }
      if (seen.has(owner.uid)) continue
      seen.set(owner.uid, this.scaleOf(resource, meta(pod).namespace, owner.name))
    }
    return loose + [...seen.values()].reduce((a, b) => a + b, 0)
  }

  private scaleOf(resource: string, namespace: string | undefined, name: string): number {
    const object = this.ctx.store.get(resource, namespace, name)?.object
    if (!object) return 0
    const parent = controllerOf(object)
    if (resource === 'replicasets.apps' && parent?.kind === 'Deployment') return this.scaleOf('deployments.apps', namespace, parent.name)
    return specOf<{replicas?: number}>(object).replicas ?? 1
  }
}
