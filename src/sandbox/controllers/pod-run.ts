/**
 * The simulated kubelet's model of one pod on a node — each container's state, restarts and
 * back-off — and the pod status it reports from that model: phase, conditions (with their
 * transition times kept while unchanged), containerStatuses and IPs, in the field order the
 * real kubelet writes.
 */
import type {KubeObject} from '../types.js'
import {findCondition, meta, now, podSpec, podStatus, type Condition, type ContainerStateValue, type ContainerStatus, type PodStatus} from './objects.js'
import {imageId, qualifiedImage} from './images.js'

export type ContainerPhase = 'creating' | 'pulling' | 'pull-error' | 'pull-backoff' | 'running' | 'terminated' | 'crash-backoff'

export interface Terminated {
  exitCode: number
  reason: string
  startedAt: string
  finishedAt: string
  containerID: string
}

export interface ContainerRun {
  name: string
  image: string
  init: boolean
  phase: ContainerPhase
  /** The waiting message (pull error, back-off). */
  message?: string
  restartCount: number
  containerID?: string
  startedAt?: string
  ready: boolean
  started: boolean
  /** Has run at least once. */
  everStarted: boolean
  terminated?: Terminated
  last?: Terminated
  pullFailures: number
  crashes: number
  /** The log text of the current run (kept for `--previous` after a restart). */
  logText?: string
}

export interface PodRun {
  uid: string
  namespace: string
  name: string
  node: string
  hostIP: string
  podIP?: string
  sandboxReady: boolean
  startTime: string
  initContainers: ContainerRun[]
  containers: ContainerRun[]
  restartPolicy: string
  /** Cancels every timer of this pod. */
  cancels: Set<() => void>
  /** The kubelet has stopped the pod (being deleted). */
  stopped: boolean
}

export function newContainerRun(name: string, image: string, init: boolean): ContainerRun {
  return {name, image, init, phase: 'creating', restartCount: 0, ready: false, started: false, everStarted: false, pullFailures: 0, crashes: 0}
}

export function podRunFor(pod: KubeObject, hostIP: string): PodRun {
  const spec = podSpec(pod)
  const m = meta(pod)
  return {
    uid: m.uid ?? '',
    namespace: m.namespace ?? 'default',
    name: m.name ?? '',
    node: spec.nodeName ?? '',
    hostIP,
    sandboxReady: false,
    startTime: now(),
    initContainers: (spec.initContainers ?? []).map((c) => newContainerRun(c.name, c.image ?? '', true)),
    containers: (spec.containers ?? []).map((c) => newContainerRun(c.name, c.image ?? '', false)),
    restartPolicy: spec.restartPolicy ?? 'Always',
    cancels: new Set(),
    stopped: false,
  }
}

export function initialized(run: PodRun): boolean {
  return run.initContainers.every((c) => c.phase === 'terminated' && c.terminated?.exitCode === 0)
}

/** Whether a container that exited will be started again under the pod's restartPolicy. */
export function willRestart(run: PodRun, exitCode: number): boolean {
  return run.restartPolicy === 'Always' || (run.restartPolicy === 'OnFailure' && exitCode !== 0)
}

export function podPhase(run: PodRun): string {
  if (!initialized(run)) {
    const failedInit = run.initContainers.some((c) => c.phase === 'terminated' && c.terminated!.exitCode !== 0 && !willRestart(run, c.terminated!.exitCode))
    return failedInit ? 'Failed' : 'Pending'
  }
  const done = run.containers.every((c) => c.phase === 'terminated' && !willRestart(run, c.terminated!.exitCode))
  if (done && run.containers.length > 0) return run.containers.every((c) => c.terminated!.exitCode === 0) ? 'Succeeded' : 'Failed'
  return run.containers.some((c) => c.everStarted) ? 'Running' : 'Pending'
}

