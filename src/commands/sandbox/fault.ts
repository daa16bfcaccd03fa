import {Args, Flags} from '@oclif/core'
import {KubekitCommand, UserError} from '../../cli/base-command.js'
import type {FaultAdminTarget, FaultRule, ListedFault} from '../../sandbox/faults.js'

const ACTIONS = ['add', 'list', 'remove', 'clear'] as const
const match = 'MATCH'
const effect = 'EFFECT'

export default class SandboxFault extends KubekitCommand {
  static override summary = 'Make a running sandbox misbehave: add, list, remove or clear fault rules.'
  static override description =
    'Fault rules make the sandbox answer as real API servers, proxies and load balancers do when things go wrong: ' +
    'error statuses with Retry-After, latency, stalled or trickled bodies, reset connections, watches that end early, expire (410) or carry garbage. ' +
    'A rule matches requests by --verb, --group, --resource, --path and --user (unset matches anything), lets the first --after through, ' +
    'then affects the next --times (default: all). Each rule has one effect; --latency may join any of them. ' +
    'The sandbox is reached through the kubeconfig that `sandbox start` wrote (context kubekit-sandbox), as its admin user.'

  // `kubekit`, not config.bin: oclif's bin is `kubectl` (for the plugins), but this command is only reached through bin/kubekit.
  static override examples = [
    {description: 'Metrics API down, as an APIService with its backend gone answers', command: 'kubekit sandbox fault add --status 503 --group metrics.k8s.io'},
    {description: 'Throttle pod lists twice, asking clients to wait 5 seconds', command: 'kubekit sandbox fault add --status 429 --resource pods --verb list --retry-after 5 --times 2'},
    {description: 'Cut every pod watch after 3 events', command: 'kubekit sandbox fault add --resource pods --close-watch-after 3'},
    {description: 'Slow down all discovery and API requests under /apis', command: "kubekit sandbox fault add --path '/apis*' --latency 2s"},
    {description: 'Show the rules and how often each has hit', command: 'kubekit sandbox fault list'},
    {description: 'Remove one rule, then all', command: 'kubekit sandbox fault remove f1 && kubekit sandbox fault clear'},
  ]

  static override args = {
    action: Args.string({description: 'add, list, remove or clear.', required: true, options: [...ACTIONS]}),
    id: Args.string({description: 'The rule to remove (its id from add or list).'}),
  }

  static override flags = {
    kubeconfig: Flags.string({description: "The sandbox's kubeconfig (default: $KUBECONFIG, else ~/.kube/config)."}),
    context: Flags.string({description: 'The kubeconfig context of the sandbox.', default: 'kubekit-sandbox'}),
    output: Flags.string({char: 'o', description: 'list: output format.', options: ['table', 'json'], default: 'table'}),
    verb: Flags.string({description: 'Match: get, list, watch, create, update, patch, delete, deletecollection.', helpGroup: match}),
    group: Flags.string({description: "Match: API group ('' for core).", helpGroup: match}),
    resource: Flags.string({description: 'Match: plural resource, e.g. pods or pods/log.', helpGroup: match}),
    path: Flags.string({description: "Match: URL path, or a prefix ending in '*'.", helpGroup: match}),
    user: Flags.string({description: 'Match: the user of the request.', helpGroup: match}),
    after: Flags.integer({description: 'Let the first N matching requests through.', min: 0, helpGroup: match}),
    times: Flags.integer({description: 'Affect only the next N matching requests.', min: 1, helpGroup: match}),
    status: Flags.integer({description: 'Answer with a Status of this code (429, 500, 503, 504...).', min: 400, max: 599, helpGroup: effect}),
    message: Flags.string({description: "With --status: the Status message instead of the server's usual one.", helpGroup: effect}),
    'retry-after': Flags.integer({description: 'With --status: Retry-After seconds (429 sends 1 unless told).', min: 0, helpGroup: effect}),
    'plain-text': Flags.boolean({description: 'With --status: a plain-text body, as the in-flight filters and the aggregator write.', helpGroup: effect}),
    latency: Flags.string({description: 'Wait this long before answering, e.g. 500ms or 2s.', helpGroup: effect}),
    stall: Flags.boolean({description: 'Send the headers, then never a body byte.', helpGroup: effect}),
    trickle: Flags.integer({description: 'Deliver the body at N bytes per second.', min: 1, helpGroup: effect}),
    reset: Flags.boolean({description: 'Reset the connection without an answer.', helpGroup: effect}),
    'close-watch-after': Flags.integer({description: 'Watches: end the stream after N events.', min: 0, helpGroup: effect}),
    'watch-expired': Flags.boolean({description: 'Watches: answer 410 Expired (too old resource version).', helpGroup: effect}),
    'invalid-watch-lines': Flags.boolean({description: 'Watches: send lines that are not JSON.', helpGroup: effect}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SandboxFault)
    const {FaultAdminClient, describeRule, validateFaultRule, FaultRuleError} = await import('../../sandbox/faults.js')
    const client = new FaultAdminClient(await adminTarget(flags.kubeconfig, flags.context))
    switch (args.action) {
      case 'add': {
        let rule: FaultRule
        try {
          rule = validateFaultRule(ruleFromFlags(flags), 'fault')
        } catch (error) {
          if (error instanceof FaultRuleError) throw new UserError(`${inFlagTerms(error.message.replace(/^fault: /, ''))}; see --help for the flags`)
          throw error
        }
        process.stdout.write(`${await client.add(rule)}\n`)
        return
      }
      case 'list': {
        const faults = await client.list()
        if (faults.length === 0 && flags.output !== 'json') {
          process.stderr.write('No faults.\n')
          return
        }
        process.stdout.write(flags.output === 'json' ? JSON.stringify(faults, null, 2) + '\n' : await faultTable(faults, describeRule))
        return
      }
      case 'remove':
        if (!args.id) throw new UserError('remove needs the id of a rule (see `kubekit sandbox fault list`)')
        await client.remove(args.id)
        process.stderr.write(`removed fault ${args.id}\n`)
        return
      case 'clear': {
        const removed = await client.clear()
        process.stderr.write(removed.length ? `removed ${removed.length} fault${removed.length === 1 ? '' : 's'}: ${removed.join(', ')}\n` : 'no faults to remove\n')
        return
      }
    }
  }
}

