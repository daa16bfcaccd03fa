// diagnose audit against the sandbox, through the real API client: the demo scenario's
// violations, the scale scenario (small) paged through, and a forbidden read that skips its check.
// Manifest mode is test/diagnose/audit/manifests.test.ts.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {auditCluster, renderAudit} from '../../../src/diagnose/audit/index.js'
import type {Audit} from '../../../src/diagnose/audit/index.js'
import {connect, type KubeClient} from '../../../src/kube/client.js'
import {painter} from '../../../src/print/colour.js'
import {startSandbox, type Sandbox} from '../../../src/sandbox/index.js'

const failing = (audit: Audit) => audit.checks.filter((c) => c.status === 'failed').map((c) => c.id).sort()
const objectsOf = (audit: Audit, id: string) => audit.checks.find((c) => c.id === id)?.objects.map((o) => o.object) ?? []

describe('audit of the demo scenario', () => {
  let sandbox: Sandbox
  let client: KubeClient
  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'demo', controllers: false})
    client = await connect({kubeconfig: sandbox.kubeconfigPath, env: {}})
  })
  afterAll(async () => {
    client?.close()
    await sandbox?.stop()
  })

  it('-n shop names each workload once, by its template, with a patch', async () => {
    const audit = await auditCluster(client, {namespace: 'shop', allNamespaces: false, includeSystem: false, top: 10})
    expect(audit.summary.workloads).toBe(4)
    expect(failing(audit)).toEqual(['capabilities', 'graceful-shutdown', 'image-registry', 'liveness-probe', 'readiness-probe', 'resource-quota', 'run-as-non-root'])
    expect(objectsOf(audit, 'readiness-probe')).toEqual(['deployment/shop/checkout', 'deployment/shop/recommender'])
    expect(audit.checks.find((c) => c.id === 'readiness-probe')!.objects[0]!.remedy[0]).toMatch(/^kubectl patch deployment\/checkout -n shop --type=strategic -p '\{"spec":\{"template"/)
    // The demo's shop namespace has no ResourceQuota; nodes need -A.
    expect(objectsOf(audit, 'resource-quota')).toEqual(['namespace/shop'])
    expect(audit.checks.find((c) => c.id === 'control-plane-taint')).toMatchObject({status: 'skipped'})
    expect(audit.namespaces).toEqual([expect.objectContaining({name: 'shop', workloads: 4})])
    expect(renderAudit(audit, painter(false))).toMatch(/^FAIL readiness-probe \(WARNING\): 2 of 4 failing in 1 namespace$/m)
  })

  it('-A finds the StatefulSets without claims, the DaemonSet and the ingress controller without a PriorityClass, and checks the control-plane taint', async () => {
    const audit = await auditCluster(client, {namespace: 'default', allNamespaces: true, includeSystem: false, top: 10})
    expect(objectsOf(audit, 'persistent-data')).toEqual(['statefulset/monitoring/prometheus', 'statefulset/payments/postgres'])
    expect(objectsOf(audit, 'priority-class')).toEqual(['deployment/ingress-nginx/ingress-nginx-controller', 'daemonset/monitoring/node-exporter'])
    expect(audit.checks.find((c) => c.id === 'control-plane-taint')).toMatchObject({status: 'passed', checked: 1})
    expect(audit.namespaces.map((n) => n.name)).not.toContain('kube-system')
  })

  it('one workload: only its template', async () => {
    const audit = await auditCluster(client, {namespace: 'payments', allNamespaces: false, object: 'statefulset/postgres', includeSystem: false, top: 10})
    expect(audit.scope).toBe('statefulset payments/postgres')
    expect(objectsOf(audit, 'persistent-data')).toEqual(['statefulset/payments/postgres'])
  })
})

describe('audit with a forbidden read', () => {
  let sandbox: Sandbox
  let client: KubeClient
  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'demo', controllers: false, users: [{name: 'dev', token: 'dev-token'}], deny: [{user: 'dev', resource: 'nodes'}, {user: 'dev', resource: 'daemonsets', group: 'apps'}]})
    client = await connect({kubeconfig: sandbox.kubeconfigPath, token: 'dev-token', env: {}})
  })
  afterAll(async () => {
    client?.close()
    await sandbox?.stop()
  })

  it('skips the node check with the reason and notes the workloads it could not list', async () => {
    const audit = await auditCluster(client, {namespace: 'default', allNamespaces: true, includeSystem: false, top: 10})
    expect(audit.checks.find((c) => c.id === 'control-plane-taint')).toMatchObject({status: 'skipped', skipped: expect.stringMatching(/could not list nodes: .*forbidden/i)})
    expect(audit.notes.join('\n')).toMatch(/could not list daemonsets/)
    // The DaemonSets could not be listed; the ingress controller's Deployment could.
    expect(objectsOf(audit, 'priority-class')).toEqual(['deployment/ingress-nginx/ingress-nginx-controller'])
  })
})

describe('audit of the scale scenario (small)', () => {
  let sandbox: Sandbox
  let client: KubeClient
  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'scale', scaleParams: {nodes: 40, pods: 1200, events: 100, namespaces: 6}, controllers: false})
    client = await connect({kubeconfig: sandbox.kubeconfigPath, env: {}})
  })
  afterAll(async () => {
    client?.close()
    await sandbox?.stop()
  })

  it('audits every workload once (a Deployment, not its 20 replicas), across namespaces, page by page', async () => {
    const audit = await auditCluster(client, {namespace: 'default', allNamespaces: true, includeSystem: false, top: 5})
    // 60 Deployments, plus the DaemonSets, StatefulSets, CronJobs and Jobs of a large cluster.
    expect(audit.summary.workloads).toBe(68)
    expect(audit.summary.nodes).toBe(40)
    expect(audit.namespaces).toHaveLength(8)
    const liveness = audit.checks.find((c) => c.id === 'liveness-probe')!
    expect(liveness).toMatchObject({failed: 63, namespaces: 8})
    expect(liveness.objects).toHaveLength(5)
  })
})
