import {Args, Flags, type Interfaces} from '@oclif/core'
import {UserError} from '../cli/base-command.js'
import {KubeCommand, outputFlag} from '../cli/kube-command.js'
import {colourEnabled} from '../print/colour.js'
import type {KubeClient} from '../kube/client.js'
import type {FlagSpec} from '../tail/argv.js'
import type {TailFlags as TailFlagValues} from '../tail/options.js'
import type {Choose} from '../tail/prompt.js'

export default class Tail extends KubeCommand {
  static override summary = 'Follow the logs of many pods and containers at once.'
  static override description = `Tails every container of every pod whose name matches QUERY (a regular expression, unanchored; default: all pods; or KIND/NAME such as deployment/web), stern-style: each line is prefixed with its pod and container, each pod keeps its colour. Pods that appear while tailing are picked up, deleted pods end their tails, a container that is still waiting is tailed as soon as it starts, and a restarted container gets a new tail.

No line is lost or printed twice: when the server cuts a log stream, the tail asks again from the last timestamp it saw and drops the lines it already printed.

Lines go to stdout as they arrive; "+ pod › container" and "- pod › container" markers and warnings go to stderr. Ctrl-C ends cleanly (exit 0). With --no-follow, every container's log is read once and the command exits.

Following covers every matching container: more than --max-log-requests (default 1000) is an error at start, never a silent partial result; with --no-follow containers are read 5 at a time. No pod matching says so on stderr (and keeps waiting when following).

stern's flags and forms work as in stern (--timestamps=short, --color never, --init-containers=false, -n a -n b, Go regular expressions such as (?i)error), except -s: kubectl owns it for --server, so type --since.`

  static override examples = [
    {description: 'Every pod in namespace shop whose name contains "web", all their containers, followed', command: '<%= config.bin %> tail web -n shop'},
    {description: 'The pods of a deployment (by its selector)', command: '<%= config.bin %> tail deployment/checkout -n shop'},
    {description: 'Pods with a label, only the "nginx" container, last 10 lines each, then follow', command: '<%= config.bin %> tail -n shop -l app=web -c ^nginx$ --tail 10'},
    {description: 'Every namespace, only lines with "error", with timestamps', command: '<%= config.bin %> tail -A -i error -t'},
    {description: 'Read the last hour of logs once and exit', command: '<%= config.bin %> tail web -n shop --since 1h --no-follow'},
    {description: 'One JSON object per line, for jq', command: "<%= config.bin %> tail cart -n shop --no-follow -o json | jq -r '.podName + \" \" + .message'"},
    {description: 'Choose the pod in a list on the terminal (then its container, when it has several), and follow it', command: '<%= config.bin %> tail -n shop --prompt'},
    {description: 'A custom line', command: "<%= config.bin %> tail -n payments --no-follow --template '{{.PodName}}/{{.ContainerName}}: {{.Message}}'"},
  ]

  static override args = {
    query: Args.string({
      description: 'Regular expression matched against pod names (default: every pod), or KIND/NAME: pod/NAME for one pod; deployment, replicaset, statefulset, daemonset, job or service/NAME for the pods it selects.',
      required: false,
      // Never filled from a piped stdin: that is the logs of --stdin (the parser would take their first line as QUERY).
      ignoreStdin: true,
    }),
  }

