/**
 * `kubectl tail` flags → a session: regexes compiled once, durations and limits checked, each
 * mistake reported as one line naming the flag.
 */
import {painter} from '../print/colour.js'
import {unknownTemplateFields, type OutputFormat} from './format.js'
import type {SessionOptions} from './session.js'
import {defaultFilter, type ContainerStateName} from './targets.js'

/** The flag values the command hands over (names as the user types them). */
export interface TailFlags {
  query?: string | undefined
  container?: string | undefined
  excludeContainer?: string[] | undefined
  excludePod?: string[] | undefined
  exclude?: string[] | undefined
  include?: string[] | undefined
  selector?: string | undefined
  fieldSelector?: string | undefined
  node?: string | undefined
  namespace?: string | undefined
  allNamespaces?: boolean | undefined
  since?: string | undefined
  tail?: number | undefined
  timestamps?: boolean | undefined
  noFollow?: boolean | undefined
  output?: OutputFormat | undefined
  template?: string | undefined
  maxLogRequests?: number | undefined
  containerState?: string[] | undefined
  initContainers?: boolean | undefined
  ephemeralContainers?: boolean | undefined
  onlyLogLines?: boolean | undefined
}

export class TailUsageError extends Error {
  override name = 'TailUsageError'
}

/** stern's defaults: 48h of history, every line of it, 50 follow streams or 5 reads at a time. */
export const defaults = {since: '48h', tail: -1, maxFollow: 50, maxNoFollow: 5}

const unitSeconds: Record<string, number> = {s: 1, m: 60, h: 3600}

/** A duration such as 10s, 5m, 1h30m, 48h → whole seconds (at least 1). */
export function parseSince(text: string): number {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return Math.max(1, Number(trimmed))
  const part = /(\d+(?:\.\d+)?)(h|m|s)/gy
  let total = 0
  let consumed = 0
  for (let match = part.exec(trimmed); match; match = part.exec(trimmed)) {
    total += Number(match[1]) * unitSeconds[match[2]!]!
    consumed = part.lastIndex
  }
  if (trimmed === '' || consumed !== trimmed.length) throw new TailUsageError(`--since "${text}" is not a duration: use e.g. 30s, 10m, 2h or 1h30m`)
  return Math.max(1, Math.ceil(total))
}

export function compileRegex(pattern: string, flag: string): RegExp {
  try {
    return new RegExp(pattern)
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

/** Whether to colour stdout (lines) and stderr (markers); each stream decides for itself. */
export interface ColourChoice {
  out: boolean
  err: boolean
}

/** Builds the session from the flags; `defaultNamespace` is the client's (flag > context > default). */
export function sessionOptions(flags: TailFlags, defaultNamespace: string, colour: ColourChoice = {out: false, err: false}): SessionOptions {
  const follow = !flags.noFollow
  const tail = flags.tail ?? defaults.tail
  if (!Number.isInteger(tail) || tail < -1) throw new TailUsageError(`--tail ${tail}: use a number of lines, or -1 for all`)
  if (!follow && tail === 0) throw new TailUsageError('--tail 0 with --no-follow prints nothing: drop one of them')
  const maxLogRequests = flags.maxLogRequests ?? (follow ? defaults.maxFollow : defaults.maxNoFollow)
  if (!Number.isInteger(maxLogRequests) || maxLogRequests < 1) throw new TailUsageError(`--max-log-requests ${maxLogRequests}: use 1 or more`)
  if (flags.template !== undefined) {
    const unknown = unknownTemplateFields(flags.template)
    if (unknown.length > 0) {
      throw new TailUsageError(`--template: unknown field ${unknown[0]}; use {{.Message}}, {{.Namespace}}, {{.PodName}}, {{.ContainerName}}, {{.NodeName}} or {{.Timestamp}}`)
    }
  }
  const namespaces = [...new Set((flags.namespace ?? defaultNamespace).split(',').map((n) => n.trim()).filter(Boolean))]
  if (namespaces.length === 0) namespaces.push(defaultNamespace)
  const allNamespaces = flags.allNamespaces ?? false
  const fieldSelectors = [flags.fieldSelector, flags.node ? `spec.nodeName=${flags.node}` : undefined].filter((s): s is string => Boolean(s))
  const showNamespace = allNamespaces || namespaces.length > 1
  const output = flags.output ?? 'default'
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
    }),
    follow,
    sinceSeconds: parseSince(flags.since ?? defaults.since),
    tailLines: tail >= 0 ? tail : undefined,
    maxLogRequests,
    include: (flags.include ?? []).map((p) => compileRegex(p, '--include')),
    exclude: (flags.exclude ?? []).map((p) => compileRegex(p, '--exclude')),
    format: {output, timestamps: flags.timestamps ?? false, showNamespace, paint: painter(colour.out), template: flags.template},
    markers: {showNamespace, paint: painter(colour.err)},
    onlyLogLines: flags.onlyLogLines ?? false,
  }
}
