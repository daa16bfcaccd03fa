// What every real cluster has, whatever the scenario, seen through the real kubectl (1.32): the
// bootstrap ClusterRoles (admin, edit and view with their aggregated rules) and
// ClusterRoleBindings, a CSINode per node, and an APIService per served group version.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../../src/sandbox/index.js'
import {run} from '../../helpers/run.js'

describe('bootstrap objects of every sandbox', () => {
  let sandbox: Sandbox
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})
  const names = async (...args: string[]) => (await kubectl('get', ...args, '-o', 'name')).stdout.trim().split('\n')

  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'demo', controllers: false})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('has the default ClusterRoles and their bindings', async () => {
    const roles = await names('clusterroles')
    expect(roles).toEqual(expect.arrayContaining(['clusterrole.rbac.authorization.k8s.io/cluster-admin', 'clusterrole.rbac.authorization.k8s.io/admin', 'clusterrole.rbac.authorization.k8s.io/edit', 'clusterrole.rbac.authorization.k8s.io/view', 'clusterrole.rbac.authorization.k8s.io/system:node', 'clusterrole.rbac.authorization.k8s.io/system:discovery', 'clusterrole.rbac.authorization.k8s.io/system:basic-user']))
    expect(roles).toHaveLength(31)
    const bindings = await kubectl('get', 'clusterrolebindings', 'cluster-admin', 'system:public-info-viewer', 'system:kube-dns', 'system:node', '-o', 'custom-columns=NAME:.metadata.name,ROLE:.roleRef.name,KIND:.subjects[*].kind,SUBJECTS:.subjects[*].name', '--no-headers')
    expect(bindings.stdout.split('\n').map((l) => l.split(/\s+/))).toEqual([
      ['cluster-admin', 'cluster-admin', 'Group', 'system:masters'],
      ['system:public-info-viewer', 'system:public-info-viewer', 'Group,Group', 'system:authenticated,system:unauthenticated'],
      ['system:kube-dns', 'system:kube-dns', 'ServiceAccount', 'kube-dns'],
      ['system:node', 'system:node', '<none>', '<none>'],
      [''],
    ])
  })

  it('aggregates view into edit and edit into admin, as the aggregation controller does', async () => {
    const rules = async (role: string) => JSON.parse((await kubectl('get', 'clusterrole', role, '-o', 'json')).stdout).rules as Array<{apiGroups?: string[]; resources?: string[]; verbs: string[]}>
    const [view, edit, admin] = [await rules('view'), await rules('edit'), await rules('admin')]
    expect(view).toContainEqual({apiGroups: ['policy'], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'], verbs: ['get', 'list', 'watch']})
    expect(view.some((r) => r.verbs.includes('create'))).toBe(false)
    expect(edit.slice(-view.length)).toEqual(view)
    expect(edit).toContainEqual({apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update']})
    expect(admin.slice(0, edit.length)).toEqual(edit)
    expect(admin.at(-1)).toEqual({apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']})
    const describe = await kubectl('describe', 'clusterrole', 'view')
    expect(describe.stdout).toMatch(/Labels:\s+kubernetes\.io\/bootstrapping=rbac-defaults\n\s+rbac\.authorization\.k8s\.io\/aggregate-to-edit=true\n/)
  })

  it('has a CSINode per node, owned by the node, listing the CSI driver of the storage classes', async () => {
    expect((await kubectl('get', 'csinodes', '--no-headers')).stdout).toMatch(/^cp-1\s+1\s+\d+d\nworker-1\s+1\s+\d+d\nworker-2\s+1\s+\d+d\nworker-3\s+1\s+\d+m\n$/)
    const csiNode = JSON.parse((await kubectl('get', 'csinode', 'worker-1', '-o', 'json')).stdout)
    const node = JSON.parse((await kubectl('get', 'node', 'worker-1', '-o', 'json')).stdout)
    expect(csiNode.metadata.ownerReferences).toEqual([{apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: node.metadata.uid}])
    expect(csiNode.spec.drivers).toEqual([{name: 'ebs.csi.aws.com', nodeID: 'worker-1', topologyKeys: null}])
  })

  it('lists an APIService per served group version, Local and available, and metrics-server’s', async () => {
    const apiServices = await kubectl('get', 'apiservices')
    expect(apiServices.stdout.split('\n')[0]).toMatch(/^NAME\s+SERVICE\s+AVAILABLE\s+AGE$/)
    expect(apiServices.stdout).toMatch(/\nv1\.\s+Local\s+True\s+\d+d\n/)
    expect(apiServices.stdout).toMatch(/\nv2\.autoscaling\s+Local\s+True\s+\d+d\n/)
    expect(apiServices.stdout).toMatch(/\nv1beta1\.metrics\.k8s\.io\s+kube-system\/metrics-server\s+True\s+\d+d\n/)
    const served = JSON.parse((await kubectl('get', '--raw', '/apis')).stdout).groups.map((g: {preferredVersion: {groupVersion: string}}) => g.preferredVersion.groupVersion)
    const registered = (await names('apiservices')).map((n) => n.replace('apiservice.apiregistration.k8s.io/', ''))
    expect(registered.sort()).toEqual(['v1.', ...served.map((gv: string) => `${gv.split('/')[1]}.${gv.split('/')[0]}`)].sort())
  })
})

describe('bootstrap objects a scenario leaves out or defines', () => {
  it('serves no metrics APIService without metrics, and keeps a scenario’s own ClusterRole', async () => {
    const own = {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {name: 'view'}, rules: []}
    const sandbox = await startSandbox({scenario: 'empty', objects: [own], metrics: false, controllers: false})
    try {
      expect(sandbox.store.get('apiservices.apiregistration.k8s.io', undefined, 'v1beta1.metrics.k8s.io')).toBeUndefined()
      expect(sandbox.store.get('apiservices.apiregistration.k8s.io', undefined, 'v1.apps')).toBeDefined()
      expect(sandbox.store.get('clusterroles.rbac.authorization.k8s.io', undefined, 'view')!.object.rules).toEqual([])
      expect(sandbox.store.list('csinodes.storage.k8s.io').entries).toEqual([])
    } finally {
      await sandbox.stop()
    }
  })
})

describe('a node registered later', () => {
  it('gets its CSINode from its kubelet, and loses it with the node', async () => {
    const sandbox = await startSandbox({scenario: 'empty', http: true, controllers: {timeScale: 0.01}})
    const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})
    try {
      const created = await run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, 'create', '-f', '-'], {HOME: '/nonexistent'}, '{"apiVersion":"v1","kind":"Node","metadata":{"name":"late"}}')
      expect(created).toMatchObject({code: 0, stdout: 'node/late created\n'})
      const csiNode = sandbox.store.get('csinodes.storage.k8s.io', undefined, 'late')?.object
      expect(csiNode?.metadata?.ownerReferences).toEqual([{apiVersion: 'v1', kind: 'Node', name: 'late', uid: sandbox.store.get('nodes', undefined, 'late')!.object.metadata!.uid}])
      expect(csiNode?.spec).toEqual({drivers: null})
      expect((await kubectl('delete', 'node', 'late')).code).toBe(0)
      expect((await kubectl('wait', '--for=delete', 'csinode/late', '--timeout=30s')).code).toBe(0)
    } finally {
      await sandbox.stop()
    }
  })
})

