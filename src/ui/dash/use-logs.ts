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
export function useLogs({cluster, target, open, paint, refreshMs, redraw}: FollowRequest, options: LogOptions): LogBuffer | undefined {
  const [stream, setStream] = useState<Stream | undefined>()
  const key = open && target ? `${target.namespace}/${target.name} ${optionsKey(options)}` : undefined
  useEffect(() => {
    if (!key || !target) return
    const buffer = new LogBuffer(10_000, refreshMs)
    setStream({key, cluster, buffer})
    buffer.onChange(redraw)
    const controller = new AbortController()
    const sink = {lines: (lines: string[]) => buffer.push(lines), notice: (text: string) => buffer.push([paint.paint('dim', text)])}
    settle(buffer, controller.signal, paint, cluster.followLogs(target.namespace, target.name, sink, paint, controller.signal, options), options.previous ? 'the previous run' : 'the log')
    return () => {
      controller.abort()
      buffer.dispose()
      setStream((shown) => (shown?.buffer === buffer ? undefined : shown))
    }
  }, [key, cluster, paint, refreshMs])
  return streamFor(stream, key, cluster)
}

/** A started stream: what it was started for, and its lines. */
interface Stream {
  key: string
  cluster: DashCluster
  buffer: LogBuffer
}

/** The buffer of the stream `key` asks for; undefined until it has started (or when nothing is asked). */
function streamFor(stream: Stream | undefined, key: string | undefined, cluster: DashCluster): LogBuffer | undefined {
  return key !== undefined && stream?.key === key && stream.cluster === cluster ? stream.buffer : undefined
}

/** The live trace of the target (any kind) while the trace view is open; `run` restarts it. */
export function useTrace({cluster, target, open, paint, refreshMs, redraw}: FollowRequest, run: number): LogBuffer | undefined {
  const [stream, setStream] = useState<Stream | undefined>()
  const key = open && target ? `${target.kind ?? 'pods'} ${target.namespace}/${target.name} ${run}` : undefined
  useEffect(() => {
    if (!key || !target) return
    const buffer = new LogBuffer(10_000, refreshMs)
    setStream({key, cluster, buffer})
    buffer.onChange(redraw)
    const controller = new AbortController()
    let last: KubeObject | undefined
    const sink = {
      object: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject) => {
        buffer.push(changeLines(type, last, object, Date.now()))
        last = type === 'DELETED' ? undefined : object
      },
      event: (event: KubeObject) => buffer.push([paint.paint(event.type === 'Warning' ? 'yellow' : 'dim', eventLine(event, Date.now()))]),
      trouble: (reason: string) => buffer.push([paint.paint('yellow', `watch interrupted (${reason}); trying again`)]),
    }
    settle(buffer, controller.signal, paint, cluster.trace(target.kind ?? 'pods', target.namespace, target.name, sink, controller.signal), 'the trace')
    return () => {
      controller.abort()
      buffer.dispose()
      setStream((shown) => (shown?.buffer === buffer ? undefined : shown))
    }
  }, [key, cluster, paint, refreshMs])
  return streamFor(stream, key, cluster)
}
