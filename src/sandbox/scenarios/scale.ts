/**
 * The `scale` scenario: many nodes, pods and events of the demo's shapes, for benchmarks and for
 * paging and watch tests (default 2,000 nodes, 60,000 pods, 100,000 events). About 1% of the pods
 * crash-loop and 0.5% are Pending, so rules and filters have something to find.
 */
import type {KubeObject, Scenario, ScaleParams} from '../types.js'
import {Clock, days, deployment, event, hours, minutes, namespace, node, pod, seconds, uidFor, type ContainerInput, type ContainerState} from './builders.js'

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
  const objects: KubeObject[] = []
  const nsCount = Math.max(1, p.namespaces ?? 50)
  for (let i = 0; i < nsCount; i++) objects.push(namespace(clock, `team-${String(i).padStart(3, '0')}`, days(30)))
  objects.push(namespace(clock, 'default', days(30)), namespace(clock, 'kube-system', days(30)))
  const nodeNames: string[] = []
  for (let i = 0; i < p.nodes; i++) {
    const name = `node-${String(i).padStart(5, '0')}`
    nodeNames.push(name)
    objects.push(node(clock, {name, internalIP: `10.${16 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`, age: days(20), cpu: '16', memory: '65851340Ki', allocatableCpu: '15890m', allocatableMemory: '64700364Ki', zone: `eu-west-1${'abc'[i % 3]}`, instanceType: 'm6i.4xlarge'}))
  }
  const containers: ContainerInput[] = [{name: 'app', image: 'ghcr.io/example/service:1.0.0', ports: [{containerPort: 8080}], requests: {cpu: '100m', memory: '128Mi'}, limits: {memory: '256Mi'}}]
  const pods: KubeObject[] = []
  const replicas = 20
  const deployments = Math.ceil(p.pods / replicas)
  let made = 0
  for (let d = 0; d < deployments; d++) {
    const ns = `team-${String(d % nsCount).padStart(3, '0')}`
    const count = Math.min(replicas, p.pods - made)
    const w = deployment(clock, {namespace: ns, name: `svc-${String(d).padStart(5, '0')}`, age: days(10), replicas: count, ready: count, labels: {app: `svc-${String(d).padStart(5, '0')}`, tier: d % 2 ? 'backend' : 'frontend'}, containers})
    objects.push(...w.objects)
    // One pod per workload is built in full; its replicas share its spec and status parts
    // (entries are never mutated in place), which keeps start-up fast at 60,000 pods.
    const running = pod(clock, {namespace: ns, name: w.podName(0), age: days(2), labels: w.podLabels, owner: w.owner, containers, node: nodeNames[0]!, hostIP: '10.16.0.0', podIP: '100.64.0.0'})
    if (d > 0 && made % STEP < replicas) yield `building ${made.toLocaleString('en-US')} of ${p.pods.toLocaleString('en-US')} pods`
    for (let i = 0; i < count; i++, made++) {
      const nodeIndex = made % nodeNames.length
      const nodeName = nodeNames[nodeIndex]!
      const name = w.podName(i)
      const hostIP = `10.${16 + Math.floor(nodeIndex / 65536)}.${Math.floor(nodeIndex / 256) % 256}.${nodeIndex % 256}`
      const podIP = `100.${64 + Math.floor(made / 65536)}.${Math.floor(made / 256) % 256}.${made % 256}`
      const input = {namespace: ns, name, age: days(2), labels: w.podLabels, owner: w.owner, containers, hostIP, podIP}
      if (made % 200 === 7) {
        pods.push(pod(clock, {...input, unschedulable: `0/${p.nodes} nodes are available: ${p.nodes} Insufficient cpu. preemption: 0/${p.nodes} nodes are available: ${p.nodes} No preemption victims found for incoming pod.`}))
        continue
      }
      if (made % 100 === 3) {
        pods.push(pod(clock, {...input, node: nodeName, states: [{state: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=app', restarts: 12, last: {exitCode: 1, reason: 'Error', startedAgo: minutes(3), finishedAgo: minutes(3) - seconds(2)}}] as ContainerState[]}))
        continue
      }
      const uid = uidFor(`pod/${ns}/${name}`)
      const status = running.status as {containerStatuses: Array<Record<string, unknown>>}
      const hex = uid.replaceAll('-', '')
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {...running.metadata, name, uid},
        spec: {...(running.spec as object), nodeName},
        status: {...status, containerStatuses: status.containerStatuses.map((cs) => ({...cs, containerID: `containerd://${hex}${hex}`})), hostIP, hostIPs: [{ip: hostIP}], podIP, podIPs: [{ip: podIP}]},
      })
    }
  }
  objects.push(...pods)
  const reasons = [
    {reason: 'Pulled', message: 'Container image "ghcr.io/example/service:1.0.0" already present on machine', type: 'Normal' as const},
    {reason: 'Created', message: 'Created container: app', type: 'Normal' as const},
    {reason: 'Started', message: 'Started container app', type: 'Normal' as const},
    {reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', type: 'Warning' as const},
    {reason: 'BackOff', message: 'Back-off restarting failed container app', type: 'Warning' as const},
  ]
  for (let i = 0; i < p.events && pods.length; i++) {
    if (i % (STEP * 2) === 0) yield `building ${i.toLocaleString('en-US')} of ${p.events.toLocaleString('en-US')} events`
    const target = pods[(i * 7919) % pods.length]!
    const r = reasons[i % reasons.length]!
    const nodeName = (target.spec as {nodeName?: string}).nodeName
    objects.push(event(clock, {namespace: target.metadata!.namespace!, involved: target, fieldPath: 'spec.containers{app}', reason: r.reason, message: r.message, type: r.type, count: 1 + (i % 9), firstAgo: hours(1) - (i % 3600) * 1000, lastAgo: (i % 3000) * 1000, component: 'kubelet', ...(nodeName ? {host: nodeName} : {})}))
  }
  return {objects, metrics: false}
}
