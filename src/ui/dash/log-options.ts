/**
 * What the logs view asks the tail core for: the previous run or the current one, timestamps,
 * how far back, one container or all, and a regular expression lines must match. Pure: the
 * options, their changes, and the tail flags they make.
 */
import type {TailFlags} from '../../tail/options.js'
import {escapeRegex} from '../../tail/query.js'

export const sinceChoices = ['48h', '5m', '1h'] as const
export type SinceChoice = (typeof sinceChoices)[number]

export interface LogOptions {
  /** The last terminated run of each container (kubectl logs --previous), read once, not followed. */
  previous: boolean
  timestamps: boolean
  since: SinceChoice
  /** One container; undefined: every container. */
  container: string | undefined
  /** Only lines matching this regular expression (the tail core's --include); '' = every line. */
  grep: string
}

export const defaultLogOptions: LogOptions = {previous: false, timestamps: false, since: '48h', container: undefined, grep: ''}

/** The next "since" in the cycle 48h (the default) → 5m → 1h → 48h. */
export function nextSince(since: SinceChoice): SinceChoice {
  return sinceChoices[(sinceChoices.indexOf(since) + 1) % sinceChoices.length]!
}

/** Lines of history kept from the end of each container's log before following. */
export const logHistoryLines = 500

/** The tail core's flags for one pod's logs with these options. */
export function tailFlags(namespace: string, name: string, options: LogOptions): TailFlags {
  return {
    query: `^${escapeRegex(name)}$`,
    fieldSelector: `metadata.name=${name}`,
    namespace,
    tail: logHistoryLines,
    since: options.since,
    ...(options.container ? {container: `^${escapeRegex(options.container)}$`} : {}),
    ...(options.grep ? {include: [options.grep]} : {}),
    ...(options.timestamps ? {timestamps: true as const} : {}),
    // The previous run has ended: read it once.
    ...(options.previous ? {noFollow: true} : {}),
    template: `${options.timestamps ? '{{.Timestamp}} ' : ''}{{.ContainerName}} {{.Message}}`,
  }
}

/** What the logs view's title says about the options (empty for the defaults). */
export function optionsText(options: LogOptions): string {
  const parts: string[] = []
  if (options.previous) parts.push('previous run')
  if (options.container) parts.push(`container ${options.container}`)
  if (options.since !== '48h') parts.push(`since ${options.since}`)
  if (options.timestamps) parts.push('timestamps')
  if (options.grep) parts.push(`matching /${options.grep}/`)
  return parts.join(', ')
}

/** A key that identifies the stream the options ask for: a change restarts it. */
export function optionsKey(options: LogOptions): string {
  return JSON.stringify(options)
}

/** Whether a regular expression is valid in JavaScript (the tail core compiles RE2 syntax to it). */
export function regexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/** Where `S` saves the log by default: ./<pod>.log. */
export function defaultSavePath(pod: string): string {
  return `./${pod}.log`
}

/** A log line as it goes into a file: without colour codes. */
export function plainLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\u001B\[[0-9;]*m/g, '')
}
