/**
 * How a log line is printed, as stern prints it: `pod container message` with a stable colour
 * pair per pod, raw messages, one JSON object per line, stern's extjson/ppextjson, or a Go
 * template (`--template`, with stern's fields and functions). `-H`/`-i` matches are highlighted
 * after formatting, and `-t` timestamps are shown in `--timezone` (default: local) as stern's
 * `default` (RFC 3339 with nine digits) or `short` (`01-02 15:04:05`) layout.
 */
import type {Painter} from '../print/colour.js'
import {messageStart, splitTimestamp} from './stream.js'
import {Template} from './template.js'
import {templateFunctions, type Colour} from './template-functions.js'
import {formatGoTime, parseTime, zone, type Zone} from './time.js'

export type OutputFormat = 'default' | 'raw' | 'json' | 'extjson' | 'ppextjson'
export type TimestampFormat = 'default' | 'short'

/** One line of one container, as the tail hands it to the printer. */
export interface LogLine {
  namespace: string
  pod: string
  container: string
  nodeName: string
  /** The server's RFC 3339 timestamp of the line, '' when the line had none. */
  timestamp: string
  message: string
  labels?: Record<string, string> | undefined
  annotations?: Record<string, string> | undefined
}

/** `-o json`: one object per line. Stable schema (stern's field names plus the timestamp). */
export interface LogLineJson {
  message: string
  nodeName: string
  namespace: string
  podName: string
  containerName: string
  timestamp: string
}

export interface FormatOptions {
  output: OutputFormat
  /** `-t`: show each line's timestamp (true = stern's default layout). */
  timestamps: boolean | TimestampFormat
  /** `--timezone` for shown timestamps: an IANA name, UTC or Local (default). */
  timezone?: string | undefined
  /** Prefix the namespace (with -A or several namespaces). */
  showNamespace: boolean
  paint: Painter
  /** `--template` / `-T`: a Go template over stern's fields. */
  template?: string | undefined
  /** `-H` and `-i`: matches shown in bold red (only when colouring). */
  highlight?: RegExp[] | undefined
  /** `--pod-colors`/`--container-colors`: SGR pairs [pod, container]. */
  colours?: Array<[string, string]> | undefined
  /** `--diff-container`: the container's colour follows the container name. */
  diffContainer?: boolean | undefined
}

/** stern's pairs: the pod in the bright colour, its containers in the normal one. */
export const sternColours: Array<[string, string]> = [
  ['96', '36'],
  ['92', '32'],
  ['95', '35'],
  ['93', '33'],
  ['94', '34'],
  ['91', '31'],
]

/** 32-bit FNV-1a of the name. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/** 32-bit FNV-1 (what Go's fnv.New32 computes, and stern hashes pod names with), over UTF-8 bytes. */
export function fnv1(text: string): number {
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(text)) {
    hash = Math.imul(hash, 0x01000193) >>> 0
    hash = (hash ^ byte) >>> 0
  }
  return hash
}

/** The [pod, container] colours of a container: stable across runs, like stern's. */
export function colourPair(pod: string, container: string, options: Pick<FormatOptions, 'colours' | 'diffContainer'>): [Colour, Colour] {
  const pairs = options.colours ?? sternColours
  const [podSgr, containerSgr] = pairs[fnv1(pod) % pairs.length]!
  const containerColour = options.diffContainer ? pairs[fnv1(container) % pairs.length]![1] : containerSgr
  return [{sgr: podSgr}, {sgr: containerColour}]
}

/** Kept for callers that want one colour name per pod. */
export function podColour(pod: string): string {
  return sternColours[fnv1(pod) % sternColours.length]![0]
}

export function sgr(enabled: boolean, code: string, text: string): string {
  return enabled && code ? `\u001B[${code}m${text}\u001B[0m` : text
}

export type LineFormatter = (line: LogLine) => string

/** What stays the same for every line of one container. */
export type ContainerMeta = Pick<LogLine, 'namespace' | 'pod' | 'container' | 'nodeName' | 'labels' | 'annotations'>

