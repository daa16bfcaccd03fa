/**
 * The root of every command, in process: one `error: ...` line and exit 1 for any failure
 * (credentials redacted, a stack only with --debug), oclif's exits and a declined fast path
 * passed through, the colour choice, and oclif's multi-line messages made one line.
 */
import {Flags} from '@oclif/core'
import {describe, expect, it} from 'vitest'
import {KubekitCommand, oneLine} from '../../src/cli/base-command.js'
import {FastPathDeclined} from '../../src/cli/fallback.js'
import {runInProcess} from './in-process.js'

/** A command whose run() does what --do says, and prints what the base class decides. */
class Probe extends KubekitCommand {
  static override id = 'probe'
  static override flags = {do: Flags.string({default: 'print'}), limit: Flags.integer({max: 10})}

  async run(): Promise<void> {
    const {flags} = await this.parse(Probe)
    if (flags.do === 'fail') throw new Error('Parsing failed\n\tsecond line\nSee more help with --help')
    if (flags.do === 'leak') throw new Error('request failed: Authorization: Bearer s3cr3t-token-value')
    if (flags.do === 'exit') this.exit(3)
    if (flags.do === 'decline') throw new FastPathDeclined('help')
    process.stdout.write(`${this.typedName} colour=${this.colour(flags, {isTTY: false})}\n`)
  }
}

const run = (...argv: string[]) => runInProcess(Probe, argv)

describe('KubekitCommand: errors', () => {
  it('any failure is one line on stderr and exit 1', async () => {
    expect(await run('--do', 'fail')).toEqual({stdout: '', stderr: 'error: Parsing failed second line\n', exit: 1})
  })

  it('credentials in a message are redacted', async () => {
    expect((await run('--do', 'leak')).stderr).toBe('error: request failed: Authorization: Bearer [redacted]\n')
  })

  it('--debug adds the stack, redacted too', async () => {
    const {stderr, exit} = await run('--do', 'leak', '--debug')
    const [line, ...stack] = stderr.trimEnd().split('\n')
    expect(line).toBe('error: request failed: Authorization: Bearer [redacted]')
    expect(stack[0]).toBe('Error: request failed: Authorization: Bearer [redacted]')
    expect(stack.some((frame) => frame.includes('base-command.test.ts'))).toBe(true)
    expect(stderr).not.toContain('s3cr3t')
    expect(exit).toBe(1)
  })

  it("the parser's errors are usage lines in kubectl's words", async () => {
    expect((await run('--limit', '11')).stderr).toBe('error: invalid argument "11" for "--limit" flag: expected an integer less than or equal to 10\n')
    expect((await run('--bogus')).stderr).toBe("error: unknown flag: --bogus; see 'kubectl probe --help'\n")
  })

  it('an exit the command asks for, and a declined fast path, pass through untouched', async () => {
    expect(await run('--do', 'exit')).toEqual({stdout: '', stderr: '', exit: 3})
    await expect(run('--do', 'decline')).rejects.toBeInstanceOf(FastPathDeclined)
  })
})

describe('KubekitCommand: the command as typed and the colour', () => {
  it('kubectl then the command id; --color and --no-color decide, else the stream (not a terminal: none)', async () => {
    expect((await run()).stdout).toBe('kubectl probe colour=false\n')
    expect((await run('--color')).stdout).toBe('kubectl probe colour=true\n')
    expect((await run('--no-color')).stdout).toBe('kubectl probe colour=false\n')
  })

  it('--version and --color are global flags every command accepts', () => {
    expect(Object.keys(KubekitCommand.baseFlags)).toEqual(['color', 'debug', 'version'])
    expect(KubekitCommand.baseFlags.version.char).toBe('V')
  })
})

describe('oneLine', () => {
  it("joins oclif's lines, without colour codes, its help hint or its note on multiple-value flags", () => {
    expect(oneLine('\u001B[31mParsing --tail \n\tExpected an integer\u001B[39m\nSee more help with --help')).toBe('Parsing --tail Expected an integer')
    expect(oneLine('Expected --as-group=a to be one of: x\nNote: --as-group allows multiple values. Because of this you need to provide all arguments before providing this flag.')).toBe('Expected --as-group=a to be one of: x')
  })

  it('drops a leading "error:" (the handler adds its own)', () => {
    expect(oneLine('Error: something   broke')).toBe('something broke')
  })
})
