import {Command, Errors, Flags} from '@oclif/core'
import {redactSecrets} from '../util/redact.js'

/** Thrown for a failure the user can act on: printed as one `error: ...` line, exit 1. */
export class UserError extends Error {
  override name = 'UserError'
}

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
    if (err instanceof Errors.ExitError) throw err
    const parseFailure = err instanceof Errors.CLIError && /Nonexistent flag|Unexpected argument|Missing required|Expected --|Parsing --|exactly one of/i.test(err.message)
    const message = redactSecrets(firstLine(err.message))
    process.stderr.write(`error: ${message}\n`)
    if (parseFailure) process.stderr.write(`See '${this.config.bin} ${this.id?.replaceAll(':', ' ') ?? ''} --help'.\n`)
    if (this.debugEnabled && err.stack) process.stderr.write(redactSecrets(err.stack) + '\n')
    throw new Errors.ExitError(1)
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text
  return line.replace(/^error:\s*/i, '')
}
