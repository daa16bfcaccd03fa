/**
 * One pod → one row of the pod list, with kubectl's READY, STATUS and RESTARTS rules (kubectl's
 * pod printer) and AGE in kubectl's short duration format. A row is computed once per watch
 * event; only the time-dependent text (ages) is formatted at render time, for visible rows.
 */
import {podRequests, type PodSpecLike} from '../../capacity/pod-requests.js'
import {humanDuration} from '../../print/duration.js'

interface ContainerStateShape {
  waiting?: {reason?: string} | undefined
  running?: {startedAt?: string} | undefined
  terminated?: {reason?: string; exitCode?: number; signal?: number; finishedAt?: string} | undefined
}

interface ContainerStatusShape {
  name: string
  ready?: boolean | undefined
  started?: boolean | undefined
  restartCount?: number | undefined
  state?: ContainerStateShape | undefined
  lastState?: ContainerStateShape | undefined
}

/** The parts of a v1 Pod the list shows. */
export interface PodObject {
  metadata: {
    name: string
    namespace?: string | undefined
    uid?: string | undefined
    creationTimestamp?: string | undefined
    deletionTimestamp?: string | undefined
    labels?: Record<string, string> | undefined
  }
  spec?: {
    nodeName?: string | undefined
    containers?: Array<{name: string; resources?: {requests?: Record<string, string | number> | undefined} | undefined}> | undefined
    initContainers?: Array<{name: string; restartPolicy?: string | undefined}> | undefined
    terminationGracePeriodSeconds?: number | undefined
  }
  status?: {
    phase?: string | undefined
    reason?: string | undefined
    conditions?: Array<{type: string; status: string; reason?: string | undefined}> | undefined
    containerStatuses?: ContainerStatusShape[] | undefined
    initContainerStatuses?: ContainerStatusShape[] | undefined
  }
}

export interface PodRow {
  /** `namespace/name`: identity in the list. */
  key: string
  namespace: string
  name: string
  /** `ready/total`, as kubectl's READY column. */
  ready: string
  /** kubectl's STATUS column (CrashLoopBackOff, Init:0/1, Terminating, ...). */
  status: string
  restarts: number
  /** When the most recent restart ended (ms), for "3 (4m ago)"; undefined when none. */
  lastRestartAt: number | undefined
  /** Creation time (ms); NaN when unknown. */
  createdAt: number
  node: string
  /** Failing without regard to time: not ready, not running, stuck terminating. */
  broken: boolean
  /** When a container last ended with a non-zero exit (ms): a pod that crashed within the hour is failing. */
  crashedAt: number | undefined
  /** The pod's labels (a copy), for `-l key=value` filters. */
  labels: Readonly<Record<string, string>>
  /** Its effective cpu and memory requests while it counts against its node; undefined once it has ended (Succeeded, Failed). */
  requests: PodRequests | undefined
}

/** A pod's effective requests (the capacity core's rules: init containers, sidecars, overhead), in its units. */
export interface PodRequests {
  cpu: bigint
  memory: bigint
}

const noRequests: PodRequests = Object.freeze({cpu: 0n, memory: 0n})

/** Pods of one workload ask for the same: their rows share one object (60,000 rows, a few dozen distinct requests). */
const sharedRequests = new Map<string, PodRequests>()

function shared(cpu: bigint, memory: bigint): PodRequests {
  const key = `${cpu}/${memory}`
  let found = sharedRequests.get(key)
  if (!found) {
    found = Object.freeze({cpu, memory})
    // Bounded: a cluster of all-different requests only stops sharing.
    if (sharedRequests.size < 4096) sharedRequests.set(key, found)
  }
  return found
}

/** What a pod asks of its node, as the node list's CPU REQ / MEM REQ add it up. */
function requestsOf(pod: PodObject): PodRequests | undefined {
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') return undefined
  try {
    const {requests} = podRequests((pod.spec ?? {}) as PodSpecLike, () => `pod ${pod.metadata.name}`)
    const cpu = requests.cpu ?? 0n
    const memory = requests.memory ?? 0n
    return cpu === 0n && memory === 0n ? noRequests : shared(cpu, memory)
  } catch {
    // A quantity the server accepted but we cannot read counts as 0 (as kubectl capacity does).
    return noRequests
  }
}

const noLabels: Readonly<Record<string, string>> = Object.freeze({})

const hour = 3_600_000


/**
 * AGE as kubectl prints it. A pod created after the clock the rows are drawn with (a fresh
 * pod between two clock ticks, or a server clock slightly ahead) is `0s`, never `<invalid>`.
 */
export function ageText(since: number, now: number): string {
  return Number.isFinite(since) ? humanDuration(Math.max(0, now - since)) : '<unknown>'
}

/** RESTARTS as kubectl prints it: `8 (2m13s ago)`. */
export function restartsText(row: PodRow, now: number): string {
  if (row.restarts === 0 || row.lastRestartAt === undefined) return String(row.restarts)
  return `${row.restarts} (${humanDuration(Math.max(0, now - row.lastRestartAt))} ago)`
}

