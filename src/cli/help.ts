/**
 * Help in kubectl's shape for every command: the sentence, USAGE, ARGUMENTS, DESCRIPTION,
 * EXAMPLES, the command's own flags (grouped), and one GLOBAL FLAGS line that points at
 * `kubekit options` instead of listing kubectl's connection flags and the global flags again
 * on every page. Loaded by oclif as its help class (src/index.ts sets oclif.helpClass).
 */
import {CommandHelp, Help, type Command} from '@oclif/core'
import {VERSION_LINE} from './entry.js'

/** The flag groups that `kubekit options` lists and help pages only name. */
export const GLOBAL_GROUPS: ReadonlySet<string> = new Set(['KUBECTL', 'GLOBAL'])

const ORDER = ['USAGE', 'ARGUMENTS', 'DESCRIPTION', 'EXAMPLES', 'FLAGS', 'GLOBAL FLAGS', 'FLAG DESCRIPTIONS']

/** The one GLOBAL FLAGS line of a command whose flags include these groups. */
export function globalFlagsLine(groups: ReadonlySet<string>): string {
  const kubectl = groups.has('KUBECTL') ? "--kubeconfig, --context, -n/--namespace, --request-timeout and kubectl's other connection flags; " : ''
  return `${kubectl}--color, --debug, -V/--version, -h/--help. \`kubekit options\` lists them.`
}

/** A section's place; one this list does not know (ALIASES) goes last. */
function rank(header: string): number {
  const index = ORDER.indexOf(header)
  return index < 0 ? ORDER.length : index
}

function isGlobal(flag: {helpGroup?: string | undefined}): boolean {
  return flag.helpGroup !== undefined && GLOBAL_GROUPS.has(flag.helpGroup)
}

class KubekitCommandHelp extends CommandHelp {
  protected override sections(): ReturnType<CommandHelp['sections']> {
    // The global flags are hidden on this page (see KubekitHelp); their groups name them in one line.
    const groups = new Set(Object.values(this.command.flags ?? {}).flatMap((flag) => (isGlobal(flag) ? [flag.helpGroup!] : [])))
    const global = {header: 'GLOBAL FLAGS', generate: () => this.wrap(globalFlagsLine(groups), this.indentSpacing)}
    return [...super.sections(), global].sort((a, b) => rank(a.header) - rank(b.header))
  }
}

export default class KubekitHelp extends Help {
  protected override CommandHelpClass = KubekitCommandHelp

  /** The root page: what kubekit is, its version line (the one --version prints) and usage. */
  override formatRoot(): string {
    const description = this.wrap(this.config.pjson.description ?? '')
    const usage = `$ ${this.config.bin} COMMAND`
    return [description, this.section('VERSION', VERSION_LINE), this.section('USAGE', usage), this.section('GLOBAL FLAGS', this.wrap(globalFlagsLine(new Set(['GLOBAL'])), this.indentSpacing))].join('\n\n')
  }

  protected override getCommandHelpClass(command: Command.Loadable): CommandHelp {
    // Hidden here, so neither the usage line nor the FLAGS sections repeat them.
    const flags = Object.fromEntries(Object.entries(command.flags ?? {}).map(([name, flag]) => [name, isGlobal(flag) ? {...flag, hidden: true} : flag]))
    return new this.CommandHelpClass({...command, flags}, this.config, this.opts)
  }
}
