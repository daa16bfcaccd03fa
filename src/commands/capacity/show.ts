import {Flags} from '@oclif/core'
import type {Interfaces} from '@oclif/core'
import {UserError} from '../../cli/base-command.js'
import {KubeCommand, outputFlag} from '../../cli/kube-command.js'
import {painter} from '../../print/colour.js'
import {formatData} from '../../print/data.js'
import {planSourceFlags} from './flags.js'

export default class CapacityShow extends KubeCommand {
  static override summary = 'Show requests, limits and allocatable of a live cluster.'
  static override description = `Per node and in total (the * row): cpu, memory and, when present, GPU and other extended resources: requests and limits with their share of allocatable, allocatable, and pod count/max pods — kube-capacity's view and flags (-p, -c, -u, -a, --pod-count, --sort, --node-labels, --pod-labels, --namespace-labels, -t/--node-taints, --no-taint, -o json|yaml|tsv|csv), and kubectl-view-allocations' -g/--group-by namespace and -r/--resource-name. -n, the node filters (-l, -t, --no-taint) and the pod filters choose the rows; the headroom after losing the largest node and the -f plan check always count every node and pod of the cluster. -t takes key[=value][:effect] items, comma-separated or repeated: a node is shown when it has one of them (a part left out matches any value or effect), and ! in front (or kubectl taint's - at the end) leaves out the nodes that have it; a cordoned node counts as tainted node.kubernetes.io/unschedulable:NoSchedule. -r keeps the columns of the resources whose name is, or contains, one of its names.`
  static override examples = [
    {description: 'Every node with requests, limits and allocatable', command: '<%= config.bin %> capacity show'},
    {description: 'Per pod and container, with utilisation (needs metrics-server), nodes and pods sorted by cpu use', command: '<%= config.bin %> capacity show --pods --containers --util --sort cpu.util'},
    {description: 'Per pod, nodes and pods sorted by cpu requests, with the node label topology.kubernetes.io/zone as a column', command: '<%= config.bin %> capacity show --pods --sort cpu.request -L topology.kubernetes.io/zone'},
    {description: 'Only the nodes with the control-plane taint (kube-capacity\'s -t: key[=value][:effect], comma-separated)', command: '<%= config.bin %> capacity show --node-taints node-role.kubernetes.io/control-plane:NoSchedule'},
    {description: 'Every node but those tainted not-ready (! leaves a taint out; quote it for the shell)', command: "<%= config.bin %> capacity show -t '!node.kubernetes.io/not-ready'"},
    {description: 'Only the nodes without any taint (kube-capacity\'s --no-taint)', command: '<%= config.bin %> capacity show --no-taint'},
    {description: 'Requests and limits per namespace with their pods, namespaces sorted by cpu requests (kubectl-view-allocations\' -g namespace)', command: '<%= config.bin %> capacity show -g namespace --pods --sort cpu.request'},
    {description: 'Only the memory columns (a part of a name is enough: -r gpu keeps nvidia.com/gpu)', command: '<%= config.bin %> capacity show -r mem'},
    {description: 'Would the pods of a plan fit on the free space of this cluster?', command: '<%= config.bin %> capacity show -f plan.yaml'},
    {description: 'As tab-separated values', command: '<%= config.bin %> capacity show -o tsv'},
  ]

