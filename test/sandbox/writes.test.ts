// The real kubectl writing to the sandbox without --validate=false: apply, create -f and edit learn
// from the OpenAPI v3 documents that the server validates fields itself, and every
// `kubectl create <kind>` sends its object as protobuf. Each write is followed by a get.
import {chmod, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {run} from '../helpers/run.js'

describe('kubectl writes against the sandbox', () => {
  let sandbox: Sandbox
  let dir: string
  const kubectl = (args: string[], env: NodeJS.ProcessEnv = {}) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent', ...env})
  const file = async (name: string, text: string) => {
    const path = join(dir, name)
    await writeFile(path, text)
    return path
  }

  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'empty', controllers: false, users: [{name: 'alice', token: 'alice-token'}], deny: [{user: 'alice', verb: 'delete', resource: 'pods'}]})
    dir = await mkdtemp(join(tmpdir(), 'kubekit-writes-'))
  })
  afterAll(async () => {
    await sandbox?.stop()
    if (dir) await rm(dir, {recursive: true, force: true})
  })

  it('applies a ConfigMap and a Deployment, then applies a change as a strategic merge patch', async () => {
    const manifest = (image: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: web-settings}
data: {mode: prod}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: ${image}, ports: [{containerPort: 80}]}
      - {name: sidecar, image: busybox:1.36}
`
    const first = await kubectl(['apply', '-f', await file('web.yaml', manifest('nginx:1.27'))])
    expect(first.stderr).toBe('')
    expect(first.stdout).toBe('configmap/web-settings created\ndeployment.apps/web created\n')
    const second = await kubectl(['apply', '-f', await file('web.yaml', manifest('nginx:1.28'))])
    expect(second.stderr).toBe('')
    expect(second.stdout).toBe('configmap/web-settings unchanged\ndeployment.apps/web configured\n')
    const images = await kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[*].image}'])
    expect(images.stdout).toBe('nginx:1.28 busybox:1.36')
  })

  it('server-side apply creates, then merges, records the field manager, and a server dry run changes nothing', async () => {
    const manifest = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, labels: {team: web}}\ndata: {${data}}\n`
    const created = await kubectl(['apply', '--server-side', '-f', await file('applied.yaml', manifest('a: "1"'))])
    expect(created).toMatchObject({code: 0, stdout: 'configmap/applied serverside-applied\n', stderr: ''})
    const merged = await kubectl(['apply', '--server-side', '-f', await file('applied.yaml', manifest('a: "2", b: "3"'))])
    expect(merged.code).toBe(0)
    const dryRun = await kubectl(['apply', '--server-side', '--dry-run=server', '-f', await file('applied.yaml', manifest('a: "9"'))])
    expect(dryRun.stdout).toBe('configmap/applied serverside-applied (server dry run)\n')
    const object = JSON.parse((await kubectl(['get', 'configmap', 'applied', '-o', 'json', '--show-managed-fields'])).stdout) as {data: object; metadata: {managedFields: Array<{manager: string; operation: string}>}}
    expect(object.data).toEqual({a: '2', b: '3'})
    expect(object.metadata.managedFields).toEqual([expect.objectContaining({manager: 'kubectl', operation: 'Apply'})])
  })

  it('creates from a file, and refuses an unknown field with the server-side (Strict) validation error', async () => {
    const created = await kubectl(['create', '-f', await file('job.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: once}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: once, image: busybox:1.36}]\n')])
    expect(created).toMatchObject({code: 0, stdout: 'job.batch/once created\n', stderr: ''})
    expect((await kubectl(['get', 'job', 'once', '-o', 'name'])).stdout).toBe('job.batch/once\n')
    const bad = await kubectl(['create', '-f', await file('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndata: {a: b}\nfoo: bar\n')])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/unknown field "foo"/)
    expect(bad.stderr).not.toMatch(/validate=false/)
  })

  it('edits a ConfigMap with KUBE_EDITOR', async () => {
    await kubectl(['create', '-f', await file('edit.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: to-edit}\ndata: {a: "1"}\n')])
    const editor = await file('editor.sh', '#!/bin/sh\nsed -i \'s/^metadata:$/metadata:\\n  labels:\\n    edited: "yes"/\' "$1"\n')
    await chmod(editor, 0o755)
    const edited = await kubectl(['edit', 'configmap', 'to-edit'], {KUBE_EDITOR: editor})
    expect(edited).toMatchObject({code: 0, stdout: 'configmap/to-edit edited\n'})
    expect((await kubectl(['get', 'configmap', 'to-edit', '-o', 'jsonpath={.metadata.labels.edited}'])).stdout).toBe('yes')
  })

  const creations: Array<[string, string[], string, string]> = [
    ['configmap', ['configmap', 'c1', '--from-literal=mode=prod'], 'configmap/c1', '{.data.mode}=prod'],
    ['secret', ['secret', 'generic', 's1', '--from-literal=password=s3cr3t'], 'secret/s1', `{.data.password}=${Buffer.from('s3cr3t').toString('base64')}`],
    ['deployment', ['deployment', 'd1', '--image=nginx:1.27', '--replicas=2', '--port=80'], 'deployment.apps/d1', '{.spec.template.spec.containers[0].ports[0].containerPort} {.spec.replicas}=80 2'],
    ['namespace', ['namespace', 'n1'], 'namespace/n1', '{.metadata.name}=n1'],
    ['job', ['job', 'j1', '--image=busybox:1.36', '--', 'echo', 'hi'], 'job.batch/j1', '{.spec.template.spec.containers[0].command}=["echo","hi"]'],
    ['cronjob', ['cronjob', 'cj1', '--image=busybox:1.36', '--schedule=*/5 * * * *', '--', 'date'], 'cronjob.batch/cj1', '{.spec.schedule}=*/5 * * * *'],
    ['serviceaccount', ['serviceaccount', 'sa1'], 'serviceaccount/sa1', '{.metadata.name}=sa1'],
    ['service clusterip', ['service', 'clusterip', 'svc1', '--tcp=80:8080'], 'service/svc1', '{.spec.ports[0].port} {.spec.ports[0].targetPort}=80 8080'],
    ['quota', ['quota', 'q1', '--hard=cpu=4,pods=10', '--scopes=NotTerminating'], 'resourcequota/q1', '{.spec.hard.cpu} {.spec.hard.pods} {.spec.scopes[0]}=4 10 NotTerminating'],
  ]
  it.each(creations)('kubectl create %s (a protobuf body), then get', async (_kind, args, name, check) => {
    const created = await kubectl(['create', ...args])
    expect(created).toMatchObject({code: 0, stdout: `${name} created\n`, stderr: ''})
    const [jsonpath, expected] = check.split('=') as [string, string]
    const got = await kubectl(['get', name, '-o', `jsonpath=${jsonpath}`])
    expect(got.stdout).toBe(check.slice(jsonpath.length + 1) || expected)
  })

  it('answers kubectl auth can-i (a protobuf SelfSubjectAccessReview) from the deny rules', async () => {
    expect((await kubectl(['auth', 'can-i', 'delete', 'pods'])).stdout).toBe('yes\n')
    const alice = await run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, '--token', 'alice-token', 'auth', 'can-i', 'delete', 'pods'], {HOME: '/nonexistent'})
    expect(alice.stdout).toBe('no\n')
  })
})
