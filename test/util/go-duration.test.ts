import {describe, expect, it} from 'vitest'
import {goDurationSeconds} from '../../src/util/go-duration.js'

describe('goDurationSeconds', () => {
  it.each([
    ['30s', 30],
    ['1h30m', 5400],
    ['1.5h', 5400],
    ['500ms', 0.5],
    ['2h45m10s', 9910],
    ['.5s', 0.5],
    ['1.s', 1],
    ['0s', 0],
  ])('%s = %d s', (text, seconds) => {
    expect(goDurationSeconds(text)).toBeCloseTo(seconds, 9)
  })

  it('takes ns, us and µs', () => {
    expect(goDurationSeconds('1500ns')).toBeCloseTo(1.5e-6, 15)
    expect(goDurationSeconds('2us')).toBeCloseTo(2e-6, 15)
    expect(goDurationSeconds('2µs')).toBeCloseTo(2e-6, 15)
  })

  it.each(['', '10', '10 s', 's', '5d', '-1s', '1h 30m', '1.5.3s'])('is undefined for %j', (text) => {
    expect(goDurationSeconds(text)).toBeUndefined()
  })
})
