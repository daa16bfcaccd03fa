/**
 * pods/log as the kubelet serves it: which run a request reads (with the kubelet's error texts),
 * the lines of a run with deterministic timestamps, and the options container, previous,
 * timestamps, sinceSeconds, sinceTime, tailLines, limitBytes and follow.
 *
 * Timestamps: the fixed lines of a run are spread evenly over the run (start to end, or to the
 * sandbox's start for a running container); generated line i (from 1) is stamped at
 * `generateStart + i / perSecond` seconds, or `generateStart + i` microseconds when perSecond is 0.
 * So a client that resumes with sinceTime sees the same stamps again.
 */
import type {ServerResponse} from 'node:http'
import {parseInt64, queryBool} from './query.js'
import {errors} from './status.js'
import type {KubeObject, LogSpec} from './types.js'

export interface LogOptions {
  container?: string
  follow: boolean
  previous: boolean
  timestamps: boolean
  sinceSeconds?: number
  sinceTime?: string
  tailLines?: number
  limitBytes?: number
}

function intParam(params: URLSearchParams, name: string, min: number): number | undefined {
  const raw = params.get(name)
  if (raw === null || raw === '') return undefined
  const n = parseInt64(raw)
  if (n < min) throw errors.invalid('PodLogOptions', '', '', name, `Invalid value: ${n}: must be greater than ${min === 0 ? 'or equal to 0' : min - 1}`)
  return n
}

