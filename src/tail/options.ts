/**
 * `kubectl tail` flags → a session: regexes compiled once, durations and limits checked, each
 * mistake reported as one line naming the flag.
 */
import {painter} from '../print/colour.js'
import {goDurationSeconds} from '../util/go-duration.js'
import {TailUsageError} from './errors.js'
import {compileTemplate, outputTemplate, type OutputFormat, type TimestampFormat} from './format.js'
import {compileGoRegex} from './goregex.js'
import type {SessionOptions} from './session.js'
import {defaultFilter, type ContainerStateName, type PodCondition} from './targets.js'
import {TemplateError} from './template.js'
import {zone} from './time.js'

export {TailUsageError} from './errors.js'

/** The flag values the command hands over (names as the user types them). */
export interface TailFlags {
  query?: string | undefined
  container?: string | undefined
  excludeContainer?: string[] | undefined
  excludePod?: string[] | undefined
  exclude?: string[] | undefined
  include?: string[] | undefined
  highlight?: string[] | undefined
  selector?: string | undefined
  fieldSelector?: string | undefined
  node?: string | undefined
  namespace?: string | undefined
  allNamespaces?: boolean | undefined
  since?: string | undefined
  tail?: number | undefined
  /** `-t` alone is `default`; `--timestamps=short`. */
  timestamps?: boolean | TimestampFormat | undefined
  timezone?: string | undefined
  noFollow?: boolean | undefined
  output?: OutputFormat | undefined
  /** The template text (`--template`, or the contents of `--template-file`). */
  template?: string | undefined
  maxLogRequests?: number | undefined
  containerState?: string[] | undefined
  condition?: string | undefined
  initContainers?: boolean | undefined
  ephemeralContainers?: boolean | undefined
  onlyLogLines?: boolean | undefined
  diffContainer?: boolean | undefined
  podColors?: string[] | undefined
  containerColors?: string[] | undefined
}

/**
 * Defaults: stern's 48h of history, every line of it, 5 reads at a time with --no-follow.
 * Following: a cap of 1000 streams, not stern's 50: a followed container's tail never ends,
 * so the cap is the largest selection that can be followed, and measurement (in-process
 * sandbox, 2 cores) showed no cliff: 100 containers × 20,000 lines in 3.5 s, 500 × 4,000 in
 * 8.1 s, 1000 × 2,000 in 13.8 s, 2000 × 100 in 7.8 s (~4 ms and ~0.2 MB per stream, client and
 * server together). 1000 keeps `-A` on a large cluster from opening thousands of kubelet streams by accident.
 */
export const defaults = {since: '48h', tail: -1, maxFollow: 1000, maxNoFollow: 5}

/**
 * A Go duration (10s, 1h30m, 1.5h, 500ms) → whole seconds, rounded up; a bare number is seconds.
 * 0 means no limit (kubectl's meaning of --since=0): undefined.
 */
export function parseSince(text: string): number | undefined {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) === 0 ? undefined : Number(trimmed)
  const total = goDurationSeconds(trimmed)
  if (total === undefined) throw new TailUsageError(`--since "${text}" is not a duration: use e.g. 30s, 10m, 2h or 1h30m (0 = no limit)`)
  return total === 0 ? undefined : Math.max(1, Math.ceil(total))
}

/** A Go (RE2) regular expression, as stern takes it, compiled for JavaScript. */
export function compileRegex(pattern: string, flag: string): RegExp {
  try {
    return compileGoRegex(pattern)
  } catch (error) {
    throw new TailUsageError(`${flag} "${pattern}" is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`)
  }
}

const states: readonly ContainerStateName[] = ['running', 'waiting', 'terminated']

export function parseContainerStates(values: string[] | undefined): Set<ContainerStateName> {
  const wanted = new Set<ContainerStateName>()
  for (const value of (values ?? []).flatMap((v) => v.split(','))) {
    const state = value.trim()
    if (state === '' || state === 'all') continue
    if (!states.includes(state as ContainerStateName)) throw new TailUsageError(`--container-state "${state}" is not one of running, waiting, terminated, all`)
    wanted.add(state as ContainerStateName)
  }
  return wanted.size === states.length ? new Set() : wanted
}

/** `--condition Ready` or `--condition ready=false` (case-insensitive; the value defaults to true). */
export function parseCondition(text: string | undefined): PodCondition | undefined {
  if (text === undefined || text === '') return undefined
  const [name, value = 'true', extra] = text.split('=')
  if (!name || extra !== undefined) throw new TailUsageError(`--condition "${text}": use NAME or NAME=VALUE, e.g. Ready or ready=false`)
  return {name: name.toLowerCase(), value: value.toLowerCase()}
}

/** `--pod-colors 91,92` / `--container-colors ...`: SGR sequences such as 31 or 31;4. */
export function parseColours(pod: string[] | undefined, container: string[] | undefined): Array<[string, string]> | undefined {
  const split = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)
  const pods = split(pod)
  const containers = split(container)
  if (pods.length === 0 && containers.length === 0) return undefined
  if (pods.length === 0) throw new TailUsageError('--container-colors needs --pod-colors')
  if (containers.length > 0 && containers.length !== pods.length) throw new TailUsageError('--pod-colors and --container-colors must have the same length')
  for (const code of [...pods, ...containers]) if (!/^\d+(;\d+)*$/.test(code)) throw new TailUsageError(`colour "${code}" is not an SGR sequence: use numbers such as 31 or 31;4`)
  return pods.map((p, i) => [p, containers[i] ?? p])
}

