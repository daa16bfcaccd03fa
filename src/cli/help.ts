/**
 * Help in kubectl's shape for every command: the sentence, USAGE, ARGUMENTS, DESCRIPTION,
 * EXAMPLES, the command's own flags (grouped), and one GLOBAL FLAGS line that points at
 * `kubekit options` instead of listing kubectl's connection flags and the global flags again
 * on every page. Topics (`capacity`, `sandbox`) and the root page have the same frame: the
 * sentence, USAGE, the commands, EXAMPLES and the GLOBAL FLAGS line. Loaded as the CLI's help
 * class (src/index.ts names it).
 */
import {CommandHelp, Help, type Command, type Interfaces} from '@oclif/core'
import {VERSION_LINE} from './entry.js'

/** The flag groups that `kubekit options` lists and help pages only name. */
export const GLOBAL_GROUPS: ReadonlySet<string> = new Set(['KUBECTL', 'GLOBAL'])

const ORDER = ['USAGE', 'ARGUMENTS', 'DESCRIPTION', 'EXAMPLES', 'FLAGS', 'GLOBAL FLAGS', 'FLAG DESCRIPTIONS']

/** The one GLOBAL FLAGS line of a command whose flags include these groups. */
export function globalFlagsLine(groups: ReadonlySet<string>): string {
  const kubectl = groups.has('KUBECTL') ? "--kubeconfig, --context, -n/--namespace, --request-timeout and kubectl's other connection flags; " : ''
  return `${kubectl}--color, --debug, -V/--version, -h/--help. \`kubekit options\` lists them.`
}

/** What the root page shows as examples: a first session. */
const ROOT_EXAMPLES: ReadonlyArray<{description: string; command: string}> = [
  {description: 'A local cluster with classic failures to try the commands on (prints the kubeconfig to use)', command: 'kubekit sandbox start'},
  {description: 'Why is this pod failing? (as a kubectl plugin: kubectl diagnose ...)', command: 'kubekit diagnose pod checkout-s5cj5dfq8z-hsvdm -n shop'},
  {description: 'Help on one command', command: 'kubekit help diagnose'},
]

/** A section's place; one this list does not know (ALIASES) goes last. */
function rank(header: string): number {
  const index = ORDER.indexOf(header)
  return index < 0 ? ORDER.length : index
}

function isGlobal(flag: {helpGroup?: string | undefined}): boolean {
  return flag.helpGroup !== undefined && GLOBAL_GROUPS.has(flag.helpGroup)
}

/**
 * Breaks a shell command into lines of at most `width` characters at spaces outside quotes, so
 * that every line but the last ends in ` \` and the whole pastes into a shell as one command.
 * A word (or a flag with its value) longer than the width stays whole.
 */
export function wrapCommand(command: string, width: number): string[] {
  const words: string[] = []
  let word = ''
  let quote: string | undefined
  for (const char of command) {
    if (quote) {
      if (char === quote) quote = undefined
    } else if (char === "'" || char === '"') {
      quote = char
    } else if (char === ' ') {
      if (word !== '') words.push(word)
      word = ''
      continue
    }
    word += char
  }
  if (word !== '') words.push(word)
  // A flag and its value stay on one line (`--node-cpu 16`, not `--node-cpu \` then `16`).
  const units: string[] = []
  for (let i = 0; i < words.length; i++) {
    const flag = words[i]!
    const value = words[i + 1]
    const joins = /^-[^=]*$/.test(flag) && value !== undefined && !value.startsWith('-') && !['|', '&&', '||', ';'].includes(value)
    units.push(joins ? `${flag} ${value}` : flag)
    if (joins) i++
  }
  const lines: string[] = []
  let line = ''
  for (const next of units) {
    // Room for the ` \` that ends every line but the last.
    if (line !== '' && line.length + 1 + next.length + 2 > width) {
      lines.push(line)
      line = next
    } else {
      line = line === '' ? next : `${line} ${next}`
    }
  }
  if (line !== '') lines.push(line)
  return lines
}

type Example = string | {description: string; command: string}

/** The EXAMPLES body: each description, then its command after `$ `, wrapped where a shell allows it. */
interface ExampleFormat {
  render(text: string): string
  wrap(body: string, spacing?: number): string
  /** The page's width (80 when piped, else the terminal's). */
  width: number
  indentSpacing: number
}

function renderExamples(examples: readonly Example[], format: ExampleFormat): string {
  const indent = ' '.repeat(format.indentSpacing)
  // The section indents the body once more; continuation lines are indented 4 past the `$`.
  const room = format.width - 3 * format.indentSpacing - 2
  return examples
    .map((example) => {
      const {description, command} = typeof example === 'string' ? {description: '', command: example} : example
      const lines = wrapCommand(format.render(command), room)
      const body = lines.map((line, i) => `${indent}${i === 0 ? '$ ' : '    '}${line}${i < lines.length - 1 ? ' \\' : ''}`).join('\n')
      return description ? `${format.wrap(format.render(description), 2 * format.indentSpacing)}\n\n${body}` : body
    })
    .join('\n\n')
}

