// The kubelet stamps a line when it receives it: a line that carries its program's own time was
// stamped just after that time, never at an evenly spread guess.
import {describe, expect, it} from 'vitest'
import {formatStamp, RunLog} from '../../src/sandbox/logs.js'

const start = Date.parse('2026-12-01T10:00:00Z')
const stamps = (log: RunLog) => Array.from({length: log.total}, (_, i) => formatStamp(log.stamp(i)))

describe('the stamps of a run\'s fixed lines', () => {
  it("follow the program's own times, and put the lines between right after the last one", () => {
    const text = [
      '2026-12-01T10:00:00.204Z INFO starting',
      '2026-12-01T10:00:02.822Z ERROR cannot connect',
      'panic: cannot connect',
      'goroutine 1 [running]:',
    ].join('\n')
    const got = stamps(new RunLog('shop/checkout/app', text, undefined, start, start + 3000, start))
    expect(got[0]).toBe('2026-12-01T10:00:00.204050000Z')
    expect(got[1]).toBe('2026-12-01T10:00:02.822050000Z')
    // The panic comes after the ERROR and before the run ended at 10:00:03.
    expect(got[2]! > got[1]! && got[3]! > got[2]! && got[3]! < '2026-12-01T10:00:03').toBe(true)
  })

  it('are spread evenly over the run when no line carries a time', () => {
    const got = stamps(new RunLog('k', 'a\nb\nc\n', undefined, start, start + 4000, start))
    expect(got).toEqual(['2026-12-01T10:00:01.000000000Z', '2026-12-01T10:00:02.000000000Z', '2026-12-01T10:00:03.000000000Z'])
  })

  it('never go back, and stay inside the run, whatever times the lines claim', () => {
    const text = ['2026-12-01T10:00:02Z late', '2026-12-01T10:00:01Z earlier than the line before', 'plain', '2026-12-01T11:00:00Z after the run ended'].join('\n')
    const got = stamps(new RunLog('k', text, undefined, start, start + 3000, start))
    expect([...got].sort()).toEqual(got)
    expect(new Set(got).size).toBe(got.length)
    expect(got[0]).toBe('2026-12-01T10:00:02.000050000Z')
    expect(got.at(-1)! <= '2026-12-01T10:00:03.000000000Z').toBe(true)
  })
})
