// The failure classes, the new kinds and `diagnose cluster` against the sandbox, in process: the
// real API client over the sandbox's HTTP API (startSandbox + connect + diagnose).
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {diagnose, type DiagnoseOptions} from '../../src/diagnose/diagnose.js'
import type {Diagnosis} from '../../src/diagnose/model.js'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {startSandbox, type KubeObject, type Sandbox} from '../../src/sandbox/index.js'

const options = (namespace: string, extra: Partial<DiagnoseOptions> = {}): DiagnoseOptions => ({namespace, tailLines: 10, logs: true, nodeLogs: false, maxPods: 3, ...extra})
const codes = (d: Diagnosis) => d.findings.map((f) => f.code)
const ago = (ms: number) => new Date(Date.now() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

interface Connected {
  sandbox: Sandbox
  client: KubeClient
}
async function open(options: Parameters<typeof startSandbox>[0]): Promise<Connected> {
  const sandbox = await startSandbox({controllers: false, ...options})
  // Quick retries: a 503 is retried before it is reported, as a real client does, without the real back-off's waits.
  return {sandbox, client: await connect({kubeconfig: sandbox.kubeconfigPath, env: {}}, {tuning: {retryBackoff: {initialMs: 5, maxMs: 10}}})}
}
async function close(c: Connected | undefined): Promise<void> {
  c?.client.close()
  await c?.sandbox.stop()
}

const node: KubeObject = {apiVersion: 'v1', kind: 'Node', metadata: {name: 'worker-1', labels: {'kubernetes.io/arch': 'arm64'}}, status: {conditions: [{type: 'Ready', status: 'True'}], allocatable: {cpu: '4', memory: '8Gi', pods: '110'}, nodeInfo: {containerRuntimeVersion: 'containerd://1.7.24', architecture: 'arm64'}}}
const podObject = (name: string, uid: string, status: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'shop', uid, creationTimestamp: ago(3_600_000), labels: {app: name}},
  spec: {nodeName: 'worker-1', containers: [{name: 'app', image: `shop/${name}:1.0`, resources: {requests: {cpu: '500m'}, limits: {memory: '256Mi'}}}], ...spec},
  status,
})
const eventObject = (pod: string, uid: string, reason: string, message: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: {name: `${pod}.${reason.toLowerCase()}`, namespace: 'shop'},
  involvedObject: {apiVersion: 'v1', kind: 'Pod', name: pod, namespace: 'shop', uid, fieldPath: 'spec.containers{app}'},
  reason,
  message,
  type: 'Warning',
  count: 5,
  firstTimestamp: ago(600_000),
  lastTimestamp: ago(30_000),
  source: {component: 'kubelet', host: 'worker-1'},
  ...extra,
})
/** A container with a memory limit and no requests: it adds nothing to its node's requested cpu. */
const unrequested = (name: string) => ({containers: [{name: 'app', image: `shop/${name}:1.0`, resources: {limits: {memory: '256Mi'}}}]})
const notFound = 'Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "server": executable file not found in $PATH: unknown'

