/**
 * Real-shaped objects for the rule tests: what kube-apiserver returns for kubelet-managed pods,
 * nodes and events (values as a 1.32 cluster writes them). Pods come from the sandbox's builder
 * with fixed uids; tests lay raw container specs and statuses over them, as the rules read those.
 */
import type {PodSnapshot} from '../../src/diagnose/model.js'
import {Clock, pod as buildPod} from '../../src/sandbox/scenarios/builders.js'
import type {Container, ContainerStatus, KubeEvent, Node, Pod} from '../../src/diagnose/objects.js'

/** The time every fixture is seen at. */
export const NOW = Date.parse('2026-11-21T12:00:00Z')
export const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
export const MIN = 60_000

const clock = new Clock(NOW)
const podUid = '3b24a428-fa6b-478e-a836-61faf58fd218'
const replicaSet = {apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'checkout-7d4b9c8f6d', uid: '11111111-2222-4333-a444-555555555555'}
const checkout = {name: 'app', image: 'ghcr.io/example/shop-checkout:2.4.0', ports: [{containerPort: 8080, name: 'http'}], requests: {cpu: '250m', memory: '256Mi'}, limits: {memory: '512Mi'}}

/** The checkout pod as the sandbox builds it: on `node` (unscheduled without one), its container running for an hour. */
function checkoutPod(name: string, namespace: string, node: string | undefined, ready: boolean): Pod {
  const p = buildPod(clock, {
    namespace,
    name,
    age: 60 * MIN,
    uid: podUid,
    labels: {app: 'checkout', 'pod-template-hash': '7d4b9c8f6d'},
    owner: replicaSet,
    ...(node === undefined ? {} : {node}),
    hostIP: '10.0.1.21',
    podIP: '10.244.1.17',
    containers: [checkout],
    states: [{state: 'running', since: 60 * MIN, ready}],
  })
  return p as unknown as Pod
}

const checkoutDefaults = checkoutPod('checkout-7d4b9c8f6d-x2k4p', 'shop', 'worker-1', true)

export function container(overrides: Partial<Container> = {}): Container {
  return {...checkoutDefaults.spec.containers![0]!, ...overrides}
}

export function runningStatus(overrides: Partial<ContainerStatus> = {}): ContainerStatus {
  return {...checkoutDefaults.status!.containerStatuses![0]!, ...overrides}
}

export interface PodInput {
  name?: string
  namespace?: string
  phase?: string
  node?: string | undefined
  containers?: Container[]
  initContainers?: Container[]
  statuses?: ContainerStatus[]
  initStatuses?: ContainerStatus[]
  ready?: boolean
  conditions?: NonNullable<Pod['status']>['conditions']
  spec?: Partial<Pod['spec']>
  status?: Partial<NonNullable<Pod['status']>>
  metadata?: Partial<Pod['metadata']>
}

/** The checkout pod (built by the sandbox's builder) with a test's containers, statuses and fields laid over it. */
export function pod(input: PodInput = {}): Pod {
  const node = input.node === undefined ? (input.phase === 'Pending' ? undefined : 'worker-1') : input.node
  const built = checkoutPod(input.name ?? 'checkout-7d4b9c8f6d-x2k4p', input.namespace ?? 'shop', node, input.ready ?? true)
  return {
    ...built,
    metadata: {...built.metadata, ...input.metadata},
    spec: {
      ...built.spec,
      ...(input.containers ? {containers: input.containers} : {}),
      ...(input.initContainers ? {initContainers: input.initContainers} : {}),
      ...input.spec,
    },
    status: {
      ...built.status,
      phase: input.phase ?? 'Running',
      ...(input.conditions ? {conditions: input.conditions} : {}),
      ...(input.statuses ? {containerStatuses: input.statuses} : {}),
      ...(input.initStatuses ? {initContainerStatuses: input.initStatuses} : {}),
      ...input.status,
    },
  }
}

