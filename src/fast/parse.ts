/**
 * argv → {args, flags} for the fast path, following @oclif/core 4's parser step by step
 * (lib/parser/parse.js) for the forms kubekit's commands accept, and declining everything else:
 * any input on which oclif would fail, or that uses a feature this parser does not model, throws
 * FastPathDeclined, and the launcher lets oclif parse (and word the error) instead.
 */
import {EOL} from 'node:os'
import {createInterface} from 'node:readline'
import {FastPathDeclined} from '../cli/fallback.js'

/** The parts of an oclif flag or arg definition the parser reads (oclif's and the lite ones alike). */
export interface FlagDefinition {
  type: 'boolean' | 'option'
  char?: string | undefined
  multiple?: boolean | undefined
  allowNo?: boolean | undefined
  options?: readonly string[] | undefined
  default?: unknown
  parse?: ((input: never, context: object, options: never) => Promise<unknown>) | undefined
  [other: string]: unknown
}

export interface ArgDefinition {
  required?: boolean | undefined
  options?: readonly string[] | undefined
  default?: unknown
  multiple?: boolean | undefined
  ignoreStdin?: boolean | undefined
  parse?: ((input: never, context: object, options: never) => Promise<unknown>) | undefined
  [other: string]: unknown
}

export interface ParseInput {
  flags: Record<string, FlagDefinition>
  args: Record<string, ArgDefinition>
  strict?: boolean | undefined
}

export interface ParseOutput {
  args: Record<string, unknown>
  flags: Record<string, unknown>
  argv: unknown[]
}

/** Definition keys whose oclif semantics (relationships, env, stdin, aliases...) this parser leaves to oclif. */
const UNMODELLED_FLAG_KEYS = ['required', 'exclusive', 'dependsOn', 'exactlyOne', 'relationships', 'env', 'allowStdin', 'aliases', 'charAliases', 'delimiter', 'deprecated', 'deprecateAliases']
const UNMODELLED_ARG_KEYS = ['multiple']

type RawToken = {type: 'flag'; flag: string; input: string} | {type: 'arg'; input: string}

export function decline(reason: string): never {
  throw new FastPathDeclined(reason)
}

export async function parseArgv(argvIn: readonly string[], input: ParseInput): Promise<ParseOutput> {
  checkModelled(input)
  const raw = tokenize([...argvIn], input.flags)
  const argTokens = raw.filter((t) => t.type === 'arg').map((t) => t.input)
  const flags = await flagValues(raw, input.flags)
  const {args, argv} = await argValues(argTokens, input.args)
  validate(input, args, argTokens.length)
  return {args, flags, argv}
}

function checkModelled(input: ParseInput): void {
  for (const [name, flag] of Object.entries(input.flags)) {
    if (UNMODELLED_FLAG_KEYS.some((key) => flag[key] !== undefined && flag[key] !== false)) decline(`flag --${name} uses an unmodelled option`)
    if (typeof flag.default === 'function') decline(`flag --${name} has a computed default`)
  }
  for (const [name, arg] of Object.entries(input.args)) {
    if (UNMODELLED_ARG_KEYS.some((key) => arg[key] !== undefined && arg[key] !== false)) decline(`arg ${name} uses an unmodelled option`)
    if (typeof arg.default === 'function') decline(`arg ${name} has a computed default`)
  }
}

/** oclif's main loop: flags, `--flag=value`, grouped short booleans, greedy multiple flags. */
function tokenize(argv: string[], flags: Record<string, FlagDefinition>): RawToken[] {
  const raw: RawToken[] = []
  let current: FlagDefinition | undefined
  const parseFlag = (arg: string): boolean => {
    const {isLong, name} = findFlag(arg, flags)
    if (!name) {
      const i = arg.indexOf('=')
      if (i === -1) return false
      argv.unshift(arg.slice(i + 1))
      const parsed = parseFlag(arg.slice(0, i))
      if (!parsed) argv.shift()
      return parsed
    }
    const flag = flags[name]!
    if (flag.type === 'option') {
      if (!flag.multiple && raw.some((t) => t.type === 'flag' && t.flag === name)) decline(`--${name} given twice`)
      current = flag
      const value = isLong || arg.length < 3 ? argv.shift() : arg.slice(arg[2] === '=' ? 3 : 2)
      if (typeof value !== 'string' || findFlag(value, flags).name) decline(`--${name} without a value`)
      raw.push({type: 'flag', flag: name, input: value})
    } else {
      raw.push({type: 'flag', flag: name, input: arg})
      if (!isLong && arg.length > 2) argv.unshift(`-${arg.slice(2)}`)
    }
    return true
  }
  while (argv.length > 0) {
    const input = argv.shift()!
    if (input.startsWith('-') && input !== '-') {
      if (input === '--') decline('-- in argv')
      if (parseFlag(input)) continue
      if (!/^-\d/.test(input)) decline(`nonexistent flag ${input}`)
    }
    if (current?.multiple) {
      raw.push({type: 'flag', flag: nameOf(current, flags), input})
      continue
    }
    raw.push({type: 'arg', input})
  }
  return raw
}