const classObjects: KubeObject[] = [
  {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}},
  node,
  podObject('api', 'u-api', {phase: 'Running', conditions: [{type: 'Ready', status: 'False'}], containerStatuses: [{name: 'app', ready: false, restartCount: 5, image: 'shop/api:1.0', imageID: '', state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=app pod=api_shop(u-api)'}}}]}, {containers: [{name: 'app', image: 'shop/api:1.0', command: ['server']}]}),
  eventObject('api', 'u-api', 'Failed', notFound),
  podObject('web', 'u-web', {phase: 'Running', startTime: ago(3_600_000), conditions: [{type: 'Ready', status: 'True'}], containerStatuses: [{name: 'app', ready: true, restartCount: 1, image: 'shop/web:1.0', imageID: '', state: {running: {startedAt: ago(1_800_000)}}, lastState: {terminated: {exitCode: 255, reason: 'Unknown', startedAt: ago(3_600_000), finishedAt: ago(1_900_000)}}}]}),
  podObject('batch', 'u-batch', {phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable'}]}, {nodeName: undefined, containers: [{name: 'app', image: 'shop/batch:1.0', resources: {requests: {cpu: '6'}}}]}),
  eventObject('batch', 'u-batch', 'FailedScheduling', 'No nodes are available that match all of the following predicates:: Insufficient cpu (1).', {involvedObject: {apiVersion: 'v1', kind: 'Pod', name: 'batch', namespace: 'shop', uid: 'u-batch'}, source: {component: 'default-scheduler'}}),
  // An entrypoint saved with CRLF line endings: runc 1.1+ writes the execve failure to the container's stderr and exits 255.
  podObject('worker', 'u-worker', {phase: 'Running', conditions: [{type: 'Ready', status: 'False'}], containerStatuses: [{name: 'app', ready: false, restartCount: 4, image: 'shop/worker:1.0', imageID: '', state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=app pod=worker_shop(u-worker)'}}, lastState: {terminated: {exitCode: 255, reason: 'Error', startedAt: ago(60_000), finishedAt: ago(60_000)}}}]}, unrequested('worker')),
  // The 1.10–1.16 wording for nodes whose conditions keep pods off.
  podObject('report', 'u-report', {phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 node(s) were not ready.'}]}, {nodeName: undefined}),
  // Running and ready, OOMKilled three days ago; and one the kubelet lost track of (ContainerStatusUnknown).
  podObject('cache', 'u-cache', {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}], containerStatuses: [{name: 'app', ready: true, restartCount: 1, image: 'shop/cache:1.0', imageID: '', state: {running: {startedAt: ago(259_000_000)}}, lastState: {terminated: {exitCode: 137, reason: 'OOMKilled', startedAt: ago(400_000_000), finishedAt: ago(259_200_000)}}}]}, unrequested('cache')),
  podObject('search', 'u-search', {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}], containerStatuses: [{name: 'app', ready: true, restartCount: 1, image: 'shop/search:1.0', imageID: '', state: {running: {startedAt: ago(600_000)}}, lastState: {terminated: {exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: '0001-01-01T00:00:00Z', finishedAt: '0001-01-01T00:00:00Z'}}}]}, unrequested('search')),
  // Flannel as kube-flannel.yml deploys it, but with hairpinMode left out of the delegate (the bridge plugin's default is off).
  {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'kube-flannel'}},
  {apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name: 'kube-flannel-ds', namespace: 'kube-flannel', labels: {app: 'flannel'}}, spec: {selector: {matchLabels: {app: 'flannel'}}, template: {metadata: {labels: {app: 'flannel'}}, spec: {containers: [{name: 'kube-flannel', image: 'ghcr.io/flannel-io/flannel:v0.26.1'}]}}}, status: {desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, numberAvailable: 1}},
  {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'kube-flannel-cfg', namespace: 'kube-flannel'}, data: {'cni-conf.json': '{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel","delegate":{"isDefaultGateway":true}},{"type":"portmap","capabilities":{"portMappings":true}}]}'}},
  {apiVersion: 'v1', kind: 'Service', metadata: {name: 'cart', namespace: 'shop'}, spec: {selector: {app: 'cart'}, ports: [{name: 'http', port: 80, targetPort: 8080}]}},
  ...['cart-0', 'cart-1'].map((name, i) => {
    const cart = podObject(name, `u-${name}`, {phase: 'Running', podIP: `10.244.1.${20 + i}`, conditions: [{type: 'Ready', status: 'True'}], containerStatuses: [{name: 'app', ready: true, restartCount: 0, image: 'shop/cart:1.0', imageID: '', state: {running: {startedAt: ago(3_600_000)}}}]}, unrequested('cart'))
    return {...cart, metadata: {...cart.metadata, labels: {app: 'cart'}}}
  }),
  {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {name: 'cart-x7k2p', namespace: 'shop', labels: {'kubernetes.io/service-name': 'cart'}},
    addressType: 'IPv4',
    ports: [{name: 'http', port: 8080, protocol: 'TCP'}],
    endpoints: ['cart-0', 'cart-1'].map((name, i) => ({addresses: [`10.244.1.${20 + i}`], conditions: {ready: true, serving: true, terminating: false}, nodeName: 'worker-1', targetRef: {kind: 'Pod', name, namespace: 'shop', uid: `u-${name}`}})),
  },
  // Objects of kinds kubekit reads little of, or the sandbox does not serve: they must not break anything.
  {apiVersion: 'v1', kind: 'Event', metadata: {name: 'fast.provisioning', namespace: 'default'}, involvedObject: {apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'fast'}, reason: 'ProvisioningFailed', message: 'x', type: 'Warning', lastTimestamp: ago(1000)},
  {apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'migrate', namespace: 'shop', uid: 'u-job'}, spec: {backoffLimit: 2, template: {spec: {containers: [{name: 'app', image: 'shop/migrate:1.0'}], restartPolicy: 'Never'}}}, status: {failed: 3, conditions: [{type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'}]}},
  {apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: {name: 'data', namespace: 'shop', creationTimestamp: ago(600_000)}, spec: {storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '1Gi'}}}, status: {phase: 'Pending'}},
]

describe('failure classes on the sandbox', () => {
  let c: Connected | undefined
  beforeAll(async () => {
    // A server without the Ingress and StorageClass APIs (an old or trimmed cluster): their group versions answer 404.
    c = await open({objects: classObjects, logs: {'shop/worker/app': {current: '', previous: 'exec /docker-entrypoint.sh: no such file or directory\n'}}, faults: [{group: 'networking.k8s.io', status: 404, plainText: true, message: '404 page not found'}, {group: 'storage.k8s.io', status: 404, plainText: true, message: '404 page not found'}]})
  })
  afterAll(() => close(c))

  it('a start failure told only by a Failed event: the cause, and no exit code claimed', async () => {
    const d = await diagnose(c!.client, 'pods', 'api', options('shop'))
    expect(d.rootCause?.code).toBe('ContainerCommandNotFound')
    expect(d.rootCause?.summary).not.toMatch(/exited successfully|exit code \d/)
    expect(d.rootCause?.evidence.join('\n')).toContain('its exit code is unknown')
  })

  it('an entrypoint whose interpreter is missing (CRLF): told from the previous run\'s log, not as a missing command', async () => {
    const d = await diagnose(c!.client, 'pods', 'worker', options('shop'))
    expect(codes(d)).toEqual(['ContainerInterpreterMissing'])
    expect(d.rootCause?.summary).toContain('the runtime found /docker-entrypoint.sh but the kernel could not run it')
  })

  it('the 1.10–1.16 "were not ready" wording names the node, as the not-ready taint does', async () => {
    const d = await diagnose(c!.client, 'pods', 'report', options('shop'))
    expect(d.rootCause?.code).toBe('NodesNotReadyForScheduling')
  })

  it('OOMKilled days ago on a Running, Ready pod is still reported, with the limit; ContainerStatusUnknown is not a crash', async () => {
    const cache = await diagnose(c!.client, 'pods', 'cache', options('shop'))
    expect(cache.rootCause).toMatchObject({code: 'OOMKilled', severity: 'warning'})
    expect(cache.rootCause?.summary).toContain('3d ago: it used more than its 256Mi memory limit')
    const search = await diagnose(c!.client, 'pods', 'search', options('shop'))
    expect(search.status).toBe('Healthy')
    expect(codes(search)).toEqual(['RestartedByNode'])
    expect(search.findings[0]!.summary).not.toContain('0001')
  })

  it('a Service on Flannel without hairpin mode: healthy, and the hairpin and session pitfalls said as information', async () => {
    const d = await diagnose(c!.client, 'services', 'cart', options('shop'))
    expect(d.status).toBe('Healthy')
    expect(codes(d)).toEqual(['HairpinModeOff', 'SessionAffinityNone'])
    expect(d.findings[0]!.evidence).toContain('configmap kube-flannel/kube-flannel-cfg cni-conf.json: hairpinMode is not true')
  })

  it('a restart by a node reboot: healthy, with a note and what was checked', async () => {
    const d = await diagnose(c!.client, 'pods', 'web', options('shop'))
    expect(d.status).toBe('Healthy')
    expect(d.rootCause).toBeNull()
    expect(codes(d)).toEqual(['RestartedByNode'])
    expect(d.checked).toContain('restarts: app 1 (last: Unknown, exit code 255, 31m ago)')
    expect(d.checked).toContain('node: worker-1 (Ready=True)')
  })

  it('the 1.7 scheduler wording is read like the current one', async () => {
    const d = await diagnose(c!.client, 'pods', 'batch', options('shop'))
    expect(d.rootCause?.code).toBe('InsufficientResources')
    // Only web requests cpu on worker-1 (api's spec has no requests): 4 - 0.5 = 3.5 free.
    expect(d.rootCause?.evidence).toContain('node worker-1: allocatable 4 cpu, requested by running pods 0.5, free 3.5; this pod requests 6 → short by 2.5')
  })

  it('a Job past its backoffLimit', async () => {
    const d = await diagnose(c!.client, 'jobs', 'migrate', options('shop'))
    expect(codes(d)).toEqual(['JobFailed'])
  })

  it('a PVC whose StorageClass API the server does not serve: a note, not a crash', async () => {
    const d = await diagnose(c!.client, 'persistentvolumeclaims', 'data', options('shop'))
    expect(d.notes.join('\n')).toContain('the API server does not serve storageclasses.storage.k8s.io')
    expect(d.checked[0]).toBe('phase Pending')
  })

  it('an Ingress on a server without the Ingress API: says so', async () => {
    await expect(diagnose(c!.client, 'ingresses', 'shop', options('shop'))).rejects.toThrow('does not serve ingresses.networking.k8s.io')
  })

  it('a namespace with objects of unknown kinds around it still diagnoses', async () => {
    const d = await diagnose(c!.client, 'namespaces', 'shop', options('shop'))
    expect(codes(d)).toEqual(expect.arrayContaining(['ContainerCommandNotFound', 'InsufficientResources']))
  })

  it('the cluster scan finds the same causes, grouped', async () => {
    const d = await diagnose(c!.client, 'cluster', '', options('default'))
    expect(codes(d)).toEqual(expect.arrayContaining(['ContainerCommandNotFound', 'InsufficientResources']))
    expect(codes(d)).not.toContain('RestartedByNode')
    expect(d.target).toEqual({kind: 'Cluster', name: ''})
  })
})

describe('the demo cluster', () => {
  let c: Connected | undefined
  let metricsDown: Connected | undefined
  let metricsMissing: Connected | undefined
  beforeAll(async () => {
    ;[c, metricsDown, metricsMissing] = await Promise.all([
      open({scenario: 'demo'}),
      open({scenario: 'demo', faults: [{group: 'metrics.k8s.io', status: 503}]}),
      // No metrics-server installed: the aggregator serves no such group, a plain 404.
      open({scenario: 'demo', faults: [{group: 'metrics.k8s.io', status: 404, plainText: true, message: '404 page not found'}]}),
    ])
  })
  afterAll(async () => {
    await Promise.all([close(c), close(metricsDown), close(metricsMissing)])
  })

  it('statefulset: a healthy one says what was checked', async () => {
    const d = await diagnose(c!.client, 'statefulsets', 'postgres', options('payments'))
    expect(d.status).toBe('Healthy')
    expect(d.checked[0]).toMatch(/^replicas: 1 desired, 1 ready/)
  })

  it('daemonset: the daemon pod on the NotReady node, the node named as the cause', async () => {
    const d = await diagnose(c!.client, 'daemonsets', 'node-exporter', options('monitoring'))
    expect(d.status).toBe('ProblemsFound')
    expect(codes(d)).toContain('DaemonSetUnavailable')
    expect(d.rootCause?.code).not.toBe('DaemonSetUnavailable')
  })

  it('pvc: a Bound claim is healthy', async () => {
    const d = await diagnose(c!.client, 'persistentvolumeclaims', 'data-postgres-0', options('payments'))
    expect(d.status).toBe('Healthy')
    expect(d.checked[0]).toMatch(/^phase Bound/)
  })

  it('cluster: every demo failure, ranked, with nodes, DNS and the CNI checked', async () => {
    const d = await diagnose(c!.client, 'cluster', '', options('default', {top: 20}))
    expect(codes(d)).toEqual(expect.arrayContaining(['CniNotInitialized', 'InsufficientResources', 'CrashLoopBackOff', 'ReadinessProbeFailing', 'OOMKilled']))
    expect(codes(d).some((c) => c.startsWith('Image'))).toBe(true)
    expect(d.checked[0]).toBe('nodes: 4 (3 ready)')
    expect(d.checked).toContain('CoreDNS: 2/2 ready')
    // The top groups' sample pods are diagnosed in depth: the crash loop's previous log is quoted.
    const crash = d.findings.find((f) => f.code === 'CrashLoopBackOff')!
    expect(crash.evidence.some((e) => e.startsWith('in depth, pod shop/checkout-'))).toBe(true)
    expect(d.logs.some((l) => l.previous && l.lines.some((line) => line.includes('connection refused')))).toBe(true)
    const top2 = await diagnose(c!.client, 'cluster', '', options('default', {top: 2}))
    expect(top2.findings).toHaveLength(2)
    expect(top2.notes.join('\n')).toMatch(/more root cause\(s\) not shown \(--top 2\)/)
  })

  it.each([503, 404])('metrics unavailable (%i): the OOM kill is still named, and the report says what it could not read', async (status) => {
    const on = (status === 503 ? metricsDown : metricsMissing)!
    const pods = await on.client.list<{metadata: {name: string}}>('pods', {namespace: 'payments'})
    const ledger = pods.items.find((p) => p.metadata.name.startsWith('ledger-worker'))!.metadata.name
    const d = await diagnose(on.client, 'pods', ledger, options('payments'))
    expect(codes(d)).toContain('OOMKilled')
    expect(d.notes.join('\n')).toContain(`could not read pod metrics (metrics.k8s.io, HTTP ${status})`)
    const cluster = await diagnose(on.client, 'cluster', '', options('default'))
    expect(cluster.checked).toContain('metrics-server: not answering')
  })

  it('-o json keeps its schema: the same top-level keys for every kind', async () => {
    const keys = ['apiVersion', 'checked', 'events', 'findings', 'kind', 'logs', 'nodeHints', 'notes', 'rootCause', 'status', 'target']
    const pods = await c!.client.list<{metadata: {name: string}}>('pods', {namespace: 'shop'})
    const checkout = pods.items.find((p) => p.metadata.name.startsWith('checkout'))!.metadata.name
    const kinds = [['pods', checkout, 'shop'], ['deployments', 'checkout', 'shop'], ['statefulsets', 'postgres', 'payments'], ['daemonsets', 'node-exporter', 'monitoring'], ['persistentvolumeclaims', 'data-postgres-0', 'payments'], ['ingresses', 'web', 'shop'], ['services', 'recommendations', 'shop'], ['nodes', 'worker-3', 'default'], ['namespaces', 'shop', 'shop'], ['cluster', '', 'default']] as const
    for (const [resource, name, ns] of kinds) {
      const json = JSON.parse(JSON.stringify(await diagnose(c!.client, resource, name, options(ns)))) as Diagnosis
      expect(Object.keys(json).sort()).toEqual(keys)
      expect(json.rootCause).toEqual(json.findings.find((f) => f.severity !== 'info') ?? null)
      for (const finding of json.findings) expect(Object.keys(finding).sort()).toEqual(['code', 'evidence', 'remedy', 'severity', 'subject', 'summary'])
      for (const event of json.events) expect(Object.keys(event).sort()).toEqual(['count', 'firstSeen', 'from', 'lastSeen', 'message', 'object', 'reason', 'type'])
    }
  })
})

// The demo's Ingress with the controller its address implies: a Running ingress-nginx pod with the chart's labels.
describe('the demo cluster, with controllers running (its ingress-nginx controller included)', () => {
  let c: Connected | undefined
  beforeAll(async () => {
    c = await open({scenario: 'demo', controllers: {timeScale: 0.01}})
  })
  afterAll(() => close(c))

  it('ingress: every link of the chain checked, healthy, and the session-affinity pitfall said as information', async () => {
    const d = await diagnose(c!.client, 'ingresses', 'web', options('shop'))
    expect(d.checked).toEqual(['address: 203.0.113.50', 'class: nginx (k8s.io/ingress-nginx), controller pods running: 1', 'TLS secrets: web-tls (found)', 'rule shop.example.com/ → service web:80 (found), endpoints 3 ready'])
    expect(d.status).toBe('Healthy')
    expect(codes(d)).toEqual(['SessionAffinityNone'])
  })

  it('job: one whose pods exit 1 fails past its backoffLimit, and the failed pod is diagnosed with it', async () => {
    const template = {metadata: {labels: {app: 'migrate'}, annotations: {'sandbox.kubekit.dev/exit-code': '1'}}, spec: {restartPolicy: 'Never', containers: [{name: 'migrate', image: 'ghcr.io/example/shop-migrate:2.4.0'}]}}
    c!.sandbox.store.create({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'migrate', namespace: 'shop', generation: 1}, spec: {backoffLimit: 1, template}})
    await vi.waitFor(async () => expect(codes(await diagnose(c!.client, 'jobs', 'migrate', options('shop')))).toContain('JobFailed'), {timeout: 15_000, interval: 100})
    const d = await diagnose(c!.client, 'jobs', 'migrate', options('shop'))
    expect(d.findings.find((f) => f.code === 'JobFailed')!.summary).toBe('Job migrate failed: its pods failed more times than backoffLimit allows (backoffLimit 1, 2 failed pod(s)).')
    expect(codes(d)).toContain('ContainerFailed')
  })

  it('cronjob: a suspended one says so', async () => {
    c!.sandbox.store.create({apiVersion: 'batch/v1', kind: 'CronJob', metadata: {name: 'nightly-report', namespace: 'shop', generation: 1}, spec: {schedule: '0 2 * * *', suspend: true, jobTemplate: {spec: {template: {spec: {restartPolicy: 'OnFailure', containers: [{name: 'report', image: 'ghcr.io/example/shop-report:2.4.0'}]}}}}}})
    const d = await diagnose(c!.client, 'cronjobs', 'nightly-report', options('shop'))
    expect(codes(d)).toEqual(['CronJobSuspended'])
  })
})

describe('the scale scenario (small), in process', () => {
  let c: Connected | undefined
  beforeAll(async () => {
    c = await open({scenario: 'scale', scaleParams: {nodes: 60, pods: 1200, events: 300, namespaces: 6}})
  })
  afterAll(() => close(c))

  it('cluster: scans every page and groups the failing pods by cause', async () => {
    const d = await diagnose(c!.client, 'cluster', '', options('default'))
    expect(d.checked[0]).toBe('nodes: 60 (60 ready)')
    expect(d.checked[1]).toMatch(/^pods: 1200 in 9 namespace\(s\), \d+ failing$/)
    expect(d.findings.length).toBeGreaterThan(0)
    expect(d.findings[0]!.subject).toMatch(/objects|pod\//)
  })

  // The other workloads of a large cluster, a few of them failing: each kind diagnosed where it lives.
  it.each([
    ['statefulsets', 'team-000', 'postgres', []],
    ['statefulsets', 'team-003', 'postgres', ['CrashLoopBackOff', 'StatefulSetUnavailable']],
    ['daemonsets', 'kube-system', 'kube-proxy', []],
    ['daemonsets', 'logging', 'fluent-bit', ['OOMKilled', 'DaemonSetUnavailable']],
    ['cronjobs', 'team-000', 'nightly-report', []],
    ['cronjobs', 'team-004', 'nightly-report', ['ContainerFailed', 'JobFailed']],
    ['jobs', 'team-000', 'db-migrate-42', []],
    ['ingresses', 'team-000', 'web', ['SessionAffinityNone']],
    ['ingresses', 'team-002', 'web', ['IngressBackendServiceMissing']],
    ['persistentvolumeclaims', 'team-000', 'data-postgres-0', []],
    ['persistentvolumeclaims', 'team-001', 'uploads', ['StorageClassMissing']],
  ] as const)('%s %s/%s: %j', async (kind, namespace, name, expected) => {
    const d = await diagnose(c!.client, kind, name, options(namespace))
    expect(codes(d)).toEqual(expected)
    expect(d.status).toBe(expected.some((code) => code !== 'SessionAffinityNone') ? 'ProblemsFound' : 'Healthy')
  })
})

const ingressObjects: KubeObject[] = [
  {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}},
  {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'ingress-nginx'}},
  node,
  {apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: {name: 'nginx'}, spec: {controller: 'k8s.io/ingress-nginx'}},
  podObject('ingress-nginx-controller-5c8d66c76d-7xkqp', 'u-ctl', {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}]}),
  {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'shop'}, spec: {selector: {app: 'web-frontend'}, ports: [{name: 'http', port: 80, targetPort: 8080}]}},
  podObject('web', 'u-web', {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}], containerStatuses: [{name: 'app', ready: true, restartCount: 0, image: 'shop/web:1.0', imageID: '', state: {running: {startedAt: ago(3_600_000)}}}]}),
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {name: 'shop', namespace: 'shop'},
    spec: {ingressClassName: 'nginx', tls: [{hosts: ['shop.example.com'], secretName: 'shop-tls'}], rules: [{host: 'shop.example.com', http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: 'web', port: {number: 80}}}}]}}]},
    status: {loadBalancer: {ingress: [{ip: '47.96.10.20'}]}},
  },
]
// The controller pod lives in its own namespace with the chart's labels.
Object.assign(ingressObjects[4]!.metadata!, {namespace: 'ingress-nginx', labels: {'app.kubernetes.io/name': 'ingress-nginx'}})

describe('an Ingress chain on a sandbox that serves networking.k8s.io', () => {
  let c: Connected | undefined
  beforeAll(async () => {
    c = await open({objects: ingressObjects})
  })
  afterAll(() => close(c))

  it('names the first broken links: the TLS Secret, then the Service selecting nothing', async () => {
    const d = await diagnose(c!.client, 'ingresses', 'shop', options('shop'))
    expect(codes(d).slice(0, 2)).toEqual(['IngressTlsSecretMissing', 'ServiceSelectorMatchesNothing'])
    expect(d.checked).toContain('class: nginx (k8s.io/ingress-nginx), controller pods running: 1')
  })
})
