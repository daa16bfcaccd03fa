import {Command, Errors, Flags} from '@oclif/core'
import {colourEnabled} from '../print/colour.js'
import {startProgress, type Progress} from '../print/progress.js'
import {redactSecrets} from '../util/redact.js'
import {isFastPathDeclined} from './fallback.js'
import {usageErrorLine, type FlagShape} from './usage-errors.js'

export {UserError} from '../errors.js'

/**
 * The root of every kubekit command: owns the error and exit-code contract
 * (one `error: ...` line on stderr, exit 1, a stack only with --debug) and the colour choice.
 */
export abstract class KubekitCommand extends Command {
  static override baseFlags = {
    color: Flags.boolean({
      description: 'Colour the output (default: only on a terminal, never with NO_COLOR or TERM=dumb).',
      allowNo: true,
      helpGroup: 'GLOBAL',
    }),
    debug: Flags.boolean({description: 'Print stack traces and request details (never credentials).', helpGroup: 'GLOBAL'}),
    // Answered before the command runs (src/cli/entry.ts); declared so help lists it.
    version: Flags.boolean({char: 'V', description: 'Print the version.', helpGroup: 'GLOBAL'}),
  }

  protected get debugEnabled(): boolean {
    return this.argv.includes('--debug')
  }

  /** Whether to colour `stream`: --color/--no-color decide, else the terminal and NO_COLOR/TERM (print/colour.ts). */
  protected colour(flags: {color?: boolean | undefined}, stream: {isTTY?: boolean} = process.stdout): boolean {
    return flags.color ?? colourEnabled(stream)
  }

  /**
   * A spinner on stderr for slow work (src/print/progress.ts): only on a terminal, never for
   * machine output (`machineOutput`: -o json|yaml...) nor with --debug. Call done() before printing.
   */
  protected progress(text: string, machineOutput = false): Progress {
    return startProgress(text, {enabled: !machineOutput && !this.debugEnabled})
  }

  /** `kubectl capacity plan`: the command as the user typed it. */
  protected get typedName(): string {
    return [this.config.bin, ...(this.id?.split(':') ?? [])].join(' ')
  }

  protected override async catch(err: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    // ExitError carries an exit code; a declined fast path is re-run through oclif by the launcher.
    if (err instanceof Errors.ExitError || isFastPathDeclined(err)) throw err
    const fromParser = err instanceof Errors.CLIError || err.message.startsWith('Parsing --')
    const usage = fromParser ? usageErrorLine(err as Error & {flags?: unknown; args?: unknown}, this.usageContext()) : undefined
    const message = redactSecrets(usage ?? oneLine(err.message))
    process.stderr.write(`error: ${message}\n`)
    if (this.debugEnabled && err.stack) process.stderr.write(redactSecrets(err.stack) + '\n')
    throw new Errors.ExitError(1)
  }

  private usageContext() {
    const ctor = this.constructor as unknown as {flags?: Record<string, FlagShape>; baseFlags?: Record<string, FlagShape>}
    return {command: this.typedName, flags: {...ctor.baseFlags, ...ctor.flags}, argv: this.argv}
  }
}

/**
 * oclif spreads some messages over lines ("Parsing --x\n\tExpected an integer..."): one line,
 * without its help hint and its note about multiple-value flags.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\u001B\[[0-9;]*m/g, '').split('\n').map((line) => line.trim())
  const note = lines.findIndex((line) => line.startsWith('Note: --'))
  return (note >= 0 ? lines.slice(0, note) : lines)
    .filter((line) => line !== '' && !/^See more help/i.test(line))
    .join(' ')
    .replace(/\s{2,}/g, ' ')
    .replace(/^error:\s*/i, '')
}
