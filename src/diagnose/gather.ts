/**
 * The I/O edge of the diagnosis: reads everything the rules need through the one API client,
 * in parallel where the reads are independent. An optional read that fails (forbidden, not
 * served) becomes a note, never the end of the diagnosis.
 */
import type {KubeClient} from '../kube/client.js'
import {KubeError} from '../kube/errors.js'
import {rbacResource, resourceInfo, urlPlural, type ResourceName} from '../kube/resources.js'
import {eventSelector} from './events.js'
import {isTerminal, podResourceRequests, runtimeOf} from './facts.js'
import type {ConfigSource, LogTail, Lookup, NodeHints, NodeLogResult, NodeRequests, NodeSnapshot, PodSnapshot} from './model.js'
import type {KubeEvent, Node, PersistentVolumeClaim, Pod, PodMetrics, Workload} from './objects.js'
import {claimNames, configReferences} from './references.js'

/** The client calls the diagnosis uses (the real KubeClient satisfies it). */
export type DiagnoseClient = Pick<KubeClient, 'get' | 'getMetadata' | 'list' | 'listPages' | 'listRawPages' | 'podLogs' | 'getRaw'>

export interface GatherOptions {
  /** Log lines per container tail. */
  tailLines: number
  /** Read container logs at all. */
  logs: boolean
}

/** A read a verdict rests on that could not be made: what it was, and why it failed. */
export interface Unread {
  what: string
  why: string
}

/** Collects notes about reads that could not be made, once each, and which of them a verdict would rest on. */
export class Notes {
  private readonly seen = new Set<string>()
  readonly list: string[] = []
  readonly unread: Unread[] = []
  add(note: string): void {
    if (this.seen.has(note)) return
    this.seen.add(note)
    this.list.push(note)
  }
  /** A failed read the verdict needed: noted, and remembered so that no Healthy verdict rests on it. */
  addUnread(what: string, reason: string): void {
    this.add(`could not list ${what}: ${reason}`)
    if (!this.unread.some((u) => u.what === what)) this.unread.push({what, why: reason})
  }
}

function why(error: unknown): string {
  if (error instanceof KubeError) return error.message
  return error instanceof Error ? error.message : String(error)
}

/** Runs an optional read: found, missing (404), or unknown with a note saying what was not read. */
export async function lookup<T>(read: () => Promise<T>, notes: Notes, what: string): Promise<Lookup<T>> {
  try {
    return {state: 'found', value: await read()}
  } catch (error) {
    if (error instanceof KubeError && error.reason === 'not-found') return {state: 'missing'}
    const reason = why(error)
    notes.add(`could not read ${what}: ${reason}`)
    return {state: 'unknown', why: reason}
  }
}

const servedCache = new WeakMap<object, Map<string, Promise<boolean | undefined>>>()

