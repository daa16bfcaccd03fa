/**
 * Label and field selectors with the API server's syntax and meaning:
 * labels `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, `a>1`, `a<1`;
 * fields `path=value`, `path==value`, `path!=value` over the fields a resource allows.
 */
import {errors} from './status.js'

type LabelRequirement =
  | {key: string; op: 'in' | 'notin'; values: string[]}
  | {key: string; op: 'exists' | 'doesnotexist'}
  | {key: string; op: 'gt' | 'lt'; value: number}

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

const keyPattern = /^([a-z0-9A-Z]([a-z0-9A-Z._-]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([a-z0-9A-Z._-]*[a-z0-9A-Z])?$/

function checkKey(key: string, selector: string): string {
  if (!keyPattern.test(key)) throw errors.badRequest(`unable to parse requirement: found '${key}', expected: identifier (in selector "${selector}")`)
  return key
}

const valuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/

function checkValues(values: string[], selector: string): string[] {
  for (const value of values) {
    if (value.length > 63 || !valuePattern.test(value)) throw errors.badRequest(`unable to parse requirement: values[0]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (in selector "${selector}")`)
  }
  return values
}

function parseRequirement(part: string, selector: string): LabelRequirement {
  let m = /^!\s*(\S+)$/.exec(part)
  if (m) return {key: checkKey(m[1]!, selector), op: 'doesnotexist'}
  m = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part)
  if (m) return {key: checkKey(m[1]!, selector), op: m[2] as 'in' | 'notin', values: checkValues(m[3]!.split(',').map((v) => v.trim()), selector)}
  m = /^([^=!<>\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part)
  if (m) {
    const key = checkKey(m[1]!, selector)
    return {key, op: m[2] === '!=' ? 'notin' : 'in', values: checkValues([m[3]!], selector)}
  }
  m = /^([^=!<>\s]+)\s*([<>])\s*(-?\d+)$/.exec(part)
  if (m) return {key: checkKey(m[1]!, selector), op: m[2] === '>' ? 'gt' : 'lt', value: Number(m[3])}
  if (/^\S+$/.test(part)) return {key: checkKey(part, selector), op: 'exists'}
  throw errors.badRequest(`unable to parse requirement: ${part} (in selector "${selector}")`)
}

function matchesRequirement(r: LabelRequirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key)
  switch (r.op) {
    case 'exists':
      return has
    case 'doesnotexist':
      return !has
    case 'in':
      return has && r.values.includes(labels![r.key]!)
    case 'notin':
      return !has || !r.values.includes(labels![r.key]!)
    case 'gt':
    case 'lt': {
      if (!has) return false
      const n = Number(labels![r.key])
      if (!Number.isInteger(n)) return false
      return r.op === 'gt' ? n > r.value : n < r.value
    }
  }
}

/** Parses a label selector; undefined or '' matches everything. Throws a 400 ApiError on bad syntax. */
export function parseLabelSelector(selector: string | undefined | null): LabelMatcher | undefined {
  if (!selector || selector.trim() === '') return undefined
  const requirements = splitTopLevel(selector).map((p) => parseRequirement(p, selector))
  return (labels) => requirements.every((r) => matchesRequirement(r, labels))
}

export type FieldMatcher = (object: Record<string, unknown>) => boolean

/** Boolean fields the registries render with strconv.FormatBool: unset is `false`. */
const BOOLEAN_FIELDS = new Set(['spec.unschedulable', 'spec.hostNetwork'])

/** Reads a dotted path (`spec.nodeName`, `involvedObject.uid`) and renders it as the server does. */
function fieldValue(object: Record<string, unknown>, path: string): string {
  let value: unknown = object
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') {
      value = undefined
      break
    }
    value = (value as Record<string, unknown>)[part]
  }
  if (value === undefined || value === null) return BOOLEAN_FIELDS.has(path) ? 'false' : ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/**
 * Parses a field selector. `allowed` is the resource's list of selectable fields (metadata.name and
 * metadata.namespace are always allowed); `aliases` maps a field onto the stored path (events.k8s.io).
 */
export function parseFieldSelector(selector: string | undefined | null, allowed: readonly string[], aliases: Record<string, string> = {}): FieldMatcher | undefined {
  if (!selector || selector.trim() === '') return undefined
  const terms = selector.split(',').map((t) => t.trim()).filter((t) => t !== '')
  const checks = terms.map((term) => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term)
    if (!m) throw errors.badRequest(`invalid selector: '${selector}'; can't understand '${term}'`)
    const field = m[1]!
    if (field !== 'metadata.name' && field !== 'metadata.namespace' && !allowed.includes(field)) {
      throw errors.badRequest(`field label not supported: ${field}`)
    }
    const path = aliases[field] ?? field
    const negate = m[2] === '!='
    const want = m[3]!
    return (object: Record<string, unknown>) => (fieldValue(object, path) === want) !== negate
  })
  return (object) => checks.every((check) => check(object))
}

/** Fields each resource can be selected on, as kube-apiserver registers them (beyond metadata.*). */
export const SELECTABLE_FIELDS: Record<string, readonly string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  events: [
    'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
    'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
  ],
  'events.events.k8s.io': [
    'regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid', 'regarding.apiVersion',
    'regarding.resourceVersion', 'regarding.fieldPath', 'reason', 'reportingController', 'type', 'source',
  ],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  secrets: ['type'],
  replicasets: ['status.replicas'],
  replicationcontrollers: ['status.replicas'],
  'replicasets.apps': ['status.replicas'],
  'jobs.batch': ['status.successful'],
  persistentvolumes: ['name'],
}

/** events.k8s.io field names onto the stored core Event's paths. */
export const EVENTS_V1_FIELD_ALIASES: Record<string, string> = {
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  reportingController: 'reportingComponent',
  source: 'source.component',
}
