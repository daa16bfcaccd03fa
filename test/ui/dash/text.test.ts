import {describe, expect, it} from 'vitest'
import {stripAnsi} from '../../../src/print/colour.js'
import {columnsOf, padEnd, sliceColumns, truncateMiddle, wrapLine} from '../../../src/ui/dash/text.js'

const red = (text: string) => `\u001B[31m${text}\u001B[39m`

describe('sliceColumns', () => {
  it('cuts plain text to a window of columns', () => {
    expect(sliceColumns('0123456789', 0, 4)).toBe('0123')
    expect(sliceColumns('0123456789', 8, 4)).toBe('89')
    expect(sliceColumns('0123', 10, 4)).toBe('')
  })

  it('keeps colour codes (the colour carries into the window) and resets at the end', () => {
    const line = `ab${red('cdef')}gh`
    const cut = sliceColumns(line, 3, 3)
    expect(stripAnsi(cut)).toBe('def')
    expect(cut.startsWith('\u001B[31m')).toBe(true)
    expect(cut.endsWith('\u001B[0m')).toBe(true)
  })

  it('expands tabs to stops of 8', () => {
    expect(sliceColumns('a\tb', 0, 10)).toBe('a       b')
    expect(columnsOf('a\tb')).toBe(9)
  })
})

describe('wrapLine and padEnd', () => {
  it('wraps by visible columns, not by bytes of colour codes', () => {
    const rows = wrapLine(red('x'.repeat(25)), 10)
    expect(rows.map((r) => stripAnsi(r))).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)])
    expect(wrapLine('', 10)).toEqual([''])
    expect(wrapLine('short', 10)).toEqual(['short'])
  })

  it('pads, and cuts with an ellipsis', () => {
    expect(padEnd('ab', 4)).toBe('ab  ')
    expect(padEnd('abcdef', 4)).toBe('abc…')
  })
})

describe('wrapLine at spaces', () => {
  it('breaks after the last space of a row when it is in the second half', () => {
    expect(wrapLine('alpha beta gamma delta', 12)).toEqual(['alpha beta ', 'gamma delta'])
    // No space late enough: a hard cut.
    expect(wrapLine('a bcdefghijklmnop', 8)).toEqual(['a bcdefg', 'hijklmno', 'p'])
  })
})

describe('wide characters take two columns', () => {
  it('counts CJK and emoji as two columns, combining marks as none', () => {
    expect(columnsOf('日本語')).toBe(6)
    expect(columnsOf('a👍b')).toBe(4)
    expect(columnsOf('e\u0301')).toBe(1)
  })

  it('slices by columns: sideways scroll never drifts, a wide character cut by the edge becomes a space', () => {
    const line = '日本語のログ line'
    expect(sliceColumns(line, 0, 4)).toBe('日本')
    expect(sliceColumns(line, 1, 4)).toBe(' 本 ')
    expect(sliceColumns(line, 12, 5)).toBe(' line')
    // Every window is exactly as wide as asked, whatever it cuts.
    for (let start = 0; start < 16; start++) expect(columnsOf(sliceColumns(line, start, 3))).toBeLessThanOrEqual(3)
  })

  it('wraps without losing text or splitting a wide character', () => {
    const line = '错误：无法连接到数据库 connection refused'
    const rows = wrapLine(line, 10)
    expect(rows.join('').replace(/ /g, '')).toBe(line.replace(/ /g, ''))
    for (const row of rows) expect(columnsOf(row)).toBeLessThanOrEqual(10)
  })

  it('pads and cuts by columns', () => {
    expect(padEnd('日本', 6)).toBe('日本  ')
    expect(columnsOf(padEnd('日本語のログ', 5))).toBe(5)
    expect(truncateMiddle('report-generator-hgsrp5lspb-fv4hw', 20)).toBe('report-gen…spb-fv4hw')
    expect(truncateMiddle('short', 20)).toBe('short')
  })
})
