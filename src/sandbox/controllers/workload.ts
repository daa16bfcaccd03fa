/** What the workload controllers share: watching their kind and their pods, and template revisions. */
import type {StoreEvent} from '../store.js'
import type {KubeObject} from '../types.js'
import type {ControllerContext} from './context.js'
import {canonicalJson, templateHash} from './hash.js'
import {controllerOf, meta, objectKey, statusOf, type PodTemplate} from './objects.js'
import type {WorkQueue} from './queue.js'

/** Queues an object of `resource` when it is created or its spec changes, and its owner when one of its pods changes. */
export function watchWorkload(ctx: ControllerContext, resource: string, ownerKind: string, queue: WorkQueue): Array<() => void> {
  return [
    ctx.store.subscribe(resource, (event: StoreEvent) => {
      if (event.type === 'DELETED') return
      const object = event.entry.object
      const specChanged = meta(object).generation !== event.previous?.object.metadata?.generation
      if (event.type === 'ADDED' || specChanged || lagsGeneration(object)) queue.add(objectKey(object))
    }),
    ctx.store.subscribe('pods', (event: StoreEvent) => {
      const owner = controllerOf(event.entry.object)
      if (owner?.kind === ownerKind) queue.add(`${meta(event.entry.object).namespace}/${owner.name}`)
    }),
  ]
}

export function lagsGeneration(object: KubeObject): boolean {
  return statusOf<{observedGeneration?: number}>(object).observedGeneration !== meta(object).generation
}

/**
 * The controller-revision-hash of a workload's template. A seeded workload's pods carry the hash
 * the scenario gave them; while its template is the one it was seeded with, that hash stays
 * current (so scaling a seeded StatefulSet does not roll its pods).
 */
export class TemplateRevisions {
  private readonly seeded = new Map<string, {template: string; hash?: string}>()

  remember(workload: KubeObject, hash: string | undefined): void {
    this.seeded.set(meta(workload).uid ?? '', {template: canonicalJson(templateOf(workload)), ...(hash ? {hash} : {})})
  }

  hashOf(workload: KubeObject, seededPods: () => KubeObject[]): string {
    const template = templateOf(workload)
    const seeded = this.seeded.get(meta(workload).uid ?? '')
    if (seeded && seeded.template === canonicalJson(template)) {
      seeded.hash ??= mostCommon(seededPods().map((p) => meta(p).labels?.['controller-revision-hash']).filter((h): h is string => !!h))
      if (seeded.hash) return seeded.hash
    }
    return templateHash(template)
  }
}

function templateOf(workload: KubeObject): PodTemplate | undefined {
  return (workload.spec as {template?: PodTemplate} | undefined)?.template
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]
}