function checkTimezone(name: string): string {
  // The process's own zone and UTC are always valid: no need to start Intl (tens of ms) to know.
  if (name === 'Local' || name === 'UTC' || name === '') return name
  try {
    zone(name)
    return name
  } catch {
    throw new TailUsageError(`--timezone "${name}" is not a time zone: use an IANA name such as Europe/Paris, UTC or Local`)
  }
}

function checkTemplate(template: string, colour: boolean): void {
  try {
    compileTemplate(template, colour)
  } catch (error) {
    if (error instanceof TemplateError) throw new TailUsageError(`--template: ${error.message}`)
    throw error
  }
}

/** Whether to colour stdout (lines) and stderr (markers); each stream decides for itself. */
export interface ColourChoice {
  out: boolean
  err: boolean
}

/** What was asked for, for the "no pod matches" note. */
export function selectionText(flags: TailFlags): string {
  const parts: string[] = []
  if (flags.query) parts.push(`"${flags.query}"`)
  if (flags.selector) parts.push(`-l ${flags.selector}`)
  if (flags.fieldSelector) parts.push(`--field-selector ${flags.fieldSelector}`)
  if (flags.node) parts.push(`--node ${flags.node}`)
  if (flags.condition) parts.push(`--condition ${flags.condition}`)
  return parts.join(' ')
}

function checkLimits(flags: TailFlags, follow: boolean): {tail: number; maxLogRequests: number} {
  const tail = flags.tail ?? defaults.tail
  if (!Number.isInteger(tail) || tail < -1) throw new TailUsageError(`--tail ${tail}: use a number of lines, or -1 for all`)
  if (!follow && tail === 0) throw new TailUsageError('--tail 0 with --no-follow prints nothing: drop one of them')
  const maxLogRequests = flags.maxLogRequests ?? (follow ? defaults.maxFollow : defaults.maxNoFollow)
  if (!Number.isInteger(maxLogRequests) || maxLogRequests < 1) throw new TailUsageError(`--max-log-requests ${maxLogRequests}: use 1 or more`)
  if (flags.condition && follow && tail !== 0) throw new TailUsageError('--condition works with --no-follow or --tail=0 (as in stern): add one of them')
  return {tail, maxLogRequests}
}

/** Builds the session from the flags; `defaultNamespace` is the client's (flag > context > default). */
export function sessionOptions(flags: TailFlags, defaultNamespace: string, colour: ColourChoice = {out: false, err: false}): SessionOptions {
  const follow = !flags.noFollow
  const {tail, maxLogRequests} = checkLimits(flags, follow)
  if (flags.template !== undefined) checkTemplate(flags.template, colour.out)
  const namespaces = [...new Set((flags.namespace ?? defaultNamespace).split(',').map((n) => n.trim()).filter(Boolean))]
  if (namespaces.length === 0) namespaces.push(defaultNamespace)
  const allNamespaces = flags.allNamespaces ?? false
  const fieldSelectors = [flags.fieldSelector, flags.node ? `spec.nodeName=${flags.node}` : undefined].filter((s): s is string => Boolean(s))
  const showNamespace = allNamespaces || namespaces.length > 1
  const output = flags.output ?? 'default'
  const include = (flags.include ?? []).map((p) => compileRegex(p, '--include'))
  const colours = parseColours(flags.podColors, flags.containerColors)
  const timestamps = flags.timestamps === true ? 'default' : flags.timestamps || false
  const look = {showNamespace, colours, diffContainer: flags.diffContainer ?? false}
  return {
    namespaces,
    allNamespaces,
    labelSelector: flags.selector || undefined,
    fieldSelector: fieldSelectors.length > 0 ? fieldSelectors.join(',') : undefined,
    filter: defaultFilter({
      podQuery: compileRegex(flags.query ?? '', 'QUERY'),
      excludePods: (flags.excludePod ?? []).map((p) => compileRegex(p, '--exclude-pod')),
      containerQuery: compileRegex(flags.container ?? '', '--container'),
      excludeContainers: (flags.excludeContainer ?? []).map((p) => compileRegex(p, '--exclude-container')),
      initContainers: flags.initContainers ?? true,
      ephemeralContainers: flags.ephemeralContainers ?? true,
      containerStates: parseContainerStates(flags.containerState),
      condition: parseCondition(flags.condition),
    }),
    follow,
    sinceSeconds: parseSince(flags.since ?? defaults.since),
    tailLines: tail >= 0 ? tail : undefined,
    maxLogRequests,
    selectionText: selectionText(flags),
    include,
    exclude: (flags.exclude ?? []).map((p) => compileRegex(p, '--exclude')),
    format: {
      output,
      timestamps,
      timezone: checkTimezone(flags.timezone ?? 'Local'),
      paint: painter(colour.out),
      template: flags.template ?? outputTemplate(output, allNamespaces, Boolean(timestamps)),
      highlight: [...include, ...(flags.highlight ?? []).map((p) => compileRegex(p, '--highlight'))],
      ...look,
    },
    markers: {paint: painter(colour.err), ...look},
    onlyLogLines: flags.onlyLogLines ?? false,
  }
}
