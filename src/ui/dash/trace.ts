/**
 * A live trace of one object (kubespy's trace): each change as a short diff of the fields that
 * changed, and its events as they happen. Pure: from the previous and the new state of the
 * object (or an event) to the lines the view shows.
 */
import type {KubeObject} from '../../kube/client.js'

/** Fields that change on every write and say nothing to a person. */
const ignored = new Set(['metadata.resourceVersion', 'metadata.managedFields', 'metadata.generation'])

/** The object as `path → value` leaves (`status.conditions[1].status` → `"True"`). */
export function flatten(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (ignored.has(path)) return out
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, '[]')
    value.forEach((item, i) => flatten(item, `${path}[${i}]`, out))
    return out
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    if (entries.length === 0 && path) out.set(path, '{}')
    for (const [key, inner] of entries) flatten(inner, path ? `${path}.${key}` : key, out)
    return out
  }
  out.set(path, JSON.stringify(value) ?? 'null')
  return out
}

const cut = (text: string, width = 80) => (text.length > width ? `${text.slice(0, width - 1)}…` : text)

/** The fields that changed from `before` to `after`: `~ path: old → new`, `+ path: new`, `- path: old`. */
export function fieldChanges(before: KubeObject | undefined, after: KubeObject): string[] {
  const old = before ? flatten(before) : new Map<string, string>()
  const now = flatten(after)
  const lines: string[] = []
  for (const [path, value] of now) {
    const was = old.get(path)
    if (was === undefined) lines.push(`+ ${path}: ${cut(value)}`)
    else if (was !== value) lines.push(`~ ${path}: ${cut(was, 40)} → ${cut(value, 60)}`)
  }
  for (const [path, value] of old) if (!now.has(path)) lines.push(`- ${path}: ${cut(value)}`)
  return lines
}

function clockText(at: number): string {
  return new Date(at).toISOString().slice(11, 19)
}

/** The lines for one watch event of the traced object. The first state is summed up, not listed field by field. */
export function changeLines(type: 'ADDED' | 'MODIFIED' | 'DELETED', before: KubeObject | undefined, after: KubeObject, at: number): string[] {
  const head = `${clockText(at)} ${type === 'ADDED' && !before ? 'watching' : type.toLowerCase()} ${after.kind ?? ''} ${after.metadata.name}`.replace(/\s+/g, ' ')
  if (type === 'DELETED') return [`${head}: deleted`]
  if (!before) return [`${head} (resourceVersion ${after.metadata.resourceVersion ?? '?'})`]
  const changes = fieldChanges(before, after)
  if (changes.length === 0) return []
  return [head, ...changes.map((line) => `    ${line}`)]
}

interface EventShape {
  type?: string
  reason?: string
  message?: string
  count?: number
  source?: {component?: string}
  reportingComponent?: string
}

/** One event of the traced object: `12:00:01 event Warning BackOff (x5, kubelet): Back-off restarting…`. */
export function eventLine(event: KubeObject & EventShape, at: number): string {
  const from = event.source?.component || event.reportingComponent || ''
  const count = event.count && event.count > 1 ? `x${event.count}` : ''
  const detail = [count, from].filter(Boolean).join(', ')
  return `${clockText(at)} event ${event.type ?? 'Normal'} ${event.reason ?? ''}${detail ? ` (${detail})` : ''}: ${(event.message ?? '').replace(/\s+/g, ' ').trim()}`
}
