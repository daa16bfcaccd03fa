import {describe, expect, it} from 'vitest'
import {goDuration, SimulationClock} from '../../../src/sandbox/controllers/clock.js'

describe('SimulationClock', () => {
  it('scales simulated delays to real ones and back', () => {
    const clock = new SimulationClock(0.01)
    expect(clock.real(10_000)).toBe(100)
    expect(clock.real(-5)).toBe(0)
    expect(clock.simulated(100)).toBe(10_000)
    expect(new SimulationClock(1).real(1500)).toBe(1500)
  })

  it('refuses a time scale that is not a positive finite number', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => new SimulationClock(bad)).toThrow(`controllers.timeScale must be a positive number, not ${bad}`)
  })

  it('runs simulated time from its start, never behind the wall clock', () => {
    const before = Date.now()
    const clock = new SimulationClock(0.5)
    expect(clock.simulatedNow()).toBeGreaterThanOrEqual(before)
  })

  it('schedules nothing once stopped', () => {
    const clock = new SimulationClock(1)
    expect(clock.isStopped).toBe(false)
    clock.stop()
    expect(clock.isStopped).toBe(true)
    let ran = false
    const cancel = clock.after(0, () => (ran = true))
    cancel()
    expect(ran).toBe(false)
  })
})

describe('goDuration', () => {
  it("writes whole seconds as Go's time.Duration.String() does", () => {
    expect(goDuration(0)).toBe('0s')
    expect(goDuration(10_000)).toBe('10s')
    expect(goDuration(59_499)).toBe('59s')
    expect(goDuration(60_000)).toBe('1m0s')
    expect(goDuration(80_000)).toBe('1m20s')
    expect(goDuration(300_000)).toBe('5m0s')
    expect(goDuration(3_600_000)).toBe('1h0m0s')
    expect(goDuration(3_725_000)).toBe('1h2m5s')
  })
})
