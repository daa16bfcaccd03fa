/**
 * How a log line is printed: stern's `pod container message` prefix with a stable colour per
 * pod, raw messages, one JSON object per line, or a small `{{.Field}}` template.
 */
import type {Painter, Style} from '../print/colour.js'

export type OutputFormat = 'default' | 'raw' | 'json'

/** One line of one container, as the tail hands it to the printer. */
export interface LogLine {
  namespace: string
  pod: string
  container: string
  nodeName: string
  /** The server's RFC 3339 timestamp of the line, '' when the line had none. */
  timestamp: string
  message: string
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
  /** Show the server's timestamp before the message. */
  timestamps: boolean
  /** Prefix the namespace (with -A or several namespaces). */
  showNamespace: boolean
  paint: Painter
  /** `--template`: `{{.Message}}`, `{{.Namespace}}`, `{{.PodName}}`, `{{.ContainerName}}`, `{{.NodeName}}`, `{{.Timestamp}}`. */
  template?: string | undefined
}

/** Colours a pod can get; the same pod name always gets the same one (as in stern). */
const palette: readonly Style[] = ['cyan', 'green', 'magenta', 'yellow', 'blue', 'red']

/** 32-bit FNV-1a of the name: cheap, stable across runs and machines. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

export function podColour(pod: string): Style {
  return palette[fnv1a(pod) % palette.length]!
}

const templateFields = ['Message', 'Namespace', 'PodName', 'ContainerName', 'NodeName', 'Timestamp'] as const
type TemplateField = (typeof templateFields)[number]
const fieldPattern = /\{\{\s*\.([A-Za-z]+)\s*\}\}/g

/** Checks a `--template` and returns its unknown fields (empty when valid). */
export function unknownTemplateFields(template: string): string[] {
  const unknown: string[] = []
  for (const match of template.matchAll(fieldPattern)) {
    if (!templateFields.includes(match[1] as TemplateField)) unknown.push(match[1]!)
  }
  const rest = template.replace(fieldPattern, '')
  if (/\{\{|\}\}/.test(rest)) unknown.push(rest.slice(rest.search(/\{\{|\}\}/)).split(/\s/)[0]!)
  return unknown
}

function templateValue(line: LogLine, field: TemplateField): string {
  switch (field) {
    case 'Message':
      return line.message
    case 'Namespace':
      return line.namespace
    case 'PodName':
      return line.pod
    case 'ContainerName':
      return line.container
    case 'NodeName':
      return line.nodeName
    case 'Timestamp':
      return line.timestamp
  }
}

export type LineFormatter = (line: LogLine) => string

/** What stays the same for every line of one container. */
export type ContainerMeta = Pick<LogLine, 'namespace' | 'pod' | 'container' | 'nodeName'>

/** Formats the lines of one container: the prefix is built once, each line is one concatenation. */
export type ContainerLineFormatter = (timestamp: string, message: string) => string

export function containerFormatter(options: FormatOptions, meta: ContainerMeta): ContainerLineFormatter {
  if (options.template !== undefined) {
    const template = options.template
    return (timestamp, message) => template.replace(fieldPattern, (_, field: string) => templateValue({...meta, timestamp, message}, field as TemplateField)) + '\n'
  }
  if (options.output === 'json') {
    // The constant fields are serialised once; only message and timestamp per line.
    const middle = `,"nodeName":${JSON.stringify(meta.nodeName)},"namespace":${JSON.stringify(meta.namespace)},"podName":${JSON.stringify(meta.pod)},"containerName":${JSON.stringify(meta.container)},"timestamp":`
    return (timestamp, message) => `{"message":${JSON.stringify(message)}${middle}${JSON.stringify(timestamp)}}\n`
  }
  const prefix = options.output === 'raw' ? '' : containerLabel(meta.namespace, meta.pod, meta.container, ' ', options) + ' '
  if (options.timestamps) return (timestamp, message) => `${prefix}${timestamp || '[missing timestamp]'} ${message}\n`
  return (_timestamp, message) => prefix + message + '\n'
}

/** Formats single lines (tests, one-off lines); tails use containerFormatter. */
export function lineFormatter(options: FormatOptions): LineFormatter {
  return (line) => containerFormatter(options, line)(line.timestamp, line.message)
}

/** `[namespace ]pod<separator>container`, coloured by pod: the name bold, the container plain. */
export function containerLabel(namespace: string, pod: string, container: string, separator: string, options: Pick<FormatOptions, 'showNamespace' | 'paint'>): string {
  const {paint} = options
  const colour = podColour(pod)
  const ns = options.showNamespace ? paint.paint('dim', namespace) + ' ' : ''
  return ns + paint.paint('bold', paint.paint(colour, pod)) + separator + paint.paint(colour, container)
}

/** The stderr markers stern prints: `+ pod › container` when a tail starts, `- ...` when it ends. */
export function markerLine(sign: '+' | '-', namespace: string, pod: string, container: string, options: Pick<FormatOptions, 'showNamespace' | 'paint'>): string {
  const {paint} = options
  const mark = sign === '+' ? paint.paint('green', '+') : paint.paint('red', '-')
  return `${mark} ${containerLabel(namespace, pod, container, ' › ', options)}\n`
}
