/**
 * What the apiextensions server does with CustomResourceDefinitions: an established definition
 * makes its custom resource served — discovery (v1 and aggregated), CRUD, list/watch, the status
 * and scale subresources it declares, its printer columns — and its status says so
 * (acceptedNames, NamesAccepted and Established, storedVersions). Deleting the definition deletes
 * its custom resources (watchers see them go) and the resource stops being served. A group version
 * that a definition created at run time brings gets its APIService (the crd-registration
 * controller's, Local), removed with the last definition of that group version; those of the
 * scenario's definitions are made with the other bootstrap objects.
 * The storage version is the one served (a real server serves every `served` version).
 */
import {APISERVICES, apiServiceName, AUTOMANAGED, localApiService} from './bootstrap/api-services.js'
import {DEFAULT_PRINTER_COLUMNS} from './custom-tables.js'
import {groupVersion, type PrinterColumn, type ServedResource} from './resources.js'
import {kubeTime, type Store, type StoreEvent} from './store.js'
import type {KubeObject} from './types.js'

const CRDS = 'customresourcedefinitions.apiextensions.k8s.io'
const crud = ['delete', 'deletecollection', 'get', 'list', 'patch', 'watch', 'create', 'update']

interface CrdVersion {
  name: string
  served?: boolean
  storage?: boolean
  subresources?: {status?: object; scale?: object}
  additionalPrinterColumns?: PrinterColumn[]
}

interface CrdSpec {
  group?: string
  scope?: string
  names?: {plural?: string; singular?: string; kind?: string; listKind?: string; shortNames?: string[]; categories?: string[]}
  versions?: CrdVersion[]
}

/** The resource a definition describes, or undefined when it is incomplete. */
export function resourceOfDefinition(crd: KubeObject): ServedResource | undefined {
  const spec = (crd.spec ?? {}) as CrdSpec
  const names = spec.names ?? {}
  const version = spec.versions?.find((v) => v.storage) ?? spec.versions?.find((v) => v.served !== false)
  if (!spec.group || !names.plural || !names.kind || !version) return undefined
  const subresources = [...(version.subresources?.scale ? ['scale'] : []), ...(version.subresources?.status ? ['status'] : [])]
  return {
    group: spec.group,
    version: version.name,
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    kind: names.kind,
    namespaced: spec.scope !== 'Cluster',
    verbs: crud,
    ...(names.shortNames?.length ? {shortNames: names.shortNames} : {}),
    ...(names.categories?.length ? {categories: names.categories} : {}),
    ...(subresources.length ? {subresources} : {}),
    printerColumns: version.additionalPrinterColumns?.length ? version.additionalPrinterColumns : DEFAULT_PRINTER_COLUMNS,
  }
}

function establishedStatus(crd: KubeObject, resource: ServedResource): Record<string, unknown> {
  const spec = (crd.spec ?? {}) as CrdSpec
  const at = kubeTime(Date.now())
  const previous = (crd.status as {conditions?: Array<{type: string; lastTransitionTime?: string}>} | undefined)?.conditions ?? []
  const since = (type: string) => previous.find((c) => c.type === type)?.lastTransitionTime ?? at
  return {
    acceptedNames: {...spec.names, singular: resource.singular, listKind: spec.names?.listKind ?? `${resource.kind}List`},
    conditions: [
      {type: 'NamesAccepted', status: 'True', lastTransitionTime: since('NamesAccepted'), reason: 'NoConflicts', message: 'no conflicts found'},
      {type: 'Established', status: 'True', lastTransitionTime: since('Established'), reason: 'InitialNamesAccepted', message: 'the initial names have been accepted'},
    ],
    storedVersions: [resource.version],
  }
}

export class CustomResourceDefinitions {
  private readonly unsubscribe: () => void
  /** Definition name → the resource it serves. */
  private readonly serving = new Map<string, ServedResource>()

  constructor(private readonly store: Store) {
    this.unsubscribe = store.subscribe(CRDS, (event) => this.onDefinitionEvent(event))
    for (const entry of store.list(CRDS).entries) this.establish(entry.object, false)
  }

  private onDefinitionEvent(event: StoreEvent): void {
    const crd = event.entry.object
    if (event.type === 'DELETED') {
      queueMicrotask(() => this.withdraw(crd.metadata!.name!))
      return
    }
    if (crd.metadata?.deletionTimestamp) return
    this.establish(crd, true)
  }

  /** Serves the definition's resource now; its status is written after the current write. */
  private establish(crd: KubeObject, writeStatus: boolean): void {
    const name = crd.metadata!.name!
    const resource = resourceOfDefinition(crd)
    const before = this.serving.get(name)
    if (!resource) return
    if (before && groupVersion(before) === groupVersion(resource) && before.plural === resource.plural && JSON.stringify(before) === JSON.stringify(resource)) {
      if (writeStatus) queueMicrotask(() => this.writeStatus(name, resource))
      return
    }
    if (before && (groupVersion(before) !== groupVersion(resource) || before.plural !== resource.plural)) this.withdraw(name)
    else if (before) this.store.removeCustomResource(before)
    this.store.addCustomResource(resource)
    this.serving.set(name, resource)
    if (writeStatus) {
      queueMicrotask(() => {
        this.writeStatus(name, resource)
        this.registerApiService(resource)
      })
    } else this.writeStatusWithoutEvent(name, resource)
  }

  private registerApiService(resource: ServedResource): void {
    if (this.store.get(APISERVICES, undefined, apiServiceName(resource))) return
    this.store.create(localApiService(resource, kubeTime(Date.now()), true))
  }

  /** The crd-registration controller's APIService goes once no definition serves its group version. */
  private unregisterApiService(resource: ServedResource): void {
    if ([...this.serving.values()].some((r) => groupVersion(r) === groupVersion(resource))) return
    const apiService = this.store.get(APISERVICES, undefined, apiServiceName(resource))?.object
    if (apiService?.metadata?.labels?.[AUTOMANAGED] === 'true') this.store.delete(APISERVICES, undefined, apiServiceName(resource))
  }

  private writeStatus(name: string, resource: ServedResource): void {
    const current = this.store.get(CRDS, undefined, name)?.object
    if (!current || current.metadata?.deletionTimestamp) return
    const status = establishedStatus(current, resource)
    if (JSON.stringify(current.status ?? {}) === JSON.stringify(status)) return
    this.store.update({...current, metadata: {...current.metadata, resourceVersion: undefined}, status})
  }

  /** Definitions loaded with the scenario: established from the start. */
  private writeStatusWithoutEvent(name: string, resource: ServedResource): void {
    const current = this.store.get(CRDS, undefined, name)?.object
    if (current && !current.status) this.store.load([{...current, status: establishedStatus(current, resource)}])
  }

  /** Deletes the custom resources of a definition that is gone, then stops serving them. */
  private withdraw(name: string): void {
    const resource = this.serving.get(name)
    if (!resource) return
    this.serving.delete(name)
    const id = resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`
    for (const entry of this.store.list(id).entries) this.store.delete(id, entry.object.metadata?.namespace, entry.object.metadata!.name!)
    this.store.removeCustomResource(resource)
    this.unregisterApiService(resource)
  }

  stop(): void {
    this.unsubscribe()
  }
}
