/**
 * Waiting between attempts: exponential back-off with jitter and a cap (as client-go's
 * reflector and wait.Backoff do), a server's Retry-After, and a sleep that an AbortSignal ends
 * early without leaving a listener behind.
 */

export interface BackoffPolicy {
  /** The first wait. */
  initialMs: number
  /** No wait is longer than this. */
  maxMs: number
  /** Each wait is this many times the one before. Default 2. */
  factor?: number
  /** A random share added to each wait, 0..1 (1 = up to double). Default 0.5. */
  jitter?: number
}

/** client-go's reflector: 800 ms doubling to 30 s, with jitter. */
export const WATCH_BACKOFF: BackoffPolicy = {initialMs: 800, maxMs: 30_000, jitter: 0.5}

export class Backoff {
  private attempt = 0

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** How many waits were handed out since the last reset. */
  get attempts(): number {
    return this.attempt
  }

  /** The next wait in ms; each call grows the next one, up to the cap. */
  next(): number {
    const {initialMs, maxMs, factor = 2, jitter = 0.5} = this.policy
    const base = Math.min(maxMs, initialMs * factor ** this.attempt)
    this.attempt++
    return Math.round(Math.min(maxMs, base * (1 + jitter * this.random())))
  }

  /** Things work again: the next wait is the first one. */
  reset(): void {
    this.attempt = 0
  }
}

/** Resolves after `ms`, or at once when the signal aborts; never leaves a listener on the signal. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, {once: true})
  })
}

/**
 * A Retry-After header in ms: seconds (what kube-apiserver sends) or an HTTP date.
 * Undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (value === undefined || value.trim() === '') return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
