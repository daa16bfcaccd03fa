import {Args, Flags} from '@oclif/core'
import {KubeCommand, outputFlag} from '../cli/kube-command.js'
import {parseTarget, TARGET_KINDS} from '../diagnose/target.js'
import {painter} from '../print/colour.js'
import {formatData} from '../print/data.js'

export default class Diagnose extends KubeCommand {
  static override summary = 'Name the root cause of a failing pod, workload, claim, service, ingress, node or namespace, or scan the whole cluster.'
  static override description =
    'Reads the object, its events, owners, node, referenced ConfigMaps/Secrets/claims (names and keys only) and log tails, and says what is wrong: the root cause first, with the evidence and the remedy, then the events, the log tails and where to look on the node (with the kubelet log when the node log query is allowed). Exit code 0 when a diagnosis was made, whatever it found (with --exit-code: 3 when it found problems); 1 when it could not diagnose.'
  static override usage = '<%= command.id %> KIND [NAME] [-n NAMESPACE] [-o text|json|yaml] [kubectl flags]'
  static override examples = [
    {description: 'Why is this pod not running?', command: '<%= config.bin %> diagnose pod checkout-s5cj5dfq8z-hsvdm -n shop'},
    {description: 'kubectl-style KIND/NAME: a deployment, through its failing pods', command: '<%= config.bin %> diagnose deploy/payment-gateway -n payments'},
    {description: 'Why is this node NotReady? (with its kubelet log when allowed)', command: '<%= config.bin %> diagnose node worker-3'},
    {description: 'Why does this Service answer nothing?', command: '<%= config.bin %> diagnose svc recommendations -n shop'},
    {description: 'Everything failing in a namespace, as JSON', command: '<%= config.bin %> diagnose ns payments -o json'},
    {description: 'Why does this Ingress not answer? (load balancer, class, controller, TLS, Service, endpoints, pods)', command: '<%= config.bin %> diagnose ingress web -n shop'},
    {description: 'The whole cluster, ranked by root cause', command: '<%= config.bin %> diagnose cluster --top 5'},
    {description: 'Production practices (requests, probes, pinned images, non-root, graceful shutdown, ...) across a namespace', command: '<%= config.bin %> diagnose audit -n shop'},
    {description: 'The same over every namespace, failing CI on problems', command: '<%= config.bin %> diagnose audit -A --exit-code -o json'},
    {description: 'Manifests before they are applied (no cluster needed)', command: '<%= config.bin %> diagnose audit -f k8s/'},
  ]

  static override args = {
    kind: Args.string({description: `${TARGET_KINDS}, or KIND/NAME; or audit`, required: true}),
    name: Args.string({description: 'name of the object (for audit: an optional workload as KIND/NAME)'}),
  }

  static override flags = {
    output: outputFlag(['text', 'json', 'yaml'] as const, 'text'),
    tail: Flags.integer({description: 'Log lines to show per container (and per node log).', default: 20, min: 0, max: 1000}),
    logs: Flags.boolean({description: 'Read container log tails (current and previous run).', default: true, allowNo: true}),
    'node-logs': Flags.boolean({description: "Try the kubelet's node log query (needs get on nodes/proxy) when the cause is on the node.", default: true, allowNo: true}),
    'max-pods': Flags.integer({description: 'Failing pods to diagnose in depth for a deployment, service or namespace (one per way of failing).', default: 3, min: 1, max: 50}),
    'exit-code': Flags.boolean({description: 'Exit 3 when problems were found (for scripts and CI).'}),
    top: Flags.integer({description: 'diagnose cluster: root causes to list; audit: failing objects listed per check (the rest are counted).', default: 10, min: 1, max: 200}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'audit: every namespace (kube-system and friends only with --include-system), and the nodes.'}),
    filename: Flags.string({char: 'f', multiple: true, description: 'audit: manifest files or directories (YAML/JSON) to check before they are applied; no cluster is contacted.'}),
    'include-system': Flags.boolean({description: 'audit -A: also audit kube-system, kube-public and kube-node-lease.'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Diagnose)
    if (args.kind === 'audit') return this.audit(args.name, flags)
    const target = parseTarget(args.kind, args.name)
    const {diagnose} = await import('../diagnose/diagnose.js')
    const progress = this.progress('connecting', machineOutput(flags.output))
    const client = await this.connect(flags, progress)
    let found = false
    try {
      const diagnosis = await diagnose(client, target.resource, target.name, {
        namespace: client.namespace,
        tailLines: flags.tail,
        logs: flags.logs,
        nodeLogs: flags['node-logs'],
        maxPods: flags['max-pods'],
        top: flags.top,
      }).finally(() => progress.done())
      found = diagnosis.status === 'ProblemsFound'
      if (flags.output === 'json' || flags.output === 'yaml') process.stdout.write(await formatData(diagnosis, flags.output))
      else {
        const {renderDiagnosis} = await import('../diagnose/report.js')
        process.stdout.write(renderDiagnosis(diagnosis, painter(this.colour(flags)), Date.now()))
      }
    } finally {
      progress.done()
      client.close()
    }
    if (found && flags['exit-code']) this.exit(3)
  }

  private async audit(object: string | undefined, flags: {color?: boolean | undefined; output?: string | undefined; top: number; 'all-namespaces': boolean; filename?: string[] | undefined; 'include-system': boolean; 'exit-code': boolean; namespace?: string | undefined} & Parameters<Diagnose['connect']>[0]): Promise<void> {
    const core = await import('../diagnose/audit/index.js')
    let audit: Awaited<ReturnType<typeof core.auditCluster>>
    if (flags.filename?.length) {
      const objects = await core.readManifests(flags.filename)
      audit = core.auditManifests(objects, {paths: flags.filename, namespace: flags.namespace ?? 'default', top: flags.top})
    } else {
      const progress = this.progress('connecting', machineOutput(flags.output))
      const client = await this.connect(flags, progress)
      try {
        audit = await core.auditCluster(client, {namespace: client.namespace, allNamespaces: flags['all-namespaces'], object, includeSystem: flags['include-system'], top: flags.top})
      } finally {
        progress.done()
        client.close()
      }
    }
    if (flags.output === 'json' || flags.output === 'yaml') process.stdout.write(await formatData(audit, flags.output))
    else process.stdout.write(core.renderAudit(audit, painter(this.colour(flags))))
    if (audit.status === 'ProblemsFound' && flags['exit-code']) this.exit(3)
  }
}

/** -o json|yaml: data for a program, so no spinner even on a terminal. */
function machineOutput(output: string | undefined): boolean {
  return output === 'json' || output === 'yaml'
}
