/**
 * The fast path (dist/fast.js): argv → command → flags → run, on the same command classes as the
 * oclif CLI but with @oclif/core swapped for src/fast/oclif-lite.ts at build time, so a one-shot
 * command loads none of oclif's machinery (config and plugin loading, help, semver, ejs...).
 *
 * `help [COMMAND]`, --version/-V and unknown commands are answered by src/cli/entry.ts, as in the
 * oclif CLI. runFast answers false, having done nothing visible, for anything else it does not
 * handle exactly as oclif would: help it has no stored answer for, a parse error or an unusual flag
 * form. bin/launch.js then runs the same argv through oclif, so messages and exit codes stay the same.
 */
import {COMMANDS} from '../commands/index.js'
import {resolveEntry, VERSION_LINE, type CommandFlags} from '../cli/entry.js'
import {isFastPathDeclined} from '../cli/fallback.js'
import {renderedHelp} from './help.js'
import {Errors, setParsedHook, type Command} from './oclif-lite.js'

type CommandClass = (new (argv: string[], config: {bin: string}) => Command) & {strict?: boolean}
type Runnable = Command & {catch(error: Error): Promise<unknown>; finally(error: Error | undefined): Promise<unknown>}

const HELP_FLAGS = new Set(['--help', '-h'])
const MINIMUM_NODE = [20, 18] as const

/** The command id oclif would run for `words` (topic separator ' '), and the argv after it. */
export function resolveCommand(words: readonly string[], ids: readonly string[] = Object.keys(COMMANDS)): {id: string; argv: string[]} | undefined {
  const [first, second] = words
  if (first === undefined || first.startsWith('-')) return undefined
  if (second !== undefined && !second.startsWith('-') && ids.includes(`${first}:${second}`)) return {id: `${first}:${second}`, argv: words.slice(2)}
  if (ids.includes(first)) return {id: first, argv: words.slice(1)}
  return undefined
}

/** argv that oclif answers before (or instead of) running a command. */
export function oclifAnswersItself(words: readonly string[]): boolean {
  for (const word of words) {
    if (word === '--') return false
    if (HELP_FLAGS.has(word)) return true
  }
  return false
}

function nodeSupported(version = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1])
}

/** Runs `words` (command id first) on the fast path; false = declined, nothing was done. */
export async function runFast(typed: readonly string[], bin: string): Promise<boolean> {
  if (!nodeSupported()) return false
  const entry = resolveEntry(typed, bin, COMMANDS as unknown as CommandFlags)
  if (entry.kind === 'version') return answer(`${VERSION_LINE}\n`, '', 0)
  if (entry.kind === 'error') return answer('', `error: ${entry.message}\n`, 1)
  const words = entry.words
  if (oclifAnswersItself(words)) return serveHelp(words, bin)
  const found = resolveCommand(words)
  if (!found) return false
  const Command = COMMANDS[found.id as keyof typeof COMMANDS] as unknown as CommandClass
  const command = new Command(found.argv, {bin}) as Runnable
  command.id = found.id
  delete process.env[`${bin.replaceAll(/[-/@]/g, '_').toUpperCase()}_REDIRECTED`]
  // Until its flags parse, a command's stderr is held: if the parse is declined, oclif re-runs it.
  const held = Command.strict === false ? undefined : holdStderr()
  setParsedHook(() => held?.release())
  try {
    // Whatever was held is printed before an exit: an error raised before the flags parsed
    // (e.g. tail's stern-form argv check) must still reach the user.
    return await execute(command, () => held?.release())
  } catch (error) {
    if (!isFastPathDeclined(error)) throw error
    held?.discard()
    return false
  } finally {
    held?.release()
    setParsedHook(undefined)
  }
}

function answer(stdout: string, stderr: string, code: number): true {
  process.stdout.write(stdout)
  process.stderr.write(stderr)
  process.exitCode = code
  return true
}

/** Help as oclif rendered it at build time, when that is what it would print now. */
function serveHelp(words: readonly string[], bin: string): boolean {
  const help = renderedHelp(bin, words)
  if (!help) return false
  return answer(help.stdout, help.stderr, help.code)
}

/** oclif's Command._run and its top-level handler: catch, finally, then exit with the error's code. */
async function execute(command: Runnable, beforeExit: () => void): Promise<boolean> {
  let failure: Error | undefined
  try {
    await command.init()
    await command.run()
  } catch (error) {
    failure = error as Error
    if (isFastPathDeclined(error)) throw error
    try {
      await command.catch(failure)
    } catch (thrown) {
      failure = thrown as Error
    }
  } finally {
    await command.finally(failure)
  }
  if (failure === undefined) return true
  if (isFastPathDeclined(failure)) throw failure
  beforeExit()
  if (!(failure instanceof Errors.ExitError)) process.stderr.write(`${failure.stack ?? failure.message}\n`)
  process.exit(failure instanceof Errors.CLIError ? (failure.oclif.exit ?? 1) : 1)
}

interface HeldStream {
  release(): void
  discard(): void
}

function holdStderr(): HeldStream {
  const stream = process.stderr
  const write = stream.write
  let held: Parameters<typeof write>[] | undefined = []
  stream.write = ((...args: Parameters<typeof write>) => {
    held?.push(args)
    return true
  }) as typeof write
  const restore = (flush: boolean) => {
    if (held === undefined) return
    const pending = held
    held = undefined
    stream.write = write
    if (flush) for (const args of pending) write.apply(stream, args)
  }
  return {release: () => restore(true), discard: () => restore(false)}
}
