/**
 * "The DaemonSet runs on 3 of 5 nodes: gpu-1 and gpu-2 carry the taint nvidia.com/gpu:NoSchedule,
 * which it does not tolerate." / "2 daemon pods are not ready; the pod findings say why."
 */
import {type Rule} from '../facts.js'
import type {ControllerSnapshot, Finding} from '../model.js'
import type {Node, Pod} from '../objects.js'
import {placementBlockers} from './scheduling.js'

/** Nodes without a daemon pod because a taint keeps it off (a selector mismatch is by design). */
export function nodesExcludedByTaints(snapshot: ControllerSnapshot): Array<{node: Node; taints: string[]}> {
  const template = snapshot.controller.spec?.template?.spec
  if (!template || !snapshot.nodes || !snapshot.pods) return []
  const probe: Pod = {metadata: {name: snapshot.controller.metadata.name}, spec: template}
  const covered = new Set(snapshot.pods.map((p) => p.spec.nodeName))
  return snapshot.nodes
    .filter((n) => !covered.has(n.metadata.name))
    .map((node) => ({node, blockers: placementBlockers(probe, node)}))
    .filter(({blockers}) => blockers.length > 0 && blockers.every((b) => b.kind === 'taint'))
    .map(({node, blockers}) => ({node, taints: blockers.map((b) => b.text.replace(/^taint /, ''))}))
}

function excluded(snapshot: ControllerSnapshot): Finding | undefined {
  const nodes = nodesExcludedByTaints(snapshot)
  if (nodes.length === 0) return undefined
  const name = snapshot.controller.metadata.name
  return {
    code: 'DaemonSetNodesExcluded',
    severity: 'warning',
    subject: `daemonset/${name}`,
    summary: `${nodes.length} node(s) get no ${name} pod because of taints it does not tolerate (${nodes.slice(0, 3).map((n) => n.node.metadata.name).join(', ')}${nodes.length > 3 ? ', ...' : ''}); node agents (CNI, log shippers, exporters) usually must run everywhere.`,
    evidence: nodes.slice(0, 10).map((n) => `node ${n.node.metadata.name}: ${n.taints.join(', ')}`),
    remedy: ['If it must run there, add tolerations to the pod template (operator: Exists tolerates every taint, as kube-proxy does).', 'If not, this is by design; a nodeSelector/affinity says so more clearly.'],
  }
}

function misscheduled(snapshot: ControllerSnapshot): Finding | undefined {
  const count = snapshot.controller.status?.numberMisscheduled ?? 0
  if (count === 0) return undefined
  return {
    code: 'DaemonSetMisscheduled',
    severity: 'warning',
    subject: `daemonset/${snapshot.controller.metadata.name}`,
    summary: `${count} daemon pod(s) run on nodes they should not (labels or taints changed since); the controller removes them.`,
    evidence: [`status.numberMisscheduled=${count}`],
    remedy: ['Check recent node label/taint changes; kubectl get pods -o wide shows where they run.'],
  }
}

function unavailable(snapshot: ControllerSnapshot): Finding | undefined {
  const status = snapshot.controller.status ?? {}
  const desired = status.desiredNumberScheduled ?? 0
  const readyCount = status.numberReady ?? 0
  if (readyCount >= desired) return undefined
  return {
    code: 'DaemonSetUnavailable',
    severity: 'critical',
    subject: `daemonset/${snapshot.controller.metadata.name}`,
    summary: `${desired - readyCount} of ${desired} daemon pod(s) are not ready.`,
    evidence: [`status.desiredNumberScheduled=${desired} currentNumberScheduled=${status.currentNumberScheduled ?? 0} numberReady=${readyCount} numberUnavailable=${status.numberUnavailable ?? 0}`],
    remedy: ['The pod findings say why; a node that is NotReady takes its daemon pod with it.'],
  }
}

function checkDaemonSet(snapshot: ControllerSnapshot): Finding[] {
  if (snapshot.kind !== 'DaemonSet') return []
  return [unavailable(snapshot), excluded(snapshot), misscheduled(snapshot)].filter((f): f is Finding => f !== undefined)
}

export const daemonSetRule: Rule<ControllerSnapshot> = {name: 'daemonset', check: checkDaemonSet}
