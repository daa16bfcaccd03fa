/**
 * Table printers of the named API groups a cluster always serves besides apps and batch:
 * storage.k8s.io, networking.k8s.io, policy, rbac.authorization.k8s.io, scheduling.k8s.io,
 * autoscaling, coordination.k8s.io, apiextensions.k8s.io and apiregistration.k8s.io (kube-aggregator's), with the columns and cell texts of
 * pkg/printers/internalversion/printers.go (the server prints wide columns too; kubectl hides them).
 * Kinds without a printer there (Role, ClusterRole, CustomResourceDefinition) get the API
 * server's default table: Name and Created At.
 */
import {ageColumn, col, labelSelectorText, nameColumn, since, type Printer} from './table-cells.js'

type Fields = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class']
const ACCESS_MODE_ORDER = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']
const ACCESS_MODE_SHORT: Record<string, string> = {ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP'}

/** helper.GetAccessModesAsString: the modes present, in a fixed order, short names joined by commas. */
export function accessModesText(modes: string[] | undefined): string {
  const present = new Set(modes ?? [])
  return ACCESS_MODE_ORDER.filter((m) => present.has(m)).map((m) => ACCESS_MODE_SHORT[m]).join(',')
}

function isDefaultClass(o: Fields): boolean {
  const annotations: Record<string, string> = o.metadata?.annotations ?? {}
  return DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true')
}

/** formatHosts: up to four hosts, `*` when no rule names one. */
function ingressHosts(rules: Array<{host?: string}> | undefined): string {
  const hosts = (rules ?? []).map((r) => r.host).filter((h): h is string => Boolean(h))
  if (hosts.length === 0) return '*'
  return hosts.length > 4 ? `${hosts.slice(0, 4).join(',')} + ${hosts.length - 4} more...` : hosts.join(',')
}

function ingressAddress(o: Fields): string {
  const ingress: Array<{ip?: string; hostname?: string}> = o.status?.loadBalancer?.ingress ?? []
  return ingress.map((i) => i.ip || i.hostname || '').filter(Boolean).join(',')
}

/** rbac.SubjectsStrings: users, groups and `namespace/name` service accounts. */
function subjectsOf(o: Fields, kind: string): string {
  const subjects: Array<{kind: string; name: string; namespace?: string}> = o.subjects ?? []
  return subjects.filter((s) => s.kind === kind).map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name)).join(', ')
}

/** formatHPAMetrics for the common metric types: `cpu: 45%/80%`, `<unknown>` until measured. */
function hpaTargets(o: Fields): string {
  const metrics: Fields[] = o.spec?.metrics ?? []
  if (metrics.length === 0) return '<none>'
  const current: Fields[] = o.status?.currentMetrics ?? []
  const texts = metrics.map((m, i) => {
    if (m.type === 'Resource' || m.type === 'ContainerResource') {
      const source = m.resource ?? m.containerResource ?? {}
      const target = source.target ?? {}
      const measured = current[i]?.resource?.current ?? current[i]?.containerResource?.current
      if (target.type === 'Utilization') return `${source.name}: ${measured?.averageUtilization !== undefined ? `${measured.averageUtilization}%` : '<unknown>'}/${target.averageUtilization}%`
      return `${source.name}: ${measured?.averageValue ?? '<unknown>'}/${target.averageValue ?? target.value}`
    }
    return `<unknown>/${m.type}`
  })
  return texts.length > 3 ? `${texts.slice(0, 3).join(', ')} + ${texts.length - 3} more...` : texts.join(', ')
}

const createdAtColumn = col('Created At', 0, 'date', '', ageColumn.description)

/** rest.NewDefaultTableConvertor: what the server prints for kinds without a printer. */
const createdAtPrinter: Printer = {
  columns: [nameColumn, createdAtColumn],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? ''],
}

const bindingPrinter = (what: string): Printer => ({
  columns: [nameColumn, col('Role', 0, 'string', '', 'RoleRef can only reference the current namespace. It can reference a Role in the current namespace or a ClusterRole in the global namespace.'), ageColumn, col('Users', 1, 'string', '', `Users in the ${what}`), col('Groups', 1, 'string', '', `Groups in the ${what}`), col('ServiceAccounts', 1, 'string', '', `ServiceAccounts in the ${what}`)],
  cells: (o, now) => [o.metadata.name, `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`, since(o.metadata.creationTimestamp, now), subjectsOf(o, 'User'), subjectsOf(o, 'Group'), subjectsOf(o, 'ServiceAccount')],
})

