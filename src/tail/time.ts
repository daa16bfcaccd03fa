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

const rfc3339 = /^(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d:\d\d)(?:[.,](\d+))?([Zz]|[+-]\d\d:?\d\d)?$/

const zero = 48
const nine = 57
/** Where digits stand in `2006-01-02T15:04:05.000000000Z`, the form the kubelet stamps lines with (the fraction's last). */
const kubeletDigits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25, 26, 27, 28]
const kubeletMarks: Array<[number, string]> = [[4, '-'], [7, '-'], [10, 'T'], [13, ':'], [16, ':'], [19, '.'], [29, 'Z']]
/** The second of the last kubelet timestamp read, as text (`2006-01-02T15:04:05`), and its instant. */
let kubeletSecond = {prefix: '\u0000', ms: Number.NaN}

/** The kubelet's own form, read without a regular expression (once per printed line with -t). */
function parseKubeletTime(text: string): GoTime | undefined {
  if (text.length !== 30) return undefined
  for (const [at, mark] of kubeletMarks) if (text[at] !== mark) return undefined
  let nanos = 0
  for (const at of kubeletDigits) {
    const code = text.charCodeAt(at)
    if (code < zero || code > nine) return undefined
    if (at >= 20) nanos = nanos * 10 + code - zero
  }
  if (!text.startsWith(kubeletSecond.prefix)) kubeletSecond = {prefix: text.slice(0, 19), ms: Date.parse(`${text.slice(0, 19)}Z`)}
  if (Number.isNaN(kubeletSecond.ms)) return undefined
  return {seconds: kubeletSecond.ms / 1000, nanos}
}

/** RFC 3339 (any fraction, Z or offset) → GoTime; undefined when it is not one. */
export function parseTime(text: string): GoTime | undefined {
  const kubelet = parseKubeletTime(text)
  if (kubelet) return kubelet
  const m = rfc3339.exec(text)
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

const zones = new Map<string, Zone>()

/**
 * `Local` (the process's zone), `UTC`/'' or an IANA name; throws a RangeError for an unknown name.
 * Made once per name (an Intl formatter is costly), and each answers again at once for the
 * second it answered last.
 */
export function zone(name: string): Zone {
  let known = zones.get(name)
  if (!known) {
    known = lastSecondRemembered(makeZone(name))
    zones.set(name, known)
  }
  return known
}

function lastSecondRemembered(inner: Zone): Zone {
  let second = Number.NaN
  let answer: ReturnType<Zone['at']> | undefined
  return {
    name: inner.name,
    at(seconds) {
      const whole = Math.floor(seconds)
      if (whole !== second || !answer) {
        answer = inner.at(whole)
        second = whole
      }
      return answer
    },
  }
}

function makeZone(name: string): Zone {
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

/** One element of a compiled layout; `nanos`: it reads the fraction of the second. */
interface LayoutPart {
  chunk: Chunk
  nanos: boolean
}

/** A layout split into its elements once: chunks of the wall clock, or literal text. */
function compileLayout(layout: string): LayoutPart[] {
  const parts: LayoutPart[] = []
  let literal = ''
  const flush = () => {
    const text = literal
    if (text) parts.push({chunk: () => text, nanos: false})
    literal = ''
  }
  for (let i = 0; i < layout.length; ) {
    const frac = fraction(layout, i)
    const match = frac ? undefined : chunks.find(([token]) => layout.startsWith(token, i))
    if (!frac && !match) {
      literal += layout[i++]
      continue
    }
    flush()
    parts.push(frac ? {chunk: frac.chunk, nanos: true} : {chunk: match![1], nanos: false})
    i += frac ? frac.length : match![0].length
  }
  flush()
  return parts
}

/** A compiled layout, with its elements as rendered for the last second and zone it formatted. */
interface Layout {
  parts: LayoutPart[]
  where: Zone | undefined
  second: number
  wall: Wall | undefined
  /** The layout in that second: runs of text, and the fraction parts (they change within a second). */
  rendered: Array<string | Chunk>
}

const layouts = new Map<string, Layout>()

function layoutOf(text: string): Layout {
  let layout = layouts.get(text)
  if (!layout) {
    layout = {parts: compileLayout(text), where: undefined, second: Number.NaN, wall: undefined, rendered: []}
    layouts.set(text, layout)
  }
  return layout
}

/** Formats an instant with a Go layout in a zone. Lines of one second share all but their fraction. */
export function formatGoTime(time: GoTime, layoutText: string, where: Zone): string {
  const layout = layoutOf(layoutText)
  const second = Math.floor(time.seconds)
  if (second !== layout.second || where !== layout.where || !layout.wall) {
    const wall = wallClock({seconds: second, nanos: 0}, where)
    layout.rendered = render(layout.parts, wall)
    layout.wall = wall
    layout.second = second
    layout.where = where
  }
  layout.wall.nanos = time.nanos
  let out = ''
  for (const part of layout.rendered) out += typeof part === 'string' ? part : part(layout.wall)
  return out
}

/** The parts that stay the same within the wall clock's second, rendered and joined. */
function render(parts: readonly LayoutPart[], wall: Wall): Array<string | Chunk> {
  const rendered: Array<string | Chunk> = []
  for (const part of parts) {
    const last = rendered.length - 1
    if (part.nanos) rendered.push(part.chunk)
    else if (typeof rendered[last] === 'string') rendered[last] += part.chunk(wall)
    else rendered.push(part.chunk(wall))
  }
  return rendered
}
