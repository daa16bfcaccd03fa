// The first five targets (a pod, a node, a Service, a Deployment, a namespace) on objects held in
// memory: what each reads, what its verdict says it checked, and which pods it reads in depth.
// test/diagnose/diagnose.test.ts runs them on the sandbox's demo cluster.
import {describe, expect, it} from 'vitest'
import {Diagnoser} from '../../../src/diagnose/core.js'
import {diagnoseDeployment, diagnoseNamespace, diagnoseNode, diagnosePod, diagnoseService} from '../../../src/diagnose/targets/basic.js'
import {KubeError} from '../../../src/kube/errors.js'
import {NOW, node, pod, runningStatus} from '../fixtures.js'
import {storeClient} from './store-client.js'

const replicaSetUid = '11111111-2222-4333-a444-555555555555'

/** checkout's one pod crash-looping (owned by its ReplicaSet), web-1 healthy, worker-2 cordoned. */
function cluster() {
  const crashing = pod({
    name: 'checkout-7d4b9c8f6d-x2k4p',
    ready: false,
    statuses: [
      runningStatus({
        ready: false,
        restartCount: 7,
        state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=app'}},
        lastState: {terminated: {exitCode: 1, reason: 'Error', startedAt: '2026-11-21T11:57:58Z', finishedAt: '2026-11-21T11:58:00Z'}},
      }),
    ],
  })
  // The same labels, but nobody's pod (kubectl run --labels): not the Deployment's.
  const stray = pod({name: 'checkout-debug', ready: false, metadata: {ownerReferences: []}, statuses: crashing.status!.containerStatuses})
  const healthy = pod({name: 'web-1', metadata: {labels: {app: 'web'}, ownerReferences: []}})
  return [
    node({name: 'worker-1'}),
    node({name: 'worker-2', unschedulable: true}),
    crashing,
    stray,
    healthy,
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}, status: {phase: 'Active'}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'shop', uid: 's-web'}, spec: {type: 'ClusterIP', selector: {app: 'web'}, ports: [{port: 80, targetPort: 8080}]}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 'cart', namespace: 'shop', uid: 's-cart'}, spec: {type: 'ClusterIP', selector: {app: 'cart'}, ports: [{port: 80}]}},
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {name: 'web-x7k2p', namespace: 'shop', labels: {'kubernetes.io/service-name': 'web'}},
      endpoints: [{addresses: ['10.244.1.17'], conditions: {ready: true}, targetRef: {kind: 'Pod', name: 'web-1', namespace: 'shop'}}],
      ports: [{port: 8080}],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'checkout', namespace: 'shop', uid: 'd-checkout', generation: 1},
      spec: {replicas: 1, selector: {matchLabels: {app: 'checkout'}}},
      status: {observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 0, availableReplicas: 0},
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {name: 'checkout-7d4b9c8f6d', namespace: 'shop', uid: replicaSetUid, labels: {app: 'checkout'}, creationTimestamp: '2026-11-21T11:00:00Z', ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout', uid: 'd-checkout', controller: true}]},
      spec: {replicas: 1, selector: {matchLabels: {app: 'checkout'}}},
      status: {replicas: 1, readyReplicas: 0},
    },
  ]
}

function diagnoser(namespace = 'shop') {
  const client = storeClient(cluster() as never)
  return {client, diagnoser: new Diagnoser(client, {namespace, tailLines: 20, logs: false, nodeLogs: false, maxPods: 3, now: NOW})}
}

describe('diagnosePod', () => {
  it('a crash-looping pod: the cause, what was checked, and its node\'s hints', async () => {
    const d = await diagnosePod(diagnoser().diagnoser, 'checkout-7d4b9c8f6d-x2k4p')
    expect([d.target, d.status, d.rootCause?.code]).toEqual([{kind: 'Pod', name: 'checkout-7d4b9c8f6d-x2k4p', namespace: 'shop'}, 'ProblemsFound', 'CrashLoopBackOff'])
    expect(d.checked).toEqual(['phase Running, Ready=False', 'containers ready: 0/1', 'restarts: app 7 (last: Error, exit code 1, 2m ago)', 'node: worker-1 (Ready=True)', 'age: 60m'])
    expect(d.nodeHints.map((h) => h.node)).toEqual(['worker-1'])
  })

  it('a healthy pod: no findings, no hints', async () => {
    const d = await diagnosePod(diagnoser().diagnoser, 'web-1')
    expect([d.status, d.findings, d.nodeHints, d.checked[0]]).toEqual(['Healthy', [], [], 'phase Running, Ready=True'])
  })

  it('a pod that is not there is the API\'s not-found, for the command to print', async () => {
    await expect(diagnosePod(diagnoser().diagnoser, 'web-2')).rejects.toBeInstanceOf(KubeError)
    await expect(diagnosePod(diagnoser('payments').diagnoser, 'web-1')).rejects.toThrow('pods "web-1" not found')
  })
})

