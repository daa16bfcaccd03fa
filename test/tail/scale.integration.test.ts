/**
 * Following many containers with the defaults, in process against the sandbox: every line of
 * every container arrives (the issue: 100 pods × 20,000 lines stopped at exactly 1,000,000, the
 * containers past the 50th queued behind tails that never end). Past the cap: an error at start.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import type {KubeObject} from '../../src/sandbox/types.js'
import {podSource} from '../../src/tail/cluster.js'
import {sessionOptions} from '../../src/tail/options.js'
import {runTailSession} from '../../src/tail/session.js'
import {pod} from './pods.js'

/** Counts lines per container as they arrive; resolves when the total is reached. */
class Counter {
  readonly next = new Map<string, number>()
  readonly problems: string[] = []
  total = 0
  stderr = ''
  private partial = ''
  private wanted = Infinity
  private reached: (() => void) | undefined

  readonly out = {
    write: (text: string): boolean => {
      const lines = (this.partial + text).split('\n')
      this.partial = lines.pop()!
      for (const line of lines) {
        const [key, number] = line.split(' ')
        const expected = this.next.get(key!) ?? 1
        if (Number(number) !== expected && this.problems.length < 10) this.problems.push(`${key}: got ${number}, expected ${expected}`)
        this.next.set(key!, Number(number) + 1)
        this.total++
      }
      if (this.total >= this.wanted) this.reached?.()
      return true
    },
    once: () => undefined,
  }

  readonly err = (text: string): void => {
    this.stderr += text
  }

  until(total: number): Promise<void> {
    this.wanted = total
    return this.total >= total ? Promise.resolve() : new Promise((resolve) => (this.reached = resolve))
  }
}

describe.each([
  {pods: 100, lines: 2000},
  {pods: 500, lines: 200},
])('following $pods containers with the defaults', ({pods, lines}) => {
  let sandbox: Sandbox
  let client: KubeClient

  beforeAll(async () => {
    const logs: Record<string, {generate: {lines: number; perSecond: number}}> = {}
    const objects = Array.from({length: pods}, (_, i) => pod('load', `app-${i}`, [{name: 'app'}]))
    for (let i = 0; i < pods; i++) logs[`load/app-${i}/app`] = {generate: {lines, perSecond: 0}}
    sandbox = await startSandbox({objects: objects as KubeObject[], logs})
    client = await connect({kubeconfig: sandbox.kubeconfigPath, env: {}})
  })
  afterAll(async () => {
    client?.close()
    await sandbox?.stop()
  })

  test('every line of every container arrives, once and in order', async () => {
    const counter = new Counter()
    const controller = new AbortController()
    const session = runTailSession(podSource(client), sessionOptions({namespace: 'load', output: 'raw'}, 'load'), counter, controller.signal)
    await counter.until(pods * lines)
    controller.abort()
    await session
    expect(counter.problems).toEqual([])
    expect(counter.next.size).toBe(pods)
    expect([...counter.next.values()].every((n) => n === lines + 1)).toBe(true)
    expect(counter.total).toBe(pods * lines)
    expect(counter.stderr).not.toMatch(/warning|failed/)
  })

  test('more containers than --max-log-requests: an error at start that names the cap, nothing printed', async () => {
    const counter = new Counter()
    const options = sessionOptions({namespace: 'load', output: 'raw', maxLogRequests: pods - 1}, 'load')
    const session = runTailSession(podSource(client), options, counter, new AbortController().signal)
    await expect(session).rejects.toThrow(`${pods} containers to follow, more than --max-log-requests ${pods - 1} allows at once`)
    expect(counter.total).toBe(0)
  })
})
