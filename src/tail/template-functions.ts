/**
 * The functions stern's templates can call (stern's cmd/cmd.go), with the same names and
 * behaviour: JSON helpers, time helpers, colours (only when colouring), and log-level colours.
 */
import {goString, TemplateError, type TemplateFunction} from './template.js'
import {formatGoTime, parseTime, zone, type GoTime} from './time.js'
import {isMapping} from '../util/mapping.js'

/** A colour as stern's templates pass it around (.PodColor, .ContainerColor): SGR parameters. */
export interface Colour {
  sgr: string
}

const named: Record<string, string> = {Black: '30', Red: '31', Green: '32', Yellow: '33', Blue: '34', Magenta: '35', Cyan: '36', White: '37'}

const levels: Record<string, string> = {
  debug: '35',
  info: '34',
  warn: '33',
  warning: '33',
  error: '31',
  dpanic: '31',
  panic: '31',
  fatal: '36',
  critical: '36',
}

function parseObject(text: unknown): Record<string, unknown> {
  const value: unknown = JSON.parse(String(text))
  if (!isMapping(value)) throw new TemplateError('json: cannot unmarshal into map[string]interface {}')
  return value
}

const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** False when `text` cannot be JSON, judged by its ends; true when it may be (JSON.parse decides). */
export function mightBeJson(text: string): boolean {
  const value = text.trim()
  const first = value[0]
  const last = value[value.length - 1]
  if (first === '{') return last === '}'
  if (first === '[') return last === ']'
  if (first === '"') return value.length > 1 && last === '"'
  if (first === 't' || first === 'f' || first === 'n') return value === 'true' || value === 'false' || value === 'null'
  return jsonNumber.test(value)
}

/**
 * The JSON value of `text`, undefined when it is not JSON, for the functions that take a line
 * that is not JSON in their stride (a line of plain text each time would cost a thrown error).
 */
function jsonOrUndefined(text: string): unknown {
  if (!mightBeJson(text)) return undefined
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** A time as Go's time.Time prints (`2006-01-02 15:04:05.999999999 -0700 MST`). */
class TimeValue implements GoTime {
  constructor(
    readonly seconds: number,
    readonly nanos: number,
    readonly zoneName = 'UTC',
  ) {}

  toString(): string {
    return formatGoTime(this, '2006-01-02 15:04:05.999999999 -0700 MST', zone(this.zoneName))
  }
}

/** stern's toTime: a time, an RFC 3339 string, or Unix seconds (number or numeric string). */
function toTime(value: unknown): GoTime {
  if (value instanceof TimeValue) return value
  if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
    const n = Number(value)
    return {seconds: Math.floor(n), nanos: Math.round((n - Math.floor(n)) * 1e9)}
  }
  const parsed = typeof value === 'string' ? parseTime(value) : undefined
  if (!parsed) throw new TemplateError(`unable to parse ${goString(value)} as a time`)
  return parsed
}

function parts(text: unknown, keys: unknown[]): string {
  return partsOf(parseObject(text), keys)
}

function partsOf(object: Record<string, unknown>, keys: unknown[]): string {
  return keys.map((k) => goString(object[String(k)])).join(', ')
}

export function templateFunctions(colour: boolean): Record<string, TemplateFunction> {
  const paint = (code: string, text: unknown) => (colour ? `\u001B[${code}m${goString(text)}\u001B[0m` : goString(text))
  const functions: Record<string, TemplateFunction> = {
    json: (value) => JSON.stringify(value),
    parseJSON: (text) => parseObject(text),
    tryParseJSON: (text) => {
      const value = jsonOrUndefined(String(text))
      return isMapping(value) ? value : undefined
    },
    extractJSONParts: (text, ...keys) => parts(text, keys),
    tryExtractJSONParts: (text, ...keys) => {
      const value = jsonOrUndefined(String(text))
      return isMapping(value) ? partsOf(value, keys) : text
    },
    extjson: (text) => {
      const s = String(text)
      return jsonOrUndefined(s) === undefined ? JSON.stringify(s) : s.replace(/\n$/, '')
    },
    prettyJSON: (value) => {
      if (typeof value !== 'string') return value && typeof value === 'object' ? JSON.stringify(value, null, 2) : goString(value)
      const object = jsonOrUndefined(value)
      return isMapping(object) ? JSON.stringify(object, null, 2) : goString(value)
    },
    toRFC3339Nano: (value) => formatGoTime(toTime(value), '2006-01-02T15:04:05.999999999Z07:00', zone('UTC')),
    toUTC: (value) => {
      const t = toTime(value)
      return new TimeValue(t.seconds, t.nanos)
    },
    toTimestamp: (value, layout, timezone) => {
      try {
        return formatGoTime(toTime(value), String(layout), zone(timezone === undefined ? 'UTC' : String(timezone) || 'UTC'))
      } catch (error) {
        throw new TemplateError(error instanceof RangeError ? `unknown time zone ${goString(timezone)}` : (error as Error).message)
      }
    },
    color: (c, text) => paint((c as Colour | undefined)?.sgr ?? '', text),
    colorCustom: (...args) => {
      const text = args.pop()
      return paint(args.map(goString).join(';'), text)
    },
    levelColor: (value) => {
      if (typeof value !== 'string') return ''
      const code = levels[value.toLowerCase()]
      return code ? paint(code, value) : value
    },
    bunyanLevelColor: (value) => {
      const level = typeof value === 'number' ? Math.trunc(value) : Number.NaN
      if (Number.isNaN(level)) return ''
      const code = level < 30 ? '35' : level < 40 ? '34' : level < 50 ? '33' : level < 60 ? '31' : level < 100 ? '36' : ''
      return code ? paint(code, level) : String(level)
    },
  }
  for (const [name, code] of Object.entries(named)) functions[`color${name}`] = (text) => paint(code, text)
  return functions
}
