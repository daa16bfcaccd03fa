/**
 * The sandbox's object store: one sorted key space per resource (`namespace/name`, the order
 * etcd lists in), a global monotonic resourceVersion, and a bounded watch history (to resume watches
 * and to list as of an earlier revision: continue tokens, resourceVersionMatch=Exact).
 * Entries are immutable: an update replaces the entry, so the JSON text cached on an entry
 * (serialised once, on first read) stays valid for as long as anything holds it.
 */
import {randomUUID} from 'node:crypto'
import {ResourceRegistry, resourceId, SERVED_RESOURCES, type ServedResource} from './resources.js'
import {errors} from './status.js'
import type {KubeObject, LogSpec, NodeLogSpec} from './types.js'

export interface Entry {
  readonly object: KubeObject
  readonly key: string
  readonly resourceVersion: number
  /** The object as JSON, with kind and apiVersion (a GET or a watch event). */
  json?: string
  /** Other renderings cached by the server (events.k8s.io view), by name. */
  views?: Map<string, string>
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface StoreEvent {
  type: WatchEventType
  resource: string
  resourceVersion: number
  entry: Entry
  /** The object before a MODIFIED or DELETED change. */
  previous?: Entry
}

export type StoreListener = (event: StoreEvent) => void

export interface ListQuery {
  namespace?: string
  /** Keys strictly after this one (pagination). */
  after?: string
  limit?: number
  filter?: (entry: Entry) => boolean
}

export interface ListPage {
  entries: Entry[]
  /** Set when more may follow: the last key returned. */
  nextAfter?: string
  /** Objects after this page, when no filter is applied. */
  remaining?: number
}

/** The JSON text of an entry; computed once. */
export function entryJson(entry: Entry): string {
  return (entry.json ??= JSON.stringify(entry.object))
}

/** The JSON of an entry as a list item: the real server leaves kind and apiVersion off list items. */
export function entryItemJson(entry: Entry): string {
  const json = entryJson(entry)
  const {kind, apiVersion} = entry.object
  const prefix = `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},`
  return json.startsWith(prefix) ? '{' + json.slice(prefix.length) : json
}

class ResourceTable {
  readonly entries = new Map<string, Entry>()
  private keys: string[] = []
  private sorted = true

  constructor(readonly resource: ServedResource) {}

  sortedKeys(): string[] {
    if (!this.sorted) {
      this.keys.sort()
      this.sorted = true
    }
    return this.keys
  }

  /** Bulk insert: keys are sorted once, on the next read. */
  append(key: string): void {
    this.keys.push(key)
    this.sorted = false
  }

  insertKey(key: string): void {
    const keys = this.sortedKeys()
    keys.splice(lowerBound(keys, key), 0, key)
  }

