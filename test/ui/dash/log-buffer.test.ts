/** The logs view's bounded buffer: oldest lines dropped and counted, its listener told at most once per interval. */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {LogBuffer} from '../../../src/ui/dash/log-buffer.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const all = (buffer: LogBuffer) => buffer.slice(0, buffer.length)

describe('LogBuffer', () => {
  it('keeps the newest lines up to its capacity and counts those dropped', () => {
    const buffer = new LogBuffer(3, 100)
    buffer.push(['1', '2'])
    buffer.push(['3', '4', '5'])
    expect(all(buffer)).toEqual(['3', '4', '5'])
    expect(buffer.dropped).toBe(2)
    expect(buffer.version).toBe(2)
  })

  it('tells its listener once per interval, however many pushes', () => {
    const buffer = new LogBuffer(100, 100)
    const told = vi.fn()
    buffer.onChange(told)
    buffer.push(['a'])
    buffer.push(['b'])
    vi.advanceTimersByTime(0)
    expect(told).toHaveBeenCalledTimes(1)
    buffer.push(['c'])
    buffer.push(['d'])
    vi.advanceTimersByTime(99)
    expect(told).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1)
    expect(told).toHaveBeenCalledTimes(2)
  })

  it('disposed: the listener is never told again', () => {
    const buffer = new LogBuffer(100, 100)
    const told = vi.fn()
    buffer.onChange(told)
    buffer.push(['a'])
    buffer.dispose()
    buffer.push(['b'])
    vi.advanceTimersByTime(1000)
    expect(told).not.toHaveBeenCalled()
    expect(all(buffer)).toEqual(['a', 'b'])
  })
})
