// The work queue with a stand-in clock that records delayed adds instead of running timers;
// a drain runs on the next turn of the event loop (setImmediate), which the tests await.
import {describe, expect, it} from 'vitest'
import type {SimulationClock} from '../../../src/sandbox/controllers/clock.js'
import {WorkQueue} from '../../../src/sandbox/controllers/queue.js'

function fakeClock() {
  const delayed: Array<{ms: number; action: () => void; cancelled: boolean}> = []
  const clock = {
    isStopped: false,
    after(ms: number, action: () => void) {
      const entry = {ms, action, cancelled: false}
      delayed.push(entry)
      return () => (entry.cancelled = true)
    },
  }
  return {clock: clock as unknown as SimulationClock & {isStopped: boolean}, delayed}
}
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('WorkQueue', () => {
  it('syncs a key once however often it was added before the drain', async () => {
    const {clock} = fakeClock()
    const synced: string[] = []
    const queue = new WorkQueue('test', clock, (key) => synced.push(key))
    queue.add('shop/web')
    queue.add('shop/web')
    queue.add('shop/api')
    expect(synced).toEqual([])
    await nextTurn()
    expect(synced).toEqual(['shop/web', 'shop/api'])
    queue.add('shop/web')
    await nextTurn()
    expect(synced).toEqual(['shop/web', 'shop/api', 'shop/web'])
  })

  it('retries a failing sync after a growing delay: 10, 20, 40 ms of simulated time', async () => {
    const {clock, delayed} = fakeClock()
    let attempts = 0
    const queue = new WorkQueue('test', clock, () => {
      attempts++
      throw new Error('conflict')
    })
    queue.add('k')
    for (let i = 0; i < 3; i++) {
      await nextTurn()
      delayed.at(-1)!.action()
    }
    expect(attempts).toBe(3)
    expect(delayed.map((d) => d.ms)).toEqual([10, 20, 40])
  })

  it('keeps an earlier pending delayed add for a key', () => {
    const {clock, delayed} = fakeClock()
    const queue = new WorkQueue('test', clock, () => {})
    queue.addAfter('k', 1000)
    queue.addAfter('k', 10)
    expect(delayed.map((d) => d.ms)).toEqual([1000])
  })

  it('adds nothing once the clock is stopped', async () => {
    const {clock} = fakeClock()
    const synced: string[] = []
    const queue = new WorkQueue('test', clock, (key) => synced.push(key))
    clock.isStopped = true
    queue.add('k')
    await nextTurn()
    expect(synced).toEqual([])
  })
})