  removeKey(key: string): void {
    const keys = this.sortedKeys()
    const i = lowerBound(keys, key)
    if (keys[i] === key) keys.splice(i, 1)
  }
}

function lowerBound(keys: string[], key: string): number {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (keys[mid]! < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Puts kind and apiVersion first, as the real server serialises them. */
function normalise(object: KubeObject, resource: ServedResource): KubeObject {
  const apiVersion = resource.group === '' ? resource.version : `${resource.group}/${resource.version}`
  const {kind: _k, apiVersion: _a, ...rest} = object
  return {kind: resource.kind, apiVersion, ...rest}
}

function keyOf(resource: ServedResource, namespace: string | undefined, name: string): string {
  return resource.namespaced ? `${namespace}/${name}` : name
}

/** A write that is checked but not made (the API's dryRun=All). */
export interface WriteOptions {
  dryRun?: boolean
}

/** How an object starts being deleted: when, with what grace, and which finalizers hold it. */
export interface DeletionMark {
  deletionTimestamp: string
  deletionGracePeriodSeconds: number
  /** Finalizers added to the object's own (foregroundDeletion, orphan). */
  finalizers?: string[]
}

export interface StoreOptions {
  /** Watch events kept for resuming; a watch from an older resourceVersion gets 410 Gone. */
  historySize?: number
}

export class Store {
  private readonly tables = new Map<string, ResourceTable>()
  private readonly listeners = new Map<string, Set<StoreListener>>()
  private history: StoreEvent[] = []
  private readonly historySize: number
  private revision = 1
  /** The newest resourceVersion that a watch can no longer resume after... plus one: resuming needs rv >= this. */
  private oldestResumable = 1
  readonly logs = new Map<string, LogSpec>()
  readonly nodeLogs = new Map<string, NodeLogSpec>()
  readonly startedAt = Date.now()
  /** What this store serves: the built-in resources and the custom resources of established CRDs. */
  readonly resources = new ResourceRegistry()

  constructor(options: StoreOptions = {}) {
    this.historySize = options.historySize ?? 10_000
    for (const r of SERVED_RESOURCES) if (!r.storedAs) this.tables.set(resourceId(r), new ResourceTable(r))
  }

  get resourceVersion(): number {
    return this.revision
  }

  /** The oldest resourceVersion a watch can resume from. */
  get oldestResourceVersion(): number {
    return this.oldestResumable
  }

  private table(resource: string): ResourceTable {
    const t = this.tables.get(resource)
    if (!t) throw new Error(`the sandbox does not store "${resource}"`)
    return t
  }

  private resourceOf(object: KubeObject): ServedResource {
    const r = this.resources.forObject(object.apiVersion, object.kind)
    if (!r) throw new Error(`the sandbox does not serve ${object.apiVersion} ${object.kind}`)
    return r
  }

  /**
   * Loads objects without watch events, as if they had existed before any client connected.
   * Missing uid, creationTimestamp and namespace are filled in. Used for scenarios.
   */
  load(objects: Iterable<KubeObject>): void {
    const rv = ++this.revision
    for (const raw of objects) {
      const resource = this.resourceOf(raw)
      const table = this.table(resourceId(resource))
      const object = this.prepare(normalise(raw, resource), resource, rv, true)
      const key = keyOf(resource, object.metadata!.namespace, object.metadata!.name!)
      if (!table.entries.has(key)) table.append(key)
      table.entries.set(key, {object, key, resourceVersion: rv})
    }
    this.oldestResumable = rv
  }

  private prepare(object: KubeObject, resource: ServedResource, rv: number, keepTimestamps: boolean): KubeObject {
    const metadata = {...(object.metadata ?? {})}
    if (!metadata.name) {
      if (metadata.generateName) metadata.name = metadata.generateName + randomSuffix()
      else throw errors.invalid(resource.kind, resource.group, '', 'metadata.name', 'Required value: name or generateName is required')
    }
    if (resource.namespaced) metadata.namespace ??= 'default'
    else delete metadata.namespace
    metadata.uid ??= randomUUID()
    metadata.resourceVersion = String(rv)
    if (!keepTimestamps || !metadata.creationTimestamp) metadata.creationTimestamp = kubeTime(Date.now())
    object.metadata = metadata // `object` is normalise()'s fresh copy
    return object
  }

  get(resource: string, namespace: string | undefined, name: string): Entry | undefined {
    const table = this.table(resource)
    return table.entries.get(keyOf(table.resource, namespace, name))
  }

  /** Objects in key order, from after `query.after`, at most `query.limit` matching ones. */
  list(resource: string, query: ListQuery = {}): ListPage {
    const table = this.table(resource)
    const keys = table.sortedKeys()
    const {start, end} = keyRange(table, query)
    let i = start
    const limit = pageLimit(query)
    const entries: Entry[] = []
    for (; i < end && entries.length < limit; i++) {
      const entry = table.entries.get(keys[i]!)!
      if (!query.filter || query.filter(entry)) entries.push(entry)
    }
    if (i >= end || entries.length === 0) return {entries}
    const page: ListPage = {entries, nextAfter: keys[i - 1]!}
    if (!query.filter) page.remaining = end - i
    return page
  }

  /**
   * A page of the objects as they were at `resourceVersion` (etcd's read at a revision: what a
   * continue token or resourceVersionMatch=Exact asks for): the changes made since are undone
   * from the watch history. Undefined when the history no longer reaches back that far (the
   * revision is compacted).
   */
  listAt(resource: string, resourceVersion: number, query: ListQuery = {}): ListPage | undefined {
    if (resourceVersion >= this.revision) return this.list(resource, query)
    const events = this.eventsSince(resource, resourceVersion)
    if (!events) return undefined
    const before = new Map<string, Entry | null>()
    for (const event of events) if (!before.has(event.entry.key)) before.set(event.entry.key, event.type === 'ADDED' ? null : (event.previous ?? null))
    return before.size ? snapshotPage(this.table(resource), before, query) : this.list(resource, query)
  }

  /** Every object of a resource in no particular order, without sorting the keys (for indexes that need no order). */
  entries(resource: string): IterableIterator<Entry> {
    return this.table(resource).entries.values()
  }

  count(resource: string): number {
    return this.table(resource).entries.size
  }

  /** Creates an object (409 if it exists) and emits ADDED; a dry run stores nothing and sets no resourceVersion. */
  create(raw: KubeObject, options: WriteOptions = {}): KubeObject {
    const resource = this.resourceOf(raw)
    const table = this.table(resourceId(resource))
    const rv = this.revision + 1
    const object = this.prepare(normalise(raw, resource), resource, rv, false)
    delete object.metadata!.deletionTimestamp
    const key = keyOf(resource, object.metadata!.namespace, object.metadata!.name!)
    if (table.entries.has(key)) throw errors.alreadyExists(resource.plural, resource.group, object.metadata!.name!)
    if (resource.namespaced && !this.get('namespaces', undefined, object.metadata!.namespace!) && this.count('namespaces') > 0) {
      throw errors.notFound('namespaces', '', object.metadata!.namespace!)
    }
    if (options.dryRun) {
      delete object.metadata!.resourceVersion
      return object
    }
    this.revision = rv
    const entry: Entry = {object, key, resourceVersion: rv}
    table.entries.set(key, entry)
    table.insertKey(key)
    this.emit({type: 'ADDED', resource: resourceId(resource), resourceVersion: rv, entry})
    return object
  }

  /**
   * Replaces an object. A resourceVersion in the new object must match the stored one (409 otherwise).
   * Removing the last finalizer of an object whose deletion has no grace period left deletes it
   * (the registry's ShouldDeleteDuringUpdate). A dry run changes nothing.
   */
  update(raw: KubeObject, options: WriteOptions = {}): KubeObject {
    const resource = this.resourceOf(raw)
    const table = this.table(resourceId(resource))
    const name = raw.metadata?.name ?? ''
    const key = keyOf(resource, resource.namespaced ? (raw.metadata?.namespace ?? 'default') : undefined, name)
    const current = table.entries.get(key)
    if (!current) throw errors.notFound(resource.plural, resource.group, name)
    const wanted = raw.metadata?.resourceVersion
    if (wanted && wanted !== String(current.resourceVersion)) throw errors.conflict(resource.plural, resource.group, name)
    const old = current.object.metadata!
    const rv = this.revision + 1
    const next = normalise(raw, resource)
    const metadata = {...next.metadata, name, uid: old.uid, creationTimestamp: old.creationTimestamp, resourceVersion: String(rv)}
    if (resource.namespaced) metadata.namespace = old.namespace
    if (old.deletionTimestamp) metadata.deletionTimestamp = old.deletionTimestamp
    if (old.deletionGracePeriodSeconds !== undefined) metadata.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds
    else delete metadata.deletionGracePeriodSeconds
    if (old.generation !== undefined) {
      metadata.generation = JSON.stringify(next.spec) === JSON.stringify(current.object.spec) ? old.generation : old.generation + 1
    }
    const object = {...next, metadata}
    if (options.dryRun) return {...object, metadata: {...metadata, resourceVersion: String(current.resourceVersion)}}
    this.revision = rv
    const finalizersCleared = !(metadata.finalizers?.length) && Boolean(old.finalizers?.length)
    if (old.deletionTimestamp && finalizersCleared && !old.deletionGracePeriodSeconds) {
      table.entries.delete(key)
      table.removeKey(key)
      this.emit({type: 'DELETED', resource: resourceId(resource), resourceVersion: rv, entry: {object, key, resourceVersion: rv}, previous: current})
      return object
    }
    const entry: Entry = {object, key, resourceVersion: rv}
    table.entries.set(key, entry)
    this.emit({type: 'MODIFIED', resource: resourceId(resource), resourceVersion: rv, entry, previous: current})
    return object
  }

  /**
   * Deletes an object and emits DELETED; an object with finalizers only gets a deletionTimestamp
   * (MODIFIED) and stays until an update empties its finalizers.
   */
  delete(resource: string, namespace: string | undefined, name: string, options: WriteOptions = {}): KubeObject {
    const table = this.table(resource)
    const key = keyOf(table.resource, namespace, name)
    const current = table.entries.get(key)
    if (!current) throw errors.notFound(table.resource.plural, table.resource.group, name)
    const meta = current.object.metadata!
    if (options.dryRun) return current.object
    if (meta.finalizers?.length) {
      if (meta.deletionTimestamp && meta.deletionGracePeriodSeconds === 0) return current.object
      const rv = ++this.revision
      const metadata = {...meta, resourceVersion: String(rv), deletionTimestamp: meta.deletionTimestamp ?? kubeTime(Date.now()), deletionGracePeriodSeconds: 0}
      const object = {...current.object, metadata}
      const entry: Entry = {object, key, resourceVersion: rv}
      table.entries.set(key, entry)
      this.emit({type: 'MODIFIED', resource, resourceVersion: rv, entry, previous: current})
      return object
    }
    const rv = ++this.revision
    table.entries.delete(key)
    table.removeKey(key)
    const object = {...current.object, metadata: {...meta, resourceVersion: String(rv)}}
    this.emit({type: 'DELETED', resource, resourceVersion: rv, entry: {object, key, resourceVersion: rv}, previous: current})
    return object
  }

  /**
   * Starts a graceful deletion: sets deletionTimestamp and deletionGracePeriodSeconds (a shorter
   * grace period replaces a longer one), adds finalizers, and emits MODIFIED. The object stays.
   */
  beginDeletion(resource: string, namespace: string | undefined, name: string, mark: DeletionMark, options: WriteOptions = {}): KubeObject {
    const table = this.table(resource)
    const key = keyOf(table.resource, namespace, name)
    const current = table.entries.get(key)
    if (!current) throw errors.notFound(table.resource.plural, table.resource.group, name)
    const meta = current.object.metadata!
    const finalizers = [...(meta.finalizers ?? [])]
    for (const f of mark.finalizers ?? []) if (!finalizers.includes(f)) finalizers.push(f)
    const shorter = meta.deletionGracePeriodSeconds === undefined || mark.deletionGracePeriodSeconds < meta.deletionGracePeriodSeconds
    const metadata = {
      ...meta,
      deletionTimestamp: shorter ? mark.deletionTimestamp : meta.deletionTimestamp,
      deletionGracePeriodSeconds: shorter ? mark.deletionGracePeriodSeconds : meta.deletionGracePeriodSeconds,
      ...(finalizers.length ? {finalizers} : {}),
    }
    if (options.dryRun) return {...current.object, metadata}
    const rv = ++this.revision
    const object = {...current.object, metadata: {...metadata, resourceVersion: String(rv)}}
    const entry: Entry = {object, key, resourceVersion: rv}
    table.entries.set(key, entry)
    this.emit({type: 'MODIFIED', resource, resourceVersion: rv, entry, previous: current})
    return object
  }

  /** Starts keeping a custom resource's objects (its CustomResourceDefinition is established). */
  addCustomResource(resource: ServedResource): void {
    this.resources.add(resource)
    if (!this.tables.has(resourceId(resource))) this.tables.set(resourceId(resource), new ResourceTable(resource))
  }

  /** Stops serving a custom resource; its objects must have been deleted first. */
  removeCustomResource(resource: ServedResource): void {
    this.resources.remove(resource)
    this.tables.delete(resourceId(resource))
  }

  /** Every resource the store keeps (for the namespace controller and the garbage collector). */
  storedResources(): ServedResource[] {
    return [...this.tables.values()].map((t) => t.resource)
  }

  /** Store events for `resource` after `resourceVersion`, or undefined when they are no longer kept. */
  eventsSince(resource: string, resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.oldestResumable) return undefined
    let lo = 0
    let hi = this.history.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.history[mid]!.resourceVersion <= resourceVersion) lo = mid + 1
      else hi = mid
    }
    return this.history.slice(lo).filter((e) => e.resource === resource)
  }

