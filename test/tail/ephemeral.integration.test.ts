/**
 * Ephemeral (debug) containers are tailed like the others, in process against the sandbox,
 * which serves their logs as a kubelet does (`kubectl debug POD --image=...`).
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import type {KubeObject} from '../../src/sandbox/types.js'
import {podSource} from '../../src/tail/cluster.js'
import {sessionOptions} from '../../src/tail/options.js'
import {runTailSession} from '../../src/tail/session.js'
import {pod} from './pods.js'

let sandbox: Sandbox
let client: KubeClient

beforeAll(async () => {
  const base = pod('debug', 'web-0', [{name: 'app'}]) as KubeObject & {spec: Record<string, unknown>; status: Record<string, unknown>}
  const startedAt = new Date(Date.now() - 30_000).toISOString().replace(/\.\d+Z$/, 'Z')
  const withDebugger: KubeObject = {
    ...base,
    spec: {...base.spec, ephemeralContainers: [{name: 'debugger', image: 'busybox:1.36', targetContainerName: 'app'}]},
    status: {
      ...base.status,
      ephemeralContainerStatuses: [{name: 'debugger', ready: false, restartCount: 0, image: 'busybox:1.36', imageID: '', containerID: 'containerd://web-0-debugger', state: {running: {startedAt}}}],
    },
  }
  sandbox = await startSandbox({
    objects: [withDebugger],
    controllers: false,
    logs: {'debug/web-0/app': {current: 'app line 1\n'}, 'debug/web-0/debugger': {current: 'debugger line 1\ndebugger line 2\n'}},
  })
  client = await connect({kubeconfig: sandbox.kubeconfigPath, env: {}})
})
afterAll(async () => {
  client?.close()
  await sandbox?.stop()
})

async function tail(flags: Parameters<typeof sessionOptions>[0]): Promise<string[]> {
  let text = ''
  const output = {out: {write: (chunk: string) => ((text += chunk), true), once: () => undefined}, err: () => undefined}
  await runTailSession(podSource(client), sessionOptions({namespace: 'debug', noFollow: true, output: 'raw', ...flags}, 'debug'), output, new AbortController().signal)
  return text.split('\n').filter(Boolean).sort()
}

describe('ephemeral containers', () => {
  test('are tailed with the pod\'s other containers', async () => {
    expect(await tail({})).toEqual(['app line 1', 'debugger line 1', 'debugger line 2'])
  })

  test('--ephemeral-containers=false leaves them out', async () => {
    expect(await tail({ephemeralContainers: false})).toEqual(['app line 1'])
  })
})
