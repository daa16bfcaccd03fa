/**
 * The dash's UI state and its keys, as React hooks. The state lives in a ref (the latest,
 * read by every key and every answer that arrives) and is mirrored into React state for
 * rendering; the key handler is one stable function that reads the frame last committed (set
 * in a layout effect, before ink can deliver another key), so no key ever runs on an old closure.
 */
import {useInput} from 'ink'
import {useCallback, useLayoutEffect, useMemo, useRef, useState} from 'react'
import {runEffect, type EffectIo} from './effects.js'
import {keyNames} from './keymap.js'
import {reduceKey, type KeyFrame} from './keys.js'
import type {UiState} from './state.js'

export interface DashState {
  /** The state this render draws. */
  ui: UiState
  /** The state now (ahead of `ui` while keys arrive faster than frames). */
  current(): UiState
  set(next: UiState): void
  /** Applies a change worked out from the state now (undefined: no change). */
  update(change: (s: UiState) => Partial<UiState> | undefined): void
}

export function useDashState(initial: () => UiState): DashState {
  const [first] = useState(initial)
  const latest = useRef(first)
  const [ui, setUi] = useState(first)
  const api = useMemo(() => {
    const set = (next: UiState) => {
      if (next === latest.current) return
      latest.current = next
      setUi(next)
    }
    return {
      current: () => latest.current,
      set,
      update: (change: (s: UiState) => Partial<UiState> | undefined) => {
        const c = change(latest.current)
        if (c) set({...latest.current, ...c})
      },
    }
  }, [])
  return {ui, ...api}
}

/** What the key handler needs besides the state: the frame on screen and the I/O of effects. */
export type KeyIo = Omit<EffectIo, 'current' | 'update'>

/** Every key through the reducer, against the frame last committed; effects run in order. */
export function useDashKeys(dash: DashState, frame: KeyFrame, io: KeyIo): void {
  const committed = useRef({frame, io})
  useLayoutEffect(() => {
    committed.current = {frame, io}
  })
  const onInput = useCallback<Parameters<typeof useInput>[0]>(
    (input, key) => {
      for (const name of keyNames(input, key)) {
        const {frame, io} = committed.current
        const outcome = reduceKey(dash.current(), name, frame)
        dash.set(outcome.state)
        for (const effect of outcome.effects) runEffect(effect, {...io, current: dash.current, update: dash.update})
      }
    },
    // dash's functions are stable; the rest is read from the ref.
    [],
  )
  useInput(onInput)
}
