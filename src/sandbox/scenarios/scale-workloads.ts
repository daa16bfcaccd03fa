/**
 * The scale scenario's other workloads, sized by its nodes and namespaces so that a large cluster
 * looks like one: two DaemonSets on every node (kube-proxy, and a fluent-bit log agent of which
 * one pod in 500 is OOM-killed in a loop), a 3-replica StatefulSet with its claims and volumes in
 * every team namespace (in one, a replica crash-loops), a nightly CronJob in every other namespace
 * with its last Job and pod (one Job failed), a migration Job in every fifth, an Ingress per
 * namespace behind ingress-nginx (one pointing at a Service that does not exist) and a claim
 * stuck Pending on a StorageClass that does not exist. Their pods count towards the scenario's
 * pod total (the Deployments get the rest).
 */
import type {KubeObject} from '../types.js'
import {boundVolume, clusterObjects} from './cluster-objects.js'
import {daemonSet, days, deployment, endpointsFor, event, hours, minutes, namespace, pod, podTemplate, seconds, service, statefulSet, suffix, uidFor, type Clock, type ContainerInput, type ContainerState, type OwnerInput} from './builders.js'

export interface ScaleLayout {
  clock: Clock
  nodeNames: string[]
  /** The team namespaces. */
  namespaces: string[]
  /** The pods of the first Deployment of each team namespace (its Ingress's backend). */
  frontPods: Map<string, KubeObject[]>
}

/** A node's address, as the scale scenario numbers its nodes. */
export const nodeIp = (i: number) => `10.${16 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`

/** How many pods the other workloads have, for a cluster of this size. */
export function otherWorkloadPods(nodes: number, namespaces: number): number {
  return 2 * nodes + 3 * namespaces + 2 + Math.ceil(namespaces / 2) + Math.ceil(namespaces / 5)
}

/**
 * A copy of a fully built pod under another name on another node: the replicas share the
 * template's spec and status parts (entries are never mutated in place), which keeps building
 * tens of thousands of pods fast.
 */
export function replicaOf(template: KubeObject, input: {name: string; nodeName: string; hostIP: string; podIP: string; labels?: Record<string, string>}): KubeObject {
  const uid = uidFor(`pod/${template.metadata!.namespace}/${input.name}`)
  const status = template.status as {containerStatuses: Array<Record<string, unknown>>}
  const hex = uid.replaceAll('-', '')
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {...template.metadata, name: input.name, uid, ...(input.labels ? {labels: input.labels} : {})},
    spec: {...(template.spec as object), nodeName: input.nodeName},
    status: {...status, containerStatuses: status.containerStatuses.map((cs) => ({...cs, containerID: `containerd://${hex}${hex}`})), hostIP: input.hostIP, hostIPs: [{ip: input.hostIP}], podIP: input.podIP, podIPs: [{ip: input.podIP}]},
  }
}

/** Pod addresses of the other workloads: 100.100.0.0/14, apart from the Deployments' 100.64.0.0/10 numbering. */
function podIpCounter(): () => string {
  let n = 0
  return () => {
    n++
    return `100.${100 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`
  }
}

