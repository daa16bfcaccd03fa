/**
 * The Deployment controller, after pkg/controller/deployment: one ReplicaSet per pod template
 * (`<deployment>-<pod-template-hash>`, owned by the Deployment, with the revision,
 * desired-replicas and max-replicas annotations), rolling updates within maxSurge and
 * maxUnavailable, Recreate, scaling, revisionHistoryLimit cleanup, and the status that
 * `kubectl rollout status` reads: observedGeneration, replicas, updatedReplicas, readyReplicas,
 * availableReplicas, unavailableReplicas and the Available / Progressing conditions with the
 * real reasons (MinimumReplicasAvailable, NewReplicaSetCreated, ReplicaSetUpdated,
 * NewReplicaSetAvailable, ProgressDeadlineExceeded).
 */
import type {StoreEvent} from '../store.js'
import type {KubeObject} from '../types.js'
import type {ControllerContext} from './context.js'
import {canonicalJson, templateHash} from './hash.js'
import {controllerOf, controllerReference, deleteObject, findCondition, intOrPercent, isActive, meta, modify, now, objectKey, specOf, splitKey, statusOf, writeStatus, type Condition, type LabelSelector, type PodTemplate} from './objects.js'
import {WorkQueue} from './queue.js'

const RESOURCE = 'deployments.apps'
const RS_RESOURCE = 'replicasets.apps'
const HASH_LABEL = 'pod-template-hash'
const REVISION = 'deployment.kubernetes.io/revision'
const DESIRED = 'deployment.kubernetes.io/desired-replicas'
const MAX = 'deployment.kubernetes.io/max-replicas'

interface DeploymentSpec {
  replicas?: number
  selector?: LabelSelector
  template?: PodTemplate
  strategy?: {type?: string; rollingUpdate?: {maxSurge?: string | number; maxUnavailable?: string | number}}
  minReadySeconds?: number
  revisionHistoryLimit?: number
  progressDeadlineSeconds?: number
  paused?: boolean
}

interface DeploymentStatus {
  observedGeneration?: number
  replicas?: number
  updatedReplicas?: number
  readyReplicas?: number
  availableReplicas?: number
  unavailableReplicas?: number
  conditions?: Condition[]
  collisionCount?: number
}

interface ReplicaSetView {
  object: KubeObject
  replicas: number
  statusReplicas: number
  ready: number
  available: number
  revision: number
}