function waitingReason(c: ContainerRun, run: PodRun): string {
  switch (c.phase) {
    case 'pull-error':
      return 'ErrImagePull'
    case 'pull-backoff':
      return 'ImagePullBackOff'
    case 'crash-backoff':
      return 'CrashLoopBackOff'
    default:
      return !c.init && !initialized(run) ? 'PodInitializing' : 'ContainerCreating'
  }
}

function stateOf(c: ContainerRun, run: PodRun): ContainerStateValue {
  if (c.phase === 'running') return {running: {startedAt: c.startedAt}}
  if (c.phase === 'terminated' && c.terminated) return {terminated: terminatedState(c.terminated)}
  const reason = waitingReason(c, run)
  return {waiting: c.message ? {message: c.message, reason} : {reason}}
}

function terminatedState(t: Terminated): NonNullable<ContainerStateValue['terminated']> {
  return {containerID: t.containerID, exitCode: t.exitCode, finishedAt: t.finishedAt, reason: t.reason, startedAt: t.startedAt}
}

function containerStatus(c: ContainerRun, run: PodRun): ContainerStatus {
  const status: Record<string, unknown> = {}
  if (c.containerID) status.containerID = c.containerID
  status.image = qualifiedImage(c.image)
  status.imageID = c.everStarted ? imageId(c.image) : ''
  status.lastState = c.last ? {terminated: terminatedState(c.last)} : {}
  status.name = c.name
  status.ready = c.ready
  status.restartCount = c.restartCount
  status.started = c.started
  status.state = stateOf(c, run)
  return status as ContainerStatus
}

/** A pod condition; its lastTransitionTime is kept while its status does not change. */
function condition(previous: Condition[] | undefined, type: string, ok: boolean, reason?: string, message?: string): Condition {
  const status = ok ? 'True' : 'False'
  const before = findCondition(previous, type)
  const c: Record<string, unknown> = {lastProbeTime: null, lastTransitionTime: before?.status === status ? (before.lastTransitionTime ?? now()) : now()}
  if (!ok && message) c.message = message
  if (!ok && reason) c.reason = reason
  c.status = status
  c.type = type
  return c as Condition
}

/** The status the kubelet reports for the pod now. */
export function renderStatus(run: PodRun, pod: KubeObject): PodStatus {
  const previous = podStatus(pod)
  const phase = podPhase(run)
  const unready = run.containers.filter((c) => !c.ready).map((c) => c.name)
  const incomplete = run.initContainers.filter((c) => !(c.phase === 'terminated' && c.terminated?.exitCode === 0)).map((c) => c.name)
  const finished = phase === 'Succeeded' || phase === 'Failed'
  const readyReason = finished ? 'PodCompleted' : 'ContainersNotReady'
  const readyMessage = finished ? undefined : `containers with unready status: [${unready.join(' ')}]`
  const scheduled = findCondition(previous.conditions, 'PodScheduled')
  const conditions = [
    condition(previous.conditions, 'PodReadyToStartContainers', run.sandboxReady && !finished),
    condition(previous.conditions, 'Initialized', incomplete.length === 0, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`),
    condition(previous.conditions, 'Ready', unready.length === 0 && !finished, readyReason, readyMessage),
    condition(previous.conditions, 'ContainersReady', unready.length === 0 && !finished, readyReason, readyMessage),
    scheduled ?? condition(undefined, 'PodScheduled', true),
  ]
  const status: PodStatus = {conditions, containerStatuses: run.containers.map((c) => containerStatus(c, run)), hostIP: run.hostIP, hostIPs: [{ip: run.hostIP}]}
  if (run.initContainers.length) status.initContainerStatuses = run.initContainers.map((c) => containerStatus(c, run))
  status.phase = phase
  if (run.podIP) {
    status.podIP = run.podIP
    status.podIPs = [{ip: run.podIP}]
  }
  if (previous.qosClass) status.qosClass = previous.qosClass
  if (previous.ephemeralContainerStatuses) status.ephemeralContainerStatuses = previous.ephemeralContainerStatuses
  status.startTime = run.startTime
  return status
}
