/** Shared by the dash's ink tests: waiting for a frame without fixed sleeps. */
import {render} from 'ink-testing-library'
import type {ReactElement} from 'react'

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
export async function frameWhere(lastFrame: () => string | undefined, wanted: (frame: string) => boolean, what: string, limitMs = 30_000): Promise<string> {
  const deadline = Date.now() + limitMs
  for (;;) {
    const frame = lastFrame() ?? ''
    if (wanted(frame)) return frame
    if (Date.now() > deadline) throw new Error(`never saw ${what}; the last frame was:\n${frame}`)
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
