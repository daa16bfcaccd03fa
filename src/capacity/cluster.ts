/**
 * Reading a live cluster for `capacity plan --from-cluster` and `capacity show`, through
 * the one API client. Each page of pods is reduced to small records (or straight into
 * per-node and per-workload sums) as it arrives, so memory does not grow with the raw
 * JSON size.
 */
import type {KubeClient} from '../kube/client.js'
import {isTransient, KubeError} from '../kube/errors.js'
import {addAmounts, maxAmounts} from './model.js'
import type {NodeShape, Provider, ResourceAmounts, Workload, WorkloadKind} from './model.js'
import {podRequests} from './pod-requests.js'
import type {PodSpecLike, QuantityValue} from './pod-requests.js'
import {parseRequest} from './quantity.js'

/** The parts of a Pod the capacity views read. */
export interface PodObject {
  metadata: {
    name: string
    namespace?: string
    labels?: Record<string, string>
    ownerReferences?: Array<{kind: string; name: string; controller?: boolean}>
  }
  spec?: PodSpecLike & {nodeName?: string}
  status?: {phase?: string}
}

/** A node taint as the API gives it (value may be absent). */
export interface NodeTaint {
  key: string
  value?: string
  effect: string
}

export interface NodeObject {
  metadata: {name: string; labels?: Record<string, string>}
  spec?: {unschedulable?: boolean; taints?: NodeTaint[]; providerID?: string}
  status?: {capacity?: Record<string, QuantityValue>; allocatable?: Record<string, QuantityValue>; nodeInfo?: {kubeletVersion?: string}}
}

interface MetricsObject {
  metadata: {name: string; namespace?: string}
  usage?: Record<string, QuantityValue>
  containers?: Array<{name?: string; usage?: Record<string, QuantityValue>}>
}

/** One container of a pod, for --containers. */
export interface ContainerRecord {
  name: string
  init: boolean
  requests: ResourceAmounts
  limits: ResourceAmounts
  usage?: ResourceAmounts
}

/** One pod, reduced. */
export interface PodRecord {
  namespace: string
  name: string
  node: string
  requests: ResourceAmounts
  limits: ResourceAmounts
  usage?: ResourceAmounts
  containers?: ContainerRecord[]
}

export interface NodeRecord {
  name: string
  labels: Record<string, string>
  capacity: ResourceAmounts
  allocatable: ResourceAmounts
  unschedulable: boolean
  /** Keys of NoSchedule/NoExecute taints: pods without tolerations cannot land here. */
  taints: string[]
  /** Every taint with its value and effect (PreferNoSchedule too), for show's taint filters. */
  allTaints?: NodeTaint[]
  /** Requests, limits and pods of the selected pods (-n, --pod-labels, --namespace-labels). */
  requests: ResourceAmounts
  limits: ResourceAmounts
  pods: number
  /** Requests and pods of every pod on the node: what headroom and the plan check subtract. */
  allRequests: ResourceAmounts
  allPods: number
  providerID?: string
  kubeletVersion?: string
  usage?: ResourceAmounts
  podList?: PodRecord[]
}

const activePods = 'status.phase!=Succeeded,status.phase!=Failed'

function isActive(pod: PodObject): boolean {
  const phase = pod.status?.phase
  return phase !== 'Succeeded' && phase !== 'Failed'
}

function amounts(values: Record<string, QuantityValue> | undefined, where: string): ResourceAmounts {
  const result: ResourceAmounts = {}
  for (const [resource, value] of Object.entries(values ?? {})) {
    try {
      result[resource] = parseRequest(value, `${where} ${resource}`)
    } catch {
      // A server value we cannot read (negative, odd) is left out rather than failing the view.
    }
  }
  return result
}

function podLocator(pod: PodObject): () => string {
  return () => `pod ${pod.metadata.namespace ?? ''}/${pod.metadata.name}`
}

