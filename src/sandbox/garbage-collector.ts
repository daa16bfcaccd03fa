/**
 * The garbage collector, by ownerReferences:
 * - an object whose owners are all gone is deleted (Background propagation, and what follows a
 *   Foreground owner); a reference to a gone owner is dropped while other owners remain;
 * - an owner with the `foregroundDeletion` finalizer has its dependents deleted first (those with
 *   dependents of their own in the foreground too, so a Deployment waits for its ReplicaSets and they
 *   for their pods), and goes when no dependent that blocks it (`blockOwnerDeletion`) is left;
 * - an owner with the `orphan` finalizer has its dependents' references to it removed, then goes.
 * Dependents are found through an index of owner uid → dependents, kept from the store's events.
 * The index of the objects a store starts with is built in slices, with the event loop free between
 * them (the scale scenario's ~170,000 objects would otherwise block start-up, and its spinner, for
 * a noticeable moment); changes made meanwhile are indexed at once and acted on when it is complete.
 */
import type {Lifecycle, PropagationPolicy} from './lifecycle.js'
import {resourceId, type ServedResource} from './resources.js'
import type {Entry, Store, StoreEvent} from './store.js'
import type {KubeObject} from './types.js'

interface ObjectRef {
  resource: ServedResource
  namespace: string | undefined
  name: string
}

const refKey = (r: ObjectRef) => `${resourceId(r.resource)}/${r.namespace ?? ''}/${r.name}`

/** Objects indexed between two turns of the event loop while the index of the starting objects is built. */
const INDEX_SLICE = 20_000

export interface GarbageCollectorOptions {
  /** Objects indexed per slice (tests use a small one to see changes made while the index is built). */
  indexSlice?: number
}

export class GarbageCollector {
  /** owner uid → dependents by key. */
  private readonly dependents = new Map<string, Map<string, ObjectRef>>()
  /** uid → the object's ref, for every object. */
  private readonly byUid = new Map<string, ObjectRef>()
  private readonly unsubscribes: Array<() => void> = []
  /** While the starting objects are being indexed: what the changes made meanwhile will do, in order. */
  private held: Array<() => void> | undefined = []
  private stopped = false

  constructor(
    private readonly store: Store,
    private readonly lifecycle: Lifecycle,
    options: GarbageCollectorOptions = {},
  ) {
    const sources: Array<{resource: ServedResource; entries: Iterator<Entry>}> = []
    for (const resource of store.storedResources()) {
      const storage = resourceId(resource)
      this.unsubscribes.push(store.subscribe(storage, (event) => this.onEvent(resource, event)))
      // The index needs no key order: the store's entries unsorted (sorting ~170,000 keys is most of the cost).
      // The iterators are live: an object deleted before it is reached is skipped, one added is reached.
      sources.push({resource, entries: store.entries(storage)})
    }
    this.indexSlices(sources, Math.max(1, options.indexSlice ?? INDEX_SLICE))
  }

  /** Indexes up to `slice` objects now, the rest after the event loop has turned; a small store in one go. */
  private indexSlices(sources: Array<{resource: ServedResource; entries: Iterator<Entry>}>, slice: number): void {
    let budget = slice
    while (sources.length > 0) {
      if (budget === 0) {
        setImmediate(() => {
          if (!this.stopped) this.indexSlices(sources, slice)
        })
        return
      }
      const source = sources[0]!
      const next = source.entries.next()
      if (next.done) {
        sources.shift()
        continue
      }
      this.index(source.resource, next.value.object)
      budget--
    }
    const held = this.held ?? []
    this.held = undefined
    for (const act of held) queueMicrotask(act)
  }

  private refOf(resource: ServedResource, object: KubeObject): ObjectRef {
    return {resource, namespace: object.metadata?.namespace, name: object.metadata!.name!}
  }

  private index(resource: ServedResource, object: KubeObject): void {
    const ref = this.refOf(resource, object)
    if (object.metadata?.uid) this.byUid.set(object.metadata.uid, ref)
    for (const owner of object.metadata?.ownerReferences ?? []) {
      let set = this.dependents.get(owner.uid)
      if (!set) this.dependents.set(owner.uid, (set = new Map()))
      set.set(refKey(ref), ref)
    }
  }

  private unindex(resource: ServedResource, object: KubeObject): void {
    const ref = this.refOf(resource, object)
    if (object.metadata?.uid) this.byUid.delete(object.metadata.uid)
    for (const owner of object.metadata?.ownerReferences ?? []) this.dependents.get(owner.uid)?.delete(refKey(ref))
  }

