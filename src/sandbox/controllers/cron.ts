/**
 * Standard five-field cron schedules (minute hour day-of-month month day-of-week, UTC), with
 * lists, ranges, steps, names (jan, mon) and the @yearly/@monthly/@weekly/@daily/@hourly macros,
 * as robfig/cron (which the CronJob controller uses) reads them: when both day fields are
 * restricted, a day matches either. Hand-written rather than a dependency: npm's cron-parser
 * brings luxon for time zones, which the sandbox does not simulate.
 */

export interface CronSchedule {
  next(afterMs: number): number | undefined
}

const macros: Record<string, string> = {'@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *'}
const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

interface Field {
  values: Set<number>
  restricted: boolean
}

function parseField(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Field {
  const values = new Set<number>()
  const value = (t: string) => {
    const named = names.indexOf(t.toLowerCase())
    const n = named >= 0 ? named + nameBase : Number(t)
    if (!Number.isInteger(n) || n < min || n > max + (max === 6 ? 1 : 0)) throw new Error(`cron value "${t}" is out of range ${min}-${max}`)
    return max === 6 && n === 7 ? 0 : n
  }
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined]
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron step "${stepText}" is not a positive number`)
    let [from, to] = range === '*' || range === '?' ? [min, max] : range.includes('-') ? range.split('-').map(value) as [number, number] : [value(range), stepText === undefined ? value(range) : max]
    if (to < from) [from, to] = [to, from]
    for (let v = from; v <= to; v += step) values.add(v)
  }
  return {values, restricted: text !== '*' && text !== '?'}
}

export function parseCron(schedule: string): CronSchedule {
  const text = macros[schedule.trim()] ?? schedule.trim().replace(/^TZ=\S+\s+/, '')
  const fields = text.split(/\s+/)
  if (fields.length !== 5) throw new Error(`cron schedule "${schedule}" needs 5 fields, has ${fields.length}`)
  const [minutes, hours, days, months, weekdays] = [
    parseField(fields[0]!, 0, 59),
    parseField(fields[1]!, 0, 23),
    parseField(fields[2]!, 1, 31),
    parseField(fields[3]!, 1, 12, monthNames, 1),
    parseField(fields[4]!, 0, 6, dayNames),
  ]
  const dayMatches = (d: Date) => {
    const dom = days.values.has(d.getUTCDate())
    const dow = weekdays.values.has(d.getUTCDay())
    return days.restricted && weekdays.restricted ? dom || dow : dom && dow
  }
  return {
    next(afterMs: number): number | undefined {
      const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000)
      const limit = afterMs + 5 * 366 * 86_400_000
      while (d.getTime() < limit) {
        if (!months.values.has(d.getUTCMonth() + 1)) {
          d.setUTCMonth(d.getUTCMonth() + 1, 1)
          d.setUTCHours(0, 0)
        } else if (!dayMatches(d)) {
          d.setUTCDate(d.getUTCDate() + 1)
          d.setUTCHours(0, 0)
        } else if (!hours.values.has(d.getUTCHours())) d.setUTCHours(d.getUTCHours() + 1, 0)
        else if (!minutes.values.has(d.getUTCMinutes())) d.setUTCMinutes(d.getUTCMinutes() + 1)
        else return d.getTime()
      }
      return undefined
    },
  }
}
