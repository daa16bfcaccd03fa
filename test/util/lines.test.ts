import {describe, expect, it} from 'vitest'
import {LineSplitter} from '../../src/util/lines.js'

describe('LineSplitter', () => {
  it('hands on complete lines only, and the unfinished one at the end', () => {
    const splitter = new LineSplitter()
    expect(splitter.push('one\ntw')).toEqual(['one'])
    expect(splitter.push('o\r\n\nthree')).toEqual(['two', ''])
    expect(splitter.rest()).toBe('three')
    expect(splitter.rest()).toBe('')
  })

  it('keeps every line whole with an unlimited length (watch events)', () => {
    const splitter = new LineSplitter(Infinity)
    const long = 'x'.repeat(3 << 20)
    expect(splitter.push(long.slice(0, 1 << 20))).toEqual([])
    expect(splitter.push(long.slice(1 << 20) + '\n')).toEqual([long])
  })

  it('says nothing of a cut line at the end', () => {
    const splitter = new LineSplitter(3)
    expect(splitter.push('abcdef')).toEqual(['abc [line cut: longer than 3 characters]'])
    expect(splitter.rest()).toBe('')
  })
})
