/**
 * Live text the dash follows, as React hooks over a bounded LogBuffer: the target pod's logs
 * (the tail core, with the logs view's options; a change of pod or options starts a new stream)
 * and the live trace of one object (its changes and events). Each hook hands back the buffer of
 * the stream the current request asks for, or none until that stream has started: a frame never
 * shows lines of the previous stream under the title of the new one.
 */
import {useEffect, useState} from 'react'
import type {KubeObject} from '../../kube/client.js'
import type {Painter} from '../../print/colour.js'
import type {DashCluster} from './cluster.js'
import {LogBuffer} from './log-buffer.js'
import {optionsKey, type LogOptions} from './log-options.js'
import type {PodRef} from './state.js'
import {changeLines, eventLine} from './trace.js'

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

/** Marks the buffer's end: `ended` when the stream finished, `failed` with the reason otherwise. */
function settle(buffer: LogBuffer, signal: AbortSignal, paint: Painter, done: Promise<void>, what: string): void {
  done.then(
    () => {
      if (signal.aborted) return
      buffer.ended = 'ended'
      buffer.push([paint.paint('dim', `— ${what} ended —`)])
    },
    (error: unknown) => {
      if (signal.aborted) return
      buffer.ended = 'failed'
      buffer.push([paint.paint('red', `cannot follow ${what}: ${errorText(error)}`)])
    },
  )
}

export interface FollowRequest {
  cluster: DashCluster
  target: PodRef | undefined
  /** The view is open. */
  open: boolean
  paint: Painter
  refreshMs: number
  redraw: () => void
}

/** The target pod's log lines while the logs view is open. */
export function useLogs(request: FollowRequest, options: LogOptions): LogBuffer | undefined {
  const {cluster, target, open, paint} = request
  const key = open && target ? `${target.namespace}/${target.name} ${optionsKey(options)}` : undefined
  return useFollowed(key, request, (buffer, signal, target) => {
    const sink = {lines: (lines: string[]) => buffer.push(lines), notice: (text: string) => buffer.push([paint.paint('dim', text)])}
    settle(buffer, signal, paint, cluster.followLogs(target.namespace, target.name, sink, paint, signal, options), options.previous ? 'the previous run' : 'the log')
  })
}

/** The live trace of the target (any kind) while the trace view is open; `run` restarts it. */
export function useTrace(request: FollowRequest, run: number): LogBuffer | undefined {
  const {cluster, target, open, paint} = request
  const key = open && target ? `${target.kind ?? 'pods'} ${target.namespace}/${target.name} ${run}` : undefined
  return useFollowed(key, request, (buffer, signal, target) => {
    let last: KubeObject | undefined
    const sink = {
      object: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject) => {
        buffer.push(changeLines(type, last, object, Date.now()))
        last = type === 'DELETED' ? undefined : object
      },
      event: (event: KubeObject) => buffer.push([paint.paint(event.type === 'Warning' ? 'yellow' : 'dim', eventLine(event, Date.now()))]),
      trouble: (reason: string) => buffer.push([paint.paint('yellow', `watch interrupted (${reason}); trying again`)]),
    }
    settle(buffer, signal, paint, cluster.trace(target.kind ?? 'pods', target.namespace, target.name, sink, signal), 'the trace')
  })
}

/** A started stream: what it was started for, and its lines. */
interface Stream {
  key: string
  cluster: DashCluster
  buffer: LogBuffer
}

/**
 * A bounded buffer that `start` fills for the target while `key` is set (undefined: nothing is followed). A new
 * key starts a new buffer; the old stream is aborted and its buffer disposed. Hands back the
 * buffer of the stream `key` asks for, undefined until that stream has started.
 */
function useFollowed(key: string | undefined, {cluster, target, paint, refreshMs, redraw}: FollowRequest, start: (buffer: LogBuffer, signal: AbortSignal, target: PodRef) => void): LogBuffer | undefined {
  const [stream, setStream] = useState<Stream | undefined>()
  useEffect(() => {
    if (!key || !target) return
    const buffer = new LogBuffer(10_000, refreshMs)
    setStream({key, cluster, buffer})
    buffer.onChange(redraw)
    const controller = new AbortController()
    // `start` is this render's closure: the key names everything it reads that may change.
    start(buffer, controller.signal, target)
    return () => {
      controller.abort()
      buffer.dispose()
      setStream((shown) => (shown?.buffer === buffer ? undefined : shown))
    }
  }, [key, cluster, paint, refreshMs])
  return key !== undefined && stream?.key === key && stream.cluster === cluster ? stream.buffer : undefined
}
