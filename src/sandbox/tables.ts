/**
 * meta.k8s.io/v1 Table rendering, as kube-apiserver's printers do it for `kubectl get`
 * (columns, cell texts, priorities). kubectl asks for `as=Table` and prints the cells as given.
 */
import {humanDuration} from '../print/duration.js'
import {ageColumn, col, labelSelectorText, nameColumn, none, since, type ColumnDefinition, type Printer} from './table-cells.js'
import {customResourcePrinter} from './custom-tables.js'
import {GROUP_PRINTERS} from './group-tables.js'
import {resourceId, type ServedResource} from './resources.js'
import type {KubeObject} from './types.js'

export type {ColumnDefinition} from './table-cells.js'

function podStatus(pod: Record<string, any>, now: number): {ready: string; reason: string; restarts: string} { // eslint-disable-line @typescript-eslint/no-explicit-any
  const spec = pod.spec ?? {}
  const status = pod.status ?? {}
  let reason: string = status.reason || status.phase || ''
  let restarts = 0
  let lastRestart = 0
  let readyContainers = 0
  const totalContainers = (spec.containers ?? []).length
  const noteRestart = (cs: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    restarts += cs.restartCount ?? 0
    const finished = cs.lastState?.terminated?.finishedAt
    if (finished && Date.parse(finished) > lastRestart) lastRestart = Date.parse(finished)
  }
  let initializing = false
  const initStatuses: Array<Record<string, any>> = status.initContainerStatuses ?? [] // eslint-disable-line @typescript-eslint/no-explicit-any
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!
    noteRestart(cs)
    const terminated = cs.state?.terminated
    const waiting = cs.state?.waiting
    if (terminated && terminated.exitCode === 0) continue
    if (terminated) reason = terminated.reason ? `Init:${terminated.reason}` : terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`
    else reason = `Init:${i}/${(spec.initContainers ?? []).length}`
    initializing = true
    break
  }
  if (!initializing) {
    let hasRunning = false
    const statuses: Array<Record<string, any>> = status.containerStatuses ?? [] // eslint-disable-line @typescript-eslint/no-explicit-any
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!
      noteRestart(cs)
      const {waiting, terminated, running} = cs.state ?? {}
      if (waiting?.reason) reason = waiting.reason
      else if (terminated?.reason) reason = terminated.reason
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`
      else if (cs.ready && running) {
        hasRunning = true
        readyContainers++
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = (status.conditions ?? []).some((c: {type: string; status: string}) => c.type === 'Ready' && c.status === 'True')
      reason = ready ? 'Running' : 'NotReady'
    }
  }
  if (pod.metadata?.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating'
  const restartText = restarts !== 0 && lastRestart ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts)
  return {ready: `${readyContainers}/${totalContainers}`, reason, restarts: restartText}
}

function nodeStatus(node: Record<string, any>): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const ready = (node.status?.conditions ?? []).find((c: {type: string}) => c.type === 'Ready')
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : ready.status === 'False' ? 'NotReady' : 'Unknown') : 'Unknown']
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled')
  return parts.join(',')
}

function nodeRoles(node: Record<string, any>): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const roles = new Set<string>()
  for (const [key, value] of Object.entries<string>(node.metadata?.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) roles.add(key.slice('node-role.kubernetes.io/'.length))
    else if (key === 'kubernetes.io/role' && value) roles.add(value)
  }
  return roles.size ? [...roles].sort().join(',') : '<none>'
}

function nodeAddress(node: Record<string, any>, type: string): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  return none((node.status?.addresses ?? []).find((a: {type: string}) => a.type === type)?.address)
}

function selectorText(selector: Record<string, string> | undefined): string {
  if (!selector || Object.keys(selector).length === 0) return '<none>'
  return Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',')
}


function containersAndImages(template: Record<string, any> | undefined): [string, string] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const containers: Array<{name: string; image: string}> = template?.spec?.containers ?? []
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(',')]
}

function servicePorts(spec: Record<string, any>): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const ports: Array<{port: number; nodePort?: number; protocol?: string}> = spec.ports ?? []
  if (ports.length === 0) return '<none>'
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',')
}

function serviceExternalIp(svc: Record<string, any>): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const type = svc.spec?.type ?? 'ClusterIP'
  const external: string[] = svc.spec?.externalIPs ?? []
  if (type === 'ExternalName') return svc.spec?.externalName ?? '<none>'
  if (type === 'LoadBalancer') {
    const ingress: Array<{ip?: string; hostname?: string}> = svc.status?.loadBalancer?.ingress ?? []
    const all = [...ingress.map((i) => i.ip || i.hostname || ''), ...external].filter(Boolean)
    return all.length ? all.join(',') : '<pending>'
  }
  return external.length ? external.join(',') : '<none>'
}

