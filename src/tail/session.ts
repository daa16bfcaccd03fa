/**
 * A tail session: pods come in from a list (`--no-follow`) or a list+watch (follow), the
 * target tracker decides which container runs to read, and one ContainerTail per run writes
 * its lines to the output as they arrive, with backpressure and a cap on concurrent requests.
 */
import type {Readable} from 'node:stream'
import {UserError} from '../errors.js'
import {isConnectionReason} from '../kube/errors.js'
import {waitDuration} from '../print/duration.js'
import {containerFormatter, markerLine, rawLinesFormatter, type ContainerLineFormatter, type FormatOptions} from './format.js'
import {ContainerTail, type LogRequest, type StampedLine, type TailEnd} from './stream.js'
import {TargetTracker, type PodShape, type Target, type TargetChange, type TargetFilter} from './targets.js'

/** Which pods to look at: one namespace each, or every namespace. */
export interface PodSelection {
  namespace?: string | undefined
  allNamespaces?: boolean | undefined
  labelSelector?: string | undefined
  fieldSelector?: string | undefined
}

/** The watch of pods failed for a while and is tried again after `delayMs`. */
export interface ConnectionTrouble {
  /** The API client's reason: unreachable, timeout, idle, server, ... */
  reason: string
  message: string
  delayMs: number
}

export interface SyncHandlers {
  signal: AbortSignal
  onSync: (pods: PodShape[]) => void
  onEvent: (type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: PodShape) => void
  /** The pod watch failed and waits before trying again (it never gives up while following). */
  onTrouble: (trouble: ConnectionTrouble) => void
  /** The pod watch works again after onTrouble. */
  onRecovered: () => void
}

/** What a session needs from a cluster (the API client in production). */
export interface PodSource {
  list(selection: PodSelection): Promise<PodShape[]>
  sync(selection: PodSelection, handlers: SyncHandlers): Promise<void>
  openLog(namespace: string, pod: string, container: string, request: LogRequest, signal: AbortSignal): Promise<Readable>
}

/** Where output goes: stdout-like for lines (backpressure honoured), a function for messages. */
export interface SessionOutput {
  out: {write(text: string): boolean; once(event: 'drain', listener: () => void): unknown}
  err: (text: string) => void
}

export interface SessionOptions {
  /** Namespaces to watch; ignored with allNamespaces. */
  namespaces: string[]
  allNamespaces: boolean
  labelSelector?: string | undefined
  fieldSelector?: string | undefined
  filter: TargetFilter
  follow: boolean
  sinceSeconds?: number | undefined
  tailLines?: number | undefined
  /**
   * Concurrent log requests. With --no-follow more containers wait their turn; when following,
   * a running tail never ends, so more containers than this is an error (at start, or when one appears).
   */
  maxLogRequests: number
  /** What was asked for, for the "no pod matches" note, e.g. `"web" (-l app=x)`. */
  selectionText?: string | undefined
  /** `-i`: print only lines matching one of these (empty = all). */
  include: RegExp[]
  /** `-e`: never print lines matching one of these. */
  exclude: RegExp[]
  /** How lines look. */
  format: FormatOptions
  /** How the stderr markers look. */
  markers: Pick<FormatOptions, 'showNamespace' | 'paint' | 'colours' | 'diffContainer'>
  /** No `+`/`-` markers on stderr. */
  onlyLogLines: boolean
  /** How long a tail of a deleted pod may still deliver lines in flight before it is cut. */
  deletedPodGraceMs?: number | undefined
}

interface RunningTail {
  tail: ContainerTail
  tracker: TargetTracker
  controller: AbortController
}

/** A session that cannot do what was asked (more containers than --max-log-requests). */
export class TailSessionError extends UserError {
  override name = 'TailSessionError'
}

export interface SessionSummary {
  /** Container runs tailed. */
  tails: number
  /** Lines printed. */
  lines: number
  /** Tails that gave up (each said why on stderr). */
  failed: number
  /** Tails whose log the server does not serve (each noted on stderr once). */
  unavailable: number
}

/** Runs until `signal` aborts (follow) or every container has been read (`--no-follow`). */
export async function runTailSession(source: PodSource, options: SessionOptions, output: SessionOutput, signal: AbortSignal): Promise<SessionSummary> {
  const session = new TailSession(source, options, output, signal)
  return session.run()
}

