/** A scrollable pane of text: the title and status, the window of lines from `top`, cut at `left`. */
import {describe, expect, it} from 'vitest'
import {position, TextPane, type TextPaneProps} from '../../../../src/ui/dash/views/text-pane.js'
import {frameOf} from '../helpers.js'

const lines = Array.from({length: 10}, (_, i) => `line ${i + 1} ${'abcdefghij'.repeat(3)}`)
const base: TextPaneProps = {title: 'Logs shop/web-1', lines, top: 0, left: 0, height: 4, width: 20}

const pane = (props: Partial<TextPaneProps> = {}) => frameOf(<TextPane {...base} {...props} />).trimEnd().split('\n')

describe('TextPane', () => {
  it('the title and its status, then the lines that fit from the top, each cut to the width', () => {
    expect(pane({status: 'following'})).toEqual(['Logs shop/web-1  following', 'line 1 abcdefghijabc', 'line 2 abcdefghijabc', 'line 3 abcdefghijabc'])
  })

  it('scrolled down and to the right', () => {
    // "line 9 abc…" and "line 10 abc…" from their eighth column.
    expect(pane({top: 8, left: 7})).toEqual(['Logs shop/web-1', 'abcdefghijabcdefghij', ' abcdefghijabcdefghi'])
  })

  it('an empty line keeps its row', () => {
    expect(pane({lines: ['a', '', 'b']})).toEqual(['Logs shop/web-1', 'a', '', 'b'])
  })

  it('no lines: the empty text instead', () => {
    expect(pane({lines: [], empty: 'loading…'})).toEqual(['Logs shop/web-1', 'loading…'])
    expect(pane({lines: []})).toEqual(['Logs shop/web-1'])
  })
})

describe('position', () => {
  it('the lines shown of the total, none for an empty text', () => {
    expect(position(0, 37, 120)).toBe('lines 1-37 of 120')
    expect(position(100, 37, 120)).toBe('lines 101-120 of 120')
    expect(position(0, 37, 0)).toBe('')
  })
})
