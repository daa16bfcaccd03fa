import {describe, expect, it} from 'vitest'
import {itemJson, listJson, metadataJson, objectEntry, objectJson, oneJson, renderingOf, served, stored} from '../../src/sandbox/render.js'
import {SERVED_RESOURCES, type ServedResource} from '../../src/sandbox/resources.js'
import type {Entry} from '../../src/sandbox/store.js'
import type {KubeObject} from '../../src/sandbox/types.js'

const resource = (group: string, plural: string): ServedResource => SERVED_RESOURCES.find((r) => r.group === group && r.plural === plural)!
const configMaps = resource('', 'configmaps')
const v1Events = resource('events.k8s.io', 'events')
const entry = (object: KubeObject, resourceVersion = 7): Entry => ({object, key: `${object.metadata?.namespace}/${object.metadata?.name}`, resourceVersion})

const configMap: KubeObject = {kind: 'ConfigMap', apiVersion: 'v1', metadata: {name: 'settings', namespace: 'shop', resourceVersion: '7', creationTimestamp: '2026-03-01T11:00:00Z'}, data: {a: '1'}}
const coreEvent: KubeObject = {kind: 'Event', apiVersion: 'v1', metadata: {name: 'web.1', namespace: 'shop'}, involvedObject: {kind: 'Pod', name: 'web'}, reason: 'Started', message: 'Started container web', source: {component: 'kubelet'}, type: 'Normal', count: 1}

describe('renderingOf', () => {
  it('reads the Accept header kubectl sends for tables and metadata', () => {
    expect(renderingOf('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toBe('table')
    expect(renderingOf('application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1')).toBe('metadata')
    expect(renderingOf('application/json')).toBe('object')
    expect(renderingOf('')).toBe('object')
  })
})

describe('served and stored forms', () => {
  it('convert events.k8s.io events from and to the stored core events, and leave others alone', () => {
    expect(served(configMaps, configMap)).toBe(configMap)
    expect(stored(configMaps, configMap)).toBe(configMap)
    const v1 = served(v1Events, coreEvent) as Record<string, unknown>
    expect(v1).toMatchObject({apiVersion: 'events.k8s.io/v1', note: 'Started container web', regarding: {kind: 'Pod', name: 'web'}})
    expect(stored(v1Events, v1)).toMatchObject({apiVersion: 'v1', message: 'Started container web', involvedObject: {kind: 'Pod', name: 'web'}})
  })
})

describe('object JSON', () => {
  it('writes an object whole, and as a list item without kind and apiVersion', () => {
    expect(JSON.parse(objectJson(configMaps, entry(configMap)))).toEqual(configMap)
    const item = JSON.parse(itemJson(configMaps, entry(configMap)))
    expect(item).not.toHaveProperty('kind')
    expect(item).not.toHaveProperty('apiVersion')
    expect(item.data).toEqual({a: '1'})
  })

  it('caches the events.k8s.io view per entry and writes its list items without kind', () => {
    const e = entry(coreEvent)
    const first = objectJson(v1Events, e)
    expect(JSON.parse(first)).toMatchObject({kind: 'Event', apiVersion: 'events.k8s.io/v1', note: 'Started container web'})
    expect(e.views?.get('events.k8s.io/v1')).toBe(first)
    expect(objectJson(v1Events, e)).toBe(first)
    expect(itemJson(v1Events, e)).toMatch(/^\{"metadata":/)
  })

  it('writes PartialObjectMetadata', () => {
    expect(JSON.parse(metadataJson(configMaps, entry(configMap)))).toEqual({kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: configMap.metadata})
  })

  it('makes an entry of an object outside the store from its resourceVersion', () => {
    expect(objectEntry(configMap)).toEqual({object: configMap, key: '', resourceVersion: 7})
    expect(objectEntry({kind: 'ConfigMap', apiVersion: 'v1', metadata: {name: 'dry'}}).resourceVersion).toBe(0)
  })
})

describe('lists and single objects', () => {
  const entries = [entry(configMap), entry({...configMap, metadata: {...configMap.metadata, name: 'other'}}, 8)]

  it('write a <Kind>List with the list metadata', () => {
    const list = JSON.parse(listJson(configMaps, entries, '"resourceVersion":"9","continue":"abc"', 'object', 'Metadata'))
    expect(list.kind).toBe('ConfigMapList')
    expect(list.apiVersion).toBe('v1')
    expect(list.metadata).toEqual({resourceVersion: '9', continue: 'abc'})
    expect(list.items.map((i: KubeObject) => i.metadata?.name)).toEqual(['settings', 'other'])
    const apps = JSON.parse(listJson(resource('apps', 'deployments'), [], '', 'object', 'Metadata'))
    expect(apps).toEqual({kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: {}, items: []})
  })

  it('write a PartialObjectMetadataList', () => {
    const list = JSON.parse(listJson(configMaps, entries, '"resourceVersion":"9"', 'metadata', 'Metadata'))
    expect(list.kind).toBe('PartialObjectMetadataList')
    expect(list.items[1]).toEqual({kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: entries[1]!.object.metadata})
  })

  it('write a Table with rows carrying no object, its metadata, or the whole object (includeObject)', () => {
    const none = JSON.parse(listJson(configMaps, entries, '"resourceVersion":"9"', 'table', 'None'))
    expect(none.kind).toBe('Table')
    expect(none.apiVersion).toBe('meta.k8s.io/v1')
    expect(none.columnDefinitions.map((c: {name: string}) => c.name)).toEqual(['Name', 'Data', 'Age'])
    expect(none.rows[0]).toEqual({cells: ['settings', 1, expect.any(String)]})
    const withMetadata = JSON.parse(listJson(configMaps, entries, '', 'table', 'Metadata'))
    expect(withMetadata.rows[0].object.kind).toBe('PartialObjectMetadata')
    const withObject = JSON.parse(listJson(configMaps, entries, '', 'table', 'Object'))
    expect(withObject.rows[0].object).toEqual(configMap)
  })

  it('write one object as itself, as metadata, or as a one-row Table with its resourceVersion, columns left off on request', () => {
    expect(oneJson(configMaps, entries[0]!, 'object', 'Metadata')).toBe(JSON.stringify(configMap))
    expect(JSON.parse(oneJson(configMaps, entries[0]!, 'metadata', 'Metadata')).kind).toBe('PartialObjectMetadata')
    const table = JSON.parse(oneJson(configMaps, entries[1]!, 'table', 'None'))
    expect(table.metadata).toEqual({resourceVersion: '8'})
    expect(table.rows).toHaveLength(1)
    expect(JSON.parse(oneJson(configMaps, entries[1]!, 'table', 'None', false)).columnDefinitions).toEqual([])
  })
})
