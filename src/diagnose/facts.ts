/** Small readings of objects that several rules share: container states, probes, quantities. */
import {podRequests} from '../capacity/pod-requests.js'
import {formatResource, parseQuantity} from '../capacity/quantity.js'
import type {Finding} from './model.js'
import type {Condition, Container, ContainerStatus, LabelSelector, Node, Pod, Probe, ResourceList} from './objects.js'

export interface RuleContext {
  /** The time the diagnosis runs at (ms since epoch); ages are computed from it. */
  now: number
}

/** One family of findings over one kind of snapshot. */
export interface Rule<Snapshot> {
  /** The family, e.g. `scheduling`; also the rule's file name. */
  name: string
  check(snapshot: Snapshot, context: RuleContext): Finding[]
}

export function podSubject(pod: Pod): string {
  return `pod/${pod.metadata.name}`
}

export interface ContainerView {
  spec: Container | undefined
  status: ContainerStatus
  init: boolean
}

/** The pod's app containers: none when a server sent a pod without them (it is still diagnosable). */
export function podContainers(pod: Pod): Container[] {
  return pod.spec.containers ?? []
}

/** Init containers first, then the app containers. */
export function allContainers(pod: Pod): Container[] {
  return [...(pod.spec.initContainers ?? []), ...podContainers(pod)]
}

/** Every container status of the pod (init containers first), with its spec. */
export function containerViews(pod: Pod): ContainerView[] {
  const views: ContainerView[] = []
  for (const status of pod.status?.initContainerStatuses ?? []) {
    views.push({status, init: true, spec: pod.spec.initContainers?.find((c) => c.name === status.name)})
  }
  for (const status of pod.status?.containerStatuses ?? []) {
    views.push({status, init: false, spec: podContainers(pod).find((c) => c.name === status.name)})
  }
  return views
}

export function containerLabel(view: {init: boolean; status: {name: string}}): string {
  return `${view.init ? 'init container' : 'container'} "${view.status.name}"`
}

export function condition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type)
}

/** `readiness: http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`, as describe prints it. */
export function describeProbe(kind: string, probe: Probe): string {
  let action = 'unknown'
  if (probe.httpGet) {
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase()
    action = `http-get ${scheme}://${probe.httpGet.host ?? ''}:${probe.httpGet.port ?? ''}${probe.httpGet.path ?? '/'}`
  } else if (probe.tcpSocket) action = `tcp-socket :${probe.tcpSocket.port ?? ''}`
  else if (probe.exec) action = `exec [${(probe.exec.command ?? []).join(' ')}]`
  else if (probe.grpc) action = `grpc <pod>:${probe.grpc.port ?? ''} ${probe.grpc.service ?? ''}`.trimEnd()
  const timing = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`
  return `${kind}: ${action} ${timing}`
}

/** A quantity in nano-units, or undefined when it is absent or not a quantity. */
export function quantity(list: ResourceList | undefined, resource: string): bigint | undefined {
  const value = list?.[resource]
  if (value === undefined) return undefined
  try {
    return parseQuantity(String(value)).nanos
  } catch {
    return undefined
  }
}

export function formatAmount(resource: string, nanos: bigint): string {
  return formatResource(resource, nanos)
}

/** What the scheduler reserves for the pod, per resource (nano-units); empty if a quantity is invalid. */
export function podResourceRequests(pod: Pod): Record<string, bigint> {
  try {
    return podRequests(pod.spec, (path) => `pod ${pod.metadata.name} ${path.join('.')}`).requests
  } catch {
    return {}
  }
}

/** `deployment/web` for a pod's top controller when it is known, else `deployment/NAME`. */
export function workloadRef(owners: ReadonlyArray<{kind: string; name: string}>): string {
  const top = owners.at(-1)
  return top ? `${top.kind.toLowerCase()}/${top.name}` : 'deployment/NAME'
}

export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'
}

export function nodeReady(node: Node): Condition | undefined {
  return condition(node.status?.conditions, 'Ready')
}

/** The runtime named by `containerd://1.7.2`, `docker://24.0.7`, `cri-o://1.29.1`. */
export function runtimeOf(node: Node | undefined): {runtime: 'containerd' | 'docker' | 'cri-o' | 'unknown'; version: string} {
  const text = node?.status?.nodeInfo?.containerRuntimeVersion ?? ''
  const [prefix = '', version = ''] = text.split('://')
  if (prefix === 'containerd' || prefix === 'docker' || prefix === 'cri-o') return {runtime: prefix, version}
  return {runtime: 'unknown', version: text}
}

/** Whether a label set satisfies a selector (matchLabels and matchExpressions). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false
  const have = labels ?? {}
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (have[key] !== value) return false
  for (const expression of selector.matchExpressions ?? []) {
    const value = have[expression.key]
    const values = expression.values ?? []
    switch (expression.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false
        break
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false
        break
      case 'Exists':
        if (value === undefined) return false
        break
      case 'DoesNotExist':
        if (value !== undefined) return false
        break
      default:
        return false
    }
  }
  return true
}

/** `app=web,tier=front` for commands and evidence. */
export function labelString(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}

export function quote(text: string): string {
  return `"${text}"`
}

export const errorWords = /error|exception|fatal|panic|fail|denied|refused|cannot|can't|unable|invalid|traceback|killed/i

/** The previous run's log lines that say the most: error-looking lines, else the last ones. */
export function telltaleLines(lines: readonly string[], max = 5): string[] {
  const nonEmpty = lines.filter((l) => l.trim() !== '')
  const errors = nonEmpty.filter((l) => errorWords.test(l))
  const picked = errors.length ? errors.slice(-max) : nonEmpty.slice(-max)
  return picked.map((l) => (l.length > 300 ? l.slice(0, 300) + '…' : l))
}
