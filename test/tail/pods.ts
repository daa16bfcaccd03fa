/** Pod objects for the tail tests: plain JSON as the API server stores them. */
import type {PodShape} from '../../src/tail/targets.js'

export interface ContainerSpec {
  name: string
  state?: 'running' | 'waiting' | 'terminated' | 'crashloop'
  /** Container ID suffix; changes when the container restarts. */
  run?: number
  init?: boolean
}

const started = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z')

function status(c: ContainerSpec, pod: string) {
  const id = `containerd://${pod}-${c.name}-${c.run ?? 1}`
  const previousId = `containerd://${pod}-${c.name}-${(c.run ?? 1) - 1}`
  switch (c.state ?? 'running') {
    case 'running':
      return {name: c.name, ready: true, restartCount: (c.run ?? 1) - 1, image: 'busybox', imageID: '', containerID: id, started: true, state: {running: {startedAt: started}}, ...((c.run ?? 1) > 1 ? {lastState: {terminated: {exitCode: 1, reason: 'Error', startedAt: started, finishedAt: started, containerID: previousId}}} : {})}
    case 'terminated':
      return {name: c.name, ready: false, restartCount: 0, image: 'busybox', imageID: '', containerID: id, started: false, state: {terminated: {exitCode: 0, reason: 'Completed', startedAt: started, finishedAt: started, containerID: id}}}
    case 'crashloop':
      return {name: c.name, ready: false, restartCount: 1, image: 'busybox', imageID: '', containerID: previousId, started: false, state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {exitCode: 1, reason: 'Error', startedAt: started, finishedAt: started, containerID: previousId}}}
    case 'waiting':
      return {name: c.name, ready: false, restartCount: 0, image: 'busybox', imageID: '', started: false, state: {waiting: {reason: 'ContainerCreating'}}}
  }
}

/** A pod on node-1 with the given containers (running unless said otherwise). */
export function pod(namespace: string, name: string, containers: ContainerSpec[], labels: Record<string, string> = {}, uid?: string): PodShape & {apiVersion: string; kind: string; metadata: {name: string; namespace: string; labels: Record<string, string>; uid?: string}} {
  const regular = containers.filter((c) => !c.init)
  const init = containers.filter((c) => c.init)
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace, labels, ...(uid ? {uid} : {})},
    spec: {
      nodeName: 'node-1',
      containers: regular.map((c) => ({name: c.name, image: 'busybox'})),
      ...(init.length ? {initContainers: init.map((c) => ({name: c.name, image: 'busybox'}))} : {}),
    },
    status: {
      phase: regular.every((c) => (c.state ?? 'running') === 'running') ? 'Running' : 'Pending',
      containerStatuses: regular.map((c) => status(c, name)),
      ...(init.length ? {initContainerStatuses: init.map((c) => status(c, name))} : {}),
    } as PodShape['status'],
  }
}
