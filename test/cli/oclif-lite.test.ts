/**
 * The fast bundle's stand-in for @oclif/core: flag and arg builders in oclif's shape, integer
 * checks as oclif makes them, its two error classes, and a Command that parses with the fast
 * parser (whether it agrees with oclif is fast-path.test.ts's subject).
 */
import {afterEach, describe, expect, it} from 'vitest'
import {Args, Command, Errors, Flags, setParsedHook} from '../../src/fast/oclif-lite.js'
import type {FlagDefinition} from '../../src/fast/parse.js'

afterEach(() => setParsedHook(undefined))

/** What a flag's parse makes of `input` (the parser calls it with the flag's options). */
const parsed = (flag: FlagDefinition, input: string, options: object = {}) => flag.parse!(input as never, {}, options as never)
const integer = (input: string, options: {min?: number; max?: number} = {}) => parsed(Flags.integer(options), input, options)

describe('Flags and Args', () => {
  it("option and boolean flags in oclif's shape, the options given kept", () => {
    expect(Flags.string({char: 'n', description: 'Namespace'})).toMatchObject({type: 'option', char: 'n', description: 'Namespace', multiple: false, input: []})
    expect(Flags.string({multiple: true}).multiple).toBe(true)
    expect(Flags.boolean({allowNo: true})).toMatchObject({type: 'boolean', allowNo: true})
    expect(Flags.boolean().allowNo).toBe(false)
    expect(Args.string({name: 'target'})).toMatchObject({type: 'option', name: 'target', input: []})
  })

  it('a string flag parses to what was typed', async () => {
    expect(await parsed(Flags.string(), 'web')).toBe('web')
  })

  it("an integer flag checks as oclif's does", async () => {
    expect(await integer('-12')).toBe(-12)
    await expect(integer('1.5')).rejects.toThrow('Expected an integer but received: 1.5')
    await expect(integer('0', {min: 1})).rejects.toThrow('Expected an integer greater than or equal to 1')
    await expect(integer('11', {max: 10})).rejects.toThrow('Expected an integer less than or equal to 10')
    expect(await integer('10', {min: 1, max: 10})).toBe(10)
  })
})

describe('Errors', () => {
  it('ExitError carries the exit code and EEXIT; CLIError exits 1 unless told', () => {
    const exit = new Errors.ExitError(3)
    expect(exit).toBeInstanceOf(Errors.CLIError)
    expect(exit).toMatchObject({code: 'EEXIT', message: 'EEXIT: 3', oclif: {exit: 3}})
    expect(new Errors.CLIError('bad').oclif.exit).toBe(1)
    expect(new Errors.CLIError('bad', {exit: 2}).oclif.exit).toBe(2)
  })
})

class Probe extends Command {
  static override baseFlags = {debug: Flags.boolean()}
  static override flags = {tail: Flags.integer({min: 0}), output: Flags.string({char: 'o'})}
  static override args = {target: Args.string()}

  async run() {
    return this.parse()
  }
}

describe('Command', () => {
  it('parses its own and its base flags and args, then tells the runner once', async () => {
    let told = 0
    setParsedHook(() => told++)
    const command = new Probe(['pod/web', '--tail', '5', '-o', 'json', '--debug'], {bin: 'kubectl'})
    const {flags, args} = await command.run()
    expect(flags).toMatchObject({tail: 5, output: 'json', debug: true})
    expect(args).toEqual({target: 'pod/web'})
    expect(told).toBe(1)
    expect(command.config.bin).toBe('kubectl')
  })

  it('exit() throws the ExitError oclif would', () => {
    const command = new Probe([], {bin: 'kubectl'})
    expect(() => command.exit(4)).toThrow(expect.objectContaining({oclif: {exit: 4}}) as Error)
    expect(() => command.exit()).toThrow(expect.objectContaining({oclif: {exit: 0}}) as Error)
  })
})
