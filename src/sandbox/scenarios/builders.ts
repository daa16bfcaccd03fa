/**
 * Builders for real-shaped objects (what kube-apiserver returns for a kubelet-managed pod, a node,
 * a Deployment and its ReplicaSet, events, metrics). The demo and scale scenarios are made from them.
 * Names, uids and container ids are derived from a seed, so a scenario is the same on every start.
 */
import {kubeTime} from '../store.js'
import type {KubeObject} from '../types.js'

/** cyrb53: a fast, well-mixed 53-bit string hash (ids only need to be stable, not secret). */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/** Stable hex digits derived from `text`. */
export function hashHex(text: string, length = 64): string {
  let out = ''
  for (let seed = 0; out.length < length; seed++) out += cyrb53(text, seed).toString(16).padStart(14, '0').slice(-13)
  return out.slice(0, length)
}

/** A stable UUID for an object. */
export function uidFor(text: string): string {
  const h = hashHex(text, 32)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789'

/** The random-looking suffixes controllers add: `7d4b9c8f6d`, `x2k4p`. */
export function suffix(text: string, length: number): string {
  let s = ''
  for (let seed = 0; s.length < length; seed++) {
    let h = cyrb53(text, seed + 100)
    for (let i = 0; i < 6 && s.length < length; i++) {
      s += suffixAlphabet[h % suffixAlphabet.length]
      h = Math.floor(h / suffixAlphabet.length)
    }
  }
  return s
}

/** A time `ms` before the scenario's reference time. */
export class Clock {
  private readonly memo = new Map<number, string>()
  constructor(readonly now: number) {}
  ago(ms: number): string {
    let text = this.memo.get(ms)
    if (text === undefined) this.memo.set(ms, (text = kubeTime(this.now - ms)))
    return text
  }
}

export const seconds = (n: number) => n * 1000
export const minutes = (n: number) => n * 60_000
export const hours = (n: number) => n * 3_600_000
export const days = (n: number) => n * 86_400_000

export function namespace(clock: Clock, name: string, age: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {name, uid: uidFor(`ns/${name}`), creationTimestamp: clock.ago(age), labels: {'kubernetes.io/metadata.name': name}},
    spec: {finalizers: ['kubernetes']},
    status: {phase: 'Active'},
  }
}

export interface NodeInput {
  name: string
  internalIP: string
  age: number
  cpu: string
  memory: string
  pods?: string
  roles?: string[]
  ready?: {status: 'True' | 'False' | 'Unknown'; reason: string; message: string; since: number}
  taints?: Array<{key: string; effect: string; value?: string; timeAdded?: string}>
  zone?: string
  instanceType?: string
  /** Allocatable differs from capacity by what the kubelet reserves. */
  allocatableCpu?: string
  allocatableMemory?: string
  extraLabels?: Record<string, string>
}

export function node(clock: Clock, input: NodeInput): KubeObject {
  const heartbeat = clock.ago(seconds(20))
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': input.name,
    'kubernetes.io/os': 'linux',
    ...(input.zone ? {'topology.kubernetes.io/zone': input.zone, 'topology.kubernetes.io/region': input.zone.replace(/-?[a-z]$/, '')} : {}),
    ...(input.instanceType ? {'node.kubernetes.io/instance-type': input.instanceType} : {}),
    ...input.extraLabels,
  }
  for (const role of input.roles ?? []) labels[`node-role.kubernetes.io/${role}`] = ''
  const ready = input.ready ?? {status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', since: input.age - minutes(1)}
  const condition = (type: string, status: string, reason: string, message: string, since: number) => ({
    type,
    status,
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: clock.ago(since),
    reason,
    message,
  })
  const capacity = {cpu: input.cpu, 'ephemeral-storage': '101430960Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: input.memory, pods: input.pods ?? '110'}
  const allocatable = {...capacity, cpu: input.allocatableCpu ?? input.cpu, 'ephemeral-storage': '93478772582', memory: input.allocatableMemory ?? input.memory}
  const spec: Record<string, unknown> = {podCIDR: `10.244.${Number(input.internalIP.split('.').pop()) % 250}.0/24`, providerID: `kind://docker/kubekit/${input.name}`}
  spec.podCIDRs = [spec.podCIDR]
  if (input.taints?.length) spec.taints = input.taints
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: input.name,
      uid: uidFor(`node/${input.name}`),
      creationTimestamp: clock.ago(input.age),
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
    status: {
      addresses: [
        {address: input.internalIP, type: 'InternalIP'},
        {address: input.name, type: 'Hostname'},
      ],
      allocatable,
      capacity,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', input.age),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', input.age),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', input.age),
        condition('Ready', ready.status, ready.reason, ready.message, ready.since),
      ],
      daemonEndpoints: {kubeletEndpoint: {Port: 10250}},
      images: [],
      nodeInfo: {
        architecture: 'amd64',
        bootID: uidFor(`boot/${input.name}`),
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-1021-aws',
        kubeProxyVersion: 'v1.32.4',
        kubeletVersion: 'v1.32.4',
        machineID: hashHex(`machine/${input.name}`, 32),
        operatingSystem: 'linux',
        osImage: 'Ubuntu 24.04.1 LTS',
        systemUUID: uidFor(`system/${input.name}`),
      },
    },
  }
}

