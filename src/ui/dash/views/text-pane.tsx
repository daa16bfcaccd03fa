/**
 * A scrollable pane of text lines (the diagnosis, capacity, help and logs views): a title line,
 * then only the visible window of lines, each cut to the width at the horizontal offset.
 */
import {Box, Text} from 'ink'
import {memo} from 'react'
import {sliceColumns} from '../text.js'

export interface TextPaneProps {
  title: string
  /** Dim text after the title: where in the text we are, a state such as "following". */
  status?: string | undefined
  /** The lines to show (already the visible window, or all of them with `top`). */
  lines: readonly string[]
  /** First line shown. */
  top: number
  /** First column shown. */
  left: number
  height: number
  width: number
  /** Shown when there are no lines (loading, an error). */
  empty?: string | undefined
  emptyColour?: 'red' | 'yellow' | undefined
}

const PaneLine = memo(function PaneLine({text, left, width}: {text: string; left: number; width: number}) {
  return <Text wrap="truncate-end">{sliceColumns(text, left, width) || ' '}</Text>
})

export function TextPane({title, status, lines, top, left, height, width, empty, emptyColour}: TextPaneProps) {
  const bodyHeight = Math.max(0, height - 1)
  const visible = lines.slice(top, top + bodyHeight)
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>{title}</Text>
        {status ? <Text dimColor>{'  ' + status}</Text> : null}
      </Text>
      {visible.length === 0 && empty ? <Text color={emptyColour} dimColor={!emptyColour} wrap="truncate-end">{empty}</Text> : null}
      {visible.map((text, i) => (
        <PaneLine key={top + i} text={text} left={left} width={width} />
      ))}
    </Box>
  )
}

/** "lines 1-37 of 120", for a pane's status. */
export function position(top: number, height: number, total: number): string {
  if (total === 0) return ''
  return `lines ${top + 1}-${Math.min(total, top + height)} of ${total}`
}
