// What users read never shows the project's internal words: every command's help (under both
// names), the README's user sections and the error strings in src/. The list is kept here.
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {COMMANDS} from '../../src/commands/index.js'
import {binDir, repoRoot, run} from '../helpers/run.js'

/** Words from the project's own notes and tooling that mean nothing to a user. */
const INTERNAL_WORDS: Array<[string, RegExp]> = [
  ['seed', /\bseed/i],
  ['the issue', /\bthe issue\b/i],
  ['target: as a performance goal', /\btarget:\s*(under|below|above|over|at most|at least|<|>|≤|≥|~|\d)/i],
  ['(target', /\(target\b/i],
  ['oclif', /oclif/i],
  ["this project's", /\bthis project's/i],
]

function internalWords(text: string): string[] {
  return INTERNAL_WORDS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name)
}

const plugins = new Set(['capacity', 'ctx', 'dash', 'diagnose', 'ns', 'tail'])
const ids = Object.keys(COMMANDS)
const topics = [...new Set(ids.filter((id) => id.includes(':')).map((id) => id.split(':')[0]!))]
const subjects = [[], ...topics.map((topic) => [topic]), ...ids.map((id) => id.split(':'))]

/** Every help page a user can ask for: [binary, argv, the name its usage line must show]. */
const pages: Array<[string, string[], string]> = subjects.flatMap((words): Array<[string, string[], string]> => {
  const umbrella: [string, string[], string] = ['kubekit', [...words, '--help'], ['kubekit', ...words].join(' ')]
  const first = words[0]
  if (first === undefined || !plugins.has(first)) return [umbrella]
  return [umbrella, [`kubectl-${first}`, [...words.slice(1), '--help'], ['kubectl', ...words].join(' ')]]
})

/** kubectl's shape: the sentence, USAGE, DESCRIPTION, EXAMPLES, the own flags, one GLOBAL FLAGS line. */
function expectCommandShape(page: string): void {
  const headers = page.split('\n').filter((line) => /^[A-Z][A-Z ]+$/.test(line))
  expect(headers[0]).toBe('USAGE')
  expect(headers.at(-1)).toBe('GLOBAL FLAGS')
  expect(headers.indexOf('EXAMPLES')).toBeGreaterThan(0)
  expect(headers).not.toContain('KUBECTL FLAGS')
  expect(page.split('\n')[0]).toMatch(/^[A-Z].*\.$/)
  expect(page.slice(page.indexOf('GLOBAL FLAGS')).replace(/\s+/g, ' ')).toContain('`kubekit options` lists them.')
}

describe('help pages', () => {
  it.each(pages)('%s %j', async (bin, argv, typed) => {
    const result = await run(join(binDir, bin), argv, {HOME: '/nonexistent'})
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    // The usage line shows the command as the user typed it.
    expect(result.stdout).toContain(`$ ${typed}`)
    if (bin === 'kubekit') expect(result.stdout).not.toMatch(/\$ kubectl /)
    expect(internalWords(result.stdout)).toEqual([])
    if (ids.includes(argv.filter((word) => word !== '--help').join(':')) || ids.includes([bin.replace('kubectl-', ''), ...argv.filter((word) => word !== '--help')].join(':'))) expectCommandShape(result.stdout)
  })
})

describe('the README', () => {
  it('has none of them before its Architecture section (which names the tools it is built with)', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
    const user = readme.slice(0, readme.indexOf('\n## Architecture'))
    const found = user.split('\n').flatMap((line, i) => internalWords(line).map((word) => `README.md:${i + 1}: ${word}: ${line.trim().slice(0, 80)}`))
    expect(found).toEqual([])
  })
})

describe('package.json', () => {
  it('has none of them in its description (npm and the krew manifests show it)', () => {
    const {description} = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {description: string}
    expect(internalWords(description)).toEqual([])
  })
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

/** The text of the first string literal after an error constructor or a stderr write, interpolations left out. */
const MESSAGE = /(?:new \w*Error\(|stderr\.write\(|\.warn\(|\.error\()\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g

describe('error strings in src/', () => {
  it('have none of them', () => {
    const found: string[] = []
    for (const file of sourceFiles(join(repoRoot, 'src'))) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(MESSAGE)) {
        const message = match[2]!.replace(/\$\{[^}]*\}/g, '')
        for (const word of internalWords(message)) found.push(`${file.slice(repoRoot.length)}: ${word}: ${message.slice(0, 80)}`)
      }
    }
    expect(found).toEqual([])
  })

  it('the list catches what it is for', () => {
    expect(internalWords('prints the seed example')).toEqual(['seed'])
    expect(internalWords('4.3 s (target: under 10 s)')).toEqual(['target: as a performance goal', '(target'])
    expect(internalWords('target: {kind: Pod}')).toEqual([])
    expect(internalWords('handled by oclif')).toEqual(['oclif'])
  })
})
