/**
 * The pod list: kubectl's columns (NAMESPACE with all namespaces, NAME, READY, STATUS,
 * RESTARTS, AGE, NODE), failing pods marked `!` and red, the selected one inverse. Only the
 * visible window of rows is rendered, whatever the number of pods.
 */
import {Box, Text} from 'ink'
import {memo, useMemo} from 'react'
import {ageText, isFailing, restartsText, type PodRow} from '../pod-rows.js'
import type {PodListView} from '../pod-store.js'
import {padEnd} from '../text.js'

export interface PodsViewProps {
  list: PodListView
  /** Index of the selected row in list.rows. */
  cursor: number
  /** Index of the first visible row. */
  offset: number
  /** Rows of the body, the column header included. */
  height: number
  width: number
  now: number
  allNamespaces: boolean
  /** Shown instead of rows when there are none (loading, an error, an empty namespace). */
  empty: string
  /** The rows are not known to be current: dimmed (the header says how old they are). */
  stale?: boolean | undefined
}

interface Columns {
  namespace: number
  name: number
  ready: number
  status: number
  restarts: number
  age: number
  node: number
}

const gap = 2

/** Column widths from the whole (filtered) list, so they do not jump while scrolling. */
function columnWidths(rows: readonly PodRow[], width: number, allNamespaces: boolean): Columns {
  let namespace = 'NAMESPACE'.length
  let name = 'NAME'.length
  let status = 'STATUS'.length
  for (const row of rows) {
    if (row.namespace.length > namespace) namespace = row.namespace.length
    if (row.name.length > name) name = row.name.length
    if (row.status.length > status) status = row.status.length
  }
  const columns: Columns = {namespace: allNamespaces ? Math.min(namespace, 24) : 0, name, ready: 5, status: Math.min(status, 26), restarts: 14, age: 7, node: 0}
  const fixed = 2 + (allNamespaces ? columns.namespace + gap : 0) + columns.ready + gap + columns.status + gap + columns.restarts + gap + columns.age + gap
  // NAME gets what it needs first (down to 20 columns); NODE takes what is left.
  columns.name = Math.max(Math.min(name, width - fixed - gap), Math.min(name, 20))
  const left = width - fixed - columns.name - gap
  columns.node = left >= 8 ? left : 0
  return columns
}

function line(cells: Array<[string, number]>): string {
  return cells
    .filter(([, w]) => w > 0)
    .map(([text, w]) => padEnd(text, w))
    .join(' '.repeat(gap))
}

function rowText(row: PodRow, columns: Columns, now: number, allNamespaces: boolean, failing: boolean): string {
  return (
    (failing ? '! ' : '  ') +
    line([
      [allNamespaces ? row.namespace : '', columns.namespace],
      [row.name, columns.name],
      [row.ready, columns.ready],
      [row.status, columns.status],
      [restartsText(row, now), columns.restarts],
      [ageText(row.createdAt, now), columns.age],
      [row.node, columns.node],
    ])
  )
}

const PodLine = memo(function PodLine({text, selected, failing, stale, width}: {text: string; selected: boolean; failing: boolean; stale: boolean; width: number}) {
  return (
    <Text inverse={selected} color={failing ? 'red' : undefined} dimColor={stale} wrap="truncate-end">
      {padEnd(text, width)}
    </Text>
  )
})

export function PodsView({list, cursor, offset, height, width, now, allNamespaces, empty, stale = false}: PodsViewProps) {
  const columns = useMemo(() => columnWidths(list.rows, width, allNamespaces), [list.rows, width, allNamespaces])
  const header =
    '  ' +
    line([
      ['NAMESPACE', columns.namespace],
      ['NAME', columns.name],
      ['READY', columns.ready],
      ['STATUS', columns.status],
      ['RESTARTS', columns.restarts],
      ['AGE', columns.age],
      ['NODE', columns.node],
    ])
  const visible = list.rows.slice(offset, offset + Math.max(0, height - 1))
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        {padEnd(header, width)}
      </Text>
      {visible.length === 0 ? <Text dimColor>{'  ' + empty}</Text> : null}
      {visible.map((row, i) => {
        const failing = isFailing(row, now)
        return <PodLine key={row.key} text={rowText(row, columns, now, allNamespaces, failing)} selected={offset + i === cursor} failing={failing} stale={stale} width={width} />
      })}
    </Box>
  )
}