export interface OwnerInput {
  apiVersion: string
  kind: string
  name: string
  uid: string
}

export function ownerReference(owner: OwnerInput) {
  return {apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true}
}

export interface ContainerInput {
  name: string
  image: string
  ports?: Array<{containerPort: number; name?: string; protocol?: string}>
  requests?: {cpu?: string; memory?: string}
  limits?: {cpu?: string; memory?: string}
  readinessProbe?: Record<string, unknown>
  livenessProbe?: Record<string, unknown>
  command?: string[]
  args?: string[]
  env?: Array<{name: string; value: string}>
}

/** A container `kubectl debug` adds to a running pod: no ports, probes or resources. */
export interface EphemeralContainerInput {
  name: string
  image: string
  command?: string[]
  args?: string[]
  /** The container whose process namespace it joins. */
  targetContainerName?: string
}

/** What a container is doing, as the kubelet reports it. */
export type ContainerState =
  | {state: 'running'; since: number; ready?: boolean; restarts?: number; last?: TerminatedInput}
  | {state: 'waiting'; reason: string; message?: string; restarts?: number; last?: TerminatedInput}
  | {state: 'terminated'; terminated: TerminatedInput; restarts?: number}

export interface TerminatedInput {
  exitCode: number
  reason: string
  startedAgo: number
  finishedAgo: number
  message?: string
  signal?: number
}

export interface PodInput {
  namespace: string
  name: string
  age: number
  node?: string
  podIP?: string
  hostIP?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  owner?: OwnerInput
  containers: ContainerInput[]
  states?: ContainerState[]
  /** Pending and not scheduled: the scheduler's condition message. */
  unschedulable?: string
  phase?: string
  serviceAccount?: string
  priorityClassName?: string
  priority?: number
  nodeSelector?: Record<string, string>
  tolerations?: Array<Record<string, unknown>>
  hostNetwork?: boolean
  volumes?: Array<Record<string, unknown>>
  /** A fixed uid (default: derived from the namespace and name). */
  uid?: string
  /** Run to completion before `containers` start; `initStates` as `states` (default: each exited 0). */
  initContainers?: ContainerInput[]
  initStates?: ContainerState[]
  /** Added by `kubectl debug`; `ephemeralStates` as `states` (default: running). */
  ephemeralContainers?: EphemeralContainerInput[]
  ephemeralStates?: ContainerState[]
  /** A container's id in its run (0 = first); default: `containerd://` and a hash of pod, container and run. */
  containerId?: (container: string, run: number) => string
}

/** Which list of the pod a container is in: the kubelet reports readiness differently for each. */
type ContainerKind = 'container' | 'init' | 'ephemeral'

const defaultTolerations = [
  {effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300},
  {effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300},
]

function imageId(image: string): string {
  const repo = image.split(':')[0]!.replace(/@.*$/, '')
  const full = repo.includes('/') ? (repo.split('/')[0]!.includes('.') ? repo : `docker.io/${repo}`) : `docker.io/library/${repo}`
  return `${full}@sha256:${hashHex(`image/${image}`)}`
}

