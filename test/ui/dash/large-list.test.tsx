/**
 * The dash with a cluster made in the test: thousands of pods, bursts of watch events, a watch
 * that fails, and quitting (ink's own render, so waitUntilExit can be awaited).
 */
import {EventEmitter} from 'node:events'
import {render as inkRender} from 'ink'
import {render} from 'ink-testing-library'
import {describe, expect, it} from 'vitest'
import {DashApp} from '../../../src/ui/dash/app.js'
import type {DashCluster, DashConnector, PodWatchHandlers} from '../../../src/ui/dash/cluster.js'
import type {PodObject} from '../../../src/ui/dash/pod-rows.js'
import {framesWith, frameWhere, keys, lineWith, tick} from './helpers.js'

function pod(i: number, ready = true): PodObject {
  return {
    metadata: {name: `load-${String(i).padStart(5, '0')}`, namespace: 'load', creationTimestamp: new Date(Date.now() - 3_600_000).toISOString()},
    spec: {nodeName: `node-${i % 50}`, containers: [{name: 'app'}]},
    status: {
      phase: 'Running',
      conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}],
      containerStatuses: [{name: 'app', ready, restartCount: ready ? 0 : 4, state: ready ? {running: {}} : {waiting: {reason: 'CrashLoopBackOff'}}}],
    },
  }
}

/** A cluster whose pod watch the test drives. */
function fakeCluster(options: {fail?: string} = {}) {
  let handlers: PodWatchHandlers | undefined
  let watches = 0
  const cluster: DashCluster = {
    contextName: 'fake',
    defaultNamespace: 'load',
    async watchPods(_selection, h) {
      watches++
      if (options.fail) throw new Error(options.fail)
      handlers = h
      await new Promise<void>((resolve) => h.signal.addEventListener('abort', () => resolve(), {once: true}))
    },
    namespaces: async () => ['load'],
    diagnosePod: async (namespace, name) => [`diagnosis of ${namespace}/${name}`],
    followLogs: async () => {},
    capacity: async () => ['no nodes'],
    close() {},
  }
  const connector: DashConnector = {connect: async () => cluster, contexts: () => ({names: ['fake'], current: 'fake'})}
  return {cluster, connector, handlers: () => handlers, watches: () => watches}
}

describe('kubectl dash with thousands of pods', () => {
  it('renders only the visible window and stays navigable through a burst of events', async () => {
    const fake = fakeCluster()
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 120, rows: 30}} refreshMs={20} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    fake.handlers()!.onSync(Array.from({length: 5000}, (_, i) => pod(i)))
    const first = await framesWith(() => app.lastFrame(), '5000 pods')
    // 29 rows: header, column header, 26 pods, footer.
    expect(first.split('\n')).toHaveLength(29)
    expect(first).toContain('load-00025')
    expect(first).not.toContain('load-00026')

    for (let i = 0; i < 5000; i += 2) fake.handlers()!.onEvent('MODIFIED', pod(i, false))
    const after = await framesWith(() => app.lastFrame(), '5000 pods, 2500 failing')
    expect(lineWith(after, 'load-00000')).toMatch(/^! load-00000\s+0\/1\s+CrashLoopBackOff\s+4/)

    app.stdin.write('G')
    const bottom = await framesWith(() => app.lastFrame(), 'load-04999')
    expect(bottom).not.toContain('load-00000')
    app.stdin.write('f')
    // The selected pod is not failing, so the selection goes to the top of the shorter list.
    await frameWhere(() => app.lastFrame(), (f) => f.includes('failing only') && f.includes('load-00000') && !f.includes('load-00001'), 'failing pods only')
    app.stdin.write('G')
    await framesWith(() => app.lastFrame(), 'load-04998')
    app.stdin.write(keys.enter)
    await framesWith(() => app.lastFrame(), 'diagnosis of load/load-04998')
    app.unmount()
  })

  it('says when the pod list cannot be read, and keeps retrying', async () => {
    const fake = fakeCluster({fail: 'pods is forbidden: User "dev" cannot list resource "pods"'})
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 140, rows: 20}} refreshMs={20} />)
    const frame = await framesWith(() => app.lastFrame(), 'cannot list pods: pods is forbidden')
    expect(frame).toContain('(retrying)')
    app.unmount()
  })

  it('q quits: the render ends and every watch is stopped', async () => {
    const fake = fakeCluster()
    const stdout = Object.assign(new EventEmitter(), {columns: 100, rows: 20, isTTY: true, frames: [] as string[], write(frame: string) {
      this.frames.push(frame)
      return true
    }})
    const stdin = Object.assign(new EventEmitter(), {isTTY: true, setRawMode() {}, setEncoding() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null as string | null})
    let aborted = false
    const instance = inkRender(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} refreshMs={20} />, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    })
    await frameWhere(() => stdout.frames.at(-1), () => fake.handlers() !== undefined, 'the watch to start')
    fake.handlers()!.signal.addEventListener('abort', () => (aborted = true))
    fake.handlers()!.onSync([pod(1)])
    await frameWhere(() => stdout.frames.at(-1), (f) => f.includes('1 pods'), 'the pod')
    // The size comes from the terminal: 20 rows → one short of it.
    expect(stdout.frames.at(-1)!.split('\n').length).toBeLessThanOrEqual(19)
    let ended = false
    const exited = instance.waitUntilExit().then(() => (ended = true))
    // ink reads input through 'readable' + read().
    const send = async (text: string) => {
      let pending: string | null = text
      stdin.read = () => {
        const out = pending
        pending = null
        return out
      }
      stdin.emit('readable')
      await tick()
    }
    await send('q')
    await exited
    expect(ended).toBe(true)
    expect(aborted).toBe(true)
  })
})