class KubekitCommandHelp extends CommandHelp {
  protected override sections(): ReturnType<CommandHelp['sections']> {
    // The global flags are hidden on this page (see KubekitHelp); their groups name them in one line.
    const groups = new Set(Object.values(this.command.flags ?? {}).flatMap((flag) => (isGlobal(flag) ? [flag.helpGroup!] : [])))
    const global = {header: 'GLOBAL FLAGS', generate: () => this.wrap(globalFlagsLine(groups), this.indentSpacing)}
    return [...super.sections(), global].sort((a, b) => rank(a.header) - rank(b.header))
  }

  /** The whole description, every paragraph (the sentence above it is the summary). */
  protected override description(): string | undefined {
    const text = this.command.description
    if (!text) return undefined
    return text
      .split(/\n{2,}/)
      .map((paragraph) => this.wrap(paragraph))
      .join('\n\n')
  }

  protected override examples(examples: Command.Example[] | string | undefined): string | undefined {
    if (!examples || examples.length === 0) return undefined
    const list = (typeof examples === 'string' ? [examples] : examples) as Example[]
    return renderExamples(list, {render: (text) => this.render(text), wrap: (body, spacing) => this.wrap(body, spacing), width: this.opts.maxWidth, indentSpacing: this.indentSpacing})
  }
}

export default class KubekitHelp extends Help {
  protected override CommandHelpClass = KubekitCommandHelp

  /** The root page: what kubekit is, its version line (the one --version prints) and usage. */
  override formatRoot(): string {
    const description = this.wrap(this.config.pjson.description ?? '')
    const usage = `$ ${this.config.bin} COMMAND`
    return [description, this.section('VERSION', VERSION_LINE), this.section('USAGE', usage)].join('\n\n')
  }

  /** A topic's sentence (wrapped like every other page's) and its USAGE. */
  protected override formatTopic(topic: Interfaces.Topic): string {
    const sentence = this.wrap(this.render(topic.description ?? ''))
    return [sentence, this.section('USAGE', `$ ${this.config.bin} ${topic.name.replaceAll(':', ' ')} COMMAND`)].join('\n\n') + '\n'
  }

  protected override async showRootHelp(): Promise<void> {
    this.log(this.formatRoot())
    this.log('')
    const topics = this.sortedTopics.filter((topic) => !topic.name.includes(':'))
    const commands = this.sortedCommands.filter((command) => command.id && !command.id.includes(':'))
    if (topics.length > 0) this.log(this.formatTopics(topics) + '\n')
    if (commands.length > 0) this.log(this.formatCommands(commands) + '\n')
    this.log(this.section('EXAMPLES', this.examplesBody(ROOT_EXAMPLES)) + '\n')
    this.log(this.globalSection(new Set(['GLOBAL'])) + '\n')
  }

  /** A topic: its sentence and USAGE, its commands, the first example of each, the GLOBAL FLAGS line. */
  protected override async showTopicHelp(topic: Interfaces.Topic): Promise<void> {
    const depth = topic.name.split(':').length
    const commands = this.sortedCommands.filter((command) => command.id.startsWith(`${topic.name}:`) && command.id.split(':').length === depth + 1)
    this.log(this.formatTopic(topic))
    if (commands.length > 0) this.log(this.formatCommands(commands) + '\n')
    const examples = commands.flatMap((command) => {
      const first = command.examples?.[0]
      return first === undefined ? [] : [first as Example]
    })
    if (examples.length > 0) this.log(this.section('EXAMPLES', this.examplesBody(examples)) + '\n')
    const groups = new Set(commands.flatMap((command) => Object.values(command.flags ?? {}).flatMap((flag) => (isGlobal(flag) ? [flag.helpGroup!] : []))))
    this.log(this.globalSection(groups) + '\n')
  }

  private examplesBody(examples: readonly Example[]): string {
    return renderExamples(examples, {render: (text) => this.render(text), wrap: (body, spacing) => this.wrap(body, spacing), width: this.opts.maxWidth, indentSpacing: this.indentSpacing})
  }

  private globalSection(groups: ReadonlySet<string>): string {
    return this.section('GLOBAL FLAGS', this.wrap(globalFlagsLine(groups), this.indentSpacing))
  }

  protected override getCommandHelpClass(command: Command.Loadable): CommandHelp {
    // Hidden here, so neither the usage line nor the FLAGS sections repeat them.
    const flags = Object.fromEntries(Object.entries(command.flags ?? {}).map(([name, flag]) => [name, isGlobal(flag) ? {...flag, hidden: true} : flag]))
    return new this.CommandHelpClass({...command, flags}, this.config, this.opts)
  }
}
