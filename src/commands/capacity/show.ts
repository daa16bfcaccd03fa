import {Flags} from '@oclif/core'
import {UserError} from '../../cli/base-command.js'
import {KubeCommand, outputFlag} from '../../cli/kube-command.js'
import {painter} from '../../print/colour.js'
import {formatData} from '../../print/data.js'
import {planSourceFlags} from './flags.js'

export default class CapacityShow extends KubeCommand {
  static override summary = 'Show requests, limits and allocatable of a live cluster.'
  static override description = `Per node and in total (the * row): cpu, memory and, when present, GPU and other extended resources: requests and limits with their share of allocatable, allocatable, and pod count/max pods — kube-capacity's view and flags (-p, -c, -u, -a, --pod-count, --sort, --node-labels, --pod-labels, --namespace-labels, -o json|yaml|tsv|csv). -n and the pod filters choose the rows; the headroom after losing the largest node and the -f plan check always count every pod of the cluster.`
  static override examples = [
    {description: 'Every node with requests, limits and allocatable', command: '<%= config.bin %> capacity show'},
    {description: 'Per pod and container, with utilisation (needs metrics-server), nodes and pods sorted by cpu use', command: '<%= config.bin %> capacity show --pods --containers --util --sort cpu.util'},
    {description: 'Per pod, nodes and pods sorted by cpu requests, with the node label topology.kubernetes.io/zone as a column', command: '<%= config.bin %> capacity show --pods --sort cpu.request -L topology.kubernetes.io/zone'},
    {description: 'Would the pods of a plan fit on the free space of this cluster?', command: '<%= config.bin %> capacity show -f plan.yaml'},
    {description: 'As tab-separated values', command: '<%= config.bin %> capacity show -o tsv'},
  ]

  static override flags = {
    ...planSourceFlags,
    pods: Flags.boolean({char: 'p', description: 'List the pods under each node.'}),
    containers: Flags.boolean({char: 'c', description: 'List the containers under each pod (implies --pods).'}),
    util: Flags.boolean({char: 'u', description: 'Utilisation columns from metrics.k8s.io (said plainly when the cluster does not serve it).'}),
    available: Flags.boolean({char: 'a', description: 'Show available/allocatable instead of the share used.'}),
    'pod-count': Flags.boolean({description: 'Pod count per node and in total (always shown; accepted for kube-capacity users).'}),
    sort: Flags.string({description: 'Sort nodes and pods: name, pods, or <resource>.<request|limit|util|allocatable|available>[.percentage], e.g. cpu.util, mem.request.percentage, nvidia.com/gpu.request.', default: 'name'}),
    'label-columns': Flags.string({char: 'L', multiple: true, description: 'Node labels to show as columns (repeatable or comma-separated).'}),
    selector: Flags.string({char: 'l', description: 'Only nodes matching this label selector (same as --node-labels; kube-capacity\'s -l filters pods: use --pod-labels).'}),
    'node-labels': Flags.string({description: 'Only nodes matching this label selector.'}),
    'pod-labels': Flags.string({description: 'Only pods matching this label selector in the rows (headroom still counts every pod).'}),
    'namespace-labels': Flags.string({description: 'Only pods of namespaces matching this label selector in the rows.'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'Count pods of every namespace (the default unless -n is given).'}),
    output: outputFlag(['json', 'yaml', 'tsv', 'csv'] as const),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(CapacityShow)
    const {normaliseSortKey, buildShow, showData, showDelimited, showText} = await import('../../capacity/show.js')
    const sort = normaliseSortKey(flags.sort)
    if (!sort) throw new UserError(`--sort: "${flags.sort}" is not name, pods or <resource>.<request|limit|util|allocatable|available>[.percentage]`)
    if (flags.selector && flags['node-labels']) throw new UserError('-l/--selector and --node-labels both select nodes: give one')
    const labelColumns = (flags['label-columns'] ?? []).flatMap((value) => value.split(',')).map((label) => label.trim()).filter(Boolean)
    const {loadPlanFiles} = await import('../../capacity/run.js')
    const {showPlan} = await import('../../capacity/show.js')
    const files = await loadPlanFiles(flags.filename)
    const plan = files ? showPlan(files, flags.redundancy) : undefined
    const {readSnapshot} = await import('../../capacity/cluster.js')
    const progress = this.progress('connecting', flags.output !== undefined)
    const client = await this.connect(flags, progress)
    try {
      const withContainers = flags.containers
      const snapshot = await readSnapshot(client, {
        namespace: flags['all-namespaces'] ? undefined : flags.namespace,
        nodeSelector: flags.selector ?? flags['node-labels'],
        podSelector: flags['pod-labels'],
        namespaceSelector: flags['namespace-labels'],
        withPods: flags.pods || withContainers,
        withContainers,
        withMetrics: flags.util,
      })
      progress.done()
      const result = buildShow(snapshot, {sort, plan})
      const print = {labelColumns, withPods: flags.pods || withContainers, withContainers, withUtil: flags.util, available: flags.available, paint: painter(this.colour(flags))}
      if (flags.output === 'json' || flags.output === 'yaml') process.stdout.write(await formatData(showData(result, labelColumns), flags.output))
      else if (flags.output === 'tsv' || flags.output === 'csv') process.stdout.write(showDelimited(result, print, flags.output === 'tsv' ? '\t' : ','))
      else process.stdout.write(showText(result, print))
    } finally {
      progress.done()
      client.close()
    }
  }
}
