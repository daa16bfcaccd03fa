/** Cutting coloured text to a window of columns, and padding cells, for the dash's views. */
import {stripAnsi} from '../../print/colour.js'

// eslint-disable-next-line no-control-regex
const sgr = /\u001B\[[0-9;]*m/y

/**
 * The visible columns [start, start + width) of a line that may hold colour codes. Colour codes
 * before the window are kept (so the colour carries in), and the result ends with a reset.
 */
export function sliceColumns(line: string, start: number, width: number): string {
  if (width <= 0) return ''
  let out = ''
  let column = 0
  let coloured = false
  let i = 0
  const end = start + width
  while (i < line.length && column < end) {
    sgr.lastIndex = i
    const code = sgr.exec(line)
    if (code) {
      out += code[0]
      coloured = true
      i += code[0].length
      continue
    }
    const char = String.fromCodePoint(line.codePointAt(i)!)
    if (char === '\t') {
      // Tabs to the next multiple of 8, as a terminal would.
      const spaces = 8 - (column % 8)
      for (let s = 0; s < spaces && column < end; s++, column++) if (column >= start) out += ' '
    } else {
      if (column >= start) out += char
      column++
    }
    i += char.length
  }
  return coloured ? out + '\u001B[0m' : out
}

export function padEnd(text: string, width: number): string {
  if (width <= 0) return ''
  if (text.length > width) return width === 1 ? text.slice(0, 1) : text.slice(0, width - 1) + '…'
  return text + ' '.repeat(width - text.length)
}

/** How many columns a line takes on a terminal (colour codes take none, tabs go to the next stop of 8). */
export function columnsOf(line: string): number {
  let column = 0
  let i = 0
  while (i < line.length) {
    sgr.lastIndex = i
    const code = sgr.exec(line)
    if (code) {
      i += code[0].length
      continue
    }
    const char = String.fromCodePoint(line.codePointAt(i)!)
    column += char === '\t' ? 8 - (column % 8) : 1
    i += char.length
  }
  return column
}

/**
 * A line cut into rows of at most `width` columns, at a space when there is one in the second
 * half of the row (colour kept in each row); an empty line stays one row.
 */
export function wrapLine(line: string, width: number): string[] {
  const total = columnsOf(line)
  if (width <= 0 || total <= width) return [line]
  // The visible text, tabs expanded, to choose where to break.
  const plain = sliceColumns(stripAnsi(line), 0, total)
  const rows: string[] = []
  let start = 0
  while (start < total) {
    let length = Math.min(width, total - start)
    if (start + length < total) {
      const space = plain.lastIndexOf(' ', start + length)
      if (space > start + width / 2) length = space - start + 1
    }
    rows.push(sliceColumns(line, start, length))
    start += length
  }
  return rows
}

export function wrapLines(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => wrapLine(line, width))
}