/** A pod's effective requests and limits; quantities the server accepted but we cannot parse count as 0. */
export function podAmounts(pod: PodObject): {requests: ResourceAmounts; limits: ResourceAmounts} {
  try {
    return podRequests(pod.spec ?? {}, podLocator(pod))
  } catch {
    return {requests: {}, limits: {}}
  }
}

/** Pods page by page, already reduced. */
async function* podPages(client: KubeClient, namespace: string | undefined): AsyncGenerator<PodObject[]> {
  const options = namespace ? {namespace, fieldSelector: activePods} : {allNamespaces: true, fieldSelector: activePods}
  for await (const page of client.listPages<PodObject>('pods', options)) yield page.filter(isActive)
}

export async function readNodes(client: KubeClient, labelSelector?: string): Promise<NodeRecord[]> {
  const nodes: NodeRecord[] = []
  for await (const page of client.listPages<NodeObject>('nodes', {labelSelector})) {
    for (const node of page) {
      nodes.push({
        name: node.metadata.name,
        labels: node.metadata.labels ?? {},
        capacity: amounts(node.status?.capacity, `node ${node.metadata.name} capacity`),
        allocatable: amounts(node.status?.allocatable, `node ${node.metadata.name} allocatable`),
        unschedulable: node.spec?.unschedulable === true,
        taints: (node.spec?.taints ?? []).filter((taint) => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute').map((taint) => taint.key),
        allTaints: (node.spec?.taints ?? []).map(({key, value, effect}) => (value ? {key, value, effect} : {key, effect})),
        requests: {},
        limits: {},
        pods: 0,
        allRequests: {},
        allPods: 0,
        ...(node.spec?.providerID ? {providerID: node.spec.providerID} : {}),
        ...(node.status?.nodeInfo?.kubeletVersion ? {kubeletVersion: node.status.nodeInfo.kubeletVersion} : {}),
      })
    }
  }
  return nodes
}

export type MetricsState = {served: true} | {served: false; reason: string}

/** Node usage from metrics.k8s.io; a 404/403 means it is not served (or not allowed). */
async function readNodeMetrics(client: KubeClient, nodes: Map<string, NodeRecord>): Promise<MetricsState> {
  try {
    for await (const page of client.listPages<MetricsObject>('nodes.metrics.k8s.io', {})) {
      for (const item of page) {
        const node = nodes.get(item.metadata.name)
        if (node) node.usage = amounts(item.usage, `node metrics ${item.metadata.name}`)
      }
    }
    return {served: true}
  } catch (error) {
    return metricsFailure(error)
  }
}

function metricsFailure(error: unknown): MetricsState {
  if (error instanceof KubeError && error.reason === 'not-found') return {served: false, reason: 'metrics.k8s.io is not served by this cluster (no metrics-server): utilisation is not shown'}
  if (error instanceof KubeError && error.reason === 'forbidden') return {served: false, reason: 'metrics.k8s.io is not readable with these credentials (forbidden): utilisation is not shown'}
  // A registered APIService whose backend is down answers 503; usage is then unknown, not an error.
  if (isTransient(error)) {
    const why = error.status === 503 ? 'metrics.k8s.io is registered but not answering (503; is metrics-server running?)' : `metrics.k8s.io could not be read (${error.message})`
    return {served: false, reason: `${why}: utilisation is not shown`}
  }
  throw error
}

interface PodUsage {
  total: ResourceAmounts
  containers: Map<string, ResourceAmounts>
}

async function readPodMetrics(client: KubeClient, namespace: string | undefined): Promise<{state: MetricsState; usage: Map<string, PodUsage>}> {
  const usage = new Map<string, PodUsage>()
  try {
    const options = namespace ? {namespace} : {allNamespaces: true}
    for await (const page of client.listPages<MetricsObject>('pods.metrics.k8s.io', options)) {
      for (const item of page) {
        const entry: PodUsage = {total: {}, containers: new Map()}
        for (const container of item.containers ?? []) {
          const used = amounts(container.usage, `pod metrics ${item.metadata.name}`)
          addAmounts(entry.total, used)
          entry.containers.set(container.name ?? '', used)
        }
        usage.set(`${item.metadata.namespace}/${item.metadata.name}`, entry)
      }
    }
    return {state: {served: true}, usage}
  } catch (error) {
    return {state: metricsFailure(error), usage}
  }
}

export interface ClusterSnapshot {
  context: string
  nodes: NodeRecord[]
  /** Requests of pods with no node yet (Pending). */
  unscheduled: {pods: number; requests: ResourceAmounts}
  metrics: MetricsState
  /** The node label selector the nodes were read with, if any. */
  nodeSelector?: string
}

export interface SnapshotOptions {
  /** Only pods of this namespace in the rows (nodes always all; headroom always counts every pod). */
  namespace?: string | undefined
  nodeSelector?: string | undefined
  /** Only pods with these labels in the rows (a label selector). */
  podSelector?: string | undefined
  /** Only pods of namespaces with these labels in the rows (a label selector). */
  namespaceSelector?: string | undefined
  withPods?: boolean
  withContainers?: boolean
  withMetrics?: boolean
}

/** The pods the rows show: a namespace, a pod label selector and a namespace label selector, each read on the server. */
async function podFilter(client: KubeClient, options: SnapshotOptions): Promise<(pod: PodObject) => boolean> {
  let namespaces: Set<string> | undefined
  if (options.namespaceSelector !== undefined) {
    namespaces = new Set()
    for await (const page of client.listPages<{metadata: {name: string}}>('namespaces', {labelSelector: options.namespaceSelector})) for (const item of page) namespaces.add(item.metadata.name)
  }
  let selected: Set<string> | undefined
  if (options.podSelector !== undefined) {
    selected = new Set()
    const scope = options.namespace ? {namespace: options.namespace} : {allNamespaces: true}
    for await (const page of client.listPages<PodObject>('pods', {...scope, labelSelector: options.podSelector, fieldSelector: activePods})) {
      for (const pod of page) selected.add(`${pod.metadata.namespace}/${pod.metadata.name}`)
    }
  }
  return (pod) => {
    const namespace = pod.metadata.namespace ?? ''
    if (options.namespace && namespace !== options.namespace) return false
    if (namespaces && !namespaces.has(namespace)) return false
    return !selected || selected.has(`${namespace}/${pod.metadata.name}`)
  }
}

function containerRecords(pod: PodObject, usage: PodUsage | undefined): ContainerRecord[] {
  const spec = pod.spec ?? {}
  const records: ContainerRecord[] = []
  for (const [init, list] of [[true, spec.initContainers ?? []], [false, spec.containers ?? []]] as const) {
    for (const container of list) {
      const {requests, limits} = podAmounts({...pod, spec: {containers: [container]}})
      const record: ContainerRecord = {name: container.name ?? '', init, requests, limits}
      const used = usage?.containers.get(container.name ?? '')
      if (used) record.usage = used
      records.push(record)
    }
  }
  return records
}

function podRecord(pod: PodObject, node: NodeRecord, amounts: {requests: ResourceAmounts; limits: ResourceAmounts}, usage: PodUsage | undefined, withContainers: boolean): PodRecord {
  const record: PodRecord = {namespace: pod.metadata.namespace ?? '', name: pod.metadata.name, node: node.name, ...amounts}
  if (usage) record.usage = usage.total
  if (withContainers) record.containers = containerRecords(pod, usage)
  return record
}

/** Nodes with per-node request and limit sums, and metrics when asked and served. */
export async function readSnapshot(client: KubeClient, options: SnapshotOptions): Promise<ClusterSnapshot> {
  const withPods = options.withPods === true || options.withContainers === true
  const [nodes, podMetrics, shown] = await Promise.all([
    readNodes(client, options.nodeSelector),
    options.withMetrics && withPods ? readPodMetrics(client, options.namespace) : Promise.resolve(undefined),
    podFilter(client, options),
  ])
  const byName = new Map(nodes.map((node) => [node.name, node]))
  const unscheduled = {pods: 0, requests: {} as ResourceAmounts}
  for await (const page of podPages(client, undefined)) {
    for (const pod of page) {
      const podAmountsOf = podAmounts(pod)
      const nodeName = pod.spec?.nodeName
      const node = nodeName ? byName.get(nodeName) : undefined
      if (!nodeName) {
        unscheduled.pods++
        addAmounts(unscheduled.requests, podAmountsOf.requests)
        continue
      }
      if (!node) continue // on a node outside the selector
      node.allPods++
      addAmounts(node.allRequests, podAmountsOf.requests)
      if (!shown(pod)) continue
      node.pods++
      addAmounts(node.requests, podAmountsOf.requests)
      addAmounts(node.limits, podAmountsOf.limits)
      const usage = podMetrics?.usage.get(`${pod.metadata.namespace ?? ''}/${pod.metadata.name}`)
      if (withPods) (node.podList ??= []).push(podRecord(pod, node, podAmountsOf, usage, options.withContainers === true))
    }
  }
  let metrics: MetricsState = {served: false, reason: 'utilisation not asked for'}
  if (options.withMetrics) metrics = podMetrics && !podMetrics.state.served ? podMetrics.state : await readNodeMetrics(client, byName)
  return {context: client.contextName, nodes, unscheduled, metrics, ...(options.nodeSelector === undefined ? {} : {nodeSelector: options.nodeSelector})}
}

/** Compares a kubelet version like v1.28.3-aliyun.1 with major.minor. */
function atLeast(version: string | undefined, minor: number): boolean | undefined {
  const match = /^v?1\.(\d+)/.exec(version ?? '')
  return match ? Number(match[1]) >= minor : undefined
}

/** The reservation preset a cluster's nodes point to: labels and providerID, then the kubelet version. */
export function detectProvider(nodes: NodeRecord[]): {preset: Provider; evidence: string} | undefined {
  const node = nodes[0]
  if (!node) return undefined
  const labels = Object.keys(node.labels)
  const id = node.providerID ?? ''
  const version = node.kubeletVersion
  const has = (prefix: string) => labels.find((label) => label.startsWith(prefix))
  const evidence = (what: string) => `${what}${version ? `, kubelet ${version}` : ''}`
  const ack = has('alibabacloud.com/') ?? has('ack.aliyun.com') ?? (/^[a-z]+-[a-z]+(-\d+)?\.i-/.test(id) ? `providerID ${id}` : undefined)
  if (ack) return {preset: atLeast(version, 28) === false ? 'ack-legacy' : 'ack', evidence: evidence(`node ${node.name}: ${ack}`)}
  const eks = has('eks.amazonaws.com/') ?? (id.startsWith('aws://') ? 'providerID aws://' : undefined)
  if (eks) return {preset: 'eks', evidence: evidence(`node ${node.name}: ${eks}`)}
  const gke = has('cloud.google.com/gke') ?? (id.startsWith('gce://') ? 'providerID gce://' : undefined)
  if (gke) return {preset: 'gke', evidence: evidence(`node ${node.name}: ${gke}`)}
  const aks = has('kubernetes.azure.com/') ?? (id.startsWith('azure://') ? 'providerID azure://' : undefined)
  if (aks) return {preset: atLeast(version, 29) === false ? 'aks-legacy' : 'aks', evidence: evidence(`node ${node.name}: ${aks}`)}
  return undefined
}

function ownerOf(pod: PodObject): {kind: WorkloadKind; name: string} {
  const owner = pod.metadata.ownerReferences?.find((reference) => reference.controller) ?? pod.metadata.ownerReferences?.[0]
  if (!owner) return {kind: 'Pod', name: pod.metadata.name}
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash']
    if (hash && owner.name.endsWith(`-${hash}`)) return {kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1)}
    return {kind: 'ReplicaSet', name: owner.name}
  }
  if (owner.kind === 'Job') {
    // CronJob jobs are named <cronjob>-<scheduled minute>.
    const cron = /^(.+)-\d{8,}$/.exec(owner.name)
    return cron ? {kind: 'CronJob', name: cron[1]!} : {kind: 'Job', name: owner.name}
  }
  const known: Record<string, WorkloadKind> = {StatefulSet: 'StatefulSet', DaemonSet: 'DaemonSet', ReplicationController: 'ReplicationController'}
  return {kind: known[owner.kind] ?? 'Pod', name: owner.name}
}

