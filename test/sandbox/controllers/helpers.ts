/** Shared set-up for the controller tests: a sandbox with a few nodes, fast time, and a deadline poller. */
import {Clock, node, type NodeInput} from '../../../src/sandbox/scenarios/builders.js'
import {startSandbox, type Sandbox, type SandboxOptions} from '../../../src/sandbox/index.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

export const TIME_SCALE = 0.01

export function testNode(name: string, extra: Partial<NodeInput> = {}): KubeObject {
  const index = Number(/\d+$/.exec(name)?.[0] ?? 1)
  return node(new Clock(Date.now()), {name, internalIP: `10.0.1.${20 + index}`, age: 86_400_000, cpu: '4', memory: '16Gi', allocatableCpu: '3920m', ...extra})
}

export async function sandboxWithNodes(nodes: KubeObject[], options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({scenario: 'empty', objects: nodes, http: true, controllers: {timeScale: TIME_SCALE}, ...options})
}

/** Polls `probe` until it returns a value (not undefined/false) or the deadline passes; the error names what was awaited. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, deadlineMs = 10_000): Promise<T> {
  const end = Date.now() + deadlineMs
  let last: T | undefined | false
  for (;;) {
    last = probe()
    if (last !== undefined && last !== false) return last
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function deploymentObject(name: string, image: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name, namespace: 'default', generation: 1, labels: {app: name}},
    spec: {
      replicas,
      selector: {matchLabels: {app: name}},
      template: {metadata: {labels: {app: name}}, spec: {containers: [{name, image, resources: {requests: {cpu: '100m', memory: '64Mi'}}}]}},
      ...extra,
    },
  }
}

export function podsOf(sandbox: Sandbox, namespace: string, labels: Record<string, string>): KubeObject[] {
  return sandbox.store.list('pods', {namespace, filter: (e) => Object.entries(labels).every(([k, v]) => e.object.metadata?.labels?.[k] === v)}).entries.map((e) => e.object)
}

export function eventsFor(sandbox: Sandbox, object: KubeObject): KubeObject[] {
  const uid = object.metadata?.uid
  return sandbox.store.list('events', {namespace: object.metadata?.namespace ?? 'default', filter: (e) => (e.object.involvedObject as {uid?: string} | undefined)?.uid === uid}).entries.map((e) => e.object)
}
