/**
 * The dash's key handling that needs nothing but the UI state: pure functions from a state and
 * an action (or a typed key) to the change, tested without ink. The app applies what they
 * return; actions that read the pod list or start I/O stay in the app.
 */
import type {ActionId, ViewId} from './keymap.js'
import {defaultSavePath, nextSince, regexError} from './log-options.js'
import {sortModes} from './pod-store.js'
import type {PromptState, UiState} from './state.js'

/**
 * The view stack after opening `view`: back to it when it is already open (so `d`/`l` round
 * trips never stack duplicates and esc always leaves), else on top.
 */
export function openView(stack: readonly ViewId[], view: ViewId): ViewId[] {
  const at = stack.indexOf(view)
  return at >= 0 ? stack.slice(0, at + 1) : [...stack, view]
}

/** Esc/q: back one view; in the pod list esc clears the filter and nothing else. */
function back(s: UiState): Partial<UiState> | undefined {
  const current = s.stack.at(-1)!
  if (current === 'pods') return s.filter || s.podNode ? {filter: '', podNode: undefined} : undefined
  return {stack: s.stack.length > 1 ? s.stack.slice(0, -1) : ['pods']}
}

const top = {top: 0, left: 0}

/** What an action changes, for the actions that need only the state; undefined: not handled here. */
export function navigate(s: UiState, action: ActionId): Partial<UiState> | undefined {
  const current = s.stack.at(-1)!
  switch (action) {
    case 'back':
      return back(s) ?? {}
    case 'help':
      if (current === 'help') return {stack: s.stack.slice(0, -1)}
      return {stack: openView(s.stack, 'help'), scroll: {...s.scroll, help: top}}
    case 'diagnose':
      if (current !== 'logs' || !s.target) return undefined
      return {stack: openView(s.stack.filter((v) => v !== 'logs'), 'diagnosis'), diagnosisRun: s.diagnosisRun + 1, scroll: {...s.scroll, diagnosis: top}}
    case 'logs':
      if (current !== 'diagnosis' || !s.target) return undefined
      if (s.target.kind && s.target.kind !== 'pods') return {message: 'logs are for pods: open the pod list (esc) and press l'}
      return {stack: openView(s.stack, 'logs'), follow: true, scroll: {...s.scroll, logs: top}}
    case 'capacity':
      if (current === 'capacity') return {}
      return {stack: [...s.stack.filter((v) => v !== 'capacity' && v !== 'help'), 'capacity'], capacityRun: s.capacityRun + 1, scroll: {...s.scroll, capacity: top}}
    case 'failingOnly':
      return {failingOnly: !s.failingOnly, cursor: 0, offset: 0}
    case 'sort': {
      const sort = sortModes[(sortModes.indexOf(s.sort) + 1) % sortModes.length]!
      return {sort, message: `sorted by ${sort === 'failing' ? 'failing first' : sort}`}
    }
    case 'filter':
      return {filterEditing: true}
    case 'previous':
    case 'timestamps':
    case 'since':
    case 'grep':
    case 'save':
      return current === 'logs' ? logsOption(s, action) : undefined
    case 'wrap': {
      if (current === 'pods') return {}
      const pane = current as keyof UiState['wrap']
      const wrap = !s.wrap[pane]
      return {wrap: {...s.wrap, [pane]: wrap}, scroll: {...s.scroll, [pane]: top}, message: wrap ? 'long lines wrapped' : 'long lines cut (←/→ scroll)'}
    }
    default:
      return undefined
  }
}

/** The logs view's options: each change restarts the stream (the app keys it on the options). */
function logsOption(s: UiState, action: 'previous' | 'timestamps' | 'since' | 'grep' | 'save'): Partial<UiState> {
  const options = s.logOptions
  const restart = {follow: true, scroll: {...s.scroll, logs: top}}
  switch (action) {
    case 'previous':
      return {logOptions: {...options, previous: !options.previous}, ...restart, message: options.previous ? 'the current run, followed' : 'the previous run of each container (read once)'}
    case 'timestamps':
      return {logOptions: {...options, timestamps: !options.timestamps}, ...restart, message: options.timestamps ? 'timestamps off' : 'timestamps on'}
    case 'since': {
      const since = nextSince(options.since)
      return {logOptions: {...options, since}, ...restart, message: `lines of the last ${since}`}
    }
    case 'grep':
      return {prompt: {kind: 'grep', text: options.grep}}
    case 'save':
      return s.target ? {prompt: {kind: 'save', text: defaultSavePath(s.target.name)}} : {}
  }
}

/** What a key does to the footer's prompt: the text edited, or the prompt submitted or cancelled. */
export function promptKey(prompt: PromptState, name: string): {prompt?: PromptState; submit?: string; cancel?: true} {
  if (name === 'esc') return {cancel: true}
  if (name === 'enter') return {submit: prompt.text.trim()}
  if (name === 'ctrl+u') return {prompt: {...prompt, text: ''}}
  const text = editText(prompt.text, name)
  return text === undefined ? {prompt} : {prompt: {...prompt, text}}
}

/** A submitted grep: the new options, or a message saying why the expression is not one. */
export function submitGrep(s: UiState, pattern: string): Partial<UiState> {
  const error = regexError(pattern)
  if (error) return {prompt: undefined, message: `not a regular expression: ${error}`}
  return {prompt: undefined, logOptions: {...s.logOptions, grep: pattern}, follow: true, scroll: {...s.scroll, logs: top}, message: pattern ? `only lines matching /${pattern}/` : 'every line'}
}

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'})

/**
 * A line of typed text after one key name: backspace deletes the last character as the eye
 * sees it (a whole emoji or accented letter), a printable character is added, anything else
 * (a key name, a control character) changes nothing.
 */
export function editText(text: string, name: string): string | undefined {
  if (name === 'backspace') return Array.from(segmenter.segment(text), (g) => g.segment).slice(0, -1).join('')
  const char = name === 'space' ? ' ' : name
  // eslint-disable-next-line no-control-regex
  return [...char].length === 1 && !/[\u0000-\u001F\u007F-\u009F]/.test(char) ? text + char : undefined
}

/** The filter line while it is being typed. */
export function filterKey(s: UiState, name: string): Partial<UiState> {
  if (name === 'enter' || name === 'down' || name === 'up') return {filterEditing: false}
  if (name === 'esc') return {filterEditing: false, filter: ''}
  const filter = editText(s.filter, name)
  return filter === undefined ? {} : {filter}
}