function qosClass(containers: ContainerInput[]): string {
  const all = containers.every((c) => c.requests?.cpu && c.requests?.memory && c.limits?.cpu === c.requests.cpu && c.limits?.memory === c.requests.memory)
  if (all) return 'Guaranteed'
  return containers.some((c) => c.requests || c.limits) ? 'Burstable' : 'BestEffort'
}

const tokenMountPath = '/var/run/secrets/kubernetes.io/serviceaccount'

/** A pod as a real cluster stores it: spec and status defaulted and filled as the API server and kubelet fill them. */
export function pod(clock: Clock, input: PodInput): KubeObject {
  const tokenVolume = `kube-api-access-${suffix(`vol/${input.namespace}/${input.name}`, 5)}`
  const metadata = podMetadata(clock, input)
  const spec = podSpec(input, tokenVolume)
  const qos = qosClass([...input.containers, ...(input.initContainers ?? [])])
  if (input.unschedulable !== undefined) {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec,
      status: {
        conditions: [{lastProbeTime: null, lastTransitionTime: clock.ago(input.age), message: input.unschedulable, reason: 'Unschedulable', status: 'False', type: 'PodScheduled'}],
        phase: 'Pending',
        qosClass: qos,
      },
    }
  }
  return {apiVersion: 'v1', kind: 'Pod', metadata, spec, status: scheduledPodStatus(clock, input, tokenVolume, qos)}
}

function podMetadata(clock: Clock, input: PodInput): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    name: input.name,
    namespace: input.namespace,
    uid: input.uid ?? uidFor(`pod/${input.namespace}/${input.name}`),
    creationTimestamp: clock.ago(input.age),
  }
  if (input.owner) metadata.generateName = input.name.slice(0, input.name.lastIndexOf('-') + 1)
  if (input.labels) metadata.labels = input.labels
  if (input.annotations) metadata.annotations = input.annotations
  if (input.owner) metadata.ownerReferences = [ownerReference(input.owner)]
  return metadata
}

/** A container of the spec, with the API server's defaults, in the order it writes the fields. */
function containerSpec(c: ContainerInput & {targetContainerName?: string}, tokenVolume: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {name: c.name, image: c.image}
  if (c.command) out.command = c.command
  if (c.args) out.args = c.args
  if (c.env) out.env = c.env
  out.imagePullPolicy = c.image.endsWith(':latest') || !c.image.includes(':') ? 'Always' : 'IfNotPresent'
  if (c.livenessProbe) out.livenessProbe = c.livenessProbe
  if (c.ports) out.ports = c.ports.map((p) => ({...p, protocol: p.protocol ?? 'TCP'}))
  if (c.readinessProbe) out.readinessProbe = c.readinessProbe
  const resources: Record<string, unknown> = {}
  if (c.limits) resources.limits = c.limits
  if (c.requests) resources.requests = c.requests
  out.resources = resources
  if (c.targetContainerName) out.targetContainerName = c.targetContainerName
  out.terminationMessagePath = '/dev/termination-log'
  out.terminationMessagePolicy = 'File'
  // The ServiceAccount admission mounts the token into containers and init containers, not ephemeral ones.
  if (tokenVolume !== undefined) out.volumeMounts = [{mountPath: tokenMountPath, name: tokenVolume, readOnly: true}]
  return out
}

function podSpec(input: PodInput, tokenVolume: string): Record<string, unknown> {
  const serviceAccount = input.serviceAccount ?? 'default'
  const spec: Record<string, unknown> = {
    containers: input.containers.map((c) => containerSpec(c, tokenVolume)),
    dnsPolicy: input.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    enableServiceLinks: true,
  }
  if (input.ephemeralContainers) spec.ephemeralContainers = input.ephemeralContainers.map((c) => containerSpec(c, undefined))
  if (input.hostNetwork) spec.hostNetwork = true
  if (input.initContainers) spec.initContainers = input.initContainers.map((c) => containerSpec(c, tokenVolume))
  if (input.node) spec.nodeName = input.node
  if (input.nodeSelector) spec.nodeSelector = input.nodeSelector
  Object.assign(spec, {
    preemptionPolicy: 'PreemptLowerPriority',
    priority: input.priority ?? 0,
    ...(input.priorityClassName ? {priorityClassName: input.priorityClassName} : {}),
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount,
    serviceAccountName: serviceAccount,
    terminationGracePeriodSeconds: 30,
    tolerations: input.tolerations ?? defaultTolerations,
    volumes: [...(input.volumes ?? []), tokenVolumeSource(tokenVolume)],
  })
  return spec
}

