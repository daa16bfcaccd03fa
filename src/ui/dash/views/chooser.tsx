/** The context and namespace chooser: a query line, then the visible window of matches. */
import {Box, Text} from 'ink'
import {padEnd} from '../text.js'

export interface ChooserProps {
  title: string
  query: string
  /** undefined while loading. */
  matches: readonly string[] | undefined
  total: number
  cursor: number
  /** Marked green: the context or namespace in use. */
  current: string | undefined
  height: number
  width: number
  error?: string | undefined
  /** Words after an item (favourite, recent). */
  marks?: Readonly<Record<string, string>> | undefined
}

export function Chooser({title, query, matches, total, cursor, current, height, width, error, marks}: ChooserProps) {
  const rows = Math.max(1, height - 2)
  const list = matches ?? []
  const start = Math.max(0, Math.min(cursor - Math.floor(rows / 2), list.length - rows))
  const visible = list.slice(start, start + rows)
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold>{title}  <Text dimColor>(type to filter, ↑/↓ move, enter choose, esc cancel)</Text></Text>
      <Text>
        <Text color="cyan">{'> '}</Text>
        {query}
        <Text inverse> </Text>
        <Text dimColor>{matches ? `  ${list.length}/${total}` : '  loading…'}</Text>
      </Text>
      {error ? <Text color="red">{error}</Text> : null}
      {matches && list.length === 0 && !error ? <Text dimColor>  no match</Text> : null}
      {visible.map((item, i) => {
        const selected = start + i === cursor
        const text = (selected ? '› ' : '  ') + item + (item === current ? '  (current)' : '') + (marks?.[item] ? `  ${marks[item]}` : '')
        return (
          <Text key={item} inverse={selected} color={item === current ? 'green' : undefined} bold={item === current} wrap="truncate-end">
            {selected ? padEnd(text, width) : text}
          </Text>
        )
      })}
    </Box>
  )
}
