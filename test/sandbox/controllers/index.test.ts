// The sandbox's controllers, scheduler and simulated kubelet, in process: workloads roll out,
// fail and recover through the store's writes (so every step is a watch event).
import {afterEach, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../../src/sandbox/index.js'
import type {KubeObject} from '../../../src/sandbox/types.js'
import {deploymentObject, eventsFor, podsOf, sandboxWithNodes, testNode, TIME_SCALE, waitFor} from './helpers.js'

type Fields = Record<string, unknown>
const status = (o: KubeObject) => (o.status ?? {}) as Fields
const deployment = (s: Sandbox, name: string) => s.store.get('deployments.apps', 'default', name)?.object
const condition = (o: KubeObject, type: string) => ((status(o).conditions ?? []) as Array<Fields>).find((c) => c.type === type)
const containerStatus = (pod: KubeObject) => ((status(pod).containerStatuses ?? []) as Array<Fields & {state?: Record<string, Fields>}>)[0]

function rolledOut(s: Sandbox, name: string, replicas: number): KubeObject | undefined {
  const d = deployment(s, name)
  if (!d) return undefined
  const st = status(d)
  const progressing = condition(d, 'Progressing')
  const done = st.observedGeneration === d.metadata?.generation && st.updatedReplicas === replicas && st.replicas === replicas && st.availableReplicas === replicas && progressing?.reason === 'NewReplicaSetAvailable'
  return done ? d : undefined
}

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

describe('Deployment → ReplicaSet → pods', () => {
  it('rolls out: a ReplicaSet with the template hash, pods scheduled, running and ready, status Available', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1'), testNode('worker-2')])
    const s = sandbox
    s.store.create(deploymentObject('web', 'nginx', 3))
    const d = await waitFor('web rolled out', () => rolledOut(s, 'web', 3))
    expect(condition(d, 'Available')).toMatchObject({status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.'})
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1')
    const replicaSets = s.store.list('replicasets.apps', {namespace: 'default'}).entries.map((e) => e.object)
    expect(replicaSets).toHaveLength(1)
    const rs = replicaSets[0]!
    const hash = rs.metadata?.labels?.['pod-template-hash']
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/)
    expect(rs.metadata?.name).toBe(`web-${hash}`)
    expect(rs.metadata?.ownerReferences?.[0]).toMatchObject({kind: 'Deployment', name: 'web', uid: d.metadata?.uid, controller: true})
    expect(rs.metadata?.annotations).toMatchObject({'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4'})
    expect(status(rs)).toMatchObject({replicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1})
    const pods = podsOf(s, 'default', {app: 'web'})
    expect(pods).toHaveLength(3)
    for (const pod of pods) {
      expect(pod.metadata?.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`))
      expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({kind: 'ReplicaSet', name: rs.metadata?.name})
      const st = status(pod)
      expect(st.phase).toBe('Running')
      expect(st.podIP).toMatch(/^10\.244\.\d+\.\d+$/)
      expect((st.conditions as Fields[]).map((c) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True'])
      const cs = containerStatus(pod)!
      expect(cs).toMatchObject({name: 'web', image: 'docker.io/library/nginx:latest', ready: true, started: true, restartCount: 0})
      expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/)
      expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/)
      expect(cs.state?.running?.startedAt).toBeTruthy()
      const reasons = eventsFor(s, pod).map((e) => e.reason)
      expect(reasons).toEqual(expect.arrayContaining(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']))
      expect(s.store.logs.get(`default/${pod.metadata?.name}/web`)?.current).toContain('Configuration complete; ready for start up')
    }
    const nodes = new Set(pods.map((p) => (p.spec as {nodeName: string}).nodeName))
    expect(nodes.size).toBe(2)
    expect(eventsFor(s, d).map((e) => e.message)).toContain(`Scaled up replica set ${rs.metadata?.name} from 0 to 3`)
    expect(eventsFor(s, rs).filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3)
  })

  it('rolls a new image out within maxSurge and maxUnavailable, keeping the old ReplicaSet at 0', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1'), testNode('worker-2')])
    const s = sandbox
    s.store.create(deploymentObject('web', 'nginx:1.27', 4, {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}}))
    await waitFor('first rollout', () => rolledOut(s, 'web', 4))
    let maxPods = 0
    let minAvailable = Infinity
    const unsubscribe = s.store.subscribe('pods', () => {
      const active = podsOf(s, 'default', {app: 'web'}).filter((p) => !p.metadata?.deletionTimestamp)
      maxPods = Math.max(maxPods, active.length)
      const ready = active.filter((p) => (condition(p, 'Ready')?.status ?? 'False') === 'True').length
      minAvailable = Math.min(minAvailable, ready)
    })
    const current = structuredClone(deployment(s, 'web')!)
    const spec = current.spec as {template: {spec: {containers: Array<Fields>}}}
    spec.template.spec.containers[0]!.image = 'nginx:1.28'
    s.store.update(current)
    const d = await waitFor('second rollout', () => {
      const done = rolledOut(s, 'web', 4)
      return done && done.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2' ? done : undefined
    })
    unsubscribe()
    expect(maxPods).toBeLessThanOrEqual(5)
    expect(minAvailable).toBeGreaterThanOrEqual(4)
    const replicaSets = s.store.list('replicasets.apps', {namespace: 'default'}).entries.map((e) => e.object)
    expect(replicaSets).toHaveLength(2)
    const old = replicaSets.find((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '1')!
    expect((old.spec as {replicas: number}).replicas).toBe(0)
    const running = podsOf(s, 'default', {app: 'web'}).filter((p) => !p.metadata?.deletionTimestamp)
    expect(running.map((p) => (p.spec as {containers: Array<{image: string}>}).containers[0]!.image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28', 'nginx:1.28'])
    expect(eventsFor(s, d).map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^Scaled down replica set web-\w+ from 1 to 0$/)]))
  })

  it('scales up and down through spec.replicas', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1')])
    const s = sandbox
    s.store.create(deploymentObject('web', 'nginx', 1))
    await waitFor('one replica', () => rolledOut(s, 'web', 1))
    const scaleTo = (n: number) => {
      const d = deployment(s, 'web')!
      s.store.update({...d, spec: {...(d.spec as Fields), replicas: n}})
    }
    scaleTo(3)
    await waitFor('three replicas', () => rolledOut(s, 'web', 3))
    scaleTo(1)
    await waitFor('one replica again', () => rolledOut(s, 'web', 1) && podsOf(s, 'default', {app: 'web'}).filter((p) => !p.metadata?.deletionTimestamp).length === 1)
    expect(s.store.list('replicasets.apps', {namespace: 'default'}).entries).toHaveLength(1)
  })
})

describe('image pulls', () => {
  it('a tag that does not exist: ErrImagePull, then ImagePullBackOff, with the kubelet event texts; the rollout stalls', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1')])
    const s = sandbox
    s.store.create(deploymentObject('web', 'nginx', 1))
    await waitFor('rolled out', () => rolledOut(s, 'web', 1))
    const current = structuredClone(deployment(s, 'web')!)
    const spec = current.spec as {template: {spec: {containers: Array<Fields>}}}
    spec.template.spec.containers[0]!.image = 'nginx:nosuchtag'
    s.store.update(current)
    const bad = () => podsOf(s, 'default', {app: 'web'}).find((p) => (p.spec as {containers: Array<{image: string}>}).containers[0]!.image === 'nginx:nosuchtag')
    const seen = new Set<string>()
    await waitFor('ImagePullBackOff', () => {
      const pod = bad()
      const reason = pod && containerStatus(pod)?.state?.waiting?.reason
      if (typeof reason === 'string') seen.add(reason)
      return reason === 'ImagePullBackOff' ? pod : undefined
    })
    await waitFor('ErrImagePull again after the back-off', () => {
      const pod = bad()
      return pod && containerStatus(pod)?.state?.waiting?.reason === 'ErrImagePull' && eventsFor(s, pod).some((e) => e.reason === 'Pulling' && (e.count as number) >= 2)
    })
    const pod = bad()!
    const messages = eventsFor(s, pod).map((e) => `${e.type} ${e.reason} ${e.message}`)
    const error = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nosuchtag": failed to resolve reference "docker.io/library/nginx:nosuchtag": docker.io/library/nginx:nosuchtag: not found'
    expect(messages).toEqual(
      expect.arrayContaining([
        'Normal Pulling Pulling image "nginx:nosuchtag"',
        `Warning Failed Failed to pull image "nginx:nosuchtag": ${error}`,
        'Warning Failed Error: ErrImagePull',
        'Normal BackOff Back-off pulling image "nginx:nosuchtag"',
        'Warning Failed Error: ImagePullBackOff',
      ]),
    )
    expect(containerStatus(pod)).toMatchObject({ready: false, started: false, restartCount: 0, imageID: '', state: {waiting: {reason: 'ErrImagePull', message: error}}})
    expect(status(pod).phase).toBe('Pending')
    const d = deployment(s, 'web')!
    expect(status(d)).toMatchObject({replicas: 2, updatedReplicas: 1, availableReplicas: 1, unavailableReplicas: 1})
    expect(condition(d, 'Progressing')).toMatchObject({status: 'True', reason: 'ReplicaSetUpdated'})
  })
})

describe('scheduler', () => {
  it('writes the real FailedScheduling message when nothing fits', async () => {
    sandbox = await sandboxWithNodes([
      testNode('worker-1', {cpu: '2', allocatableCpu: '2'}),
      testNode('worker-2', {taints: [{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]}),
      testNode('worker-3', {taints: [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]}),
      testNode('worker-4', {extraLabels: {pool: 'batch'}, cpu: '8', allocatableCpu: '8'}),
    ])
    const s = sandbox
    s.store.create({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'big', namespace: 'default'}, spec: {nodeSelector: {'kubernetes.io/os': 'linux'}, affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: 'pool', operator: 'NotIn', values: ['batch']}]}]}}}, containers: [{name: 'app', image: 'busybox', resources: {requests: {cpu: '3'}}}]}, status: {phase: 'Pending'}})
    const pod = await waitFor('unschedulable', () => {
      const p = s.store.get('pods', 'default', 'big')?.object
      return p && condition(p, 'PodScheduled')?.status === 'False' ? p : undefined
    })
    const message =
      "0/4 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling."
    expect(condition(pod, 'PodScheduled')).toMatchObject({reason: 'Unschedulable', message})
    expect(eventsFor(s, pod).map((e) => `${e.type} ${e.reason} ${e.message}`)).toEqual([`Warning FailedScheduling ${message}`])
    // A node with room arrives: the pod is scheduled there.
    s.store.create(testNode('worker-5', {cpu: '8', allocatableCpu: '8'}))
    const bound = await waitFor('bound to worker-5', () => {
      const p = s.store.get('pods', 'default', 'big')?.object
      return p && (p.spec as {nodeName?: string}).nodeName === 'worker-5' ? p : undefined
    })
    expect(eventsFor(s, bound).map((e) => e.message)).toContain('Successfully assigned default/big to worker-5')
  })

  it('keeps required pod anti-affinity and affinity (InterPodAffinity), with their FailedScheduling texts; a pod bound lets in those waiting for it', async () => {
    // At the real pace: a pod the affinity refused is tried again when a pod is bound, not after the 5-minute flush.
    sandbox = await sandboxWithNodes([testNode('worker-1'), testNode('worker-2')], {controllers: {timeScale: 1}})
    const s = sandbox
    const term = (app: string) => [{labelSelector: {matchLabels: {app}}, topologyKey: 'kubernetes.io/hostname'}]
    const create = (name: string, app: string, affinity: Record<string, unknown> = {}) =>
      s.store.create({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default', labels: {app}}, spec: {affinity, containers: [{name: 'app', image: 'busybox'}]}})
    const placed = (name: string) => waitFor(`${name} scheduled or refused`, () => {
      const p = s.store.get('pods', 'default', name)!.object
      return (p.spec as {nodeName?: string}).nodeName ?? (condition(p, 'PodScheduled')?.status === 'False' ? (condition(p, 'PodScheduled')!.message as string) : undefined)
    })
    const spread = {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: term('web')}}
    const first = await placed((create('web-a', 'web', spread), 'web-a'))
    expect(await placed((create('web-b', 'web', spread), 'web-b'))).toBe(first === 'worker-1' ? 'worker-2' : 'worker-1')
    expect(await placed((create('web-c', 'web', spread), 'web-c'))).toBe("0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.")
    expect(await placed((create('web-plain', 'web'), 'web-plain'))).toBe("0/2 nodes are available: 2 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.")
    expect(await placed((create('cache', 'cache', {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: term('web')}}), 'cache'))).toMatch(/^worker-[12]$/)
    expect(await placed((create('lonely', 'cache', {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: term('db')}}), 'lonely'))).toBe("0/2 nodes are available: 2 node(s) didn't match pod affinity rules. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
    const dbNode = await placed((create('db-0', 'db', {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: term('db')}}), 'db-0'))
    expect(dbNode).toMatch(/^worker-[12]$/) // the first of a group that selects itself
    await waitFor('lonely scheduled next to db-0', () => (s.store.get('pods', 'default', 'lonely')!.object.spec as {nodeName?: string}).nodeName === dbNode)
  })

  it('counts the requests of pods already bound', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1', {cpu: '1', allocatableCpu: '1'})])
    const s = sandbox
    const pod = (name: string) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default'}, spec: {containers: [{name: 'app', image: 'busybox:1.36', resources: {requests: {cpu: '600m'}}}]}})
    s.store.create(pod('a'))
    await waitFor('a bound', () => (s.store.get('pods', 'default', 'a')?.object.spec as {nodeName?: string}).nodeName)
    s.store.create(pod('b'))
    const b = await waitFor('b unschedulable', () => {
      const p = s.store.get('pods', 'default', 'b')?.object
      return p && condition(p, 'PodScheduled')?.status === 'False' ? p : undefined
    })
    expect(condition(b, 'PodScheduled')?.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.')
  })
})

describe('seeded scenarios', () => {
  it('leaves every object the demo seeded as it was while the controllers work on something else', async () => {
    sandbox = await startSandbox({scenario: 'demo', http: true, controllers: {timeScale: TIME_SCALE}})
    const s = sandbox
    const resources = ['pods', 'deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps', 'events', 'nodes', 'services']
    const snapshot = () => new Map(resources.flatMap((r) => s.store.list(r).entries.map((e) => [`${r}/${e.key}`, e.resourceVersion] as const)))
    const before = snapshot()
    expect(s.store.count('pods')).toBe(25)
    // Work elsewhere: a deployment rolls out on the demo's workers (worker-3 is NotReady and tainted).
    s.store.create({...deploymentObject('hello', 'nginx', 2), metadata: {name: 'hello', namespace: 'default', generation: 1, labels: {app: 'hello'}}})
    await waitFor('hello rolled out', () => rolledOut(s, 'hello', 2))
    const after = snapshot()
    const changed = [...before].filter(([key, rv]) => after.get(key) !== rv).map(([key]) => key)
    expect(changed).toEqual([])
    expect(s.store.list('pods').entries.filter((e) => e.object.metadata?.labels?.app !== 'hello')).toHaveLength(25)
  })

  it('replaces a deleted pod of a seeded ReplicaSet; a new pod of the demo gateway fails to pull like the seeded one', async () => {
    sandbox = await startSandbox({scenario: 'demo', http: true, controllers: {timeScale: TIME_SCALE}})
    const s = sandbox
    const gateway = podsOf(s, 'payments', {app: 'payment-gateway'})[0]!
    s.store.delete('pods', 'payments', gateway.metadata!.name!)
    const replacement = await waitFor('a replacement pulling and failing', () =>
      podsOf(s, 'payments', {app: 'payment-gateway'}).find((p) => p.metadata?.uid !== gateway.metadata?.uid && containerStatus(p)?.state?.waiting?.reason === 'ErrImagePull'),
    )
    expect(replacement.metadata?.ownerReferences?.[0]?.name).toBe(gateway.metadata?.ownerReferences?.[0]?.name)
    expect(eventsFor(s, replacement).map((e) => e.message)).toContain('Error: ErrImagePull')
  })
})

describe('kubelet', () => {
  it('restarts a container scripted to crash, with CrashLoopBackOff back-off and the previous run kept for logs --previous', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1')])
    const s = sandbox
    s.store.create({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'crasher', namespace: 'default', annotations: {'sandbox.kubekit.dev/exit-code': '1', 'sandbox.kubekit.dev/run-seconds': '1'}}, spec: {containers: [{name: 'app', image: 'ghcr.io/example/app:2.0'}]}})
    const pod = await waitFor('CrashLoopBackOff after two restarts', () => {
      const p = s.store.get('pods', 'default', 'crasher')?.object
      const cs = p && containerStatus(p)
      return cs?.state?.waiting?.reason === 'CrashLoopBackOff' && (cs.restartCount as number) >= 1 ? p : undefined
    })
    const cs = containerStatus(pod)!
    expect(cs.state?.waiting?.message).toMatch(new RegExp(`^back-off (10|20|40)s restarting failed container=app pod=crasher_default\\(${pod.metadata?.uid}\\)$`))
    expect((cs.lastState as {terminated: Fields}).terminated).toMatchObject({exitCode: 1, reason: 'Error'})
    expect(status(pod).phase).toBe('Running')
    expect(eventsFor(s, pod).map((e) => `${e.type} ${e.reason} ${e.message}`)).toContain(`Warning BackOff Back-off restarting failed container app in pod crasher_default(${pod.metadata?.uid})`)
    const log = s.store.logs.get('default/crasher/app')!
    expect(log.previous).toContain('level=error msg="fatal error, exiting" exit_code=1')
  })

  it('OOM-kills a container whose scripted memory is over its limit (137, OOMKilled, whatever its own exit); under the limit it exits its own way, and 137 alone is a SIGKILL (Error)', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1')])
    const s = sandbox
    const pod = (name: string, annotations: Record<string, string>, limit: string) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default', annotations: {'sandbox.kubekit.dev/run-seconds': '1', ...annotations}}, spec: {restartPolicy: 'Never', containers: [{name: 'app', image: 'ghcr.io/example/app:2.0', resources: {limits: {memory: limit}}}]}})
    s.store.create(pod('leaky', {'sandbox.kubekit.dev/memory': '300Mi', 'sandbox.kubekit.dev/exit-code': '3'}, '256Mi'))
    s.store.create(pod('roomy', {'sandbox.kubekit.dev/memory': '300Mi', 'sandbox.kubekit.dev/exit-code': '3'}, '512Mi'))
    s.store.create(pod('killed', {'sandbox.kubekit.dev/exit-code': '137'}, '256Mi'))
    const terminated = (name: string) => waitFor(`${name} terminated`, () => containerStatus(s.store.get('pods', 'default', name)!.object)?.state?.terminated)
    expect(await terminated('leaky')).toMatchObject({exitCode: 137, reason: 'OOMKilled'})
    expect(await terminated('roomy')).toMatchObject({exitCode: 3, reason: 'Error'})
    expect(await terminated('killed')).toMatchObject({exitCode: 137, reason: 'Error'})
    expect(s.store.logs.get('default/leaky/app')!.current).not.toContain('exit_code')
    expect(s.store.logs.get('default/roomy/app')!.current).toContain('exit_code=3')
  })

  it('stops simulating a pod being deleted and reports Killing', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1')])
    const s = sandbox
    s.store.create({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'web', namespace: 'default', finalizers: ['example.com/hold']}, spec: {containers: [{name: 'web', image: 'nginx:1.27'}]}})
    await waitFor('running', () => containerStatus(s.store.get('pods', 'default', 'web')!.object)?.state?.running)
    s.store.delete('pods', 'default', 'web')
    const pod = s.store.get('pods', 'default', 'web')!.object
    await waitFor('Killing event', () => eventsFor(s, pod).some((e) => e.reason === 'Killing' && e.message === 'Stopping container web'))
  })
})