export function parseLogOptions(params: URLSearchParams): LogOptions {
  const options: LogOptions = {
    follow: queryBool(params, 'follow'),
    previous: queryBool(params, 'previous'),
    timestamps: queryBool(params, 'timestamps'),
  }
  const container = params.get('container')
  if (container) options.container = container
  const sinceSeconds = intParam(params, 'sinceSeconds', 1)
  const sinceTime = params.get('sinceTime')
  if (sinceSeconds !== undefined && sinceTime) throw errors.invalid('PodLogOptions', '', '', 'sinceSeconds', 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified')
  if (sinceSeconds !== undefined) options.sinceSeconds = sinceSeconds
  if (sinceTime) {
    if (Number.isNaN(Date.parse(sinceTime))) throw errors.badRequest(`parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse`)
    options.sinceTime = sinceTime
  }
  const tailLines = intParam(params, 'tailLines', 0)
  if (tailLines !== undefined) options.tailLines = tailLines
  const limitBytes = intParam(params, 'limitBytes', 1)
  if (limitBytes !== undefined) options.limitBytes = limitBytes
  return options
}

interface ContainerStatus {
  name: string
  state?: {running?: {startedAt?: string}; waiting?: {reason?: string}; terminated?: {startedAt?: string; finishedAt?: string}}
  lastState?: {terminated?: {startedAt?: string; finishedAt?: string; containerID?: string}}
}

/** The run of a container that a log request reads, or the kubelet's error for it. */
export interface LogTarget {
  key: string
  container: string
  /** Which text of the LogSpec: the current run, or the previous one. */
  run: 'current' | 'previous'
  /** When the run started and (if it ended) ended, in ms. */
  startMs: number
  endMs?: number
}

/** Picks the container and its run as the API server and the kubelet do, with their error texts. */
export function resolveLogTarget(pod: KubeObject, options: LogOptions, serverStartMs: number): LogTarget | undefined {
  const name = pod.metadata!.name!
  const namespace = pod.metadata!.namespace!
  const spec = (pod.spec ?? {}) as {containers?: Array<{name: string}>; initContainers?: Array<{name: string}>; ephemeralContainers?: Array<{name: string}>; nodeName?: string}
  const containers = (spec.containers ?? []).map((c) => c.name)
  const initContainers = (spec.initContainers ?? []).map((c) => c.name)
  let container = options.container
  if (!container) {
    if (containers.length === 1) container = containers[0]!
    else {
      const init = initContainers.length ? ` or one of the init containers: [${initContainers.join(' ')}]` : ''
      throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${init}`)
    }
  } else if (![...containers, ...initContainers, ...(spec.ephemeralContainers ?? []).map((c) => c.name)].includes(container)) {
    throw errors.badRequest(`container ${container} is not valid for pod ${name}`)
  }
  // A pod that is not on a node yet has no logs: the API server answers with an empty body.
  if (!spec.nodeName) return undefined
  const status = (pod.status ?? {}) as {containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[]; ephemeralContainerStatuses?: ContainerStatus[]}
  const cs = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? []), ...(status.ephemeralContainerStatuses ?? [])].find((s) => s.name === container)
  if (!cs) throw errors.badRequest(`container "${container}" in pod "${name}" is not available`)
  const key = `${namespace}/${name}/${container}`
  const last = cs.lastState?.terminated
  const ms = (t: string | undefined, fallback: number) => (t ? Date.parse(t) : fallback)
  if (options.previous) {
    if (!last) throw errors.badRequest(`previous terminated container "${container}" in pod "${name}" not found`)
    return {key, container, run: 'previous', startMs: ms(last.startedAt, serverStartMs - 60_000), endMs: ms(last.finishedAt, serverStartMs)}
  }
  const {running, terminated, waiting} = cs.state ?? {}
  if (running) return {key, container, run: 'current', startMs: ms(running.startedAt, serverStartMs - 3_600_000)}
  if (terminated) return {key, container, run: 'current', startMs: ms(terminated.startedAt, serverStartMs - 60_000), endMs: ms(terminated.finishedAt, serverStartMs)}
  // Waiting after a crash: the kubelet serves the last terminated run.
  if (last) return {key, container, run: 'previous', startMs: ms(last.startedAt, serverStartMs - 60_000), endMs: ms(last.finishedAt, serverStartMs)}
  const reason = waiting?.reason ?? 'ContainerCreating'
  if (reason === 'ErrImagePull') throw errors.badRequest(`container "${container}" in pod "${name}" is waiting to start: image can't be pulled`)
  if (reason === 'ImagePullBackOff') throw errors.badRequest(`container "${container}" in pod "${name}" is waiting to start: trying and failing to pull image`)
  throw errors.badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`)
}

/** A moment with nanosecond precision: whole milliseconds plus nanoseconds within the millisecond. */
interface Stamp {
  ms: number
  ns: number
}

/** The last millisecond formatted: lines come in stamp order, so most share the one before's. */
let lastStampMs = Number.NaN
let lastStampPrefix = ''

/** RFC 3339 with nine fractional digits, as the kubelet prefixes lines with `timestamps=true`. */
export function formatStamp(stamp: Stamp): string {
  if (stamp.ms !== lastStampMs) {
    const iso = new Date(stamp.ms).toISOString() // 2026-01-01T00:00:00.123Z
    lastStampMs = stamp.ms
    lastStampPrefix = `${iso.slice(0, 19)}.${iso.slice(20, 23)}`
  }
  return `${lastStampPrefix}${String(stamp.ns).padStart(6, '0')}Z`
}

function stampBefore(a: Stamp, b: Stamp): boolean {
  return a.ms < b.ms || (a.ms === b.ms && a.ns < b.ns)
}

/** An RFC 3339 time at the start of a line: the time the program says it wrote the line. */
const ownTime = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))\s/

/** What the kubelet adds between a program writing a line and stamping it: 50 µs. */
const receiveDelayMs = 0.05

/**
 * The kubelet's stamps for the fixed lines of a run (start to end). A line that begins with its
 * program's own time was received just after that time, as on a real node; the lines between
 * are spread evenly between their stamped neighbours (a run whose lines carry no time of their
 * own is spread evenly over the whole run). Stamps never go back, and stay inside the run.
 */
function fixedLineStamps(lines: string[], startMs: number, endMs: number): Stamp[] {
  // Offsets from the start, in ms: small numbers, so the sub-millisecond part survives the arithmetic.
  const span = Math.max(0, endMs - startMs)
  const anchors = lines.map((line) => {
    const match = ownTime.exec(line)
    const at = match ? Date.parse(match[1]!) - startMs + receiveDelayMs : Number.NaN
    return at >= 0 && at <= span ? at : undefined
  })
  const offsets: number[] = []
  let previous = 0
  for (let i = 0; i < lines.length; i++) {
    const anchored = anchors[i]
    if (anchored !== undefined && anchored > previous) {
      offsets.push((previous = anchored))
      continue
    }
    // Between the previous stamp and the next anchor (or the end), evenly over the unanchored run.
    let next = i + 1
    while (next < lines.length && (anchors[next] === undefined || anchors[next]! <= previous)) next++
    const until = next < lines.length ? anchors[next]! : span
    const step = (until - previous) / (next - i + 1)
    for (let j = i; j < next; j++) offsets.push((previous += step))
    i = next - 1
  }
  return offsets.map((offset) => {
    const whole = Math.floor(offset)
    return {ms: startMs + whole, ns: Math.min(999_999, Math.round((offset - whole) * 1e6))}
  })
}

/** All lines of one run: fixed text, then generated lines as they become available. */
export class RunLog {
  private readonly fixed: string[]
  private readonly fixedStamps: Stamp[]
  private readonly generated: number
  private readonly perSecond: number
  private readonly generateStartMs: number

  constructor(
    private readonly key: string,
    text: string,
    generate: LogSpec['generate'] | undefined,
    startMs: number,
    endMs: number,
    generateStartMs: number,
  ) {
    this.fixed = text === '' ? [] : text.replace(/\n$/, '').split('\n')
    this.fixedStamps = fixedLineStamps(this.fixed, startMs, endMs)
    this.generated = generate?.lines ?? 0
    this.perSecond = generate?.perSecond ?? 0
    this.generateStartMs = generateStartMs
  }

  /** Lines that exist at `nowMs` (generated lines appear over time when perSecond > 0). */
  available(nowMs: number): number {
    if (this.perSecond <= 0) return this.fixed.length + this.generated
    const made = Math.floor(((nowMs - this.generateStartMs) / 1000) * this.perSecond)
    return this.fixed.length + Math.max(0, Math.min(this.generated, made))
  }

  get total(): number {
    return this.fixed.length + this.generated
  }

  /** When line `index` (from 0) becomes available, in ms. */
  availableAt(index: number): number {
    if (index < this.fixed.length || this.perSecond <= 0) return 0
    return this.generateStartMs + ((index - this.fixed.length + 1) * 1000) / this.perSecond
  }

  text(index: number): string {
    return index < this.fixed.length ? this.fixed[index]! : `${this.key} ${index - this.fixed.length + 1}`
  }

  stamp(index: number): Stamp {
    if (index < this.fixed.length) return this.fixedStamps[index]!
    const i = index - this.fixed.length + 1
    if (this.perSecond > 0) {
      const at = this.generateStartMs + (i * 1000) / this.perSecond
      return {ms: Math.floor(at), ns: Math.floor((at - Math.floor(at)) * 1e6)}
    }
    return {ms: this.generateStartMs + Math.floor(i / 1000), ns: (i % 1000) * 1000}
  }

  /** The first line at or after `since`. Stamps only grow, so this is a binary search. */
  firstAtOrAfter(since: Stamp, upTo: number): number {
    let lo = 0
    let hi = upTo
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (stampBefore(this.stamp(mid), since)) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** Builds the log of the run a target names; undefined text means an empty log. */
export function runLog(target: LogTarget, spec: LogSpec | undefined, serverStartMs: number): RunLog {
  const text = target.run === 'previous' ? (spec?.previous ?? spec?.current ?? '') : (spec?.current ?? '')
  const generate = target.run === 'current' ? spec?.generate : undefined
  return new RunLog(target.key, text, generate, target.startMs, target.endMs ?? serverStartMs, serverStartMs)
}

/**
 * Writes a run's log to the response, following it if asked, honouring backpressure and the
 * client going away. Resolves when the response has ended.
 */
export async function writeLog(res: ServerResponse, log: RunLog, options: LogOptions, spec: LogSpec | undefined, isClosed: () => boolean): Promise<void> {
  const now = Date.now()
  let end = log.available(now)
  let index = 0
  if (options.tailLines !== undefined) index = Math.max(0, end - options.tailLines)
  const sinceMs = options.sinceSeconds !== undefined ? now - options.sinceSeconds * 1000 : options.sinceTime ? Date.parse(options.sinceTime) : undefined
  // Date.parse keeps milliseconds only; the nanoseconds within the millisecond count too (sinceTime may be RFC3339Nano).
  const sinceNs = options.sinceSeconds === undefined && options.sinceTime ? Number((/\.\d{3}(\d{1,6})/.exec(options.sinceTime)?.[1] ?? '').padEnd(6, '0')) : 0
  if (sinceMs !== undefined) index = Math.max(index, log.firstAtOrAfter({ms: sinceMs, ns: sinceNs}, end))
  let bytesLeft = options.limitBytes ?? Infinity
  const dropAfter = options.follow && spec?.dropAfterLines ? spec.dropAfterLines : Infinity
  let written = 0
  res.writeHead(200, {'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private'})
  for (;;) {
    let chunk = ''
    while (index < end && written < dropAfter && bytesLeft > 0) {
      const line = (options.timestamps ? `${formatStamp(log.stamp(index))} ` : '') + log.text(index) + '\n'
      const piece = line.length > bytesLeft ? line.slice(0, bytesLeft) : line
      if (bytesLeft !== Infinity) bytesLeft -= Buffer.byteLength(piece)
      chunk += piece
      index++
      written++
      if (chunk.length >= 65_536) {
        if (isClosed()) return
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve))
        chunk = ''
      }
    }
    if (chunk && !isClosed()) res.write(chunk)
    const finished = !options.follow || written >= dropAfter || bytesLeft <= 0 || index >= log.total || isClosed()
    if (finished) break
    const wait = Math.max(5, log.availableAt(index) - Date.now())
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000)))
    if (isClosed()) return
    end = log.available(Date.now())
  }
  if (!isClosed()) res.end()
}