export const GROUP_PRINTERS: Record<string, Printer> = {
  'storageclasses.storage.k8s.io': {
    columns: [nameColumn, col('Provisioner', 0, 'string', '', 'provisioner indicates the type of the provisioner.'), col('ReclaimPolicy', 0, 'string', '', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'), col('VolumeBindingMode', 0, 'string', '', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'), col('AllowVolumeExpansion', 0, 'string', '', 'allowVolumeExpansion shows whether the storage class allow volume expand.'), ageColumn],
    cells: (o, now) => [isDefaultClass(o) ? `${o.metadata.name} (default)` : o.metadata.name, o.provisioner ?? '', o.reclaimPolicy ?? 'Delete', o.volumeBindingMode ?? 'Immediate', Boolean(o.allowVolumeExpansion), since(o.metadata.creationTimestamp, now)],
  },
  'csinodes.storage.k8s.io': {
    columns: [nameColumn, col('Drivers', 0, 'integer', '', 'Drivers indicates the number of CSI drivers registered on the node'), ageColumn],
    cells: (o, now) => [o.metadata.name, (o.spec?.drivers ?? []).length, since(o.metadata.creationTimestamp, now)],
  },
  'csidrivers.storage.k8s.io': {
    columns: [nameColumn, col('AttachRequired', 0, 'boolean'), col('PodInfoOnMount', 0, 'boolean'), col('StorageCapacity', 0, 'boolean'), col('TokenRequests', 0), col('RequiresRepublish', 0, 'boolean'), col('Modes', 0), ageColumn],
    cells: (o, now) => {
      const spec = o.spec ?? {}
      const tokenRequests = spec.tokenRequests ? (spec.tokenRequests as Array<{audience: string}>).map((t) => t.audience).join(',') : '<unset>'
      const modes = ((spec.volumeLifecycleModes as string[] | undefined) ?? []).join(',') || '<none>'
      return [o.metadata.name, spec.attachRequired ?? true, Boolean(spec.podInfoOnMount), Boolean(spec.storageCapacity), tokenRequests, Boolean(spec.requiresRepublish), modes, since(o.metadata.creationTimestamp, now)]
    },
  },
  'volumeattachments.storage.k8s.io': {
    columns: [nameColumn, col('Attacher', 0, 'string', 'name'), col('PV', 0), col('Node', 0), col('Attached', 0, 'boolean'), ageColumn],
    cells: (o, now) => [o.metadata.name, o.spec?.attacher ?? '', o.spec?.source?.persistentVolumeName ?? '', o.spec?.nodeName ?? '', Boolean(o.status?.attached), since(o.metadata.creationTimestamp, now)],
  },
  persistentvolumes: {
    columns: [nameColumn, col('Capacity', 0), col('Access Modes', 0), col('Reclaim Policy', 0), col('Status', 0), col('Claim', 0), col('StorageClass', 0, 'string', '', 'StorageClass of the pv'), col('VolumeAttributesClass', 0, 'string', '', 'VolumeAttributesClass of the pv'), col('Reason', 0), ageColumn, col('VolumeMode', 1)],
    cells: (o, now) => {
      const claim = o.spec?.claimRef ? `${o.spec.claimRef.namespace ?? ''}/${o.spec.claimRef.name ?? ''}` : ''
      const phase = o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? '')
      return [o.metadata.name, o.spec?.capacity?.storage ?? '', accessModesText(o.spec?.accessModes), o.spec?.persistentVolumeReclaimPolicy ?? '', phase, claim, o.spec?.storageClassName ?? '', o.spec?.volumeAttributesClassName ?? '<unset>', o.status?.reason ?? '', since(o.metadata.creationTimestamp, now), o.spec?.volumeMode ?? '<unset>']
    },
  },
  'ingresses.networking.k8s.io': {
    columns: [nameColumn, col('Class', 0, 'string', '', 'The name of the IngressClass resource that should be used for additional configuration'), col('Hosts', 0, 'string', '', 'Hosts that incoming requests are matched against before the ingress rule'), col('Address', 0, 'string', '', 'Address is a list containing ingress points for the load-balancer'), col('Ports', 0, 'string', '', 'Ports of TLS configurations that open'), ageColumn],
    cells: (o, now) => [o.metadata.name, o.spec?.ingressClassName ?? '<none>', ingressHosts(o.spec?.rules), ingressAddress(o), (o.spec?.tls ?? []).length > 0 ? '80, 443' : '80', since(o.metadata.creationTimestamp, now)],
  },
  'ingressclasses.networking.k8s.io': {
    columns: [nameColumn, col('Controller', 0, 'string', '', 'Controller that is responsible for handling this class'), col('Parameters', 0, 'string', '', 'A reference to a resource with additional parameters'), ageColumn],
    cells: (o, now) => {
      const p = o.spec?.parameters
      const parameters = p ? `${p.apiGroup ? `${p.kind}.${p.apiGroup}` : p.kind}/${p.name}` : '<none>'
      return [o.metadata.name, o.spec?.controller ?? '', parameters, since(o.metadata.creationTimestamp, now)]
    },
  },
  'networkpolicies.networking.k8s.io': {
    columns: [nameColumn, col('Pod-Selector', 0, 'string', '', 'podSelector selects the pods to which this NetworkPolicy object applies.'), ageColumn],
    cells: (o, now) => [o.metadata.name, labelSelectorText(o.spec?.podSelector ?? {}), since(o.metadata.creationTimestamp, now)],
  },
  'poddisruptionbudgets.policy': {
    columns: [nameColumn, col('Min Available', 0, 'string', '', 'The minimum number of pods that must be available.'), col('Max Unavailable', 0, 'string', '', 'The maximum number of pods that may be unavailable.'), col('Allowed Disruptions', 0, 'integer', '', 'Calculated number of pods that may be disrupted at this time.'), ageColumn],
    cells: (o, now) => [o.metadata.name, o.spec?.minAvailable !== undefined ? String(o.spec.minAvailable) : 'N/A', o.spec?.maxUnavailable !== undefined ? String(o.spec.maxUnavailable) : 'N/A', o.status?.disruptionsAllowed ?? 0, since(o.metadata.creationTimestamp, now)],
  },
  'roles.rbac.authorization.k8s.io': createdAtPrinter,
  'clusterroles.rbac.authorization.k8s.io': createdAtPrinter,
  'rolebindings.rbac.authorization.k8s.io': bindingPrinter('roleBinding'),
  'clusterrolebindings.rbac.authorization.k8s.io': bindingPrinter('clusterRoleBinding'),
  'priorityclasses.scheduling.k8s.io': {
    columns: [nameColumn, col('Value', 0, 'integer'), col('Global-Default', 0, 'boolean'), ageColumn, col('PreemptionPolicy', 0)],
    cells: (o, now) => [o.metadata.name, o.value ?? 0, Boolean(o.globalDefault), since(o.metadata.creationTimestamp, now), o.preemptionPolicy ?? ''],
  },
  'horizontalpodautoscalers.autoscaling': {
    columns: [nameColumn, col('Reference', 0), col('Targets', 0), col('MinPods', 0), col('MaxPods', 0), col('Replicas', 0), ageColumn],
    cells: (o, now) => [o.metadata.name, `${o.spec?.scaleTargetRef?.kind ?? ''}/${o.spec?.scaleTargetRef?.name ?? ''}`, hpaTargets(o), o.spec?.minReplicas !== undefined ? String(o.spec.minReplicas) : '<unset>', o.spec?.maxReplicas ?? 0, o.status?.currentReplicas ?? 0, since(o.metadata.creationTimestamp, now)],
  },
  'leases.coordination.k8s.io': {
    columns: [nameColumn, col('Holder', 0, 'string', '', 'holderIdentity contains the identity of the holder of a current lease.'), ageColumn],
    cells: (o, now) => [o.metadata.name, o.spec?.holderIdentity ?? '', since(o.metadata.creationTimestamp, now)],
  },
  serviceaccounts: {
    columns: [nameColumn, col('Secrets', 0), ageColumn],
    cells: (o, now) => [o.metadata.name, (o.secrets ?? []).length, since(o.metadata.creationTimestamp, now)],
  },
  'customresourcedefinitions.apiextensions.k8s.io': createdAtPrinter,
  'apiservices.apiregistration.k8s.io': {
    columns: [nameColumn, col('Service', 0, 'string', '', 'The reference to the service that hosts this API endpoint.'), col('Available', 0, 'string', '', 'Whether this service is available.'), ageColumn],
    cells: (o, now) => [o.metadata.name, o.spec?.service ? `${o.spec.service.namespace}/${o.spec.service.name}` : 'Local', apiServiceAvailable(o), since(o.metadata.creationTimestamp, now)],
  },
}

/** kube-aggregator's Available cell: True, `False (Reason)`, or Unknown without the condition. */
function apiServiceAvailable(o: Fields): string {
  const condition = (o.status?.conditions ?? []).find((c: Fields) => c.type === 'Available')
  if (!condition) return 'Unknown'
  return condition.status === 'True' || !condition.reason ? condition.status : `${condition.status} (${condition.reason})`
}
