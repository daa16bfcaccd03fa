// diagnose against the sandbox's demo cluster, in process: the real API client over the
// sandbox's HTTP API, the core as the command calls it (the target parsed from KIND [NAME], the
// command's defaults), and the text report as the command prints it. test/commands/diagnose.test.ts
// runs the real binary for what only a process shows (exit codes, stdout and stderr).
import {describe, expect, it} from 'vitest'
import {diagnose as diagnoseCore} from '../../src/diagnose/diagnose.js'
import type {Diagnosis} from '../../src/diagnose/model.js'
import {renderDiagnosis} from '../../src/diagnose/report.js'
import {parseTarget} from '../../src/diagnose/target.js'
import type {KubeClient} from '../../src/kube/client.js'
import {painter} from '../../src/print/colour.js'
import {sandboxForFile} from '../helpers/kube.js'

const demo = sandboxForFile({scenario: 'demo'})
const denied = sandboxForFile({
  scenario: 'demo',
  deny: [
    {verb: 'get', resource: 'nodes/proxy'},
    {verb: 'list', resource: 'events'},
    {verb: 'list', resource: 'pods', namespace: 'shop'},
  ],
})

/** `kubectl diagnose KIND [NAME] [-n NAMESPACE]` with the command's defaults: the diagnosis, and the text it prints. */
async function diagnose(args: string[], on = demo): Promise<{d: Diagnosis; text: string}> {
  const namespaceAt = args.indexOf('-n')
  const namespace = namespaceAt >= 0 ? args[namespaceAt + 1]! : 'default'
  const [kind, name] = namespaceAt >= 0 ? args.filter((_, i) => i !== namespaceAt && i !== namespaceAt + 1) : args
  const target = parseTarget(kind!, name)
  const d = await diagnoseCore(on.client, target.resource, target.name, {namespace, tailLines: 20, logs: true, nodeLogs: true, maxPods: 3, top: 10})
  return {d, text: renderDiagnosis(d, painter(false), Date.now())}
}

/** The demo's pod names carry controller suffixes: find them the way a user would. */
async function podNamed(prefix: string, namespace: string, client: KubeClient = demo.client): Promise<string> {
  const {items} = await client.list<{metadata: {name: string}}>('pods', {namespace})
  const name = items.map((pod) => pod.metadata.name).find((n) => n.startsWith(prefix))
  if (!name) throw new Error(`no pod ${prefix}* in ${namespace}`)
  return name
}

function rootCauseLine(stdout: string): string {
  const lines = stdout.split('\n')
  const index = lines.findIndex((l) => l.startsWith('ROOT CAUSE'))
  return `${lines[index]}\n${lines[index + 1]}`
}

