// Every code a diagnose rule can emit has a row in the README's table of codes, and the table
// names no code that nothing emits: `-o json` users read the codes there.
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {repoRoot} from '../helpers/run.js'

const sources = ['src/diagnose/rules', 'src/diagnose/targets'].flatMap((dir) => readdirSync(join(repoRoot, dir)).map((file) => join(dir, file))).concat('src/diagnose/core.ts')

/** The codes in `code: 'X'`, `code: cond ? 'X' : 'Y'` and the probe rule's code table (literals after `===` are compared, not emitted). */
function emittedCodes(): Map<string, string> {
  const codes = new Map<string, string>()
  for (const file of sources) {
    const text = readFileSync(join(repoRoot, file), 'utf8')
    const expressions = [...text.matchAll(/\bcode:\s*([^,\n}]+)/g), ...text.matchAll(/\bcodes: Record<[^>]+> = \{([^}]*)\}/g)].map((m) => m[1]!)
    for (const expression of expressions) for (const m of expression.matchAll(/(?<!===\s*)'([A-Z][A-Za-z]+)'/g)) codes.set(m[1]!, file)
  }
  return codes
}

/** The codes in backticks in the README's diagnose table of codes (family | codes). */
function documentedCodes(): Set<string> {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('<!-- section:diagnose -->'), readme.indexOf('<!-- /section:diagnose -->'))
  const table = section.slice(section.indexOf('| family | codes |'))
  const rows = table.split('\n').slice(2).filter((line) => line.startsWith('| '))
  // After the list, a row may go on after a semicolon about where the codes are read from.
  const lists = rows.map((row) => withoutAsides(row.split('|')[2]!).split(';')[0]!)
  return new Set(lists.flatMap((list) => [...list.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1]!)))
}

/** A row's parenthesised asides quote the objects' own words (`Unknown`, `ClientIP`), not codes: drop them, innermost first. */
function withoutAsides(cell: string): string {
  let text = cell
  while (/\([^()]*\)/.test(text)) text = text.replace(/\([^()]*\)/g, '')
  return text
}

describe('the README table of diagnose codes', () => {
  const emitted = emittedCodes()
  const documented = documentedCodes()

  it('finds the codes it compares (the scan still reads the rules)', () => {
    expect(emitted.size).toBeGreaterThan(80)
    expect(emitted.get('ReadinessProbeFailing')).toBe('src/diagnose/rules/probes.ts')
    expect(emitted.has('CronJob')).toBe(false)
  })

  it('has a row for every code a rule emits', () => {
    expect([...emitted.keys()].filter((code) => !documented.has(code)).map((code) => `${code} (${emitted.get(code)})`)).toEqual([])
  })

  it('names only codes that some rule emits', () => {
    expect([...documented].filter((code) => !emitted.has(code))).toEqual([])
  })
})
