/**
 * How current the pod list is: live, reconnecting (since when, why, the next attempt), or
 * stopped by a failure waiting cannot cure. A pure reducer over what the pod watch reports,
 * and the words the header shows for each state (they carry the meaning without colour).
 */
import {humanDuration} from '../../print/duration.js'

/** A failed attempt of the pod watch, as the dash shows it. */
export interface WatchTrouble {
  /** A few words: "API server unreachable", "API server error 503". */
  reason: string
  /** The client's one-line error. */
  message: string
  /** The wait before the next attempt. */
  delayMs: number
  /** Failed attempts in a row, from 1. */
  attempt: number
}

export type ConnectionState =
  /** Waiting for the first list. */
  | {phase: 'connecting'; since: number}
  | {phase: 'live'; since: number}
  | {
      phase: 'reconnecting'
      /** When the trouble began (the first failed attempt in a row). */
      since: number
      trouble: WatchTrouble
      /** When the next attempt starts. */
      retryAt: number
      /** The moment the rows shown were last known current; undefined when none were ever listed. */
      dataAsOf: number | undefined
    }
  | {phase: 'stopped'; since: number; error: string; dataAsOf: number | undefined}

export type ConnectionEvent =
  /** A new watch (first start, another cluster or namespace, a retry by hand). */
  | {type: 'start'; at: number}
  /** The full state arrived (a list or a re-list). */
  | {type: 'synced'; at: number}
  /** A watch event arrived. */
  | {type: 'event'; at: number}
  | {type: 'retry'; at: number; trouble: WatchTrouble}
  | {type: 'recovered'; at: number}
  /** The watch gave up: a failure that waiting cannot cure (forbidden, unauthorized, ...). */
  | {type: 'stopped'; at: number; error: string}

export const initialConnection = (at: number): ConnectionState => ({phase: 'connecting', since: at})

/** Until when the rows were current, seen from a state that is about to stop being live. */
function currentUntil(state: ConnectionState, at: number): number | undefined {
  if (state.phase === 'live') return at
  if (state.phase === 'connecting') return undefined
  return state.dataAsOf
}

/** The next state; the same object when nothing changed (so a stream of events costs nothing). */
export function nextConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case 'start':
      return initialConnection(event.at)
    case 'synced':
    case 'recovered':
      return state.phase === 'live' ? state : {phase: 'live', since: event.at}
    case 'event':
      // Only an open stream delivers events: it works again, whatever was reported before.
      return state.phase === 'reconnecting' || state.phase === 'stopped' ? {phase: 'live', since: event.at} : state
    case 'retry':
      return {
        phase: 'reconnecting',
        since: state.phase === 'reconnecting' ? state.since : event.at,
        trouble: event.trouble,
        retryAt: event.at + event.trouble.delayMs,
        dataAsOf: currentUntil(state, event.at),
      }
    case 'stopped':
      return {phase: 'stopped', since: event.at, error: event.error, dataAsOf: currentUntil(state, event.at)}
  }
}

/** The time the rows' ages are counted to: frozen at the last moment they were current, while not live. */
export function agesAt(state: ConnectionState, now: number): number {
  if (state.phase === 'reconnecting' || state.phase === 'stopped') return state.dataAsOf ?? now
  // Live: never before the moment it turned live (the clock may have last ticked before the list arrived).
  if (state.phase === 'live') return Math.max(now, state.since)
  return now
}

/** The rows shown are not known to be current. */
export function isStale(state: ConnectionState): boolean {
  return state.phase === 'reconnecting' || state.phase === 'stopped'
}

export type ConnectionTone = 'green' | 'yellow' | 'red' | 'gray'

/** The header's words for a state: a mark, the state, and a note about the rows when they are old. */
export interface ConnectionLabel {
  mark: string
  text: string
  tone: ConnectionTone
  /** "showing state from 12s ago" while the rows are not current (and there are rows). */
  staleNote: string | undefined
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.ceil(ms / 1000))}s`
}

function staleNote(dataAsOf: number | undefined, now: number): string | undefined {
  return dataAsOf === undefined ? undefined : `showing state from ${humanDuration(now - dataAsOf)} ago`
}

export function connectionLabel(state: ConnectionState, now: number): ConnectionLabel {
  switch (state.phase) {
    case 'connecting':
      return {mark: '◌', text: 'connecting', tone: 'gray', staleNote: undefined}
    case 'live':
      return {mark: '●', text: 'live', tone: 'green', staleNote: undefined}
    case 'reconnecting': {
      const next = state.retryAt > now ? `next try in ${seconds(state.retryAt - now)}` : 'trying now'
      return {mark: '◌', text: `reconnecting ${humanDuration(now - state.since)}: ${state.trouble.reason} (${next})`, tone: 'yellow', staleNote: staleNote(state.dataAsOf, now)}
    }
    case 'stopped':
      return {mark: '✕', text: `stopped: ${state.error} (r retries)`, tone: 'red', staleNote: staleNote(state.dataAsOf, now)}
  }
}

/** What the pod list says when it has no rows to show. */
export function emptyListText(state: ConnectionState, listed: boolean, where: string, now: number): string | undefined {
  if (listed) return undefined
  if (state.phase === 'reconnecting') return `cannot list pods: ${state.trouble.message} (${state.retryAt > now ? `next try in ${seconds(state.retryAt - now)}` : 'trying now'})`
  if (state.phase === 'stopped') return `cannot list pods: ${state.error} (r retries)`
  return `listing pods in ${where}…`
}
