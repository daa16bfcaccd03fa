/**
 * The followed logs and trace as hooks, with a cluster made in the test: a stream per target
 * and options, its end or failure said in the buffer, the old stream aborted, and never the
 * lines of the previous stream under a new request.
 */
import {cleanup} from 'ink-testing-library'
import {afterEach, describe, expect, it} from 'vitest'
import type {KubeObject} from '../../../src/kube/client.js'
import {painter} from '../../../src/print/colour.js'
import type {DashCluster, LogSink, TraceSink} from '../../../src/ui/dash/cluster.js'
import type {LogBuffer} from '../../../src/ui/dash/log-buffer.js'
import {defaultLogOptions, type LogOptions} from '../../../src/ui/dash/log-options.js'
import {useLogs, useTrace, type FollowRequest} from '../../../src/ui/dash/use-logs.js'
import {renderHook, until} from './helpers.js'

afterEach(() => cleanup())

/** One stream the hook started: where its lines go, and how to end it. */
interface Stream<Sink> {
  args: unknown[]
  sink: Sink
  signal: AbortSignal
  end(): void
  fail(error: Error): void
}

function fakeCluster() {
  const logs: Array<Stream<LogSink>> = []
  const traces: Array<Stream<TraceSink>> = []
  const follow = <Sink,>(into: Array<Stream<Sink>>, args: unknown[], sink: Sink, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => into.push({args, sink, signal, end: resolve, fail: reject}))
  const cluster = {
    followLogs: (namespace: string, name: string, sink: LogSink, _paint: unknown, signal: AbortSignal, options: LogOptions) => follow(logs, [namespace, name, options], sink, signal),
    trace: (resource: string, namespace: string, name: string, sink: TraceSink, signal: AbortSignal) => follow(traces, [resource, namespace, name], sink, signal),
  } as unknown as DashCluster
  return {cluster, logs, traces}
}

const paint = painter(false)
const lines = (buffer: LogBuffer | undefined) => buffer?.slice(0, buffer.length) ?? []

function followLogs(cluster: DashCluster, open = true) {
  const request: FollowRequest = {cluster, target: {namespace: 'shop', name: 'web-1'}, open, paint, refreshMs: 0, redraw: () => {}}
  const hook = renderHook(({request, options}: {request: FollowRequest; options: LogOptions}) => useLogs(request, options), {request, options: defaultLogOptions})
  return {request, hook}
}

describe('useLogs', () => {
  it('nothing is followed while the view is closed', async () => {
    const {cluster, logs} = fakeCluster()
    const {request, hook} = followLogs(cluster, false)
    expect(hook.value()).toBeUndefined()
    hook.rerender({request: {...request, open: true}, options: defaultLogOptions})
    await until(() => logs.length, (n) => n === 1, 'the stream')
    expect(logs[0]!.args).toEqual(['shop', 'web-1', defaultLogOptions])
  })

  it("the stream's lines and notices, then its end", async () => {
    const {cluster, logs} = fakeCluster()
    const {hook} = followLogs(cluster)
    const [stream] = await until(() => logs, (l) => l.length === 1, 'the stream')
    stream!.sink.lines(['one', 'two'])
    stream!.sink.notice('container app started')
    stream!.end()
    const buffer = await until(hook.value, (b) => b?.ended === 'ended', 'the end')
    expect(lines(buffer)).toEqual(['one', 'two', 'container app started', '— the log ended —'])
  })

  it('a stream that fails says why, in its first line', async () => {
    const {cluster, logs} = fakeCluster()
    const {hook} = followLogs(cluster)
    const [stream] = await until(() => logs, (l) => l.length === 1, 'the stream')
    stream!.fail(new Error('pods "web-1" not found\nat ...'))
    const buffer = await until(hook.value, (b) => b?.ended === 'failed', 'the failure')
    expect(lines(buffer)).toEqual(['cannot follow the log: pods "web-1" not found'])
  })

  it('other options: the old stream is aborted, no render shows its lines, and the previous run says so when it ends', async () => {
    const {cluster, logs} = fakeCluster()
    const {request, hook} = followLogs(cluster)
    const [first] = await until(() => logs, (l) => l.length === 1, 'the stream')
    first!.sink.lines(['current run'])
    const old = await until(hook.value, (b) => b !== undefined, 'the buffer')
    const previous = {...defaultLogOptions, previous: true}
    const rendered = hook.values.length
    hook.rerender({request, options: previous})
    const [, second] = await until(() => logs, (l) => l.length === 2, 'the second stream')
    expect(first!.signal.aborted).toBe(true)
    expect(second!.args).toEqual(['shop', 'web-1', previous])
    // From the render with the new options on, the old buffer is never handed back.
    expect(hook.values.slice(rendered)).not.toContain(old)
    second!.end()
    const buffer = await until(hook.value, (b) => b?.ended === 'ended', 'the end')
    expect(lines(buffer)).toEqual(['— the previous run ended —'])
  })
})

describe('useTrace', () => {
  const object = (labels: Record<string, string>) => ({apiVersion: 'v1', kind: 'Deployment', metadata: {name: 'web', namespace: 'shop', resourceVersion: '7', labels}}) as KubeObject

  it("the object's state, each change as a diff, its events; a new run starts a new trace", async () => {
    const {cluster, traces} = fakeCluster()
    const request: FollowRequest = {cluster, target: {namespace: 'shop', name: 'web', kind: 'deployments'}, open: true, paint, refreshMs: 0, redraw: () => {}}
    const hook = renderHook(({run}: {run: number}) => useTrace(request, run), {run: 0})
    const [stream] = await until(() => traces, (t) => t.length === 1, 'the trace')
    expect(stream!.args).toEqual(['deployments', 'shop', 'web'])
    stream!.sink.object('ADDED', object({app: 'web'}))
    stream!.sink.object('MODIFIED', object({app: 'web', tier: 'front'}))
    stream!.sink.event({metadata: {name: 'e'}, type: 'Warning', reason: 'FailedCreate', message: 'quota exceeded'} as KubeObject)
    stream!.sink.trouble('connection reset')
    const buffer = await until(hook.value, (b) => (b?.length ?? 0) >= 5, 'the trace lines')
    const text = lines(buffer)
    expect(text[0]).toMatch(/^\d\d:\d\d:\d\d watching Deployment web \(resourceVersion 7\)$/)
    expect(text[1]).toMatch(/^\d\d:\d\d:\d\d modified Deployment web$/)
    expect(text[2]).toBe('    + metadata.labels.tier: "front"')
    expect(text[3]).toMatch(/^\d\d:\d\d:\d\d event Warning FailedCreate: quota exceeded$/)
    expect(text[4]).toBe('watch interrupted (connection reset); trying again')
    hook.rerender({run: 1})
    await until(() => traces.length, (n) => n === 2, 'a second trace')
    expect(stream!.signal.aborted).toBe(true)
  })
})
