import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Errors, flush, run as runOclif, type Interfaces} from '@oclif/core'
import {COMMANDS} from './commands/index.js'
import {resolveEntry, VERSION_LINE, type CommandFlags} from './cli/entry.js'
import {oneLine} from './cli/base-command.js'
import {redactSecrets} from './util/redact.js'

export {COMMANDS} from './commands/index.js'

/**
 * Runs the CLI on process.argv (the bin/ launchers put the command id in front). `bin` is the
 * name the user typed the command under, so usage lines and examples show it: `kubectl` for the
 * kubectl-* plugins, `kubekit` for the umbrella CLI. (oclif takes the name from package.json,
 * so the package description it reads gets that one field changed.)
 *
 * Help has kubectl's shape (src/cli/help.ts, built as dist/help-class.js).
 * `help [COMMAND]`, --version and unknown commands are answered first (src/cli/entry.ts, as on
 * the fast path); any error that escapes a command is one `error:` line, exit 1.
 */
/** What `kubekit --help` says first. */
const DESCRIPTION = 'Six kubectl plugins for the day-to-day: diagnose, tail, ctx, ns, capacity and dash. Each runs as `kubectl NAME` too.'

/** Topic help: what the commands under it do together. */
const TOPICS = {
  capacity: {description: 'Plan the capacity of a cluster (plan: services × replicas × spec × redundancy → nodes) and show what a live cluster requests and has (show).'},
  sandbox: {description: 'A local Kubernetes API server for trying kubekit: start it with a scenario, make it misbehave with fault rules.'},
}

export async function run(bin = 'kubectl'): Promise<void> {
  const entry = resolveEntry(process.argv.slice(2), bin, COMMANDS as unknown as CommandFlags)
  if (entry.kind === 'version') return void process.stdout.write(`${VERSION_LINE}\n`)
  if (entry.kind === 'error') return fail(entry.message)
  process.argv.splice(2, Infinity, ...entry.words)
  const rootUrl = new URL('..', import.meta.url)
  const pjson = JSON.parse(readFileSync(new URL('package.json', rootUrl), 'utf8')) as Interfaces.PJSON
  const oclif = {...pjson.oclif, bin, helpClass: './dist/help-class.js', helpOptions: {hideCommandSummaryInDescription: true} as Interfaces.HelpOptions, topics: TOPICS}
  const loadOptions = {root: fileURLToPath(rootUrl), pjson: {...pjson, description: DESCRIPTION, oclif}}
  try {
    await runOclif(entry.words, loadOptions)
    flush()
  } catch (error) {
    if (error instanceof Errors.ExitError) return Errors.handle(error)
    const failure = error as Error
    if (process.argv.includes('--debug') && failure.stack) process.stderr.write(redactSecrets(failure.stack) + '\n')
    fail(redactSecrets(oneLine(failure.message)))
  }
}

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`)
  process.exit(1)
}
