/**
 * Tables of custom resources, as the apiextensions server prints them: Name, then the CRD's
 * additionalPrinterColumns (Age from .metadata.creationTimestamp when it names none); `date`
 * columns as ages. JSON paths are the simple kind (`.spec.replicas`, `.status.items[0].name`).
 */
import {col, nameColumn, since, type Printer} from './table-cells.js'
import type {PrinterColumn} from './resources.js'

/** The columns a CRD without additionalPrinterColumns gets. */
export const DEFAULT_PRINTER_COLUMNS: PrinterColumn[] = [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}]

/** The value a simple JSON path names, or undefined. */
export function simpleJsonPath(object: unknown, path: string): unknown {
  const steps = path.replace(/^\{?\.?/, '').replace(/\}$/, '').split('.').filter(Boolean)
  let node: unknown = object
  for (const step of steps) {
    const match = /^([^[]+)((?:\[\d+\])*)$/.exec(step)
    if (!match) return undefined
    node = (node as Record<string, unknown> | undefined)?.[match[1]!]
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) node = (node as unknown[] | undefined)?.[Number(index[1])]
    if (node === undefined || node === null) return undefined
  }
  return node
}

function cell(column: PrinterColumn, value: unknown, now: number): unknown {
  if (value === undefined) return null
  if (column.type === 'date' && typeof value === 'string') return since(value, now)
  if (typeof value === 'object') return JSON.stringify(value)
  return value
}

export function customResourcePrinter(columns: PrinterColumn[]): Printer {
  return {
    columns: [nameColumn, ...columns.map((c) => col(c.name, c.priority ?? 0, c.type, c.format ?? '', c.description ?? ''))],
    cells: (o, now) => [o.metadata?.name ?? '', ...columns.map((c) => cell(c, simpleJsonPath(o, c.jsonPath), now))],
  }
}
