/**
 * The dash with a cluster made in the test: thousands of pods, bursts of watch events, a watch
 * that fails, and quitting (ink's own render, so waitUntilExit can be awaited).
 */
import {render as inkRender} from 'ink'
import {cleanup, render} from 'ink-testing-library'
import {afterEach, describe, expect, it} from 'vitest'
import {DashApp} from '../../../src/ui/dash/app.js'
import type {DashCluster, DashConnector, LogSink, PodSelection, PodWatchHandlers} from '../../../src/ui/dash/cluster.js'
import type {NodePods} from '../../../src/ui/dash/node-usage.js'
import type {PodObject} from '../../../src/ui/dash/pod-rows.js'
import {fakeTerminal, framesWith, frameWhere, keys, lineWith, tick} from './helpers.js'

// A test that fails part-way still stops its dash (its watches and timers), not only one that ends.
afterEach(() => cleanup())

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

/** A whole list handed over as the client does, page by page. */
function syncAll(handlers: PodWatchHandlers, pods: PodObject[]): void {
  handlers.onSync.begin()
  for (let i = 0; i < pods.length; i += 500) handlers.onSync.page(pods.slice(i, i + 500))
  handlers.onSync.end()
}

/** A cluster whose pod watch the test drives. */
function fakeCluster(options: {fail?: string; logLines?: number; diagnosis?: string[]} = {}) {
  let handlers: PodWatchHandlers | undefined
  let watches = 0
  const selections: PodSelection[] = []
  const usageAsked: Array<ReadonlyMap<string, NodePods> | undefined> = []
  let logSink: LogSink | undefined
  const cluster: DashCluster = {
    contextName: 'fake',
    defaultNamespace: 'load',
    async watchPods(selection, h) {
      watches++
      selections.push(selection)
      if (options.fail) throw new Error(options.fail)
      handlers = h
      await new Promise<void>((resolve) => h.signal.addEventListener('abort', () => resolve(), {once: true}))
    },
    namespaces: async () => ['load'],
    diagnosePod: async (namespace, name) => options.diagnosis ?? [`diagnosis of ${namespace}/${name}`],
    async followLogs(_namespace, _name, sink, _paint, signal, logOptions) {
      logSink = sink
      // The stream's options shape its lines, as the tail core's --include does.
      const grep = logOptions?.grep ? new RegExp(logOptions.grep) : undefined
      sink.lines(Array.from({length: options.logLines ?? 0}, (_, i) => `line ${i + 1}`).filter((line) => !grep || grep.test(line)))
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), {once: true}))
    },
    capacity: async () => ['no nodes'],
    listObjects: async () => [],
    diagnose: async (resource, namespace, name) => [`diagnosis of ${resource} ${namespace}/${name}`],
    objectYaml: async (_resource, _namespace, name) => [`name: ${name}`],
    podContainers: async () => ['app'],
    async nodeUsage(pods) {
      usageAsked.push(pods)
      return new Map()
    },
    xray: async (_resource, _namespace, name) => [`Pod/${name}`],
    trace: async (_resource, _namespace, _name, _sink, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), {once: true})),
    close() {},
  }
  const connector: DashConnector = {connect: async () => cluster, contexts: () => ({names: ['fake'], current: 'fake'})}
  return {cluster, connector, handlers: () => handlers, watches: () => watches, selections, usageAsked, logSink: () => logSink}
}

