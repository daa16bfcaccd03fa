/**
 * What the CLI does with argv before any command runs, the same for the fast path and oclif:
 * `help [COMMAND]` is `COMMAND --help`, `--version`/`-V` anywhere prints the version line, and an
 * unknown command or topic is one `error:` line naming the nearest command. Everything else runs.
 */
import packageJson from '../../package.json' with {type: 'json'}
import {unknownCommand, unknownFlag, type FlagShape} from './usage-errors.js'

/** The one version line every command and plugin prints (`kubectl ctx --version` too). */
export const VERSION_LINE = `kubekit ${packageJson.version}`

const HELP_FLAGS = new Set(['--help', '-h'])
const VERSION_FLAGS = new Set(['--version', '-V'])

export type Entry = {kind: 'run'; words: string[]} | {kind: 'version'} | {kind: 'error'; message: string}

/** The command table as the entry needs it: id (`capacity:plan`) → its flag definitions. */
export type CommandFlags = Record<string, {flags?: Record<string, FlagShape>; baseFlags?: Record<string, FlagShape>}>

/** `words`: what follows the binary, command words first (the launchers put them in front). */
export function resolveEntry(input: readonly string[], bin: string, commands: CommandFlags): Entry {
  const words = rewriteHelpWord(input, commands)
  const ids = Object.keys(commands)
  const topics = topicsOf(ids)
  const first = words[0]
  if (first === undefined) return {kind: 'run', words}
  if (first.startsWith('-')) {
    if (HELP_FLAGS.has(first)) return {kind: 'run', words}
    if (VERSION_FLAGS.has(first)) return {kind: 'version'}
    return {kind: 'error', message: unknownFlag(first, {command: bin, flags: {help: {}, version: {}}, argv: []})}
  }
  const id = commandId(words, ids)
  if (id === undefined) return unknownEntry(words, bin, ids, topics)
  const rest = words.slice(id.split(':').length)
  if (rest.some((word, i) => HELP_FLAGS.has(word) && !rest.slice(0, i).includes('--'))) return {kind: 'run', words}
  if (versionRequested(rest, flagsOf(commands, id))) return {kind: 'version'}
  return {kind: 'run', words}
}

/** `help`, `help diagnose`, `capacity help show` → the same words with --help. */
function rewriteHelpWord(words: readonly string[], commands: CommandFlags): string[] {
  if (words[0] === 'help') return [...words.slice(1), '--help']
  if (words[1] === 'help' && topicsOf(Object.keys(commands)).includes(words[0]!)) return [words[0]!, ...words.slice(2), '--help']
  return [...words]
}

function topicsOf(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id) => id.includes(':')).map((id) => id.split(':')[0]!))]
}

/** The command id oclif would run (topic separator ' '), or undefined. */
function commandId(words: readonly string[], ids: readonly string[]): string | undefined {
  const [first, second] = words
  if (second !== undefined && !second.startsWith('-') && ids.includes(`${first}:${second}`)) return `${first}:${second}`
  return ids.includes(first!) ? first : undefined
}

function unknownEntry(words: readonly string[], bin: string, ids: readonly string[], topics: readonly string[]): Entry {
  const [first, second] = words as [string, string | undefined]
  if (topics.includes(first)) {
    // A topic alone (or with a flag) shows the topic's help, as oclif does; --version its version.
    if (second === undefined || second.startsWith('-')) return VERSION_FLAGS.has(second ?? '') ? {kind: 'version'} : {kind: 'run', words: [...words]}
    const subcommands = ids.filter((id) => id.startsWith(`${first}:`)).map((id) => id.slice(first.length + 1))
    return {kind: 'error', message: unknownCommand(second, `${bin} ${first}`, subcommands)}
  }
  const names = [...new Set(ids.map((id) => id.split(':')[0]!)), 'help']
  return {kind: 'error', message: unknownCommand(first, bin, names)}
}

function flagsOf(commands: CommandFlags, id: string): Record<string, FlagShape> {
  const command = commands[id]
  return {...command?.baseFlags, ...command?.flags}
}

/** --version or -V given as a flag (not as the value of another flag, not after --). */
export function versionRequested(argv: readonly string[], flags: Record<string, FlagShape>): boolean {
  const takesValue = (arg: string): boolean => {
    if (arg.includes('=')) return false
    if (arg.startsWith('--')) return flags[arg.slice(2)]?.type === 'option'
    const char = arg.slice(1)
    return char.length === 1 && Object.values(flags).some((flag) => flag.char === char && flag.type === 'option')
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') return false
    if (VERSION_FLAGS.has(arg)) return true
    if (arg.startsWith('-') && takesValue(arg)) i++
  }
  return false
}
