/**
 * Usage errors in kubectl's words, one line each: what the parser refused, then the nearest
 * flag, command or value (`did you mean ...?`) or where the usage is (`see 'kubectl x --help'`).
 * Pure functions over the parser's error and the command's flag definitions, so both the CLI
 * and its tests read the same sentences. No framework import: the fast path bundles this too.
 */
import {didYouMean, editDistance} from '../util/suggest.js'

/** The flag fields a message needs (oclif's definitions and the fast path's alike). */
export interface FlagShape {
  type?: string
  char?: string | undefined
  hidden?: boolean | undefined
  allowNo?: boolean | undefined
  options?: readonly string[] | undefined
}

export interface UsageContext {
  /** What the user typed the command as: `kubectl diagnose`, `kubekit capacity plan`. */
  command: string
  flags: Record<string, FlagShape>
  /** The arguments after the command, to find the value a flag was given. */
  argv: readonly string[]
}

interface ParserError {
  message: string
  flags?: unknown
  args?: unknown
}

/** `see 'kubectl diagnose --help'`: where the usage is. */
export function helpPointer(command: string): string {
  return `see '${command} --help'`
}

/** The one line for a parser error, or undefined when the error is not the parser's. */
export function usageErrorLine(error: ParserError, context: UsageContext): string | undefined {
  const message = error.message
  if (/^Nonexistent flags?: /.test(message)) return unknownFlag(firstOf(error.flags) ?? message.replace(/^Nonexistent flags?: /, '').split(/[,\n]/)[0]!, context)
  if (/^Missing \d+ required args?/.test(message)) return missingArgument(error.args, context)
  if (/^Unexpected arguments?: /.test(message)) return unexpectedArgument(error.args, message, context)
  const parsing = /^Parsing --([^\s]+)\s*\n\s*([^\n]*)/.exec(message)
  if (parsing) return invalidValue(parsing[1]!, parsing[2]!, context)
  const option = /^Expected --([^=\s]+)=(.*) to be one of: ([^\n]*)/.exec(message)
  if (option) return notAnOption(`--${option[1]}`, option[2]!, option[3]!.split(', '))
  const argOption = /^Expected (.*) to be one of: ([^\n]*)/.exec(message)
  if (argOption) return notAnOption(undefined, argOption[1]!, argOption[2]!.split(', '), context)
  const needsValue = /^Flag --(\S+) expects (?:a value|one of these values: (.*))/.exec(message)
  if (needsValue) return `flag needs an argument: --${needsValue[1]}` + (needsValue[2] ? ` (one of ${needsValue[2]})` : '')
  const twice = /^Flag --(\S+) can only be specified once/.exec(message)
  if (twice) return `flag given more than once: --${twice[1]}`
  return undefined
}

function firstOf(list: unknown): string | undefined {
  return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : undefined
}

/** `unknown flag: --tial (did you mean "--tail"?)`, as kubectl words it. */
export function unknownFlag(typed: string, context: UsageContext): string {
  const flag = typed.split('=')[0]!
  const long = flag.startsWith('--')
  const names = Object.entries(context.flags)
    .filter(([, definition]) => !definition.hidden)
    .flatMap(([name, definition]) => (definition.allowNo ? [`--${name}`, `--no-${name}`] : [`--${name}`]))
  const hint = long ? didYouMean(flag, names.filter((name) => closeFlag(flag.slice(2), name.slice(2)))) : ''
  const what = long ? `unknown flag: ${flag}` : `unknown shorthand flag: '${flag.slice(1, 2)}' in ${flag}`
  return what + (hint || `; ${helpPointer(context.command)}`)
}

/**
 * Flag names are short, so a suggestion must be near: one edit for up to 5 letters, two beyond,
 * a swap of two neighbours, or the start of the name ("--tial" → "--tail", never "--bogus" → "--logs").
 */
function closeFlag(typed: string, name: string): boolean {
  if (typed.length >= 3 && name.startsWith(typed)) return true
  if (editDistance(typed, name) <= (typed.length <= 5 ? 1 : 2)) return true
  return typed.length === name.length && [...typed].some((_, i) => typed.slice(0, i) + typed[i + 1] + typed[i] + typed.slice(i + 2) === name)
}

function missingArgument(args: unknown, context: UsageContext): string {
  const first = Array.isArray(args) ? (args[0] as {name?: string; description?: string; options?: string[]} | undefined) : undefined
  const name = (first?.name ?? 'argument').toUpperCase()
  const described = first?.options ? first.options.join(', ') : first?.description?.replace(/\.$/, '')
  return `missing ${name}${described ? ` (${described})` : ''}; ${helpPointer(context.command)}`
}

function unexpectedArgument(args: unknown, message: string, context: UsageContext): string {
  const extra = Array.isArray(args) && args.length > 0 ? args.map(String) : message.replace(/^Unexpected arguments?: /, '').split('\n')[0]!.split(', ')
  const quoted = extra.map((arg) => `"${arg}"`).join(', ')
  return `unexpected argument${extra.length === 1 ? '' : 's'} ${quoted}; ${helpPointer(context.command)}`
}

/** `invalid argument "abc" for "--services" flag: expected an integer`, kubectl's words. */
function invalidValue(name: string, reason: string, context: UsageContext): string {
  const flag = context.flags[name]
  const value = flagValue(context.argv, name, flag?.char)
  // The value is named once, at the front: oclif's "... but received: 5000" is left out.
  const why = reason.replace(/\s*but received:? .*$/i, '').replace(/^\w/, (c) => c.toLowerCase())
  return `invalid argument ${value === undefined ? '' : `"${value}" `}for "--${name}" flag: ${why}`
}

function notAnOption(flag: string | undefined, value: string, options: readonly string[], context?: UsageContext): string {
  const hint = didYouMean(value, options)
  const subject = flag ? ` for "${flag}" flag` : ''
  const tail = hint || (flag || !context ? '' : `; ${helpPointer(context.command)}`)
  return `invalid argument "${value}"${subject}: must be one of ${options.join(', ')}${tail}`
}

/** The value given to --name (or -c) in argv: the last one, as the parser keeps. */
export function flagValue(argv: readonly string[], name: string, char?: string): string | undefined {
  let value: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') break
    if (arg === `--${name}` || (char !== undefined && arg === `-${char}`)) value = argv[i + 1]
    else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3)
    else if (char !== undefined && arg.startsWith(`-${char}`) && !arg.startsWith('--')) value = arg.slice(arg[2] === '=' ? 3 : 2)
  }
  return value
}

/** `unknown command "foo" for "kubectl capacity" (did you mean "show"?)`. */
export function unknownCommand(word: string, parent: string, candidates: readonly string[]): string {
  return `unknown command "${word}" for "${parent}"` + (didYouMean(word, candidates) || `; ${helpPointer(parent)}`)
}
