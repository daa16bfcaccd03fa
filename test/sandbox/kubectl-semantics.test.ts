// The real kubectl (1.32) as the oracle for the sandbox's request semantics: server-side dry
// runs change nothing, NamespaceLifecycle refuses kube-system, a deleted pod is Terminating
// before it goes, a deleted namespace is emptied and removed, kubectl debug adds an ephemeral
// container, and a server dry run shows the defaults.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {run} from '../helpers/run.js'

describe('kubectl against the sandbox: dry runs, deletion lifecycles, defaults', () => {
  let sandbox: Sandbox
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})
  const dir = mkdtempSync(join(tmpdir(), 'kubekit-semantics-'))
  const manifest = join(dir, 'configmap.yaml')
  writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\n  namespace: shop\ndata:\n  color: blue\n')

  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'demo', controllers: false, timing: {gracePeriodScale: 5}})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('diff, apply --dry-run=server and delete --dry-run=server leave the cluster as it was', async () => {
    const before = sandbox.store.resourceVersion
    const diff = await kubectl('diff', '-f', manifest)
    expect(diff.code).toBe(1) // kubectl diff exits 1 when there are differences
    expect(diff.stdout).toContain('+  color: blue')
    const apply = await kubectl('apply', '--dry-run=server', '--validate=false', '-f', manifest)
    expect(apply).toMatchObject({code: 0, stdout: 'configmap/web-config created (server dry run)\n'})
    const deleteSystem = await kubectl('delete', 'ns', 'kube-system', '--dry-run=server')
    expect(deleteSystem.code).toBe(1)
    expect(deleteSystem.stderr).toBe('Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted\n')
    const deleteShop = await kubectl('delete', 'ns', 'shop', '--dry-run=server')
    expect(deleteShop).toMatchObject({code: 0, stdout: 'namespace "shop" deleted (server dry run)\n'})
    expect(sandbox.store.resourceVersion).toBe(before)
    expect((await kubectl('get', 'ns', 'shop', 'kube-system', '-o', 'name')).stdout).toBe('namespace/shop\nnamespace/kube-system\n')
  })

  it('create deployment --dry-run=server -o yaml shows the server defaults', async () => {
    const result = await kubectl('create', 'deployment', 'web2', '--image=nginx', '-n', 'shop', '-o', 'yaml', '--dry-run=server')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/progressDeadlineSeconds: 600\n\s+replicas: 1\n\s+revisionHistoryLimit: 10/)
    expect(result.stdout).toMatch(/rollingUpdate:\n\s+maxSurge: 25%\n\s+maxUnavailable: 25%\n\s+type: RollingUpdate/)
    expect(result.stdout).toMatch(/imagePullPolicy: Always/)
    expect(result.stdout).toMatch(/terminationGracePeriodSeconds: 30/)
    expect(sandbox.store.get('deployments.apps', 'shop', 'web2')).toBeUndefined()
  })

  /** A pod bound to a node (so its deletion is graceful) whose grace period outlasts the test: 100 000 s at 5 ms a second. */
  const slowPod = (name: string, namespace: string) => kubectl('run', name, '-n', namespace, '--image=busybox:1.36', '--restart=Never', `--overrides={"spec":{"nodeName":"worker-1","terminationGracePeriodSeconds":100000}}`)

  it('delete pod: Terminating with its grace period, then gone when a shorter grace period ends it', async () => {
    expect((await slowPod('slow', 'shop')).code).toBe(0)
    expect((await kubectl('delete', 'pod', 'slow', '-n', 'shop', '--wait=false')).stdout).toBe('pod "slow" deleted\n')
    const terminating = await kubectl('get', 'pod', 'slow', '-n', 'shop', '-o', 'custom-columns=STATUS:.metadata.deletionTimestamp,GRACE:.metadata.deletionGracePeriodSeconds', '--no-headers')
    expect(terminating.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+100000\n$/)
    expect((await kubectl('get', 'pod', 'slow', '-n', 'shop')).stdout).toMatch(/\nslow\s+0\/1\s+Terminating\s/)
    expect((await kubectl('delete', 'pod', 'slow', '-n', 'shop', '--grace-period=1')).code).toBe(0) // waits until it is gone
    expect((await kubectl('get', 'pod', 'slow', '-n', 'shop')).stderr).toBe('Error from server (NotFound): pods "slow" not found\n')
  })

  it('delete ns: Terminating while a pod in it is, no new content, then emptied and removed', async () => {
    expect((await kubectl('create', 'ns', 'scratch')).code).toBe(0)
    expect((await kubectl('create', 'configmap', 'settings', '-n', 'scratch', '--from-literal=a=b')).code).toBe(0)
    expect((await kubectl('get', 'sa,cm', '-n', 'scratch', '-o', 'name')).stdout).toBe('serviceaccount/default\nconfigmap/kube-root-ca.crt\nconfigmap/settings\n')
    expect((await slowPod('holder', 'scratch')).code).toBe(0)
    expect((await kubectl('delete', 'ns', 'scratch', '--wait=false')).stdout).toBe('namespace "scratch" deleted\n')
    expect((await kubectl('get', 'ns', 'scratch', '--no-headers')).stdout).toMatch(/^scratch\s+Terminating\s/)
    const refused = await kubectl('create', 'configmap', 'late', '-n', 'scratch')
    expect(refused.stderr).toBe('error: failed to create configmap: configmaps "late" is forbidden: unable to create new content in namespace scratch because it is being terminated\n')
    expect((await kubectl('get', 'pod', 'holder', '-n', 'scratch', '--no-headers')).stdout).toMatch(/^holder\s+0\/1\s+Terminating\s/)
    const conditions = await kubectl('get', 'ns', 'scratch', '-o', 'jsonpath={range .status.conditions[?(@.status=="True")]}{.type}: {.message}{"\\n"}{end}')
    expect(conditions.stdout).toBe('NamespaceContentRemaining: Some resources are remaining: pods. has 1 resource instances\n')
    expect((await kubectl('delete', 'pod', 'holder', '-n', 'scratch', '--grace-period=0', '--force')).code).toBe(0)
    expect((await kubectl('wait', '--for=delete', 'ns/scratch', '--timeout=60s')).code).toBe(0)
    expect((await kubectl('get', 'ns', 'scratch')).stderr).toBe('Error from server (NotFound): namespaces "scratch" not found\n')
    expect(sandbox.store.list('configmaps', {namespace: 'scratch'}).entries).toEqual([])
  })

  it('kubectl debug adds an ephemeral container through pods/ephemeralcontainers', async () => {
    const name = sandbox.store.list('pods', {namespace: 'shop', filter: (e) => e.object.metadata?.labels?.app === 'cart'}).entries[0]!.object.metadata!.name!
    const result = await kubectl('debug', '-n', 'shop', name, '--image=busybox', '--profile=general')
    expect(result.code).toBe(0)
    const debugger_ = /Defaulting debug container name to (debugger-\w+)\./.exec(result.stdout)?.[1]
    expect(debugger_).toBeDefined()
    const names = await kubectl('get', 'pod', '-n', 'shop', name, '-o', 'jsonpath={.spec.ephemeralContainers[*].name}')
    expect(names.stdout).toBe(debugger_)
    const second = await kubectl('debug', '-n', 'shop', name, '--image=busybox', '--profile=general', '--container=second')
    expect(second.code).toBe(0)
    const both = await kubectl('get', 'pod', '-n', 'shop', name, '-o', 'jsonpath={.spec.ephemeralContainers[*].name}')
    expect(both.stdout).toBe(`${debugger_} second`)
  })
})