describe('APIServices of custom resources', () => {
  const crd = (group: string, plural: string) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {name: `${plural}.${group}`},
    spec: {group, scope: 'Namespaced', names: {plural, singular: plural.slice(0, -1), kind: 'Thing'}, versions: [{name: 'v1', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}}]},
  })
  const apiService = (sandbox: Sandbox, name: string) => sandbox.store.get('apiservices.apiregistration.k8s.io', undefined, name)?.object

  it('registers a group version a definition brings, Local, and removes it with the last definition of that group version', async () => {
    const sandbox = await startSandbox({scenario: 'empty', objects: [crd('stable.example.com', 'crontabs')], controllers: false})
    const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})
    try {
      expect(apiService(sandbox, 'v1.stable.example.com')).toMatchObject({metadata: {labels: {'kube-aggregator.kubernetes.io/automanaged': 'true'}}, spec: {group: 'stable.example.com', version: 'v1', groupPriorityMinimum: 1000, versionPriority: 100}})
      expect((await run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, 'create', '-f', '-'], {HOME: '/nonexistent'}, JSON.stringify(crd('example.com', 'widgets')))).code).toBe(0)
      expect((await run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, 'create', '-f', '-'], {HOME: '/nonexistent'}, JSON.stringify(crd('example.com', 'gadgets')))).code).toBe(0)
      expect((await kubectl('get', 'apiservice', 'v1.example.com', '--no-headers')).stdout).toMatch(/^v1\.example\.com\s+Local\s+True\s+\d+s\n$/)
      expect((await kubectl('delete', 'crd', 'widgets.example.com')).code).toBe(0)
      expect(apiService(sandbox, 'v1.example.com')).toBeDefined()
      expect((await kubectl('delete', 'crd', 'gadgets.example.com')).code).toBe(0)
      expect((await kubectl('get', 'apiservice', 'v1.example.com')).stderr).toBe('Error from server (NotFound): apiservices.apiregistration.k8s.io "v1.example.com" not found\n')
    } finally {
      await sandbox.stop()
    }
  })
})