describe('diagnose against the demo cluster', () => {
  it('Pending on Insufficient cpu: the node it may use and how short it is', async () => {
    const name = await podNamed('report-generator', 'analytics')
    const {d, text} = await diagnose(['pod', name, '-n', 'analytics'])
    expect(rootCauseLine(text)).toBe(
      `ROOT CAUSE  InsufficientResources (CRITICAL, pod/${name})\n  Pending: no node has enough unrequested cpu for this pod (it requests 6): 1 node(s) report Insufficient cpu; the closest one it may use is worker-2, 4.18 cpu short.`,
    )
    expect(d.status).toBe('ProblemsFound')
    expect(d.rootCause?.code).toBe('InsufficientResources')
    expect(d.events.map((e) => e.reason)).toContain('FailedScheduling')
  })

  it('node NotReady with CNI not initialised: the kubelet and containerd logs from the node log query', async () => {
    const {d, text} = await diagnose(['node', 'worker-3'])
    expect(rootCauseLine(text)).toMatch(/^ROOT CAUSE {2}CniNotInitialized \(CRITICAL, node\/worker-3\)\n {2}NotReady for \d+m: the container runtime reports the pod network is not ready \(CNI plugin not initialised\)/)
    expect(d.nodeHints).toHaveLength(1)
    const [hints] = d.nodeHints
    expect(hints!.runtime).toBe('containerd')
    expect(hints!.logs.map((l) => [l.service, l.state])).toEqual([
      ['kubelet', 'fetched'],
      ['containerd', 'fetched'],
    ])
    expect(hints!.logs[0]!.lines.join('\n')).toContain('cni plugin not initialized')
    expect(hints!.commands).toContain('journalctl -u containerd -n 200 --no-pager')
  })

  it('CrashLoopBackOff: exit code classified, the previous run log quoted', async () => {
    const name = await podNamed('checkout', 'shop')
    const {d, text} = await diagnose([`pod/${name}`, '-n', 'shop'])
    expect(rootCauseLine(text)).toMatch(new RegExp(`^ROOT CAUSE  CrashLoopBackOff \\(CRITICAL, pod/${name}\\)\n  container "checkout" keeps crashing \\(CrashLoopBackOff\\): application error \\(exit code 1\\)`))
    expect(d.rootCause?.code).toBe('CrashLoopBackOff')
    expect(d.rootCause?.summary).toContain('application error (exit code 1)')
    expect(d.rootCause?.summary).toContain('its last run logged: panic: failed to connect to database')
    const previous = d.logs.find((l) => l.previous)
    expect(previous?.container).toBe('checkout')
    expect(previous?.lines.length).toBeGreaterThan(0)
  })

  it('ImagePullBackOff: the tag does not exist (containerd wording)', async () => {
    const name = await podNamed('payment-gateway', 'payments')
    const {d, text} = await diagnose(['po', name, '-n', 'payments'])
    expect(rootCauseLine(text)).toBe(
      `ROOT CAUSE  ImageNotFound (CRITICAL, pod/${name})\n  container "gateway" cannot start: the image "registry.example.com/payments/gateway:v2.3.1-rc" does not exist in the registry (containerd says so).`,
    )
    expect(d.rootCause?.code).toBe('ImageNotFound')
    expect(d.rootCause?.evidence.some((e) => e.includes('rpc error: code = NotFound'))).toBe(true)
    expect(d.nodeHints[0]?.commands).toContain(`crictl pods --name ${name}`)
  })

  it('OOMKilled: limit and live usage from metrics.k8s.io', async () => {
    const name = await podNamed('ledger-worker', 'payments')
    const {d, text} = await diagnose(['pod', name, '-n', 'payments'])
    expect(rootCauseLine(text)).toBe(`ROOT CAUSE  OOMKilled (CRITICAL, pod/${name})\n  container "worker" was OOMKilled (exit code 137): it used more than its 256Mi memory limit.`)
    expect(d.rootCause?.code).toBe('OOMKilled')
    expect(d.rootCause?.summary).toContain('256Mi memory limit')
    expect(d.rootCause?.evidence.some((e) => e.startsWith('memory usage now (metrics-server):'))).toBe(true)
    expect(d.rootCause?.remedy[0]).toContain('kubectl set resources deployment/ledger-worker')
  })

  it('failing readiness probe: the probe spec and the event', async () => {
    const name = await podNamed('cart', 'shop')
    const {d, text} = await diagnose(['pod', name, '-n', 'shop'])
    expect(rootCauseLine(text)).toMatch(new RegExp(`^ROOT CAUSE  ReadinessProbeFailing \\(CRITICAL, pod/${name}\\)\n  Running but not ready: the readiness probe of container "cart" fails \\(the endpoint answers HTTP 503\\), so Services do not route to it; its log says: .*i/o timeout`))
    expect(d.rootCause?.code).toBe('ReadinessProbeFailing')
    expect(d.rootCause?.evidence).toContain('readiness: http-get http://:8080/healthz/ready delay=5s timeout=1s period=10s #success=1 #failure=3')
  })

  it('a Service whose selector matches no pod, with the near miss', async () => {
    const {d, text} = await diagnose(['svc', 'recommendations', '-n', 'shop'])
    expect(rootCauseLine(text)).toMatch(/^ROOT CAUSE {2}ServiceSelectorMatchesNothing \(CRITICAL, service\/recommendations\)\n {2}The Service selects app=recommendation but no pod carries those labels, so it has no endpoints; the closest, pod\/recommender-\S+, has app=recommender\.$/)
    expect(d.target).toEqual({kind: 'Service', name: 'recommendations', namespace: 'shop'})
    expect(d.findings.map((f) => f.code)).toEqual(['ServiceSelectorMatchesNothing'])
    expect(d.rootCause?.evidence.find((e) => e.startsWith('near miss'))).toMatch(/app: selector wants "recommendation", pod has "recommender"$/)
  })

  it('a Deployment is diagnosed through its failing pod', async () => {
    const {d} = await diagnose(['deployment', 'checkout', '-n', 'shop'])
    expect(d.findings.map((f) => f.code)).toEqual(['CrashLoopBackOff', 'DeploymentUnavailable'])
  })

  it('a namespace lists what fails inside', async () => {
    const {d} = await diagnose(['ns', 'payments'])
    expect(d.target).toEqual({kind: 'Namespace', name: 'payments'})
    expect(d.findings.map((f) => f.code).sort()).toEqual(['DeploymentUnavailable', 'ImageNotFound', 'OOMKilled'])
  })

  it('a healthy pod: says so', async () => {
    const name = await podNamed('web', 'shop')
    const {d, text} = await diagnose(['pod', name, '-n', 'shop'])
    expect(text.split('\n')[0]).toBe(`Pod shop/${name}: healthy, no problems found.`)
    expect(d.status).toBe('Healthy')
  })
})

describe('diagnose without some rights', () => {
  it('no nodes/proxy and no events: the diagnosis still stands, with notes saying what is missing', async () => {
    const {d} = await diagnose(['node', 'worker-3'], denied)
    expect(d.rootCause?.code).toBe('CniNotInitialized')
    expect(d.nodeHints[0]!.logs.map((l) => l.state)).toEqual(['forbidden', 'forbidden'])
    expect(d.nodeHints[0]!.logs[0]!.note).toContain('nodes/proxy')
    expect(d.events).toEqual([])
    expect(d.notes.some((n) => n.startsWith('could not list events of node worker-3'))).toBe(true)
  })

  it('a Service whose pods may not be listed: the EndpointSlices still say it has no ready endpoints', async () => {
    const {d} = await diagnose(['svc', 'cart', '-n', 'shop'], denied)
    expect(d.rootCause?.code).toBe('ServiceNoReadyEndpoints')
    expect(d.notes.some((n) => n.startsWith('could not list pods in namespace shop'))).toBe(true)
  })

  it('the text report says why the kubelet log is missing', async () => {
    const {text} = await diagnose(['node', 'worker-3'], denied)
    expect(text).toContain('kubelet log: not fetched (forbidden): reading node logs needs RBAC verb "get" on nodes/proxy')
  })
})