describe('kubectl dash with thousands of pods', () => {
  it('renders only the visible window and stays navigable through a burst of events', async () => {
    const fake = fakeCluster()
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 120, rows: 30}} refreshMs={20} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    syncAll(fake.handlers()!, Array.from({length: 5000}, (_, i) => pod(i)))
    const first = await framesWith(() => app.lastFrame(), '5000 pods')
    // 29 rows: header, column header, 26 pods, footer.
    expect(first.split('\n')).toHaveLength(29)
    expect(first).toContain('load-00025')
    expect(first).not.toContain('load-00026')

    for (let i = 0; i < 5000; i += 2) fake.handlers()!.onEvent('MODIFIED', pod(i, false))
    const after = await framesWith(() => app.lastFrame(), '5000 pods, 2500 failing')
    expect(lineWith(after, 'load-00000')).toMatch(/^>! load-00000\s+0\/1\s+CrashLoopBackOff\s+4/)

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

  it('logs follow the newest line; scrolling up pauses, G follows again', async () => {
    const fake = fakeCluster({logLines: 1000})
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 100, rows: 20}} refreshMs={20} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    syncAll(fake.handlers()!, [pod(1)])
    await framesWith(() => app.lastFrame(), '1 pods')
    app.stdin.write('l')
    const following = await framesWith(() => app.lastFrame(), 'line 1000')
    // 20 rows: header, pane title, 16 lines, footer.
    expect(following).toContain('following  lines 985-1000 of 1000')
    expect(following).not.toContain('line 984\n')
    app.stdin.write('k')
    await framesWith(() => app.lastFrame(), 'paused (G follows)  lines 984-999 of 1000')
    fake.logSink()!.lines(['line 1001'])
    // Paused: new lines do not move the window.
    await framesWith(() => app.lastFrame(), 'lines 984-999 of 1001')
    app.stdin.write('G')
    await framesWith(() => app.lastFrame(), 'following  lines 986-1001 of 1001')
    app.stdin.write('g')
    const top = await framesWith(() => app.lastFrame(), 'lines 1-16 of 1001')
    expect(top).toMatch(/^line 1$/m)
    app.stdin.write('f')
    await framesWith(() => app.lastFrame(), 'following  lines 986-1001')
    app.unmount()
  })

  it('a key pressed the moment a frame is drawn acts on what that frame shows (k pauses one line above the followed end)', async () => {
    const fake = fakeCluster({logLines: 1000})
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 100, rows: 20}} refreshMs={20} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    syncAll(fake.handlers()!, [pod(1)])
    await framesWith(() => app.lastFrame(), '1 pods')
    // k goes in right after the first frame that shows the followed end, before React has run
    // the effects of that render (what a loaded machine does to a person's keys).
    const write = app.stdout.write
    let pressed = false
    app.stdout.write = (frame: string) => {
      write(frame)
      if (!pressed && frame.includes('following  lines 985-1000 of 1000')) {
        pressed = true
        queueMicrotask(() => app.stdin.write('k'))
      }
    }
    app.stdin.write('l')
    const paused = await framesWith(() => app.lastFrame(), 'paused (G follows)')
    expect(paused).toContain('paused (G follows)  lines 984-999 of 1000')
    app.unmount()
  })

  it('the logs view never shows the previous stream under the options of the new one', async () => {
    const fake = fakeCluster({logLines: 40})
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 100, rows: 20}} refreshMs={20} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    syncAll(fake.handlers()!, [pod(1)])
    await framesWith(() => app.lastFrame(), '1 pods')
    app.stdin.write('l')
    await framesWith(() => app.lastFrame(), 'line 40')
    const from = app.frames.length
    for (const key of ['/', ...'^line 3', keys.enter]) {
      app.stdin.write(key)
      await tick()
    }
    await frameWhere(() => app.lastFrame(), (f) => f.includes('[matching /^line 3/]') && f.includes('line 39'), 'only the matching lines')
    const titled = app.frames.slice(from).filter((frame) => frame.includes('[matching /^line 3/]'))
    expect(titled.length).toBeGreaterThan(0)
    for (const frame of titled) expect(frame).not.toMatch(/^line (?!3)\d+$/m)
    app.unmount()
  })

  it('a kept -l filter is sent to the API server as the label selector; typing it re-lists nothing, and esc lists every pod again', async () => {
    const fake = fakeCluster()
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 120, rows: 20}} refreshMs={20} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    const labelled = (i: number, app: string) => ({...pod(i), metadata: {...pod(i).metadata, labels: {app}}})
    syncAll(fake.handlers()!, [labelled(1, 'web'), labelled(2, 'db'), labelled(3, 'web')])
    await framesWith(() => app.lastFrame(), '3 pods')
    for (const key of ['/', ...'-l app=web']) app.stdin.write(key)
    // While it is typed, the rows listed are filtered here: no new watch.
    await frameWhere(() => app.lastFrame(), (f) => f.includes('load-00001') && !f.includes('load-00002'), 'the web pods, filtered here')
    expect(fake.watches()).toBe(1)
    const first = fake.handlers()
    app.stdin.write(keys.enter)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== first, 'a watch with the selector')
    expect(fake.selections.at(-1)).toEqual({namespace: 'load', allNamespaces: false, labelSelector: 'app=web'})
    // Until the server's list arrives, the rows already listed stay (filtered).
    expect(lineWith(app.lastFrame()!, 'load-00003')).toBeDefined()
    syncAll(fake.handlers()!, [labelled(1, 'web'), labelled(3, 'web')])
    await frameWhere(() => app.lastFrame(), (f) => f.includes('2 pods') && f.includes('filter "-l app=web"'), 'the server-selected list')
    const selected = fake.handlers()
    app.stdin.write(keys.esc)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== selected, 'a watch of every pod')
    expect(fake.selections.at(-1)).toEqual({namespace: 'load', allNamespaces: false, labelSelector: undefined})
    app.unmount()
  })

  it(':no adds up the requests per node from the pods already listed (every namespace), without reading every pod again', async () => {
    const fake = fakeCluster()
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={true} colour={false} size={{columns: 120, rows: 20}} refreshMs={20} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    const asking = (i: number, cpu: string, phase = 'Running'): PodObject => {
      const p = pod(i)
      return {...p, spec: {...p.spec, nodeName: 'node-1', containers: [{name: 'app', resources: {requests: {cpu, memory: '64Mi'}}}]}, status: {...p.status, phase}}
    }
    syncAll(fake.handlers()!, [asking(1, '250m'), asking(2, '500m'), asking(3, '1', 'Succeeded')])
    await framesWith(() => app.lastFrame(), '3 pods')
    for (const key of [':', 'n', 'o', keys.enter]) app.stdin.write(key)
    await frameWhere(() => app.lastFrame(), () => fake.usageAsked.length === 1, 'the node usage read')
    const sums = fake.usageAsked[0]!
    expect(sums.get('node-1')).toEqual({pods: 2, cpu: 750_000_000n, memory: 2n * 64n * 1024n * 1024n * 1_000_000_000n})
    app.unmount()

    // One namespace listed: the pods of the others are not known here, so the snapshot reads them.
    const single = fakeCluster()
    const other = render(<DashApp connector={single.connector} cluster={single.cluster} allNamespaces={false} colour={false} size={{columns: 120, rows: 20}} refreshMs={20} />)
    await frameWhere(() => other.lastFrame(), () => single.handlers() !== undefined, 'the watch to start')
    syncAll(single.handlers()!, [asking(1, '250m')])
    await framesWith(() => other.lastFrame(), '1 pods')
    for (const key of [':', 'n', 'o', keys.enter]) other.stdin.write(key)
    await frameWhere(() => other.lastFrame(), () => single.usageAsked.length === 1, 'the node usage read')
    expect(single.usageAsked[0]).toBeUndefined()
    other.unmount()
  })

  it('80×24: the selection is marked > (no colour needed), header, columns and footer fit, ? stays in the footer', async () => {
    const fake = fakeCluster()
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 80, rows: 24}} refreshMs={20} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    syncAll(fake.handlers()!, [pod(1), pod(2, false), pod(3)])
    const frame = await framesWith(() => app.lastFrame(), '3 pods, 1 failing')
    const lines = frame.split('\n')
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80)
    expect(lines[1]).toMatch(/^ {3}NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+NODE/)
    expect(lineWith(frame, 'load-00001')).toMatch(/^> {2}load-00001\s+1\/1\s+Running\s+0\s+60m\s+node-1/)
    expect(lineWith(frame, 'load-00002')).toMatch(/^ ! load-00002\s+0\/1\s+CrashLoopBackOff\s+4\s/)
    expect(lines.at(-1)).toContain('<?> help')
    app.stdin.write('j')
    const moved = await frameWhere(() => app.lastFrame(), (f) => /^>! load-00002/m.test(f), 'the marker on the second row')
    expect(lineWith(moved, 'load-00001')).toMatch(/^ {3}load-00001/)
    app.unmount()
  })

  it('a new pod created after the last clock tick shows AGE 0s, never <invalid>', async () => {
    const fake = fakeCluster()
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 120, rows: 20}} refreshMs={20} clockTickMs={60_000} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    syncAll(fake.handlers()!, [pod(1)])
    await framesWith(() => app.lastFrame(), '1 pods')
    const fresh = pod(9)
    fresh.metadata.creationTimestamp = new Date(Date.now() + 2000).toISOString()
    fake.handlers()!.onEvent('ADDED', fresh)
    const frame = await framesWith(() => app.lastFrame(), 'load-00009')
    expect(lineWith(frame, 'load-00009')).toMatch(/Running\s+0\s+0s\s+node-9/)
    expect(frame).not.toContain('inval')
    app.unmount()
  })

  it('the logs view stops saying "following" once its pod is deleted', async () => {
    const fake = fakeCluster({logLines: 3})
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 100, rows: 20}} refreshMs={20} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    syncAll(fake.handlers()!, [pod(1)])
    await framesWith(() => app.lastFrame(), '1 pods')
    app.stdin.write('l')
    await framesWith(() => app.lastFrame(), 'following')
    fake.handlers()!.onEvent('DELETED', pod(1))
    const gone = await framesWith(() => app.lastFrame(), 'pod deleted: no more lines')
    expect(gone).not.toContain('following')
    app.unmount()
  })

  it('the diagnosis wraps long lines at the width, and w cuts them (then → scrolls sideways)', async () => {
    const long = 'evidence: ' + Array.from({length: 30}, (_, i) => `word${i}`).join(' ')
    const fake = fakeCluster({diagnosis: ['ROOT CAUSE  Something', long]})
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 60, rows: 20}} refreshMs={20} />)
    await frameWhere(() => app.lastFrame(), () => fake.handlers() !== undefined, 'the watch to start')
    syncAll(fake.handlers()!, [pod(1)])
    await framesWith(() => app.lastFrame(), '1 pods')
    app.stdin.write(keys.enter)
    const wrapped = await framesWith(() => app.lastFrame(), 'word29')
    expect(wrapped).toContain('lines 1-5 of 5')
    app.stdin.write('w')
    const cut = await framesWith(() => app.lastFrame(), 'lines 1-2 of 2')
    expect(cut).not.toContain('word29')
    for (let i = 0; i < 20; i++) app.stdin.write(keys.right)
    await framesWith(() => app.lastFrame(), 'word29')
    app.unmount()
  })

  it('reconnecting: the header says why and since when, the rows stay with their ages frozen; live again after the re-list', async () => {
    const fake = fakeCluster()
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 160, rows: 20}} refreshMs={20} clockTickMs={50} />)
    const frame = () => app.lastFrame() ?? ''
    await frameWhere(frame, () => fake.handlers() !== undefined, 'the watch to start')
    const young = {...pod(1), metadata: {...pod(1).metadata, creationTimestamp: new Date(Date.now() - 30_000).toISOString()}}
    syncAll(fake.handlers()!, [young, pod(2)])
    expect(lineWith(await framesWith(frame, '2 pods'), 'kubekit dash')).toMatch(/● live$/)

    fake.handlers()!.onRetry({reason: 'API server unreachable', message: 'connection refused', delayMs: 30_000, attempt: 1})
    const down = await framesWith(frame, '◌ reconnecting')
    expect(lineWith(down, 'kubekit dash')).toMatch(/◌ reconnecting \d+s: API server unreachable \(next try in \d+s\); showing state from \d+s ago$/)
    const frozenAge = lineWith(down, 'load-00001')!.match(/Running\s+0\s+(\S+)/)![1]
    // Seconds pass (the header counts them); the age stays where the rows were last current.
    const later = await framesWith(frame, 'showing state from 2s ago')
    expect(lineWith(later, 'load-00001')!.match(/Running\s+0\s+(\S+)/)![1]).toBe(frozenAge)

    // The re-list after the reconnect replaces the rows: a pod deleted meanwhile is gone at once.
    fake.handlers()!.onRecovered()
    syncAll(fake.handlers()!, [young])
    const live = await frameWhere(frame, (f) => f.includes('1 pods') && /● live$/m.test(f), 'live with one pod')
    expect(live).not.toContain('load-00002')
    expect(live).not.toContain('showing state')
    app.unmount()
  })

  it('says when the pod list cannot be read (a failure waiting cannot cure), and r tries again', async () => {
    const fake = fakeCluster({fail: 'pods is forbidden: User "dev" cannot list resource "pods"'})
    const app = render(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} size={{columns: 140, rows: 20}} refreshMs={20} />)
    const frame = await framesWith(() => app.lastFrame(), 'cannot list pods: pods is forbidden')
    expect(frame).toContain('(r retries)')
    expect(lineWith(frame, 'kubekit dash')).toContain('✕ stopped: pods is forbidden')
    // Stopped means stopped: the dash does not loop on its own.
    await tick(100)
    expect(fake.watches()).toBe(1)
    app.stdin.write('r')
    await frameWhere(() => app.lastFrame(), () => fake.watches() === 2, 'a second watch after r')
    app.unmount()
  })

  it('q quits: the render ends and every watch is stopped', async () => {
    const fake = fakeCluster()
    const terminal = fakeTerminal()
    let aborted = false
    const instance = inkRender(<DashApp connector={fake.connector} cluster={fake.cluster} allNamespaces={false} colour={false} refreshMs={20} />, {
      stdout: terminal.stdout,
      stdin: terminal.stdin,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    })
    await frameWhere(() => terminal.written.at(-1), () => fake.handlers() !== undefined, 'the watch to start')
    fake.handlers()!.signal.addEventListener('abort', () => (aborted = true))
    syncAll(fake.handlers()!, [pod(1)])
    await frameWhere(() => terminal.written.at(-1), (f) => f.includes('1 pods'), 'the pod')
    // The size comes from the terminal: 20 rows → one short of it.
    expect(terminal.written.at(-1)!.split('\n').length).toBeLessThanOrEqual(19)
    let ended = false
    const exited = instance.waitUntilExit().then(() => (ended = true))
    await terminal.send('q')
    await exited
    expect(ended).toBe(true)
    expect(aborted).toBe(true)
  })
})
