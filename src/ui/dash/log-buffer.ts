/**
 * The logs view's lines, outside React: a bounded buffer (oldest lines dropped) that tells its
 * listener at most once per interval, however fast lines arrive.
 */
export class LogBuffer {
  private readonly items: string[] = []
  /** Lines dropped from the front since the start (keeps a scrolled position steady). */
  dropped = 0
  version = 0
  /** Set when the session behind the lines is over: it ended, or it failed. */
  ended: 'ended' | 'failed' | undefined
  private listener: (() => void) | undefined
  private timer: NodeJS.Timeout | undefined
  private lastNotified = 0

  constructor(
    readonly capacity = 10_000,
    private readonly intervalMs = 100,
  ) {}

  push(lines: readonly string[]): void {
    for (const line of lines) this.items.push(line)
    const excess = this.items.length - this.capacity
    if (excess > 0) {
      this.items.splice(0, excess)
      this.dropped += excess
    }
    this.changed()
  }

  get length(): number {
    return this.items.length
  }

  slice(start: number, end: number): string[] {
    return this.items.slice(start, end)
  }

  onChange(listener: (() => void) | undefined): void {
    this.listener = listener
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.listener = undefined
  }

  private changed(): void {
    this.version++
    if (this.timer) return
    const wait = Math.max(0, this.lastNotified + this.intervalMs - Date.now())
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.lastNotified = Date.now()
      this.listener?.()
    }, wait)
  }
}