function nameOf(flag: FlagDefinition, flags: Record<string, FlagDefinition>): string {
  return Object.keys(flags).find((name) => flags[name] === flag)!
}

function findFlag(arg: string, flags: Record<string, FlagDefinition>): {isLong: boolean; name: string | undefined} {
  const isLong = arg.startsWith('--')
  if (isLong) return {isLong, name: findLongFlag(arg, flags)}
  if (!arg.startsWith('-')) return {isLong, name: undefined}
  const char = arg[1]
  const name = char === undefined ? undefined : Object.keys(flags).find((key) => flags[key]!.char === char)
  return {isLong, name}
}

function findLongFlag(arg: string, flags: Record<string, FlagDefinition>): string | undefined {
  const name = arg.slice(2)
  if (flags[name]) return name
  if (!arg.startsWith('--no-')) return undefined
  const negated = arg.slice('--no-'.length)
  const flag = flags[negated]
  return flag?.type === 'boolean' && flag.allowNo ? negated : undefined
}

async function flagValues(raw: RawToken[], definitions: Record<string, FlagDefinition>): Promise<Record<string, unknown>> {
  const flags: Record<string, unknown> = {}
  for (const [name, flag] of Object.entries(definitions)) {
    const inputs = raw.flatMap((t) => (t.type === 'flag' && t.flag === name ? [t.input] : []))
    if (inputs.length === 0) {
      flags[name] = flag.default
      continue
    }
    if (flag.type === 'boolean') flags[name] = await parseValue(flag, inputs.at(-1) !== `--no-${name}`, name)
    else if (flag.multiple) flags[name] = await Promise.all(inputs.map((i) => parseValue(flag, checkOption(flag, i, name), name)))
    else flags[name] = await parseValue(flag, checkOption(flag, inputs.at(-1)!, name), name)
  }
  return flags
}

function checkOption(flag: FlagDefinition, input: string, name: string): string {
  if (flag.options && !flag.options.includes(input)) decline(`--${name}=${input} is not one of its options`)
  return input
}

async function parseValue(definition: FlagDefinition | ArgDefinition, input: unknown, name: string): Promise<unknown> {
  if (!definition.parse) return input
  try {
    return await definition.parse(input as never, {}, definition as never)
  } catch {
    return decline(`${name}: value does not parse`)
  }
}

/** oclif's _args for commands without a variadic arg, including its 10 ms look at a piped stdin. */
async function argValues(tokens: string[], definitions: Record<string, ArgDefinition>): Promise<{args: Record<string, unknown>; argv: unknown[]}> {
  const args: Record<string, unknown> = {}
  const argv: unknown[] = []
  let stdinRead = false
  const names = Object.keys(definitions)
  for (const [index, name] of names.entries()) {
    const arg = definitions[name]!
    let input: string | null | undefined = tokens[index]
    if (input === undefined && !arg.ignoreStdin && !stdinRead) {
      input = await readStdin()
      stdinRead = true
      if (input) input = input.trim()
      else input = undefined
    }
    if (input !== undefined) {
      if (arg.options && !arg.options.includes(input)) decline(`arg ${name}=${input} is not one of its options`)
      const parsed = await parseValue(arg, input, name)
      argv.push(parsed)
      args[name] = parsed
    }
    if (args[name] === undefined && (arg.default || arg.default === false)) {
      argv.push(arg.default)
      args[name] = arg.default
    }
  }
  for (const token of tokens.slice(names.length)) argv.push(token)
  return {args, argv}
}

function validate(input: ParseInput, args: Record<string, unknown>, tokenCount: number): void {
  const names = Object.keys(input.args)
  if (input.strict !== false && tokenCount > names.length) decline('unexpected arguments')
  for (const name of names) if (input.args[name]!.required && args[name] === undefined) decline(`missing arg ${name}`)
}

/**
 * oclif fills a missing arg from a piped stdin that ends within 10 ms (lib/parser/parse.js readStdin);
 * the fast path does the same so both paths see the same args. The result is cached like oclif's.
 */
let stdinCache: string | undefined
function readStdin(): Promise<string | null> {
  const {stdin, stdout} = process
  if (stdin.isTTY) return Promise.resolve(null)
  if (stdinCache !== undefined) return Promise.resolve(stdinCache)
  return new Promise((resolve) => {
    const lines: string[] = []
    const rl = createInterface({input: stdin, output: stdout, terminal: false})
    // As in oclif, closing on the timeout emits 'close' at once: the answer is what arrived so far.
    const timeout = setTimeout(() => rl.close(), 10)
    rl.on('line', (line) => lines.push(line))
    rl.once('close', () => {
      clearTimeout(timeout)
      stdinCache = lines.join(EOL)
      resolve(stdinCache)
    })
  })
}
