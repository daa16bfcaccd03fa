/**
 * The pod list's filter forms, as k9s reads them:
 *   text          a case-insensitive substring of `namespace/name` or the status
 *   /re/          a regular expression (also any text with regex metacharacters: `web-[0-9]+`)
 *   !form         the inverse of any form (`!Running`, `!-l app=web`)
 *   -l selector   a label selector over the labels kept in each row (`app=web,tier!=db,canary`, `!canary`)
 *   -f text       fuzzy (fzf), best matches first
 * Pure: a filter text compiles once into a selection over rows.
 */
import {Fzf, type FzfResultItem} from 'fzf'
import type {PodRow} from './pod-rows.js'

export interface CompiledFilter {
  /** The rows that pass, in their order (fuzzy: best match first, `sorted` says so). */
  select(rows: readonly PodRow[]): PodRow[]
  /** The form, for the header: `text`, `regex`, `labels`, `fuzzy`, with `not ` when inverted. */
  form: string
  /** Fuzzy results come ranked: the list keeps that order instead of its sort. */
  ranked: boolean
  /** What is wrong with the text (a bad regex, a bad selector): it then matches as plain text. */
  error?: string | undefined
}

const metacharacters = /[\\^$.*+?()[\]{}|]/

type Requirement = (labels: Readonly<Record<string, string>>) => boolean

/** One term of a label selector: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`. */
function requirement(term: string): Requirement | undefined {
  const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term)
  if (set) {
    const values = new Set(set[3]!.split(',').map((v) => v.trim()))
    const key = set[1]!
    return set[2] === 'in' ? (l) => key in l && values.has(l[key]!) : (l) => !(key in l) || !values.has(l[key]!)
  }
  const pair = /^([\w./-]+)\s*(==|!=|=)\s*([\w./-]*)$/.exec(term)
  if (pair) {
    const [, key, op, value] = pair as unknown as [string, string, string, string]
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value
  }
  const exists = /^(!?)([\w./-]+)$/.exec(term)
  if (exists) return exists[1] ? (l) => !(exists[2]! in l) : (l) => exists[2]! in l
  return undefined
}

/** Splits a selector at commas outside parentheses. */
function terms(selector: string): string[] {
  const out: string[] = []
  let depth = 0
  let current = ''
  for (const char of selector) {
    if (char === '(') depth++
    if (char === ')') depth--
    if (char === ',' && depth === 0) {
      out.push(current.trim())
      current = ''
    } else current += char
  }
  if (current.trim()) out.push(current.trim())
  return out
}

export function labelMatcher(selector: string): ((labels: Readonly<Record<string, string>>) => boolean) | undefined {
  const requirements = terms(selector).map(requirement)
  if (requirements.length === 0 || requirements.some((r) => r === undefined)) return undefined
  return (labels) => requirements.every((r) => r!(labels))
}

const textOf = (row: PodRow) => `${row.key} ${row.status}`

function substring(needle: string): (row: PodRow) => boolean {
  const lower = needle.toLowerCase()
  return (row) => row.key.toLowerCase().includes(lower) || row.status.toLowerCase().includes(lower)
}

function predicateFilter(match: (row: PodRow) => boolean, form: string, error?: string): CompiledFilter {
  return {select: (rows) => rows.filter(match), form, ranked: false, error}
}

function positive(text: string): CompiledFilter {
  if (text.startsWith('-l ') || text.startsWith('-l=')) {
    const selector = text.slice(3).trim()
    const match = labelMatcher(selector)
    if (!match) return predicateFilter(substring(text), 'text', `"${selector}" is not a label selector (key=value, key!=value, key, !key, key in (a,b))`)
    return predicateFilter((row) => match(row.labels), 'labels')
  }
  if (text.startsWith('-f ')) {
    const query = text.slice(3).trim()
    return {
      select: (rows) => (query ? new Fzf(rows as PodRow[], {selector: textOf, casing: 'case-insensitive'}).find(query).map((result: FzfResultItem<PodRow>) => result.item) : [...rows]),
      form: 'fuzzy',
      ranked: query !== '',
    }
  }
  const slashed = /^\/(.*)\/$/.exec(text)
  if (slashed || metacharacters.test(text)) {
    const source = slashed ? slashed[1]! : text
    try {
      const re = new RegExp(source, 'i')
      return predicateFilter((row) => re.test(row.key) || re.test(row.status), 'regex')
    } catch (error) {
      return predicateFilter(substring(source), 'text', `not a regular expression (${error instanceof Error ? error.message : String(error)}): matched as text`)
    }
  }
  return predicateFilter(substring(text), 'text')
}

/**
 * The label selector the API server can apply for a filter text: a `-l` form (not inverted: the
 * inverse of a selector is not a selector) that parses; undefined otherwise. The dash then lists
 * only those pods, and still filters its rows by the same selector.
 */
export function serverSelector(text: string): string | undefined {
  const trimmed = text.trim()
  if (!trimmed.startsWith('-l ') && !trimmed.startsWith('-l=')) return undefined
  const selector = trimmed.slice(3).trim()
  return labelMatcher(selector) ? terms(selector).join(',') : undefined
}

/** The filter a text means; '' passes every row. */
export function compileFilter(text: string): CompiledFilter {
  const trimmed = text.trim()
  if (trimmed === '') return {select: (rows) => [...rows], form: 'none', ranked: false}
  if (trimmed.startsWith('!') && trimmed.length > 1) {
    const inner = positive(trimmed.slice(1).trim())
    return {
      select: (rows) => {
        const kept = new Set(inner.select(rows))
        return rows.filter((row) => !kept.has(row))
      },
      form: `not ${inner.form}`,
      ranked: false,
      error: inner.error,
    }
  }
  return positive(trimmed)
}
