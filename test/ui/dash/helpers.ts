/** Shared by the dash's ink tests: waiting for a frame without fixed sleeps. */
import {render} from 'ink-testing-library'
import {createElement, type ReactElement} from 'react'

export const tick = (ms = 15) => new Promise((resolve) => setTimeout(resolve, ms))

export const keys = {
  enter: '\r',
  esc: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  backspace: '\u007F',
}

/**
 * Polls the frame until `wanted` holds (at most `limitMs`), then returns it; otherwise fails
 * with the last frame, so a failure shows what was on screen.
 */
export function frameWhere(lastFrame: () => string | undefined, wanted: (frame: string) => boolean, what: string, limitMs = 30_000): Promise<string> {
  return until(() => lastFrame() ?? '', wanted, what, limitMs)
}

/** Polls `read` until `wanted` holds (at most `limitMs`), then returns the value; otherwise fails with the last one. */
export async function until<T>(read: () => T, wanted: (value: T) => boolean, what: string, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs
  for (;;) {
    const value = read()
    if (wanted(value)) return value
    if (Date.now() > deadline) throw new Error(`never saw ${what}; the last was:\n${typeof value === 'string' ? value : JSON.stringify(value)}`)
    await tick(20)
  }
}

export const framesWith = (lastFrame: () => string | undefined, text: string, limitMs?: number) => frameWhere(lastFrame, (f) => f.includes(text), JSON.stringify(text), limitMs)

/** The line of the frame that contains `text`. */
export function lineWith(frame: string, text: string): string | undefined {
  return frame.split('\n').find((line) => line.includes(text))
}

/** The line the `>` marker is on. */
export const selectedLine = (frame: string): string => frame.split('\n').find((line) => line.startsWith('>')) ?? ''

/**
 * Presses j until the selected line matches `wanted`. Each press waits for the marker to move
 * before the next one, so a frame that lags behind the keys never makes it go past the row.
 */
export async function selectDown(lastFrame: () => string | undefined, press: (key: string) => Promise<unknown>, wanted: RegExp, what: string, most = 40): Promise<string> {
  const selected = () => selectedLine(lastFrame() ?? '')
  for (let i = 0; i < most && !wanted.test(selected()); i++) {
    const before = selected()
    await press('j')
    await frameWhere(lastFrame, () => selected() !== before, `the marker to move from "${before.trim()}" on the way to ${what}`)
  }
  return frameWhere(lastFrame, () => wanted.test(selected()), `${what} selected`)
}

/** The frame a component draws on its first render; it is unmounted before this returns. */
export function frameOf(element: ReactElement): string {
  const app = render(element)
  try {
    return app.lastFrame() ?? ''
  } finally {
    app.unmount()
  }
}

/**
 * Runs a hook in a component that draws nothing: `value()` is what it returned on the last
 * render, `values` every render's, `rerender` renders it again with other props.
 */
export function renderHook<P extends object, T>(hook: (props: P) => T, first: P) {
  const values: T[] = []
  function Probe(props: P) {
    values.push(hook(props))
    return null
  }
  const app = render(createElement(Probe, first))
  return {
    app,
    values,
    value: () => values.at(-1) as T,
    rerender: (props: P) => app.rerender(createElement(Probe, props)),
  }
}
