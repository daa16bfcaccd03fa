/**
 * The list of one kind opened with `:`: NAMESPACE (for namespaced kinds across namespaces),
 * NAME, then the kind's own columns; `>` marks the selected row, `!` an unwell one.
 */
import {Box, Text} from 'ink'
import {useMemo} from 'react'
import type {KindSpec, ObjectRow} from '../kinds.js'
import {padEnd, textWidth, truncateMiddle} from '../text.js'

export interface ObjectsViewProps {
  kind: KindSpec
  rows: readonly ObjectRow[]
  state: 'loading' | 'ready' | 'failed'
  error?: string | undefined
  where: string
  showNamespace: boolean
  cursor: number
  offset: number
  height: number
  width: number
}

/** Widths of the columns: each its widest cell, the last one taking what is left. */
export function objectColumns(titles: readonly string[], rows: readonly ObjectRow[], showNamespace: boolean, width: number): number[] {
  const wants = titles.map((title) => title.length)
  for (const row of rows) {
    const cells = [...(showNamespace ? [row.namespace] : []), row.name, ...row.cells]
    cells.forEach((cell, i) => (wants[i] = Math.max(wants[i]!, textWidth(cell))))
  }
  let room = width - 3 - 2 * (titles.length - 1)
  const widths = wants.map((want, i) => {
    const share = i === wants.length - 1 ? room : Math.min(want, Math.max(8, Math.floor(room / 2)))
    room -= share
    return Math.max(0, share)
  })
  return widths
}

export function ObjectsView({kind, rows, state, error, where, showNamespace, cursor, offset, height, width}: ObjectsViewProps) {
  const titles = [...(showNamespace ? ['NAMESPACE'] : []), 'NAME', ...kind.columns]
  const widths = useMemo(() => objectColumns(titles, rows, showNamespace, width), [rows, showNamespace, width, kind])
  const line = (cells: string[]) => cells.map((cell, i) => (titles[i] === 'NAME' ? padEnd(truncateMiddle(cell, widths[i]!), widths[i]!) : padEnd(cell, widths[i]!))).join('  ')
  const visible = rows.slice(offset, offset + Math.max(0, height - 2))
  const status = state === 'loading' ? 'listing…' : state === 'failed' ? '' : `${rows.length}, ${rows.filter((r) => r.failing).length} unwell`
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>{`${kind.title} ${kind.namespaced ? `in ${where}` : ''}`}</Text>
        <Text dimColor>{`  ${status}`}</Text>
      </Text>
      <Text bold wrap="truncate-end">{'   ' + line(titles)}</Text>
      {state === 'failed' ? <Text color="red" wrap="truncate-end">{`   cannot list ${kind.resource}: ${error ?? ''}`}</Text> : null}
      {state === 'ready' && rows.length === 0 ? <Text dimColor>{`   no ${kind.resource} in ${where}`}</Text> : null}
      {visible.map((row, i) => {
        const selected = offset + i === cursor
        const text = (selected ? '>' : ' ') + (row.failing ? '!' : ' ') + ' ' + line([...(showNamespace ? [row.namespace] : []), row.name, ...row.cells])
        return (
          <Text key={row.key} inverse={selected} color={row.failing ? 'red' : undefined} wrap="truncate-end">
            {selected ? padEnd(text, width) : text}
          </Text>
        )
      })}
    </Box>
  )
}
