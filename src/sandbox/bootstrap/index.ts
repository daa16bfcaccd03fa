/**
 * What every real cluster has besides its namespaces, whatever the scenario: the bootstrap RBAC
 * roles and bindings (rbac.ts), one CSINode per Node (each kubelet registers one, owned by its
 * Node, listing the CSI drivers of the cluster's StorageClasses), and the APIService of every
 * group version served, the scenario's custom resources' included (api-services.ts). Objects
 * the scenario defines itself are kept as they are. All of them date from the cluster's creation
 * (the kube-system namespace's creationTimestamp) unless they belong to a younger node. With the
 * controllers on, a Node created later gets its CSINode when it is added (registerCsiNode).
 */
import {uidFor} from '../scenarios/builders.js'
import {resourceOfDefinition} from '../custom-resources.js'
import type {Store} from '../store.js'
import type {KubeObject} from '../types.js'
import {apiServices} from './api-services.js'
import {bootstrapRbac} from './rbac.js'

/** The in-tree volume plugins whose operations kubelet 1.32 hands to CSI drivers, as it annotates its CSINode. */
const MIGRATED_PLUGINS = 'kubernetes.io/aws-ebs,kubernetes.io/azure-disk,kubernetes.io/azure-file,kubernetes.io/cinder,kubernetes.io/gce-pd,kubernetes.io/portworx-volume,kubernetes.io/vsphere-volume'

const uidOf = (key: string) => uidFor(`bootstrap/${key}`)

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
  const customGroups = objects.filter((o) => o.kind === 'CustomResourceDefinition').map(resourceOfDefinition).filter((r) => r !== undefined)
  const wanted = [...bootstrapRbac(created, uidOf), ...nodes.map((n) => csiNode(n, drivers)), ...apiServices(created, options.metrics, customGroups, uidOf)]
  return wanted.filter((o) => !present.has(`${o.kind}/${o.metadata?.name}`))
}
