// A verdict never rests on data that could not be read: when a list the verdict needs (a
// namespace's or workload's pods, a Service's endpoints) fails, through the sandbox's faults, the
// diagnosis says it was not checked and never calls the target healthy. With nothing else wrong
// no diagnosis is made (one error line, exit 1); with problems found they are reported (exit 0).
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {NoVerdict} from '../../src/diagnose/core.js'
import {diagnose, type DiagnoseOptions} from '../../src/diagnose/diagnose.js'
import type {Diagnosis} from '../../src/diagnose/model.js'
import type {DiagnoseResource} from '../../src/diagnose/target.js'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {KubeError} from '../../src/kube/errors.js'
import type {FaultRule} from '../../src/sandbox/faults.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {run} from '../helpers/run.js'

const options = (namespace: string): DiagnoseOptions => ({namespace, tailLines: 5, logs: false, nodeLogs: false, maxPods: 3})
const listFails = (resource: string): FaultRule => ({verb: 'list', resource, status: 500})

let sandbox: Sandbox
let client: KubeClient
beforeAll(async () => {
  sandbox = await startSandbox({scenario: 'demo', controllers: false})
  // --request-timeout 1s, and quick retries: a 500 is retried (twice) before it is reported.
  client = await connect({kubeconfig: sandbox.kubeconfigPath, requestTimeout: '1s', env: {}}, {tuning: {retryBackoff: {initialMs: 5, maxMs: 10}}})
})
afterAll(async () => {
  client?.close()
  await sandbox?.stop()
})
afterEach(() => sandbox.faults.clear())

async function noVerdict(resource: DiagnoseResource, name: string, namespace: string): Promise<string> {
  const error: unknown = await diagnose(client, resource, name, options(namespace)).then(
    (d) => d,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(NoVerdict)
  return (error as Error).message
}

describe('a failed read is never a healthy verdict', () => {
  it('namespace: pods stalled past --request-timeout: no verdict, and says why', async () => {
    sandbox.faults.add({verb: 'list', resource: 'pods', stallAfterHeaders: true})
    expect(await noVerdict('namespaces', 'kube-system', 'default')).toBe(
      `cannot diagnose namespace kube-system: could not list pods in namespace kube-system: the API server at ${sandbox.url} (context "kubekit-sandbox") did not answer within 1s (--request-timeout); nothing that could be read shows a problem, and a verdict cannot rest on what was not read`,
    )
  })

  // Each was Healthy in the demo before the fault (test/diagnose/kinds.integration.test.ts and diagnose.test.ts).
  it.each([
    ['namespaces', 'kube-system', 'default', 'pods', 'pods in namespace kube-system'],
    ['namespaces', 'kube-system', 'default', 'services', 'services in namespace kube-system'],
    ['deployments', 'web', 'shop', 'pods', 'pods in namespace shop'],
    ['deployments', 'web', 'shop', 'replicasets', 'replicasets in namespace shop'],
    ['services', 'web', 'shop', 'endpointslices', 'endpointslices of service web'],
    ['statefulsets', 'postgres', 'payments', 'pods', 'pods in namespace payments'],
    ['daemonsets', 'kube-proxy', 'kube-system', 'pods', 'pods in namespace kube-system'],
    ['persistentvolumeclaims', 'data-postgres-0', 'payments', 'pods', 'pods in namespace payments'],
  ] as const)('%s %s: list of %s fails (500 after retries): no verdict', async (resource, name, namespace, failing, what) => {
    sandbox.faults.add(listFails(failing))
    const message = await noVerdict(resource, name, namespace)
    expect(message).toContain(`: could not list ${what}: `)
    expect(message).toContain('nothing that could be read shows a problem')
  })

  it('namespace with problems and its pods unread: the problems, and the pods said to be not checked (no "pods: 0")', async () => {
    sandbox.faults.add(listFails('pods'))
    const d: Diagnosis = await diagnose(client, 'namespaces', 'payments', options('payments'))
    expect(d.status).toBe('ProblemsFound')
    expect(d.findings.map((f) => f.code)).toContain('DeploymentUnavailable')
    expect(d.checked).toContain('pods in namespace payments: not checked (could not be read; see Notes)')
    expect(d.checked.some((line) => line.startsWith('pods: '))).toBe(false)
    expect(d.notes.some((n) => n.startsWith('could not list pods in namespace payments: '))).toBe(true)
    const unavailable = d.findings.find((f) => f.code === 'DeploymentUnavailable')!
    expect(unavailable.remedy.join(' ')).not.toContain('No pods exist')
  })

  it('cluster: the pods cannot be scanned: it fails instead of counting none', async () => {
    sandbox.faults.add(listFails('pods'))
    await expect(diagnose(client, 'cluster', '', options('default'))).rejects.toBeInstanceOf(KubeError)
  })

  it('node: its verdict rests on its conditions; pods it could not list are said to be not checked', async () => {
    sandbox.faults.add(listFails('pods'))
    const d = await diagnose(client, 'nodes', 'worker-1', options('default'))
    expect(d.checked).toContain('pods on node worker-1: not checked (could not be read; see Notes)')
  })

  describe('as a process: the exit codes', () => {
    const home = mkdtempSync(join(tmpdir(), 'kubekit-diagnose-unread-'))
    const command = (args: string[]) => run('kubectl-diagnose', [...args, '--request-timeout', '1s'], {KUBECONFIG: sandbox.kubeconfigPath, HOME: home})

    it('no verdict: one error line, nothing on stdout, exit 1', async () => {
      sandbox.faults.add({verb: 'list', resource: 'pods', stallAfterHeaders: true})
      const result = await command(['ns', 'kube-system'])
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(/^error: cannot diagnose namespace kube-system: could not list pods in namespace kube-system: .* did not answer within 1s \(--request-timeout\); nothing that could be read shows a problem, and a verdict cannot rest on what was not read\n$/)
      expect(result.code).toBe(1)
    })

    it('problems found without the pods: the report, exit 0 (3 with --exit-code)', async () => {
      sandbox.faults.add(listFails('pods'))
      const result = await command(['ns', 'payments'])
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('  - pods in namespace payments: not checked (could not be read; see Notes)\n')
      expect((await command(['ns', 'payments', '--exit-code'])).code).toBe(3)
    })
  })
})
