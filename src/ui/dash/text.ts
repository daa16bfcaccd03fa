/**
 * Cutting coloured text to a window of terminal columns, and padding cells, for the dash's
 * views. Widths are a terminal's: a CJK character or an emoji takes two columns, a combining
 * mark none (string-width, the library ink measures with), colour codes none, and a tab runs
 * to the next stop of 8.
 */
import stringWidth from 'string-width'
import {stripAnsi} from '../../print/colour.js'

// eslint-disable-next-line no-control-regex
const sgr = /\u001B\[[0-9;]*m/y
// eslint-disable-next-line no-control-regex
const plainAscii = /^[\u0000-\u007e]*$/
const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'})

/** One piece of a line: a colour code (no width) or a grapheme at a column with its width. */
type Token = {code: string} | {text: string; column: number; width: number}

/** The visible characters of a line as user-perceived characters (grapheme clusters). */
function graphemes(text: string): string[] {
  if (plainAscii.test(text)) return [...text]
  return Array.from(segmenter.segment(text), (s) => s.segment)
}

/** The width of one grapheme on a terminal (control characters take none). */
export function graphemeWidth(grapheme: string): number {
  const code = grapheme.codePointAt(0)!
  if (grapheme.length === 1 && code >= 0x20 && code < 0x7f) return 1
  return stringWidth(grapheme)
}

function tokens(line: string): Token[] {
  const out: Token[] = []
  let column = 0
  let i = 0
  let plain = ''
  const flush = () => {
    for (const text of graphemes(plain)) {
      const width = text === '\t' ? 8 - (column % 8) : graphemeWidth(text)
      out.push({text, column, width})
      column += width
    }
    plain = ''
  }
  while (i < line.length) {
    sgr.lastIndex = i
    const code = sgr.exec(line)
    if (code) {
      flush()
      out.push({code: code[0]})
      i += code[0].length
      continue
    }
    plain += line[i]
    i++
  }
  flush()
  return out
}

/**
 * The visible columns [start, start + width) of a line that may hold colour codes. Colour codes
 * before the window are kept (so the colour carries in), and the result ends with a reset. A
 * wide character cut by an edge of the window becomes spaces, so columns never drift.
 */
export function sliceColumns(line: string, start: number, width: number): string {
  if (width <= 0) return ''
  const end = start + width
  let out = ''
  let coloured = false
  for (const token of tokens(line)) {
    if ('code' in token) {
      out += token.code
      coloured = true
      continue
    }
    const {text, column, width: w} = token
    if (column >= end) break
    if (column + w <= start) continue
    if (text === '\t' || column < start || column + w > end) out += ' '.repeat(Math.min(end, column + w) - Math.max(start, column))
    else out += text
  }
  return coloured ? out + '\u001B[0m' : out
}

/** How many columns a line takes on a terminal. */
export function columnsOf(line: string): number {
  let column = 0
  for (const token of tokens(line)) if (!('code' in token)) column = token.column + token.width
  return column
}

/** `text` cut to `width` columns with an ellipsis at the end when it is longer. */
export function truncateEnd(text: string, width: number): string {
  if (width <= 0) return ''
  if (columnsOf(text) <= width) return text
  return sliceColumns(text, 0, width - 1).trimEnd() + '…'
}

/**
 * `text` cut to `width` columns in the middle, keeping the end: pod names differ in their
 * suffix (`web-7d9f8c6b5-x7k2p`), so the tail is kept whole: at least its last `-segment`.
 */
export function truncateMiddle(text: string, width: number): string {
  if (width <= 0) return ''
  const total = columnsOf(text)
  if (total <= width) return text
  if (width < 4) return sliceColumns(text, total - width, width)
  const dash = text.lastIndexOf('-')
  const lastSegment = dash > 0 ? columnsOf(text.slice(dash)) : 0
  const tail = Math.min(width - 2, Math.max(Math.floor((width - 1) / 2), lastSegment))
  const head = width - 1 - tail
  return sliceColumns(text, 0, head) + '…' + sliceColumns(text, total - tail, tail)
}

/** `text` in a cell of `width` columns: padded with spaces, or cut with an ellipsis. */
export function padEnd(text: string, width: number): string {
  if (width <= 0) return ''
  const cut = truncateEnd(text, width)
  return cut + ' '.repeat(Math.max(0, width - columnsOf(cut)))
}

/**
 * A line cut into rows of at most `width` columns, at a space when there is one in the second
 * half of the row (colour kept in each row), never inside a wide character; an empty line
 * stays one row.
 */
export function wrapLine(line: string, width: number): string[] {
  const total = columnsOf(line)
  if (width <= 0 || total <= width) return [line]
  const cells = tokens(stripAnsi(line)).filter((t): t is {text: string; column: number; width: number} => !('code' in t))
  const rows: string[] = []
  let start = 0
  let index = 0
  while (start < total) {
    // The graphemes that fit whole in this row.
    let end = index
    while (end < cells.length && cells[end]!.column + cells[end]!.width <= start + width) end++
    if (end === index) end = index + 1 // a character wider than the row: alone on it
    let cut = end
    if (end < cells.length) {
      for (let i = end - 1; i > index; i--) {
        if (cells[i]!.text === ' ' && cells[i]!.column > start + width / 2) {
          cut = i + 1
          break
        }
      }
    }
    const next = cut < cells.length ? cells[cut]!.column : total
    rows.push(sliceColumns(line, start, next - start))
    start = next
    index = cut
  }
  return rows
}

export function wrapLines(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => wrapLine(line, width))
}

/** Columns of plain text (no colour codes, no tabs): quick for the ASCII of names. */
export function textWidth(text: string): number {
  return plainAscii.test(text) ? text.length : stringWidth(text)
}
