/**
 * One tail per container run: read the log with server timestamps, hand each complete line on,
 * and when the stream ends or breaks, ask again from the last timestamp seen and drop what was
 * already handed on. Nothing is lost, nothing is repeated.
 *
 * Resuming: the request carries `sinceTime` = the last timestamp seen (a server may truncate it
 * to the second, which only sends more). Lines stamped before it were all printed; of the lines
 * stamped exactly at it, the first N were printed (N counted as they went by). This assumes, as
 * stern does, that a server returns a container's lines in the same order every time.
 */
import type {Readable} from 'node:stream'
import {isConnectionReason, KubeError, LogUnavailable, type KubeErrorReason} from '../kube/errors.js'
import {LineSplitter} from '../util/lines.js'
import type {RunStatus, Target} from './targets.js'

/** What a tail asks the server for on one attempt. */
export interface LogRequest {
  follow: boolean
  previous: boolean
  sinceSeconds?: number | undefined
  sinceTime?: string | undefined
  tailLines?: number | undefined
}

/** Opens a container's log (the API client's podLogs in production, synthetic streams in tests). */
export type OpenLog = (target: Target, request: LogRequest, signal: AbortSignal) => Promise<Readable>

/** A line split into the server's timestamp and the message. */
export interface StampedLine {
  /** '' when the line did not start with a timestamp. */
  timestamp: string
  message: string
}

const dash = 45
const colon = 58
const letterT = 84
const letterZ = 90
const plus = 43
const spaceCode = 32

/**
 * Where the message of a `2026-01-01T00:00:00.123456789Z message` line starts (kubelet's
 * `timestamps=true` format): after the timestamp and its space; 0 when the line has no timestamp.
 * Checked by shape, character by character: this runs once per line.
 */
export function messageStart(line: string): number {
  let space = line.indexOf(' ')
  if (space < 0) space = line.length
  if (space < 20 || space > 40) return 0
  if (line.charCodeAt(4) !== dash || line.charCodeAt(7) !== dash || line.charCodeAt(10) !== letterT || line.charCodeAt(13) !== colon || line.charCodeAt(16) !== colon) return 0
  const last = line.charCodeAt(space - 1)
  const zoned = last === letterZ || ((line.charCodeAt(space - 6) === plus || line.charCodeAt(space - 6) === dash) && line.charCodeAt(space - 3) === colon)
  return zoned ? Math.min(space + 1, line.length) : 0
}

/** The timestamp of a line whose message starts at `start` (messageStart), '' for none. */
function timestampBefore(line: string, start: number): string {
  if (start === 0) return ''
  return line.slice(0, line.charCodeAt(start - 1) === spaceCode ? start - 1 : start)
}

/** Splits a line into the server's timestamp and the message. */
export function splitTimestamp(line: string): StampedLine {
  const start = messageStart(line)
  return start === 0 ? {timestamp: '', message: line} : {timestamp: timestampBefore(line, start), message: line.slice(start)}
}

/** An instant with nanosecond precision: whole seconds since the epoch, then nanoseconds. */
export interface Instant {
  seconds: number
  nanos: number
}

export function parseInstant(timestamp: string): Instant {
  const match = /^(.{19})(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp)
  if (!match) return {seconds: Number.NaN, nanos: 0}
  const seconds = Date.parse(match[1]! + match[3]!) / 1000
  const nanos = Number((match[2] ?? '').padEnd(9, '0').slice(0, 9))
  return {seconds, nanos}
}

export function compareTimestamps(a: string, b: string): number {
  if (a === b) return 0
  const x = parseInstant(a)
  const y = parseInstant(b)
  return x.seconds - y.seconds || x.nanos - y.nanos
}

/**
 * The resume bookkeeping of one tail: the last timestamp handed on and how many lines carried
 * exactly that timestamp; after a reconnect, which lines of the new stream were already handed on.
 */
export class ResumePoint {
  private lastTimestamp = ''
  private countAtLast = 0
  /** While resuming: the position to skip up to; cleared at the first new line. */
  private skipUntil = ''
  private skipCount = 0
  private reached = true

  /** The timestamp to resume from, '' before any stamped line was seen. */
  get timestamp(): string {
    return this.lastTimestamp
  }

  /** Starts skipping what the last attempts already delivered. */
  beginResume(): void {
    this.skipUntil = this.lastTimestamp
    this.skipCount = this.countAtLast
    this.reached = !this.lastTimestamp
  }

  /**
   * Whether the lines read since the resume reached the resume point: every line at the last
   * timestamp came again (or something newer did). A stream cut before that says nothing about
   * whether more lines exist.
   */
  get caughtUp(): boolean {
    return this.reached
  }

  /** Lines of an earlier attempt are being skipped: each line must go through seen(). */
  get resuming(): boolean {
    return this.skipUntil !== ''
  }

