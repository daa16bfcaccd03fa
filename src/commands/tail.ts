import {Args, Flags} from '@oclif/core'
import {UserError} from '../cli/base-command.js'
import {KubeCommand, outputFlag} from '../cli/kube-command.js'
import {colourEnabled} from '../print/colour.js'

export default class Tail extends KubeCommand {
  static override summary = 'Follow the logs of many pods and containers at once.'
  static override description = `Tails every container of every pod whose name matches QUERY (a regular expression, unanchored; default: all pods; or KIND/NAME such as deployment/web), stern-style: each line is prefixed with its pod and container, each pod keeps its colour. Pods that appear while tailing are picked up, deleted pods end their tails, a container that is still waiting is tailed as soon as it starts, and a restarted container gets a new tail.

No line is lost or printed twice: when the server cuts a log stream, the tail asks again from the last timestamp it saw and drops the lines it already printed.

Lines go to stdout as they arrive; "+ pod › container" and "- pod › container" markers and warnings go to stderr. Ctrl-C ends cleanly (exit 0). With --no-follow, every container's log is read once and the command exits.

--max-log-requests caps concurrent log requests: with --no-follow containers wait their turn (default 5); when following (default 50), containers beyond the cap wait until a tail ends, with a warning.`

  static override examples = [
    {description: 'Every pod whose name contains "web", all their containers', command: '<%= config.bin %> tail web'},
    {description: 'The pods of a deployment (by its selector)', command: '<%= config.bin %> tail deployment/web -n shop'},
    {description: 'Pods with a label, only the "app" container, last 10 lines each, then follow', command: '<%= config.bin %> tail -l app=api -c ^app$ --tail 10'},
    {description: 'Every namespace, only lines with "error", with timestamps', command: '<%= config.bin %> tail -A -i error -t'},
    {description: 'Read the last hour of logs once and exit', command: '<%= config.bin %> tail web --since 1h --no-follow'},
    {description: 'One JSON object per line, for jq', command: "<%= config.bin %> tail web -o json | jq -r '.podName + \" \" + .message'"},
    {description: 'A custom line', command: "<%= config.bin %> tail web --template '{{.PodName}}/{{.ContainerName}}: {{.Message}}'"},
  ]

  static override args = {
    query: Args.string({
      description: 'Regular expression matched against pod names (default: every pod), or KIND/NAME: pod/NAME for one pod; deployment, replicaset, statefulset, daemonset, job or service/NAME for the pods it selects.',
      required: false,
    }),
  }

  static override flags = {
    container: Flags.string({char: 'c', description: 'Only containers whose name matches this regular expression.'}),
    'exclude-container': Flags.string({char: 'E', multiple: true, description: 'Skip containers whose name matches this regular expression (repeatable).'}),
    'exclude-pod': Flags.string({multiple: true, description: 'Skip pods whose name matches this regular expression (repeatable).'}),
    exclude: Flags.string({char: 'e', multiple: true, description: 'Drop lines matching this regular expression (repeatable; wins over --include).'}),
    include: Flags.string({char: 'i', multiple: true, description: 'Print only lines matching one of these regular expressions (repeatable).'}),
    selector: Flags.string({char: 'l', description: 'Label selector, e.g. app=web,tier!=db.'}),
    'field-selector': Flags.string({description: 'Field selector, e.g. status.phase=Running.'}),
    node: Flags.string({description: 'Only pods on this node.'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'Pods of every namespace (the namespace is shown before each line).'}),
    since: Flags.string({description: 'Only lines newer than this, e.g. 10s, 5m, 2h.', default: '48h'}),
    tail: Flags.integer({description: 'Lines of history per container that was already running (-1 = all within --since).', default: -1}),
    timestamps: Flags.boolean({char: 't', description: "Print each line's timestamp (as the server stamped it)."}),
    'no-follow': Flags.boolean({description: 'Read the logs once and exit, instead of following them.'}),
    output: outputFlag(['default', 'raw', 'json'] as const, 'default'),
    template: Flags.string({description: 'Line template with {{.Message}} {{.Namespace}} {{.PodName}} {{.ContainerName}} {{.NodeName}} {{.Timestamp}}.'}),
    'max-log-requests': Flags.integer({description: 'Concurrent log requests (default: 50 when following, 5 with --no-follow).'}),
    'container-state': Flags.string({
      multiple: true,
      description: 'Only tail containers that were already in these states when tailing began: running, waiting, terminated, all (repeatable or comma-separated).',
    }),
    'init-containers': Flags.boolean({description: 'Include init containers.', default: true, allowNo: true}),
    'ephemeral-containers': Flags.boolean({description: 'Include ephemeral (debug) containers.', default: true, allowNo: true}),
    'only-log-lines': Flags.boolean({description: 'No "+"/"-" markers on stderr, only log lines.'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Tail)
    const {TailUsageError} = await import('../tail/options.js')
    const {podSource, sessionFor} = await import('../tail/cluster.js')
    const {runTailSession} = await import('../tail/session.js')
    const client = await this.connect(flags)
    const colour = {out: flags.color ?? colourEnabled(process.stdout), err: flags.color ?? colourEnabled(process.stderr)}
    const controller = new AbortController()
    const stop = () => controller.abort()
    const outputClosed = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') stop()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    process.stdout.on('error', outputClosed)
    try {
      const options = await sessionFor(
        client,
        {
          query: args.query,
          container: flags.container,
          excludeContainer: flags['exclude-container'],
          excludePod: flags['exclude-pod'],
          exclude: flags.exclude,
          include: flags.include,
          selector: flags.selector,
          fieldSelector: flags['field-selector'],
          node: flags.node,
          namespace: flags.namespace,
          allNamespaces: flags['all-namespaces'],
          since: flags.since,
          tail: flags.tail,
          timestamps: flags.timestamps,
          noFollow: flags['no-follow'],
          output: flags.output,
          template: flags.template,
          maxLogRequests: flags['max-log-requests'],
          containerState: flags['container-state'],
          initContainers: flags['init-containers'],
          ephemeralContainers: flags['ephemeral-containers'],
          onlyLogLines: flags['only-log-lines'],
        },
        colour,
      ).catch((error: unknown) => {
        throw error instanceof TailUsageError ? new UserError(error.message) : error
      })
      const summary = await runTailSession(podSource(client), options, {out: process.stdout, err: (text) => process.stderr.write(text)}, controller.signal)
      if (summary.failed > 0 && !controller.signal.aborted) {
        throw new UserError(`could not read the logs of ${summary.failed} of ${summary.tails} containers (reasons above)`)
      }
    } finally {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      client.close()
    }
  }
}
