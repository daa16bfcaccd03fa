import {Flags} from '@oclif/core'
import {UserError} from '../../cli/base-command.js'
import {KubeCommand, outputFlag} from '../../cli/kube-command.js'
import {colourEnabled, painter} from '../../print/colour.js'
import {formatData} from '../../print/data.js'
import {planSourceFlags} from '../../capacity/flags.js'

export default class CapacityShow extends KubeCommand {
  static override summary = 'Show requests, limits and allocatable of a live cluster.'
  static override description = `Per node and in total (the * row): cpu, memory and, when present, GPU and other extended resources: requests and limits with their share of allocatable, allocatable, and pods/max pods. Utilisation from metrics.k8s.io when the cluster serves it (said plainly when it does not). Always: the headroom left after losing the largest node. With -f PLAN: whether the plan's pods can be scheduled on the free space of these nodes.`
  static override examples = [
    {description: 'Every node with requests, limits and allocatable', command: '<%= config.bin %> capacity show'},
    {description: 'Per pod, sorted by cpu requests, with the zone as a column', command: '<%= config.bin %> capacity show --pods --sort cpu.request -L topology.kubernetes.io/zone'},
    {description: 'Can this plan be scheduled here?', command: '<%= config.bin %> capacity show -f plan.yaml'},
    {description: 'As JSON', command: '<%= config.bin %> capacity show -o json'},
  ]

  static override flags = {
    ...planSourceFlags,
    pods: Flags.boolean({char: 'p', description: 'List the pods under each node.'}),
    sort: Flags.string({description: 'Sort nodes: name, pods, cpu.request, cpu.limit, cpu.util, memory.request, memory.limit, memory.util (add .percentage for the share).', default: 'name'}),
    'label-columns': Flags.string({char: 'L', multiple: true, description: 'Node labels to show as columns (repeatable or comma-separated).'}),
    selector: Flags.string({char: 'l', description: 'Only nodes matching this label selector.'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'Count pods of every namespace (the default unless -n is given).'}),
    output: outputFlag(['json', 'yaml'] as const),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(CapacityShow)
    const {normaliseSortKey, buildShow, showData, showText, sortKeys} = await import('../../capacity/show.js')
    const sort = normaliseSortKey(flags.sort)
    if (!sort) throw new UserError(`--sort: "${flags.sort}" is not one of ${sortKeys.join(', ')}`)
    const labelColumns = (flags['label-columns'] ?? []).flatMap((value) => value.split(',')).map((label) => label.trim()).filter(Boolean)
    const {loadPlanFiles, asUserError} = await import('../../capacity/run.js')
    const files = await loadPlanFiles(flags.filename)
    let plan
    if (files) {
      const {parsePercent} = await import('../../capacity/quantity.js')
      let redundancy = files.settings.redundancy ?? {numerator: 0n, denominator: 1n}
      try {
        if (flags.redundancy !== undefined) redundancy = parsePercent(flags.redundancy, '--redundancy')
      } catch (error) {
        throw asUserError(error)
      }
      plan = {workloads: files.workloads, redundancy}
    }
    const {readSnapshot} = await import('../../capacity/cluster.js')
    const client = await this.connect(flags)
    try {
      const snapshot = await readSnapshot(client, {
        namespace: flags['all-namespaces'] ? undefined : flags.namespace,
        nodeSelector: flags.selector,
        withPods: flags.pods,
        withMetrics: true,
      })
      const result = buildShow(snapshot, {sort, plan})
      if (flags.output) process.stdout.write(await formatData(showData(result, labelColumns), flags.output))
      else process.stdout.write(showText(result, {labelColumns, withPods: flags.pods, paint: painter(colourEnabled())}))
    } finally {
      client.close()
    }
  }
}