/** The projected service account token volume the ServiceAccount admission adds. */
function tokenVolumeSource(name: string): Record<string, unknown> {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        {serviceAccountToken: {expirationSeconds: 3607, path: 'token'}},
        {configMap: {items: [{key: 'ca.crt', path: 'ca.crt'}], name: 'kube-root-ca.crt'}},
        {downwardAPI: {items: [{fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}, path: 'namespace'}]}},
      ],
    },
  }
}

function terminatedState(clock: Clock, t: TerminatedInput, containerId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {containerID: containerId, exitCode: t.exitCode, finishedAt: clock.ago(t.finishedAgo)}
  if (t.message) out.message = t.message
  out.reason = t.reason
  if (t.signal) out.signal = t.signal
  out.startedAt = clock.ago(t.startedAgo)
  return out
}

/** A container's status as the kubelet reports it, fields in the kubelet's order. */
function containerStatus(clock: Clock, input: PodInput, c: {name: string; image: string}, s: ContainerState, kind: ContainerKind, tokenVolume: string): Record<string, unknown> {
  const restarts = s.restarts ?? 0
  const id = (run: number) => input.containerId?.(c.name, run) ?? `containerd://${hashHex(`ctr/${input.namespace}/${input.name}/${c.name}/${run}`)}`
  const status: Record<string, unknown> = {}
  if (s.state !== 'waiting' || s.last) status.containerID = id(restarts)
  status.image = c.image.includes('/') ? c.image : `docker.io/library/${c.image}`
  status.imageID = s.state === 'waiting' && !s.last ? '' : imageId(c.image)
  status.lastState = s.state !== 'terminated' && s.last ? {terminated: terminatedState(clock, s.last, id(restarts - 1))} : {}
  status.name = c.name
  status.ready = containerReady(s, kind)
  status.restartCount = restarts
  // The probe manager, which writes `started`, only sees containers and init containers.
  if (kind !== 'ephemeral') status.started = s.state === 'running'
  if (s.state === 'running') status.state = {running: {startedAt: clock.ago(s.since)}}
  else if (s.state === 'waiting') status.state = {waiting: s.message ? {message: s.message, reason: s.reason} : {reason: s.reason}}
  else status.state = {terminated: terminatedState(clock, s.terminated, id(restarts))}
  if (kind !== 'ephemeral') status.volumeMounts = [{mountPath: tokenMountPath, name: tokenVolume, readOnly: true, recursiveReadOnly: 'Disabled'}]
  return status
}

/** Ready as the kubelet reports it: an init container once it exited 0, an ephemeral container never. */
function containerReady(s: ContainerState, kind: ContainerKind): boolean {
  if (kind === 'ephemeral') return false
  if (kind === 'init') return s.state === 'terminated' ? s.terminated.exitCode === 0 : s.state === 'running' && (s.ready ?? false)
  return s.state === 'running' ? (s.ready ?? true) : false
}

/** Each list's states, defaulted: containers running, init containers exited 0, both since just after the pod was created. */
function podStates(input: PodInput): Record<ContainerKind, ContainerState[]> {
  const running = (): ContainerState => ({state: 'running', since: input.age - seconds(5)})
  const completed = (): ContainerState => ({state: 'terminated', terminated: {exitCode: 0, reason: 'Completed', startedAgo: input.age - seconds(4), finishedAgo: input.age - seconds(5)}})
  return {
    container: input.states ?? input.containers.map(running),
    init: input.initStates ?? (input.initContainers ?? []).map(completed),
    ephemeral: input.ephemeralStates ?? (input.ephemeralContainers ?? []).map(running),
  }
}

