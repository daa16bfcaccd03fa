import {KubekitCommand} from '../cli/base-command.js'
import {kubectlFlags} from '../cli/kube-command.js'

interface Described {
  type: string
  char?: string | undefined
  description?: string | undefined
  hidden?: boolean | undefined
  allowNo?: boolean | undefined
  default?: unknown
}

export default class Options extends KubekitCommand {
  static override summary = 'List the flags every command takes: kubectl\'s connection flags and the global ones.'
  static override description =
    "Like `kubectl options`: the flags that help pages name in one GLOBAL FLAGS line. kubectl passes every flag typed after a plugin's name on to the plugin, so `kubectl diagnose pod x --context prod -n shop` works as it does for kubectl's own commands."

  static override examples = [{description: 'The flags every command takes', command: 'kubekit options'}]

  async run(): Promise<void> {
    await this.parse(Options)
    process.stdout.write(optionsText(kubectlFlags as unknown as Record<string, Described>, KubekitCommand.baseFlags as unknown as Record<string, Described>))
  }
}

/** The page: kubectl's connection flags, then the flags of every command. */
export function optionsText(connection: Record<string, Described>, global: Record<string, Described>): string {
  const helpFlag: Described = {type: 'boolean', char: 'h', description: 'Show help for the command.'}
  return [
    'Connection flags, taken by every command that talks to a cluster (diagnose, tail, capacity, dash, ns):',
    '',
    rows(connection),
    '',
    'Flags every command takes:',
    '',
    rows({...global, help: helpFlag}),
    '',
  ].join('\n')
}

function rows(flags: Record<string, Described>): string {
  const visible = Object.entries(flags).filter(([, flag]) => !flag.hidden)
  const labels = visible.map(([name, flag]) => label(name, flag))
  const width = Math.max(...labels.map((text) => text.length))
  return visible.map(([, flag], i) => `  ${labels[i]!.padEnd(width)}   ${describe(flag)}`).join('\n')
}

function label(name: string, flag: Described): string {
  const short = flag.char ? `-${flag.char}, ` : '    '
  const long = flag.type === 'boolean' ? (flag.allowNo ? `--[no-]${name}` : `--${name}`) : `--${name}=<value>`
  return short + long
}

function describe(flag: Described): string {
  const text = flag.description ?? ''
  return flag.type !== 'boolean' && typeof flag.default === 'string' ? `${text} (default: ${flag.default})` : text
}
