/**
 * What the fast bundle (dist/fast.js) gets for `import ... from '@oclif/core'` (scripts/build.mjs
 * aliases it here): the same flag and arg builders, a Command that parses with src/fast/parse.ts,
 * and the two error classes kubekit's commands use. The command classes run unchanged on it;
 * anything oclif would do differently (help, parse errors, unknown commands) is declined and
 * re-run through the real @oclif/core by bin/launch.js.
 */
import type {ArgDefinition, FlagDefinition, ParseInput, ParseOutput} from './parse.js'
import {parseArgv} from './parse.js'

type Options = Record<string, unknown>

function optionFlag(defaults: Options) {
  return (options: Options = {}): FlagDefinition => ({
    parse: async (input: never) => input,
    ...defaults,
    ...options,
    input: [],
    multiple: Boolean(options.multiple ?? defaults.multiple ?? false),
    type: 'option',
  })
}

function boolean(options: Options = {}): FlagDefinition {
  return {parse: async (value: never) => value, ...options, allowNo: Boolean(options.allowNo), type: 'boolean'}
}

/** oclif's integer parse: the same checks (the messages never show: a failure is declined). */
async function parseInteger(input: string, _context: unknown, options: {min?: number; max?: number}): Promise<number> {
  if (!/^-?\d+$/.test(input)) throw new Error(`Expected an integer but received: ${input}`)
  const value = Number.parseInt(input, 10)
  if (options.min !== undefined && value < options.min) throw new Error(`Expected an integer greater than or equal to ${options.min}`)
  if (options.max !== undefined && value > options.max) throw new Error(`Expected an integer less than or equal to ${options.max}`)
  return value
}

export const Flags = {
  string: optionFlag({}),
  integer: optionFlag({parse: parseInteger}),
  boolean,
}

export const Args = {
  string: (options: Options = {}): ArgDefinition => ({parse: async (input: never) => input, ...options, input: [], type: 'option'}),
}

class CLIError extends Error {
  oclif: {exit?: number}
  constructor(message: string, options: {exit?: number} = {}) {
    super(message)
    this.oclif = {exit: options.exit ?? 1}
  }
}

class ExitError extends CLIError {
  code = 'EEXIT'
  constructor(exitCode = 1) {
    super(`EEXIT: ${exitCode}`, {exit: exitCode})
  }
}

export const Errors = {CLIError, ExitError}

/** The config a command sees: kubekit's commands read only `bin`. */
export interface LiteConfig {
  bin: string
}

interface CommandClass {
  flags?: Record<string, FlagDefinition>
  baseFlags?: Record<string, FlagDefinition>
  args?: Record<string, ArgDefinition>
  strict?: boolean
}

/** Called once a command's flags have parsed (the runner releases the stderr it held until then). */
let onParsed: (() => void) | undefined
export function setParsedHook(hook: (() => void) | undefined): void {
  onParsed = hook
}

export abstract class Command {
  static baseFlags: Record<string, FlagDefinition> = {}
  static flags: Record<string, FlagDefinition> = {}
  static args: Record<string, ArgDefinition> = {}
  static strict = true
  static summary?: string
  static description?: string
  static usage?: string | string[]
  static examples?: unknown[]
  static hidden = false

  id: string | undefined

  constructor(
    public argv: string[],
    public config: LiteConfig,
  ) {}

  abstract run(): Promise<unknown>

  async init(): Promise<void> {}

  async parse(options?: CommandClass, argv: string[] = this.argv): Promise<ParseOutput> {
    const ctor = options ?? (this.constructor as CommandClass)
    const input: ParseInput = {flags: {...ctor.baseFlags, ...ctor.flags}, args: ctor.args ?? {}, strict: ctor.strict ?? true}
    const result = await parseArgv(argv, input)
    onParsed?.()
    return result
  }

  exit(code = 0): never {
    throw new ExitError(code)
  }

  protected async catch(error: Error): Promise<unknown> {
    throw error
  }

  protected async finally(_error: Error | undefined): Promise<unknown> {
    return undefined
  }
}