class TailSession {
  private readonly running = new Map<string, RunningTail>()
  private readonly queue: Array<{target: Target; tracker: TargetTracker}> = []
  private readonly finished = new Set<Promise<void>>()
  private drained: Promise<void> | undefined
  /** Aborted by the caller's signal or by a failure of the session itself. */
  private readonly stopping = new AbortController()
  private failure: Error | undefined
  /** Selections whose first list has arrived, and how many pods matched in them. */
  private readonly synced = new Set<TargetTracker>()
  private noMatchSaid = false
  private readonly summary: SessionSummary = {tails: 0, lines: 0, failed: 0, unavailable: 0}
  private idle: (() => void) | undefined
  private readonly formatters = new WeakMap<Target, ContainerLineFormatter>()

  constructor(
    private readonly source: PodSource,
    private readonly options: SessionOptions,
    private readonly output: SessionOutput,
    private readonly signal: AbortSignal,
  ) {}

  private selections(): PodSelection[] {
    const {labelSelector, fieldSelector} = this.options
    if (this.options.allNamespaces) return [{allNamespaces: true, labelSelector, fieldSelector}]
    return this.options.namespaces.map((namespace) => ({namespace, labelSelector, fieldSelector}))
  }

  async run(): Promise<SessionSummary> {
    const selections = this.selections()
    const stop = () => this.stopping.abort()
    if (this.signal.aborted) stop()
    this.signal.addEventListener('abort', stop, {once: true})
    this.stopping.signal.addEventListener('abort', () => this.stopAll(), {once: true})
    try {
      const summary = await this.runSelections(selections)
      if (this.failure) throw this.failure
      return summary
    } finally {
      this.signal.removeEventListener('abort', stop)
    }
  }

  /** Ends the session with an error (every tail stops first). */
  private fail(error: Error): void {
    this.failure ??= error
    this.stopping.abort()
  }

  private async runSelections(selections: PodSelection[]): Promise<SessionSummary> {
    if (!this.options.follow) {
      const lists = await Promise.all(selections.map((s) => this.source.list(s)))
      const trackers = lists.map((pods, i) => {
        const tracker = new TargetTracker(this.options.filter, selections[i]!.namespace)
        return {tracker, changes: tracker.sync(pods)}
      })
      for (const {tracker} of trackers) this.firstSync(tracker, trackers.length)
      for (const {tracker, changes} of trackers) this.apply(tracker, changes)
      await this.allDone()
      return this.summary
    }
    try {
      await this.watchAll(selections)
    } finally {
      // The watches return when the signal aborts (or throw); let every tail finish its last write.
      this.stopAll()
      await Promise.all(this.finished)
    }
    return this.summary
  }

  private async watchAll(selections: PodSelection[]): Promise<void> {
    // One watch failing ends them all.
    const watches = new AbortController()
    const stop = () => watches.abort()
    if (this.stopping.signal.aborted) stop()
    this.stopping.signal.addEventListener('abort', stop, {once: true})
    try {
      await this.watchEach(selections, watches)
    } finally {
      watches.abort()
      this.stopping.signal.removeEventListener('abort', stop)
    }
  }

  private async watchEach(selections: PodSelection[], watches: AbortController): Promise<void> {
    await Promise.all(
      selections.map((selection) => {
        const tracker = new TargetTracker(this.options.filter, selection.namespace)
        return this.source.sync(selection, {
          signal: watches.signal,
          onSync: (pods) => {
            const changes = tracker.sync(pods)
            this.firstSync(tracker, selections.length)
            this.apply(tracker, changes)
          },
          onEvent: (type, pod) => this.apply(tracker, type === 'DELETED' ? tracker.remove(pod) : tracker.update(pod)),
          onTrouble: (trouble) => this.connectionTrouble(trouble),
          onRecovered: () => this.connectionRecovered(),
        }).catch((error: unknown) => {
          watches.abort()
          throw error
        })
      }),
    )
  }

  /** One line per wait while the API server is away; the container tails retry on their own. */
  private connectionTrouble(trouble: ConnectionTrouble): void {
    const what = isConnectionReason(trouble.reason) ? 'API server unreachable' : 'watching pods failed'
    this.output.err(`warning: ${what}, retrying in ${waitDuration(trouble.delayMs)}: ${trouble.message}\n`)
  }

