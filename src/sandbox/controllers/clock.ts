/**
 * The one clock every simulated delay goes through. Delays are written in simulated
 * milliseconds (what a real cluster would take: a 10 s back-off, a 600 s progress deadline)
 * and run after `ms × timeScale` real milliseconds, so tests can run a whole rollout in
 * milliseconds (timeScale 0.01) while the demo runs at a realistic pace (timeScale 1).
 *
 * Timestamps written into objects stay wall-clock (`Date.now()`); only waiting is scaled.
 * Simulated time (`simulatedNow`) runs `1 / timeScale` times faster than the wall clock from
 * the moment the controllers started; the CronJob controller schedules against it.
 */
export class SimulationClock {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private readonly startedAt = Date.now()
  private stopped = false

  constructor(readonly timeScale: number) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`controllers.timeScale must be a positive number, not ${timeScale}`)
  }

  /** Real milliseconds for a simulated delay. */
  real(simulatedMs: number): number {
    return Math.max(0, simulatedMs * this.timeScale)
  }

  /** Simulated milliseconds that a real span of time stands for. */
  simulated(realMs: number): number {
    return realMs / this.timeScale
  }

  /** Wall-clock start plus simulated time elapsed since the controllers started. */
  simulatedNow(): number {
    return this.startedAt + this.simulated(Date.now() - this.startedAt)
  }

  /** Runs `action` after a simulated delay; the returned function cancels it. */
  after(simulatedMs: number, action: () => void): () => void {
    if (this.stopped) return () => {}
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (!this.stopped) action()
    }, this.real(simulatedMs))
    timer.unref()
    this.timers.add(timer)
    return () => {
      clearTimeout(timer)
      this.timers.delete(timer)
    }
  }

  get isStopped(): boolean {
    return this.stopped
  }

  stop(): void {
    this.stopped = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }
}

/** Go's time.Duration.String() for whole seconds: `10s`, `1m20s`, `5m0s`. */
export function goDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m${seconds % 60}s`
  return `${Math.floor(minutes / 60)}h${minutes % 60}m${seconds % 60}s`
}
