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
  /** A custom resource's additionalPrinterColumns (from its CustomResourceDefinition). */
  printerColumns?: PrinterColumn[]
}

/** A CustomResourceDefinition's additionalPrinterColumns entry. */
export interface PrinterColumn {
  name: string
  type: string
  jsonPath: string
  format?: string
  description?: string
  priority?: number
}

const crud = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const readOnly = ['get', 'list']
const createOnly = ['create']

export const SERVED_RESOURCES: ServedResource[] = [
  {group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, verbs: crud.filter((v) => v !== 'deletecollection'), shortNames: ['ns'], subresources: ['status']},
  {group: '', version: 'v1', plural: 'nodes', singular: 'node', kind: 'Node', namespaced: false, verbs: crud, shortNames: ['no'], subresources: ['proxy', 'status']},
  {group: '', version: 'v1', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, verbs: crud, shortNames: ['po'], categories: ['all'], subresources: ['ephemeralcontainers', 'eviction', 'log', 'status']},
  {group: '', version: 'v1', plural: 'events', singular: 'event', kind: 'Event', namespaced: true, verbs: crud, shortNames: ['ev']},
  {group: '', version: 'v1', plural: 'services', singular: 'service', kind: 'Service', namespaced: true, verbs: crud, shortNames: ['svc'], categories: ['all'], subresources: ['status']},
  {group: '', version: 'v1', plural: 'endpoints', singular: 'endpoints', kind: 'Endpoints', namespaced: true, verbs: crud, shortNames: ['ep']},
  {group: '', version: 'v1', plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, verbs: crud, shortNames: ['cm']},
  {group: '', version: 'v1', plural: 'resourcequotas', singular: 'resourcequota', kind: 'ResourceQuota', namespaced: true, verbs: crud, shortNames: ['quota'], subresources: ['status']},
  {group: '', version: 'v1', plural: 'limitranges', singular: 'limitrange', kind: 'LimitRange', namespaced: true, verbs: crud, shortNames: ['limits']},
  {group: '', version: 'v1', plural: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, verbs: crud},
  {group: '', version: 'v1', plural: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', kind: 'PersistentVolumeClaim', namespaced: true, verbs: crud, shortNames: ['pvc'], subresources: ['status']},
  {group: '', version: 'v1', plural: 'persistentvolumes', singular: 'persistentvolume', kind: 'PersistentVolume', namespaced: false, verbs: crud, shortNames: ['pv'], subresources: ['status']},
  {group: '', version: 'v1', plural: 'replicationcontrollers', singular: 'replicationcontroller', kind: 'ReplicationController', namespaced: true, verbs: crud, shortNames: ['rc'], categories: ['all'], subresources: ['scale', 'status']},
  {group: '', version: 'v1', plural: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, verbs: crud, shortNames: ['sa'], subresources: ['token']},
  {group: 'apiregistration.k8s.io', version: 'v1', plural: 'apiservices', singular: 'apiservice', kind: 'APIService', namespaced: false, verbs: crud, categories: ['api-extensions'], subresources: ['status']},
  {group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, verbs: crud, shortNames: ['deploy'], categories: ['all'], subresources: ['scale', 'status']},
  {group: 'apps', version: 'v1', plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, verbs: crud, shortNames: ['rs'], categories: ['all'], subresources: ['scale', 'status']},
  {group: 'apps', version: 'v1', plural: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet', namespaced: true, verbs: crud, shortNames: ['sts'], categories: ['all'], subresources: ['scale', 'status']},
  {group: 'apps', version: 'v1', plural: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, verbs: crud, shortNames: ['ds'], categories: ['all'], subresources: ['status']},
  {group: 'batch', version: 'v1', plural: 'jobs', singular: 'job', kind: 'Job', namespaced: true, verbs: crud, categories: ['all'], subresources: ['status']},
  {group: 'batch', version: 'v1', plural: 'cronjobs', singular: 'cronjob', kind: 'CronJob', namespaced: true, verbs: crud, shortNames: ['cj'], categories: ['all'], subresources: ['status']},
  {group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true, verbs: crud},
  {group: 'events.k8s.io', version: 'v1', plural: 'events', singular: 'event', kind: 'Event', namespaced: true, verbs: crud, shortNames: ['ev'], storedAs: 'events'},
  {group: 'coordination.k8s.io', version: 'v1', plural: 'leases', singular: 'lease', kind: 'Lease', namespaced: true, verbs: crud},
  {group: 'authentication.k8s.io', version: 'v1', plural: 'selfsubjectreviews', singular: 'selfsubjectreview', kind: 'SelfSubjectReview', namespaced: false, verbs: createOnly},
  {group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: createOnly},
  {group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: createOnly},
  {group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', singular: 'horizontalpodautoscaler', kind: 'HorizontalPodAutoscaler', namespaced: true, verbs: crud, shortNames: ['hpa'], categories: ['all'], subresources: ['status']},
  {group: 'networking.k8s.io', version: 'v1', plural: 'ingressclasses', singular: 'ingressclass', kind: 'IngressClass', namespaced: false, verbs: crud},
  {group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', singular: 'ingress', kind: 'Ingress', namespaced: true, verbs: crud, shortNames: ['ing'], subresources: ['status']},
  {group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', singular: 'networkpolicy', kind: 'NetworkPolicy', namespaced: true, verbs: crud, shortNames: ['netpol']},
  {group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', singular: 'poddisruptionbudget', kind: 'PodDisruptionBudget', namespaced: true, verbs: crud, shortNames: ['pdb'], subresources: ['status']},
  {group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', singular: 'clusterrolebinding', kind: 'ClusterRoleBinding', namespaced: false, verbs: crud},
  {group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', singular: 'clusterrole', kind: 'ClusterRole', namespaced: false, verbs: crud},
  {group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', singular: 'rolebinding', kind: 'RoleBinding', namespaced: true, verbs: crud},
  {group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', singular: 'role', kind: 'Role', namespaced: true, verbs: crud},
  {group: 'storage.k8s.io', version: 'v1', plural: 'csidrivers', singular: 'csidriver', kind: 'CSIDriver', namespaced: false, verbs: crud},
  {group: 'storage.k8s.io', version: 'v1', plural: 'csinodes', singular: 'csinode', kind: 'CSINode', namespaced: false, verbs: crud},
  {group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', singular: 'storageclass', kind: 'StorageClass', namespaced: false, verbs: crud, shortNames: ['sc']},
  {group: 'storage.k8s.io', version: 'v1', plural: 'volumeattachments', singular: 'volumeattachment', kind: 'VolumeAttachment', namespaced: false, verbs: crud, subresources: ['status']},
  {group: 'scheduling.k8s.io', version: 'v1', plural: 'priorityclasses', singular: 'priorityclass', kind: 'PriorityClass', namespaced: false, verbs: crud, shortNames: ['pc']},
  {group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', singular: 'customresourcedefinition', kind: 'CustomResourceDefinition', namespaced: false, verbs: crud, shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: ['status']},
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

/**
 * The resources one sandbox serves: the built-in ones, and the custom resources its
 * CustomResourceDefinitions add while they exist (each sandbox has its own).
 */
export class ResourceRegistry {
  private readonly custom = new Map<string, ServedResource>()

  /** Built-in resources first, then custom ones in the order their definitions were established. */
  all(): ServedResource[] {
    return this.custom.size === 0 ? SERVED_RESOURCES : [...SERVED_RESOURCES, ...this.custom.values()]
  }

  find(groupVersionText: string, plural: string): ServedResource | undefined {
    return findResource(groupVersionText, plural) ?? this.custom.get(`${groupVersionText}/${plural}`)
  }

  forObject(apiVersion: string | undefined, kind: string | undefined): ServedResource | undefined {
    const builtIn = resourceForObject(apiVersion, kind)
    if (builtIn) return builtIn
    for (const r of this.custom.values()) if (groupVersion(r) === apiVersion && r.kind === kind) return r
    return undefined
  }

  isCustom(r: ServedResource): boolean {
    return this.custom.get(`${groupVersion(r)}/${r.plural}`) === r
  }

  add(r: ServedResource): void {
    this.custom.set(`${groupVersion(r)}/${r.plural}`, r)
  }

  remove(r: ServedResource): void {
    this.custom.delete(`${groupVersion(r)}/${r.plural}`)
  }
}
