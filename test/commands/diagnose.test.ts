// `kubectl diagnose` as a real process against the demo sandbox (running in this process): what
// only a process shows, which is the exit code (0 whatever was found, 3 with --exit-code, 1 when
// it could not diagnose) and what goes to stdout and stderr, in each output format. What the
// diagnoses say is tested in process (test/diagnose/diagnose.test.ts and the rules' own tests).
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {Audit} from '../../src/diagnose/audit/index.js'
import type {Diagnosis} from '../../src/diagnose/model.js'
import {sandboxForFile} from '../helpers/kube.js'
import {run} from '../helpers/run.js'

const demo = sandboxForFile({scenario: 'demo'})
const denied = sandboxForFile({scenario: 'demo', deny: [{verb: 'get', resource: 'nodes/proxy'}, {verb: 'list', resource: 'events'}]})

const home = mkdtempSync(join(tmpdir(), 'kubekit-diagnose-'))
const diagnose = (args: string[], on = demo) => run('kubectl-diagnose', args, {KUBECONFIG: on.sandbox.kubeconfigPath, HOME: home})

async function podNamed(prefix: string, namespace: string): Promise<string> {
  const {items} = await demo.client.list<{metadata: {name: string}}>('pods', {namespace})
  const name = items.map((pod) => pod.metadata.name).find((n) => n.startsWith(prefix))
  if (!name) throw new Error(`no pod ${prefix}* in ${namespace}`)
  return name
}

describe('kubectl diagnose as a process', () => {
  it('a problem found: the report on stdout, nothing on stderr, exit 0', async () => {
    const name = await podNamed('report-generator', 'analytics')
    const result = await diagnose(['pod', name, '-n', 'analytics'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`ROOT CAUSE  InsufficientResources (CRITICAL, pod/${name})\n  Pending: no node has enough unrequested cpu`)
  })

  it('a healthy pod: exit 0 and says so', async () => {
    const name = await podNamed('web', 'shop')
    const result = await diagnose(['pod', name, '-n', 'shop'])
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')[0]).toBe(`Pod shop/${name}: healthy, no problems found.`)
  })

  it('-o json is the diagnosis alone on stdout', async () => {
    const result = await diagnose(['svc', 'recommendations', '-n', 'shop', '-o', 'json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const d = JSON.parse(result.stdout) as Diagnosis
    expect(d.target).toEqual({kind: 'Service', name: 'recommendations', namespace: 'shop'})
    expect(d.findings.map((f) => f.code)).toEqual(['ServiceSelectorMatchesNothing'])
  })

  it('-o yaml repeats the root cause in full (no YAML anchors)', async () => {
    const result = await diagnose(['svc', 'recommendations', '-n', 'shop', '-o', 'yaml'])
    expect(result.stdout).toMatch(/^rootCause:\n {2}code: ServiceSelectorMatchesNothing$/m)
    expect(result.stdout).not.toMatch(/[&*]a\d/)
  })

  it('--exit-code exits 3 when problems were found', async () => {
    expect((await diagnose(['svc', 'recommendations', '-n', 'shop', '--exit-code'])).code).toBe(3)
  })

  it('an object that does not exist is an error: one line, exit 1', async () => {
    const result = await diagnose(['pod', 'nope', '-n', 'shop'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n')[0]).toMatch(/^error: pod "nope" not found in namespace "shop"/)
  })

  it('without the rights to some reads, the diagnosis still stands: exit 0, the report says what is missing', async () => {
    const result = await diagnose(['node', 'worker-3'], denied)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('kubelet log: not fetched (forbidden): reading node logs needs RBAC verb "get" on nodes/proxy')
  })
})

describe('kubectl diagnose audit as a process', () => {
  it('--exit-code exits 3 when a check fails, after the report', async () => {
    const result = await diagnose(['audit', '-n', 'shop', '--exit-code'])
    expect(result.code).toBe(3)
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^FAIL readiness-probe \(WARNING\)/m)
  })

  it('-o json is the audit alone, in the shape the README documents', async () => {
    const result = await diagnose(['audit', '-n', 'shop', '-o', 'json'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const audit = JSON.parse(result.stdout) as Audit
    expect(Object.keys(audit).sort()).toEqual(['apiVersion', 'checks', 'kind', 'namespaces', 'notes', 'scope', 'status', 'summary'])
    expect(audit).toMatchObject({apiVersion: 'kubekit.dev/v1', kind: 'Audit', scope: 'namespace shop', status: 'ProblemsFound'})
    expect(Object.keys(audit.summary).sort()).toEqual(['failedChecks', 'namespaces', 'nodes', 'score', 'skippedChecks', 'workloads'])
    const failed = audit.checks.find((c) => c.status === 'failed')!
    expect(Object.keys(failed).sort()).toEqual(['checked', 'consequence', 'failed', 'id', 'namespaces', 'objects', 'severity', 'status', 'title'])
    expect(Object.keys(failed.objects[0]!).sort()).toEqual(['evidence', 'namespace', 'object', 'remedy', 'severity', 'summary'])
    expect(audit.checks.find((c) => c.status === 'skipped')?.skipped).toEqual(expect.any(String))
    expect(Object.keys(audit.namespaces[0]!).sort()).toEqual(['failed', 'name', 'score', 'workloads'])
    expect(Object.keys(audit.namespaces[0]!.failed).sort()).toEqual(['critical', 'info', 'warning'])
  })

  it('-f audits manifests with no cluster at all (the kubeconfig names none), for CI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-audit-manifests-'))
    writeFileSync(join(dir, 'web.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: nginx:latest}]\n')
    const result = await run('kubectl-diagnose', ['audit', '-f', dir, '--exit-code'], {KUBECONFIG: join(dir, 'no-such-kubeconfig'), HOME: home})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(3)
    expect(result.stdout).toMatch(/^FAIL image-tag /m)
  })
})