  static override flags = {
    container: Flags.string({char: 'c', description: 'Only containers whose name matches this regular expression (Go/RE2 syntax accepted).'}),
    'exclude-container': Flags.string({char: 'E', multiple: true, description: 'Skip containers whose name matches this regular expression (repeatable).'}),
    'exclude-pod': Flags.string({multiple: true, description: 'Skip pods whose name matches this regular expression (repeatable).'}),
    exclude: Flags.string({char: 'e', multiple: true, description: 'Drop lines matching this regular expression (repeatable; wins over --include).'}),
    include: Flags.string({char: 'i', multiple: true, description: 'Print only lines matching one of these regular expressions (repeatable; matches are highlighted).'}),
    highlight: Flags.string({char: 'H', multiple: true, description: 'Highlight matches of this regular expression in bold red (repeatable; only when colouring).'}),
    selector: Flags.string({char: 'l', description: 'Label selector, e.g. app=web,tier!=db.'}),
    'field-selector': Flags.string({description: 'Field selector, e.g. status.phase=Running.'}),
    node: Flags.string({description: 'Only pods on this node.'}),
    condition: Flags.string({description: 'Only pods with this condition, NAME[=VALUE] (value default true, case-insensitive), e.g. ready=false; with --no-follow or --tail=0.'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'Pods of every namespace (the namespace is shown before each line).'}),
    since: Flags.string({description: 'Only lines newer than this Go duration, e.g. 10s, 5m, 2h, 1h30m (0 = no limit). Not -s: that is kubectl\'s --server.', default: '48h'}),
    tail: Flags.integer({description: 'Lines of history for each new tail (-1 = all within --since; 0 = only new lines).', default: -1}),
    timestamps: Flags.string({
      char: 't',
      description: "Print each line's timestamp: -t or --timestamps=default (RFC 3339, nanoseconds), --timestamps=short (01-02 15:04:05); in --timezone.",
      options: ['default', 'short'],
    }),
    timezone: Flags.string({description: 'Time zone for --timestamps: an IANA name (Europe/Paris), UTC or Local.', default: 'Local'}),
    'no-follow': Flags.boolean({description: 'Read the logs once and exit, instead of following them.'}),
    output: outputFlag(['default', 'raw', 'json', 'extjson', 'ppextjson'] as const, 'default'),
    template: Flags.string({description: "Go template for each line, with stern's fields (.Message .PodName .ContainerName .Namespace .NodeName .Timestamp .Labels .Annotations .PodColor .ContainerColor) and functions (color, colorRed…, parseJSON, extractJSONParts, levelColor, toTimestamp, printf, if/with/range…)."}),
    'template-file': Flags.string({char: 'T', description: 'Read the --template from this file.'}),
    'max-log-requests': Flags.integer({description: 'Log streams at once. Following: more matching containers than this is an error at start (default 1000). --no-follow: containers wait their turn (default 5).'}),
    'container-state': Flags.string({
      multiple: true,
      description: 'Only tail containers that were already in these states when tailing began: running, waiting, terminated, all (repeatable or comma-separated).',
    }),
    'init-containers': Flags.boolean({description: 'Include init containers (--init-containers=false to skip them).', default: true, allowNo: true}),
    'ephemeral-containers': Flags.boolean({description: 'Include ephemeral (debug) containers (--ephemeral-containers=false to skip them).', default: true, allowNo: true}),
    'only-log-lines': Flags.boolean({description: 'No "+"/"-" markers on stderr, only log lines.'}),
    'diff-container': Flags.boolean({char: 'd', description: "Colour each container by its own name, not its pod's."}),
    'pod-colors': Flags.string({multiple: true, description: 'Pod colours as SGR sequences, comma-separated, e.g. 91,92,93;4.'}),
    'container-colors': Flags.string({multiple: true, description: 'Container colours as SGR sequences (same count as --pod-colors).'}),
    color: Flags.string({description: 'Colour: auto (on a terminal, never with NO_COLOR), always, never. --color alone = always, --no-color = never.', options: ['auto', 'always', 'never']}),
    stdin: Flags.boolean({description: 'Format logs piped to stdin (filters, -o, --template) instead of reading a cluster.'}),
    prompt: Flags.boolean({char: 'p', description: 'Choose the pod (then the container, when it has several) in a list on the terminal, among the pods the other flags select.'}),
    config: Flags.string({description: 'Defaults file (YAML, keys = flag names; default ~/.config/kubekit/tail.yaml or $KUBEKIT_TAIL_CONFIG).'}),
  }

  async run(): Promise<void> {
    // bin/kubectl_complete-tail: `__complete -- WORDS...` (kubectl's plugin completion; pod names have no "_").
    if (this.argv[0] === '__complete' && this.argv[1] === '--') return complete(this.argv.slice(2))
    const {flagsGiven, normalizeTailArgv} = await import('../tail/argv.js')
    const {configArgv, configLocation, readTailConfig} = await import('../tail/config.js')
    const specs = flagSpecs({...Tail.baseFlags, ...Tail.flags})
    let argv = this.argv
    const settings = await readTailConfig(configLocation(argv, process.env))
    if (settings) argv = [...configArgv(settings, specs, flagsGiven(argv, specs), (text) => process.stderr.write(text)), ...argv]
    // `--color` is stern's auto|always|never here: Tail.flags overrides the base flag of that name.
    const {args, flags} = (await this.parse(Tail, normalizeTailArgv(argv, specs))) as unknown as {args: {query?: string}; flags: ParsedFlags}
    const tailFlags = await toTailFlags(args.query, flags)
    const colour = {out: colourFor(flags.color, process.stdout), err: colourFor(flags.color, process.stderr)}
    if (flags.prompt) (await import('../tail/prompt.js')).checkPromptTerminal(Boolean(process.stdin.isTTY), Boolean(process.stderr.isTTY), flags.stdin)
    if (flags.stdin) return this.fromStdin(tailFlags, colour)
    const {podSource, sessionFor} = await import('../tail/cluster.js')
    const {runTailSession, TailSessionError} = await import('../tail/session.js')
    const client = await this.connect(flags)
    const controller = new AbortController()
    const stop = () => controller.abort()
    const outputClosed = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') stop()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    process.stdout.on('error', outputClosed)
    try {
      const chosen = flags.prompt ? await prompted(client, tailFlags) : tailFlags
      const options = await sessionFor(client, chosen, colour)
      const summary = await runTailSession(podSource(client), options, {out: process.stdout, err: (text) => process.stderr.write(text)}, controller.signal).catch((error: unknown) => {
        throw error instanceof TailSessionError ? new UserError(error.message) : error
      })
      if (summary.failed > 0 && !controller.signal.aborted) {
        throw new UserError(`could not read the logs of ${summary.failed} of ${summary.tails} containers (reasons above)`)
      }
    } finally {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      client.close()
    }
  }