  subscribe(resource: string, listener: StoreListener): () => void {
    let set = this.listeners.get(resource)
    if (!set) this.listeners.set(resource, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }

  private emit(event: StoreEvent): void {
    this.history.push(event)
    if (this.history.length > this.historySize) {
      const dropped = this.history.splice(0, this.history.length - this.historySize)
      this.oldestResumable = dropped[dropped.length - 1]!.resourceVersion
    }
    for (const listener of this.listeners.get(event.resource) ?? []) listener(event)
  }
}

/** The positions in the sorted keys that a query covers: its namespace, after its `after` key. */
function keyRange(table: ResourceTable, query: ListQuery): {start: number; end: number} {
  const keys = table.sortedKeys()
  const prefix = namespacePrefix(table, query)
  let start = query.after !== undefined ? lowerBound(keys, query.after) : lowerBound(keys, prefix)
  if (query.after !== undefined && keys[start] === query.after) start++
  const end = prefix ? lowerBound(keys, prefix.slice(0, -1) + '0') : keys.length // '0' is the character after '/'
  return {start, end}
}

function namespacePrefix(table: ResourceTable, query: ListQuery): string {
  return query.namespace !== undefined && table.resource.namespaced ? `${query.namespace}/` : ''
}

function pageLimit(query: ListQuery): number {
  return query.limit && query.limit > 0 ? query.limit : Infinity
}

/**
 * list() over the table as it was: `before` holds, for each key changed since, its entry then
 * (null: it did not exist). Keys deleted since are merged back in order.
 */
function snapshotPage(table: ResourceTable, before: Map<string, Entry | null>, query: ListQuery): ListPage {
  const keys = table.sortedKeys()
  const prefix = namespacePrefix(table, query)
  const inRange = (key: string) => key.startsWith(prefix) && (query.after === undefined || key > query.after)
  const restored = [...before].filter(([key, entry]) => entry && !table.entries.has(key) && inRange(key)).map(([key]) => key).sort()
  const {start, end} = keyRange(table, query)
  let i = start
  let j = 0
  let last: string | undefined
  const limit = pageLimit(query)
  const entries: Entry[] = []
  while ((i < end || j < restored.length) && entries.length < limit) {
    const key = j >= restored.length || (i < end && keys[i]! < restored[j]!) ? keys[i++]! : restored[j++]!
    const entry = before.has(key) ? before.get(key) : table.entries.get(key)
    if (!entry) continue
    last = key
    if (!query.filter || query.filter(entry)) entries.push(entry)
  }
  if (last === undefined || entries.length === 0) return {entries}
  const after = last
  const addedSince = [...before].filter(([key, entry]) => !entry && table.entries.has(key) && inRange(key) && key > after).length
  const remaining = end - i - addedSince + restored.length - j
  if (remaining <= 0) return {entries}
  return {entries, nextAfter: after, ...(query.filter ? {} : {remaining})}
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789'
  let s = ''
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)]
  return s
}

/** metav1.Time: RFC 3339 in UTC, whole seconds. */
export function kubeTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
