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
import {diagnoseCluster} from './targets/cluster.js'
import {diagnoseIngress} from './targets/ingress.js'
import {diagnoseClaim} from './targets/storage.js'
import {diagnoseController} from './targets/workloads.js'

export {podHealthy, rankFindings, runRules, samplePods, selectorString, type DiagnoseOptions} from './core.js'

type Entry = (diagnoser: Diagnoser, name: string) => Promise<Diagnosis>

const entries: Record<DiagnoseResource, Entry> = {
  pods: diagnosePod,
  nodes: diagnoseNode,
  services: diagnoseService,
  deployments: diagnoseDeployment,
  namespaces: diagnoseNamespace,
  statefulsets: (diagnoser, name) => diagnoseController(diagnoser, 'StatefulSet', name),
  daemonsets: (diagnoser, name) => diagnoseController(diagnoser, 'DaemonSet', name),
  jobs: (diagnoser, name) => diagnoseController(diagnoser, 'Job', name),
  cronjobs: (diagnoser, name) => diagnoseController(diagnoser, 'CronJob', name),
  persistentvolumeclaims: diagnoseClaim,
  ingresses: diagnoseIngress,
  cluster: (diagnoser) => diagnoseCluster(diagnoser),
}

export async function diagnose(client: DiagnoseClient, resource: DiagnoseResource, name: string, options: DiagnoseOptions): Promise<Diagnosis> {
  return entries[resource](new Diagnoser(client, options), name)
}
