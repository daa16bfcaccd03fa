/**
 * The ReplicaSet controller: keeps `spec.replicas` active pods (created from the template with
 * generateName `<rs>-`, deleted unscheduled/pending/unready/newest first) and writes status
 * (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration), with
 * SuccessfulCreate / SuccessfulDelete events.
 *
 * The ReplicationController controller is this one over core/v1 replicationcontrollers, as
 * upstream's ReplicationManager wraps the ReplicaSet controller (events from `replication-controller`).
 */
import type {StoreEvent} from '../store.js'
import type {KubeObject} from '../types.js'
import type {ControllerContext} from './context.js'
import {controllerOf, deleteObject, isActive, isPodAvailable, isPodReady, matchesSelector, meta, objectKey, podSpec, podStatus, specOf, splitKey, statusOf, writeStatus, type PodTemplate} from './objects.js'
import {podFromTemplate} from './pod-template.js'
import {WorkQueue} from './queue.js'

/** What differs between the ReplicaSet and ReplicationController controllers. */
export interface ReplicaKind {
  resource: string
  kind: string
  /** The event source component. */
  component: string
}

const REPLICA_SET: ReplicaKind = {resource: 'replicasets.apps', kind: 'ReplicaSet', component: 'replicaset-controller'}
const REPLICATION_CONTROLLER: ReplicaKind = {resource: 'replicationcontrollers', kind: 'ReplicationController', component: 'replication-controller'}
/** The real controller creates at most this many pods per sync (slow-start batches). */
const burst = 500

interface ReplicaSetSpec {
  replicas?: number
  minReadySeconds?: number
  template?: PodTemplate
}

interface ReplicaSetStatus {
  replicas?: number
  observedGeneration?: number
  conditions?: unknown[]
}

export class ReplicaSetController {
  private readonly queue: WorkQueue
  private readonly unsubscribes: Array<() => void>

  constructor(
    private readonly ctx: ControllerContext,
    private readonly type: ReplicaKind = REPLICA_SET,
  ) {
    this.queue = new WorkQueue(type.kind.toLowerCase(), ctx.clock, (key) => this.sync(key))
    this.unsubscribes = [
      ctx.store.subscribe(type.resource, (event) => this.onReplicaSetEvent(event)),
      ctx.store.subscribe('pods', (event) => this.onPodEvent(event)),
    ]
  }

  stop(): void {
    for (const u of this.unsubscribes) u()
  }

  adopt(rs: KubeObject): void {
    if (needsSync(rs)) this.queue.add(objectKey(rs))
  }

  private onReplicaSetEvent(event: StoreEvent): void {
    if (event.type === 'DELETED') return
    const rs = event.entry.object
    if (event.type === 'ADDED' || needsSync(rs) || meta(rs).generation !== event.previous?.object.metadata?.generation) this.queue.add(objectKey(rs))
  }

  private onPodEvent(event: StoreEvent): void {
    const owner = controllerOf(event.entry.object)
    if (owner?.kind === this.type.kind) this.queue.add(`${meta(event.entry.object).namespace}/${owner.name}`)
  }

  private sync(key: string): void {
    const {namespace, name} = splitKey(key)
    const rs = this.ctx.store.get(this.type.resource, namespace, name)?.object
    if (!rs || meta(rs).deletionTimestamp) return
    const spec = specOf<ReplicaSetSpec>(rs)
    const wanted = spec.replicas ?? 1
    const active = this.ctx.pods.podsOf(meta(rs).uid ?? '').filter(isActive)
    if (active.length < wanted) this.createPods(rs, Math.min(wanted - active.length, burst))
    else if (active.length > wanted) this.deletePods(rs, active, active.length - wanted)
    if (active.length < wanted && wanted - active.length > burst) this.queue.add(key)
    this.writeStatus(rs)
  }

  private createPods(rs: KubeObject, count: number): void {
    const template = specOf<ReplicaSetSpec>(rs).template ?? {}
    for (let i = 0; i < count; i++) {
      const pod = this.ctx.store.create(podFromTemplate({owner: rs, template, generateName: `${meta(rs).name}-`}))
      this.ctx.recorder.record(rs, {component: this.type.component}, {reason: 'SuccessfulCreate', message: `Created pod: ${meta(pod).name}`})
    }
  }

  private deletePods(rs: KubeObject, active: KubeObject[], count: number): void {
    for (const pod of [...active].sort(deletionOrder).slice(0, count)) {
      deleteObject(this.ctx.store, 'pods', pod)
      this.ctx.recorder.record(rs, {component: this.type.component}, {reason: 'SuccessfulDelete', message: `Deleted pod: ${meta(pod).name}`})
    }
  }

  private writeStatus(rs: KubeObject): void {
    const spec = specOf<ReplicaSetSpec>(rs)
    const minReady = spec.minReadySeconds ?? 0
    const active = this.ctx.pods.podsOf(meta(rs).uid ?? '').filter(isActive)
    const ready = active.filter(isPodReady)
    const available = active.filter((p) => isPodAvailable(p, minReady, (since) => this.ctx.clock.simulated(Date.now() - since)))
    const labeled = active.filter((p) => matchesSelector({matchLabels: spec.template?.metadata?.labels ?? {}}, meta(p).labels))
    const previous = statusOf<ReplicaSetStatus>(rs)
    const status: Record<string, unknown> = {}
    if (available.length) status.availableReplicas = available.length
    if (previous.conditions?.length) status.conditions = previous.conditions
    if (labeled.length) status.fullyLabeledReplicas = labeled.length
    if (meta(rs).generation !== undefined) status.observedGeneration = meta(rs).generation
    if (ready.length) status.readyReplicas = ready.length
    status.replicas = active.length
    writeStatus(this.ctx.store, this.type.resource, rs, status)
    if (ready.length > available.length) this.queue.addAfter(objectKey(rs), minReady * 1000)
  }
}

/** Upstream's ReplicationManager: the ReplicaSet controller over ReplicationControllers. */
export class ReplicationManager extends ReplicaSetController {
  constructor(ctx: ControllerContext) {
    super(ctx, REPLICATION_CONTROLLER)
  }
}

function needsSync(rs: KubeObject): boolean {
  return statusOf<ReplicaSetStatus>(rs).observedGeneration !== meta(rs).generation
}

/** controller.ActivePods ordering: the pods to delete first come first. */
function deletionOrder(a: KubeObject, b: KubeObject): number {
  const rank = (p: KubeObject) => [podSpec(p).nodeName ? 1 : 0, ({Pending: 0, Unknown: 1, Running: 2} as Record<string, number>)[podStatus(p).phase ?? 'Pending'] ?? 0, isPodReady(p) ? 1 : 0]
  const ra = rank(a)
  const rb = rank(b)
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!
  return (meta(b).creationTimestamp ?? '').localeCompare(meta(a).creationTimestamp ?? '')
}
