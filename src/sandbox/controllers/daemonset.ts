/**
 * The DaemonSet controller: one pod on every node the template's nodeSelector/affinity selects
 * and whose NoSchedule/NoExecute taints it tolerates (with the tolerations the controller adds to
 * daemon pods), pinned by node affinity on metadata.name and bound by the scheduler; pods on nodes
 * that no longer qualify are deleted; RollingUpdate replaces outdated pods maxUnavailable at a time.
 * Status: desired/current/updated/misscheduled, ready/available/unavailable, observedGeneration.
 */
import type {KubeObject} from '../types.js'
import type {ControllerContext} from './context.js'
import {deleteObject, intOrPercent, isActive, isPodReady, meta, objectKey, podSpec, specOf, splitKey, writeStatus, type PodTemplate, type Taint, type Toleration} from './objects.js'
import {podFromTemplate} from './pod-template.js'
import {WorkQueue} from './queue.js'
import {matchesNodeAffinity, tolerates} from './scheduler.js'
import {lagsGeneration, TemplateRevisions, watchWorkload} from './workload.js'

const RESOURCE = 'daemonsets.apps'

interface DaemonSetSpec {
  template?: PodTemplate
  updateStrategy?: {type?: string; rollingUpdate?: {maxUnavailable?: string | number}}
}

