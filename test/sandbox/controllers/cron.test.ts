import {describe, expect, it} from 'vitest'
import {parseCron} from '../../../src/sandbox/controllers/cron.js'

describe('cron schedules', () => {
  const at = (iso: string) => Date.parse(iso)
  const next = (schedule: string, after: string) => new Date(parseCron(schedule).next(at(after))!).toISOString()
  it('finds the next minute a schedule matches (UTC)', () => {
    expect(next('*/15 * * * *', '2026-03-01T10:07:30Z')).toBe('2026-03-01T10:15:00.000Z')
    expect(next('0 2 * * mon-fri', '2026-03-06T03:00:00Z')).toBe('2026-03-09T02:00:00.000Z')
    expect(next('@monthly', '2026-03-06T03:00:00Z')).toBe('2026-04-01T00:00:00.000Z')
    expect(next('30 6 1,15 * *', '2026-03-01T07:00:00Z')).toBe('2026-03-15T06:30:00.000Z')
    expect(() => parseCron('61 * * * *')).toThrow('out of range')
  })
})

describe('cron schedule syntax', () => {
  const next = (schedule: string, after: string) => {
    const found = parseCron(schedule).next(Date.parse(after))
    return found === undefined ? undefined : new Date(found).toISOString()
  }

  it('matches either day field when both are restricted, and both when one is *', () => {
    // 2026-03-02 is a Monday
    expect(next('0 9 15 * mon', '2026-03-01T00:00:00Z')).toBe('2026-03-02T09:00:00.000Z')
    expect(next('0 9 15 * *', '2026-03-01T00:00:00Z')).toBe('2026-03-15T09:00:00.000Z')
  })

  it('reads 7 as Sunday, names in any case, a step from a single value to the end, and drops a TZ= prefix', () => {
    expect(next('0 0 * * 7', '2026-03-02T00:00:00Z')).toBe('2026-03-08T00:00:00.000Z')
    expect(next('0 0 1 JUN *', '2026-03-02T00:00:00Z')).toBe('2026-06-01T00:00:00.000Z')
    expect(next('5/20 * * * *', '2026-03-02T10:26:00Z')).toBe('2026-03-02T10:45:00.000Z')
    expect(next('TZ=UTC 30 * * * *', '2026-03-02T10:26:00Z')).toBe('2026-03-02T10:30:00.000Z')
    expect(next('@hourly', '2026-03-02T10:00:00Z')).toBe('2026-03-02T11:00:00.000Z')
  })

  it('finds nothing for a date that never comes, and refuses malformed schedules', () => {
    expect(next('0 0 30 2 *', '2026-01-01T00:00:00Z')).toBeUndefined()
    expect(() => parseCron('* * * *')).toThrow('cron schedule "* * * *" needs 5 fields, has 4')
    expect(() => parseCron('*/0 * * * *')).toThrow('cron step "0" is not a positive number')
    expect(() => parseCron('0 0 * * funday')).toThrow('cron value "funday" is out of range 0-6')
  })
})
