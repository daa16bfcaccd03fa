/**
 * The `scale` scenario: many nodes, pods and events of the demo's shapes, for benchmarks and for
 * paging and watch tests (default 2,000 nodes, 60,000 pods, 100,000 events). About 1% of the
 * Deployments' pods crash-loop and 0.5% are Pending, so rules and filters have something to find;
 * DaemonSets, StatefulSets with their claims, CronJobs, Jobs and Ingresses (scale-workloads.ts),
 * a few of them failing, take their share of the pods.
 */
import type {KubeObject, Scenario, ScaleParams} from '../types.js'
import {Clock, days, deployment, event, hours, minutes, namespace, node, pod, seconds, type ContainerInput, type ContainerState} from './builders.js'
import {nodeIp, otherWorkloadPods, otherWorkloads, replicaOf} from './scale-workloads.js'

export const DEFAULT_SCALE: ScaleParams = {nodes: 2000, pods: 60000, events: 100000, namespaces: 50}

export function scaleScenario(params: Partial<ScaleParams> = {}, now = Date.now()): Scenario {
  const steps = scaleSteps(params, now)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * The same scenario, built in steps with the event loop free between them (a spinner keeps
 * turning while 60,000 pods are made); `onProgress` hears what has been built so far.
 */
export async function buildScaleScenario(params: Partial<ScaleParams> = {}, onProgress: (text: string) => void = () => {}, now = Date.now()): Promise<Scenario> {
  const steps = scaleSteps(params, now)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    onProgress(step.value)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Objects made between two steps: a few tens of milliseconds of work. */
const STEP = 2000

/** Builds the scenario, yielding a line saying how far it got every STEP pods or events. */
function* scaleSteps(params: Partial<ScaleParams>, now: number): Generator<string, Scenario> {
  const p = {...DEFAULT_SCALE, ...params}
  const clock = new Clock(now)
  const nsCount = Math.max(1, p.namespaces ?? 50)
  const namespaces = Array.from({length: nsCount}, (_, i) => `team-${String(i).padStart(3, '0')}`)
  const objects: KubeObject[] = [...namespaces.map((name) => namespace(clock, name, days(30))), namespace(clock, 'default', days(30)), namespace(clock, 'kube-system', days(30))]
  const nodeNames = Array.from({length: p.nodes}, (_, i) => `node-${String(i).padStart(5, '0')}`)
  nodeNames.forEach((name, i) => objects.push(node(clock, {name, internalIP: nodeIp(i), age: days(20), cpu: '16', memory: '65851340Ki', allocatableCpu: '15890m', allocatableMemory: '64700364Ki', zone: `eu-west-1${'abc'[i % 3]}`, instanceType: 'm6i.4xlarge'})))
  // The other workloads' pods come out of the total, when they leave the Deployments most of it.
  const others = otherWorkloadPods(p.nodes, nsCount)
  const deploymentPods = p.pods >= 2 * others ? p.pods - others : p.pods
  const {pods, frontPods} = yield* deploymentSteps(clock, {total: p.pods, pods: deploymentPods, nodeNames, namespaces}, objects)
  objects.push(...pods)
  if (deploymentPods < p.pods) objects.push(...otherWorkloads({clock, nodeNames, namespaces, frontPods}))
  yield* eventSteps(clock, p.events, pods, objects)
  return {objects, metrics: false}
}

interface DeploymentPlan {
  /** The scenario's pod total (for the progress lines). */
  total: number
  /** The Deployments' share of it. */
  pods: number
  nodeNames: string[]
  namespaces: string[]
}

/** Deployments of 20 replicas over the namespaces, and their pods spread over the nodes (pushes the Deployments and ReplicaSets, returns the pods). */
function* deploymentSteps(clock: Clock, plan: DeploymentPlan, objects: KubeObject[]): Generator<string, {pods: KubeObject[]; frontPods: Map<string, KubeObject[]>}> {
  const {nodeNames, namespaces} = plan
  const containers: ContainerInput[] = [{name: 'app', image: 'ghcr.io/example/service:1.0.0', ports: [{containerPort: 8080}], requests: {cpu: '100m', memory: '128Mi'}, limits: {memory: '256Mi'}}]
  const unschedulable = `0/${nodeNames.length} nodes are available: ${nodeNames.length} Insufficient cpu. preemption: 0/${nodeNames.length} nodes are available: ${nodeNames.length} No preemption victims found for incoming pod.`
  const crashLoop: ContainerState[] = [{state: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=app', restarts: 12, last: {exitCode: 1, reason: 'Error', startedAgo: minutes(3), finishedAgo: minutes(3) - seconds(2)}}]
  const pods: KubeObject[] = []
  const frontPods = new Map<string, KubeObject[]>()
  const replicas = 20
  let made = 0
  for (let d = 0; d < Math.ceil(plan.pods / replicas); d++) {
    const ns = namespaces[d % namespaces.length]!
    const count = Math.min(replicas, plan.pods - made)
    const app = `svc-${String(d).padStart(5, '0')}`
    const w = deployment(clock, {namespace: ns, name: app, age: days(10), replicas: count, ready: count, labels: {app, tier: d % 2 ? 'backend' : 'frontend'}, containers})
    objects.push(...w.objects)
    // One pod per workload is built in full; its replicas share its spec and status parts.
    const running = pod(clock, {namespace: ns, name: w.podName(0), age: days(2), labels: w.podLabels, owner: w.owner, containers, node: nodeNames[0]!, hostIP: '10.16.0.0', podIP: '100.64.0.0'})
    if (d > 0 && made % STEP < replicas) yield `building ${made.toLocaleString('en-US')} of ${plan.total.toLocaleString('en-US')} pods`
    const first = pods.length
    for (let i = 0; i < count; i++, made++) {
      const nodeIndex = made % nodeNames.length
      const nodeName = nodeNames[nodeIndex]!
      const name = w.podName(i)
      const hostIP = nodeIp(nodeIndex)
      const podIP = `100.${64 + Math.floor(made / 65536)}.${Math.floor(made / 256) % 256}.${made % 256}`
      const input = {namespace: ns, name, age: days(2), labels: w.podLabels, owner: w.owner, containers, hostIP, podIP}
      if (made % 200 === 7) pods.push(pod(clock, {...input, unschedulable}))
      else if (made % 100 === 3) pods.push(pod(clock, {...input, node: nodeName, states: crashLoop}))
      else pods.push(replicaOf(running, {name, nodeName, hostIP, podIP}))
    }
    if (d < namespaces.length) frontPods.set(ns, pods.slice(first))
  }
  return {pods, frontPods}
}

/** The kubelet's events about the Deployments' pods. */
function* eventSteps(clock: Clock, count: number, pods: KubeObject[], objects: KubeObject[]): Generator<string, void> {
  const reasons = [
    {reason: 'Pulled', message: 'Container image "ghcr.io/example/service:1.0.0" already present on machine', type: 'Normal' as const},
    {reason: 'Created', message: 'Created container: app', type: 'Normal' as const},
    {reason: 'Started', message: 'Started container app', type: 'Normal' as const},
    {reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', type: 'Warning' as const},
    {reason: 'BackOff', message: 'Back-off restarting failed container app', type: 'Warning' as const},
  ]
  for (let i = 0; i < count && pods.length; i++) {
    if (i % (STEP * 2) === 0) yield `building ${i.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} events`
    const target = pods[(i * 7919) % pods.length]!
    const r = reasons[i % reasons.length]!
    const nodeName = (target.spec as {nodeName?: string}).nodeName
    objects.push(event(clock, {namespace: target.metadata!.namespace!, involved: target, fieldPath: 'spec.containers{app}', reason: r.reason, message: r.message, type: r.type, count: 1 + (i % 9), firstAgo: hours(1) - (i % 3600) * 1000, lastAgo: (i % 3000) * 1000, component: 'kubelet', ...(nodeName ? {host: nodeName} : {})}))
  }
}
