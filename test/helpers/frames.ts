/** Waiting for a state or an ink frame without fixed sleeps: poll until it holds, fail with what was last seen. */

/** What a terminal sends for the keys the views read. */
export const keys = {
  enter: '\r',
  esc: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  backspace: '\u007F',
}

export const tick = (ms = 15) => new Promise((resolve) => setTimeout(resolve, ms))

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

/**
 * Polls the frame until `wanted` holds (at most `limitMs`), then returns it; otherwise fails
 * with the last frame, so a failure shows what was on screen.
 */
export function frameWhere(lastFrame: () => string | undefined, wanted: (frame: string) => boolean, what: string, limitMs = 30_000): Promise<string> {
  return until(() => lastFrame() ?? '', wanted, what, limitMs)
}

export const framesWith = (lastFrame: () => string | undefined, text: string, limitMs?: number) => frameWhere(lastFrame, (f) => f.includes(text), JSON.stringify(text), limitMs)

/** Presses a key and waits until the frame matches `wanted`: the frame a key leads to, however late it is drawn. */
export async function press(view: {stdin: {write(data: string): void}; lastFrame: () => string | undefined}, key: string, wanted: RegExp | string): Promise<string> {
  view.stdin.write(key)
  const test = typeof wanted === 'string' ? (frame: string) => frame.includes(wanted) : (frame: string) => wanted.test(frame)
  return frameWhere(view.lastFrame, test, String(wanted))
}
