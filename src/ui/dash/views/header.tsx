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

export interface HeaderProps {
  context: string
  where: string
  list: PodListView
  view: ViewId
  filter: string
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

export function Header({context, where, list, view, filter, failingOnly, sort, connection, width, clock}: HeaderProps) {
  return (
    <Box width={width} height={1} flexDirection="row" justifyContent="space-between">
      <Box flexShrink={1} flexGrow={0} overflow="hidden">
        <Text wrap="truncate-end">
          <Text bold color="cyan">
            kubekit dash
          </Text>
          {'  '}
          <Text dimColor>context </Text>
          <Text bold>{context}</Text>
          {'  '}
          <Text dimColor>namespace </Text>
          <Text bold>{where}</Text>
          {'  '}
          <Text dimColor={isStale(connection)}>{list.total} pods</Text>
          {list.failing > 0 ? <Text color="red">{`, ${list.failing} failing`}</Text> : null}
          {filter ? <Text color="yellow">{`  filter "${filter}"`}</Text> : null}
          {failingOnly ? <Text color="yellow">{'  failing only'}</Text> : null}
          {sort !== 'name' ? <Text dimColor>{`  sort ${sort}`}</Text> : null}
          <Text dimColor>{`  [${viewTitles[view]}]`}</Text>
        </Text>
      </Box>
      <Box flexShrink={0} marginLeft={2}>
        <ConnectionStatus connection={connection} clock={clock} />
      </Box>
    </Box>
  )
}