  static override flags = {
    ...planSourceFlags,
    pods: Flags.boolean({char: 'p', description: 'List the pods under each node (or namespace).'}),
    containers: Flags.boolean({char: 'c', description: 'List the containers under each pod (implies --pods).'}),
    util: Flags.boolean({char: 'u', description: 'Utilisation columns from metrics.k8s.io (said plainly when the cluster does not serve it).'}),
    available: Flags.boolean({char: 'a', description: 'Show available/allocatable instead of the share used.'}),
    'pod-count': Flags.boolean({description: 'Pod count per node and in total (always shown; accepted for kube-capacity users).'}),
    sort: Flags.string({description: 'Sort nodes (or namespaces) and pods: name, pods, or <resource>.<request|limit|util|allocatable|available>[.percentage], e.g. cpu.util, mem.request.percentage, nvidia.com/gpu.request.', default: 'name'}),
    'group-by': Flags.string({char: 'g', description: 'Rows per node (the default) or per namespace: the selected pods summed per namespace, shares of the total of the nodes shown.'}),
    'resource-name': Flags.string({char: 'r', multiple: true, description: 'Only the columns of these resources (repeatable or comma-separated; a part of a name matches: mem → memory, gpu → nvidia.com/gpu).'}),
    'label-columns': Flags.string({char: 'L', multiple: true, description: 'Node labels to show as columns (repeatable or comma-separated).'}),
    selector: Flags.string({char: 'l', description: 'Only nodes matching this label selector (same as --node-labels; kube-capacity\'s -l filters pods: use --pod-labels).'}),
    'node-labels': Flags.string({description: 'Only nodes matching this label selector.'}),
    'node-taints': Flags.string({char: 't', multiple: true, description: 'Only nodes with one of these taints, key[=value][:effect] (repeatable or comma-separated); !key[=value][:effect] leaves out the nodes that have it.'}),
    'no-taint': Flags.boolean({description: 'Leave out every node with a taint, of any effect (a cordoned node counts as tainted).'}),
    'pod-labels': Flags.string({description: 'Only pods matching this label selector in the rows (headroom still counts every pod).'}),
    'namespace-labels': Flags.string({description: 'Only pods of namespaces matching this label selector in the rows.'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'Count pods of every namespace (the default unless -n is given).'}),
    output: outputFlag(['json', 'yaml', 'tsv', 'csv'] as const),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(CapacityShow)
    const {buildShow, showData, showDelimited, showText} = await import('../../capacity/show.js')
    const {options, labelColumns} = await showOptions(flags)
    const {loadPlanFiles} = await import('../../capacity/run.js')
    const {showPlan} = await import('../../capacity/show.js')
    const files = await loadPlanFiles(flags.filename)
    const plan = files ? showPlan(files, flags.redundancy) : undefined
    const {readSnapshot} = await import('../../capacity/cluster.js')
    const {nodesMatchingLabels} = await import('../../capacity/show-filters.js')
    const progress = this.progress('connecting', flags.output !== undefined)
    const client = await this.connect(flags, progress)
    try {
      const withContainers = flags.containers
      const withPods = flags.pods || withContainers
      const namespace = flags['all-namespaces'] ? undefined : flags.namespace
      const labelSelector = options.nodes.labelSelector
      const [snapshot, labelled] = await Promise.all([
        readSnapshot(client, {namespace, podSelector: flags['pod-labels'], namespaceSelector: flags['namespace-labels'], withPods: withPods || options.groupBy === 'namespace', withContainers, withMetrics: flags.util}),
        labelSelector === undefined ? undefined : nodesMatchingLabels(client, labelSelector),
      ])
      progress.done()
      const result = buildShow(snapshot, {...options, plan, nodes: {...options.nodes, ...(labelled ? {labelled} : {})}, pods: {namespace, podLabels: flags['pod-labels'], namespaceLabels: flags['namespace-labels']}})
      const print = {labelColumns, withPods, withContainers, withUtil: flags.util, available: flags.available, paint: painter(this.colour(flags))}
      if (flags.output === 'json' || flags.output === 'yaml') process.stdout.write(await formatData(showData(result, labelColumns, withPods), flags.output))
      else if (flags.output === 'tsv' || flags.output === 'csv') process.stdout.write(showDelimited(result, print, flags.output === 'tsv' ? '\t' : ','))
      else process.stdout.write(showText(result, print))
      // The text output says it under the table; data outputs keep stdout data only.
      if (flags.output && result.noNodes !== undefined) process.stderr.write(`${result.noNodes}\n`)
    } finally {
      progress.done()
      client.close()
    }
  }
}

type ShowFlags = Interfaces.InferredFlags<typeof CapacityShow.flags>

/** The flags that need no cluster, checked before connecting: each bad value is one error line. */
async function showOptions(flags: ShowFlags) {
  const {normaliseSortKey} = await import('../../capacity/show.js')
  const {parseResourceNames, parseTaintFilter} = await import('../../capacity/show-filters.js')
  const {parseGroupBy} = await import('../../capacity/show-groups.js')
  const sort = normaliseSortKey(flags.sort)
  if (!sort) throw new UserError(`--sort: "${flags.sort}" is not name, pods or <resource>.<request|limit|util|allocatable|available>[.percentage]`)
  if (flags.selector && flags['node-labels']) throw new UserError('-l/--selector and --node-labels both select nodes: give one')
  const labelSelector = flags.selector ?? flags['node-labels']
  const taints = flags['node-taints']
  const nodes = {...(labelSelector === undefined ? {} : {labelSelector}), ...(taints ? {taints: parseTaintFilter(taints)} : {}), noTaint: flags['no-taint']}
  const resourceNames = flags['resource-name'] ? parseResourceNames(flags['resource-name']) : undefined
  const labelColumns = (flags['label-columns'] ?? []).flatMap((value) => value.split(',')).map((label) => label.trim()).filter(Boolean)
  return {options: {sort, groupBy: parseGroupBy(flags['group-by'] ?? 'node'), nodes, resourceNames}, labelColumns}
}