/** Whether the server serves a resource, by its discovery document (cached per client); undefined when discovery fails otherwise. */
export function isServed(client: DiagnoseClient, resource: ResourceName): Promise<boolean | undefined> {
  let perClient = servedCache.get(client)
  if (!perClient) servedCache.set(client, (perClient = new Map()))
  const cached = perClient.get(resource)
  if (cached) return cached
  const info = resourceInfo(resource)
  const path = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`
  const answer = client.getRaw(path).then(
    (body) => ((JSON.parse(body) as {resources?: Array<{name?: string}>}).resources ?? []).some((r) => r.name === urlPlural(info)),
    (error: unknown) => (error instanceof KubeError && error.reason === 'not-found' ? false : undefined),
  )
  perClient.set(resource, answer)
  return answer
}

/**
 * A read of a kind the cluster may not serve (Ingress, IngressClass, StorageClass, CSI objects):
 * a 404 is "missing" only when the server serves the kind; otherwise it is unknown, with a note.
 */
export async function servedLookup<T>(client: DiagnoseClient, resource: ResourceName, notes: Notes, read: () => Promise<T>): Promise<Lookup<T>> {
  const label = rbacResource(resourceInfo(resource))
  try {
    return {state: 'found', value: await read()}
  } catch (error) {
    const notFound = error instanceof KubeError && error.reason === 'not-found'
    if (notFound && (await isServed(client, resource)) !== false) return {state: 'missing'}
    const reason = notFound ? `the API server does not serve ${label}` : why(error)
    notes.add(`could not read ${label}: ${reason}; the diagnosis goes on without it`)
    return {state: 'unknown', why: reason}
  }
}

/** Pod metrics for OOM evidence; a metrics API that is down (404, 503) is said, not hidden. */
export async function podMetrics(client: DiagnoseClient, pod: Pod, notes: Notes): Promise<PodMetrics | undefined> {
  try {
    return await client.get<PodMetrics>('pods.metrics.k8s.io', pod.metadata.name, pod.metadata.namespace)
  } catch (error) {
    const status = error instanceof KubeError ? error.status : undefined
    notes.add(`could not read pod metrics (metrics.k8s.io${status ? `, HTTP ${status}` : ''}): memory usage is not shown; is metrics-server running? (${why(error)})`)
    return undefined
  }
}

/** The items of a list, or undefined after telling `failed` why it could not be read. */
async function itemsOr<T>(read: () => Promise<{items: T[]}>, failed: (reason: string) => void): Promise<T[] | undefined> {
  try {
    return (await read()).items
  } catch (error) {
    failed(why(error))
    return undefined
  }
}

/** Like lookup, for a list the diagnosis can do without: on failure, a note and undefined. */
export function listOrNote<T>(read: () => Promise<{items: T[]}>, notes: Notes, what: string): Promise<T[] | undefined> {
  return itemsOr(read, (reason) => notes.add(`could not list ${what}: ${reason}`))
}

/**
 * A list the verdict rests on (a namespace's pods, a workload's pods, a Service's endpoints): on
 * failure, undefined and an unread entry, so the diagnosis says it was not checked and never
 * calls the target healthy (see assembleDiagnosis).
 */
export function listForVerdict<T>(read: () => Promise<{items: T[]}>, notes: Notes, what: string): Promise<T[] | undefined> {
  return itemsOr(read, (reason) => notes.addUnread(what, reason))
}

export async function objectEvents(client: DiagnoseClient, object: {name: string; namespace?: string | undefined; uid?: string | undefined}, notes: Notes): Promise<KubeEvent[]> {
  const items = await listOrNote(() => client.list<KubeEvent>('events', {namespace: object.namespace, fieldSelector: eventSelector(object)}), notes, `events of ${object.name}`)
  return items ?? []
}

/** Node events: the node controller uses the node's uid, the kubelet the node's name (as kubectl describe knows). */
export async function nodeEvents(client: DiagnoseClient, node: Node, notes: Notes): Promise<KubeEvent[]> {
  const items = await listOrNote(
    () => client.list<KubeEvent>('events', {allNamespaces: true, fieldSelector: `involvedObject.kind=Node,involvedObject.name=${node.metadata.name}`}),
    notes,
    `events of node ${node.metadata.name}`,
  )
  const uids = new Set([node.metadata.uid, node.metadata.name, '', undefined])
  return (items ?? []).filter((e) => uids.has(e.involvedObject.uid))
}

async function readText(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    chunks.push(buffer)
    size += buffer.length
    if (size > maxBytes) break
  }
  return Buffer.concat(chunks).toString('utf8')
}

function toLines(text: string, max: number): string[] {
  const lines = text.replace(/\n$/, '').split('\n')
  return (lines.length === 1 && lines[0] === '' ? [] : lines).slice(-max)
}

async function logTail(client: DiagnoseClient, pod: Pod, container: string, previous: boolean, tailLines: number): Promise<LogTail> {
  try {
    const stream = await client.podLogs(pod.metadata.namespace ?? 'default', pod.metadata.name, {container, previous, tailLines, limitBytes: 256 * 1024})
    return {container, previous, lines: toLines(await readText(stream, 256 * 1024), tailLines)}
  } catch (error) {
    return {container, previous, lines: [], note: why(error)}
  }
}

/** Current and previous log tails of the containers that ran (a waiting container that never ran has none). */
async function podLogTails(client: DiagnoseClient, pod: Pod, options: GatherOptions): Promise<LogTail[]> {
  if (!options.logs || !pod.spec.nodeName) return []
  const reads: Array<Promise<LogTail>> = []
  const statuses = [...(pod.status?.initContainerStatuses ?? []).map((s) => ({s, init: true})), ...(pod.status?.containerStatuses ?? []).map((s) => ({s, init: false}))]
  for (const {s, init} of statuses) {
    const ran = s.state?.running !== undefined || s.state?.terminated !== undefined
    const healthy = s.ready && s.restartCount === 0
    // A successful init container's log is rarely the story; a healthy container's neither.
    if (healthy || (init && s.state?.terminated?.exitCode === 0 && s.restartCount === 0)) continue
    if (s.restartCount > 0 || s.lastState?.terminated) reads.push(logTail(client, pod, s.name, true, options.tailLines))
    if (ran) reads.push(logTail(client, pod, s.name, false, options.tailLines))
  }
  return Promise.all(reads)
}

async function configSource(client: DiagnoseClient, kind: 'configmaps' | 'secrets', name: string, namespace: string, notes: Notes): Promise<Lookup<ConfigSource>> {
  if (kind === 'secrets') {
    // Existence only: a Secret is read as PartialObjectMetadata, so no value is ever downloaded.
    const found = await lookup(() => client.getMetadata('secrets', name, namespace), notes, `secret "${name}"`)
    return found.state === 'found' ? {state: 'found', value: {keys: undefined}} : found
  }
  const found = await lookup(() => client.get<{data?: Record<string, string>; binaryData?: Record<string, string>}>(kind, name, namespace), notes, `configmap "${name}"`)
  if (found.state !== 'found') return found
  return {state: 'found', value: {keys: [...Object.keys(found.value.data ?? {}), ...Object.keys(found.value.binaryData ?? {})].sort()}}
}

async function ownerChain(client: DiagnoseClient, pod: Pod, notes: Notes): Promise<PodSnapshot['owners']> {
  const chain: PodSnapshot['owners'] = []
  const namespace = pod.metadata.namespace
  const read = (kind: string, resource: string, name: string, into: Notes) => lookup(() => client.get<Workload>(resource, name, namespace), into, `${kind.toLowerCase()} "${name}"`)
  let refs = pod.metadata.ownerReferences ?? []
  let early: EarlyRead | undefined
  for (let depth = 0; depth < 3; depth++) {
    const owner = refs.find((r) => r.controller) ?? refs[0]
    if (!owner) break
    const resource = {ReplicaSet: 'replicasets', Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', Job: 'jobs', CronJob: 'cronjobs'}[owner.kind]
    if (!resource) {
      chain.push({state: 'unknown', why: 'not a built-in controller', kind: owner.kind, name: owner.name})
      break
    }
    if (depth === 0) {
      const deployment = likelyDeployment(pod, owner)
      if (deployment) {
        const own = new Notes()
        early = {name: deployment, notes: own, answer: read('Deployment', 'deployments', deployment, own)}
      }
    }
    let found: Lookup<Workload>
    if (early && owner.kind === 'Deployment' && owner.name === early.name) {
      found = await early.answer
      for (const note of early.notes.list) notes.add(note)
    } else found = await read(owner.kind, resource, owner.name, notes)
    chain.push({...found, kind: owner.kind, name: owner.name})
    if (found.state !== 'found') break
    refs = found.value.metadata.ownerReferences ?? []
  }
  return chain
}

/** A read started before it was known to be needed: used (with its notes) only if it is. */
interface EarlyRead {
  name: string
  notes: Notes
  answer: Promise<Lookup<Workload>>
}

/**
 * The Deployment a pod's ReplicaSet most likely belongs to, so both are read at once instead of
 * one after the other (one round trip less to a remote API server): the deployment controller
 * names each ReplicaSet `<deployment>-<pod-template-hash>`, and the pod carries the hash as a
 * label. The guess is used only when the ReplicaSet's own controller reference names it.
 */
export function likelyDeployment(pod: Pod, owner: {kind: string; name: string}): string | undefined {
  const hash = pod.metadata.labels?.['pod-template-hash']
  if (owner.kind !== 'ReplicaSet' || !hash || !owner.name.endsWith(`-${hash}`)) return undefined
  return owner.name.slice(0, -(hash.length + 1)) || undefined
}

function needsScheduling(pod: Pod): boolean {
  return pod.status?.phase === 'Pending' && !pod.spec.nodeName
}

/** What the running pods request on each node, for the scheduler's arithmetic; page by page, so memory stays flat on big clusters. */
export async function requestedPerNode(client: DiagnoseClient, notes: Notes, nodeName?: string): Promise<Record<string, NodeRequests> | undefined> {
  const perNode: Record<string, NodeRequests> = {}
  try {
    const fieldSelector = `${nodeName ? `spec.nodeName=${nodeName},` : ''}status.phase!=Succeeded,status.phase!=Failed`
    for await (const page of client.listPages<Pod>('pods', {allNamespaces: true, fieldSelector})) {
      for (const pod of page) {
        const node = pod.spec.nodeName
        if (!node || isTerminal(pod)) continue
        const sum = (perNode[node] ??= {})
        for (const [resource, amount] of Object.entries(podResourceRequests(pod))) sum[resource] = (sum[resource] ?? 0n) + amount
      }
    }
  } catch (error) {
    notes.add(`could not list pods in all namespaces (to add up requests per node): ${why(error)}`)
    return undefined
  }
  return perNode
}

/** Everything the pod rules read about one pod. */
export async function gatherPod(client: DiagnoseClient, pod: Pod, options: GatherOptions, notes: Notes): Promise<PodSnapshot> {
  const namespace = pod.metadata.namespace ?? 'default'
  const refs = configReferences(pod)
  const configMapNames = [...new Set(refs.filter((r) => r.kind === 'ConfigMap').map((r) => r.name))]
  const secretNames = [...new Set(refs.filter((r) => r.kind === 'Secret').map((r) => r.name))]
  const pullTrouble = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].some((s) => /ImagePull|ErrImagePull/.test(s.state?.waiting?.reason ?? ''))
  const oom = [...(pod.status?.containerStatuses ?? [])].some((s) => s.lastState?.terminated?.reason === 'OOMKilled' || s.state?.terminated?.reason === 'OOMKilled')
  const [events, owners, node, scheduling, configMaps, secrets, claims, logs, metrics, serviceAccount] = await Promise.all([
    // Static (mirror) pods: the kubelet reports events against the uid of the file's pod, as kubectl describe knows.
    objectEvents(client, {name: pod.metadata.name, namespace, uid: pod.metadata.annotations?.['kubernetes.io/config.mirror'] ?? pod.metadata.uid}, notes),
    ownerChain(client, pod, notes),
    pod.spec.nodeName ? lookup(() => client.get<Node>('nodes', pod.spec.nodeName!), notes, `node "${pod.spec.nodeName}"`) : Promise.resolve(undefined),
    needsScheduling(pod) ? gatherScheduling(client, notes) : Promise.resolve(undefined),
    Promise.all(configMapNames.map(async (name) => [name, await configSource(client, 'configmaps', name, namespace, notes)] as const)),
    Promise.all(secretNames.map(async (name) => [name, await configSource(client, 'secrets', name, namespace, notes)] as const)),
    Promise.all(claimNames(pod).map(async (name) => [name, await lookup(() => client.get<PersistentVolumeClaim>('persistentvolumeclaims', name, namespace), notes, `persistentvolumeclaim "${name}"`)] as const)),
    podLogTails(client, pod, options),
    oom ? podMetrics(client, pod, notes) : Promise.resolve(undefined),
    pullTrouble ? lookup(() => client.get<{imagePullSecrets?: Array<{name: string}>}>('serviceaccounts', pod.spec.serviceAccountName ?? 'default', namespace), notes, 'the service account') : Promise.resolve(undefined),
  ])
  return {
    pod,
    events,
    owners,
    node,
    scheduling,
    configMaps: Object.fromEntries(configMaps),
    secrets: Object.fromEntries(secrets),
    claims: Object.fromEntries(claims),
    logs,
    metrics,
    serviceAccountPullSecrets: serviceAccount?.state === 'found' ? (serviceAccount.value.imagePullSecrets ?? []).map((s) => s.name) : undefined,
  }
}

async function gatherScheduling(client: DiagnoseClient, notes: Notes): Promise<PodSnapshot['scheduling']> {
  const [nodes, requested] = await Promise.all([listOrNote(() => client.list<Node>('nodes'), notes, 'nodes'), requestedPerNode(client, notes)])
  if (!nodes) return undefined
  return {nodes, requested: requested ?? {}}
}

export async function gatherNode(client: DiagnoseClient, node: Node, notes: Notes): Promise<NodeSnapshot> {
  const [events, pods] = await Promise.all([
    nodeEvents(client, node, notes),
    listOrNote(() => client.list<Pod>('pods', {allNamespaces: true, fieldSelector: `spec.nodeName=${node.metadata.name}`}), notes, `pods on node ${node.metadata.name}`),
  ])
  const requested: NodeRequests = {}
  for (const pod of pods ?? []) {
    if (isTerminal(pod)) continue
    for (const [resource, amount] of Object.entries(podResourceRequests(pod))) requested[resource] = (requested[resource] ?? 0n) + amount
  }
  return {node, events, pods, requested: pods ? requested : undefined}
}

/** Where to look on the node, for its runtime; with the kubelet's log when the node log query allows it. */
export async function nodeHints(client: DiagnoseClient, node: Node, options: {fetchLogs: boolean; tailLines: number; pod?: Pod | undefined}): Promise<NodeHints> {
  const name = node.metadata.name
  const {runtime, version} = runtimeOf(node)
  const unit = runtime === 'docker' ? 'docker' : runtime === 'cri-o' ? 'crio' : 'containerd'
  const commands = [`journalctl -u kubelet -n 200 --no-pager`, `journalctl -u ${unit} -n 200 --no-pager`]
  const podName = options.pod?.metadata.name
  if (runtime === 'docker') {
    commands.push(podName ? `docker ps -a --filter name=${podName}` : 'docker ps -a', 'docker logs --tail 50 CONTAINER_ID', 'cri-dockerd: journalctl -u cri-docker -n 200 --no-pager')
  } else {
    commands.push(podName ? `crictl pods --name ${podName}` : 'crictl pods', podName ? `crictl ps -a --pod $(crictl pods -q --name ${podName})` : 'crictl ps -a', 'crictl logs --tail 50 CONTAINER_ID')
  }
  commands.push('ls -l /etc/cni/net.d /opt/cni/bin', `kubectl get --raw "/api/v1/nodes/${name}/proxy/logs/?query=kubelet&tailLines=100"`)
  // The query goes through the kubelet: when the node stopped posting status it would only time out.
  const kubeletSilent = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown'
  const logs: NodeLogResult[] = !options.fetchLogs
    ? []
    : kubeletSilent
      ? [{service: 'kubelet', state: 'skipped', lines: [], note: 'the kubelet stopped posting node status, so the node log query (served by the kubelet) cannot answer'}]
      : await Promise.all([queryNodeLog(client, name, 'kubelet', options.tailLines), queryNodeLog(client, name, unit, options.tailLines)])
  if (logs.some((l) => l.state === 'unavailable' && l.note === gateNote)) {
    const advice = nodeLogQueryAdvice(await serverMinor(client))
    for (const log of logs) if (log.note === gateNote) log.note = advice
  }
  return {node: name, runtime, runtimeVersion: version, commands, logs}
}

const gateNote =
  'the node log query is off on this node: it needs the NodeLogQuery feature gate (beta, off by default in 1.30–1.35; on from 1.36) and kubelet enableSystemLogHandler: true and enableSystemLogQuery: true'

/** What turning the node log query on takes, for the server's minor version (undefined: unknown). */
export function nodeLogQueryAdvice(minor: number | undefined): string {
  if (minor === undefined) return gateNote
  if (minor < 27) return `the node log query does not exist before Kubernetes 1.27 (this server is 1.${minor}); read the logs on the node`
  if (minor < 36) return `the node log query is off on this node: on 1.${minor} it needs the kube-apiserver and kubelet feature gate NodeLogQuery=true plus kubelet enableSystemLogHandler: true and enableSystemLogQuery: true`
  return `the node log query is off on this node: on 1.${minor} the feature gate is on, so set kubelet enableSystemLogHandler: true and enableSystemLogQuery: true`
}

async function serverMinor(client: DiagnoseClient): Promise<number | undefined> {
  try {
    const version = JSON.parse(await client.getRaw('/version')) as {minor?: string}
    const minor = Number.parseInt(version.minor ?? '', 10)
    return Number.isFinite(minor) ? minor : undefined
  } catch {
    return undefined
  }
}

/** GET /api/v1/nodes/N/proxy/logs/?query=SERVICE, with each way it can fail explained. */
export async function queryNodeLog(client: DiagnoseClient, node: string, service: string, tailLines: number): Promise<NodeLogResult> {
  try {
    const body = await client.getRaw(`/api/v1/nodes/${encodeURIComponent(node)}/proxy/logs/`, {query: service, tailLines})
    if (/^\s*<(pre|html|!doctype)/i.test(body)) return {service, state: 'unavailable', lines: [], note: gateNote}
    const lines = toLines(body, tailLines)
    if (lines.length === 1 && /^log not found for|^error: journal output not available/.test(lines[0]!)) return {service, state: 'unavailable', lines: [], note: `the kubelet answered: ${lines[0]}`}
    return {service, state: 'fetched', lines}
  } catch (error) {
    if (error instanceof KubeError) {
      if (error.reason === 'forbidden') return {service, state: 'forbidden', lines: [], note: 'reading node logs needs RBAC verb "get" on nodes/proxy (which also opens the kubelet API: grant it with care)'}
      if (error.reason === 'not-found') return {service, state: 'unavailable', lines: [], note: gateNote}
    }
    return {service, state: 'failed', lines: [], note: `the node log query failed: ${why(error)}`}
  }
}
