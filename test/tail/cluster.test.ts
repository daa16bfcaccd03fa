/**
 * tail against the sandbox, in process: the session the command runs (sessionFor resolves QUERY and
 * KIND/NAME against the cluster, podSource reads it), with the flags as the command hands them
 * over, reading every container once (--no-follow). test/commands/tail.test.ts runs the real
 * binary for what only a process shows: exit codes, stern's argv forms, following through cuts.
 */
import {describe, expect, test} from 'vitest'
import {podSource, sessionFor} from '../../src/tail/cluster.js'
import type {TailFlags} from '../../src/tail/options.js'
import {runTailSession} from '../../src/tail/session.js'
import {sandboxForFile} from '../helpers/kube.js'
import {noFollowCluster} from './pods.js'

const shared = sandboxForFile(noFollowCluster)

/** `kubectl tail QUERY --no-follow [flags]` with the command's defaults: what it prints on stdout and stderr. */
async function tail(query: string | undefined, flags: TailFlags = {}, client = shared.client): Promise<{stdout: string; stderr: string; failed: number}> {
  let stdout = ''
  let stderr = ''
  const options = await sessionFor(client, {query, since: '48h', tail: -1, timezone: 'UTC', output: 'default', initContainers: true, ephemeralContainers: true, noFollow: true, ...flags}, {out: false, err: false})
  const output = {out: {write: (text: string) => ((stdout += text), true), once: () => undefined}, err: (text: string) => void (stderr += text)}
  const summary = await runTailSession(podSource(client), options, output, new AbortController().signal)
  return {stdout, stderr, failed: summary.failed}
}
const sorted = (text: string) => text.split('\n').filter(Boolean).sort()

describe('tail --no-follow against the sandbox', () => {
  test('reads every matching container once, init containers included', async () => {
    const result = await tail('api', {namespace: 'ns1'})
    expect(sorted(result.stdout)).toEqual(
      sorted('api-7d9f api listening on :8080\napi-7d9f api GET /healthz 200\napi-7d9f api GET /orders 500\napi-7d9f migrate migrated 3 tables\napi-7d9f proxy proxy ready\n'),
    )
    expect(result.stderr).toContain('+ api-7d9f › migrate')
    expect(result.stderr).toContain('- api-7d9f › api')
    expect(result.failed).toBe(0)
  })

  test('lines of one container keep their order; -c, -E, -i, -e and --tail narrow the output', async () => {
    const all = await tail('api', {namespace: 'ns1', container: 'api', onlyLogLines: true})
    expect(all.stdout).toBe('api-7d9f api listening on :8080\napi-7d9f api GET /healthz 200\napi-7d9f api GET /orders 500\n')
    expect(all.stderr).toBe('')
    expect((await tail('api', {namespace: 'ns1', excludeContainer: ['proxy', 'api'], onlyLogLines: true})).stdout).toBe('api-7d9f migrate migrated 3 tables\n')
    expect((await tail('api', {namespace: 'ns1', initContainers: false, container: 'migrate'})).stdout).toBe('')
    expect((await tail('api', {namespace: 'ns1', container: 'api', include: ['GET'], exclude: ['healthz']})).stdout).toBe('api-7d9f api GET /orders 500\n')
    expect((await tail('api', {namespace: 'ns1', container: 'api', tail: 1})).stdout).toBe('api-7d9f api GET /orders 500\n')
  })

  test('-A and -n a,b prefix the namespace; -o json and --template shape lines', async () => {
    const everywhere = await tail('api-', {allNamespaces: true, container: '^api$'})
    expect(sorted(everywhere.stdout)).toEqual(sorted('ns1 api-7d9f api listening on :8080\nns1 api-7d9f api GET /healthz 200\nns1 api-7d9f api GET /orders 500\nns2 api-5c2e api listening on :8080\n'))
    const two = await tail('api-5c2e', {namespace: 'ns1,ns2'})
    expect(two.stdout).toBe('ns2 api-5c2e api listening on :8080\n')
    const json = await tail('api-5c2e', {namespace: 'ns2', output: 'json'})
    const parsed = JSON.parse(json.stdout) as Record<string, string>
    expect(parsed).toMatchObject({message: 'listening on :8080', namespace: 'ns2', podName: 'api-5c2e', containerName: 'api', nodeName: 'node-1'})
    expect(parsed.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/)
    const templated = await tail('api-5c2e', {namespace: 'ns2', template: '{{.Namespace}}/{{.PodName}}/{{.ContainerName}}: {{.Message}}'})
    expect(templated.stdout).toBe('ns2/api-5c2e/api: listening on :8080\n')
    const stamped = await tail('api-5c2e', {namespace: 'ns2', timestamps: true})
    expect(stamped.stdout).toMatch(/^api-5c2e api \d{4}-\d\d-\d\dT\S+Z listening on :8080\n$/)
  })

  test('a crash-looping container shows the run that crashed; --container-state filters containers that already ran', async () => {
    const crashed = await tail('worker', {namespace: 'ns1'})
    expect(crashed.stdout).toBe('worker-1 worker connecting to db\nworker-1 worker panic: connection refused\n')
    expect((await tail('worker', {namespace: 'ns1', containerState: ['running']})).stdout).toBe('')
    expect((await tail('', {namespace: 'ns1', containerState: ['waiting'], onlyLogLines: true})).stdout).toBe(crashed.stdout)
  })

  test('KIND/NAME: a pod by its exact name, a deployment by its selector; a missing one is an error', async () => {
    const byDeployment = await tail('deployment/api', {namespace: 'ns1', container: '^api$', onlyLogLines: true})
    expect(byDeployment.stdout).toBe('api-7d9f api listening on :8080\napi-7d9f api GET /healthz 200\napi-7d9f api GET /orders 500\n')
    const byPod = await tail('pod/api-5c2e', {namespace: 'ns2', onlyLogLines: true})
    expect(byPod.stdout).toBe('api-5c2e api listening on :8080\n')
    expect((await tail('pod/nope', {namespace: 'ns1'})).stderr).toBe('no pod matches "pod/nope" in namespace "ns1"\n')
    await expect(tail('deploy/nope', {namespace: 'ns1'})).rejects.toThrow(/nope.*not found/)
    await expect(tail('rc/nope', {namespace: 'ns1'})).rejects.toThrow(/^replicationcontroller "nope" not found in namespace "ns1"$/)
    await expect(tail('widget/x')).rejects.toThrow(/^QUERY "widget\/x": unknown kind "widget"/)
  })
})

describe('rc/NAME', () => {
  // A ReplicationController whose map selector picks the api pods; no controllers, so its pods are the scenario's.
  const rc = {apiVersion: 'v1', kind: 'ReplicationController', metadata: {name: 'api-rc', namespace: 'ns1'}, spec: {replicas: 1, selector: {app: 'api'}, template: {metadata: {labels: {app: 'api'}}, spec: {containers: [{name: 'api', image: 'api'}]}}}}
  const withRc = sandboxForFile({...noFollowCluster, objects: [...noFollowCluster.objects, rc], controllers: false})

  test('tails the pods its selector picks, under both names', async () => {
    for (const query of ['rc/api-rc', 'replicationcontroller/api-rc']) {
      const result = await tail(query, {namespace: 'ns1', container: '^api$', onlyLogLines: true}, withRc.client)
      expect(result.stdout).toBe('api-7d9f api listening on :8080\napi-7d9f api GET /healthz 200\napi-7d9f api GET /orders 500\n')
    }
  })
})