const oomLoop: ContainerState[] = [{state: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=fluent-bit pod=', restarts: 31, last: {exitCode: 137, reason: 'OOMKilled', startedAgo: minutes(4), finishedAgo: minutes(4) - seconds(40)}}]

/** kube-proxy (host network) and fluent-bit on every node. */
function daemonSets(layout: ScaleLayout, nextIp: () => string): KubeObject[] {
  const {clock, nodeNames} = layout
  const out: KubeObject[] = []
  const specs: Array<{ns: string; name: string; containers: ContainerInput[]; hostNetwork: boolean}> = [
    {ns: 'kube-system', name: 'kube-proxy', hostNetwork: true, containers: [{name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.4', command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'], requests: {cpu: '100m'}}]},
    {ns: 'logging', name: 'fluent-bit', hostNetwork: false, containers: [{name: 'fluent-bit', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1.9', ports: [{containerPort: 2020, name: 'http'}], requests: {cpu: '50m', memory: '64Mi'}, limits: {memory: '128Mi'}}]},
  ]
  for (const s of specs) {
    const failing = s.name === 'fluent-bit' ? nodeNames.filter((_, i) => i % 500 === 17) : []
    const ds = daemonSet(clock, {namespace: s.ns, name: s.name, age: days(20), replicas: nodeNames.length, ready: nodeNames.length - failing.length, labels: {'k8s-app': s.name}, containers: s.containers})
    out.push(ds.object)
    const extra = {owner: ds.owner, labels: ds.podLabels, containers: s.containers, hostNetwork: s.hostNetwork, tolerations: [{operator: 'Exists'}], priorityClassName: 'system-node-critical', priority: 2000001000}
    const first = pod(clock, {namespace: s.ns, name: ds.podName(nodeNames[0]!), age: days(20), node: nodeNames[0]!, hostIP: nodeIp(0), podIP: s.hostNetwork ? nodeIp(0) : nextIp(), ...extra})
    const names = new Set<string>()
    nodeNames.forEach((nodeName, i) => {
      const podIP = s.hostNetwork ? nodeIp(i) : nextIp()
      // Five random characters collide now and then among thousands of pods; the real controller retries with others.
      let name = ds.podName(nodeName)
      for (let retry = 1; names.has(name); retry++) name = `${s.name}-${suffix(`dspod/${s.ns}/${s.name}/${nodeName}/${retry}`, 5)}`
      names.add(name)
      if (failing.includes(nodeName)) out.push(pod(clock, {namespace: s.ns, name, age: days(20), node: nodeName, hostIP: nodeIp(i), podIP, states: oomLoop, ...extra}))
      else out.push(i === 0 ? first : replicaOf(first, {name, nodeName, hostIP: nodeIp(i), podIP}))
    })
  }
  return out
}

/** A claim of a StatefulSet's volumeClaimTemplate, bound to its provisioned volume. */
function boundClaim(clock: Clock, ns: string, name: string, labels: Record<string, string>, node: string): KubeObject[] {
  const uid = uidFor(`pvc/${ns}/${name}`)
  const claim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {name, namespace: ns, uid, creationTimestamp: clock.ago(days(15)), labels, finalizers: ['kubernetes.io/pvc-protection'], annotations: {'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes', 'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com', 'volume.kubernetes.io/selected-node': node, 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com'}},
    spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '10Gi'}}, storageClassName: 'standard', volumeMode: 'Filesystem', volumeName: `pvc-${uid}`},
    status: {accessModes: ['ReadWriteOnce'], capacity: {storage: '10Gi'}, phase: 'Bound'},
  }
  return [claim, boundVolume(clock, days(15), claim)]
}

/** A postgres StatefulSet of 3 in every team namespace, with its headless Service and claims; in the fourth, replica 1 crash-loops. */
function statefulSets(layout: ScaleLayout, nextIp: () => string): KubeObject[] {
  const {clock, nodeNames, namespaces} = layout
  const containers: ContainerInput[] = [{name: 'postgres', image: 'docker.io/library/postgres:16.4', ports: [{containerPort: 5432, name: 'postgres'}], requests: {cpu: '250m', memory: '512Mi'}, limits: {memory: '1Gi'}}]
  const out: KubeObject[] = []
  namespaces.forEach((ns, n) => {
    const failingOrdinal = n === 3 ? 1 : -1
    const sts = statefulSet(clock, {namespace: ns, name: 'postgres', age: days(15), replicas: 3, ready: failingOrdinal < 0 ? 3 : 2, labels: {app: 'postgres'}, containers, serviceName: 'postgres'})
    const stsPods: KubeObject[] = []
    for (let i = 0; i < 3; i++) {
      const nodeIndex = (n * 3 + i) * 7 % nodeNames.length
      const node = nodeNames[nodeIndex]!
      const claim = `data-postgres-${i}`
      const states: ContainerState[] | undefined = i === failingOrdinal ? [{state: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=postgres', restarts: 9, last: {exitCode: 1, reason: 'Error', startedAgo: minutes(2), finishedAgo: minutes(2) - seconds(3)}}] : undefined
      stsPods.push(pod(clock, {namespace: ns, name: `postgres-${i}`, age: days(15) - minutes(i), node, hostIP: nodeIp(nodeIndex), podIP: nextIp(), labels: sts.podLabels(i), owner: sts.owner, containers, volumes: [{name: 'data', persistentVolumeClaim: {claimName: claim}}], ...(states ? {states} : {})}))
      out.push(...boundClaim(clock, ns, claim, {app: 'postgres'}, node))
    }
    const headless = service(clock, {namespace: ns, name: 'postgres', age: days(15), clusterIP: 'None', selector: {app: 'postgres'}, ports: [{name: 'postgres', port: 5432}]})
    out.push(sts.object, ...stsPods, headless, ...endpointsFor(clock, headless, stsPods))
  })
  return out
}

interface JobInput {
  ns: string
  name: string
  /** When it started; it ran for a minute and a half. */
  ago: number
  failed: boolean
  containers: ContainerInput[]
  owner?: OwnerInput
  annotations?: Record<string, string>
}

const DAY = days(1)

/** A Job that has finished (Complete, or Failed past its backoff limit of 0) and its one pod, as the job controller leaves them. */
function finishedJob(clock: Clock, input: JobInput, nextIp: () => string, node: {name: string; ip: string}): KubeObject[] {
  const uid = uidFor(`job/${input.ns}/${input.name}`)
  const labels = {'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': input.name, 'controller-uid': uid, 'job-name': input.name}
  const start = clock.ago(input.ago)
  const end = clock.ago(input.ago - seconds(90))
  const [reason, message] = input.failed ? ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'] : ['CompletionsReached', 'Reached expected number of succeeded pods']
  const condition = (type: string) => ({lastProbeTime: end, lastTransitionTime: end, message, reason, status: 'True', type})
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {name: input.name, namespace: input.ns, uid, generation: 1, creationTimestamp: start, labels, ...(input.annotations ? {annotations: input.annotations} : {}), ...(input.owner ? {ownerReferences: [{apiVersion: input.owner.apiVersion, kind: input.owner.kind, name: input.owner.name, uid: input.owner.uid, controller: true, blockOwnerDeletion: true}]} : {})},
    spec: {backoffLimit: 0, completionMode: 'NonIndexed', completions: 1, manualSelector: false, parallelism: 1, podReplacementPolicy: 'TerminatingOrFailed', selector: {matchLabels: {'batch.kubernetes.io/controller-uid': uid}}, suspend: false, template: withRestartPolicy(podTemplate(labels, input.containers))},
    status: input.failed
      ? {conditions: [condition('FailureTarget'), condition('Failed')], failed: 1, ready: 0, startTime: start, terminating: 0, uncountedTerminatedPods: {}}
      : {completionTime: end, conditions: [condition('SuccessCriteriaMet'), condition('Complete')], ready: 0, startTime: start, succeeded: 1, terminating: 0, uncountedTerminatedPods: {}},
  }
  const terminated = input.failed ? {exitCode: 1, reason: 'Error', startedAgo: input.ago - seconds(2), finishedAgo: input.ago - seconds(88)} : {exitCode: 0, reason: 'Completed', startedAgo: input.ago - seconds(2), finishedAgo: input.ago - seconds(88)}
  const built = pod(clock, {namespace: input.ns, name: `${input.name}-${suffix(`jobpod/${input.ns}/${input.name}`, 5)}`, age: input.ago, node: node.name, hostIP: node.ip, podIP: nextIp(), labels, owner: {apiVersion: 'batch/v1', kind: 'Job', name: input.name, uid}, containers: input.containers, states: [{state: 'terminated', terminated}], phase: input.failed ? 'Failed' : 'Succeeded'})
  return [job, finishedPod(built, input.failed)]
}

function withRestartPolicy(template: {metadata: object; spec: object}): object {
  return {...template, spec: {...template.spec, restartPolicy: 'Never'}}
}

/** A pod whose containers have all exited: restartPolicy Never, not Ready because it completed (or failed), its sandbox gone. */
function finishedPod(built: KubeObject, failed: boolean): KubeObject {
  const status = built.status as {conditions: Array<Record<string, unknown>>}
  const conditions = status.conditions.map((c) => {
    if (c.type === 'PodReadyToStartContainers') return {...c, status: 'False'}
    if (c.type !== 'Ready' && c.type !== 'ContainersReady') return c
    const {message: _message, ...rest} = c
    return {...rest, reason: failed ? 'PodFailed' : 'PodCompleted'}
  })
  return {...built, spec: {...(built.spec as object), restartPolicy: 'Never'}, status: {...status, conditions}}
}

/** A nightly report CronJob in every other team namespace with its last run (in the fifth, that run failed); a migration Job in every fifth. */
function batchWorkloads(layout: ScaleLayout, nextIp: () => string): KubeObject[] {
  const {clock, nodeNames, namespaces} = layout
  const containers: ContainerInput[] = [{name: 'report', image: 'ghcr.io/example/nightly-report:2.4.0', requests: {cpu: '500m', memory: '512Mi'}}]
  const lastRun = Math.floor((clock.now - hours(2)) / DAY) * DAY + hours(2)
  const out: KubeObject[] = []
  const nodeOf = (n: number) => ({name: nodeNames[(n * 13) % nodeNames.length]!, ip: nodeIp((n * 13) % nodeNames.length)})
  namespaces.forEach((ns, n) => {
    if (n % 2 === 0) {
      const uid = uidFor(`cronjob/${ns}/nightly-report`)
      const failed = n === 4
      const scheduled = new Date(lastRun).toISOString().replace('.000Z', 'Z')
      out.push({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: {name: 'nightly-report', namespace: ns, uid, generation: 1, creationTimestamp: clock.ago(days(25))},
        spec: {concurrencyPolicy: 'Forbid', failedJobsHistoryLimit: 1, jobTemplate: {metadata: {creationTimestamp: null}, spec: {backoffLimit: 0, template: withRestartPolicy(podTemplate({}, containers))}}, schedule: '0 2 * * *', successfulJobsHistoryLimit: 3, suspend: false},
        status: {lastScheduleTime: scheduled, ...(failed ? {} : {lastSuccessfulTime: new Date(lastRun + seconds(92)).toISOString().replace('.000Z', 'Z')})},
      })
      const owner = {apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly-report', uid}
      out.push(...finishedJob(clock, {ns, name: `nightly-report-${lastRun / 60_000}`, ago: clock.now - lastRun, failed, containers, owner, annotations: {'batch.kubernetes.io/cronjob-scheduled-timestamp': scheduled}}, nextIp, nodeOf(n)))
    }
    if (n % 5 === 0) out.push(...finishedJob(clock, {ns, name: 'db-migrate-42', ago: days(3), failed: false, containers: [{name: 'migrate', image: 'ghcr.io/example/service:1.0.0', command: ['/app/migrate', 'up'], requests: {cpu: '100m', memory: '128Mi'}}]}, nextIp, nodeOf(n + 1)))
  })
  return out
}

const LB_HOSTNAME = 'a3f9c1d27b8e44e0b1c2d3e4f5a6b7c8-1234567890.eu-west-1.elb.amazonaws.com'

/** ingress-nginx as its chart installs it (2 replicas behind a LoadBalancer), and an Ingress per team namespace to its front Deployment's Service. */
function ingresses(layout: ScaleLayout, nextIp: () => string): KubeObject[] {
  const {clock, nodeNames, namespaces, frontPods} = layout
  const labels = {'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx'}
  const containers: ContainerInput[] = [{name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1', ports: [{containerPort: 80, name: 'http'}, {containerPort: 443, name: 'https'}], requests: {cpu: '100m', memory: '90Mi'}}]
  const controller = deployment(clock, {namespace: 'ingress-nginx', name: 'ingress-nginx-controller', age: days(25), replicas: 2, ready: 2, labels, containers})
  const controllerPods = [0, 1].map((i) => pod(clock, {namespace: 'ingress-nginx', name: controller.podName(i), age: days(25), node: nodeNames[i % nodeNames.length]!, hostIP: nodeIp(i % nodeNames.length), podIP: nextIp(), labels: controller.podLabels, owner: controller.owner, containers, serviceAccount: 'ingress-nginx'}))
  const lb = service(clock, {namespace: 'ingress-nginx', name: 'ingress-nginx-controller', age: days(25), clusterIP: '10.100.0.10', selector: labels, labels, type: 'LoadBalancer', ports: [{name: 'http', port: 80, targetPort: 'http', nodePort: 30080}, {name: 'https', port: 443, targetPort: 'https', nodePort: 30443}]})
  ;(lb.status as Record<string, unknown>).loadBalancer = {ingress: [{hostname: LB_HOSTNAME}]}
  const out: KubeObject[] = [...controller.objects, ...controllerPods, lb, ...endpointsFor(clock, lb, controllerPods)]
  namespaces.forEach((ns, n) => {
    const pods = frontPods.get(ns) ?? []
    const app = (pods[0]?.metadata?.labels?.app as string | undefined) ?? 'web'
    if (pods.length) {
      const svc = service(clock, {namespace: ns, name: app, age: days(10), clusterIP: `10.100.${1 + (n >> 8)}.${n & 255}`, selector: {app}, ports: [{name: 'http', port: 8080, targetPort: 8080}]})
      out.push(svc, ...endpointsFor(clock, svc, pods))
    }
    const backend = n === 2 ? 'legacy-api' : app
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {name: 'web', namespace: ns, uid: uidFor(`ingress/${ns}/web`), generation: 1, creationTimestamp: clock.ago(days(10))},
      spec: {ingressClassName: 'nginx', rules: [{host: `${ns}.apps.example.com`, http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: backend, port: {number: 8080}}}}]}}]},
      status: {loadBalancer: {ingress: [{hostname: LB_HOSTNAME}]}},
    })
  })
  return out
}

