/**
 * A controller's work queue, as client-go's: keys are deduplicated while they wait, a key is
 * never synced twice at once, and syncing runs outside the store's event callbacks (the store
 * calls listeners synchronously, inside whoever wrote). A sync that throws is retried with a
 * growing delay, as a real controller requeues on conflicts.
 */
import type {SimulationClock} from './clock.js'

export type SyncFunction = (key: string) => void

export class WorkQueue {
  private readonly waiting = new Set<string>()
  private readonly failures = new Map<string, number>()
  private readonly delayed = new Map<string, () => void>()
  private scheduled = false

  constructor(
    private readonly name: string,
    private readonly clock: SimulationClock,
    private readonly sync: SyncFunction,
  ) {}

  add(key: string): void {
    if (this.clock.isStopped) return
    this.waiting.add(key)
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.drain())
    }
  }

  /** Adds the key after a simulated delay (an earlier pending addAfter for the key is kept). */
  addAfter(key: string, simulatedMs: number): void {
    if (this.delayed.has(key)) return
    const cancel = this.clock.after(simulatedMs, () => {
      this.delayed.delete(key)
      this.add(key)
    })
    this.delayed.set(key, cancel)
  }

  private drain(): void {
    this.scheduled = false
    if (this.clock.isStopped) return
    const keys = [...this.waiting]
    this.waiting.clear()
    for (const key of keys) {
      try {
        this.sync(key)
        this.failures.delete(key)
      } catch (error) {
        const failures = (this.failures.get(key) ?? 0) + 1
        this.failures.set(key, failures)
        if (failures > 15) {
          this.failures.delete(key)
          process.emitWarning(`sandbox ${this.name} controller gave up on ${key}: ${(error as Error).message}`)
          continue
        }
        this.addAfter(key, Math.min(5 * 2 ** failures, 10_000))
      }
    }
  }
}