interface RuleFlags {
  verb?: string | undefined
  group?: string | undefined
  resource?: string | undefined
  path?: string | undefined
  user?: string | undefined
  after?: number | undefined
  times?: number | undefined
  status?: number | undefined
  message?: string | undefined
  'retry-after'?: number | undefined
  'plain-text'?: boolean | undefined
  latency?: string | undefined
  stall?: boolean | undefined
  trickle?: number | undefined
  reset?: boolean | undefined
  'close-watch-after'?: number | undefined
  'watch-expired'?: boolean | undefined
  'invalid-watch-lines'?: boolean | undefined
}

/** The rule the flags describe; unset flags stay out, so the sandbox checks what the user typed. */
function ruleFromFlags(flags: RuleFlags): Record<string, unknown> {
  const rule: Record<string, unknown> = {
    verb: flags.verb,
    group: flags.group,
    resource: flags.resource,
    path: flags.path,
    user: flags.user,
    after: flags.after,
    times: flags.times,
    status: flags.status,
    message: flags.message,
    retryAfterSeconds: flags['retry-after'],
    plainText: flags['plain-text'] || undefined,
    latencyMs: flags.latency === undefined ? undefined : latencyMs(flags.latency),
    stallAfterHeaders: flags.stall || undefined,
    trickleBytesPerSecond: flags.trickle,
    reset: flags.reset || undefined,
    closeWatchAfterEvents: flags['close-watch-after'],
    watchExpired: flags['watch-expired'] || undefined,
    invalidWatchLines: flags['invalid-watch-lines'] || undefined,
  }
  return Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined))
}

/** The flag for each rule field, so that a refused rule is explained in the words the user typed. */
const FLAG_OF_FIELD: Record<string, string> = {
  status: '--status',
  message: '--message',
  retryAfterSeconds: '--retry-after',
  plainText: '--plain-text',
  latencyMs: '--latency',
  stallAfterHeaders: '--stall',
  trickleBytesPerSecond: '--trickle',
  reset: '--reset',
  closeWatchAfterEvents: '--close-watch-after',
  watchExpired: '--watch-expired',
  invalidWatchLines: '--invalid-watch-lines',
  verb: '--verb',
  times: '--times',
}

function inFlagTerms(message: string): string {
  return message.replace(new RegExp(`\\b(${Object.keys(FLAG_OF_FIELD).join('|')})\\b`, 'g'), (field) => FLAG_OF_FIELD[field]!)
}

function latencyMs(text: string): number {
  // A bare number is milliseconds here (kubectl's durations read it as seconds, so say which).
  if (/^\d+$/.test(text.trim())) throw new UserError(`--latency "${text}" needs a unit, e.g. ${text}ms or ${text}s`)
  const part = /(\d+(?:\.\d+)?)(ms|s|m)/gy
  let total = 0
  let consumed = 0
  for (let found = part.exec(text.trim()); found; found = part.exec(text.trim())) {
    total += Number(found[1]) * {ms: 1, s: 1000, m: 60_000}[found[2] as 'ms' | 's' | 'm']
    consumed = part.lastIndex
  }
  if (consumed === 0 || consumed !== text.trim().length) throw new UserError(`--latency "${text}" is not a duration: use e.g. 500ms, 2s or 1m`)
  return Math.round(total)
}

/** Server, credentials and CA from the kubeconfig, as every kubekit command reads them. */
async function adminTarget(kubeconfig: string | undefined, context: string): Promise<FaultAdminTarget> {
  const [{resolveConnection}, {staticCredentials}] = await Promise.all([import('../../kube/config.js'), import('../../kube/credentials.js')])
  const connection = resolveConnection({kubeconfig, context, requestTimeout: '10s'})
  const {headers, tls} = staticCredentials(connection)
  return {server: connection.server, headers, ...tls, timeoutMs: connection.timeoutMs}
}

async function faultTable(faults: ListedFault[], describe: (rule: FaultRule) => {match: string; effect: string}): Promise<string> {
  const {renderTable} = await import('../../print/table.js')
  const rows = faults.map((fault) => ({id: fault.id, hits: String(fault.hits), ...describe(fault)}))
  return renderTable(rows, [
    {header: 'id', value: (row) => row.id},
    {header: 'match', value: (row) => row.match},
    {header: 'effect', value: (row) => row.effect},
    {header: 'hits', value: (row) => row.hits, align: 'right'},
  ])
}
