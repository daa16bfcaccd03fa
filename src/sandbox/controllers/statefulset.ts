/**
 * The StatefulSet controller: pods `<name>-<ordinal>` with stable hostnames (subdomain =
 * serviceName). OrderedReady (the default) creates ordinal n only when 0..n-1 are Running and
 * Ready, removes the highest ordinal first one at a time, and rolls updates from the highest
 * ordinal down to the partition, one pod at a time; Parallel creates and deletes all at once.
 * Status: replicas, ready/available/current/updated replicas, current/update revisions.
 */
import type {KubeObject} from '../types.js'
import type {ControllerContext} from './context.js'
import {deleteObject, isActive, isPodReady, meta, objectKey, podStatus, specOf, splitKey, statusOf, writeStatus, type PodTemplate} from './objects.js'
import {podFromTemplate} from './pod-template.js'
import {WorkQueue} from './queue.js'
import {lagsGeneration, TemplateRevisions, watchWorkload} from './workload.js'

const RESOURCE = 'statefulsets.apps'
const REVISION_LABEL = 'controller-revision-hash'

interface StatefulSetSpec {
  replicas?: number
  serviceName?: string
  podManagementPolicy?: string
  template?: PodTemplate
  updateStrategy?: {type?: string; rollingUpdate?: {partition?: number}}
}

interface StatefulSetStatus {
  currentRevision?: string
  updateRevision?: string
}

export class StatefulSetController {
  private readonly queue: WorkQueue
  private readonly unsubscribes: Array<() => void>
  private readonly revisions = new TemplateRevisions()

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('statefulset', ctx.clock, (key) => this.sync(key))
    this.unsubscribes = watchWorkload(ctx, RESOURCE, 'StatefulSet', this.queue)
  }

  stop(): void {
    for (const u of this.unsubscribes) u()
  }

  adopt(sts: KubeObject): void {
    const revision = statusOf<StatefulSetStatus>(sts).updateRevision
    this.revisions.remember(sts, revision ? revision.slice((meta(sts).name ?? '').length + 1) : undefined)
    if (lagsGeneration(sts)) this.queue.add(objectKey(sts))
  }

  private sync(key: string): void {
    const {namespace, name} = splitKey(key)
    const sts = this.ctx.store.get(RESOURCE, namespace, name)?.object
    if (!sts || meta(sts).deletionTimestamp) return
    const spec = specOf<StatefulSetSpec>(sts)
    const replicas = spec.replicas ?? 1
    const revision = `${name}-${this.revisions.hashOf(sts, () => this.ctx.pods.podsOf(meta(sts).uid ?? ''))}`
    const parallel = spec.podManagementPolicy === 'Parallel'
    const pods = new Map<number, KubeObject>()
    for (const pod of this.ctx.pods.podsOf(meta(sts).uid ?? '')) pods.set(ordinalOf(pod, name), pod)
    const terminating = [...pods.values()].some((p) => meta(p).deletionTimestamp)
    this.reconcile(sts, pods, replicas, revision, parallel, terminating)
    this.writeStatus(sts, revision)
  }

  private reconcile(sts: KubeObject, pods: Map<number, KubeObject>, replicas: number, revision: string, parallel: boolean, terminating: boolean): void {
    for (let i = 0; i < replicas; i++) {
      const pod = pods.get(i)
      if (!pod) {
        if (!terminating || parallel) this.createPod(sts, i, revision)
        if (!parallel) return
        continue
      }
      if (podStatus(pod).phase === 'Failed' || podStatus(pod).phase === 'Succeeded') {
        this.deletePod(sts, pod)
        if (!parallel) return
      }
      if (!parallel && (!isPodReady(pod) || meta(pod).deletionTimestamp)) return
    }
    const extra = [...pods.entries()].filter(([i, p]) => i >= replicas && !meta(p).deletionTimestamp).sort((a, b) => b[0] - a[0])
    if (extra.length) {
      if (parallel) for (const [, pod] of extra) this.deletePod(sts, pod)
      else if (!terminating) this.deletePod(sts, extra[0]![1])
      return
    }
    if (terminating || specOf<StatefulSetSpec>(sts).updateStrategy?.type === 'OnDelete') return
    const partition = specOf<StatefulSetSpec>(sts).updateStrategy?.rollingUpdate?.partition ?? 0
    for (let i = replicas - 1; i >= partition; i--) {
      const pod = pods.get(i)
      if (pod && meta(pod).labels?.[REVISION_LABEL] !== revision) {
        this.deletePod(sts, pod)
        return
      }
    }
  }

  private createPod(sts: KubeObject, ordinal: number, revision: string): void {
    const name = `${meta(sts).name}-${ordinal}`
    const spec = specOf<StatefulSetSpec>(sts)
    const pod = this.ctx.store.create(
      podFromTemplate({
        owner: sts,
        template: spec.template ?? {},
        name,
        extraLabels: {'apps.kubernetes.io/pod-index': String(ordinal), [REVISION_LABEL]: revision, 'statefulset.kubernetes.io/pod-name': name},
        extraSpec: {hostname: name, ...(spec.serviceName ? {subdomain: spec.serviceName} : {})},
      }),
    )
    this.ctx.recorder.record(sts, {component: 'statefulset-controller'}, {reason: 'SuccessfulCreate', message: `create Pod ${meta(pod).name} in StatefulSet ${meta(sts).name} successful`})
  }

  private deletePod(sts: KubeObject, pod: KubeObject): void {
    deleteObject(this.ctx.store, 'pods', pod)
    this.ctx.recorder.record(sts, {component: 'statefulset-controller'}, {reason: 'SuccessfulDelete', message: `delete Pod ${meta(pod).name} in StatefulSet ${meta(sts).name} successful`})
  }

  private writeStatus(sts: KubeObject, revision: string): void {
    const pods = this.ctx.pods.podsOf(meta(sts).uid ?? '').filter(isActive)
    const ready = pods.filter(isPodReady).length
    const updated = pods.filter((p) => meta(p).labels?.[REVISION_LABEL] === revision).length
    const replicas = specOf<StatefulSetSpec>(sts).replicas ?? 1
    const previous = statusOf<StatefulSetStatus>(sts)
    const current = updated === pods.length && updated === replicas ? revision : (previous.currentRevision ?? revision)
    const status: Record<string, unknown> = {availableReplicas: ready, collisionCount: 0, currentReplicas: current === revision ? updated : pods.length - updated, currentRevision: current, observedGeneration: meta(sts).generation ?? 1}
    if (ready) status.readyReplicas = ready
    status.replicas = pods.length
    status.updateRevision = revision
    status.updatedReplicas = updated
    writeStatus(this.ctx.store, RESOURCE, sts, status)
  }
}

function ordinalOf(pod: KubeObject, setName: string): number {
  const name = meta(pod).name ?? ''
  const suffix = name.startsWith(`${setName}-`) ? name.slice(setName.length + 1) : ''
  return /^\d+$/.test(suffix) ? Number(suffix) : -1
}
