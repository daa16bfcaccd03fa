import {Fzf, type FzfResultItem} from 'fzf'
import {Box, render, Text, useApp, useInput} from 'ink'
import {useMemo, useRef, useState} from 'react'

export interface PickerProps {
  items: readonly string[]
  /** Marked and pre-selected (the current context or namespace). */
  current?: string | undefined
  /** What is being picked, shown before the query: "context", "namespace". */
  prompt: string
  /** Rows of matches shown at once. */
  height?: number
  /** Called once: the chosen item, or undefined on Esc / Ctrl-C. */
  onDone: (choice: string | undefined) => void
}

interface Match {
  item: string
  positions: ReadonlySet<number>
}

function Highlighted({text, positions, selected, current}: {text: string; positions: ReadonlySet<number>; selected: boolean; current: boolean}) {
  const parts: Array<{text: string; hit: boolean}> = []
  for (const [i, char] of [...text].entries()) {
    const hit = positions.has(i)
    const last = parts[parts.length - 1]
    if (last && last.hit === hit) last.text += char
    else parts.push({text: char, hit})
  }
  return (
    <Text inverse={selected} bold={current} color={current ? 'green' : undefined}>
      {parts.map((part, i) =>
        part.hit ? (
          <Text key={i} color="yellow" bold>
            {part.text}
          </Text>
        ) : (
          <Text key={i}>{part.text}</Text>
        ),
      )}
    </Text>
  )
}

/**
 * An fzf-style picker: type to filter (fuzzy, via the fzf package), ↑/↓ (or Ctrl-P/Ctrl-N,
 * Ctrl-K/Ctrl-J, and j/k before anything is typed) to move, Enter to choose, Esc to cancel.
 */
export function Picker({items, current, prompt, height = 12, onDone}: PickerProps) {
  const {exit} = useApp()
  const finder = useMemo(() => new Fzf(items as string[], {casing: 'case-insensitive'}), [items])
  const matchesFor = (query: string): Match[] =>
    query === '' ? items.map((item) => ({item, positions: new Set<number>()})) : finder.find(query).map((r: FzfResultItem<string>) => ({item: r.item, positions: r.positions}))
  // Keys can arrive faster than ink renders (it throttles frames), so the handler works on a
  // ref that is always current, and the state only drives rendering.
  const state = useRef({query: '', cursor: Math.max(0, current ? items.indexOf(current) : 0), done: false})
  const [view, setView] = useState(state.current)
  const update = (change: Partial<typeof state.current>) => {
    state.current = {...state.current, ...change}
    setView(state.current)
  }
  const {query, done} = view
  const matches = useMemo(() => matchesFor(query), [query, items, finder])
  const selected = Math.min(view.cursor, Math.max(0, matches.length - 1))

  const finish = (choice: string | undefined) => {
    update({done: true})
    onDone(choice)
    exit()
  }

  useInput((input, key) => {
    const now = state.current
    if (now.done) return
    const nowMatches = matchesFor(now.query)
    const last = Math.max(0, nowMatches.length - 1)
    const cursor = Math.min(now.cursor, last)
    if (key.escape || (key.ctrl && input === 'c')) return finish(undefined)
    if (key.return) return finish(nowMatches[cursor]?.item)
    const up = key.upArrow || (key.ctrl && (input === 'p' || input === 'k')) || (now.query === '' && input === 'k')
    const down = key.downArrow || (key.ctrl && (input === 'n' || input === 'j')) || (now.query === '' && input === 'j')
    if (up) return update({cursor: Math.max(0, cursor - 1)})
    if (down) return update({cursor: Math.min(last, cursor + 1)})
    if (key.backspace || key.delete) return update({query: now.query.slice(0, -1), cursor: 0})
    if (input && !key.ctrl && !key.meta && !key.tab) update({query: now.query + input, cursor: 0})
  })

  if (done) return null
  const start = Math.max(0, Math.min(selected - Math.floor(height / 2), matches.length - height))
  const visible = matches.slice(start, start + height)
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="cyan">{prompt}&gt; </Text>
        {query}
        <Text inverse> </Text>
        <Text dimColor>
          {'  '}
          {matches.length}/{items.length}
        </Text>
      </Text>
      {visible.map((match, i) => (
        <Text key={match.item}>
          {start + i === selected ? '▌ ' : '  '}
          <Highlighted text={match.item} positions={match.positions} selected={start + i === selected} current={match.item === current} />
        </Text>
      ))}
      {matches.length === 0 ? <Text dimColor>  no match</Text> : null}
    </Box>
  )
}

export interface PickerStreams {
  /** Where the picker draws (stderr, as fzf does, so stdout stays clean). */
  output: NodeJS.WriteStream
  input: NodeJS.ReadStream
}

/** Shows the picker until Enter or Esc; resolves to the choice, or undefined on Esc. */
export async function runPicker(props: Omit<PickerProps, 'onDone'>, streams: PickerStreams): Promise<string | undefined> {
  let choice: string | undefined
  const app = render(<Picker {...props} onDone={(picked) => (choice = picked)} />, {
    stdout: streams.output,
    stdin: streams.input,
    exitOnCtrlC: false,
    patchConsole: false,
  })
  await app.waitUntilExit()
  return choice
}