/** A node a pod without tolerations can be scheduled on. */
export function acceptsPods(node: NodeRecord): boolean {
  return !node.unschedulable && node.taints.length === 0
}

/** The most common node shape among the live nodes, with its allocatable. */
function nodeShapes(nodes: NodeRecord[]): NodeShape[] {
  const byShape = new Map<string, NodeShape & {liveCount: number}>()
  for (const node of nodes) {
    if (!acceptsPods(node)) continue
    const key = ['cpu', 'memory', 'pods'].map((resource) => `${node.capacity[resource]}/${node.allocatable[resource]}`).join(',')
    const entry = byShape.get(key)
    if (entry) {
      entry.liveCount++
      continue
    }
    const {pods: podCapacity, ...capacity} = node.capacity
    const {pods: _pods, ...allocatable} = node.allocatable
    const maxPods = Number((podCapacity ?? 110_000_000_000n) / 1_000_000_000n)
    const type = node.labels['node.kubernetes.io/instance-type'] ?? node.labels['beta.kubernetes.io/instance-type']
    const cores = Number((capacity.cpu ?? 0n) / 1_000_000_000n)
    const gib = Number((capacity.memory ?? 0n) / (2n ** 30n * 1_000_000_000n))
    byShape.set(key, {name: type ?? `${cores}c/${gib}Gi`, capacity, allocatable, maxPods, liveCount: 1, labels: node.labels})
  }
  return [...byShape.values()].sort((a, b) => b.liveCount - a.liveCount)
}

