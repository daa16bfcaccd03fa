/**
 * The pod list: kubectl's columns (NAMESPACE with all namespaces, NAME, READY, STATUS,
 * RESTARTS, AGE, NODE) laid out for the width (pod-columns.ts), failing pods marked `!` and red,
 * the selected one marked `>` and inverse (the marker carries it without colour). Only the
 * visible window of rows is rendered, whatever the number of pods. Only the selected row is
 * padded to the width (its inverse bar): ink works per character drawn, trailing spaces too.
 */
import {Box, Text} from 'ink'
import {memo, useMemo} from 'react'
import {headerText, layoutColumns, naturalWidths, rowText} from '../pod-columns.js'
import {isFailing} from '../pod-rows.js'
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

const PodLine = memo(function PodLine({text, selected, failing, stale, width}: {text: string; selected: boolean; failing: boolean; stale: boolean; width: number}) {
  return (
    <Text inverse={selected} color={failing ? 'red' : undefined} dimColor={stale} wrap="truncate-end">
      {selected ? padEnd(text, width) : text}
    </Text>
  )
})

export function PodsView({list, cursor, offset, height, width, now, allNamespaces, empty, stale = false}: PodsViewProps) {
  const layout = useMemo(() => {
    const wants = naturalWidths(list.rows, now, allNamespaces)
    const maxRestarts = list.rows.reduce((max, row) => Math.max(max, row.restarts), 0)
    return layoutColumns(wants, width, maxRestarts)
  }, [list.rows, width, allNamespaces, now])
  const visible = list.rows.slice(offset, offset + Math.max(0, height - 1))
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        {headerText(layout)}
      </Text>
      {visible.length === 0 ? <Text dimColor>{'   ' + empty}</Text> : null}
      {visible.map((row, i) => {
        const failing = isFailing(row, now)
        const selected = offset + i === cursor
        return <PodLine key={row.key} text={rowText(row, layout, now, {selected, failing})} selected={selected} failing={failing} stale={stale} width={width} />
      })}
    </Box>
  )
}
