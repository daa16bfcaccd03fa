/**
 * The edge of the plan core: read files and the cluster, build the input, compute the plan,
 * and turn every input problem into one UserError line.
 */
import {UserError} from '../cli/base-command.js'
import type {KubeClient} from '../kube/client.js'
import {readClusterWorkloads} from './cluster.js'
import {loadFiles, PlanFileError} from './files.js'
import type {LoadedFiles} from './files.js'
import {buildPlanInput, PlanInputError} from './inputs.js'
import type {ClusterInput, PlanFlags} from './inputs.js'
import type {PlanInput} from './model.js'
import {CidrError} from './network.js'
import {computePlan, PlanError} from './plan.js'
import type {PlanResult} from './plan.js'
import {QuantityError} from './quantity.js'

export type RunPlanFlags = PlanFlags & {filename?: string[] | undefined; namespace?: string | undefined}

export function asUserError(error: unknown): unknown {
  if (error instanceof PlanFileError || error instanceof PlanInputError || error instanceof QuantityError || error instanceof PlanError || error instanceof CidrError) {
    return new UserError(error.message)
  }
  return error
}

export async function loadPlanFiles(paths: string[] | undefined): Promise<LoadedFiles | undefined> {
  if (!paths || paths.length === 0) return undefined
  try {
    return await loadFiles(paths)
  } catch (error) {
    throw asUserError(error)
  }
}

export async function runPlan(flags: RunPlanFlags, connect?: () => Promise<KubeClient>): Promise<{input: PlanInput; plan: PlanResult}> {
  const files = await loadPlanFiles(flags.filename)
  let cluster: ClusterInput | undefined
  if (connect) {
    const client = await connect()
    try {
      const live = await readClusterWorkloads(client, flags.namespace)
      cluster = {workloads: live.workloads, nodeShapes: live.nodeShapes, source: `cluster ${live.context}: ${live.pods} pods on ${live.nodes} nodes`}
    } finally {
      client.close()
    }
  }
  try {
    const input = buildPlanInput(flags, files, cluster)
    return {input, plan: computePlan(input)}
  } catch (error) {
    throw asUserError(error)
  }
}
