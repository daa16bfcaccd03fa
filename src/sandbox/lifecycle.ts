/**
 * How objects end, as the API server and the kubelet make them end:
 * - a pod bound to a node is deleted gracefully: deletionTimestamp (now + grace) and
 *   deletionGracePeriodSeconds are set (MODIFIED; kubectl shows Terminating); the simulated kubelet
 *   confirms the deletion once the containers have stopped (controllers/kubelet.ts), and the pod
 *   goes at the latest when the grace period is over. The grace period is the request's
 *   (`gracePeriodSeconds` query or DeleteOptions body), else the pod's terminationGracePeriodSeconds,
 *   else 30; 0, an unbound pod or a finished pod goes at once (CheckGracefulDelete).
 *   `gracePeriodScale` says how many ms one grace second lasts (1000 on a real cluster; tests use less).
 * - propagationPolicy Foreground and Orphan put the foregroundDeletion / orphan finalizer on the
 *   owner; the garbage collector does the rest. Background (the default) deletes the owner now.
 * - a namespace is marked Terminating; the namespace controller (namespaces.ts) empties and removes it.
 */
import {resourceId, type ServedResource} from './resources.js'
import {errors} from './status.js'
import {kubeTime, type Store} from './store.js'
import type {KubeObject} from './types.js'

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground'

export interface DeleteRequest {
  gracePeriodSeconds?: number
  propagationPolicy?: PropagationPolicy
  dryRun?: boolean
  preconditions?: {uid?: string; resourceVersion?: string}
}

export interface DeleteOutcome {
  /** The object as it is now: the deleted object, or the object with its deletion pending. */
  object: KubeObject
  /** Gone from the store (or would be, on a dry run). */
  removed: boolean
}

export interface LifecycleOptions {
  /** Milliseconds per grace-period second (default 1000). */
  gracePeriodScale?: number
}

/** The kinds whose DELETE answers with the object, not a Status (ReturnDeletedObject in their registries). */
const RETURNS_DELETED_OBJECT = new Set(['pods', 'services', 'serviceaccounts', 'namespaces'])

export function returnsDeletedObject(resource: ServedResource): boolean {
  return resource.group === '' && RETURNS_DELETED_OBJECT.has(resource.plural)
}

function conflict(resource: ServedResource, name: string, what: string, wanted: string, actual: string): Error {
  const error = errors.conflict(resource.plural, resource.group, name)
  error.message = `Operation cannot be fulfilled on ${resource.group ? `${resource.plural}.${resource.group}` : resource.plural} "${name}": Precondition failed: ${what} in precondition: ${wanted}, ${what} in object meta: ${actual}`
  return error
}

export class Lifecycle {
  private readonly removals = new Map<string, NodeJS.Timeout>()
  private readonly gracePeriodScale: number

  constructor(
    private readonly store: Store,
    options: LifecycleOptions = {},
  ) {
    this.gracePeriodScale = options.gracePeriodScale ?? 1000
  }

  /** Deletes an object as the API server would for this DELETE request. */
  delete(resource: ServedResource, namespace: string | undefined, name: string, request: DeleteRequest = {}): DeleteOutcome {
    const storage = resourceId(resource)
    const current = this.store.get(storage, namespace, name)
    if (!current) throw errors.notFound(resource.plural, resource.group, name)
    this.checkPreconditions(resource, current.object, request)
    const dryRun = request.dryRun === true ? {dryRun: true} : {}
    if (storage === 'namespaces') return {object: this.beginNamespaceDeletion(name, request.dryRun === true), removed: false}
    const policy = request.propagationPolicy
    if (policy === 'Foreground' || policy === 'Orphan') {
      const finalizer = policy === 'Foreground' ? 'foregroundDeletion' : 'orphan'
      const object = this.store.beginDeletion(storage, namespace, name, {deletionTimestamp: kubeTime(Date.now()), deletionGracePeriodSeconds: 0, finalizers: [finalizer]}, dryRun)
      return {object, removed: false}
    }
    const grace = storage === 'pods' ? this.podGracePeriod(current.object, request.gracePeriodSeconds) : 0
    if (grace > 0) {
      const object = this.store.beginDeletion(storage, namespace, name, {deletionTimestamp: kubeTime(Date.now() + grace * 1000), deletionGracePeriodSeconds: grace}, dryRun)
      if (!request.dryRun) this.scheduleRemoval(storage, namespace, name, object.metadata!.deletionGracePeriodSeconds ?? grace)
      return {object, removed: false}
    }
    const before = current.object.metadata?.finalizers?.length ?? 0
    const object = this.store.delete(storage, namespace, name, dryRun)
    return {object, removed: before === 0}
  }

  private checkPreconditions(resource: ServedResource, object: KubeObject, request: DeleteRequest): void {
    const {uid, resourceVersion} = request.preconditions ?? {}
    const name = object.metadata?.name ?? ''
    if (uid && uid !== object.metadata?.uid) throw conflict(resource, name, 'UID', uid, object.metadata?.uid ?? '')
    if (resourceVersion && resourceVersion !== object.metadata?.resourceVersion) throw conflict(resource, name, 'ResourceVersion', resourceVersion, object.metadata?.resourceVersion ?? '')
  }

  /** CheckGracefulDelete: the request's grace, else the pod's; 0 for unbound or finished pods. */
  private podGracePeriod(pod: KubeObject, requested: number | undefined): number {
    const spec = (pod.spec ?? {}) as {nodeName?: string; terminationGracePeriodSeconds?: number}
    const phase = (pod.status as {phase?: string} | undefined)?.phase
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0
    return Math.max(0, requested ?? spec.terminationGracePeriodSeconds ?? 30)
  }

  /**
   * The grace period's deadline: the pod goes when it is over. With the controllers on, the
   * simulated kubelet (controllers/kubelet.ts) confirms the deletion sooner, as soon as the
   * containers have stopped; this deadline is what is left when no kubelet runs.
   */
  private scheduleRemoval(storage: string, namespace: string | undefined, name: string, graceSeconds: number): void {
    const key = `${storage}/${namespace ?? ''}/${name}`
    clearTimeout(this.removals.get(key))
    const timer = setTimeout(() => {
      this.removals.delete(key)
      const entry = this.store.get(storage, namespace, name)
      if (entry?.object.metadata?.deletionTimestamp) this.store.delete(storage, namespace, name)
    }, graceSeconds * this.gracePeriodScale)
    timer.unref()
    this.removals.set(key, timer)
  }

  /** A namespace is Terminating: deletionTimestamp set, phase Terminating; the namespace controller takes over. */
  private beginNamespaceDeletion(name: string, dryRun: boolean): KubeObject {
    const current = this.store.get('namespaces', undefined, name)!.object
    if (current.metadata?.deletionTimestamp) return current
    const marked = this.store.beginDeletion('namespaces', undefined, name, {deletionTimestamp: kubeTime(Date.now()), deletionGracePeriodSeconds: 0}, dryRun ? {dryRun} : {})
    const terminating = {...marked, status: {...(marked.status as object), phase: 'Terminating'}}
    if (dryRun) return terminating
    return this.store.update({...terminating, metadata: {...terminating.metadata, resourceVersion: undefined}})
  }

  stop(): void {
    for (const timer of this.removals.values()) clearTimeout(timer)
    this.removals.clear()
  }
}
