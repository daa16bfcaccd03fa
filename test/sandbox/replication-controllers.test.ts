// core/v1 ReplicationControllers with the real kubectl (1.32): discovery (`rc`), create -f with
// client-side validation, the Table columns, the scale subresource, the controller creating and
// deleting pods from the template (the ReplicaSet controller over RCs), and cascading deletion.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Sandbox} from '../../src/sandbox/index.js'
import {run} from '../helpers/run.js'
import {eventsFor, podsOf, sandboxWithNodes, testNode, waitFor} from './controllers/helpers.js'

describe('ReplicationControllers through kubectl', () => {
  let sandbox: Sandbox
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})
  const dir = mkdtempSync(join(tmpdir(), 'kubekit-rc-'))
  const manifest = join(dir, 'rc.yaml')
  // No selector and no labels: the server defaults both from the template's labels.
  writeFileSync(manifest, 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: nginx\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: {app: nginx}\n    spec:\n      containers:\n      - {name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}\n')
  const running = (count: number) => () => {
    const pods = podsOf(sandbox, 'default', {app: 'nginx'}).filter((p) => !p.metadata?.deletionTimestamp)
    return pods.length === count && pods.every((p) => (p.status as {phase?: string} | undefined)?.phase === 'Running') && pods
  }

  beforeAll(async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1'), testNode('worker-2')], {http: false, controllers: {timeScale: 0.02}})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('create -f validates against the OpenAPI document and defaults the selector and labels from the template', async () => {
    expect(await kubectl('create', '-f', manifest)).toMatchObject({code: 0, stdout: 'replicationcontroller/nginx created\n', stderr: ''})
    const defaults = await kubectl('get', 'rc', 'nginx', '-o', 'jsonpath={.metadata.labels} {.spec.selector} {.metadata.generation}')
    expect(defaults.stdout).toBe('{"app":"nginx"} {"app":"nginx"} 1')
    const pods = await waitFor('three running pods', running(3))
    expect(pods.map((p) => p.metadata?.ownerReferences?.[0])).toEqual(Array(3).fill({apiVersion: 'v1', kind: 'ReplicationController', name: 'nginx', uid: sandbox.store.get('replicationcontrollers', 'default', 'nginx')!.object.metadata!.uid, controller: true, blockOwnerDeletion: true}))
    expect(pods.every((p) => /^nginx-[a-z0-9]{5}$/.test(p.metadata!.name!))).toBe(true)
    const rc = sandbox.store.get('replicationcontrollers', 'default', 'nginx')!.object
    const created = eventsFor(sandbox, rc).filter((e) => e.reason === 'SuccessfulCreate')
    expect(created.map((e) => (e.source as {component?: string}).component)).toEqual(['replication-controller', 'replication-controller', 'replication-controller'])
  })

  it('get rc prints kubectl columns, and -o wide the containers, images and selector', async () => {
    await waitFor('ready replicas', () => (sandbox.store.get('replicationcontrollers', 'default', 'nginx')!.object.status as {readyReplicas?: number}).readyReplicas === 3)
    const get = await kubectl('get', 'rc')
    expect(get.stdout).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nnginx\s+3\s+3\s+3\s+\d+s\n$/)
    const wide = await kubectl('get', 'replicationcontrollers', '-o', 'wide', '--no-headers')
    expect(wide.stdout).toMatch(/^nginx\s+3\s+3\s+3\s+\d+s\s+nginx\s+nginx:1\.27\s+app=nginx\n$/)
    expect((await kubectl('get', 'all', '-o', 'name')).stdout).toContain('replicationcontroller/nginx\n')
  })

  it('scale rc/nginx --replicas=2 goes through the scale subresource and the controller deletes a pod', async () => {
    expect(await kubectl('scale', 'rc/nginx', '--replicas=2')).toMatchObject({code: 0, stdout: 'replicationcontroller/nginx scaled\n'})
    const scale = await kubectl('get', '--raw', '/api/v1/namespaces/default/replicationcontrollers/nginx/scale')
    expect(JSON.parse(scale.stdout)).toMatchObject({kind: 'Scale', apiVersion: 'autoscaling/v1', spec: {replicas: 2}, status: {selector: 'app=nginx'}})
    await waitFor('two running pods', running(2))
    const rc = sandbox.store.get('replicationcontrollers', 'default', 'nginx')!.object
    expect(eventsFor(sandbox, rc).filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(1)
  })

  it('refuses a selector that does not match the template, in the server words', async () => {
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: bad}\nspec:\n  selector: {app: other}\n  template:\n    metadata: {labels: {app: bad}}\n    spec: {containers: [{name: c, image: busybox}]}\n')
    const created = await kubectl('create', '-f', bad)
    expect(created.code).toBe(1)
    expect(created.stderr).toBe('The ReplicationController "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"bad"}: `selector` does not match template `labels`\n')
  })

  it('delete rc removes its pods through the garbage collector', async () => {
    expect(await kubectl('delete', 'rc', 'nginx', '--cascade=foreground')).toMatchObject({code: 0, stdout: 'replicationcontroller "nginx" deleted\n'})
    await waitFor('no pods left', () => podsOf(sandbox, 'default', {app: 'nginx'}).length === 0)
    expect((await kubectl('get', 'rc')).stderr).toBe('No resources found in default namespace.\n')
  })
})
