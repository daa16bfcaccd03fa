/**
 * What a verdict rests on, one line per fact: "healthy" alone tells a user nothing, so every
 * diagnosis says what it looked at (phase, ready containers, restarts and their last reason,
 * node, age; replicas for workloads).
 */
import {podHealthy} from './core.js'
import {age} from './events.js'
import {condition, nodeReady, podContainers} from './facts.js'
import type {PodSnapshot} from './model.js'
import type {ContainerStatus, Pod} from './objects.js'

function restartLine(status: ContainerStatus, now: number): string | undefined {
  if (status.restartCount === 0) return undefined
  const t = status.lastState?.terminated
  if (!t) return `${status.name} ${status.restartCount} (last termination not recorded)`
  const finished = t.finishedAt && !t.finishedAt.startsWith('0001') ? `, ${age(t.finishedAt, now)} ago` : ''
  return `${status.name} ${status.restartCount} (last: ${t.reason ?? 'no reason'}, exit code ${t.exitCode}${finished})`
}

/** The facts about one pod a verdict rests on. */
export function podChecks(pod: Pod, now: number, node?: PodSnapshot['node']): string[] {
  const statuses = pod.status?.containerStatuses ?? []
  const ready = condition(pod.status?.conditions, 'Ready')
  const lines = [`phase ${pod.status?.phase ?? 'unknown'}${ready ? `, Ready=${ready.status}` : ''}`]
  lines.push(`containers ready: ${statuses.filter((s) => s.ready).length}/${podContainers(pod).length}`)
  const restarts = [...(pod.status?.initContainerStatuses ?? []), ...statuses].map((s) => restartLine(s, now)).filter((l): l is string => l !== undefined)
  lines.push(`restarts: ${restarts.length ? restarts.join('; ') : 'none'}`)
  lines.push(`node: ${nodeLine(pod, node)}`)
  if (pod.metadata.creationTimestamp) lines.push(`age: ${age(pod.metadata.creationTimestamp, now)}`)
  return lines
}

function nodeLine(pod: Pod, node: PodSnapshot['node']): string {
  const name = pod.spec.nodeName
  if (!name) return 'not scheduled'
  if (!node || node.state === 'unknown') return `${name} (its state could not be read)`
  if (node.state === 'missing') return `${name} (no longer exists)`
  return `${name} (Ready=${nodeReady(node.value)?.status ?? 'unknown'})`
}

/** `pods: 3 (3 ready, 0 failing)` for a set of pods a workload or scan looked at. */
export function podSetLine(pods: readonly Pod[], now: number): string {
  const ready = pods.filter((p) => condition(p.status?.conditions, 'Ready')?.status === 'True').length
  return `pods: ${pods.length} (${ready} ready, ${pods.filter((p) => !podHealthy(p, now)).length} failing)`
}
