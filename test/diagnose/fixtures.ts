/**
 * Real-shaped objects for the rule tests: what kube-apiserver returns for kubelet-managed pods,
 * nodes and events (fields trimmed to what matters, values as a 1.32 cluster writes them).
 */
import type {PodSnapshot} from '../../src/diagnose/model.js'
import type {Container, ContainerStatus, KubeEvent, Node, Pod} from '../../src/diagnose/objects.js'

/** The time every fixture is seen at. */
export const NOW = Date.parse('2026-11-21T12:00:00Z')
export const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
export const MIN = 60_000

export function container(overrides: Partial<Container> = {}): Container {
  return {
    name: 'app',
    image: 'ghcr.io/example/shop-checkout:2.4.0',
    imagePullPolicy: 'IfNotPresent',
    ports: [{containerPort: 8080, name: 'http', protocol: 'TCP'}],
    resources: {requests: {cpu: '250m', memory: '256Mi'}, limits: {memory: '512Mi'}},
    ...overrides,
  }
}

export function runningStatus(overrides: Partial<ContainerStatus> = {}): ContainerStatus {
  return {
    name: 'app',
    image: 'ghcr.io/example/shop-checkout:2.4.0',
    imageID: 'ghcr.io/example/shop-checkout@sha256:5f1b0c9a5e1cfb8f1e5a2d0c2b35f1a8a4d3c3b2b1a0f9e8d7c6b5a4f3e2d1c0',
    containerID: 'containerd://9a3c1f2e4b5d',
    ready: true,
    started: true,
    restartCount: 0,
    state: {running: {startedAt: ago(60 * MIN)}},
    ...overrides,
  }
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

export function pod(input: PodInput = {}): Pod {
  const name = input.name ?? 'checkout-7d4b9c8f6d-x2k4p'
  const ready = input.ready ?? true
  const scheduled = input.node !== undefined || input.phase !== 'Pending'
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: input.namespace ?? 'shop',
      uid: '3b24a428-fa6b-478e-a836-61faf58fd218',
      labels: {app: 'checkout', 'pod-template-hash': '7d4b9c8f6d'},
      creationTimestamp: ago(60 * MIN),
      ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'checkout-7d4b9c8f6d', uid: '11111111-2222-4333-a444-555555555555', controller: true}],
      ...input.metadata,
    },
    spec: {
      nodeName: input.node === undefined ? (input.phase === 'Pending' ? undefined : 'worker-1') : input.node,
      containers: input.containers ?? [container()],
      ...(input.initContainers ? {initContainers: input.initContainers} : {}),
      restartPolicy: 'Always',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
        {key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
      ],
      volumes: [{name: 'kube-api-access-9t6jc', projected: {sources: [{configMap: {name: 'kube-root-ca.crt'}}]}}],
      ...input.spec,
    },
    status: {
      phase: input.phase ?? 'Running',
      conditions: input.conditions ?? [
        {type: 'PodReadyToStartContainers', status: scheduled ? 'True' : 'False'},
        {type: 'Initialized', status: 'True'},
        {type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : {reason: 'ContainersNotReady', message: 'containers with unready status: [app]'})},
        {type: 'ContainersReady', status: ready ? 'True' : 'False'},
        {type: 'PodScheduled', status: 'True'},
      ],
      hostIP: '10.0.1.21',
      podIP: '10.244.1.17',
      startTime: ago(60 * MIN),
      qosClass: 'Burstable',
      containerStatuses: input.statuses ?? [runningStatus({ready})],
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
