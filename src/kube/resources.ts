/** The resources kubekit reads, by their plural name (as RBAC and kubectl name them). */
export interface ResourceInfo {
  /** API group; '' is the core group. */
  group: string
  version: string
  plural: string
  kind: string
  namespaced: boolean
}

const table: ResourceInfo[] = [
  {group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false},
  {group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false},
  {group: '', version: 'v1', plural: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false},
  {group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true},
  {group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true},
  {group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true},
  {group: '', version: 'v1', plural: 'endpoints', kind: 'Endpoints', namespaced: true},
  {group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true},
  {group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true},
  {group: '', version: 'v1', plural: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true},
  {group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true},
  {group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true},
  {group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true},
  {group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true},
  {group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true},
  {group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true},
  {group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob', namespaced: true},
  {group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', kind: 'EndpointSlice', namespaced: true},
  {group: 'events.k8s.io', version: 'v1', plural: 'events.events.k8s.io', kind: 'Event', namespaced: true},
  {group: '', version: 'v1', plural: 'componentstatuses', kind: 'ComponentStatus', namespaced: false},
  {group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', kind: 'Ingress', namespaced: true},
  {group: 'networking.k8s.io', version: 'v1', plural: 'ingressclasses', kind: 'IngressClass', namespaced: false},
  {group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', kind: 'StorageClass', namespaced: false},
  {group: 'storage.k8s.io', version: 'v1', plural: 'csidrivers', kind: 'CSIDriver', namespaced: false},
  {group: 'storage.k8s.io', version: 'v1', plural: 'csinodes', kind: 'CSINode', namespaced: false},
  {group: 'storage.k8s.io', version: 'v1', plural: 'volumeattachments', kind: 'VolumeAttachment', namespaced: false},
  {group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes.metrics.k8s.io', kind: 'NodeMetrics', namespaced: false},
  {group: 'metrics.k8s.io', version: 'v1beta1', plural: 'pods.metrics.k8s.io', kind: 'PodMetrics', namespaced: true},
]

const byName = new Map(table.map((r) => [r.plural, r]))

export type ResourceName = (typeof table)[number]['plural'] | string

export function resourceInfo(name: ResourceName): ResourceInfo {
  const info = byName.get(name)
  if (!info) throw new Error(`kubekit does not know the resource "${name}"`)
  return info
}

/** The URL path segment of a resource (`pods`, or `nodes` for nodes.metrics.k8s.io). */
export function urlPlural(info: ResourceInfo): string {
  return info.plural.split('.')[0]!
}

/** `/api/v1/namespaces/shop/pods/web-1/log` and friends. */
export function resourcePath(info: ResourceInfo, options: {namespace?: string | undefined; name?: string; subresource?: string} = {}): string {
  const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`
  const scope = info.namespaced && options.namespace ? `/namespaces/${encodeURIComponent(options.namespace)}` : ''
  const name = options.name === undefined ? '' : `/${encodeURIComponent(options.name)}`
  const sub = options.subresource ? `/${options.subresource}` : ''
  return `${base}${scope}/${urlPlural(info)}${name}${sub}`
}

/** How RBAC names the resource: `pods`, `deployments.apps`, `pods/log`. */
export function rbacResource(info: ResourceInfo, subresource?: string): string {
  const plural = urlPlural(info) + (subresource ? `/${subresource}` : '')
  return info.group === '' ? plural : `${plural}.${info.group}`
}
