/**
 * The diagnosis entry point: read the target (always the first request), gather what its rules
 * need, run them, and assemble one Diagnosis with the root cause first. Each kind has its own
 * entry in targets/; the shared machinery is in core.ts.
 */
import {Diagnoser, type DiagnoseOptions} from './core.js'
import type {DiagnoseClient} from './gather.js'
import type {Diagnosis} from './model.js'
import type {DiagnoseResource} from './target.js'
import {diagnoseDeployment, diagnoseNamespace, diagnoseNode, diagnosePod, diagnoseService} from './targets/basic.js'

export {podHealthy, rankFindings, runRules, samplePods, selectorString, type DiagnoseOptions} from './core.js'

type Entry = (d: Diagnoser, name: string) => Promise<Diagnosis>

const entries: Partial<Record<DiagnoseResource, Entry>> = {
  pods: diagnosePod,
  nodes: diagnoseNode,
  services: diagnoseService,
  deployments: diagnoseDeployment,
  namespaces: diagnoseNamespace,
}

export async function diagnose(client: DiagnoseClient, resource: DiagnoseResource, name: string, options: DiagnoseOptions): Promise<Diagnosis> {
  const entry = entries[resource]
  if (!entry) throw new Error(`diagnose ${resource} is not built yet`)
  return entry(new Diagnoser(client, options), name)
}
