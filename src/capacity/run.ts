/**
 * The edge of the plan core: read files and the cluster, build the input, compute the plan
 * (with the catalogue ranking). Input problems surface as CapacityError, one line each.
 */
import type {KubeClient} from '../kube/client.js'
import {readClusterWorkloads} from './cluster.js'
import {loadFiles} from './files.js'
import type {LoadedFiles} from './files.js'
import {buildPlanInput} from './inputs.js'
import type {ClusterInput, PlanFlags} from './inputs.js'
import {clusterLimits} from './model.js'
import type {PlanInput} from './model.js'
import {computePlan} from './plan.js'
import type {PlanResult} from './plan.js'
import {rankCatalogue} from './recommend.js'

export type RunPlanFlags = PlanFlags & {filename?: string[] | undefined; namespace?: string | undefined}

export async function loadPlanFiles(paths: string[] | undefined): Promise<LoadedFiles | undefined> {
  if (!paths || paths.length === 0) return undefined
  return loadFiles(paths)
}

async function readCluster(connect: () => Promise<KubeClient>, namespace: string | undefined): Promise<ClusterInput> {
  const client = await connect()
  try {
    const live = await readClusterWorkloads(client, namespace)
    const cluster: ClusterInput = {workloads: live.workloads, nodeShapes: live.nodeShapes, source: `cluster ${live.context}: ${live.pods} pods on ${live.nodes} nodes`}
    if (live.provider) cluster.provider = live.provider
    return cluster
  } finally {
    client.close()
  }
}

/** The plan for an input, ranked against the instance catalogue when the input asks for it. */
export function planFor(input: PlanInput): PlanResult {
  return computePlan(input, rankCatalogue)
}

export async function runPlan(flags: RunPlanFlags, connect?: () => Promise<KubeClient>): Promise<{input: PlanInput; plan: PlanResult}> {
  const files = await loadPlanFiles(flags.filename)
  const cluster = connect ? await readCluster(connect, flags.namespace) : undefined
  const input = buildPlanInput(flags, files, cluster)
  return {input, plan: planFor(input)}
}

/** Why the command should exit 1 after printing: pods that fit on no node, more nodes than a cluster may have, or a network problem. */
export function planFailure(plan: PlanResult): string | undefined {
  const first = plan.options[0]
  const missing = first?.unplaceable ?? []
  if (first && missing.length > 0) {
    const pods = missing.reduce((sum, entry) => sum + entry.count, 0)
    return `${pods} pod(s) of ${missing.map((entry) => entry.name).join(', ')} fit on no ${first.shape.name} node (see Warnings); pick a larger node shape`
  }
  if (first && first.count > clusterLimits.nodes) {
    return `the plan needs ${first.count.toLocaleString('en-US')} ${first.shape.name} nodes, above Kubernetes' documented limit of ${clusterLimits.nodes.toLocaleString('en-US')} nodes per cluster (kubernetes.io/docs/setup/best-practices/cluster-large); pick a larger node shape or split the plan across clusters`
  }
  const networkErrors = plan.options.flatMap((option) => option.network?.errors ?? [])
  if (networkErrors.length > 0) return networkErrors[0] + (networkErrors.length > 1 ? ` (and ${networkErrors.length - 1} more network problem(s) in the report)` : '')
  return undefined
}