/** A claim waiting on a StorageClass nobody created, with the provisioning events. */
function pendingClaim(clock: Clock, ns: string): KubeObject[] {
  const claim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {name: 'uploads', namespace: ns, uid: uidFor(`pvc/${ns}/uploads`), creationTimestamp: clock.ago(hours(6)), finalizers: ['kubernetes.io/pvc-protection']},
    spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '50Gi'}}, storageClassName: 'fast-ssd', volumeMode: 'Filesystem'},
    status: {phase: 'Pending'},
  }
  const message = 'storageclass.storage.k8s.io "fast-ssd" not found'
  return [claim, event(clock, {namespace: ns, involved: claim, reason: 'ProvisioningFailed', message, type: 'Warning', count: 1442, firstAgo: hours(6), lastAgo: seconds(9), component: 'persistentvolume-controller'})]
}

/** Everything but the Deployments, their pods and the node objects. */
export function otherWorkloads(layout: ScaleLayout): KubeObject[] {
  const {clock, namespaces} = layout
  const nextIp = podIpCounter()
  return [
    ...clusterObjects(clock, days(30)),
    namespace(clock, 'logging', days(20)),
    namespace(clock, 'ingress-nginx', days(25)),
    ...daemonSets(layout, nextIp),
    ...statefulSets(layout, nextIp),
    ...batchWorkloads(layout, nextIp),
    ...ingresses(layout, nextIp),
    ...(namespaces.length > 1 ? pendingClaim(clock, namespaces[1]!) : []),
  ]
}
