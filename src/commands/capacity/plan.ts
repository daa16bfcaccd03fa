import {Flags} from '@oclif/core'
import {UserError} from '../../cli/base-command.js'
import {KubeCommand, outputFlag} from '../../cli/kube-command.js'
import {painter} from '../../print/colour.js'
import {formatData} from '../../print/data.js'
import {planFlags} from './flags.js'

export default class CapacityPlan extends KubeCommand {
  static override summary = 'Plan cluster capacity from services × replicas × spec × redundancy.'
  static override description = `Totals = services × replicas × per-pod requests × (1 + redundancy), exact (no float rounding), plus DaemonSets on every node and Jobs at peak concurrency. Redundancy is a share of all pods. Then, for a node shape: allocatable after the provider's kubelet reservations (--reserved gke|eks|aks|aks-legacy|ack|ack-legacy|none|custom), whole pods packed per node (pods that fit on no node are named and left out, exit 1), spare nodes (--spare-nodes), the N−1 check (losing any one node must be absorbed; with --zones, losing a zone), tolerated loss per node (--max-loss), max pods (EKS and Terway ENI rules), the control-plane size, and the pod/service/VPC ranges (--pod-cidr, --service-cidr, --vpc-cidr).

Workloads come from flags (one class of service), -f plan files or Kubernetes manifests (files or directories, multi-document YAML), or --from-cluster (the live pods of the current context). Every number in the report says which resource binds it. Without a node shape, the instance catalogue (ACK/ECS, EKS, GKE, AKS) is ranked for the plan; --recommend plans on the best shape.`
  static override examples = [
    {description: "The ACK guide's example: 18 services × 2 replicas × 2 cores/4Gi + 10%, on 16-core/64Gi nodes with GKE's reservations and one spare (N−1 holds)", command: '<%= config.bin %> capacity plan --services 18 --replicas 2 --cpu 2 --memory 4Gi --redundancy 10% --node-cpu 16 --node-memory 64Gi --spare-nodes 1'},
    {description: 'Which ECS instance type? Rank the ACK catalogue and plan on the best one', command: '<%= config.bin %> capacity plan -f plan.yaml --reserved ack --recommend'},
    {description: 'Compare node shapes on EKS', command: '<%= config.bin %> capacity plan -f plan.yaml --reserved eks --node name=m5.2xlarge,cpu=8,memory=32Gi,max-pods=58 --node name=m5.4xlarge,cpu=16,memory=64Gi,max-pods=234'},
    {description: 'Plan from manifests, three zones, with a network check', command: '<%= config.bin %> capacity plan -f k8s/ --zones 3 --pod-cidr 10.0.0.0/14 --service-cidr 10.4.0.0/20 --vpc-cidr 10.8.0.0/16'},
    {description: "Re-plan the current cluster's workloads on another node shape, as markdown", command: '<%= config.bin %> capacity plan --from-cluster --node-cpu 32 --node-memory 128Gi -o markdown'},
    {description: 'Change the numbers with the keyboard', command: '<%= config.bin %> capacity plan --services 18 --replicas 2 --cpu 2 --memory 4Gi -i'},
  ]

  static override flags = {
    ...planFlags,
    output: outputFlag(['json', 'yaml', 'markdown'] as const),
    interactive: Flags.boolean({char: 'i', description: 'Open an interactive view where replicas, spec, redundancy, node shape and spare nodes change with the keyboard.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(CapacityPlan)
    if (flags.interactive && flags.output) throw new UserError('-i and -o do not go together: pick the interactive view or an output format')
    const {planFailure, runPlan} = await import('../../capacity/run.js')
    // A spinner only while the live cluster is read (--from-cluster), never for data output or -i.
    const progress = this.progress('connecting', !flags['from-cluster'] || flags.output === 'json' || flags.output === 'yaml' || flags.interactive)
    const result = await runPlan(flags, flags['from-cluster'] ? () => this.connect(flags, progress) : undefined).finally(() => progress.done())
    if (flags.interactive) {
      if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError('-i needs a terminal (stdin and stdout are not a TTY); drop -i or use -o json|yaml|markdown')
      const {openPlanView} = await import('../../ui/capacity-plan-view.js')
      await openPlanView(result.input)
      return
    }
    const {planData, planMarkdown, planText} = await import('../../capacity/report.js')
    if (flags.output === 'json' || flags.output === 'yaml') process.stdout.write(await formatData(planData(result.plan), flags.output))
    else if (flags.output === 'markdown') process.stdout.write(planMarkdown(result.plan))
    else process.stdout.write(planText(result.plan, painter(this.colour(flags))))
    const failure = planFailure(result.plan)
    if (failure) throw new UserError(failure)
  }
}
