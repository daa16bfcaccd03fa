import {describe, expect, it} from 'vitest'
import {humanDuration, waitDuration} from '../../src/print/duration.js'

describe('waitDuration', () => {
  it('says a wait in milliseconds below a second, else as kubectl says a duration', () => {
    expect(waitDuration(0)).toBe('0ms')
    expect(waitDuration(800)).toBe('800ms')
    expect(waitDuration(999.4)).toBe('999ms')
    expect(waitDuration(1000)).toBe('1s')
    expect(waitDuration(1499)).toBe('1s')
    expect(waitDuration(1500)).toBe('2s')
    expect(waitDuration(30_000)).toBe('30s')
    expect(waitDuration(130_000)).toBe(humanDuration(130_000))
  })
})
