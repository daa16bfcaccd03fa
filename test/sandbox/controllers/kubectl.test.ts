// The real kubectl (1.32) as the oracle for the controllers: create, rollout status, set image
// to a tag that does not exist, scale — what a user types on the sandbox, end to end.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Sandbox} from '../../../src/sandbox/index.js'
import {run} from '../../helpers/run.js'
import {podsOf, sandboxWithNodes, testNode, waitFor} from './helpers.js'

describe('kubectl against the sandbox controllers', () => {
  let sandbox: Sandbox
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})
  const kubectlWithInput = (input: string, ...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'}, input)
  // What `kubectl create deployment web --image=nginx` sends.
  const deploymentYaml = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web, labels: {app: web}}',
    'spec:',
    '  replicas: 1',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec: {containers: [{name: nginx, image: nginx}]}',
  ].join('\n')

  beforeAll(async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1'), testNode('worker-2')], {http: false, controllers: {timeScale: 0.02}})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('apply a Deployment, then rollout status completes', async () => {
    // `kubectl create deployment` sends protobuf and apply validates against OpenAPI; apply --validate=false sends plain JSON.
    const created = await kubectlWithInput(deploymentYaml, 'apply', '--validate=false', '-f', '-')
    expect(created.stderr).toBe('')
    expect(created).toMatchObject({code: 0, stdout: 'deployment.apps/web created\n'})
    const rollout = await kubectl('rollout', 'status', 'deploy/web', '--timeout=60s')
    expect(rollout.stderr).toBe('')
    expect(rollout.code).toBe(0)
    expect(rollout.stdout.trimEnd().split('\n').at(-1)).toBe('deployment "web" successfully rolled out')
    const pods = await kubectl('get', 'pods', '-l', 'app=web', '--no-headers')
    expect(pods.stdout).toMatch(/^web-\w+-\w{5}\s+1\/1\s+Running\s+0\s+\S+\n$/)
  })

  it('scale to 3 replicas', async () => {
    expect(await kubectl('scale', 'deploy/web', '--replicas=3')).toMatchObject({code: 0, stdout: 'deployment.apps/web scaled\n'})
    expect((await kubectl('rollout', 'status', 'deploy/web', '--timeout=60s')).code).toBe(0)
    const get = await kubectl('get', 'deploy', 'web', '--no-headers')
    expect(get.stdout).toMatch(/^web\s+3\/3\s+3\s+3\s+/)
  })

  it('delete --cascade=foreground returns once the pods, then the ReplicaSet, are gone; --cascade=orphan keeps them without the reference', async () => {
    for (const name of ['fg', 'orphaned']) {
      expect((await kubectlWithInput(deploymentYaml.replaceAll('web', name), 'apply', '--validate=false', '-f', '-')).code).toBe(0)
      expect((await kubectl('rollout', 'status', `deploy/${name}`, '--timeout=60s')).code).toBe(0)
    }
    const gone: string[] = []
    const unsubscribe = ['pods', 'replicasets.apps', 'deployments.apps'].map((resource) =>
      sandbox.store.subscribe(resource, (event) => {
        if (event.type === 'DELETED' && event.entry.key.startsWith('default/fg')) gone.push(event.entry.object.kind!)
      }),
    )
    expect(await kubectl('delete', 'deploy', 'fg', '--cascade=foreground')).toMatchObject({code: 0, stdout: 'deployment.apps "fg" deleted\n'})
    for (const stop of unsubscribe) stop()
    expect(gone).toEqual(['Pod', 'ReplicaSet', 'Deployment'])
    expect((await kubectl('delete', 'deploy', 'orphaned', '--cascade=orphan')).code).toBe(0)
    const kept = await kubectl('get', 'rs,pods', '-l', 'app=orphaned', '-o', 'jsonpath={range .items[*]}{.kind} {.metadata.ownerReferences[*].kind}{"\\n"}{end}')
    expect(kept.stdout).toBe('ReplicaSet \nPod ReplicaSet\n')
  })

  it('set image to a tag that does not exist: ImagePullBackOff with the kubelet events, and rollout status waits', async () => {
    expect((await kubectl('set', 'image', 'deploy/web', 'nginx=nginx:nosuchtag')).code).toBe(0)
    const stuck = await waitFor('ImagePullBackOff', () =>
      podsOf(sandbox, 'default', {app: 'web'}).find((p) => JSON.stringify(p.status).includes('"reason":"ImagePullBackOff"')),
    )
    const name = stuck.metadata!.name!
    const get = await kubectl('get', 'pod', name, '--no-headers')
    expect(get.stdout).toMatch(new RegExp(`^${name}\\s+0/1\\s+(ImagePullBackOff|ErrImagePull)\\s+0\\s+`))
    const describe = await kubectl('describe', 'pod', name)
    expect(describe.stdout).toContain('Failed to pull image "nginx:nosuchtag": rpc error: code = NotFound')
    expect(describe.stdout).toContain('Error: ErrImagePull')
    expect(describe.stdout).toContain('Back-off pulling image "nginx:nosuchtag"')
    expect(describe.stdout).toContain('Error: ImagePullBackOff')
    const rollout = await kubectl('rollout', 'status', 'deploy/web', '--timeout=1s')
    expect(rollout.code).toBe(1)
    expect(rollout.stdout).toContain('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...')
    expect((await kubectl('rollout', 'undo', 'deploy/web')).code).toBe(0)
    expect((await kubectl('rollout', 'status', 'deploy/web', '--timeout=60s')).code).toBe(0)
  })
})