/** Failing: broken now, or a container crashed within the last hour (the diagnose core's rule). */
export function isFailing(row: PodRow, now: number): boolean {
  return row.broken || (row.crashedAt !== undefined && now - row.crashedAt < hour)
}

function time(text: string | undefined): number | undefined {
  if (!text) return undefined
  const ms = Date.parse(text)
  return Number.isFinite(ms) ? ms : undefined
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return Math.max(a, b)
}

interface Counted {
  reason: string
  restarts: number
  lastRestartAt: number | undefined
  readyContainers: number
  totalContainers: number
  initializing: boolean
}

/** kubectl's printPod, the parts that make READY, STATUS and RESTARTS. */
function count(pod: PodObject): Counted {
  const status = pod.status ?? {}
  let reason = status.reason || status.phase || ''
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated'
  const initSpecs = new Map((pod.spec?.initContainers ?? []).map((c) => [c.name, c]))
  const sidecar = (name: string) => initSpecs.get(name)?.restartPolicy === 'Always'
  let totalContainers = (pod.spec?.containers ?? []).length + [...initSpecs.values()].filter((c) => c.restartPolicy === 'Always').length
  let readyContainers = 0
  let restarts = 0
  let lastRestartAt: number | undefined
  let sidecarRestarts = 0
  let sidecarLastRestartAt: number | undefined
  let initializing = false
  const initStatuses = status.initContainerStatuses ?? []
  for (const [i, container] of initStatuses.entries()) {
    restarts += container.restartCount ?? 0
    lastRestartAt = later(lastRestartAt, time(container.lastState?.terminated?.finishedAt))
    if (sidecar(container.name)) {
      sidecarRestarts += container.restartCount ?? 0
      sidecarLastRestartAt = later(sidecarLastRestartAt, time(container.lastState?.terminated?.finishedAt))
    }
    const terminated = container.state?.terminated
    const waiting = container.state?.waiting
    if (terminated && terminated.exitCode === 0) continue
    if (sidecar(container.name) && container.started) {
      if (container.ready) readyContainers++
      continue
    }
    if (terminated) {
      if (terminated.reason) reason = `Init:${terminated.reason}`
      else reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`
    else reason = `Init:${i}/${initSpecs.size}`
    initializing = true
    break
  }
  const initialized = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True')
  if (!initializing || initialized) {
    restarts = sidecarRestarts
    lastRestartAt = sidecarLastRestartAt
    let hasRunning = false
    const statuses = status.containerStatuses ?? []
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!
      restarts += container.restartCount ?? 0
      lastRestartAt = later(lastRestartAt, time(container.lastState?.terminated?.finishedAt))
      const terminated = container.state?.terminated
      if (container.state?.waiting?.reason) reason = container.state.waiting.reason
      else if (terminated?.reason) reason = terminated.reason
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`
      else if (container.ready && container.state?.running) {
        hasRunning = true
        readyContainers++
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady'
    }
  }
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown'
  else if (pod.metadata.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating'
  totalContainers = Math.max(totalContainers, 0)
  return {reason, restarts, lastRestartAt, readyContainers, totalContainers, initializing}
}

/** Whether the pod is unwell regardless of the clock (see isFailing for the time part). */
function brokenNow(pod: PodObject, now: number): boolean {
  const status = pod.status ?? {}
  if (status.phase === 'Succeeded') return false
  if (pod.metadata.deletionTimestamp) {
    const grace = ((pod.spec?.terminationGracePeriodSeconds ?? 30) + 60) * 1000
    return now - Date.parse(pod.metadata.deletionTimestamp) >= grace
  }
  if (status.phase !== 'Running') return true
  return !(status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
}

function lastCrash(pod: PodObject): number | undefined {
  if (pod.status?.phase === 'Succeeded') return undefined
  let at: number | undefined
  for (const container of pod.status?.containerStatuses ?? []) {
    const last = container.lastState?.terminated
    if (last && last.exitCode !== undefined && last.exitCode !== 0) at = later(at, time(last.finishedAt) ?? Number.POSITIVE_INFINITY)
  }
  return at
}

export function podRow(pod: PodObject, now: number): PodRow {
  const namespace = pod.metadata.namespace ?? ''
  const counted = count(pod)
  return {
    key: `${namespace}/${pod.metadata.name}`,
    namespace,
    name: pod.metadata.name,
    ready: `${counted.readyContainers}/${counted.totalContainers}`,
    status: counted.reason,
    restarts: counted.restarts,
    lastRestartAt: counted.lastRestartAt,
    createdAt: pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : Number.NaN,
    node: pod.spec?.nodeName ?? '',
    broken: brokenNow(pod, now),
    crashedAt: lastCrash(pod),
    labels: pod.metadata.labels && Object.keys(pod.metadata.labels).length > 0 ? {...pod.metadata.labels} : noLabels,
    requests: requestsOf(pod),
  }
}
