/**
 * Instants with nanoseconds, time zones by IANA name (or Local/UTC) and Go's layout strings
 * (`2006-01-02T15:04:05.000000000Z07:00`, `01-02 15:04:05`, ...), for `-t`, `--timezone` and
 * the template function toTimestamp.
 */

/** Whole seconds since the epoch plus nanoseconds. */
export interface GoTime {
  seconds: number
  nanos: number
}

/** RFC 3339 (any fraction, Z or offset) → GoTime; undefined when it is not one. */
export function parseTime(text: string): GoTime | undefined {
  const m = /^(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d:\d\d)(?:[.,](\d+))?([Zz]|[+-]\d\d:?\d\d)?$/.exec(text)
  if (!m) return undefined
  const offset = !m[4] || m[4].toUpperCase() === 'Z' ? 'Z' : m[4].length === 5 ? `${m[4].slice(0, 3)}:${m[4].slice(3)}` : m[4]
  const ms = Date.parse(`${m[1]}T${m[2]}${offset}`)
  if (Number.isNaN(ms)) return undefined
  return {seconds: ms / 1000, nanos: Number((m[3] ?? '').padEnd(9, '0').slice(0, 9))}
}

/** A time zone: its offset and abbreviation at an instant. */
export interface Zone {
  name: string
  at(seconds: number): {offsetSeconds: number; abbreviation: string}
}

const utc: Zone = {name: 'UTC', at: () => ({offsetSeconds: 0, abbreviation: 'UTC'})}

/** `Local` (the process's zone), `UTC`/'' or an IANA name; throws a RangeError for an unknown name. */
export function zone(name: string): Zone {
  const id = name === 'Local' ? Intl.DateTimeFormat().resolvedOptions().timeZone : name
  if (!id || id === 'UTC' || id === 'Etc/UTC') return utc
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: id,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    timeZoneName: 'short',
  })
  return {
    name: id,
    at(seconds) {
      const parts = Object.fromEntries(format.formatToParts(new Date(Math.floor(seconds) * 1000)).map((p) => [p.type, p.value]))
      const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
      const offsetSeconds = Math.round(wall / 1000 - Math.floor(seconds))
      return {offsetSeconds, abbreviation: /^GMT[+-]/.test(parts.timeZoneName ?? '') ? offsetName(offsetSeconds, '', false) : (parts.timeZoneName ?? '')}
    },
  }
}

function offsetName(offset: number, separator: string, withSeconds: boolean, hoursOnly = false): string {
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0')
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0')
  const ss = String(abs % 60).padStart(2, '0')
  if (hoursOnly) return sign + hh
  return sign + hh + separator + mm + (withSeconds ? separator + ss : '')
}

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const pad = (n: number, width = 2) => String(n).padStart(width, '0')

interface Wall {
  year: number
  month: number
  day: number
  weekday: number
  yearDay: number
  hour: number
  minute: number
  second: number
  nanos: number
  offset: number
  abbreviation: string
}

function wallClock(time: GoTime, where: Zone): Wall {
  const {offsetSeconds, abbreviation} = where.at(time.seconds)
  const d = new Date((Math.floor(time.seconds) + offsetSeconds) * 1000)
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    yearDay: Math.floor((d.getTime() - yearStart) / 86_400_000) + 1,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nanos: time.nanos,
    offset: offsetSeconds,
    abbreviation,
  }
}

type Chunk = (w: Wall) => string

const zoneChunk = (separator: string, withSeconds: boolean, z: boolean, hoursOnly = false): Chunk => (w) => (z && w.offset === 0 ? 'Z' : offsetName(w.offset, separator, withSeconds, hoursOnly))

/** Go's layout elements, longest first. */
const chunks: Array<[string, Chunk]> = [
  ['January', (w) => months[w.month - 1]!],
  ['Monday', (w) => days[w.weekday]!],
  ['Z07:00:00', zoneChunk(':', true, true)],
  ['-07:00:00', zoneChunk(':', true, false)],
  ['Z070000', zoneChunk('', true, true)],
  ['-070000', zoneChunk('', true, false)],
  ['Z07:00', zoneChunk(':', false, true)],
  ['-07:00', zoneChunk(':', false, false)],
  ['Z0700', zoneChunk('', false, true)],
  ['-0700', zoneChunk('', false, false)],
  ['2006', (w) => pad(w.year, 4)],
  ['Z07', zoneChunk('', false, true, true)],
  ['-07', zoneChunk('', false, false, true)],
  ['Jan', (w) => months[w.month - 1]!.slice(0, 3)],
  ['Mon', (w) => days[w.weekday]!.slice(0, 3)],
  ['MST', (w) => w.abbreviation],
  ['002', (w) => pad(w.yearDay, 3)],
  ['__2', (w) => String(w.yearDay).padStart(3, ' ')],
  ['_2', (w) => String(w.day).padStart(2, ' ')],
  ['15', (w) => pad(w.hour)],
  ['01', (w) => pad(w.month)],
  ['02', (w) => pad(w.day)],
  ['03', (w) => pad(w.hour % 12 || 12)],
  ['04', (w) => pad(w.minute)],
  ['05', (w) => pad(w.second)],
  ['06', (w) => pad(w.year % 100)],
  ['PM', (w) => (w.hour >= 12 ? 'PM' : 'AM')],
  ['pm', (w) => (w.hour >= 12 ? 'pm' : 'am')],
  ['1', (w) => String(w.month)],
  ['2', (w) => String(w.day)],
  ['3', (w) => String(w.hour % 12 || 12)],
  ['4', (w) => String(w.minute)],
  ['5', (w) => String(w.second)],
]

/** `.000` / `,999999999`: fixed or trimmed fractions, only when not followed by a digit. */
function fraction(layout: string, at: number): {length: number; chunk: Chunk} | undefined {
  const m = /^[.,](0+|9+)(?!\d)/.exec(layout.slice(at))
  if (!m) return undefined
  const digits = m[1]!.length
  const fixed = m[1]![0] === '0'
  const separator = m[0][0]!
  return {
    length: m[0].length,
    chunk: (w) => {
      const text = pad(w.nanos, 9).slice(0, digits)
      if (fixed) return separator + text
      const trimmed = text.replace(/0+$/, '')
      return trimmed ? separator + trimmed : ''
    },
  }
}

/** Formats an instant with a Go layout in a zone. */
export function formatGoTime(time: GoTime, layout: string, where: Zone): string {
  const wall = wallClock(time, where)
  let out = ''
  for (let i = 0; i < layout.length; ) {
    const frac = fraction(layout, i)
    if (frac) {
      out += frac.chunk(wall)
      i += frac.length
      continue
    }
    const match = chunks.find(([token]) => layout.startsWith(token, i))
    if (match) {
      out += match[1](wall)
      i += match[0].length
    } else out += layout[i++]
  }
  return out
}
