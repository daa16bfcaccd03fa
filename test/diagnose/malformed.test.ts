// A server that sends a pod with `spec: null` (read as Go reads it: an empty spec, no containers)
// gets a diagnosis, never `pod.spec.containers is not iterable`: a small fake API server serves
// such pods through the real client, and every rule that reads the containers runs over them.
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {diagnose} from '../../src/diagnose/diagnose.js'
import {connect, type KubeClient} from '../../src/kube/client.js'

const ago = (ms: number) => new Date(Date.now() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const list = (items: object[]) => ({kind: 'List', apiVersion: 'v1', metadata: {resourceVersion: '1'}, items})

const crashing = {
  metadata: {name: 'crashing', namespace: 'shop', uid: 'u-crashing', labels: {app: 'web'}, creationTimestamp: ago(3_600_000)},
  spec: null,
  status: {phase: 'Running', conditions: [{type: 'Ready', status: 'False'}], containerStatuses: [{name: 'app', ready: false, restartCount: 4, state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 1m20s'}}, lastState: {terminated: {exitCode: 1, reason: 'Error', finishedAt: ago(60_000)}}}]},
}
const pending = {
  metadata: {name: 'pending', namespace: 'shop', uid: 'u-pending', labels: {app: 'web'}, creationTimestamp: ago(600_000)},
  spec: null,
  status: {phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports."}]},
}
const service = {metadata: {name: 'web', namespace: 'shop', uid: 'u-web'}, spec: {selector: {app: 'web'}, ports: [{port: 80, targetPort: 'http'}]}}
const probeEvent = {
  metadata: {name: 'crashing.unhealthy', namespace: 'shop'},
  involvedObject: {kind: 'Pod', name: 'crashing', namespace: 'shop', uid: 'u-crashing'},
  reason: 'Unhealthy',
  type: 'Warning',
  message: 'Liveness probe failed: HTTP probe failed with statuscode: 500',
  count: 3,
  lastTimestamp: ago(30_000),
}

/** What the fake server answers, by path; any other list is empty, any other object missing. */
const answers: Record<string, object> = {
  '/api/v1/namespaces/shop': {kind: 'Namespace', metadata: {name: 'shop'}, status: {phase: 'Active'}},
  '/api/v1/namespaces/shop/pods/crashing': crashing,
  '/api/v1/namespaces/shop/pods/pending': pending,
  '/api/v1/namespaces/shop/pods': list([crashing, pending]),
  '/api/v1/namespaces/shop/services/web': service,
  '/api/v1/namespaces/shop/services': list([service]),
  '/api/v1/namespaces/shop/events': list([probeEvent]),
}
const lists = /\/(events|pods|nodes|endpointslices|deployments|replicasets|daemonsets|ingresses|services)$/

let server: http.Server
let client: KubeClient
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname
    const body = answers[path] ?? (lists.test(path) ? list([]) : undefined)
    if (body) res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(body))
    else res.writeHead(404, {'content-type': 'application/json'}).end(JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found`}))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const dir = mkdtempSync(join(tmpdir(), 'kubekit-malformed-'))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  writeFileSync(join(dir, 'config'), JSON.stringify({apiVersion: 'v1', kind: 'Config', 'current-context': 'c', clusters: [{name: 'k', cluster: {server: url}}], users: [{name: 'u', user: {}}], contexts: [{name: 'c', context: {cluster: 'k', user: 'u'}}]}))
  client = await connect({kubeconfig: join(dir, 'config'), env: {}}, {tuning: {retryBackoff: {initialMs: 5, maxMs: 10}}})
})
afterAll(() => {
  client?.close()
  server?.closeAllConnections()
  server?.close()
})

const options = {namespace: 'shop', tailLines: 5, logs: true, nodeLogs: false, maxPods: 3}

describe('pods sent with spec: null', () => {
  it('a crashing pod without containers is diagnosed from its statuses', async () => {
    const d = await diagnose(client, 'pods', 'crashing', options)
    expect(d.status).toBe('ProblemsFound')
    expect(d.rootCause?.code).toBe('CrashLoopBackOff')
    expect(d.checked).toContain('containers ready: 0/0')
  })

  it('a pending pod without containers: the host port cause, with no ports in its spec', async () => {
    const d = await diagnose(client, 'pods', 'pending', options)
    expect(d.rootCause?.code).toBe('HostPortConflict')
    expect(d.rootCause?.evidence).toContain('hostPorts: <none in the spec>')
  })

  it('a Service with a named targetPort over such pods: no pod declares the port', async () => {
    const d = await diagnose(client, 'services', 'web', options)
    expect(d.findings.map((f) => f.code)).toContain('ServiceTargetPortMismatch')
    expect(d.findings.find((f) => f.code === 'ServiceTargetPortMismatch')?.evidence).toContain('pod/crashing ports: <none>')
  })

  it('the namespace: both pods diagnosed', async () => {
    const d = await diagnose(client, 'namespaces', 'shop', options)
    expect(d.status).toBe('ProblemsFound')
    expect(d.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['CrashLoopBackOff', 'HostPortConflict']))
  })
})
