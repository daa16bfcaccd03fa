import {Command, Errors, Flags} from '@oclif/core'
import {redactSecrets} from '../util/redact.js'
import {isFastPathDeclined} from './fallback.js'

export {UserError} from '../errors.js'

/**
 * The root of every kubekit command: owns the error and exit-code contract
 * (one `error: ...` line on stderr, exit 1, a stack only with --debug).
 */
export abstract class KubekitCommand extends Command {
  static override baseFlags = {
    color: Flags.boolean({
      description: 'Colour the output (default: only on a terminal, never with NO_COLOR or TERM=dumb).',
      allowNo: true,
      helpGroup: 'GLOBAL',
    }),
    debug: Flags.boolean({description: 'Print stack traces and request details (never credentials).', helpGroup: 'GLOBAL'}),
  }

  protected get debugEnabled(): boolean {
    return this.argv.includes('--debug')
  }

  protected override async catch(err: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    // ExitError carries an exit code; a declined fast path is re-run through oclif by the launcher.
    if (err instanceof Errors.ExitError || isFastPathDeclined(err)) throw err
    // oclif's parse errors (unknown flag, missing or unexpected argument) carry the parse input;
    // a flag value that does not parse is a plain CLIError that starts "Parsing --flag".
    const parseFailure = err instanceof Errors.CLIError && ('parse' in err || err.message.startsWith('Parsing --'))
    const message = redactSecrets(oneLine(err.message))
    process.stderr.write(`error: ${message}\n`)
    if (parseFailure) process.stderr.write(`See '${this.config.bin} ${this.id?.replaceAll(':', ' ') ?? ''} --help'.\n`)
    if (this.debugEnabled && err.stack) process.stderr.write(redactSecrets(err.stack) + '\n')
    throw new Errors.ExitError(1)
  }
}

/**
 * oclif spreads some messages over lines ("Parsing --x\n\tExpected an integer..."): one line,
 * without oclif's own help hint and its note about multiple-value flags.
 */
function oneLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim())
  const note = lines.findIndex((line) => line.startsWith('Note: --'))
  return (note >= 0 ? lines.slice(0, note) : lines)
    .filter((line) => line !== '' && !/^See more help/i.test(line))
    .join(' ')
    .replace(/\s{2,}/g, ' ')
    .replace(/^error:\s*/i, '')
}