  /**
   * Records lines handed on all at once, as seen() would one by one (not while resuming): only
   * the last timestamp and how many lines carry it count, so the batch is read from its end.
   */
  recordAll(lines: readonly string[]): void {
    let last = ''
    let count = 0
    for (let i = lines.length - 1; i >= 0; i--) {
      const timestamp = timestampBefore(lines[i]!, messageStart(lines[i]!))
      if (!timestamp) continue
      if (!last) last = timestamp
      else if (timestamp !== last) {
        this.lastTimestamp = last
        this.countAtLast = count
        return
      }
      count++
    }
    // Every stamped line of the batch carries `last`: they add to the lines before it that did.
    if (!last) return
    this.countAtLast = last === this.lastTimestamp ? this.countAtLast + count : count
    this.lastTimestamp = last
  }

  /** True when the line was handed on before; otherwise records it as handed on. */
  seen(timestamp: string): boolean {
    if (this.skipUntil) {
      if (!timestamp) return true // unstamped lines cannot be placed; they came before the resume point
      const order = compareTimestamps(timestamp, this.skipUntil)
      if (order < 0) return true
      if (order === 0 && this.skipCount > 0) {
        if (--this.skipCount === 0) this.reached = true
        return true
      }
      this.skipUntil = ''
      this.reached = true
    }
    if (!timestamp) return false
    if (timestamp === this.lastTimestamp) this.countAtLast++
    else {
      this.lastTimestamp = timestamp
      this.countAtLast = 1
    }
    return false
  }
}

export interface TailCallbacks {
  /** Complete, new lines of this target; awaited (backpressure). */
  lines(target: Target, lines: StampedLine[]): void | Promise<void>
  /**
   * When given: complete, new lines as the server sent them (`TIMESTAMP message`), a whole read
   * at a time, whenever none of them has to be skipped; awaited. Saves splitting each line for a
   * printer that needs only the messages.
   */
  rawLines?: ((target: Target, lines: readonly string[]) => void | Promise<void>) | undefined
  /** Where the run stands now (from the latest pod state). */
  status(target: Target): RunStatus
  /** A message for stderr (`failed to tail ..., will retry`). */
  warn(target: Target, message: string): void
}

export interface TailOptions {
  follow: boolean
  /** `--since` in seconds, sent on the first request. */
  sinceSeconds?: number | undefined
  /** `--tail` lines, sent on the first request of every tail (as stern does); -1 = all. */
  tailLines?: number | undefined
  /** Waits between attempts that brought nothing new: the first, doubling up to the last. */
  retryDelayMs?: {first: number; max: number} | undefined
  /** Attempts that fail in a row before the tail gives up (0 = never). */
  maxFailures?: number | undefined
}

/** KubeError reasons that retrying cannot fix. */
const permanent: ReadonlySet<KubeErrorReason> = new Set<KubeErrorReason>(['forbidden', 'unauthorized', 'kubeconfig', 'tls'])

export type TailEnd = 'finished' | 'pod-gone' | 'stopped' | 'failed' | 'unavailable'

/** "Not available" answers in a row, for a container that has run, before a tail stops asking. */
const unavailableAttempts = 4

/** The server says it does not serve this container's log (not that it is not there yet). */
function isUnavailable(error: unknown): boolean {
  return error instanceof LogUnavailable && error.state === 'not-available'
}

/**
 * Tails one container run until it is over: the run ended and a last request brought nothing
 * new, the pod is gone, or `signal` aborts. `wake` resolves early waits when the pod changes.
 */
export class ContainerTail {
  readonly resume = new ResumePoint()
  private wakeUp: (() => void) | undefined
  private attempts = 0

  constructor(
    readonly target: Target,
    private readonly openLog: OpenLog,
    private readonly callbacks: TailCallbacks,
    private readonly options: TailOptions,
  ) {}

  /** The pod changed: stop any wait and look again. */
  wake(): void {
    this.wakeUp?.()
  }

  async run(signal: AbortSignal): Promise<TailEnd> {
    const delays = this.options.retryDelayMs ?? {first: 250, max: 5000}
    let delay = delays.first
    let failures = 0
    let unavailable = 0
    /** An unfinished last line from the previous complete read: printed only once it is clearly final. */
    let heldRest = ''
    /** Complete reads of a finished run that ended before reaching the resume point. */
    let shortReads = 0
    /** The next read is a complete one: a follow stream brought nothing new (it may be cut inside lines already seen). */
    let verify = false
    while (!signal.aborted) {
      const status = this.callbacks.status(this.target)
      if (status.podGone) return 'pod-gone'
      if (status.run === 'gone') return 'finished'
      // The run is over when it is no longer running: every line is on disk and one complete read has them all.
      const runOver = status.run === 'previous' || status.state !== 'running'
      const complete = !this.options.follow || runOver || verify
      const result = await this.attempt({follow: !complete, previous: status.run === 'previous'}, signal)
      if (signal.aborted) return 'stopped'
      if (result.error !== undefined) {
        const verdict = this.failed(result.error, ++failures, ++unavailable)
        if (verdict) return verdict
        if (!isUnavailable(result.error)) unavailable = 0
        if (result.delivered > 0) {
          delay = delays.first
          continue
        }
      } else {
        failures = 0
        unavailable = 0
        if (complete && (runOver || !this.options.follow)) {
          // A complete read of a finished run (or of anything with --no-follow) is the whole log.
          if (result.rest) {
            const final = !this.options.follow || (result.delivered === 0 && result.rest === heldRest && this.resume.caughtUp)
            if (final) {
              await this.deliverFinal(result.rest)
              return 'finished'
            }
            heldRest = result.rest // asked again: a line without its newline may still be completed
            continue
          }
          if (!this.options.follow || this.resume.caughtUp || ++shortReads >= 5) return 'finished'
        } else if (complete) {
          // A complete read of a running container: back to following from where it ended.
          verify = false
          if (result.delivered > 0) {
            delay = delays.first
            continue
          }
        } else if (result.delivered > 0) {
          // The server cut a stream that was delivering: ask again at once.
          delay = delays.first
          continue
        } else {
          // A follow stream that ended with nothing new was cut, maybe inside lines that share one
          // timestamp (resuming from it re-reads them and can be cut there every time): read completely once.
          verify = true
          continue
        }
      }
      // Jitter spreads the retries of many containers after an outage instead of sending them at once.
      await this.pause(Math.round(delay * (1 + Math.random() / 2)), signal)
      delay = Math.min(delays.max, delay * 2)
    }
    return 'stopped'
  }

