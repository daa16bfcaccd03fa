/** The pieces every Table printer is made of: column definitions and the cell texts kubectl's printers write. */
import {humanDuration} from '../print/duration.js'

export interface ColumnDefinition {
  name: string
  type: string
  format: string
  description: string
  priority: number
}

export interface Printer {
  columns: ColumnDefinition[]
  cells: (object: Record<string, any>, now: number) => unknown[] // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function col(name: string, priority = 0, type = 'string', format = '', description = ''): ColumnDefinition {
  return {name, type, format, description, priority}
}

export const nameColumn = col('Name', 0, 'string', 'name', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names')
export const ageColumn = col('Age', 0, 'string', '', 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata')


export function since(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '<unknown>'
  return humanDuration(now - Date.parse(timestamp))
}

export function none(value: string | undefined): string {
  return value ? value : '<none>'
}

export function labelSelectorText(selector: {matchLabels?: Record<string, string>; matchExpressions?: Array<{key: string; operator: string; values?: string[]}>} | undefined): string {
  if (!selector) return '<none>'
  const parts = Object.keys(selector.matchLabels ?? {}).sort().map((k) => `${k}=${selector.matchLabels![k]}`)
  for (const e of selector.matchExpressions ?? []) {
    const op = e.operator.toLowerCase()
    if (op === 'exists') parts.push(e.key)
    else if (op === 'doesnotexist') parts.push(`!${e.key}`)
    else parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`)
  }
  return parts.length ? parts.join(',') : '<none>'
}