  private connectionRecovered(): void {
    this.output.err('API server reachable again; following resumes where it stopped\n')
    // Tails waiting out the outage look again now rather than at the end of their back-off.
    for (const running of this.running.values()) running.tail.wake()
  }

  private stopAll(): void {
    for (const {controller} of this.running.values()) controller.abort()
    this.queue.length = 0
  }

  /**
   * Once every selection has listed its pods: when none matched, say so (the user would otherwise
   * see nothing at all); when following, the session keeps waiting for one to appear.
   */
  private firstSync(tracker: TargetTracker, selections: number): void {
    this.synced.add(tracker)
    if (this.noMatchSaid || this.synced.size < selections) return
    this.noMatchSaid = true
    const matched = [...this.synced].reduce((sum, t) => sum + t.matchedPods, 0)
    if (matched > 0) return
    const what = this.options.selectionText ? ` ${this.options.selectionText}` : ''
    const wait = this.options.follow ? '; waiting for one to appear (Ctrl-C to stop)' : ''
    this.output.err(`no pod matches${what} ${this.whereText()}${wait}\n`)
  }

  private whereText(): string {
    if (this.options.allNamespaces) return 'in any namespace'
    const names = this.options.namespaces.map((n) => `"${n}"`)
    return names.length === 1 ? `in namespace ${names[0]}` : `in namespaces ${names.join(', ')}`
  }

  /** Resolves when no tail is running or queued (used by --no-follow). */
  private async allDone(): Promise<void> {
    while (this.running.size > 0 || this.queue.length > 0) {
      if (this.stopping.signal.aborted) break
      await new Promise<void>((resolve) => {
        this.idle = resolve
        this.stopping.signal.addEventListener('abort', () => resolve(), {once: true})
      })
    }
    await Promise.all(this.finished)
  }

  private apply(tracker: TargetTracker, changes: TargetChange[]): void {
    if (this.stopping.signal.aborted) return
    if (this.overLimit(changes)) return
    for (const change of changes) {
      if (change.type === 'start') this.enqueue(change.target, tracker)
      else if (change.type === 'update') {
        for (const running of this.running.values()) if (running.tail.target.key === change.key) running.tail.wake()
      } else this.podGone(change.namespace, change.pod, change.podUid)
    }
    this.startQueued()
  }

  private enqueue(target: Target, tracker: TargetTracker): void {
    this.queue.push({target, tracker})
  }

  /**
   * Following: a running container's tail never ends, so a container over the cap could never be
   * followed. Like stern and kubectl, that is an error, before anything is read when the first list
   * already has too many; never a silent partial result. Containers are counted, not streams: the
   * old run of a restarted container and the tail of a deleted pod only finish reading (a moment
   * over the cap), so a restart or a replaced pod at the cap is not one container too many.
   */
  private overLimit(changes: TargetChange[]): boolean {
    if (!this.options.follow) return false
    const starts = changes.flatMap((c) => (c.type === 'start' ? [c.target.key] : []))
    if (starts.length === 0) return false
    const wanted = new Set(starts)
    for (const {tail, tracker} of this.running.values()) {
      const status = tracker.status(tail.target)
      if (!status.podGone && status.run === 'current') wanted.add(tail.target.key)
    }
    if (wanted.size <= this.options.maxLogRequests) return false
    this.fail(
      new TailSessionError(
        `${wanted.size} containers to follow, more than --max-log-requests ${this.options.maxLogRequests} allows at once: narrow the query (-l, -c, --exclude-pod, -E) or raise --max-log-requests`,
      ),
    )
    return true
  }

  private startQueued(): void {
    while (this.queue.length > 0 && this.running.size < this.options.maxLogRequests && !this.stopping.signal.aborted) {
      const {target, tracker} = this.queue.shift()!
      if (tracker.status(target).podGone) continue
      this.start(target, tracker)
    }
  }