export class DeploymentController {
  private readonly queue: WorkQueue
  private readonly unsubscribes: Array<() => void>

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('deployment', ctx.clock, (key) => this.sync(key))
    this.unsubscribes = [
      ctx.store.subscribe(RESOURCE, (event) => this.onDeploymentEvent(event)),
      ctx.store.subscribe(RS_RESOURCE, (event) => this.onReplicaSetEvent(event)),
    ]
  }

  stop(): void {
    for (const u of this.unsubscribes) u()
  }

  adopt(deployment: KubeObject): void {
    if (statusOf<DeploymentStatus>(deployment).observedGeneration !== meta(deployment).generation) this.queue.add(objectKey(deployment))
  }

  private onDeploymentEvent(event: StoreEvent): void {
    if (event.type === 'DELETED') return
    const d = event.entry.object
    const changed = meta(d).generation !== event.previous?.object.metadata?.generation
    if (event.type === 'ADDED' || changed || statusOf<DeploymentStatus>(d).observedGeneration !== meta(d).generation) this.queue.add(objectKey(d))
  }

  private onReplicaSetEvent(event: StoreEvent): void {
    const owner = controllerOf(event.entry.object)
    if (owner?.kind === 'Deployment') this.queue.add(`${meta(event.entry.object).namespace}/${owner.name}`)
  }

  private sync(key: string): void {
    const {namespace, name} = splitKey(key)
    const d = this.ctx.store.get(RESOURCE, namespace, name)?.object
    if (!d || meta(d).deletionTimestamp) return
    const spec = specOf<DeploymentSpec>(d)
    if (!spec.paused) {
      if (spec.strategy?.type === 'Recreate') this.rolloutRecreate(d)
      else this.rolloutRolling(d)
    }
    this.syncStatus(d)
  }

  private replicaSets(d: KubeObject): ReplicaSetView[] {
    const uid = meta(d).uid
    return this.ctx.store
      .list(RS_RESOURCE, {namespace: meta(d).namespace ?? 'default'})
      .entries.map((e) => e.object)
      .filter((rs) => controllerOf(rs)?.uid === uid && !meta(rs).deletionTimestamp)
      .map(viewOf)
  }

  /** The ReplicaSet whose template is the Deployment's (ignoring the hash label), and the others. */
  private split(d: KubeObject): {newRS: ReplicaSetView | undefined; old: ReplicaSetView[]} {
    const all = this.replicaSets(d)
    const wanted = canonicalJson(withoutHash(specOf<DeploymentSpec>(d).template))
    const matching = all.filter((rs) => canonicalJson(withoutHash(specOf<{template?: PodTemplate}>(rs.object).template)) === wanted)
    matching.sort((a, b) => (meta(a.object).creationTimestamp ?? '').localeCompare(meta(b.object).creationTimestamp ?? ''))
    const newRS = matching[0]
    return {newRS, old: all.filter((rs) => rs !== newRS)}
  }

  private rolloutRolling(d: KubeObject): void {
    const spec = specOf<DeploymentSpec>(d)
    const replicas = spec.replicas ?? 1
    const {maxSurge, maxUnavailable} = rollingParameters(spec)
    const {newRS: found, old} = this.split(d)
    let newRS = found
    if (!newRS) {
      const current = old.reduce((n, rs) => n + rs.replicas, 0)
      const initial = old.length === 0 ? replicas : Math.max(0, Math.min(replicas + maxSurge - current, replicas))
      newRS = this.createReplicaSet(d, old, initial)
      if (!newRS) return
    } else {
      newRS = this.adoptRevision(d, newRS, old)
      const all = [newRS, ...old]
      const current = all.reduce((n, rs) => n + rs.replicas, 0)
      if (newRS.replicas > replicas) newRS = this.scale(d, newRS, replicas)
      else if (newRS.replicas < replicas) {
        const scaleUp = Math.min(replicas + maxSurge - current, replicas - newRS.replicas)
        if (scaleUp > 0) newRS = this.scale(d, newRS, newRS.replicas + scaleUp)
      }
    }
    this.scaleDownOld(d, newRS, old, replicas, maxUnavailable)
  }

  /** reconcileOldReplicaSets: unhealthy old pods first, then old available ones while minAvailable holds. */
  private scaleDownOld(d: KubeObject, newRS: ReplicaSetView, old: ReplicaSetView[], replicas: number, maxUnavailable: number): void {
    const oldCount = old.reduce((n, rs) => n + rs.replicas, 0)
    if (oldCount === 0) return
    const all = [newRS, ...old]
    const allCount = all.reduce((n, rs) => n + rs.replicas, 0)
    const minAvailable = replicas - maxUnavailable
    const newUnavailable = newRS.replicas - newRS.available
    let budget = allCount - minAvailable - newUnavailable
    if (budget <= 0) return
    const byAge = [...old].sort((a, b) => (meta(a.object).creationTimestamp ?? '').localeCompare(meta(b.object).creationTimestamp ?? ''))
    for (const rs of byAge) {
      if (budget <= 0) break
      const unhealthy = rs.replicas - rs.available
      if (unhealthy <= 0 || rs.replicas === 0) continue
      const cut = Math.min(budget, unhealthy)
      rs.replicas = this.scale(d, rs, rs.replicas - cut).replicas
      budget -= cut
    }
    const available = all.reduce((n, rs) => n + rs.available, 0)
    let scaleDown = available - minAvailable
    for (const rs of byAge) {
      if (scaleDown <= 0) break
      if (rs.replicas === 0) continue
      const cut = Math.min(rs.replicas, scaleDown)
      this.scale(d, rs, rs.replicas - cut)
      scaleDown -= cut
    }
  }

  private rolloutRecreate(d: KubeObject): void {
    const replicas = specOf<DeploymentSpec>(d).replicas ?? 1
    const {newRS, old} = this.split(d)
    const runningOld = old.filter((rs) => rs.replicas > 0)
    if (runningOld.length) {
      for (const rs of runningOld) this.scale(d, rs, 0)
      return
    }
    if (old.some((rs) => this.ctx.pods.podsOf(meta(rs.object).uid ?? '').some(isActive))) return
    if (!newRS) this.createReplicaSet(d, old, replicas)
    else if (newRS.replicas !== replicas) this.scale(d, this.adoptRevision(d, newRS, old), replicas)
  }

  private createReplicaSet(d: KubeObject, old: ReplicaSetView[], replicas: number): ReplicaSetView | undefined {
    const spec = specOf<DeploymentSpec>(d)
    let collisionCount = statusOf<DeploymentStatus>(d).collisionCount ?? 0
    const template = withoutHash(spec.template) ?? {}
    let hash = templateHash(template, collisionCount)
    while (this.ctx.store.get(RS_RESOURCE, meta(d).namespace, `${meta(d).name}-${hash}`)) hash = templateHash(template, ++collisionCount)
    if (collisionCount !== (statusOf<DeploymentStatus>(d).collisionCount ?? 0)) writeStatus(this.ctx.store, RESOURCE, d, {...statusOf<DeploymentStatus>(d), collisionCount})
    const revision = nextRevision(old)
    const labels = {...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash}
    const created = this.ctx.store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${meta(d).name}-${hash}`,
        namespace: meta(d).namespace,
        generation: 1,
        labels,
        annotations: {[DESIRED]: String(spec.replicas ?? 1), [MAX]: String((spec.replicas ?? 1) + rollingParameters(spec).maxSurge), [REVISION]: String(revision)},
        ownerReferences: [controllerReference(d)],
      },
      spec: {
        replicas,
        ...(spec.minReadySeconds ? {minReadySeconds: spec.minReadySeconds} : {}),
        selector: {...spec.selector, matchLabels: {...(spec.selector?.matchLabels ?? {}), [HASH_LABEL]: hash}},
        template: {...template, metadata: {...template.metadata, labels}},
      },
      status: {replicas: 0},
    })
    this.setProgressing(d, 'NewReplicaSetCreated', `Created new replica set "${meta(created).name}"`)
    if (replicas > 0) this.event(d, `Scaled up replica set ${meta(created).name} from 0 to ${replicas}`)
    this.setRevision(d, revision)
    return viewOf(created)
  }

  /** A ReplicaSet that becomes current again (a rollback) takes the next revision. */
  private adoptRevision(d: KubeObject, newRS: ReplicaSetView, old: ReplicaSetView[]): ReplicaSetView {
    const maxOld = old.reduce((n, rs) => Math.max(n, rs.revision), 0)
    const revision = newRS.revision > maxOld ? newRS.revision : maxOld + 1
    this.setRevision(d, revision)
    if (revision === newRS.revision) return newRS
    const updated = modify(this.ctx.store, RS_RESOURCE, newRS.object, (rs) => ({...rs, metadata: {...rs.metadata, annotations: {...(meta(rs).annotations ?? {}), [REVISION]: String(revision)}}}))
    return updated ? viewOf(updated) : newRS
  }

  private setRevision(d: KubeObject, revision: number): void {
    modify(this.ctx.store, RESOURCE, d, (current) =>
      meta(current).annotations?.[REVISION] === String(revision) ? current : {...current, metadata: {...current.metadata, annotations: {...(meta(current).annotations ?? {}), [REVISION]: String(revision)}}},
    )
  }

  private scale(d: KubeObject, rs: ReplicaSetView, replicas: number): ReplicaSetView {
    const spec = specOf<DeploymentSpec>(d)
    const desired = String(spec.replicas ?? 1)
    const max = String((spec.replicas ?? 1) + rollingParameters(spec).maxSurge)
    const updated = modify(this.ctx.store, RS_RESOURCE, rs.object, (current) => ({
      ...current,
      metadata: {...current.metadata, annotations: {...(meta(current).annotations ?? {}), [DESIRED]: desired, [MAX]: max}},
      spec: {...(current.spec as object), replicas},
    }))
    if (!updated) return rs
    if (replicas !== rs.replicas) this.event(d, `Scaled ${replicas > rs.replicas ? 'up' : 'down'} replica set ${meta(rs.object).name} from ${rs.replicas} to ${replicas}`)
    return viewOf(updated)
  }

  private event(d: KubeObject, message: string): void {
    this.ctx.recorder.record(d, {component: 'deployment-controller'}, {reason: 'ScalingReplicaSet', message})
  }

  private setProgressing(d: KubeObject, reason: string, message: string): void {
    const current = this.ctx.store.get(RESOURCE, meta(d).namespace, meta(d).name ?? '')?.object
    if (!current) return
    const status = statusOf<DeploymentStatus>(current)
    const conditions = setCondition(status.conditions, {type: 'Progressing', status: 'True', reason, message}, true)
    writeStatus(this.ctx.store, RESOURCE, current, {...status, conditions})
  }

  private syncStatus(d: KubeObject): void {
    const current = this.ctx.store.get(RESOURCE, meta(d).namespace, meta(d).name ?? '')?.object
    if (!current) return
    const spec = specOf<DeploymentSpec>(current)
    const previous = statusOf<DeploymentStatus>(current)
    const {newRS, old} = this.split(current)
    const all = newRS ? [newRS, ...old] : old
    const replicas = spec.replicas ?? 1
    const sum = (pick: (rs: ReplicaSetView) => number) => all.reduce((n, rs) => n + pick(rs), 0)
    const available = sum((rs) => rs.available)
    const status: DeploymentStatus & Record<string, unknown> = {}
    if (available) status.availableReplicas = available
    if (previous.collisionCount) status.collisionCount = previous.collisionCount
    let conditions = previous.conditions ?? []
    const minAvailable = replicas - rollingParameters(spec).maxUnavailable
    conditions = available >= minAvailable
      ? setCondition(conditions, {type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.'})
      : setCondition(conditions, {type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.'})
    status.conditions = conditions
    status.observedGeneration = meta(current).generation ?? 1
    const ready = sum((rs) => rs.ready)
    if (ready) status.readyReplicas = ready
    status.replicas = sum((rs) => rs.statusReplicas)
    const unavailable = Math.max(0, sum((rs) => rs.replicas) - available)
    if (unavailable) status.unavailableReplicas = unavailable
    const updated = newRS?.statusReplicas ?? 0
    if (updated) status.updatedReplicas = updated
    status.conditions = this.progressConditions(current, previous, status, newRS)
    writeStatus(this.ctx.store, RESOURCE, current, orderedStatus(status))
    if (newRS && status.replicas === replicas && !old.some((rs) => rs.replicas > 0)) this.cleanupHistory(current, old)
  }

  /** syncRolloutStatus: complete, progressing, or past the progress deadline. */
  private progressConditions(d: KubeObject, previous: DeploymentStatus, next: DeploymentStatus, newRS: ReplicaSetView | undefined): Condition[] {
    const spec = specOf<DeploymentSpec>(d)
    const replicas = spec.replicas ?? 1
    let conditions = next.conditions ?? []
    const deadline = spec.progressDeadlineSeconds ?? 600
    const current = findCondition(conditions, 'Progressing')
    const complete = (next.updatedReplicas ?? 0) === replicas && (next.replicas ?? 0) === replicas && (next.availableReplicas ?? 0) === replicas
    const alreadyComplete = (next.replicas ?? 0) === (next.updatedReplicas ?? 0) && current?.reason === 'NewReplicaSetAvailable'
    const subject = newRS ? `ReplicaSet "${meta(newRS.object).name}"` : `Deployment "${meta(d).name}"`
    if (alreadyComplete) return conditions // a resync (or a scale) after the rollout: nothing to estimate
    if (complete) return setCondition(conditions, {type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `${subject} has successfully progressed.`})
    const progressed =
      (next.updatedReplicas ?? 0) > (previous.updatedReplicas ?? 0) ||
      (next.replicas ?? 0) < (previous.replicas ?? 0) ||
      (next.readyReplicas ?? 0) > (previous.readyReplicas ?? 0) ||
      (next.availableReplicas ?? 0) > (previous.availableReplicas ?? 0)
    if (progressed || !current) {
      conditions = setCondition(conditions, {type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `${subject} is progressing.`}, true)
    } else if (current.status === 'True' && current.reason !== 'NewReplicaSetAvailable') {
      const since = Date.parse(current.lastUpdateTime ?? current.lastTransitionTime ?? '') || Date.now()
      const elapsed = this.ctx.clock.simulated(Date.now() - since)
      if (elapsed >= deadline * 1000) {
        conditions = setCondition(conditions, {type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `${subject} has timed out progressing.`})
      } else this.queue.addAfter(objectKey(d), deadline * 1000 - elapsed + 10)
    }
    if (findCondition(conditions, 'Progressing')?.reason === 'ReplicaSetUpdated') this.queue.addAfter(objectKey(d), deadline * 1000 + 10)
    return conditions
  }

  /** revisionHistoryLimit: delete the oldest scaled-down ReplicaSets beyond the limit. */
  private cleanupHistory(d: KubeObject, old: ReplicaSetView[]): void {
    const limit = specOf<DeploymentSpec>(d).revisionHistoryLimit ?? 10
    const idle = old.filter((rs) => rs.replicas === 0 && rs.statusReplicas === 0).sort((a, b) => a.revision - b.revision)
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) deleteObject(this.ctx.store, RS_RESOURCE, rs.object)
  }
}

function viewOf(rs: KubeObject): ReplicaSetView {
  const status = statusOf<{replicas?: number; readyReplicas?: number; availableReplicas?: number}>(rs)
  return {
    object: rs,
    replicas: specOf<{replicas?: number}>(rs).replicas ?? 1,
    statusReplicas: status.replicas ?? 0,
    ready: status.readyReplicas ?? 0,
    available: status.availableReplicas ?? 0,
    revision: Number(meta(rs).annotations?.[REVISION] ?? 0) || 0,
  }
}

function nextRevision(old: ReplicaSetView[]): number {
  return old.reduce((n, rs) => Math.max(n, rs.revision), 0) + 1
}

function withoutHash(template: PodTemplate | undefined): PodTemplate | undefined {
  if (!template?.metadata?.labels?.[HASH_LABEL]) return template
  const {[HASH_LABEL]: _hash, ...labels} = template.metadata.labels
  return {...template, metadata: {...template.metadata, labels}}
}

/** maxSurge rounds up, maxUnavailable down; both zero means maxUnavailable 1 (deploymentutil.ResolveFenceposts). */
export function rollingParameters(spec: DeploymentSpec): {maxSurge: number; maxUnavailable: number} {
  const replicas = spec.replicas ?? 1
  if (spec.strategy?.type === 'Recreate') return {maxSurge: 0, maxUnavailable: replicas}
  const maxSurge = intOrPercent(spec.strategy?.rollingUpdate?.maxSurge, replicas, '25%', true)
  const maxUnavailable = intOrPercent(spec.strategy?.rollingUpdate?.maxUnavailable, replicas, '25%', false)
  return maxSurge === 0 && maxUnavailable === 0 ? {maxSurge: 0, maxUnavailable: 1} : {maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas)}
}

/**
 * util.SetDeploymentCondition: no change when status and reason are the same; a new status
 * gets a new lastTransitionTime. `refresh` (the Progressing special case) always replaces the
 * condition, bumping lastUpdateTime but keeping lastTransitionTime while the status holds.
 */
function setCondition(conditions: Condition[] | undefined, wanted: {type: string; status: string; reason: string; message: string}, refresh = false): Condition[] {
  const list = conditions ?? []
  const current = findCondition(list, wanted.type)
  if (!refresh && current && current.status === wanted.status && current.reason === wanted.reason) return list
  const time = now()
  const condition: Condition = {
    lastTransitionTime: current && current.status === wanted.status ? (current.lastTransitionTime ?? time) : time,
    lastUpdateTime: time,
    message: wanted.message,
    reason: wanted.reason,
    status: wanted.status,
    type: wanted.type,
  }
  return [...list.filter((c) => c.type !== wanted.type), condition]
}

/** Status fields in the order the API server serialises them. */
function orderedStatus(status: DeploymentStatus & Record<string, unknown>): Record<string, unknown> {
  const order = ['availableReplicas', 'collisionCount', 'conditions', 'observedGeneration', 'readyReplicas', 'replicas', 'unavailableReplicas', 'updatedReplicas']
  const out: Record<string, unknown> = {}
  for (const key of order) if (status[key] !== undefined) out[key] = status[key]
  return out
}
