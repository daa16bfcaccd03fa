/** Pod objects for the tail tests: plain JSON as the API server stores them. */
import type {KubeObject} from '../../src/sandbox/types.js'
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

/**
 * The cluster the --no-follow tests read, in process (test/tail/cluster.test.ts) and through the
 * real binary (test/commands/tail.test.ts): an api Deployment pod with an init container and a
 * sidecar in ns1, another api pod in ns2, and a crash-looping worker with a previous run.
 */
export const noFollowCluster = {
  objects: [
    pod('ns1', 'api-7d9f', [{name: 'migrate', init: true, state: 'terminated'}, {name: 'api'}, {name: 'proxy'}], {app: 'api'}),
    {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'api', namespace: 'ns1'}, spec: {replicas: 1, selector: {matchLabels: {app: 'api'}}, template: {metadata: {labels: {app: 'api'}}, spec: {containers: [{name: 'api', image: 'api'}]}}}},
    pod('ns2', 'api-5c2e', [{name: 'api'}]),
    pod('ns1', 'worker-1', [{name: 'worker', state: 'crashloop'}]),
  ] as KubeObject[],
  logs: {
    'ns1/api-7d9f/migrate': {current: 'migrated 3 tables\n'},
    'ns1/api-7d9f/api': {current: 'listening on :8080\nGET /healthz 200\nGET /orders 500\n'},
    'ns1/api-7d9f/proxy': {current: 'proxy ready\n'},
    'ns2/api-5c2e/api': {current: 'listening on :8080\n'},
    'ns1/worker-1/worker': {current: 'x\n', previous: 'connecting to db\npanic: connection refused\n'},
  },
}
