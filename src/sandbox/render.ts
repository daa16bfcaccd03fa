/**
 * How objects leave the server: as themselves (events.k8s.io events converted from the stored
 * core events), as list items, as PartialObjectMetadata, or as Table rows — kubectl asks for
 * `as=Table` — with the Table's JSON written in one place.
 */
import {eventFromV1, eventToV1} from './events.js'
import {groupVersion, type ServedResource} from './resources.js'
import {entryItemJson, entryJson, type Entry} from './store.js'
import {tableCells, tableColumns} from './tables.js'
import type {KubeObject} from './types.js'

/** What a get, list or watch renders each object as. */
export type Rendering = 'object' | 'table' | 'metadata'

export function renderingOf(accept: string): Rendering {
  if (/as=Table/.test(accept)) return 'table'
  if (/as=PartialObjectMetadata/.test(accept)) return 'metadata'
  return 'object'
}

/** The served form of an object: events.k8s.io events in their own shape. */
export function served(resource: ServedResource, object: KubeObject): KubeObject {
  return resource.storedAs ? eventToV1(object) : object
}

/** The stored form of a served object. */
export function stored(resource: ServedResource, object: KubeObject): KubeObject {
  return resource.storedAs ? eventFromV1(object) : object
}

/** An entry for an object that is not (or no longer) in the store: a dry-run result, a deleted object. */
export function objectEntry(object: KubeObject): Entry {
  return {object, key: '', resourceVersion: Number(object.metadata?.resourceVersion ?? 0)}
}

/** The JSON of one object as a resource serves it; events.k8s.io views are cached per entry. */
export function objectJson(resource: ServedResource, entry: Entry): string {
  if (!resource.storedAs) return entryJson(entry)
  entry.views ??= new Map()
  let view = entry.views.get('events.k8s.io/v1')
  if (view === undefined) entry.views.set('events.k8s.io/v1', (view = JSON.stringify(eventToV1(entry.object))))
  return view
}

/** The JSON of an object as a list item (no kind or apiVersion, as the real server writes them). */
export function itemJson(resource: ServedResource, entry: Entry): string {
  if (!resource.storedAs) return entryItemJson(entry)
  return objectJson(resource, entry).replace(/^\{"kind":"Event","apiVersion":"events\.k8s\.io\/v1",/, '{')
}

export function metadataJson(resource: ServedResource, entry: Entry): string {
  return JSON.stringify({kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: served(resource, entry.object).metadata})
}

/** `includeObject`: None, Metadata (the default) or Object. */
function rowJson(resource: ServedResource, entry: Entry, includeObject: string, now: number): string {
  const cells = JSON.stringify(tableCells(resource, served(resource, entry.object), now))
  if (includeObject === 'None') return `{"cells":${cells}}`
  const object = includeObject === 'Object' ? objectJson(resource, entry) : metadataJson(resource, entry)
  return `{"cells":${cells},"object":${object}}`
}

export interface TableOptions {
  /** ListMeta fields as JSON text without braces: `"resourceVersion":"5","continue":"..."`. */
  listMeta: string
  includeObject: string
  /** Watch events after the first carry no column definitions. */
  withColumns?: boolean
}

export function tableJson(resource: ServedResource, entries: Entry[], options: TableOptions): string {
  const now = Date.now()
  const columns = options.withColumns === false ? '[]' : JSON.stringify(tableColumns(resource))
  const rows = entries.map((e) => rowJson(resource, e, options.includeObject, now)).join(',')
  return `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{${options.listMeta}},"columnDefinitions":${columns},"rows":[${rows}]}`
}

/** A list in the rendering asked for. */
export function listJson(resource: ServedResource, entries: Entry[], listMeta: string, rendering: Rendering, includeObject: string): string {
  if (rendering === 'table') return tableJson(resource, entries, {listMeta, includeObject})
  if (rendering === 'metadata') return `{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{${listMeta}},"items":[${entries.map((e) => metadataJson(resource, e)).join(',')}]}`
  return `{"kind":"${resource.kind}List","apiVersion":"${groupVersion(resource)}","metadata":{${listMeta}},"items":[${entries.map((e) => itemJson(resource, e)).join(',')}]}`
}

/** One object in the rendering asked for (a get, a write's answer, a watch event's object). */
export function oneJson(resource: ServedResource, entry: Entry, rendering: Rendering, includeObject: string, withColumns = true): string {
  if (rendering === 'table') return tableJson(resource, [entry], {listMeta: `"resourceVersion":"${entry.resourceVersion}"`, includeObject, withColumns})
  if (rendering === 'metadata') return metadataJson(resource, entry)
  return objectJson(resource, entry)
}