/** The tolerations the DaemonSet controller adds to every daemon pod. */
const daemonTolerations: Toleration[] = [
  {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute'},
  {key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute'},
  {key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule'},
  {key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule'},
  {key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule'},
  {key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule'},
]

export class DaemonSetController {
  private readonly queue: WorkQueue
  private readonly unsubscribes: Array<() => void>
  private readonly revisions = new TemplateRevisions()

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('daemonset', ctx.clock, (key) => this.sync(key))
    this.unsubscribes = [
      ...watchWorkload(ctx, RESOURCE, 'DaemonSet', this.queue),
      ctx.store.subscribe('nodes', () => {
        for (const entry of ctx.store.list(RESOURCE).entries) this.queue.add(entry.key)
      }),
    ]
  }

  stop(): void {
    for (const u of this.unsubscribes) u()
  }

  adopt(ds: KubeObject): void {
    this.revisions.remember(ds, undefined)
    if (lagsGeneration(ds)) this.queue.add(objectKey(ds))
  }

  private sync(key: string): void {
    const {namespace, name} = splitKey(key)
    const ds = this.ctx.store.get(RESOURCE, namespace, name)?.object
    if (!ds || meta(ds).deletionTimestamp) return
    const spec = specOf<DaemonSetSpec>(ds)
    const podsOf = () => this.ctx.pods.podsOf(meta(ds).uid ?? '')
    const hash = this.revisions.hashOf(ds, podsOf)
    const nodes = this.ctx.store.list('nodes').entries.map((e) => e.object)
    const tolerations = [...(spec.template?.spec?.tolerations ?? []), ...daemonTolerations]
    const byNode = new Map<string, KubeObject[]>()
    for (const pod of podsOf().filter(isActive)) {
      const node = nodeOfDaemonPod(pod)
      if (node) byNode.set(node, [...(byNode.get(node) ?? []), pod])
    }
    let desired = 0
    for (const node of nodes) {
      const nodeName = meta(node).name ?? ''
      const pods = byNode.get(nodeName) ?? []
      const fits = spec.template?.spec ? matchesNodeAffinity(spec.template.spec, node) : false
      const shouldRun = fits && untolerated(node, tolerations, ['NoSchedule', 'NoExecute']) === 0
      const mayContinue = fits && untolerated(node, tolerations, ['NoExecute']) === 0
      if (shouldRun) desired++
      if (shouldRun && pods.length === 0) this.createPod(ds, nodeName, hash)
      else if (!mayContinue) for (const pod of pods) this.deletePod(ds, pod)
      else for (const extra of pods.slice(1)) this.deletePod(ds, extra)
    }
    this.rollingUpdate(ds, hash, desired)
    this.writeStatus(ds, hash, desired, nodes)
  }

  private rollingUpdate(ds: KubeObject, hash: string, desired: number): void {
    const spec = specOf<DaemonSetSpec>(ds)
    if (spec.updateStrategy?.type === 'OnDelete') return
    const maxUnavailable = Math.max(1, intOrPercent(spec.updateStrategy?.rollingUpdate?.maxUnavailable, desired, 1, false))
    const pods = this.ctx.pods.podsOf(meta(ds).uid ?? '').filter(isActive)
    let unavailable = pods.filter((p) => !isPodReady(p)).length + Math.max(0, desired - pods.length)
    for (const pod of pods.filter((p) => meta(p).labels?.['controller-revision-hash'] !== hash)) {
      if (unavailable >= maxUnavailable) break
      this.deletePod(ds, pod)
      unavailable++
    }
  }

  private createPod(ds: KubeObject, nodeName: string, hash: string): void {
    const template = specOf<DaemonSetSpec>(ds).template ?? {}
    const affinity = {...(template.spec?.affinity ?? {}), nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: 'metadata.name', operator: 'In', values: [nodeName]}]}]}}}
    const tolerations = [...(template.spec?.tolerations ?? []), ...daemonTolerations.filter((t) => !(template.spec?.tolerations ?? []).some((o) => o.key === t.key && o.effect === t.effect))]
    const pod = this.ctx.store.create(
      podFromTemplate({
        owner: ds,
        template,
        generateName: `${meta(ds).name}-`,
        extraLabels: {'controller-revision-hash': hash, 'pod-template-generation': String(meta(ds).generation ?? 1)},
        extraSpec: {affinity, tolerations},
      }),
    )
    this.ctx.recorder.record(ds, {component: 'daemonset-controller'}, {reason: 'SuccessfulCreate', message: `Created pod: ${meta(pod).name}`})
  }

  private deletePod(ds: KubeObject, pod: KubeObject): void {
    deleteObject(this.ctx.store, 'pods', pod)
    this.ctx.recorder.record(ds, {component: 'daemonset-controller'}, {reason: 'SuccessfulDelete', message: `Deleted pod: ${meta(pod).name}`})
  }

  private writeStatus(ds: KubeObject, hash: string, desired: number, nodes: KubeObject[]): void {
    const tolerations = [...(specOf<DaemonSetSpec>(ds).template?.spec?.tolerations ?? []), ...daemonTolerations]
    const eligible = new Set(nodes.filter((n) => specOf<DaemonSetSpec>(ds).template?.spec && matchesNodeAffinity(specOf<DaemonSetSpec>(ds).template!.spec!, n) && untolerated(n, tolerations, ['NoSchedule', 'NoExecute']) === 0).map((n) => meta(n).name))
    const pods = this.ctx.pods.podsOf(meta(ds).uid ?? '').filter(isActive)
    const scheduled = pods.filter((p) => eligible.has(nodeOfDaemonPod(p)))
    const ready = scheduled.filter(isPodReady).length
    const status: Record<string, unknown> = {
      currentNumberScheduled: scheduled.length,
      desiredNumberScheduled: desired,
      numberAvailable: ready,
      numberMisscheduled: pods.length - scheduled.length,
      numberReady: ready,
    }
    if (desired - ready > 0) status.numberUnavailable = desired - ready
    status.observedGeneration = meta(ds).generation ?? 1
    status.updatedNumberScheduled = scheduled.filter((p) => meta(p).labels?.['controller-revision-hash'] === hash).length
    writeStatus(this.ctx.store, RESOURCE, ds, status)
  }
}

/** The node a daemon pod is for: where it is bound, or what its node affinity names. */
function nodeOfDaemonPod(pod: KubeObject): string | undefined {
  const spec = podSpec(pod)
  if (spec.nodeName) return spec.nodeName
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []
  return terms.flatMap((t) => t.matchFields ?? []).find((f) => f.key === 'metadata.name')?.values?.[0]
}

function untolerated(node: KubeObject, tolerations: Toleration[], effects: string[]): number {
  const taints = ((node.spec as {taints?: Taint[]} | undefined)?.taints ?? []).filter((t) => effects.includes(t.effect))
  return taints.filter((t) => !tolerates(tolerations, t)).length
}