  private onEvent(resource: ServedResource, event: StoreEvent): void {
    if (event.previous) this.unindex(resource, event.previous.object)
    if (event.type !== 'DELETED') this.index(resource, event.entry.object)
    const object = event.entry.object
    const act = () => {
      if (event.type === 'DELETED') {
        this.collectDependentsOf(object.metadata?.uid)
        for (const owner of object.metadata?.ownerReferences ?? []) this.finishForeground(owner.uid)
      } else this.processFinalizers(resource, event.entry)
    }
    if (this.held) this.held.push(act)
    else queueMicrotask(act)
  }

  private get(ref: ObjectRef): KubeObject | undefined {
    return this.store.get(resourceId(ref.resource), ref.namespace, ref.name)?.object
  }

  private ownerExists(uid: string): boolean {
    const ref = this.byUid.get(uid)
    return ref !== undefined && this.get(ref)?.metadata?.uid === uid
  }

  /** Dependents of a deleted owner: deleted when no owner is left, else the dangling reference is dropped. */
  private collectDependentsOf(uid: string | undefined): void {
    if (!uid) return
    for (const ref of [...(this.dependents.get(uid)?.values() ?? [])]) {
      const object = this.get(ref)
      if (!object || object.metadata?.deletionTimestamp) continue
      const owners = object.metadata?.ownerReferences ?? []
      const remaining = owners.filter((o) => o.uid !== uid && this.ownerExists(o.uid))
      if (remaining.length === 0) this.tryDelete(ref)
      else this.store.update({...object, metadata: {...object.metadata, resourceVersion: undefined, ownerReferences: owners.filter((o) => o.uid !== uid)}})
    }
  }

  private processFinalizers(resource: ServedResource, entry: Entry): void {
    const meta = entry.object.metadata
    if (!meta?.deletionTimestamp || !meta.uid) return
    if (meta.finalizers?.includes('orphan')) this.orphan(resource, entry.object)
    else if (meta.finalizers?.includes('foregroundDeletion')) {
      for (const ref of [...(this.dependents.get(meta.uid)?.values() ?? [])]) {
        const dependent = this.get(ref)
        if (dependent && !dependent.metadata?.deletionTimestamp) this.tryDelete(ref, this.hasDependents(dependent) ? 'Foreground' : 'Background')
      }
      this.finishForeground(meta.uid)
    }
  }

  private orphan(resource: ServedResource, owner: KubeObject): void {
    const uid = owner.metadata!.uid!
    for (const ref of [...(this.dependents.get(uid)?.values() ?? [])]) {
      const object = this.get(ref)
      if (!object) continue
      const ownerReferences = (object.metadata?.ownerReferences ?? []).filter((o) => o.uid !== uid)
      this.store.update({...object, metadata: {...object.metadata, resourceVersion: undefined, ownerReferences}})
    }
    this.removeFinalizer(resource, owner, 'orphan')
  }

  private hasDependents(object: KubeObject): boolean {
    const uid = object.metadata?.uid
    return uid !== undefined && [...(this.dependents.get(uid)?.values() ?? [])].some((d) => this.get(d) !== undefined)
  }

  /** An owner in foreground deletion goes once no dependent that blocks its deletion is left (processDeletingDependentsItem). */
  private finishForeground(uid: string): void {
    const ref = this.byUid.get(uid)
    if (!ref) return
    const owner = this.get(ref)
    if (!owner?.metadata?.finalizers?.includes('foregroundDeletion') || !owner.metadata.deletionTimestamp) return
    const blocking = (d: ObjectRef) => this.get(d)?.metadata?.ownerReferences?.some((o) => o.uid === uid && o.blockOwnerDeletion === true) ?? false
    if (![...(this.dependents.get(uid)?.values() ?? [])].some(blocking)) this.removeFinalizer(ref.resource, owner, 'foregroundDeletion')
  }

  private removeFinalizer(resource: ServedResource, object: KubeObject, finalizer: string): void {
    const current = this.store.get(resourceId(resource), object.metadata?.namespace, object.metadata!.name!)?.object
    if (!current) return
    const finalizers = (current.metadata?.finalizers ?? []).filter((f) => f !== finalizer)
    this.store.update({...current, metadata: {...current.metadata, resourceVersion: undefined, finalizers}})
  }

  private tryDelete(ref: ObjectRef, propagationPolicy: PropagationPolicy = 'Background'): void {
    try {
      this.lifecycle.delete(ref.resource, ref.namespace, ref.name, {propagationPolicy})
    } catch {
      // already gone
    }
  }

  stop(): void {
    this.stopped = true
    this.held = undefined
    for (const unsubscribe of this.unsubscribes) unsubscribe()
  }
}
