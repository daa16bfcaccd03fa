/** Pod objects for the tail tests: the sandbox's pod builder, with container ids the tests can read. */
import type {KubeObject} from '../../src/sandbox/types.js'
import {Clock, minutes, pod as buildPod, type ContainerState} from '../../src/sandbox/scenarios/builders.js'
import type {PodShape} from '../../src/tail/targets.js'

export interface ContainerSpec {
  name: string
  state?: 'running' | 'waiting' | 'terminated' | 'crashloop'
  /** Container ID suffix; changes when the container restarts. */
  run?: number
  init?: boolean
}

/** Every pod is seen a minute after its containers started, in real time (the tail tests read logs with --since). */
const age = minutes(1)
const failed = {exitCode: 1, reason: 'Error', startedAgo: age, finishedAgo: age}

/** The builder's state for a container of these tests: run N has restarted N-1 times. */
function stateOf(c: ContainerSpec): ContainerState {
  const run = c.run ?? 1
  switch (c.state ?? 'running') {
    case 'running':
      return {state: 'running', since: age, restarts: run - 1, ...(run > 1 ? {last: failed} : {})}
    case 'terminated':
      return {state: 'terminated', terminated: {exitCode: 0, reason: 'Completed', startedAgo: age, finishedAgo: age}}
    case 'crashloop':
      return {state: 'waiting', reason: 'CrashLoopBackOff', restarts: run, last: failed}
    case 'waiting':
      return {state: 'waiting', reason: 'ContainerCreating'}
  }
}

/** A pod on node-1 with the given containers (running unless said otherwise); container ids read `containerd://<pod>-<container>-<run>`. */
export function pod(namespace: string, name: string, containers: ContainerSpec[], labels: Record<string, string> = {}, uid?: string): PodShape & {apiVersion: string; kind: string; metadata: {name: string; namespace: string; labels: Record<string, string>; uid?: string}} {
  const regular = containers.filter((c) => !c.init)
  const init = containers.filter((c) => c.init)
  const image = (c: ContainerSpec) => ({name: c.name, image: 'busybox'})
  const built = buildPod(new Clock(Date.now()), {
    namespace,
    name,
    age,
    node: 'node-1',
    labels,
    ...(uid ? {uid} : {}),
    containers: regular.map(image),
    states: regular.map(stateOf),
    ...(init.length ? {initContainers: init.map(image), initStates: init.map(stateOf)} : {}),
    phase: regular.every((c) => (c.state ?? 'running') === 'running') ? 'Running' : 'Pending',
    containerId: (container, run) => `containerd://${name}-${container}-${run + 1}`,
  })
  return built as ReturnType<typeof pod>
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