  private async fromStdin(tailFlags: TailFlagValues, colour: {out: boolean; err: boolean}): Promise<void> {
    const {sessionOptions} = await import('../tail/options.js')
    const {runStdinSession} = await import('../tail/stdin.js')
    const options = sessionOptions(tailFlags, 'default', colour)
    await runStdinSession(process.stdin, options, {out: process.stdout, err: (text) => process.stderr.write(text)})
  }
}

/** Cobra's `__complete` answer for the words typed after `kubectl tail`, on stdout. */
async function complete(words: string[]): Promise<void> {
  const {clusterNames, completionLines} = await import('../tail/completion.js')
  const lines = await completionLines(words, flagSpecs({...Tail.baseFlags, ...Tail.flags}), clusterNames(process.env))
  process.stdout.write(lines.join('\n') + '\n')
}

/** The picker (src/ui/picker.tsx) drawn on stderr and read from stdin, so stdout keeps only log lines. */
const terminalChooser: Choose = async ({items, prompt}) => {
  const {runPicker} = await import('../ui/picker.js')
  const height = Math.max(3, Math.min(15, (process.stderr.rows ?? 24) - 3))
  return runPicker({items, prompt, height}, {input: process.stdin, output: process.stderr})
}

/** --prompt: the flags narrowed to the pod (and container) chosen on the terminal. */
async function prompted(client: KubeClient, flags: TailFlagValues): Promise<TailFlagValues> {
  const {podSource, resolveQuery} = await import('../tail/cluster.js')
  const {promptChoice} = await import('../tail/prompt.js')
  const source = podSource(client)
  const choice = await promptChoice((selection) => source.list(selection), await resolveQuery(client, flags), client.namespace, terminalChooser)
  if (!flags.onlyLogLines) process.stderr.write(`${choice.note}\n`)
  return choice.flags
}

type ParsedFlags = Interfaces.InferredFlags<typeof Tail.flags> & Interfaces.InferredFlags<Omit<typeof KubeCommand.baseFlags, 'color'>>

/** The parser's view of every flag (for stern's forms and the config file). */
type FlagShape = {type: string; char?: string | undefined; allowNo?: boolean | undefined; options?: readonly string[] | undefined; hidden?: boolean | undefined}

function flagSpecs(flags: Record<string, FlagShape>): FlagSpec[] {
  return Object.entries(flags).map(([name, flag]) => ({name, char: flag.char, kind: flag.type === 'boolean' ? 'boolean' : 'value', allowNo: flag.allowNo, options: flag.options, hidden: flag.hidden}))
}

function colourFor(mode: string | undefined, stream: NodeJS.WriteStream): boolean {
  if (mode === 'always') return true
  if (mode === 'never') return false
  return colourEnabled(stream)
}

async function toTailFlags(query: string | undefined, flags: ParsedFlags): Promise<TailFlagValues> {
  let template = flags.template
  if (flags['template-file']) {
    const {readFile} = await import('node:fs/promises')
    template = await readFile(flags['template-file'], 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UserError(`--template-file: cannot read ${flags['template-file']}: ${error.code ?? error.message}`)
    })
  }
  return {
    query,
    container: flags.container,
    excludeContainer: flags['exclude-container'],
    excludePod: flags['exclude-pod'],
    exclude: flags.exclude,
    include: flags.include,
    highlight: flags.highlight,
    selector: flags.selector,
    fieldSelector: flags['field-selector'],
    node: flags.node,
    condition: flags.condition,
    namespace: flags.namespace,
    allNamespaces: flags['all-namespaces'],
    since: flags.since,
    tail: flags.tail,
    timestamps: flags.timestamps as 'default' | 'short' | undefined,
    timezone: flags.timezone,
    noFollow: flags['no-follow'],
    output: flags.output,
    template,
    maxLogRequests: flags['max-log-requests'],
    containerState: flags['container-state'],
    initContainers: flags['init-containers'],
    ephemeralContainers: flags['ephemeral-containers'],
    onlyLogLines: flags['only-log-lines'],
    diffContainer: flags['diff-container'],
    podColors: flags['pod-colors'],
    containerColors: flags['container-colors'],
  }
}
