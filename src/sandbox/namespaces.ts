/**
 * The controllers that look after namespaces:
 * - the namespace controller: a Terminating namespace has everything in it deleted (pods
 *   gracefully), and is removed once it is empty; meanwhile its status carries the controller's
 *   deletion conditions (NamespaceContentRemaining, NamespaceFinalizersRemaining and the others,
 *   in the controller's words), so a namespace held by a finalizer says which;
 * - the service account and root CA publisher controllers: every namespace has the `default`
 *   ServiceAccount and the `kube-root-ca.crt` ConfigMap, from the start and when it is created.
 */
import type {Lifecycle} from './lifecycle.js'
import {resourceId, type ServedResource} from './resources.js'
import {kubeTime, type Store, type StoreEvent} from './store.js'
import type {KubeObject} from './types.js'

/** The namespaces NamespaceLifecycle never lets anyone delete. */
export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public'])

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt'

function namespaceContents(namespace: string, clusterCa: string): KubeObject[] {
  return [
    {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace}},
    {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: ROOT_CA_CONFIGMAP, namespace, annotations: {'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.'}}, data: {'ca.crt': clusterCa}},
  ]
}

interface Remaining {
  total: number
  /** `<resource>.<group>` (`pods.` for the core group, as the controller writes it) → objects left. */
  resources: Map<string, number>
  /** Finalizer → objects left that carry it. */
  finalizers: Map<string, number>
}

interface NamespaceCondition {
  type: string
  status: 'True' | 'False'
  lastTransitionTime: string
  reason: string
  message: string
}

function countRemaining(remaining: Remaining, resource: ServedResource, object: KubeObject): void {
  const name = `${resource.plural}.${resource.group}`
  remaining.total++
  remaining.resources.set(name, (remaining.resources.get(name) ?? 0) + 1)
  for (const finalizer of object.metadata?.finalizers ?? []) remaining.finalizers.set(finalizer, (remaining.finalizers.get(finalizer) ?? 0) + 1)
}

/** `a has 2 resource instances, b has 1 resource instances`, sorted as the controller sorts them. */
function tally(counts: Map<string, number>, verb: string): string {
  return [...counts].map(([name, n]) => `${name} ${verb} ${n} resource instances`).sort().join(', ')
}

/**
 * The namespace deleter's conditions, in its order: discovery, parsing and deletion succeeded
 * (the sandbox knows every resource it serves); content and finalizers remaining, or not. A
 * condition keeps its lastTransitionTime while its status stays the same.
 */
