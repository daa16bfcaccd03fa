/**
 * The dash's first line: what it shows (context, namespace, counts, filter, view) on the left,
 * and, always visible on the right, how current that is: `● live`, `◌ reconnecting 12s: API
 * server unreachable (next try in 8s); showing state from 12s ago`, `✕ stopped: …`. The words
 * carry the meaning, so it reads the same without colour (NO_COLOR, TERM=dumb).
 */
import {Box, Text} from 'ink'
import {useEffect, useState} from 'react'
import {connectionLabel, isStale, type ConnectionState} from '../connection.js'
import {viewTitles, type ViewId} from '../keymap.js'
import type {PodListView, SortMode} from '../pod-store.js'
import {textWidth} from '../text.js'

export interface HeaderProps {
  context: string
  where: string
  list: PodListView
  view: ViewId
  filter: string
  /** Only the pods on this node. */
  node?: string | undefined
  failingOnly: boolean
  sort: SortMode
  connection: ConnectionState
  width: number
  /** The clock the status counts with (tests fix it). */
  clock?: (() => number) | undefined
}

/** The current time, re-read every `intervalMs` while `active`. */
function useTicking(active: boolean, intervalMs: number, clock: () => number): number {
  const [, tick] = useState(0)
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => tick((n) => n + 1), intervalMs)
    return () => clearInterval(timer)
  }, [active, intervalMs])
  return clock()
}

export function ConnectionStatus({connection, clock = Date.now}: {connection: ConnectionState; clock?: (() => number) | undefined}) {
  // Counting seconds matters only while not live.
  const now = useTicking(connection.phase !== 'live', 1000, clock)
  const label = connectionLabel(connection, now)
  return (
    <Text wrap="truncate-end">
      <Text color={label.tone} bold={connection.phase !== 'live'}>{`${label.mark} ${label.text}`}</Text>
      {label.staleNote ? <Text color="yellow">{`; ${label.staleNote}`}</Text> : null}
    </Text>
  )
}

/** The left part of the header in words: the long form, or the short one when it does not fit. */
export function headerWords({context, where, list, view, filter, node, failingOnly, sort}: Omit<HeaderProps, 'connection' | 'width' | 'clock'>, compact: boolean): string[] {
  const counts = `${list.total} pods` + (list.failing > 0 ? `, ${list.failing} failing` : '')
  const parts = compact ? [context, where, counts] : ['kubekit dash', `context ${context}`, `namespace ${where}`, counts]
  if (node) parts.push(`node ${node}`)
  if (filter) parts.push(`filter "${filter}"`)
  if (failingOnly) parts.push('failing only')
  if (sort !== 'name') parts.push(`sort ${sort}`)
  parts.push(`[${viewTitles[view]}]`)
  return parts
}

export function Header(props: HeaderProps) {
  const {context, where, list, filter, node, failingOnly, sort, connection, width, clock} = props
  // The status keeps its room; on a narrow terminal the left part drops its labels first.
  const label = connectionLabel(connection, (clock ?? Date.now)())
  const statusWidth = 2 + textWidth(`${label.mark} ${label.text}`) + (label.staleNote ? 2 + label.staleNote.length : 0)
  const compact = textWidth(headerWords(props, false).join('  ')) > width - statusWidth
  return (
    <Box width={width} height={1} flexDirection="row" justifyContent="space-between">
      <Box flexShrink={1} flexGrow={0} overflow="hidden">
        <Text wrap="truncate-end">
          {compact ? null : (
            <>
              <Text bold color="cyan">
                kubekit dash
              </Text>
              {'  '}
              <Text dimColor>context </Text>
            </>
          )}
          <Text bold>{context}</Text>
          {'  '}
          {compact ? null : <Text dimColor>namespace </Text>}
          <Text bold>{where}</Text>
          {'  '}
          <Text dimColor={isStale(connection)}>{list.total} pods</Text>
          {list.failing > 0 ? <Text color="red">{`, ${list.failing} failing`}</Text> : null}
          {node ? <Text color="yellow">{`  node ${node}`}</Text> : null}
          {filter ? <Text color="yellow">{`  filter "${filter}"`}</Text> : null}
          {list.filterError ? <Text color="red">{`  (${list.filterError})`}</Text> : null}
          {failingOnly ? <Text color="yellow">{'  failing only'}</Text> : null}
          {sort !== 'name' ? <Text dimColor>{`  sort ${sort}`}</Text> : null}
          <Text dimColor>{`  [${viewTitles[props.view]}]`}</Text>
        </Text>
      </Box>
      <Box flexShrink={0} marginLeft={2}>
        <ConnectionStatus connection={connection} clock={clock} />
      </Box>
    </Box>
  )
}
