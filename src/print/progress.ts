/**
 * A one-line spinner on stderr saying what slow work is reading ("reading pods, page 12"), so a
 * command on a large cluster is not silent for seconds. Only on a terminal (stderr is a TTY, TERM
 * is not dumb), never for machine output (the caller passes enabled: false for -o json|yaml),
 * drawn only after `delayMs` (fast commands never flash it) and cleared before the command prints.
 * It has no colour, so NO_COLOR does not change it. Timers are unref'd: it never keeps a process up.
 */

export interface ProgressStream {
  isTTY?: boolean | undefined
  columns?: number | undefined
  write(text: string): boolean
}

export interface ProgressOptions {
  stream?: ProgressStream
  env?: NodeJS.ProcessEnv
  /** false for machine output (-o json|yaml) and --debug (its lines would tangle with the spinner). */
  enabled?: boolean
  delayMs?: number
  intervalMs?: number
}

export interface Progress {
  /** Whether it draws at all (a terminal, not disabled): slow work may then yield so it turns. */
  readonly active: boolean
  /** What is being read now; shown from the next frame. */
  update(text: string): void
  /** Stops and clears the line (call before printing the result); safe to call twice. */
  done(): void
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const CLEAR_LINE = '\r\u001B[K'
const silent: Progress = {active: false, update: () => {}, done: () => {}}

/** Whether a spinner may be drawn on `stream`. */
export function progressAllowed(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb'
}

export function startProgress(text: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr
  if (options.enabled === false || !progressAllowed(stream, options.env)) return silent
  let current = text
  let frame = 0
  let drawn = false
  let interval: NodeJS.Timeout | undefined
  const draw = () => {
    const line = `${FRAMES[frame++ % FRAMES.length]} ${current}…`
    stream.write(CLEAR_LINE + fit(line, stream.columns))
    drawn = true
  }
  const delay = setTimeout(() => {
    draw()
    interval = setInterval(draw, options.intervalMs ?? 80)
    interval.unref?.()
  }, options.delayMs ?? 300)
  delay.unref?.()
  let finished = false
  return {
    active: true,
    update: (next) => {
      current = next
    },
    done: () => {
      if (finished) return
      finished = true
      clearTimeout(delay)
      if (interval) clearInterval(interval)
      if (drawn) stream.write(CLEAR_LINE)
    },
  }
}

/** Runs `work` with a spinner that is cleared however the work ends. */
export async function withProgress<T>(text: string, options: ProgressOptions, work: (progress: Progress) => Promise<T>): Promise<T> {
  const progress = startProgress(text, options)
  try {
    return await work(progress)
  } finally {
    progress.done()
  }
}

/** Cut to the terminal's width (one column kept free, so the line never wraps). */
function fit(line: string, columns: number | undefined): string {
  // A pty that reports no size (columns 0) gets 80.
  const width = (columns !== undefined && columns > 0 ? columns : 80) - 1
  const chars = [...line]
  return chars.length <= width ? line : chars.slice(0, Math.max(0, width - 1)).join('') + '…'
}

/**
 * The spinner's text from the kube client's request trace, which is written when an answer
 * arrives ("GET https://host/api/v1/namespaces/shop/pods?limit=500&continue=... 200 in 35ms"):
 * "reading the cluster (got pods in shop, page 3)". The next request is already on its way, so it
 * says what arrived last. `pages` counts list pages per subject across calls (pass the same map).
 */
export function readingFromTrace(line: string, pages = new Map<string, number>()): string | undefined {
  const match = /^GET (\S+) /.exec(line)
  if (!match) return undefined
  const url = match[1]!
  const start = url.search(/\/apis?(\/|$|\?)/)
  if (start < 0) return undefined
  const [path = '', query = ''] = url.slice(start).split('?')
  const subject = subjectOf(path.split('/').filter(Boolean))
  if (!subject) return undefined
  if (!/(^|&)continue=/.test(query)) {
    pages.set(subject, 1)
    return `reading the cluster (got ${subject})`
  }
  const page = (pages.get(subject) ?? 1) + 1
  pages.set(subject, page)
  return `reading the cluster (got ${subject}, page ${page})`
}

function subjectOf(segments: string[]): string | undefined {
  const core = segments[0] === 'api'
  const group = core ? undefined : segments[1]
  const rest = segments.slice(core ? 2 : 3)
  if (rest.length === 0) return 'API discovery'
  const scoped = rest[0] === 'namespaces' && rest.length >= 3
  const [resource, name, sub] = scoped ? rest.slice(2) : rest
  const where = scoped ? ` in ${rest[1]}` : ''
  const kind = group === 'metrics.k8s.io' ? `${resource} metrics` : resource!
  if (name === undefined) return `${kind}${where}`
  if (sub !== undefined) return `${sub} of ${resource}/${name}${where}`
  return `${resource}/${name}${where}`
}