export interface EventInput {
  reason: string
  message: string
  type?: 'Normal' | 'Warning'
  count?: number
  lastAgo?: number
  firstAgo?: number
  fieldPath?: string
  component?: string
  involved?: {kind: string; name: string; namespace?: string; uid?: string}
}

let eventSerial = 0

export function event(input: EventInput): KubeEvent {
  eventSerial++
  const involved = input.involved ?? {kind: 'Pod', name: 'checkout-7d4b9c8f6d-x2k4p', namespace: 'shop', uid: '3b24a428-fa6b-478e-a836-61faf58fd218'}
  return {
    metadata: {name: `${involved.name}.18a${String(eventSerial).padStart(13, '0')}`, namespace: involved.namespace ?? 'default', uid: `ev-${eventSerial}`},
    involvedObject: {apiVersion: 'v1', ...involved, ...(input.fieldPath ? {fieldPath: input.fieldPath} : {})},
    reason: input.reason,
    message: input.message,
    type: input.type ?? 'Warning',
    count: input.count ?? 1,
    firstTimestamp: ago(input.firstAgo ?? input.lastAgo ?? MIN),
    lastTimestamp: ago(input.lastAgo ?? MIN),
    source: {component: input.component ?? 'kubelet', host: 'worker-1'},
    reportingComponent: input.component ?? 'kubelet',
  }
}

export interface NodeInput {
  name: string
  cpu?: string
  memory?: string
  labels?: Record<string, string>
  taints?: NonNullable<Node['spec']>['taints']
  ready?: {status: string; reason: string; message: string; since?: number; heartbeat?: number}
  runtime?: string
  unschedulable?: boolean
  pressure?: string
}

export function node(input: NodeInput): Node {
  const ready = input.ready ?? {status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status'}
  const condition = (type: string, status: string, reason: string, message: string) => ({type, status, reason, message, lastHeartbeatTime: ago(ready.heartbeat ?? 20_000), lastTransitionTime: ago(ready.since ?? 5 * 24 * 60 * MIN)})
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: input.name,
      uid: `uid-${input.name}`,
      labels: {'kubernetes.io/hostname': input.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...input.labels},
      creationTimestamp: ago(10 * 24 * 60 * MIN),
    },
    spec: {podCIDR: '10.244.1.0/24', ...(input.taints ? {taints: input.taints} : {}), ...(input.unschedulable ? {unschedulable: true} : {})},
    status: {
      capacity: {cpu: '4', memory: '16265236Ki', pods: '110'},
      allocatable: {cpu: input.cpu ?? '3920m', memory: input.memory ?? '15638548Ki', pods: '110'},
      conditions: [
        condition('MemoryPressure', input.pressure === 'MemoryPressure' ? 'True' : 'False', input.pressure === 'MemoryPressure' ? 'KubeletHasInsufficientMemory' : 'KubeletHasSufficientMemory', input.pressure === 'MemoryPressure' ? 'kubelet has insufficient memory available' : 'kubelet has sufficient memory available'),
        condition('DiskPressure', input.pressure === 'DiskPressure' ? 'True' : 'False', input.pressure === 'DiskPressure' ? 'KubeletHasDiskPressure' : 'KubeletHasNoDiskPressure', input.pressure === 'DiskPressure' ? 'kubelet has disk pressure' : 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', ready.status, ready.reason, ready.message),
      ],
      addresses: [{type: 'InternalIP', address: '10.0.1.21'}, {type: 'Hostname', address: input.name}],
      nodeInfo: {containerRuntimeVersion: input.runtime ?? 'containerd://1.7.24', kubeletVersion: 'v1.32.4', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '5.15.0-113-generic', operatingSystem: 'linux', architecture: 'amd64'},
    },
  }
}

export function snapshot(p: Pod, extra: Partial<PodSnapshot> = {}): PodSnapshot {
  return {pod: p, events: [], owners: [], configMaps: {}, secrets: {}, claims: {}, logs: [], ...extra}
}

export const context = {now: NOW}
