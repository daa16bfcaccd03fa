/**
 * The pod list's columns laid out for the terminal's width: each column wants the width of its
 * widest cell (over the whole filtered list, so widths do not jump while scrolling) and can live
 * with less; columns are kept by priority (NAME, STATUS, READY, RESTARTS, AGE, NAMESPACE, NODE)
 * while their minimum fits, then the spare columns go to STATUS, NAME, NAMESPACE, RESTARTS and
 * NODE, in that order, up to what each wants. Shown in kubectl's order.
 */
import {ageText, restartsText, type PodRow} from './pod-rows.js'
import {padEnd, textWidth, truncateMiddle} from './text.js'

export type ColumnId = 'namespace' | 'name' | 'ready' | 'status' | 'restarts' | 'age' | 'node'

export interface PodColumn {
  id: ColumnId
  title: string
  width: number
}

export interface PodLayout {
  columns: PodColumn[]
  gap: number
  /** RESTARTS without "(2m ago)" when the column is too narrow for it. */
  restartsShort: boolean
}

/** The selection marker (`>`), the failing marker (`!`) and a space before the first column. */
export const rowPrefix = 3

const order: readonly ColumnId[] = ['namespace', 'name', 'ready', 'status', 'restarts', 'age', 'node']
const priority: readonly ColumnId[] = ['name', 'status', 'ready', 'restarts', 'age', 'namespace', 'node']
const growth: readonly ColumnId[] = ['status', 'name', 'namespace', 'restarts', 'node', 'age', 'ready']
const titles: Record<ColumnId, string> = {namespace: 'NAMESPACE', name: 'NAME', ready: 'READY', status: 'STATUS', restarts: 'RESTARTS', age: 'AGE', node: 'NODE'}
const floors: Record<ColumnId, number> = {namespace: 9, name: 14, ready: 5, status: 9, restarts: 8, age: 4, node: 8}

/** How wide each column would like to be: its widest cell or its title. */
export function naturalWidths(rows: readonly PodRow[], now: number, allNamespaces: boolean): Record<ColumnId, number> {
  const wants = Object.fromEntries(order.map((id) => [id, titles[id].length])) as Record<ColumnId, number>
  for (const row of rows) {
    if (allNamespaces) wants.namespace = Math.max(wants.namespace, textWidth(row.namespace))
    wants.name = Math.max(wants.name, textWidth(row.name))
    wants.ready = Math.max(wants.ready, row.ready.length)
    wants.status = Math.max(wants.status, textWidth(row.status))
    wants.restarts = Math.max(wants.restarts, restartsText(row, now).length)
    wants.age = Math.max(wants.age, ageText(row.createdAt, now).length)
    wants.node = Math.max(wants.node, textWidth(row.node))
  }
  if (!allNamespaces) wants.namespace = 0
  return wants
}

/** The columns that fit `width` terminal columns (the row prefix included). */
export function layoutColumns(wants: Record<ColumnId, number>, width: number, maxRestarts = 0): PodLayout {
  const gap = width < 100 ? 1 : 2
  const room = width - rowPrefix
  const minimum = (id: ColumnId) => (id === 'restarts' ? Math.max(titles.restarts.length, String(maxRestarts).length) : Math.min(wants[id], floors[id]))
  const widths = new Map<ColumnId, number>()
  let used = 0
  for (const id of priority) {
    if (wants[id] === 0) continue
    const need = minimum(id) + (widths.size > 0 ? gap : 0)
    if (id !== 'name' && used + need > room) continue
    widths.set(id, minimum(id))
    used += need
  }
  for (const id of growth) {
    const current = widths.get(id)
    if (current === undefined) continue
    const more = Math.max(0, Math.min(wants[id] - current, room - used))
    widths.set(id, current + more)
    used += more
  }
  const columns = order.filter((id) => widths.has(id)).map((id) => ({id, title: titles[id], width: widths.get(id)!}))
  return {columns, gap, restartsShort: (widths.get('restarts') ?? 0) < wants.restarts}
}

function cell(row: PodRow, id: ColumnId, now: number, layout: PodLayout): string {
  switch (id) {
    case 'namespace':
      return row.namespace
    case 'name':
      return row.name
    case 'ready':
      return row.ready
    case 'status':
      return row.status
    case 'restarts':
      return layout.restartsShort ? String(row.restarts) : restartsText(row, now)
    case 'age':
      return ageText(row.createdAt, now)
    case 'node':
      return row.node
  }
}

function joinCells(cells: Array<[string, PodColumn]>, gap: number): string {
  return cells.map(([text, column]) => (column.id === 'name' ? padEnd(truncateMiddle(text, column.width), column.width) : padEnd(text, column.width))).join(' '.repeat(gap))
}

/** The column header line. */
export function headerText(layout: PodLayout): string {
  return ' '.repeat(rowPrefix) + joinCells(layout.columns.map((c) => [c.title, c]), layout.gap)
}

/** One pod's line: `>` when selected (so the selection shows without colour), `!` when failing. */
export function rowText(row: PodRow, layout: PodLayout, now: number, marks: {selected: boolean; failing: boolean}): string {
  const prefix = (marks.selected ? '>' : ' ') + (marks.failing ? '!' : ' ') + ' '
  return prefix + joinCells(layout.columns.map((c) => [cell(row, c.id, now, layout), c]), layout.gap)
}
