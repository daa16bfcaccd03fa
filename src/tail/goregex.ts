/**
 * Go (RE2) regular expressions, as stern users type them, in JavaScript: leading inline flags
 * `(?i)` `(?s)` `(?m)`, `\A` `\z`, POSIX classes `[[:alpha:]]`, `(?P<name>...)`, `\Q...\E`,
 * `\pL`. What JavaScript cannot express (e.g. `(?U)`, flags in the middle) is refused by name.
 */
import {UserError} from '../errors.js'

const posixClasses: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
}

export class GoRegexError extends UserError {
  override name = 'GoRegexError'
}

const escapeLiteral = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** Leading `(?flags)` groups → JavaScript flags. */
function leadingFlags(pattern: string): {rest: string; flags: string} {
  let rest = pattern
  const flags = new Set<string>()
  for (let m = /^\(\?([a-zA-Z]+)\)/.exec(rest); m; m = /^\(\?([a-zA-Z]+)\)/.exec(rest)) {
    for (const f of m[1]!) {
      if (f === 'U') throw new GoRegexError('the (?U) flag (ungreedy) has no JavaScript equivalent: write lazy quantifiers such as .*? instead')
      if (!'ism'.includes(f)) throw new GoRegexError(`unknown flag (?${f})`)
      flags.add(f)
    }
    rest = rest.slice(m[0].length)
  }
  return {rest, flags: [...flags].join('')}
}

/** A POSIX class at `pattern[i]` (inside brackets): its ranges and where it ends. */
function posixAt(pattern: string, i: number): {text: string; end: number} | undefined {
  const m = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i))
  if (!m) return undefined
  const ranges = posixClasses[m[2]!]
  if (!ranges) throw new GoRegexError(`unknown character class [:${m[2]}:]`)
  if (m[1]) throw new GoRegexError(`negated class [:^${m[2]}:] is not supported: use [^[:${m[2]}:]] instead`)
  return {text: ranges, end: i + m[0].length}
}

export function translateGoRegex(pattern: string): {source: string; flags: string} {
  const {rest, flags} = leadingFlags(pattern)
  let out = ''
  let unicode = false
  let inClass = false
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!
    if (c === '\\') {
      const next = rest[i + 1]
      if (next === 'Q') {
        const end = rest.indexOf('\\E', i + 2)
        const literal = rest.slice(i + 2, end < 0 ? undefined : end)
        out += escapeLiteral(literal)
        i = end < 0 ? rest.length : end + 1
      } else if (next === 'z' && !inClass) {
        out += '(?![\\s\\S])'
        i++
      } else if (next === 'A' && !inClass) {
        out += '(?<![\\s\\S])'
        i++
      } else if ((next === 'p' || next === 'P') && rest[i + 2] !== '{' && rest[i + 2] !== undefined) {
        out += `\\${next}{${rest[i + 2]}}`
        unicode = true
        i += 2
      } else {
        if (next === 'p' || next === 'P') unicode = true
        out += c + (next ?? '')
        i++
      }
      continue
    }
    if (inClass) {
      const posix = c === '[' ? posixAt(rest, i) : undefined
      if (posix) {
        out += posix.text
        i = posix.end - 1
        continue
      }
      if (c === ']') inClass = false
      out += c
      continue
    }
    if (c === '[') {
      inClass = true
      out += c
      if (rest[i + 1] === '^') out += rest[++i]
      if (rest[i + 1] === ']') out += '\\' + rest[++i] // a leading ] is a literal in RE2
      continue
    }
    if (c === '(' && rest.startsWith('(?P<', i)) {
      out += '(?<'
      i += 3
      continue
    }
    if (c === '(' && /^\(\?[a-zA-Z]+[:)]/.test(rest.slice(i))) {
      throw new GoRegexError('inline flags are supported only at the start, e.g. (?i)error')
    }
    out += c
  }
  return {source: out, flags: flags + (unicode ? 'u' : '')}
}

/** Compiles a Go/RE2 pattern; the error says what JavaScript could not take. */
export function compileGoRegex(pattern: string): RegExp {
  const {source, flags} = translateGoRegex(pattern)
  return new RegExp(source, flags)
}
