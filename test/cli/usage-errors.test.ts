// The sentences of usage errors and what the CLI answers before a command runs (help word,
// --version, unknown commands): pure functions, the same on the fast path and under oclif.
import {describe, expect, it} from 'vitest'
import {COMMANDS} from '../../src/commands/index.js'
import {resolveEntry, versionRequested, VERSION_LINE, type CommandFlags} from '../../src/cli/entry.js'
import {flagValue, unknownCommand, usageErrorLine, type UsageContext} from '../../src/cli/usage-errors.js'

const table = COMMANDS as unknown as CommandFlags
const diagnose: UsageContext = {
  command: 'kubectl diagnose',
  flags: {tail: {type: 'option'}, logs: {type: 'boolean', allowNo: true}, output: {type: 'option', char: 'o'}, secret: {type: 'option', hidden: true}},
  argv: ['pod', 'x', '--tail', '5000'],
}

describe('usage errors are one line in kubectl\'s words', () => {
  it('an unknown flag names the nearest one, else where the help is', () => {
    expect(usageErrorLine({message: 'Nonexistent flag: --tial\nSee more help with --help', flags: ['--tial']}, diagnose)).toBe('unknown flag: --tial (did you mean "--tail"?)')
    expect(usageErrorLine({message: 'Nonexistent flag: --nologs', flags: ['--nologs']}, diagnose)).toContain('"--no-logs"')
    expect(usageErrorLine({message: 'Nonexistent flag: --bogus', flags: ['--bogus=1']}, diagnose)).toBe("unknown flag: --bogus; see 'kubectl diagnose --help'")
    expect(usageErrorLine({message: 'Nonexistent flag: -x', flags: ['-x']}, diagnose)).toBe("unknown shorthand flag: 'x' in -x; see 'kubectl diagnose --help'")
    // Hidden flags are accepted, never suggested.
    expect(usageErrorLine({message: 'Nonexistent flag: --secrt', flags: ['--secrt']}, diagnose)).not.toContain('--secret')
  })

  it('a value that does not parse says which flag and what it got', () => {
    const parsing = {message: 'Parsing --tail \n\tExpected an integer less than or equal to 1000\nSee more help with --help'}
    expect(usageErrorLine(parsing, diagnose)).toBe('invalid argument "5000" for "--tail" flag: expected an integer less than or equal to 1000')
    const integer = {message: 'Parsing --services \n\tExpected an integer but received: abc\nSee more help with --help'}
    expect(usageErrorLine(integer, {command: 'kubectl capacity plan', flags: {}, argv: ['--services=abc']})).toBe('invalid argument "abc" for "--services" flag: expected an integer')
  })

  it('a value outside the options lists them and the nearest', () => {
    expect(usageErrorLine({message: 'Expected --output=jsn to be one of: text, json, yaml\nSee more help with --help'}, diagnose)).toBe(
      'invalid argument "jsn" for "--output" flag: must be one of text, json, yaml (did you mean "json"?)',
    )
    expect(usageErrorLine({message: 'Expected xml to be one of: add, list\nSee more help with --help'}, diagnose)).toBe("invalid argument \"xml\": must be one of add, list; see 'kubectl diagnose --help'")
  })

  it('missing and unexpected arguments', () => {
    const missing = {message: 'Missing 1 required arg:\nkind  pod or node\nSee more help with --help', args: [{name: 'kind', description: 'pod or node'}]}
    expect(usageErrorLine(missing, diagnose)).toBe("missing KIND (pod or node); see 'kubectl diagnose --help'")
    expect(usageErrorLine({message: 'Unexpected argument: z\nSee more help with --help', args: ['z']}, diagnose)).toBe("unexpected argument \"z\"; see 'kubectl diagnose --help'")
    expect(usageErrorLine({message: 'Flag --context expects a value'}, diagnose)).toBe('flag needs an argument: --context')
  })

  it('leaves other errors alone', () => {
    expect(usageErrorLine({message: 'context "x" not found'}, diagnose)).toBeUndefined()
  })

  it('finds the value a flag was given, as the parser keeps it (the last)', () => {
    expect(flagValue(['-o', 'xml'], 'output', 'o')).toBe('xml')
    expect(flagValue(['-oxml', '--output=yaml'], 'output', 'o')).toBe('yaml')
    expect(flagValue(['--', '--output', 'x'], 'output', 'o')).toBeUndefined()
  })

  it('an unknown command names the nearest one', () => {
    expect(unknownCommand('shwo', 'kubectl capacity', ['plan', 'show'])).toBe('unknown command "shwo" for "kubectl capacity" (did you mean "show"?)')
    expect(unknownCommand('zzz', 'kubekit', ['diagnose'])).toBe(`unknown command "zzz" for "kubekit"; see 'kubekit --help'`)
  })
})

describe('what is answered before a command runs', () => {
  it('help [COMMAND] is COMMAND --help', () => {
    expect(resolveEntry(['help'], 'kubekit', table)).toEqual({kind: 'run', words: ['--help']})
    expect(resolveEntry(['help', 'capacity', 'show'], 'kubekit', table)).toEqual({kind: 'run', words: ['capacity', 'show', '--help']})
    expect(resolveEntry(['capacity', 'help', 'plan'], 'kubectl', table)).toEqual({kind: 'run', words: ['capacity', 'plan', '--help']})
    expect(resolveEntry(['help', 'nosuch'], 'kubekit', table)).toMatchObject({kind: 'error'})
  })

  it('--version and -V on every command, but not as a flag value or after --', () => {
    for (const words of [['--version'], ['-V'], ['diagnose', '--version'], ['diagnose', 'pod', 'x', '-V'], ['capacity', '--version'], ['capacity', 'show', '-V'], ['tail', '--version'], ['sandbox', 'start', '-V']]) {
      expect(resolveEntry(words, 'kubekit', table)).toEqual({kind: 'version'})
    }
    expect(resolveEntry(['tail', '--', '--version'], 'kubekit', table)).toMatchObject({kind: 'run'})
    expect(versionRequested(['--template', '--version'], {template: {type: 'option'}})).toBe(false)
    expect(versionRequested(['-c', '-V'], {container: {type: 'option', char: 'c'}})).toBe(false)
    expect(VERSION_LINE).toMatch(/^kubekit \d+\.\d+\.\d+/)
  })

  it('help wins over --version', () => {
    expect(resolveEntry(['diagnose', '--version', '--help'], 'kubectl', table)).toMatchObject({kind: 'run'})
  })

  it('unknown commands and topics: one line with the nearest command', () => {
    expect(resolveEntry(['capacity', 'shw'], 'kubectl', table)).toEqual({kind: 'error', message: 'unknown command "shw" for "kubectl capacity" (did you mean "show"?)'})
    expect(resolveEntry(['diagnoze', 'pod', 'x'], 'kubekit', table)).toEqual({kind: 'error', message: 'unknown command "diagnoze" for "kubekit" (did you mean "diagnose"?)'})
    expect(resolveEntry(['--bogus'], 'kubekit', table)).toMatchObject({kind: 'error', message: expect.stringMatching(/^unknown flag: --bogus/)})
    // A topic alone is its help, as before.
    expect(resolveEntry(['capacity'], 'kubectl', table)).toEqual({kind: 'run', words: ['capacity']})
  })
})