/** Formats the lines of one container: the prefix is built once, each line is one concatenation. */
export type ContainerLineFormatter = (timestamp: string, message: string) => string

/** Compiles `--template` (or an -o that stern defines as a template); throws a TemplateError. */
export function compileTemplate(source: string, colour: boolean): Template {
  return new Template(source, templateFunctions(colour))
}

function timestampFormatter(options: FormatOptions): ((timestamp: string) => string) | undefined {
  if (!options.timestamps) return undefined
  const layout = options.timestamps === 'short' ? '01-02 15:04:05' : '2006-01-02T15:04:05.000000000Z07:00'
  const where: Zone = zone(options.timezone ?? 'Local')
  return (timestamp) => {
    const time = timestamp ? parseTime(timestamp) : undefined
    return time ? formatGoTime(time, layout, where) : '[missing timestamp]'
  }
}

function highlighter(options: FormatOptions): ((text: string) => string) | undefined {
  const patterns = options.highlight ?? []
  if (patterns.length === 0 || !options.paint.enabled) return undefined
  // Longer patterns first, as stern joins them.
  const sources = patterns.map((p) => p.source).sort((a, b) => b.length - a.length)
  const flags = [...new Set(patterns.flatMap((p) => [...p.flags.replace(/[gy]/g, '')]))].join('')
  const all = new RegExp(`(${sources.join('|')})`, `g${flags}`)
  return (text) => text.replace(all, (part) => (part ? `\u001B[31;1m${part}\u001B[0m` : part))
}

export function containerFormatter(options: FormatOptions, meta: ContainerMeta): ContainerLineFormatter {
  const format = baseFormatter(options, meta)
  const highlight = highlighter(options)
  return highlight ? (timestamp, message) => highlight(format(timestamp, message)) : format
}

function baseFormatter(options: FormatOptions, meta: ContainerMeta): ContainerLineFormatter {
  const shownTime = timestampFormatter(options)
  if (options.template !== undefined || options.output === 'extjson' || options.output === 'ppextjson') {
    return templateFormatter(options, meta, shownTime)
  }
  if (options.output === 'json') {
    // The constant fields are serialised once; only message and timestamp per line.
    const middle = `,"nodeName":${JSON.stringify(meta.nodeName)},"namespace":${JSON.stringify(meta.namespace)},"podName":${JSON.stringify(meta.pod)},"containerName":${JSON.stringify(meta.container)},"timestamp":`
    return (timestamp, message) => `{"message":${JSON.stringify(message)}${middle}${JSON.stringify(timestamp)}}\n`
  }
  const prefix = plainPrefix(options, meta)
  if (shownTime) return (timestamp, message) => `${prefix}${shownTime(timestamp)} ${message}\n`
  return (_timestamp, message) => prefix + message + '\n'
}

/** What comes before the message in `default` and `raw` output. */
function plainPrefix(options: FormatOptions, meta: ContainerMeta): string {
  return options.output === 'raw' ? '' : containerLabel(meta.namespace, meta.pod, meta.container, ' ', options) + ' '
}

/**
 * Formats the server's lines (`TIMESTAMP message`) a whole read at a time, for the formats that
 * cannot fail on a line: `json`, and `default` and `raw` (a line is its prefix, its shown
 * timestamp with -t, and its message: one string built by one join instead of a few strings per
 * line). Undefined for templates (extjson and ppextjson are templates) and highlighting.
 */
