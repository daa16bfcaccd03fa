import {encodeScalar, type ScalarStyle} from './scalar.js'

/** The byte range of a top-level `current-context:` value found by a line scan. */
export interface TopLevelValue {
  /** Offset of the value's first byte (or where it would go, for an empty value). */
  start: number
  end: number
  style: ScalarStyle
  /** The raw source of the whole `current-context: ...` line, to decode the old value. */
  line: string
}

const keyLine = /^(?:current-context|"current-context"|'current-context')[ \t]*:(?=[ \t]|$)/

/**
 * Finds the top-level `current-context` value with a line scan, without a YAML parse, for
 * the hot path (`kubectl ctx NAME`). Returns undefined whenever the shape is not the simple
 * one (root not a block mapping, key absent or repeated, value spanning lines), in which case
 * the caller uses the document edit. The caller must still re-parse the result and check it.
 */
export function findTopLevelCurrentContext(text: string): TopLevelValue | 'absent' | undefined {
  const firstContent = /^(?:[ \t]*(?:#.*)?\r?\n)*(?:---[ \t]*(?:#.*)?\r?\n)?(?:[ \t]*(?:#.*)?\r?\n)*(\S)/.exec(text)
  if (firstContent && (firstContent[1] === '{' || firstContent[1] === '[' || firstContent[1] === '%')) return undefined
  let found: TopLevelValue | undefined
  let lineStart = 0
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart)
    if (lineEnd === -1) lineEnd = text.length
    const first = text.charCodeAt(lineStart)
    // 'c', '"' or '\'' at column 0: maybe our key.
    if (first === 99 || first === 34 || first === 39) {
      const line = text.slice(lineStart, lineEnd).replace(/\r$/, '')
      const key = keyLine.exec(line)
      if (key) {
        if (found) return undefined // a duplicate: let the full parser report it
        const rest = line.slice(key[0].length)
        const lead = rest.length - rest.trimStart().length
        const valueAndComment = rest.slice(lead)
        let valueText: string
        if (valueAndComment.startsWith('"')) {
          const close = /^"(?:[^"\\]|\\.)*"/.exec(valueAndComment)
          if (!close) return undefined
          valueText = close[0]
        } else if (valueAndComment.startsWith("'")) {
          const close = /^'(?:[^']|'')*'/.exec(valueAndComment)
          if (!close) return undefined
          valueText = close[0]
        } else if (valueAndComment === '' || valueAndComment.startsWith('#')) {
          valueText = ''
        } else {
          if (/^[|>&*!{[]/.test(valueAndComment)) return undefined // block scalar, anchor, alias, tag, flow
          valueText = valueAndComment.replace(/[ \t]+#.*$/, '').trimEnd()
        }
        const after = valueAndComment.slice(valueText.length)
        if (after.trim() !== '' && !/^[ \t]+#/.test(after)) return undefined
        const start = lineStart + key[0].length + lead
        found = {
          start: valueText === '' ? lineStart + key[0].length : start,
          end: valueText === '' ? lineStart + key[0].length : start + valueText.length,
          style: valueText.startsWith('"') ? 'double' : valueText.startsWith("'") ? 'single' : 'plain',
          line,
        }
        // A continuation line (indented, not a comment) would make this a multi-line scalar.
        const next = text.slice(lineEnd + 1, text.indexOf('\n', lineEnd + 1) === -1 ? text.length : text.indexOf('\n', lineEnd + 1))
        if (/^[ \t]+[^ \t#\r]/.test(next)) return undefined
      }
    } else if (first === 45 && text.startsWith('---', lineStart) && lineStart > 0 && /^---(?:[ \t]|\r?$)/.test(text.slice(lineStart, lineEnd))) {
      return undefined // a second document
    }
    lineStart = lineEnd + 1
  }
  return found ?? 'absent'
}

/**
 * The text with the top-level current-context set to `value` (or emptied), changing only
 * those bytes; undefined when the fast scan cannot do it safely.
 */
export function setCurrentContextFast(text: string, value: string): string | undefined {
  const found = findTopLevelCurrentContext(text)
  if (found === undefined) return undefined
  const encoded = value === '' ? '""' : encodeScalar(value, found === 'absent' ? 'plain' : found.style)
  if (found === 'absent') {
    const separator = text === '' || text.endsWith('\n') ? '' : '\n'
    return `${text}${separator}current-context: ${encoded}\n`
  }
  const replacement = found.start === found.end ? ` ${encoded}` : encoded
  return text.slice(0, found.start) + replacement + text.slice(found.end)
}