/** The pod's conditions, from what its containers report. */
function podConditions(clock: Clock, input: PodInput, sandboxReady: boolean, unready: string[], uninitialized: string[]): Array<Record<string, unknown>> {
  const transition = clock.ago(input.age - seconds(4))
  const condition = (type: string, ok: boolean, reason?: string, message?: string) => {
    const c: Record<string, unknown> = {lastProbeTime: null, lastTransitionTime: transition}
    if (!ok && message) c.message = message
    if (!ok && reason) c.reason = reason
    c.status = ok ? 'True' : 'False'
    c.type = type
    return c
  }
  const notReadyMessage = `containers with unready status: [${unready.join(' ')}]`
  return [
    condition('PodReadyToStartContainers', sandboxReady),
    condition('Initialized', uninitialized.length === 0, 'ContainersNotInitialized', `containers with incomplete status: [${uninitialized.join(' ')}]`),
    condition('Ready', unready.length === 0, 'ContainersNotReady', notReadyMessage),
    condition('ContainersReady', unready.length === 0, 'ContainersNotReady', notReadyMessage),
    condition('PodScheduled', true),
  ]
}

/** The status of a pod bound to a node: conditions, container statuses, IPs. */
function scheduledPodStatus(clock: Clock, input: PodInput, tokenVolume: string, qos: string): Record<string, unknown> {
  const states = podStates(input)
  const statuses = (kind: ContainerKind, list: Array<{name: string; image: string}>) => list.map((c, i) => containerStatus(clock, input, c, states[kind][i]!, kind, tokenVolume))
  const containerStatuses = statuses('container', input.containers)
  const initStatuses = statuses('init', input.initContainers ?? [])
  const names = (list: Array<Record<string, unknown>>) => list.filter((s) => !s.ready).map((s) => s.name as string)
  const uninitialized = names(initStatuses)
  const sandboxReady = ![...states.container, ...states.init].some((s) => s.state === 'waiting' && s.reason === 'ContainerCreating')
  const phase = input.phase ?? (uninitialized.length > 0 || states.container.every((s) => s.state === 'waiting' && !s.last) ? 'Pending' : 'Running')
  const hostIP = input.hostIP ?? '10.0.0.1'
  const status: Record<string, unknown> = {conditions: podConditions(clock, input, sandboxReady, names(containerStatuses), uninitialized), containerStatuses}
  if (input.ephemeralContainers) status.ephemeralContainerStatuses = statuses('ephemeral', input.ephemeralContainers)
  status.hostIP = hostIP
  status.hostIPs = [{ip: hostIP}]
  if (input.initContainers) status.initContainerStatuses = initStatuses
  status.phase = phase
  const podIP = input.hostNetwork ? hostIP : input.podIP
  if (podIP && sandboxReady) {
    status.podIP = podIP
    status.podIPs = [{ip: podIP}]
  }
  status.qosClass = qos
  status.startTime = clock.ago(input.age - seconds(3))
  return status
}

export interface WorkloadInput {
  namespace: string
  name: string
  age: number
  replicas: number
  ready: number
  labels: Record<string, string>
  containers: ContainerInput[]
  revision?: number
}

export function podTemplate(labels: Record<string, string>, containers: ContainerInput[], extraLabels: Record<string, string> = {}) {
  return {
    metadata: {labels: {...labels, ...extraLabels}},
    spec: {
      containers: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imagePullPolicy: 'IfNotPresent',
        ...(c.ports ? {ports: c.ports.map((p) => ({...p, protocol: p.protocol ?? 'TCP'}))} : {}),
        ...(c.readinessProbe ? {readinessProbe: c.readinessProbe} : {}),
        resources: {...(c.limits ? {limits: c.limits} : {}), ...(c.requests ? {requests: c.requests} : {})},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      })),
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    },
  }
}

