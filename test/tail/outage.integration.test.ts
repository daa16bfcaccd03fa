/**
 * Following through API server outages, in process against the sandbox: the server goes away
 * and comes back on the same port (once with its watch history compacted, as after an etcd
 * restore), streams are cut mid-line, and the session must print every line exactly once, say
 * on stderr while it waits, and keep its request rate bounded.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import type {KubeObject} from '../../src/sandbox/types.js'
import {podSource} from '../../src/tail/cluster.js'
import {sessionOptions} from '../../src/tail/options.js'
import {runTailSession} from '../../src/tail/session.js'
import {pod} from './pods.js'

const pods = ['gen-a', 'gen-b']
const containers = ['main', 'sidecar']
const linesPerContainer = 6000

let sandbox: Sandbox
let client: KubeClient

beforeAll(async () => {
  const logs: Record<string, {generate: {lines: number; perSecond: number}; dropAfterLines: number}> = {}
  for (const p of pods) for (const c of containers) logs[`load/${p}/${c}`] = {generate: {lines: linesPerContainer, perSecond: 2000}, dropAfterLines: 700}
  sandbox = await startSandbox({objects: pods.map((p) => pod('load', p, containers.map((name) => ({name})))) as KubeObject[], logs})
  client = await connect(
    {kubeconfig: sandbox.kubeconfigPath, env: {}},
    {tuning: {watchBackoff: {initialMs: 50, maxMs: 400}, retryBackoff: {initialMs: 10, maxMs: 40}}},
  )
})
afterAll(async () => {
  client?.close()
  await sandbox?.stop()
})

/** Collects stdout lines and stderr text, and resolves waits on them as they arrive. */
class Output {
  readonly next = new Map<string, number>()
  readonly problems: string[] = []
  stderr = ''
  total = 0
  private waiters: Array<{check: () => boolean; resolve: () => void}> = []
  private partial = ''

  readonly out = {
    write: (text: string): boolean => {
      const lines = (this.partial + text).split('\n')
      this.partial = lines.pop()!
      for (const line of lines) this.line(line)
      this.check()
      return true
    },
    once: () => undefined,
  }

  readonly err = (text: string): void => {
    this.stderr += text
    this.check()
  }

  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({check, resolve}))
  }

  private line(line: string): void {
    const [key, number] = line.split(' ')
    const expected = this.next.get(key!) ?? 1
    if (Number(number) !== expected && this.problems.length < 10) this.problems.push(`${key}: got ${number}, expected ${expected}`)
    this.next.set(key!, Number(number) + 1)
    this.total++
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => (w.check() ? (w.resolve(), false) : true))
  }
}

describe('kubectl tail -f through API server outages', () => {
  test('every line exactly once across three outages, one with compacted history', async () => {
    const output = new Output()
    const options = sessionOptions({namespace: 'load', output: 'raw'}, 'load')
    const controller = new AbortController()
    const session = runTailSession(podSource(client), options, output, controller.signal)
    const all = pods.length * containers.length * linesPerContainer
    for (const [i, share] of [0.15, 0.4, 0.65].entries()) {
      await output.until(() => output.total >= all * share)
      const noticesBefore = output.stderr.split('API server unreachable').length
      await sandbox.down()
      // Down until the session has said so (at least once more than before).
      await output.until(() => output.stderr.split('API server unreachable').length > noticesBefore)
      await sandbox.up({compactHistory: i === 1})
      // ...and back until the session has said that too.
      await output.until(() => output.stderr.split('API server reachable again').length - 1 > i)
    }
    await output.until(() => output.total >= all)
    controller.abort()
    await session
    expect(output.problems).toEqual([])
    for (const p of pods) for (const c of containers) expect(output.next.get(`load/${p}/${c}`)).toBe(linesPerContainer + 1)
    expect(output.total).toBe(all)
    expect(output.stderr).toMatch(/warning: API server unreachable, retrying in \d+m?s: the API server at https:\/\/127\.0\.0\.1:\d+ \(context "kubekit-sandbox"\) closed the connection/)
    expect(output.stderr.split('API server reachable again; following resumes where it stopped').length - 1).toBe(3)
    // The compacted history is re-listed at once, as an informer does: no wait, no warning.
    expect(output.stderr).not.toContain('too old resource version')
    // No container tail gave up or complained about the outage on its own.
    expect(output.stderr).not.toContain('failed to tail')
  })
})
