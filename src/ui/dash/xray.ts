/**
 * xray: the objects an object owns or uses, as an indented tree (read-only). A Deployment owns
 * ReplicaSets that own Pods; a CronJob owns Jobs that own Pods; a Service selects Pods through
 * its EndpointSlices; an Ingress routes to Services (and uses TLS Secrets); a Pod uses
 * ConfigMaps, Secrets (metadata only: values are never downloaded), PersistentVolumeClaims and
 * runs on a Node; a Node runs Pods; a PersistentVolumeClaim is bound to a PersistentVolume and
 * mounted by Pods; a Namespace holds workloads, Services, Ingresses and claims; an Event is about
 * one object. Reads go through a small reader (the API client in production).
 */
import type {KubeObject} from '../../kube/client.js'

export interface TreeNode {
  /** `Kind/name`, and a few words of state. */
  label: string
  children: TreeNode[]
}

/** What xray reads; cluster.ts implements it over the API client. */
export interface XrayReader {
  get(resource: string, namespace: string, name: string): Promise<KubeObject>
  /** Metadata only (a Secret). */
  metadata(resource: string, namespace: string, name: string): Promise<KubeObject>
  /** namespace '': every namespace (or a cluster-scoped resource). */
  list(resource: string, namespace: string, labelSelector?: string, fieldSelector?: string): Promise<KubeObject[]>
}

type Shape = Record<string, unknown>
const at = (object: unknown, ...path: string[]): unknown => path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Shape)[key] : undefined), object)
const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : [])

function ownedBy(object: KubeObject, owner: KubeObject): boolean {
  return (object.metadata.ownerReferences ?? []).some((ref) => (owner.metadata.uid && ref.uid ? ref.uid === owner.metadata.uid : ref.name === owner.metadata.name && ref.kind === owner.kind))
}

function podState(pod: KubeObject): string {
  const phase = String(at(pod, 'status', 'phase') ?? 'Unknown')
  const waiting = list<{state?: {waiting?: {reason?: string}}}>(at(pod, 'status', 'containerStatuses')).map((c) => c.state?.waiting?.reason).find(Boolean)
  return waiting ?? phase
}

const leaf = (label: string): TreeNode => ({label, children: []})

/** Reads one object; a missing or unreadable one is a leaf that says so. */
async function attempt(label: string, read: () => Promise<TreeNode>): Promise<TreeNode> {
  try {
    return await read()
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error)
    return leaf(`${label}  (${/not found/i.test(reason) ? 'missing' : `unreadable: ${reason}`})`)
  }
}

/** The names a pod's spec refers to, by kind. */
export function podReferences(pod: KubeObject): {configMaps: string[]; secrets: string[]; claims: string[]} {
  const configMaps = new Set<string>()
  const secrets = new Set<string>()
  const claims = new Set<string>()
  for (const volume of list<Shape>(at(pod, 'spec', 'volumes'))) {
    const configMap = at(volume, 'configMap', 'name')
    const secret = at(volume, 'secret', 'secretName')
    const claim = at(volume, 'persistentVolumeClaim', 'claimName')
    if (typeof configMap === 'string') configMaps.add(configMap)
    if (typeof secret === 'string') secrets.add(secret)
    if (typeof claim === 'string') claims.add(claim)
    for (const source of list<Shape>(at(volume, 'projected', 'sources'))) {
      const projectedMap = at(source, 'configMap', 'name')
      const projectedSecret = at(source, 'secret', 'name')
      if (typeof projectedMap === 'string') configMaps.add(projectedMap)
      if (typeof projectedSecret === 'string') secrets.add(projectedSecret)
    }
  }
  const containers = [...list<Shape>(at(pod, 'spec', 'initContainers')), ...list<Shape>(at(pod, 'spec', 'containers'))]
  for (const container of containers) {
    for (const from of list<Shape>(container.envFrom)) {
      if (typeof at(from, 'configMapRef', 'name') === 'string') configMaps.add(at(from, 'configMapRef', 'name') as string)
      if (typeof at(from, 'secretRef', 'name') === 'string') secrets.add(at(from, 'secretRef', 'name') as string)
    }
    for (const env of list<Shape>(container.env)) {
      if (typeof at(env, 'valueFrom', 'configMapKeyRef', 'name') === 'string') configMaps.add(at(env, 'valueFrom', 'configMapKeyRef', 'name') as string)
      if (typeof at(env, 'valueFrom', 'secretKeyRef', 'name') === 'string') secrets.add(at(env, 'valueFrom', 'secretKeyRef', 'name') as string)
    }
  }
  for (const ref of list<{name?: string}>(at(pod, 'spec', 'imagePullSecrets'))) if (ref.name) secrets.add(ref.name)
  return {configMaps: [...configMaps].sort(), secrets: [...secrets].sort(), claims: [...claims].sort()}
}

