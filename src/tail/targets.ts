/**
 * Which containers to tail: pods (from a list or a watch) in, start/stop decisions out.
 *
 * Like stern, a container is remembered by `namespace/pod/container` together with its pod UID
 * and container ID, so repeated MODIFIED events and re-lists never start a second tail for the
 * same run, a restart (new container ID) starts a tail for the new run, and a container that is
 * still waiting is remembered and tailed as soon as it gets an ID.
 */

export type ContainerKind = 'init' | 'container' | 'ephemeral'
export type ContainerStateName = 'running' | 'waiting' | 'terminated'

/** The parts of a v1 Pod that tailing looks at. */
export interface PodShape {
  metadata: {
    name: string
    namespace?: string | undefined
    uid?: string | undefined
    labels?: Record<string, string> | undefined
    annotations?: Record<string, string> | undefined
    deletionTimestamp?: string | undefined
  }
  spec?: {
    nodeName?: string | undefined
    containers?: Array<{name: string}> | undefined
    initContainers?: Array<{name: string}> | undefined
    ephemeralContainers?: Array<{name: string}> | undefined
  }
  status?: {
    conditions?: Array<{type: string; status: string}> | undefined
    containerStatuses?: ContainerStatusShape[] | undefined
    initContainerStatuses?: ContainerStatusShape[] | undefined
    ephemeralContainerStatuses?: ContainerStatusShape[] | undefined
  }
}

export interface ContainerStatusShape {
  name: string
  containerID?: string | undefined
  state?: ContainerStateShape | undefined
  lastState?: ContainerStateShape | undefined
}

interface ContainerStateShape {
  running?: {startedAt?: string} | undefined
  waiting?: {reason?: string} | undefined
  terminated?: {containerID?: string; exitCode?: number} | undefined
}

/** Compiled selection, built once from the flags. */
export interface TargetFilter {
  /** Matched (unanchored, like stern) against the pod name. */
  podQuery: RegExp
  excludePods: RegExp[]
  containerQuery: RegExp
  excludeContainers: RegExp[]
  initContainers: boolean
  ephemeralContainers: boolean
  /** States a container that already ran must be in to be tailed; empty = any. */
  containerStates: ReadonlySet<ContainerStateName>
  /** `--condition`: only pods with this condition at this value (lower case). */
  condition?: PodCondition | undefined
}

export interface PodCondition {
  name: string
  value: string
}

/** Whether a pod has the condition at the value (case-insensitive, as stern compares). */
export function conditionMatches(condition: PodCondition | undefined, pod: PodShape): boolean {
  if (!condition) return true
  const found = (pod.status?.conditions ?? []).find((c) => c.type.toLowerCase() === condition.name)
  return found !== undefined && found.status.toLowerCase() === condition.value
}

/** One run of one container: what a tail reads. */
export interface Target {
  /** `namespace/pod/container`. */
  key: string
  namespace: string
  pod: string
  podUid: string
  container: string
  kind: ContainerKind
  /** The run this tail reads; a restart is a new target with a new ID. */
  containerId: string
  nodeName: string
  /** True when the container was already present when tailing began. */
  existedAtStart: boolean
  /** The pod's labels and annotations (for templates). */
  labels?: Record<string, string> | undefined
  annotations?: Record<string, string> | undefined
}

/** Where a target's run stands now, as far as the latest pod state says. */
export interface RunStatus {
  /** The pod is gone (deleted, or no longer selected). */
  podGone: boolean
  /** `current`: the container's present run; `previous`: its last terminated run (after a restart); `gone`: older. */
  run: 'current' | 'previous' | 'gone'
  state: ContainerStateName
}

export type TargetChange = {type: 'start'; target: Target} | {type: 'update'; key: string} | {type: 'pod-gone'; namespace: string; pod: string; podUid: string}

interface Remembered {
  podUid: string
  containerId: string
  state: ContainerStateName
  lastTerminatedId: string
}

interface ContainerView {
  name: string
  kind: ContainerKind
  status: ContainerStatusShape | undefined
}

export const anyPod = /(?:)/

/** The filter for `kubectl tail` with nothing narrowed. */
export function defaultFilter(overrides: Partial<TargetFilter> = {}): TargetFilter {
  return {
    podQuery: anyPod,
    excludePods: [],
    containerQuery: anyPod,
    excludeContainers: [],
    initContainers: true,
    ephemeralContainers: true,
    containerStates: new Set(),
    ...overrides,
  }
}

export function podMatches(filter: TargetFilter, podName: string): boolean {
  return filter.podQuery.test(podName) && !filter.excludePods.some((re) => re.test(podName))
}

export function containerMatches(filter: TargetFilter, kind: ContainerKind, name: string): boolean {
  if (kind === 'init' && !filter.initContainers) return false
  if (kind === 'ephemeral' && !filter.ephemeralContainers) return false
  return filter.containerQuery.test(name) && !filter.excludeContainers.some((re) => re.test(name))
}

/** Init containers first (they run first), then containers, then ephemeral ones, as stern lists them. */
export function containersOf(pod: PodShape): ContainerView[] {
  const spec = pod.spec ?? {}
  const status = pod.status ?? {}
  const views: ContainerView[] = []
  const add = (kind: ContainerKind, specs: Array<{name: string}> | undefined, statuses: ContainerStatusShape[] | undefined) => {
    for (const c of specs ?? []) views.push({name: c.name, kind, status: statuses?.find((s) => s.name === c.name)})
  }
  add('init', spec.initContainers, status.initContainerStatuses)
  add('container', spec.containers, status.containerStatuses)
  add('ephemeral', spec.ephemeralContainers, status.ephemeralContainerStatuses)
  return views
}