function eventSource(event: Record<string, any>): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const component = event.source?.component || event.reportingComponent || ''
  const host = event.source?.host || event.reportingInstance || ''
  return host ? `${component}, ${host}` : component
}

/** kubectl's formatEndpoints/formatDiscoveryEndpoints: the first three, then `+ N more...`. */
function firstThree(list: string[], empty: string): string {
  if (list.length === 0) return empty
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',')
}

const dataCount = (o: Record<string, any>) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length // eslint-disable-line @typescript-eslint/no-explicit-any

const printers: Record<string, Printer> = {
  pods: {
    columns: [nameColumn, col('Ready', 0, 'string', '', 'The aggregate readiness state of this pod for accepting traffic.'), col('Status', 0, 'string', '', 'The aggregate status of the containers in this pod.'), col('Restarts', 0, 'string', '', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'), ageColumn, col('IP', 1, 'string', '', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'), col('Node', 1, 'string', '', "NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements."), col('Nominated Node', 1, 'string', '', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.'), col('Readiness Gates', 1, 'string', '', 'If specified, all readiness gates will be evaluated for pod readiness.')],
    cells: (pod, now) => {
      const s = podStatus(pod, now)
      const gates: Array<{conditionType: string}> = pod.spec?.readinessGates ?? []
      const gateText = gates.length
        ? `${gates.filter((g) => (pod.status?.conditions ?? []).some((c: {type: string; status: string}) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`
        : '<none>'
      return [pod.metadata.name, s.ready, s.reason, s.restarts, since(pod.metadata.creationTimestamp, now), none(pod.status?.podIP), none(pod.spec?.nodeName), none(pod.status?.nominatedNodeName), gateText]
    },
  },
  nodes: {
    columns: [nameColumn, col('Status', 0, 'string', '', 'The status of the node'), col('Roles', 0, 'string', '', 'The roles of the node'), ageColumn, col('Version', 0, 'string', '', 'Kubelet Version reported by the node.'), col('Internal-IP', 1, 'string', '', 'List of addresses reachable to the node. Queried from cloud provider, if available.'), col('External-IP', 1, 'string', '', 'List of addresses reachable to the node. Queried from cloud provider, if available.'), col('OS-Image', 1, 'string', '', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'), col('Kernel-Version', 1, 'string', '', 'Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).'), col('Container-Runtime', 1, 'string', '', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).')],
    cells: (node, now) => {
      const info = node.status?.nodeInfo ?? {}
      return [node.metadata.name, nodeStatus(node), nodeRoles(node), since(node.metadata.creationTimestamp, now), info.kubeletVersion ?? '', nodeAddress(node, 'InternalIP'), nodeAddress(node, 'ExternalIP'), none(info.osImage), none(info.kernelVersion), none(info.containerRuntimeVersion)]
    },
  },
  events: {
    columns: [col('Last Seen', 0, 'string', '', 'Time when last this event was observed.'), col('Type', 0, 'string', '', 'Type of this event (Normal, Warning), new types could be added in the future.'), col('Reason', 0, 'string', '', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'), col('Object', 0, 'string', '', 'The object that this event is about.'), col('Subobject', 1, 'string', '', 'The subobject this event is about (e.g. a container).'), col('Source', 1, 'string', '', 'The component reporting this event. Should be a short machine understandable string.'), col('Message', 0, 'string', '', 'A human-readable description of the status of this operation.'), col('First Seen', 1, 'string', '', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'), col('Count', 1, 'string', '', 'The number of times this event has occurred.'), col('Name', 1, 'string', 'name', nameColumn.description)],
    cells: (event, now) => {
      let first = event.firstTimestamp ? since(event.firstTimestamp, now) : since(event.eventTime, now)
      if (!event.firstTimestamp && !event.eventTime) first = '<unknown>'
      let last = event.lastTimestamp ? since(event.lastTimestamp, now) : first
      let count = event.count ?? 0
      if (event.series) {
        last = since(event.series.lastObservedTime, now)
        count = event.series.count
      } else if (!count) count = 1
      const involved = event.involvedObject ?? {}
      const target = involved.name ? `${String(involved.kind ?? '').toLowerCase()}/${involved.name}` : String(involved.kind ?? '').toLowerCase()
      return [last, event.type ?? '', event.reason ?? '', target, involved.fieldPath ?? '', eventSource(event), String(event.message ?? '').trim(), first, count, event.metadata.name]
    },
  },
  namespaces: {
    columns: [nameColumn, col('Status', 0, 'string', '', 'The status of the namespace'), ageColumn],
    cells: (ns, now) => [ns.metadata.name, ns.status?.phase ?? '', since(ns.metadata.creationTimestamp, now)],
  },
  services: {
    columns: [nameColumn, col('Type', 0, 'string', '', 'The type of the service'), col('Cluster-IP', 0, 'string', '', 'The cluster IP of the service'), col('External-IP', 0, 'string', '', 'The external IP of the service'), col('Port(s)', 0, 'string', '', 'The ports of the service'), ageColumn, col('Selector', 1, 'string', '', 'The selector of the service')],
    cells: (svc, now) => [svc.metadata.name, svc.spec?.type ?? 'ClusterIP', none(svc.spec?.clusterIP), serviceExternalIp(svc), servicePorts(svc.spec ?? {}), since(svc.metadata.creationTimestamp, now), selectorText(svc.spec?.selector)],
  },
  'deployments.apps': {
    columns: [nameColumn, col('Ready', 0, 'string', '', 'Number of the pod with ready state'), col('Up-to-date', 0, 'string', '', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'), col('Available', 0, 'string', '', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'), ageColumn, col('Containers', 1, 'string', '', 'Names of each container in the template.'), col('Images', 1, 'string', '', 'Images referenced by each container in the template.'), col('Selector', 1, 'string', '', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.')],
    cells: (d, now) => {
      const [containers, images] = containersAndImages(d.spec?.template)
      return [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0, since(d.metadata.creationTimestamp, now), containers, images, labelSelectorText(d.spec?.selector)]
    },
  },
  'replicasets.apps': {
    columns: [nameColumn, col('Desired', 0, 'integer', '', 'Replicas is the number of desired pods.'), col('Current', 0, 'integer', '', 'Replicas is the most recently observed number of replicas.'), col('Ready', 0, 'integer', '', 'The number of ready replicas for this replica set.'), ageColumn, col('Containers', 1, 'string', '', 'Names of each container in the template.'), col('Images', 1, 'string', '', 'Images referenced by each container in the template.'), col('Selector', 1, 'string', '', 'Label selector for pods.')],
    cells: (rs, now) => {
      const [containers, images] = containersAndImages(rs.spec?.template)
      return [rs.metadata.name, rs.spec?.replicas ?? 1, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, since(rs.metadata.creationTimestamp, now), containers, images, labelSelectorText(rs.spec?.selector)]
    },
  },
  replicationcontrollers: {
    columns: [nameColumn, col('Desired', 0, 'integer', '', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller'), col('Current', 0, 'integer', '', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller'), col('Ready', 0, 'integer', '', 'The number of ready replicas for this replication controller.'), ageColumn, col('Containers', 1, 'string', '', 'Names of each container in the template.'), col('Images', 1, 'string', '', 'Images referenced by each container in the template.'), col('Selector', 1, 'string', '', 'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors')],
    cells: (rc, now) => {
      const [containers, images] = containersAndImages(rc.spec?.template)
      return [rc.metadata.name, rc.spec?.replicas ?? 1, rc.status?.replicas ?? 0, rc.status?.readyReplicas ?? 0, since(rc.metadata.creationTimestamp, now), containers, images, selectorText(rc.spec?.selector)]
    },
  },
  'statefulsets.apps': {
    columns: [nameColumn, col('Ready', 0, 'string', '', 'Number of the pod with ready state'), ageColumn, col('Containers', 1), col('Images', 1)],
    cells: (s, now) => {
      const [containers, images] = containersAndImages(s.spec?.template)
      return [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`, since(s.metadata.creationTimestamp, now), containers, images]
    },
  },
  'daemonsets.apps': {
    columns: [nameColumn, col('Desired', 0, 'integer'), col('Current', 0, 'integer'), col('Ready', 0, 'integer'), col('Up-to-date', 0, 'integer'), col('Available', 0, 'integer'), col('Node Selector', 0), ageColumn, col('Containers', 1), col('Images', 1), col('Selector', 1)],
    cells: (d, now) => {
      const [containers, images] = containersAndImages(d.spec?.template)
      const st = d.status ?? {}
      return [d.metadata.name, st.desiredNumberScheduled ?? 0, st.currentNumberScheduled ?? 0, st.numberReady ?? 0, st.updatedNumberScheduled ?? 0, st.numberAvailable ?? 0, selectorText(d.spec?.template?.spec?.nodeSelector), since(d.metadata.creationTimestamp, now), containers, images, labelSelectorText(d.spec?.selector)]
    },
  },
  'jobs.batch': {
    columns: [nameColumn, col('Status', 0), col('Completions', 0), col('Duration', 0), ageColumn, col('Containers', 1), col('Images', 1), col('Selector', 1)],
    cells: (j, now) => {
      const [containers, images] = containersAndImages(j.spec?.template)
      const conditions: Array<{type: string; status: string}> = j.status?.conditions ?? []
      const is = (t: string) => conditions.some((c) => c.type === t && c.status === 'True')
      const status = is('Complete') ? 'Complete' : is('Failed') ? 'Failed' : is('Suspended') ? 'Suspended' : 'Running'
      const start = j.status?.startTime ? Date.parse(j.status.startTime) : 0
      const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : now
      return [j.metadata.name, status, `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? 1}`, start ? humanDuration(end - start) : '', since(j.metadata.creationTimestamp, now), containers, images, labelSelectorText(j.spec?.selector)]
    },
  },
  'cronjobs.batch': {
    columns: [nameColumn, col('Schedule', 0), col('Timezone', 0), col('Suspend', 0, 'boolean'), col('Active', 0, 'integer'), col('Last Schedule', 0), ageColumn, col('Containers', 1), col('Images', 1), col('Selector', 1)],
    cells: (c, now) => {
      const [containers, images] = containersAndImages(c.spec?.jobTemplate?.spec?.template)
      return [c.metadata.name, c.spec?.schedule ?? '', c.spec?.timeZone ?? '<none>', Boolean(c.spec?.suspend), (c.status?.active ?? []).length, c.status?.lastScheduleTime ? since(c.status.lastScheduleTime, now) : '<none>', since(c.metadata.creationTimestamp, now), containers, images, labelSelectorText(c.spec?.jobTemplate?.spec?.selector)]
    },
  },
  endpoints: {
    columns: [nameColumn, col('Endpoints', 0, 'string', '', 'Endpoints of the service'), ageColumn],
    cells: (ep, now) => {
      const subsets: Array<{addresses?: Array<{ip: string}>; ports?: Array<{port: number}>}> = ep.subsets ?? []
      const list = subsets.flatMap((ss) => (ss.ports?.length ? ss.ports.flatMap((p) => (ss.addresses ?? []).map((a) => `${a.ip}:${p.port}`)) : (ss.addresses ?? []).map((a) => a.ip)))
      return [ep.metadata.name, subsets.length ? firstThree(list, '') : '<none>', since(ep.metadata.creationTimestamp, now)]
    },
  },
  'endpointslices.discovery.k8s.io': {
    columns: [nameColumn, col('AddressType', 0), col('Ports', 0), col('Endpoints', 0), ageColumn],
    cells: (eps, now) => {
      const ports: Array<{port?: number}> = eps.ports ?? []
      const addresses = (eps.endpoints ?? []).flatMap((e: {addresses: string[]}) => e.addresses)
      return [eps.metadata.name, eps.addressType ?? '', ports.length ? ports.map((p) => (p.port === undefined ? '<unset>' : String(p.port))).join(',') : '<unset>', firstThree(addresses, '<unset>'), since(eps.metadata.creationTimestamp, now)]
    },
  },
  configmaps: {
    columns: [nameColumn, col('Data', 0, 'integer', '', 'Number of data entries'), ageColumn],
    cells: (cm, now) => [cm.metadata.name, dataCount(cm), since(cm.metadata.creationTimestamp, now)],
  },
  secrets: {
    columns: [nameColumn, col('Type', 0), col('Data', 0, 'integer'), ageColumn],
    cells: (s, now) => [s.metadata.name, s.type ?? 'Opaque', dataCount(s), since(s.metadata.creationTimestamp, now)],
  },
  persistentvolumeclaims: {
    columns: [nameColumn, col('Status', 0), col('Volume', 0), col('Capacity', 0), col('Access Modes', 0), col('StorageClass', 0), col('VolumeAttributesClass', 0), ageColumn, col('VolumeMode', 1)],
    cells: (p, now) => [p.metadata.name, p.status?.phase ?? '', p.spec?.volumeName ?? '', p.status?.capacity?.storage ?? '', (p.status?.accessModes ?? []).map((m: string) => ({ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP'})[m] ?? m).join(','), p.spec?.storageClassName ?? '', '<unset>', since(p.metadata.creationTimestamp, now), p.spec?.volumeMode ?? 'Filesystem'],
  },
}

const defaultPrinter: Printer = {
  columns: [nameColumn, ageColumn],
  cells: (o, now) => [o.metadata?.name ?? '', since(o.metadata?.creationTimestamp, now)],
}

function printerOf(resource: ServedResource): Printer {
  if (resource.printerColumns) return customResourcePrinter(resource.printerColumns)
  const id = resourceId(resource)
  return printers[id] ?? GROUP_PRINTERS[id] ?? defaultPrinter
}

export function tableColumns(resource: ServedResource): ColumnDefinition[] {
  return printerOf(resource).columns
}

/** The cells of one row. */
export function tableCells(resource: ServedResource, object: KubeObject, now: number): unknown[] {
  return printerOf(resource).cells(object as Record<string, unknown>, now)
}
