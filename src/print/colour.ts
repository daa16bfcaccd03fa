/**
 * The one colour policy: colour only when writing to a terminal, never with NO_COLOR,
 * --no-color (mapped to FORCE_COLOR=0 by bin/launch.js) or TERM=dumb. FORCE_COLOR=1+ forces it.
 */
export function colourEnabled(stream: {isTTY?: boolean} = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.TERM === 'dumb') return false
  return stream.isTTY === true
}

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const

export type Style = keyof typeof codes

export interface Painter {
  readonly enabled: boolean
  paint(style: Style, text: string): string
}

export function painter(enabled: boolean): Painter {
  return {
    enabled,
    paint: (style, text) => (enabled ? `\u001B[${codes[style][0]}m${text}\u001B[${codes[style][1]}m` : text),
  }
}

// eslint-disable-next-line no-control-regex
const ansiPattern = /\u001B\[[0-9;]*m/g

export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, '')
}