/** A Deployment and its current ReplicaSet; returns the ReplicaSet as the pods' owner. */
export function deployment(clock: Clock, input: WorkloadInput): {objects: KubeObject[]; owner: OwnerInput; podName: (i: number) => string; podLabels: Record<string, string>} {
  const uid = uidFor(`deploy/${input.namespace}/${input.name}`)
  const hash = suffix(`rs/${input.namespace}/${input.name}`, 10)
  const rsName = `${input.name}-${hash}`
  const rsUid = uidFor(`rs/${input.namespace}/${rsName}`)
  const revision = String(input.revision ?? 1)
  const unavailable = input.replicas - input.ready
  const progressing = clock.ago(input.age - seconds(30))
  const deploy: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      uid,
      generation: 1,
      creationTimestamp: clock.ago(input.age),
      labels: input.labels,
      annotations: {'deployment.kubernetes.io/revision': revision},
    },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: input.replicas,
      revisionHistoryLimit: 10,
      selector: {matchLabels: input.labels},
      strategy: {rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}, type: 'RollingUpdate'},
      template: podTemplate(input.labels, input.containers),
    },
    status: {
      ...(input.ready ? {availableReplicas: input.ready} : {}),
      conditions: [
        unavailable > 0
          ? {lastTransitionTime: clock.ago(input.age - seconds(10)), lastUpdateTime: clock.ago(input.age - seconds(10)), message: 'Deployment does not have minimum availability.', reason: 'MinimumReplicasUnavailable', status: 'False', type: 'Available'}
          : {lastTransitionTime: clock.ago(input.age - seconds(20)), lastUpdateTime: clock.ago(input.age - seconds(20)), message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available'},
        {lastTransitionTime: clock.ago(input.age), lastUpdateTime: progressing, message: `ReplicaSet "${rsName}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing'},
      ],
      observedGeneration: 1,
      ...(input.ready ? {readyReplicas: input.ready} : {}),
      replicas: input.replicas,
      ...(unavailable > 0 ? {unavailableReplicas: unavailable} : {}),
      updatedReplicas: input.replicas,
    },
  }
  const podLabels = {...input.labels, 'pod-template-hash': hash}
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: rsName,
      namespace: input.namespace,
      uid: rsUid,
      generation: 1,
      creationTimestamp: clock.ago(input.age),
      labels: podLabels,
      annotations: {'deployment.kubernetes.io/desired-replicas': String(input.replicas), 'deployment.kubernetes.io/max-replicas': String(input.replicas + Math.ceil(input.replicas / 4)), 'deployment.kubernetes.io/revision': revision},
      ownerReferences: [ownerReference({apiVersion: 'apps/v1', kind: 'Deployment', name: input.name, uid})],
    },
    spec: {
      replicas: input.replicas,
      selector: {matchLabels: podLabels},
      template: podTemplate(input.labels, input.containers, {'pod-template-hash': hash}),
    },
    status: {
      ...(input.ready ? {availableReplicas: input.ready} : {}),
      fullyLabeledReplicas: input.replicas,
      observedGeneration: 1,
      ...(input.ready ? {readyReplicas: input.ready} : {}),
      replicas: input.replicas,
    },
  }
  return {
    objects: [deploy, rs],
    owner: {apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rsUid},
    podName: (i) => `${rsName}-${suffix(`pod/${input.namespace}/${rsName}/${i}`, 5)}`,
    podLabels,
  }
}

/** A DaemonSet; returns it as the pods' owner. */
export function daemonSet(clock: Clock, input: WorkloadInput): {object: KubeObject; owner: OwnerInput; podName: (node: string) => string; podLabels: Record<string, string>} {
  const uid = uidFor(`ds/${input.namespace}/${input.name}`)
  const hash = suffix(`ds-rev/${input.namespace}/${input.name}`, 10)
  const podLabels = {...input.labels, 'controller-revision-hash': hash, 'pod-template-generation': '1'}
  const object: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {name: input.name, namespace: input.namespace, uid, generation: 1, creationTimestamp: clock.ago(input.age), labels: input.labels, annotations: {'deprecated.daemonset.template.generation': '1'}},
    spec: {
      revisionHistoryLimit: 10,
      selector: {matchLabels: input.labels},
      template: podTemplate(input.labels, input.containers),
      updateStrategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 1}, type: 'RollingUpdate'},
    },
    status: {
      currentNumberScheduled: input.replicas,
      desiredNumberScheduled: input.replicas,
      numberAvailable: input.ready,
      numberMisscheduled: 0,
      numberReady: input.ready,
      ...(input.replicas - input.ready ? {numberUnavailable: input.replicas - input.ready} : {}),
      observedGeneration: 1,
      updatedNumberScheduled: input.replicas,
    },
  }
  return {object, owner: {apiVersion: 'apps/v1', kind: 'DaemonSet', name: input.name, uid}, podName: (n) => `${input.name}-${suffix(`dspod/${input.namespace}/${input.name}/${n}`, 5)}`, podLabels}
}

/** A StatefulSet; pods are `<name>-<ordinal>`. */
export function statefulSet(clock: Clock, input: WorkloadInput & {serviceName: string}): {object: KubeObject; owner: OwnerInput; podLabels: (i: number) => Record<string, string>} {
  const uid = uidFor(`sts/${input.namespace}/${input.name}`)
  const revision = `${input.name}-${suffix(`sts-rev/${input.namespace}/${input.name}`, 10)}`
  const object: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {name: input.name, namespace: input.namespace, uid, generation: 1, creationTimestamp: clock.ago(input.age), labels: input.labels},
    spec: {
      persistentVolumeClaimRetentionPolicy: {whenDeleted: 'Retain', whenScaled: 'Retain'},
      podManagementPolicy: 'OrderedReady',
      replicas: input.replicas,
      revisionHistoryLimit: 10,
      selector: {matchLabels: input.labels},
      serviceName: input.serviceName,
      template: podTemplate(input.labels, input.containers),
      updateStrategy: {rollingUpdate: {partition: 0}, type: 'RollingUpdate'},
    },
    status: {availableReplicas: input.ready, collisionCount: 0, currentReplicas: input.replicas, currentRevision: revision, observedGeneration: 1, readyReplicas: input.ready, replicas: input.replicas, updateRevision: revision, updatedReplicas: input.replicas},
  }
  return {
    object,
    owner: {apiVersion: 'apps/v1', kind: 'StatefulSet', name: input.name, uid},
    podLabels: (i) => ({...input.labels, 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': `${input.name}-${i}`}),
  }
}

export interface ServiceInput {
  namespace: string
  name: string
  age: number
  clusterIP: string
  selector?: Record<string, string>
  ports: Array<{port: number; targetPort?: number | string; name?: string; protocol?: string; nodePort?: number}>
  type?: string
  labels?: Record<string, string>
}

export function service(clock: Clock, input: ServiceInput): KubeObject {
  const spec: Record<string, unknown> = {
    clusterIP: input.clusterIP,
    clusterIPs: [input.clusterIP],
    internalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ports: input.ports.map((p) => ({...(p.name ? {name: p.name} : {}), ...(p.nodePort ? {nodePort: p.nodePort} : {}), port: p.port, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port})),
  }
  if (input.selector) spec.selector = input.selector
  spec.sessionAffinity = 'None'
  spec.type = input.type ?? 'ClusterIP'
  if (spec.type === 'LoadBalancer' || spec.type === 'NodePort') spec.externalTrafficPolicy = 'Cluster'
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: input.name, namespace: input.namespace, uid: uidFor(`svc/${input.namespace}/${input.name}`), creationTimestamp: clock.ago(input.age), ...(input.labels ? {labels: input.labels} : {})},
    spec,
    status: {loadBalancer: {}},
  }
}

/** The Endpoints and EndpointSlice the endpoints controllers write for a Service and its pods. */
export function endpointsFor(clock: Clock, svc: KubeObject, pods: KubeObject[]): KubeObject[] {
  const ns = svc.metadata!.namespace!
  const name = svc.metadata!.name!
  const spec = svc.spec as {ports: Array<{port: number; name?: string; protocol: string; targetPort: number | string}>}
  const address = (p: KubeObject) => {
    const st = p.status as {podIP?: string}
    return {ip: st.podIP!, nodeName: (p.spec as {nodeName: string}).nodeName, targetRef: {kind: 'Pod', name: p.metadata!.name!, namespace: ns, uid: p.metadata!.uid!}}
  }
  const isReady = (p: KubeObject) => ((p.status as {conditions?: Array<{type: string; status: string}>}).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  const withIp = pods.filter((p) => (p.status as {podIP?: string}).podIP)
  const ready = withIp.filter(isReady).map(address)
  const notReady = withIp.filter((p) => !isReady(p)).map(address)
  const ports = spec.ports.map((p) => ({...(p.name ? {name: p.name} : {}), port: typeof p.targetPort === 'number' ? p.targetPort : p.port, protocol: p.protocol}))
  const created = svc.metadata!.creationTimestamp!
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {name, namespace: ns, uid: uidFor(`ep/${ns}/${name}`), creationTimestamp: created, annotations: {'endpoints.kubernetes.io/last-change-trigger-time': clock.ago(minutes(5))}, labels: (svc.metadata!.labels ?? {}) as Record<string, string>},
  }
  if (withIp.length) endpoints.subsets = [{...(ready.length ? {addresses: ready} : {}), ...(notReady.length ? {notReadyAddresses: notReady} : {}), ports}]
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${name}-${suffix(`eps/${ns}/${name}`, 5)}`,
      generateName: `${name}-`,
      namespace: ns,
      uid: uidFor(`eps/${ns}/${name}`),
      creationTimestamp: created,
      generation: 1,
      labels: {...(svc.metadata!.labels ?? {}), 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': name},
      ownerReferences: [ownerReference({apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata!.uid!})],
    },
    addressType: 'IPv4',
    endpoints: withIp.length === 0 ? null : withIp.map((p) => {
      const r = isReady(p)
      const a = address(p)
      return {addresses: [a.ip], conditions: {ready: r, serving: r, terminating: false}, nodeName: a.nodeName, targetRef: a.targetRef}
    }),
    ports: ports.length ? ports : null,
  }
  return [endpoints, slice]
}

export interface EventInput {
  namespace: string
  involved: KubeObject
  fieldPath?: string
  reason: string
  message: string
  type?: 'Normal' | 'Warning'
  count?: number
  firstAgo: number
  lastAgo?: number
  component: string
  host?: string
}

let eventSequence = 0

export function event(clock: Clock, input: EventInput): KubeObject {
  const target = input.involved
  const name = target.metadata!.name!
  const first = clock.now - input.firstAgo
  const eventName = `${name}.${(BigInt(first) * 1_000_000n + BigInt(eventSequence++ % 1_000_000)).toString(16)}`
  const involvedObject: Record<string, unknown> = {apiVersion: target.apiVersion, kind: target.kind, name}
  if (target.metadata!.namespace) involvedObject.namespace = target.metadata!.namespace
  if (input.fieldPath) involvedObject.fieldPath = input.fieldPath
  involvedObject.resourceVersion = '1'
  involvedObject.uid = target.metadata!.uid
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {name: eventName, namespace: input.namespace, uid: uidFor(`event/${input.namespace}/${eventName}`), creationTimestamp: clock.ago(input.firstAgo)},
    involvedObject,
    reason: input.reason,
    message: input.message,
    source: {component: input.component, ...(input.host ? {host: input.host} : {})},
    firstTimestamp: clock.ago(input.firstAgo),
    lastTimestamp: clock.ago(input.lastAgo ?? input.firstAgo),
    count: input.count ?? 1,
    type: input.type ?? 'Normal',
    eventTime: null,
    reportingComponent: input.component,
    reportingInstance: input.host ?? '',
  }
}

export function nodeMetrics(clock: Clock, name: string, cpu: string, memory: string): KubeObject {
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'NodeMetrics',
    metadata: {name, creationTimestamp: clock.ago(0), labels: {'kubernetes.io/hostname': name}},
    timestamp: clock.ago(seconds(12)),
    window: '10.052s',
    usage: {cpu, memory},
  }
}

export function podMetrics(clock: Clock, p: KubeObject, usage: Array<{cpu: string; memory: string}>): KubeObject {
  const containers = (p.spec as {containers: Array<{name: string}>}).containers
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: {name: p.metadata!.name!, namespace: p.metadata!.namespace!, creationTimestamp: clock.ago(0), labels: p.metadata!.labels ?? {}},
    timestamp: clock.ago(seconds(14)),
    window: '13.128s',
    containers: containers.map((c, i) => ({name: c.name, usage: usage[i] ?? usage[0]!})),
  }
}
