// The README's audit table lists every check the audit runs, once, in the registry's order, and
// each check lives in the file named after its id.
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {auditChecks} from '../../../src/diagnose/audit/checks/index.js'
import {repoRoot} from '../../helpers/run.js'

/** The ids in the first column of the table that follows the audit's `| id | what | why ...` header. */
function documentedIds(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const table = readme.slice(readme.indexOf('| id | what | why (the failure it prevents) | how to fix |'))
  const rows = table.split('\n').slice(2)
  return rows.slice(0, rows.findIndex((line) => !line.startsWith('| '))).map((row) => /^\| `([a-z-]+)` \|/.exec(row)?.[1] ?? row)
}

describe('the README table of audit checks', () => {
  it('has one row per check, in the order of the registry', () => {
    expect(documentedIds()).toEqual(auditChecks.map((c) => c.name))
  })

  it('each check is in checks/<id>.ts', () => {
    expect(auditChecks.filter((c) => !existsSync(join(repoRoot, 'src/diagnose/audit/checks', `${c.name}.ts`))).map((c) => c.name)).toEqual([])
  })
})
