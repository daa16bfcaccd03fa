import {describe, expect, test} from 'vitest'
import {compileGoRegex, translateGoRegex} from '../../src/tail/goregex.js'
import {compileRegex} from '../../src/tail/options.js'

describe('Go (RE2) regular expressions as stern users type them', () => {
  test('leading inline flags become JavaScript flags', () => {
    expect(compileGoRegex('(?i)error').test('ERROR: x')).toBe(true)
    expect(compileGoRegex('(?s)a.b').test('a\nb')).toBe(true)
    expect(compileGoRegex('(?m)^b$').test('a\nb\nc')).toBe(true)
    expect(translateGoRegex('(?is)x')).toEqual({source: 'x', flags: 'is'})
  })
  test('\\A and \\z anchor the whole text; POSIX classes; named groups; \\Q..\\E; \\pL', () => {
    expect(compileGoRegex('done\\z').test('done')).toBe(true)
    expect(compileGoRegex('(?m)done\\z').test('done\nmore')).toBe(false)
    expect(compileGoRegex('\\Aweb').test('xweb')).toBe(false)
    expect(compileGoRegex('^[[:alpha:]]+-[[:digit:]]+$').test('web-42')).toBe(true)
    expect(compileGoRegex('[^[:space:]]+').exec('  abc ')![0]).toBe('abc')
    expect(compileGoRegex('(?P<code>\\d{3})').exec('GET 500')!.groups!.code).toBe('500')
    expect(compileGoRegex('\\Qa.b*\\E').test('a.b*')).toBe(true)
    expect(compileGoRegex('\\Qa.b*\\E').test('axbb')).toBe(false)
    expect(compileGoRegex('^\\pL+$').test('héllo')).toBe(true)
  })
  test('what JavaScript cannot take is refused by name, as a usage error of the flag', () => {
    expect(() => compileRegex('(?U)a+', '--include')).toThrow(/^--include "\(\?U\)a\+" is not a valid regular expression: the \(\?U\) flag/)
    expect(() => compileRegex('a(?i)b', 'QUERY')).toThrow(/inline flags are supported only at the start/)
    expect(() => compileRegex('[[:nope:]]', '-c')).toThrow(/unknown character class/)
  })
})