export function stateOf(status: ContainerStatusShape | undefined): ContainerStateName {
  if (status?.state?.running) return 'running'
  if (status?.state?.terminated) return 'terminated'
  return 'waiting'
}

/**
 * The run the kubelet serves for a plain log request, as its validateContainerLogStatus picks it:
 * the running container, else the terminated one, else the last terminated run; '' = none yet.
 */
export function chooseContainerId(status: ContainerStatusShape | undefined): string {
  if (!status) return ''
  if (status.state?.running) return status.containerID ?? ''
  if (status.state?.terminated) return status.state.terminated.containerID ?? status.containerID ?? ''
  return status.lastState?.terminated?.containerID ?? ''
}

export function podKey(namespace: string, pod: string): string {
  return `${namespace}/${pod}`
}

/**
 * Turns pod states into tail decisions. Feed it the initial list with `sync`, then watch
 * events with `update` and `remove`; every call returns what changed.
 */
export class TargetTracker {
  private readonly containers = new Map<string, Remembered>()
  /** Pod key → UID and the container keys it owns. */
  private readonly pods = new Map<string, {uid: string; keys: Set<string>}>()
  private started = false

  constructor(
    private readonly filter: TargetFilter,
    private readonly defaultNamespace = 'default',
  ) {}

  /** Pods that match the pod query and exclusions now (whether or not a container matched). */
  get matchedPods(): number {
    return this.pods.size
  }

  /** The full current state (first list, or a re-list): pods not in it are gone. */
  sync(pods: PodShape[]): TargetChange[] {
    const changes: TargetChange[] = []
    const present = new Set<string>()
    for (const pod of pods) {
      present.add(podKey(this.namespaceOf(pod), pod.metadata.name))
      changes.push(...this.update(pod))
    }
    for (const [key, known] of this.pods) {
      if (present.has(key)) continue
      const [namespace, name] = splitPodKey(key)
      changes.push(...this.forget(namespace, name, known.uid))
    }
    this.started = true
    return changes
  }

  /** A pod was added or changed. */
  update(pod: PodShape): TargetChange[] {
    const namespace = this.namespaceOf(pod)
    const name = pod.metadata.name
    const uid = pod.metadata.uid ?? ''
    const changes: TargetChange[] = []
    if (!podMatches(this.filter, name)) return changes
    const pk = podKey(namespace, name)
    const known = this.pods.get(pk)
    // A pod that no longer has the --condition leaves the selection (its tails end), as in stern.
    if (!conditionMatches(this.filter.condition, pod)) return known ? this.forget(namespace, name, known.uid) : changes
    if (known && known.uid !== uid) changes.push(...this.forget(namespace, name, known.uid)) // same name, new pod
    const entry = this.pods.get(pk) ?? {uid, keys: new Set<string>()}
    this.pods.set(pk, entry)
    for (const view of containersOf(pod)) {
      if (!containerMatches(this.filter, view.kind, view.name)) continue
      const key = `${pk}/${view.name}`
      entry.keys.add(key)
      const containerId = chooseContainerId(view.status)
      const state = stateOf(view.status)
      const lastTerminatedId = view.status?.lastState?.terminated?.containerID ?? ''
      const before = this.containers.get(key)
      this.containers.set(key, {podUid: uid, containerId, state, lastTerminatedId})
      if (before && (before.state !== state || before.containerId !== containerId)) changes.push({type: 'update', key})
      if (!containerId) continue // not started yet: tailed once it has an ID
      if (before && before.containerId === containerId) continue // the run we already tail
      // A container that already ran when we first saw it must be in a wanted state;
      // one that we saw waiting and that has started since is always tailed (stern does the same).
      if (!before && this.filter.containerStates.size > 0 && !this.filter.containerStates.has(state)) continue
      changes.push({
        type: 'start',
        target: {
          key,
          namespace,
          pod: name,
          podUid: uid,
          container: view.name,
          kind: view.kind,
          containerId,
          nodeName: pod.spec?.nodeName ?? '',
          existedAtStart: !this.started && !before,
          labels: pod.metadata.labels,
          annotations: pod.metadata.annotations,
        },
      })
    }
    return changes
  }

  /** A pod was deleted (or left the selection). */
  remove(pod: PodShape): TargetChange[] {
    const known = this.pods.get(podKey(this.namespaceOf(pod), pod.metadata.name))
    if (!known || (pod.metadata.uid && known.uid !== pod.metadata.uid)) return []
    return this.forget(this.namespaceOf(pod), pod.metadata.name, known.uid)
  }

  /** Where the run a target reads stands now. */
  status(target: Target): RunStatus {
    const now = this.containers.get(target.key)
    if (!now || now.podUid !== target.podUid) return {podGone: true, run: 'gone', state: 'terminated'}
    if (now.containerId === target.containerId) return {podGone: false, run: 'current', state: now.state}
    if (now.lastTerminatedId === target.containerId) return {podGone: false, run: 'previous', state: 'terminated'}
    return {podGone: false, run: 'gone', state: 'terminated'}
  }

  private forget(namespace: string, name: string, uid: string): TargetChange[] {
    const pk = podKey(namespace, name)
    const known = this.pods.get(pk)
    if (!known) return []
    for (const key of known.keys) this.containers.delete(key)
    this.pods.delete(pk)
    return [{type: 'pod-gone', namespace, pod: name, podUid: uid}]
  }

  private namespaceOf(pod: PodShape): string {
    return pod.metadata.namespace ?? this.defaultNamespace
  }
}

function splitPodKey(key: string): [string, string] {
  const slash = key.indexOf('/')
  return [key.slice(0, slash), key.slice(slash + 1)]
}