function deletionConditions(remaining: Remaining, previous: NamespaceCondition[]): NamespaceCondition[] {
  const conditions: Array<Omit<NamespaceCondition, 'lastTransitionTime'>> = [
    {type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered'},
    {type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed'},
    {type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization'},
    remaining.resources.size
      ? {type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${tally(remaining.resources, 'has')}`}
      : {type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed'},
    remaining.finalizers.size
      ? {type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${tally(remaining.finalizers, 'in')}`}
      : {type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished'},
  ]
  return conditions.map((c) => {
    const before = previous.find((p) => p.type === c.type)
    const lastTransitionTime = before?.status === c.status ? before.lastTransitionTime : kubeTime(Date.now())
    return {type: c.type, status: c.status, lastTransitionTime, reason: c.reason, message: c.message}
  })
}

export class NamespaceControllers {
  private readonly unsubscribe: () => void
  private readonly terminating = new Set<string>()
  private sweepTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly store: Store,
    private readonly lifecycle: Lifecycle,
    private readonly clusterCa: string,
    private readonly sweepIntervalMs = 50,
  ) {
    this.unsubscribe = store.subscribe('namespaces', (event) => this.onNamespaceEvent(event))
    for (const entry of store.list('namespaces').entries) if (entry.object.metadata?.deletionTimestamp) this.terminating.add(entry.object.metadata.name!)
    if (this.terminating.size) this.scheduleSweep()
  }

  /** Adds the default ServiceAccount and kube-root-ca.crt to namespaces loaded without them (no watch events: they were always there). */
  seedLoadedNamespaces(): void {
    const missing: KubeObject[] = []
    for (const entry of this.store.list('namespaces').entries) {
      for (const object of namespaceContents(entry.object.metadata!.name!, this.clusterCa)) {
        const storage = object.kind === 'ServiceAccount' ? 'serviceaccounts' : 'configmaps'
        if (!this.store.get(storage, object.metadata!.namespace, object.metadata!.name!)) missing.push(object)
      }
    }
    if (missing.length) this.store.load(missing)
  }

  private onNamespaceEvent(event: StoreEvent): void {
    const namespace = event.entry.object
    const name = namespace.metadata!.name!
    if (event.type === 'ADDED') queueMicrotask(() => this.populate(name))
    else if (event.type === 'MODIFIED' && namespace.metadata?.deletionTimestamp && !this.terminating.has(name)) {
      this.terminating.add(name)
      queueMicrotask(() => this.sweep())
    } else if (event.type === 'DELETED') this.terminating.delete(name)
  }

  private populate(namespace: string): void {
    const current = this.store.get('namespaces', undefined, namespace)
    if (!current || current.object.metadata?.deletionTimestamp) return
    for (const object of namespaceContents(namespace, this.clusterCa)) {
      const storage = object.kind === 'ServiceAccount' ? 'serviceaccounts' : 'configmaps'
      if (!this.store.get(storage, namespace, object.metadata!.name!)) this.store.create(object)
    }
  }

  /** Deletes what terminating namespaces still hold; removes those that are empty, and says what is left in the others. */
  private sweep(): void {
    this.sweepTimer = undefined
    for (const namespace of [...this.terminating]) {
      const remaining = this.empty(namespace)
      if (remaining.total === 0) this.finalize(namespace)
      else this.report(namespace, remaining)
    }
    if (this.terminating.size) this.scheduleSweep()
  }

  private scheduleSweep(): void {
    this.sweepTimer ??= setTimeout(() => this.sweep(), this.sweepIntervalMs)
    this.sweepTimer.unref()
  }

  /** Deletes every object in the namespace that is not already going; counts what is left. */
  private empty(namespace: string): Remaining {
    const remaining: Remaining = {total: 0, resources: new Map(), finalizers: new Map()}
    for (const resource of this.store.storedResources()) {
      if (!resource.namespaced) continue
      for (const entry of this.store.list(resourceId(resource), {namespace}).entries) {
        const left = entry.object.metadata?.deletionTimestamp ? entry.object : this.deleteContent(resource, namespace, entry.object)
        if (left) countRemaining(remaining, resource, left)
      }
    }
    return remaining
  }

  /** Deletes one object; what is left of it (a pod in its grace period, an object held by finalizers), if anything. */
  private deleteContent(resource: ServedResource, namespace: string, object: KubeObject): KubeObject | undefined {
    try {
      const outcome = this.lifecycle.delete(resource, namespace, object.metadata!.name!)
      return outcome.removed ? undefined : outcome.object
    } catch {
      return undefined // gone already
    }
  }

  /** Writes the deletion conditions to the namespace's status when they change. */
  private report(namespace: string, remaining: Remaining): void {
    const current = this.store.get('namespaces', undefined, namespace)?.object
    if (!current) return
    const status = (current.status ?? {}) as {conditions?: NamespaceCondition[]}
    const conditions = deletionConditions(remaining, status.conditions ?? [])
    if (JSON.stringify(conditions) === JSON.stringify(status.conditions ?? [])) return
    this.store.update({...current, metadata: {...current.metadata, resourceVersion: undefined}, status: {...status, conditions}})
  }

  private finalize(namespace: string): void {
    this.terminating.delete(namespace)
    if (this.store.get('namespaces', undefined, namespace)) this.store.delete('namespaces', undefined, namespace)
  }

  stop(): void {
    this.unsubscribe()
    clearTimeout(this.sweepTimer)
  }
}
