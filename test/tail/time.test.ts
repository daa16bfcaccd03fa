/**
 * Timestamps for -t, --timezone and toTimestamp: the kubelet's form is read without a regular
 * expression and lines of one second share their rendering, so these check that neither changes
 * an answer: against the general RFC 3339 reading, across seconds, a DST change, and zones and
 * layouts used in turn.
 */
import {describe, expect, test} from 'vitest'
import {formatGoTime, parseTime, zone} from '../../src/tail/time.js'

const rfc = '2006-01-02T15:04:05.000000000Z07:00'
const short = '01-02 15:04:05'

describe('parseTime', () => {
  test("the kubelet's form and the same instant written otherwise read alike; malformed ones are refused", () => {
    const forms = [
      ['2026-11-22T00:00:01.000000001Z', '2026-11-22T01:00:01.000000001+01:00'],
      ['2026-11-22T00:00:01.123456789Z', '2026-11-22 00:00:01.123456789z'],
      ['2026-11-22T00:00:02.000000000Z', '2026-11-22T00:00:02Z'],
      ['2024-02-29T23:59:59.999999999Z', '2024-03-01T08:59:59.999999999+0900'],
    ]
    for (const [kubelet, other] of forms) {
      expect(parseTime(kubelet!), kubelet).toEqual(parseTime(other!))
      expect(parseTime(kubelet!), kubelet).toBeDefined()
    }
    for (const bad of ['2026-13-22T00:00:01.000000000Z', '2026-11-22T00:00:01.00000000xZ', '2026-11-22X00:00:01.000000000Z']) expect(parseTime(bad), bad).toBeUndefined()
  })

  test('lines of one second, then the next: each keeps its own instant', () => {
    expect(['2026-11-22T00:00:01.5Z', '2026-11-22T00:00:01.000000007Z', '2026-11-22T00:00:02.000000000Z', '2026-11-22T00:00:01.000000000Z'].map((t) => parseTime(t))).toEqual([
      {seconds: 1_795_305_601, nanos: 500_000_000},
      {seconds: 1_795_305_601, nanos: 7},
      {seconds: 1_795_305_602, nanos: 0},
      {seconds: 1_795_305_601, nanos: 0},
    ])
  })
})

describe('formatGoTime', () => {
  const at = (text: string) => parseTime(text)!

  test('across a DST change, with zones and layouts used in turn', () => {
    const newYork = zone('America/New_York')
    const tokyo = zone('Asia/Tokyo')
    expect(formatGoTime(at('2026-03-08T06:59:59.500000000Z'), rfc, newYork)).toBe('2026-03-08T01:59:59.500000000-05:00')
    expect(formatGoTime(at('2026-03-08T06:59:59.750000000Z'), rfc, tokyo)).toBe('2026-03-08T15:59:59.750000000+09:00')
    expect(formatGoTime(at('2026-03-08T06:59:59.750000000Z'), rfc, newYork)).toBe('2026-03-08T01:59:59.750000000-05:00')
    expect(formatGoTime(at('2026-03-08T07:00:00.250000000Z'), rfc, newYork)).toBe('2026-03-08T03:00:00.250000000-04:00')
    expect(formatGoTime(at('2026-03-08T07:00:00.250000000Z'), short, newYork)).toBe('03-08 03:00:00')
    expect(formatGoTime(at('2026-03-08T07:00:00.250000000Z'), '15:04:05.999 MST', newYork)).toBe('03:00:00.25 EDT')
    expect(formatGoTime(at('2026-03-08T07:00:00.000000000Z'), '15:04:05.999 MST', newYork)).toBe('03:00:00 EDT')
    expect(formatGoTime(at('2026-03-08T07:00:00.250000000Z'), rfc, zone('UTC'))).toBe('2026-03-08T07:00:00.250000000Z')
  })

  test('a zone is made once per name', () => {
    expect(zone('Europe/Paris')).toBe(zone('Europe/Paris'))
    expect(() => zone('Mars/Olympus')).toThrow(RangeError)
  })
})
