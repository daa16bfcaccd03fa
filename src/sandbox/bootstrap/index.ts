/**
 * What every real cluster has besides its namespaces, whatever the scenario: the bootstrap RBAC
 * roles and bindings (rbac.ts), one CSINode per Node (each kubelet registers one, owned by its
 * Node, listing the CSI drivers of the cluster's StorageClasses), and the APIService of every
 * group version served (`Local`, Available, as kube-aggregator's autoregistration makes them;
 * v1beta1.metrics.k8s.io pointing at kube-system/metrics-server when metrics are served). Objects
 * the scenario defines itself are kept as they are. All of them date from the cluster's creation
 * (the kube-system namespace's creationTimestamp) unless they belong to a younger node. With the
 * controllers on, a Node created later gets its CSINode when it is added (registerCsiNode).
 */
import {uidFor} from '../scenarios/builders.js'
import {groupVersion, SERVED_RESOURCES} from '../resources.js'
import type {Store} from '../store.js'
import type {KubeObject} from '../types.js'
import {bootstrapRbac} from './rbac.js'

/** kube-apiserver's apiVersionPriorities (group priority minimum, version priority) for the groups the sandbox serves. */
const API_PRIORITIES: Record<string, [number, number]> = {
  v1: [18000, 1],
  'apiregistration.k8s.io/v1': [18000, 15],
  'apps/v1': [17800, 15],
  'events.k8s.io/v1': [17750, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v2': [17500, 30],
  'batch/v1': [17400, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'discovery.k8s.io/v1': [16200, 15],
}

/** The in-tree volume plugins whose operations kubelet 1.32 hands to CSI drivers, as it annotates its CSINode. */
const MIGRATED_PLUGINS = 'kubernetes.io/aws-ebs,kubernetes.io/azure-disk,kubernetes.io/azure-file,kubernetes.io/cinder,kubernetes.io/gce-pd,kubernetes.io/portworx-volume,kubernetes.io/vsphere-volume'

const uidOf = (key: string) => uidFor(`bootstrap/${key}`)

function available(reason: string, message: string, since: string): object {
  return {conditions: [{type: 'Available', status: 'True', lastTransitionTime: since, reason, message}]}
}

function apiServices(created: string, metrics: boolean): KubeObject[] {
  const versions = [...new Set(SERVED_RESOURCES.filter((r) => r.group !== 'metrics.k8s.io').map(groupVersion))]
  const local = versions.map((gv): KubeObject => {
    const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv]
    const [groupPriorityMinimum, versionPriority] = API_PRIORITIES[gv] ?? [15000, 15]
    return {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: {name: `${version}.${group}`, uid: uidOf(`apiservice/${gv}`), creationTimestamp: created, labels: {'kube-aggregator.kubernetes.io/automanaged': 'onstart'}},
      spec: {...(group ? {group} : {}), version, groupPriorityMinimum, versionPriority},
      status: available('Local', 'Local APIServices are always available', created),
    }
  })
  if (!metrics) return local
  const metricsServer: KubeObject = {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: {name: 'v1beta1.metrics.k8s.io', uid: uidOf('apiservice/metrics.k8s.io/v1beta1'), creationTimestamp: created, labels: {'k8s-app': 'metrics-server'}},
    spec: {service: {namespace: 'kube-system', name: 'metrics-server', port: 443}, group: 'metrics.k8s.io', version: 'v1beta1', insecureSkipTLSVerify: true, groupPriorityMinimum: 100, versionPriority: 100},
    status: available('Passed', 'all checks passed', created),
  }
  return [...local, metricsServer]
}

/** CSI driver names among the StorageClasses' provisioners (in-tree `kubernetes.io/...` ones are not CSI). */
function csiDrivers(objects: KubeObject[]): string[] {
  const names = new Set<string>()
  for (const o of objects) if (o.kind === 'StorageClass' && typeof o.provisioner === 'string' && !o.provisioner.includes('/')) names.add(o.provisioner)
  return [...names].sort()
}

function csiNode(node: KubeObject, drivers: string[]): KubeObject {
  const m = node.metadata ?? {}
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSINode',
    metadata: {
      name: m.name,
      uid: uidOf(`csinode/${m.name}`),
      creationTimestamp: m.creationTimestamp,
      annotations: {'storage.alpha.kubernetes.io/migrated-plugins': MIGRATED_PLUGINS},
      ownerReferences: [{apiVersion: 'v1', kind: 'Node', name: m.name ?? '', uid: m.uid ?? ''}],
    },
    spec: {drivers: drivers.length ? drivers.map((name) => ({name, nodeID: m.name, topologyKeys: null})) : null},
  }
}

/** What a node's kubelet does when it registers: a CSINode for the node (the store gives it its uid and creation time). */
export function registerCsiNode(store: Store, node: KubeObject): void {
  const name = node.metadata?.name ?? ''
  if (store.get('csinodes.storage.k8s.io', undefined, name)) return
  const object = csiNode(node, csiDrivers(store.list('storageclasses.storage.k8s.io').entries.map((e) => e.object)))
  store.create({...object, metadata: {...object.metadata, uid: undefined, creationTimestamp: undefined}})
}

/** The bootstrap objects the scenario's `objects` lack (same kind and name counts as present). */
export function bootstrapObjects(objects: KubeObject[], options: {metrics: boolean; now?: number}): KubeObject[] {
  const present = new Set<string>()
  const nodes: KubeObject[] = []
  let created: string | undefined
  for (const o of objects) {
    if (o.metadata?.namespace) continue
    present.add(`${o.kind}/${o.metadata?.name}`)
    if (o.kind === 'Node') nodes.push(o)
    else if (o.kind === 'Namespace' && o.metadata?.name === 'kube-system') created = o.metadata.creationTimestamp ?? undefined
  }
  created ??= new Date(options.now ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const drivers = csiDrivers(objects)
  const wanted = [...bootstrapRbac(created, uidOf), ...nodes.map((n) => csiNode(n, drivers)), ...apiServices(created, options.metrics)]
  return wanted.filter((o) => !present.has(`${o.kind}/${o.metadata?.name}`))
}
