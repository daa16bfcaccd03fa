/**
 * The controllers that look after namespaces:
 * - the namespace controller: a Terminating namespace has everything in it deleted (pods
 *   gracefully), and is removed once it is empty;
 * - the service account and root CA publisher controllers: every namespace has the `default`
 *   ServiceAccount and the `kube-root-ca.crt` ConfigMap, from the start and when it is created.
 */
import type {Lifecycle} from './lifecycle.js'
import {resourceId} from './resources.js'
import type {Store, StoreEvent} from './store.js'
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

  /** Deletes what terminating namespaces still hold; removes those that are empty. */
  private sweep(): void {
    this.sweepTimer = undefined
    for (const namespace of [...this.terminating]) {
      if (this.empty(namespace)) this.finalize(namespace)
    }
    if (this.terminating.size) this.scheduleSweep()
  }

  private scheduleSweep(): void {
    this.sweepTimer ??= setTimeout(() => this.sweep(), this.sweepIntervalMs)
    this.sweepTimer.unref()
  }

  /** Deletes every object in the namespace that is not already going; true when nothing is left. */
  private empty(namespace: string): boolean {
    let left = 0
    for (const resource of this.store.storedResources()) {
      if (!resource.namespaced) continue
      for (const entry of this.store.list(resourceId(resource), {namespace}).entries) {
        left++
        if (entry.object.metadata?.deletionTimestamp) continue
        try {
          this.lifecycle.delete(resource, namespace, entry.object.metadata!.name!)
        } catch {
          // gone already
        }
      }
    }
    return left === 0
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