async function podTree(reader: XrayReader, namespace: string, name: string): Promise<TreeNode> {
  const pod = await reader.get('pods', namespace, name)
  const refs = podReferences(pod)
  const children = await Promise.all([
    ...refs.configMaps.map((n) => attempt(`ConfigMap/${n}`, async () => (await reader.get('configmaps', namespace, n), leaf(`ConfigMap/${n}`)))),
    ...refs.secrets.map((n) => attempt(`Secret/${n}`, async () => (await reader.metadata('secrets', namespace, n), leaf(`Secret/${n}`)))),
    ...refs.claims.map((n) => attempt(`PersistentVolumeClaim/${n}`, async () => leaf(`PersistentVolumeClaim/${n}  ${String(at(await reader.get('persistentvolumeclaims', namespace, n), 'status', 'phase') ?? '')}`))),
  ])
  const node = at(pod, 'spec', 'nodeName')
  if (typeof node === 'string' && node) children.push(leaf(`Node/${node}`))
  return {label: `Pod/${name}  ${podState(pod)}`, children}
}

function podLeaf(pod: KubeObject): TreeNode {
  return leaf(`Pod/${pod.metadata.name}  ${podState(pod)}`)
}

async function deploymentTree(reader: XrayReader, namespace: string, name: string): Promise<TreeNode> {
  const deployment = {...(await reader.get('deployments', namespace, name)), kind: 'Deployment'}
  const [replicaSets, pods] = await Promise.all([reader.list('replicasets', namespace), reader.list('pods', namespace)])
  const owned = replicaSets.filter((rs) => ownedBy(rs, deployment)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
  const children = owned.map((rs) => {
    const replicaSet = {...rs, kind: 'ReplicaSet'}
    const ready = `${Number(at(rs, 'status', 'readyReplicas') ?? 0)}/${Number(at(rs, 'spec', 'replicas') ?? 0)} ready`
    return {label: `ReplicaSet/${rs.metadata.name}  ${ready}`, children: pods.filter((pod) => ownedBy(pod, replicaSet)).map(podLeaf)}
  })
  const ready = `${Number(at(deployment, 'status', 'readyReplicas') ?? 0)}/${Number(at(deployment, 'spec', 'replicas') ?? 1)} ready`
  return {label: `Deployment/${name}  ${ready}`, children}
}

/** Workloads that own pods directly (StatefulSet, DaemonSet, Job, ReplicaSet). */
async function ownerTree(reader: XrayReader, resource: string, kind: string, namespace: string, name: string): Promise<TreeNode> {
  const owner = {...(await reader.get(resource, namespace, name)), kind}
  const pods = await reader.list('pods', namespace)
  return {label: `${kind}/${name}`, children: pods.filter((pod) => ownedBy(pod, owner)).map(podLeaf)}
}

/** A Service's EndpointSlices and the Pods behind them. */
async function serviceEndpoints(reader: XrayReader, namespace: string, name: string, podsOf: () => Promise<KubeObject[]>): Promise<TreeNode[]> {
  const slices = await reader.list('endpointslices', namespace, `kubernetes.io/service-name=${name}`)
  const pods = new Map((await podsOf()).map((pod) => [pod.metadata.name, pod]))
  const children = slices.map((slice) => ({
    label: `EndpointSlice/${slice.metadata.name}`,
    children: list<{targetRef?: {kind?: string; name?: string}; conditions?: {ready?: boolean}}>(at(slice, 'endpoints')).map((endpoint) => {
      const target = endpoint.targetRef
      const pod = target?.kind === 'Pod' && target.name ? pods.get(target.name) : undefined
      const ready = endpoint.conditions?.ready === false ? 'not ready' : 'ready'
      return pod ? leaf(`Pod/${pod.metadata.name}  ${podState(pod)}, ${ready}`) : leaf(`${target?.kind ?? 'endpoint'}/${target?.name ?? '?'}  ${ready}`)
    }),
  }))
  return children.length > 0 ? children : [leaf('(no EndpointSlices: no pod matches the selector)')]
}

async function serviceTree(reader: XrayReader, namespace: string, name: string): Promise<TreeNode> {
  const service = await reader.get('services', namespace, name)
  const type = String(at(service, 'spec', 'type') ?? 'ClusterIP')
  return {label: `Service/${name}  ${type}`, children: await serviceEndpoints(reader, namespace, name, () => reader.list('pods', namespace))}
}

/** The Services an Ingress routes to (each with its Pods) and the Secrets its TLS uses. */
async function ingressTree(reader: XrayReader, namespace: string, name: string): Promise<TreeNode> {
  const ingress = await reader.get('ingresses', namespace, name)
  const backends = new Map<string, string>()
  const addBackend = (backend: unknown) => {
    const service = at(backend, 'service', 'name')
    if (typeof service !== 'string') return
    const port = at(backend, 'service', 'port', 'number') ?? at(backend, 'service', 'port', 'name')
    backends.set(service, port === undefined ? '' : `port ${String(port)}`)
  }
  addBackend(at(ingress, 'spec', 'defaultBackend'))
  for (const rule of list<Shape>(at(ingress, 'spec', 'rules'))) for (const path of list<Shape>(at(rule, 'http', 'paths'))) addBackend(path.backend)
  // Every Service's endpoints are matched against one read of the namespace's pods.
  let pods: Promise<KubeObject[]> | undefined
  const podsOf = () => (pods ??= reader.list('pods', namespace))
  const services = await Promise.all(
    [...backends].sort(([a], [b]) => a.localeCompare(b)).map(([service, port]) =>
      attempt(`Service/${service}`, async () => {
        const found = await reader.get('services', namespace, service)
        return {label: `Service/${service}  ${String(at(found, 'spec', 'type') ?? 'ClusterIP')}${port ? `, ${port}` : ''}`, children: await serviceEndpoints(reader, namespace, service, podsOf)}
      }),
    ),
  )
  const secrets = [...new Set(list<{secretName?: string}>(at(ingress, 'spec', 'tls')).map((tls) => tls.secretName).filter((n): n is string => Boolean(n)))].sort()
  const tls = await Promise.all(secrets.map((n) => attempt(`Secret/${n}`, async () => (await reader.metadata('secrets', namespace, n), leaf(`Secret/${n}  (TLS)`)))))
  const ingressClass = String(at(ingress, 'spec', 'ingressClassName') ?? '')
  return {label: `Ingress/${name}${ingressClass ? `  class ${ingressClass}` : ''}`, children: [...services, ...tls]}
}

/** A CronJob's Jobs, newest last, each with its Pods. */
async function cronJobTree(reader: XrayReader, namespace: string, name: string): Promise<TreeNode> {
  const cronJob = {...(await reader.get('cronjobs', namespace, name)), kind: 'CronJob'}
  const [jobs, pods] = await Promise.all([reader.list('jobs', namespace), reader.list('pods', namespace)])
  const owned = jobs.filter((job) => ownedBy(job, cronJob)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
  const children = owned.map((j) => {
    const job = {...j, kind: 'Job'}
    const done = `${Number(at(j, 'status', 'succeeded') ?? 0)} succeeded, ${Number(at(j, 'status', 'failed') ?? 0)} failed`
    return {label: `Job/${j.metadata.name}  ${done}`, children: pods.filter((pod) => ownedBy(pod, job)).map(podLeaf)}
  })
  const suspended = at(cronJob, 'spec', 'suspend') === true ? ', suspended' : ''
  return {label: `CronJob/${name}  ${String(at(cronJob, 'spec', 'schedule') ?? '')}${suspended}`, children: children.length > 0 ? children : [leaf('(no Jobs kept)')]}
}

/** The Pods running on a Node (every namespace). */
async function nodeTree(reader: XrayReader, name: string): Promise<TreeNode> {
  const node = await reader.get('nodes', '', name)
  const ready = list<{type?: string; status?: string}>(at(node, 'status', 'conditions')).find((c) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'NotReady'
  const pods = (await reader.list('pods', '', undefined, `spec.nodeName=${name}`)).sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
  return {label: `Node/${name}  ${ready}, ${pods.length} pods`, children: pods.map((pod) => leaf(`Pod/${pod.metadata.namespace ?? ''}/${pod.metadata.name}  ${podState(pod)}`))}
}

/** A PersistentVolumeClaim's PersistentVolume and the Pods that mount it. */
async function claimTree(reader: XrayReader, namespace: string, name: string): Promise<TreeNode> {
  const claim = await reader.get('persistentvolumeclaims', namespace, name)
  const volume = at(claim, 'spec', 'volumeName')
  const children: TreeNode[] = []
  if (typeof volume === 'string' && volume) children.push(await attempt(`PersistentVolume/${volume}`, async () => leaf(`PersistentVolume/${volume}  ${String(at(await reader.get('persistentvolumes', '', volume), 'status', 'phase') ?? '')}`)))
  const pods = (await reader.list('pods', namespace)).filter((pod) => podReferences(pod).claims.includes(name)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
  children.push(...pods.map(podLeaf))
  return {label: `PersistentVolumeClaim/${name}  ${String(at(claim, 'status', 'phase') ?? '')}`, children}
}

/** The workloads, Services, Ingresses and claims of a Namespace, each with a few words of state. */
async function namespaceTree(reader: XrayReader, name: string): Promise<TreeNode> {
  const namespace = await reader.get('namespaces', '', name)
  const groups: Array<[resource: string, kind: string, state: (o: KubeObject) => string]> = [
    ['deployments', 'Deployment', (o) => `${Number(at(o, 'status', 'readyReplicas') ?? 0)}/${Number(at(o, 'spec', 'replicas') ?? 1)} ready`],
    ['statefulsets', 'StatefulSet', (o) => `${Number(at(o, 'status', 'readyReplicas') ?? 0)}/${Number(at(o, 'spec', 'replicas') ?? 1)} ready`],
    ['daemonsets', 'DaemonSet', (o) => `${Number(at(o, 'status', 'numberReady') ?? 0)}/${Number(at(o, 'status', 'desiredNumberScheduled') ?? 0)} ready`],
    ['cronjobs', 'CronJob', (o) => String(at(o, 'spec', 'schedule') ?? '')],
    ['jobs', 'Job', (o) => `${Number(at(o, 'status', 'succeeded') ?? 0)} succeeded, ${Number(at(o, 'status', 'failed') ?? 0)} failed`],
    ['services', 'Service', (o) => String(at(o, 'spec', 'type') ?? 'ClusterIP')],
    ['ingresses', 'Ingress', () => ''],
    ['persistentvolumeclaims', 'PersistentVolumeClaim', (o) => String(at(o, 'status', 'phase') ?? '')],
  ]
  const children = await Promise.all(
    groups.map(async ([resource, kind, state]) => {
      try {
        const items = (await reader.list(resource, name)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
        return items.map((o) => leaf(`${kind}/${o.metadata.name}${state(o) ? `  ${state(o)}` : ''}`))
      } catch (error) {
        return [leaf(`${kind}s  (unreadable: ${error instanceof Error ? error.message.split('\n')[0]! : String(error)})`)]
      }
    }),
  )
  return {label: `Namespace/${name}  ${String(at(namespace, 'status', 'phase') ?? 'Active')}`, children: children.flat()}
}

/** An Event and the object it is about (or that the object is gone). */
async function eventTree(reader: XrayReader, namespace: string, name: string): Promise<TreeNode> {
  const event = await reader.get('events', namespace, name)
  const about = {kind: String(at(event, 'involvedObject', 'kind') ?? ''), name: String(at(event, 'involvedObject', 'name') ?? ''), namespace: String(at(event, 'involvedObject', 'namespace') ?? '')}
  const resource = {Pod: 'pods', Node: 'nodes', Deployment: 'deployments', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', Job: 'jobs', CronJob: 'cronjobs', Service: 'services', PersistentVolumeClaim: 'persistentvolumeclaims'}[about.kind]
  const label = `${about.kind}/${about.name}`
  const child = resource ? await attempt(label, async () => {
    const object = await reader.get(resource, about.namespace, about.name)
    return leaf(resource === 'pods' ? `${label}  ${podState(object)}` : label)
  }) : leaf(label)
  return {label: `Event/${name}  ${String(at(event, 'type') ?? '')} ${String(at(event, 'reason') ?? '')}`.trimEnd(), children: [child]}
}

/** The tree of one object; kinds without relations show the object alone. */
export async function xrayTree(reader: XrayReader, resource: string, namespace: string, name: string): Promise<TreeNode> {
  switch (resource) {
    case 'pods':
      return podTree(reader, namespace, name)
    case 'deployments':
      return deploymentTree(reader, namespace, name)
    case 'services':
      return serviceTree(reader, namespace, name)
    case 'statefulsets':
      return ownerTree(reader, resource, 'StatefulSet', namespace, name)
    case 'daemonsets':
      return ownerTree(reader, resource, 'DaemonSet', namespace, name)
    case 'jobs':
      return ownerTree(reader, resource, 'Job', namespace, name)
    case 'cronjobs':
      return cronJobTree(reader, namespace, name)
    case 'ingresses':
      return ingressTree(reader, namespace, name)
    case 'nodes':
      return nodeTree(reader, name)
    case 'persistentvolumeclaims':
      return claimTree(reader, namespace, name)
    case 'namespaces':
      return namespaceTree(reader, name)
    case 'events':
      return eventTree(reader, namespace, name)
    default:
      await reader.get(resource, namespace, name)
      return leaf(`${resource}/${name}  (no related objects shown for this kind)`)
  }
}

/** The tree as indented lines, `├─`/`└─` before each child. */
export function treeLines(node: TreeNode, prefix = '', childPrefix = ''): string[] {
  const lines = [prefix + node.label]
  node.children.forEach((child, i) => {
    const last = i === node.children.length - 1
    lines.push(...treeLines(child, childPrefix + (last ? '└─ ' : '├─ '), childPrefix + (last ? '   ' : '│  ')))
  })
  return lines
}
