// The official Python client (Debian's python3-kubernetes) as an oracle for the sandbox: it lists,
// watches with watch.Watch().stream(timeout_seconds=...), reads logs with follow/previous/timestamps
// (sent as `follow=True`, which the server must read as true) and creates with dry_run='All'.
// CI installs the package (.ci/run); without it the test fails under CI=true and is skipped
// locally with a message saying how to install it.
import {spawn, spawnSync} from 'node:child_process'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import type {KubeObject} from '../../src/sandbox/types.js'

const PYTHON = '/usr/bin/python3'
const MISSING = 'python3-kubernetes is not installed: apt-get install -y python3-kubernetes (.ci/run installs it)'
const available = spawnSync(PYTHON, ['-c', 'import kubernetes'], {stdio: 'ignore'}).status === 0
const inCi = process.env.CI === 'true'
if (!available && !inCi) console.warn(`skipping the Python client oracle: ${MISSING}`)

const PRELUDE = `
import os, sys, json
from kubernetes import client, config, watch
config.load_kube_config(config_file=os.environ['KUBECONFIG'])
v1 = client.CoreV1Api()
`

interface PythonRun {
  code: number | null
  stdout: string
  stderr: string
}

function python(sandbox: Sandbox, script: string, onLine?: (line: string) => void): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-u', '-c', PRELUDE + script], {env: {PATH: process.env.PATH, KUBECONFIG: sandbox.kubeconfigPath, HOME: '/nonexistent'}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let pending = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
      pending += d
      const lines = pending.split('\n')
      pending = lines.pop()!
      for (const line of lines) onLine?.(line)
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
}

function pod(name: string, namespace: string, labels: Record<string, string> = {}): KubeObject {
  return {apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace, labels}, spec: {containers: [{name: 'app', image: 'busybox:1.36'}]}}
}

describe.skipIf(!available && !inCi)('the official Python client against the sandbox', () => {
  let sandbox: Sandbox

  beforeAll(async () => {
    if (!available) throw new Error(MISSING)
    sandbox = await startSandbox({scenario: 'demo', controllers: false})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('lists pods in all namespaces', async () => {
    const result = await python(sandbox, `
pods = v1.list_pod_for_all_namespaces(limit=10)
names = [p.metadata.name for p in pods.items]
while pods.metadata._continue:
    pods = v1.list_pod_for_all_namespaces(limit=10, _continue=pods.metadata._continue)
    names += [p.metadata.name for p in pods.items]
print(json.dumps(sorted(names)))
`)
    expect(result.stderr).toBe('')
    const expected = sandbox.store.list('pods').entries.map((e) => e.object.metadata!.name!).sort()
    expect(JSON.parse(result.stdout)).toEqual(expected)
    expect(expected).toHaveLength(25)
  })

  it('watches pods with watch.Watch().stream and sees ADDED, MODIFIED and DELETED', async () => {
    sandbox.store.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'py-watch'}})
    sandbox.store.create(pod('seed', 'py-watch'))
    let changed = false
    const result = await python(
      sandbox,
      `
w = watch.Watch()
for event in w.stream(v1.list_namespaced_pod, namespace='py-watch', timeout_seconds=20):
    print(event['type'], event['object'].metadata.name, (event['object'].metadata.labels or {}).get('step', '-'))
    if event['type'] == 'DELETED':
        w.stop()
`,
      (line) => {
        if (line.startsWith('ADDED seed') && !changed) {
          changed = true
          const created = sandbox.store.create(pod('p1', 'py-watch'))
          sandbox.store.update({...created, metadata: {...created.metadata, labels: {step: 'two'}}})
          sandbox.store.delete('pods', 'py-watch', 'p1')
        }
      },
    )
    expect(result.stderr).toBe('')
    expect(result.stdout.trim().split('\n')).toEqual(['ADDED seed -', 'ADDED p1 -', 'MODIFIED p1 two', 'DELETED p1 two'])
  })

  it('reads logs with previous=True and timestamps=True, and follows with follow=True', async () => {
    const crashing = sandbox.store.list('pods', {namespace: 'shop'}).entries.map((e) => e.object).find((p) => p.metadata!.name!.startsWith('checkout-'))!
    const running = sandbox.store.list('pods', {namespace: 'shop'}).entries.map((e) => e.object).find((p) => p.metadata!.name!.startsWith('web-'))!
    const result = await python(sandbox, `
previous = v1.read_namespaced_pod_log('${crashing.metadata!.name}', 'shop', previous=True)
stamped = v1.read_namespaced_pod_log('${running.metadata!.name}', 'shop', timestamps=True, tail_lines=2)
stream = v1.read_namespaced_pod_log('${running.metadata!.name}', 'shop', follow=True, _preload_content=False)
first = stream.readline().decode()
stream.release_conn()
print(json.dumps({'previous': previous, 'stamped': stamped, 'first': first}))
`)
    expect(result.stderr).toBe('')
    const answer = JSON.parse(result.stdout) as {previous: string; stamped: string; first: string}
    expect(answer.previous).toBe(sandbox.store.logs.get(`shop/${crashing.metadata!.name}/checkout`)?.previous)
    const stampedLines = answer.stamped.trim().split('\n')
    expect(stampedLines).toHaveLength(2)
    for (const line of stampedLines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /)
    expect(answer.first.length).toBeGreaterThan(1)
    expect(answer.first.endsWith('\n')).toBe(true)
  })

  it("creates with dry_run='All' and leaves nothing behind", async () => {
    const result = await python(sandbox, `
body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name='dry-run-only'), data={'a': 'b'})
created = v1.create_namespaced_config_map('default', body, dry_run='All')
print(created.metadata.name, created.metadata.uid is not None)
try:
    v1.read_namespaced_config_map('dry-run-only', 'default')
    print('found')
except client.exceptions.ApiException as e:
    print('status', e.status)
`)
    expect(result.stderr).toBe('')
    expect(result.stdout.trim().split('\n')).toEqual(['dry-run-only True', 'status 404'])
    expect(sandbox.store.get('configmaps', 'default', 'dry-run-only')).toBeUndefined()
  })
})