export interface ClusterWorkloads {
  provider?: {preset: Provider; evidence: string}
  context: string
  workloads: Workload[]
  nodeShapes: NodeShape[]
  pods: number
  nodes: number
}

/**
 * The live workloads as plan input: pods grouped by their controller (Deployment,
 * StatefulSet, Job, ...) and request shape; DaemonSet pods become per-node workloads.
 */
export async function readClusterWorkloads(client: KubeClient, namespace?: string): Promise<ClusterWorkloads> {
  const nodesPromise = readNodes(client)
  // Read in parallel with the pods; a failure surfaces at the await below, not as an unhandled rejection.
  nodesPromise.catch(() => undefined)
  const groups = new Map<string, Workload>()
  const daemonSets = new Map<string, Workload>()
  let pods = 0
  for await (const page of podPages(client, namespace)) {
    for (const pod of page) {
      pods++
      const {requests, limits} = podAmounts(pod)
      const owner = ownerOf(pod)
      const ns = pod.metadata.namespace ?? ''
      const name = `${ns}/${owner.kind.toLowerCase()}/${owner.name}`
      if (owner.kind === 'DaemonSet') {
        const existing = daemonSets.get(name)
        if (existing) {
          existing.requests = maxAmounts(existing.requests, requests)
          existing.limits = maxAmounts(existing.limits, limits)
        } else {
          daemonSets.set(name, {name, kind: 'DaemonSet', replicas: 1, perNode: true, requests, limits, source: 'cluster'})
        }
        continue
      }
      const key = `${name}|${Object.entries(requests).map(([r, v]) => `${r}=${v}`).join(',')}`
      const existing = groups.get(key)
      if (existing) existing.replicas++
      else groups.set(key, {name, kind: owner.kind, replicas: 1, perNode: false, requests, limits, source: 'cluster'})
    }
  }
  const nodes = await nodesPromise
  const result: ClusterWorkloads = {context: client.contextName, workloads: [...groups.values(), ...daemonSets.values()], nodeShapes: nodeShapes(nodes), pods, nodes: nodes.length}
  const provider = detectProvider(nodes)
  if (provider) result.provider = provider
  return result
}