export function rawLinesFormatter(options: FormatOptions, meta: ContainerMeta): ((lines: readonly string[]) => string) | undefined {
  if (options.template !== undefined || options.output === 'extjson' || options.output === 'ppextjson' || highlighter(options)) return undefined
  if (options.output === 'json') {
    const format = baseFormatter(options, meta)
    return (lines) => {
      let text = ''
      for (const line of lines) {
        const {timestamp, message} = splitTimestamp(line)
        text += format(timestamp, message)
      }
      return text
    }
  }
  const prefix = plainPrefix(options, meta)
  const separator = '\n' + prefix
  const shownTime = timestampFormatter(options)
  const text = shownTime
    ? (line: string) => {
        const {timestamp, message} = splitTimestamp(line)
        return `${shownTime(timestamp)} ${message}`
      }
    : (line: string) => {
        const start = messageStart(line)
        return start === 0 ? line : line.slice(start)
      }
  return (lines) => {
    const texts = new Array<string>(lines.length)
    for (let i = 0; i < lines.length; i++) texts[i] = text(lines[i]!)
    return prefix + texts.join(separator) + '\n'
  }
}

/** stern's extjson / ppextjson as templates. */
export function outputTemplate(output: OutputFormat, allNamespaces: boolean, timestamps: boolean): string | undefined {
  const ts = timestamps ? '"timestamp": "{{.Timestamp}}", ' : ''
  if (output === 'extjson') {
    const ns = allNamespaces ? '"namespace": "{{color .PodColor .Namespace}}", ' : ''
    return `{${ns}${ts}"pod": "{{color .PodColor .PodName}}", "container": "{{color .ContainerColor .ContainerName}}", "message": {{extjson .Message}}}`
  }
  if (output === 'ppextjson') {
    const ns = allNamespaces ? '  "namespace": "{{color .PodColor .Namespace}}",\n' : ''
    const time = timestamps ? '  "timestamp": "{{.Timestamp}}",\n' : ''
    return `{\n${ns}${time}  "pod": "{{color .PodColor .PodName}}",\n  "container": "{{color .ContainerColor .ContainerName}}",\n  "message": {{extjson .Message}}\n}`
  }
  return undefined
}

function templateFormatter(options: FormatOptions, meta: ContainerMeta, shownTime: ((timestamp: string) => string) | undefined): ContainerLineFormatter {
  const source = options.template ?? outputTemplate(options.output, options.showNamespace, Boolean(options.timestamps))!
  const template = compileTemplate(source.endsWith('\n') ? source : source + '\n', options.paint.enabled)
  const [podColour, containerColour] = colourPair(meta.pod, meta.container, options)
  const fixed = {
    NodeName: meta.nodeName,
    Namespace: meta.namespace,
    PodName: meta.pod,
    ContainerName: meta.container,
    Labels: meta.labels ?? {},
    Annotations: meta.annotations ?? {},
    PodColor: podColour,
    ContainerColor: containerColour,
  }
  return (timestamp, message) => template.execute({Message: message, Timestamp: shownTime ? shownTime(timestamp) : timestamp, ...fixed})
}

/** Formats single lines (tests, one-off lines); tails use containerFormatter. */
export function lineFormatter(options: FormatOptions): LineFormatter {
  return (line) => containerFormatter(options, line)(line.timestamp, line.message)
}

/** `[namespace ]pod<separator>container`: the pod (and namespace) in its bright colour, the container in the normal one. */
export function containerLabel(namespace: string, pod: string, container: string, separator: string, options: Pick<FormatOptions, 'showNamespace' | 'paint' | 'colours' | 'diffContainer'>): string {
  const on = options.paint.enabled
  const [podColour, containerColour] = colourPair(pod, container, options)
  const ns = options.showNamespace ? sgr(on, podColour.sgr, namespace) + ' ' : ''
  return ns + sgr(on, podColour.sgr, pod) + separator + sgr(on, containerColour.sgr, container)
}

/** The stderr markers stern prints: `+ pod › container` when a tail starts, `- ...` when it ends. */
export function markerLine(sign: '+' | '-', namespace: string, pod: string, container: string, options: Pick<FormatOptions, 'showNamespace' | 'paint' | 'colours' | 'diffContainer'>): string {
  const mark = sgr(options.paint.enabled, sign === '+' ? '92;1' : '91;1', sign)
  return `${mark} ${containerLabel(namespace, pod, container, ' › ', options)}\n`
}