  private start(target: Target, tracker: TargetTracker): void {
    const controller = new AbortController()
    const id = `${target.key}@${target.containerId}`
    const tail = new ContainerTail(
      target,
      (t, request, signal) => this.source.openLog(t.namespace, t.pod, t.container, request, signal),
      {
        lines: (t, lines) => this.print(t, lines),
        rawLines: this.rawPrinter(target),
        status: (t) => tracker.status(t),
        warn: (t, message) => this.output.err(`${t.namespace}/${t.pod} ${t.container}: ${message}\n`),
      },
      {follow: this.options.follow, sinceSeconds: this.options.sinceSeconds, tailLines: this.options.tailLines, maxFailures: this.options.follow ? 0 : 5},
    )
    this.running.set(id, {tail, tracker, controller})
    this.summary.tails++
    this.marker('+', target)
    const done: Promise<void> = tail
      .run(controller.signal)
      .catch((error: unknown): TailEnd => {
        this.output.err(`${target.namespace}/${target.pod} ${target.container}: failed to tail: ${error instanceof Error ? error.message : String(error)}\n`)
        return 'failed'
      })
      .then((end) => {
        if (end === 'failed') this.summary.failed++
        if (end === 'unavailable') this.summary.unavailable++
        this.finished.delete(done)
        this.running.delete(id)
        this.marker('-', target)
        this.startQueued()
        if (this.running.size === 0 && this.queue.length === 0) this.idle?.()
      })
    this.finished.add(done)
  }

  private podGone(namespace: string, pod: string, podUid: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const t = this.queue[i]!.target
      if (t.namespace === namespace && t.pod === pod && t.podUid === podUid) this.queue.splice(i, 1)
    }
    for (const running of this.running.values()) {
      const t = running.tail.target
      if (t.namespace !== namespace || t.pod !== pod || t.podUid !== podUid) continue
      running.tail.wake()
      // Lines in flight may still arrive; then the stream of a deleted pod is cut.
      const timer = setTimeout(() => running.controller.abort(), this.options.deletedPodGraceMs ?? 1000)
      running.controller.signal.addEventListener('abort', () => clearTimeout(timer), {once: true})
      timer.unref?.()
    }
  }

  private marker(sign: '+' | '-', target: Target): void {
    if (this.options.onlyLogLines) return
    this.output.err(markerLine(sign, target.namespace, target.pod, target.container, this.options.markers))
  }

  private print(target: Target, lines: StampedLine[]): void | Promise<void> {
    const {include, exclude} = this.options
    let format = this.formatters.get(target)
    if (!format) {
      format = containerFormatter(this.options.format, target)
      this.formatters.set(target, format)
    }
    const filtered = include.length > 0 || exclude.length > 0
    let text = ''
    let count = 0
    for (const line of lines) {
      if (filtered) {
        if (exclude.some((re) => re.test(line.message))) continue
        if (include.length > 0 && !include.some((re) => re.test(line.message))) continue
      }
      try {
        text += format(line.timestamp, line.message)
        count++
      } catch (error) {
        // A template that fails on a line (e.g. parseJSON on a plain line): said, the line skipped, as stern does.
        this.output.err(`expanding template failed: ${error instanceof Error ? error.message : String(error)}\n`)
      }
    }
    if (!text) return
    return this.emit(text, count)
  }

  /** For plain output without -i/-e: a printer of whole reads of the server's lines (see rawLinesFormatter). */
  private rawPrinter(target: Target): ((t: Target, lines: readonly string[]) => void | Promise<void>) | undefined {
    const {include, exclude} = this.options
    if (include.length > 0 || exclude.length > 0) return undefined
    const format = rawLinesFormatter(this.options.format, target)
    return format && ((_t, lines) => (lines.length > 0 ? this.emit(format(lines), lines.length) : undefined))
  }

  /** Writes formatted lines to stdout, waiting when the reader is slower (bounded memory). */
  private emit(text: string, count: number): void | Promise<void> {
    this.summary.lines += count
    if (this.output.out.write(text)) return
    // Wait for the reader (bounded memory); stopping (Ctrl-C, a closed pipe) ends the wait too.
    this.drained ??= new Promise<void>((resolve) => {
      const done = () => {
        this.drained = undefined
        this.stopping.signal.removeEventListener('abort', done)
        resolve()
      }
      this.output.out.once('drain', done)
      this.stopping.signal.addEventListener('abort', done, {once: true})
    })
    return this.drained
  }
}