describe('diagnoseNode', () => {
  it('a Ready node: its conditions, schedulable, and the pods on it', async () => {
    const d = await diagnoseNode(diagnoser().diagnoser, 'worker-1')
    expect([d.target, d.status]).toEqual([{kind: 'Node', name: 'worker-1'}, 'Healthy'])
    expect(d.checked).toEqual(['Ready=True', 'conditions: MemoryPressure=False, DiskPressure=False, PIDPressure=False, Ready=True', 'schedulable: yes', 'pods: 3 (1 ready, 2 failing)'])
    expect(d.nodeHints).toEqual([])
  })

  it('a cordoned node: the finding, and the commands to run on it', async () => {
    const d = await diagnoseNode(diagnoser().diagnoser, 'worker-2')
    expect(d.findings.map((f) => [f.code, f.severity, f.subject])).toEqual([['NodeCordoned', 'warning', 'node/worker-2']])
    expect(d.checked[2]).toBe('schedulable: no (cordoned)')
    expect(d.nodeHints).toHaveLength(1)
    expect(d.nodeHints[0]!.logs).toEqual([])
  })
})

describe('diagnoseService', () => {
  it('endpoints ready: healthy, with the selector and the endpoints counted', async () => {
    const d = await diagnoseService(diagnoser().diagnoser, 'web')
    expect([d.status, d.checked]).toEqual(['Healthy', ['type ClusterIP, selector app=web', 'endpoints: 1 (1 ready)', 'selected pods: 1 (1 ready, 0 failing)']])
  })

  it('a selector that matches nothing', async () => {
    const d = await diagnoseService(diagnoser().diagnoser, 'cart')
    expect(d.rootCause).toMatchObject({code: 'ServiceSelectorMatchesNothing', subject: 'service/cart'})
    expect(d.checked).toEqual(['type ClusterIP, selector app=cart', 'endpoints: 0 (0 ready)', 'selected pods: 0 (0 ready, 0 failing)'])
  })
})

describe('diagnoseDeployment', () => {
  it('reads only the pods of its ReplicaSets in depth: the cause before the symptom', async () => {
    const {client, diagnoser: d0} = diagnoser()
    const d = await diagnoseDeployment(d0, 'checkout')
    expect(d.findings.map((f) => [f.code, f.subject])[0]).toEqual(['CrashLoopBackOff', 'pod/checkout-7d4b9c8f6d-x2k4p'])
    expect(d.findings.some((f) => f.subject === 'pod/checkout-debug')).toBe(false)
    expect(d.checked).toEqual(['replicas: 1 desired, 1 updated, 0 ready, 0 available', 'pods: 1 (0 ready, 1 failing)'])
    expect(client.reads).toContain('list replicasets -n shop -l app=checkout')
  })
})

describe('diagnoseNamespace', () => {
  it('runs the Service and Deployment rules on what it holds, and says what it counted', async () => {
    const d = await diagnoseNamespace(diagnoser().diagnoser, 'shop')
    expect([d.target, d.status]).toEqual([{kind: 'Namespace', name: 'shop'}, 'ProblemsFound'])
    expect(d.checked).toEqual(['phase Active', 'pods: 3 (1 ready, 2 failing)', 'deployments: 1, services: 2'])
    const codes = d.findings.map((f) => `${f.code} ${f.subject}`)
    expect(codes).toEqual(expect.arrayContaining(['ServiceSelectorMatchesNothing service/cart', 'CrashLoopBackOff pod/checkout-7d4b9c8f6d-x2k4p']))
    expect(codes.some((code) => code.endsWith('service/web'))).toBe(false)
  })
})