  /** After a failed attempt: how the tail ends, or undefined to try again (warning when it is worth it). */
  private failed(error: unknown, failures: number, unavailable: number): TailEnd | undefined {
    const after = this.callbacks.status(this.target)
    if (after.podGone) return 'pod-gone'
    if (after.run === 'gone') return 'finished'
    const message = error instanceof Error ? error.message : String(error)
    // Asking again cannot help when the server refuses us.
    const reason = error instanceof KubeError ? error.reason : undefined
    if (reason !== undefined && permanent.has(reason)) {
      this.callbacks.warn(this.target, `failed to tail: ${message}`)
      return 'failed'
    }
    if (this.options.maxFailures && failures >= this.options.maxFailures) {
      this.callbacks.warn(this.target, `failed to tail: ${message}`)
      return 'failed'
    }
    // The container has an ID (it ran), yet the server keeps saying its log is not available: a server
    // that does not serve this kind of container (e.g. ephemeral ones). Said once, not retried forever.
    if (isUnavailable(error) && unavailable >= unavailableAttempts) {
      this.callbacks.warn(this.target, `note: the server does not serve this container's log (${message}); not retrying`)
      return 'unavailable'
    }
    // A container that is not started yet is retried when it starts, a pod that is gone ends
    // its tail as soon as the watch says so, and an API server that is away is said once for
    // the session (by the pod watch), not once per container: none is worth a message here.
    const expected = reason === 'not-found' || isConnectionReason(reason) || error instanceof LogUnavailable
    if (!expected) this.callbacks.warn(this.target, `failed to tail: ${message}, will retry`)
    return undefined
  }

  private request(follow: boolean, previous: boolean): LogRequest {
    const request: LogRequest = {follow, previous}
    if (this.resume.timestamp) request.sinceTime = this.resume.timestamp
    else {
      request.sinceSeconds = this.options.sinceSeconds
      if (this.options.tailLines !== undefined && this.options.tailLines >= 0) request.tailLines = this.options.tailLines
    }
    return request
  }

  private async deliverLines(raw: string[]): Promise<number> {
    if (this.callbacks.rawLines && !this.resume.resuming) {
      this.resume.recordAll(raw)
      await this.callbacks.rawLines(this.target, raw)
      return raw.length
    }
    const fresh: StampedLine[] = []
    for (const text of raw) {
      const line = splitTimestamp(text)
      if (!this.resume.seen(line.timestamp)) fresh.push(line)
    }
    if (fresh.length > 0) await this.callbacks.lines(this.target, fresh)
    return fresh.length
  }

  /** The skip state of the attempt that just ended still applies to its unfinished line. */
  private async deliverFinal(rest: string): Promise<void> {
    await this.deliverLines([rest])
  }

  /** One request: how many new lines it delivered, the unfinished last line, and the error that broke it. */
  private async attempt(kind: {follow: boolean; previous: boolean}, signal: AbortSignal): Promise<{delivered: number; rest: string; error?: unknown}> {
    const request = this.request(kind.follow, kind.previous)
    if (this.attempts > 0) this.resume.beginResume()
    this.attempts++
    let delivered = 0
    let stream: Readable
    try {
      stream = await this.openLog(this.target, request, signal)
    } catch (error) {
      return {delivered, rest: '', error}
    }
    const splitter = new LineSplitter()
    try {
      for await (const chunk of stream) {
        const lines = splitter.push(chunk as Buffer)
        if (lines.length > 0) delivered += await this.deliverLines(lines)
      }
    } catch (error) {
      // Lines already handed on stay handed on; the unfinished one is asked for again.
      return {delivered, rest: '', error}
    } finally {
      stream.destroy()
    }
    return {delivered, rest: splitter.rest()}
  }

  private pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        this.wakeUp = undefined
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal.addEventListener('abort', done)
      this.wakeUp = done
    })
  }
}
