// A DiagnoseClient over objects held in memory, for the targets' tests: get, list (namespace,
// equality label selectors, field selectors on dotted paths), metadata reads, discovery of the
// kinds it holds and /version. Every read is recorded. Anything else fails the test.
import type {DiagnoseClient} from '../../../src/diagnose/gather.js'
import {KubeError} from '../../../src/kube/errors.js'

interface Stored {
  kind?: string
  metadata: {name: string; namespace?: string; labels?: Record<string, string>}
  [key: string]: unknown
}

const resourceOf: Record<string, {resource: string; group: string; namespaced: boolean}> = {
  Pod: {resource: 'pods', group: 'v1', namespaced: true},
  Node: {resource: 'nodes', group: 'v1', namespaced: false},
  Service: {resource: 'services', group: 'v1', namespaced: true},
  Namespace: {resource: 'namespaces', group: 'v1', namespaced: false},
  Event: {resource: 'events', group: 'v1', namespaced: true},
  Secret: {resource: 'secrets', group: 'v1', namespaced: true},
  ServiceAccount: {resource: 'serviceaccounts', group: 'v1', namespaced: true},
  EndpointSlice: {resource: 'endpointslices', group: 'discovery.k8s.io/v1', namespaced: true},
  Deployment: {resource: 'deployments', group: 'apps/v1', namespaced: true},
  ReplicaSet: {resource: 'replicasets', group: 'apps/v1', namespaced: true},
  Ingress: {resource: 'ingresses', group: 'networking.k8s.io/v1', namespaced: true},
  IngressClass: {resource: 'ingressclasses', group: 'networking.k8s.io/v1', namespaced: false},
}

function at(object: unknown, path: string): string {
  const value = path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), object)
  return value === undefined || value === null ? '' : String(value)
}

function matches(object: Stored, options: {labelSelector?: string | undefined; fieldSelector?: string | undefined}): boolean {
  for (const term of (options.labelSelector ?? '').split(',').filter(Boolean)) {
    const [key, value] = term.split('=')
    if (value === undefined || /[ !()]/.test(term)) throw new Error(`store-client: label selector "${term}" is not an equality`)
    if (object.metadata.labels?.[key!] !== value) return false
  }
  for (const term of (options.fieldSelector ?? '').split(',').filter(Boolean)) {
    const negated = term.includes('!=')
    const [path, value] = term.split(negated ? '!=' : '=') as [string, string]
    if ((at(object, path) === value) === negated) return false
  }
  return true
}

export function storeClient(objects: readonly Stored[]): DiagnoseClient & {reads: string[]} {
  const reads: string[] = []
  const of = (resource: string) => objects.filter((o) => resourceOf[o.kind ?? '']?.resource === resource)
  const namespaced = (resource: string) => Object.values(resourceOf).find((r) => r.resource === resource)?.namespaced ?? true
  const find = (resource: string, name: string, namespace?: string) => {
    const found = of(resource).find((o) => o.metadata.name === name && (!namespaced(resource) || o.metadata.namespace === namespace))
    if (!found) throw new KubeError('not-found', `${resource} "${name}" not found`, 404)
    return found
  }
  const notUsed = () => Promise.reject(new Error('store-client: not used by these tests'))
  return {
    reads,
    get: async (resource: string, name: string, namespace?: string) => {
      reads.push(`get ${resource} ${namespace ? `${namespace}/` : ''}${name}`)
      return find(resource, name, namespace)
    },
    getMetadata: async (resource: string, name: string, namespace?: string) => {
      reads.push(`metadata ${resource} ${namespace}/${name}`)
      return {metadata: find(resource, name, namespace).metadata}
    },
    list: async (resource: string, options: {namespace?: string; allNamespaces?: boolean; labelSelector?: string; fieldSelector?: string} = {}) => {
      reads.push(`list ${resource}${options.namespace ? ` -n ${options.namespace}` : ''}${options.labelSelector ? ` -l ${options.labelSelector}` : ''}`)
      const items = of(resource).filter((o) => (options.allNamespaces || !options.namespace || o.metadata.namespace === options.namespace) && matches(o, options))
      return {items, resourceVersion: '1'}
    },
    listPages: async function* () {
      yield* []
      throw new Error('store-client: listPages not used by these tests')
    },
    listRawPages: async function* () {
      yield* []
      throw new Error('store-client: listRawPages not used by these tests')
    },
    podLogs: notUsed,
    getRaw: async (path: string) => {
      if (path === '/version') return JSON.stringify({major: '1', minor: '32'})
      const groups = new Set(Object.values(resourceOf).map((r) => (r.group === 'v1' ? '/api/v1' : `/apis/${r.group}`)))
      if (!groups.has(path)) throw new KubeError('not-found', `the server could not find the requested resource (get ${path})`, 404)
      return JSON.stringify({resources: Object.values(resourceOf).filter((r) => (r.group === 'v1' ? '/api/v1' : `/apis/${r.group}`) === path).map((r) => ({name: r.resource}))})
    },
  } as unknown as DiagnoseClient & {reads: string[]}
}
