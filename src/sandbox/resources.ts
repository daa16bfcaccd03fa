/**
 * The resources the sandbox serves, with what discovery says about each one
 * (verbs, short names, categories) so that kubectl's RESTMapper resolves `po`, `deploy`, `all`.
 */

export interface ServedResource {
  group: string
  version: string
  /** URL name: `pods`. */
  plural: string
  singular: string
  kind: string
  namespaced: boolean
  verbs: string[]
  shortNames?: string[]
  categories?: string[]
  /** Subresources served: `status`, `log`, `proxy`, `scale`. */
  subresources?: string[]
  /** Where the objects live: another resource's store (events.k8s.io events are core events). */
  storedAs?: string
}

const crud = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const readOnly = ['get', 'list']

export const SERVED_RESOURCES: ServedResource[] = [
  {group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, verbs: crud.filter((v) => v !== 'deletecollection'), shortNames: ['ns'], subresources: ['status']},
  {group: '', version: 'v1', plural: 'nodes', singular: 'node', kind: 'Node', namespaced: false, verbs: crud, shortNames: ['no'], subresources: ['proxy', 'status']},
  {group: '', version: 'v1', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, verbs: crud, shortNames: ['po'], categories: ['all'], subresources: ['log', 'status']},
  {group: '', version: 'v1', plural: 'events', singular: 'event', kind: 'Event', namespaced: true, verbs: crud, shortNames: ['ev']},
  {group: '', version: 'v1', plural: 'services', singular: 'service', kind: 'Service', namespaced: true, verbs: crud, shortNames: ['svc'], categories: ['all'], subresources: ['status']},
  {group: '', version: 'v1', plural: 'endpoints', singular: 'endpoints', kind: 'Endpoints', namespaced: true, verbs: crud, shortNames: ['ep']},
  {group: '', version: 'v1', plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, verbs: crud, shortNames: ['cm']},
  {group: '', version: 'v1', plural: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, verbs: crud},
  {group: '', version: 'v1', plural: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', kind: 'PersistentVolumeClaim', namespaced: true, verbs: crud, shortNames: ['pvc'], subresources: ['status']},
  {group: '', version: 'v1', plural: 'persistentvolumes', singular: 'persistentvolume', kind: 'PersistentVolume', namespaced: false, verbs: crud, shortNames: ['pv'], subresources: ['status']},
  {group: '', version: 'v1', plural: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, verbs: crud, shortNames: ['sa']},
  {group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, verbs: crud, shortNames: ['deploy'], categories: ['all'], subresources: ['scale', 'status']},
  {group: 'apps', version: 'v1', plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, verbs: crud, shortNames: ['rs'], categories: ['all'], subresources: ['scale', 'status']},
  {group: 'apps', version: 'v1', plural: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet', namespaced: true, verbs: crud, shortNames: ['sts'], categories: ['all'], subresources: ['scale', 'status']},
  {group: 'apps', version: 'v1', plural: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, verbs: crud, shortNames: ['ds'], categories: ['all'], subresources: ['status']},
  {group: 'batch', version: 'v1', plural: 'jobs', singular: 'job', kind: 'Job', namespaced: true, verbs: crud, categories: ['all'], subresources: ['status']},
  {group: 'batch', version: 'v1', plural: 'cronjobs', singular: 'cronjob', kind: 'CronJob', namespaced: true, verbs: crud, shortNames: ['cj'], categories: ['all'], subresources: ['status']},
  {group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true, verbs: crud},
  {group: 'events.k8s.io', version: 'v1', plural: 'events', singular: 'event', kind: 'Event', namespaced: true, verbs: crud, shortNames: ['ev'], storedAs: 'events'},
  {group: 'coordination.k8s.io', version: 'v1', plural: 'leases', singular: 'lease', kind: 'Lease', namespaced: true, verbs: crud},
  {group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create']},
  {group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes', singular: '', kind: 'NodeMetrics', namespaced: false, verbs: readOnly},
  {group: 'metrics.k8s.io', version: 'v1beta1', plural: 'pods', singular: '', kind: 'PodMetrics', namespaced: true, verbs: readOnly},
]

/** `pods`, `deployments.apps`, `nodes.metrics.k8s.io`: the store key of a resource. */
export function resourceId(r: Pick<ServedResource, 'group' | 'plural'>): string {
  return r.group === '' ? r.plural : `${r.plural}.${r.group}`
}

export function groupVersion(r: Pick<ServedResource, 'group' | 'version'>): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`
}

const byGroupVersionPlural = new Map(SERVED_RESOURCES.map((r) => [`${groupVersion(r)}/${r.plural}`, r]))
const byApiVersionKind = new Map<string, ServedResource>()
for (const r of SERVED_RESOURCES) if (!r.storedAs) byApiVersionKind.set(`${groupVersion(r)}/${r.kind}`, r)

export function findResource(groupVersionText: string, plural: string): ServedResource | undefined {
  return byGroupVersionPlural.get(`${groupVersionText}/${plural}`)
}

/** The resource an object belongs to, from its apiVersion and kind (events.k8s.io events are stored as core events). */
export function resourceForObject(apiVersion: string | undefined, kind: string | undefined): ServedResource | undefined {
  if (apiVersion === 'events.k8s.io/v1' && kind === 'Event') return byApiVersionKind.get('v1/Event')
  return byApiVersionKind.get(`${apiVersion}/${kind}`)
}

/** The resource whose store holds this resource's objects. */
export function storageResource(r: ServedResource): ServedResource {
  return r.storedAs ? findResource('v1', r.storedAs)! : r
}
