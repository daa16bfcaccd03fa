/** Pods do not share the node's network, PID or IPC namespace without need. */
import type {AuditCheck} from '../check.js'
import {patchCommand, workloadFinding} from '../helpers.js'

export const hostNamespacesCheck: AuditCheck<'workload'> = {
  name: 'host-namespaces',
  scope: 'workload',
  severity: 'warning',
  title: 'pods do not use hostNetwork, hostPID or hostIPC',
  consequence:
    'hostNetwork binds the pod to the node\'s ports (two replicas cannot share a node, NetworkPolicies no longer apply) and hostPID/hostIPC let it see and signal every process on the node.',
  fix: 'remove hostNetwork/hostPID/hostIPC and reach the pod through a Service (a NodePort or a LoadBalancer when it must be reached from outside); keep them only for node agents that need them.',
  needs: ['workloads'],
  check(view) {
    const spec = view.template.spec
    const used = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((field) => spec[field] === true)
    if (used.length === 0) return []
    const patch = Object.fromEntries(used.map((field) => [field, false]))
    return [
      workloadFinding(
        'host-namespaces',
        'warning',
        view,
        `the pods share the node's ${used.map((u) => u.replace('host', '').toLowerCase()).join(', ')} namespace${used.length > 1 ? 's' : ''} (${used.join(', ')}): isolation from the node is gone.`,
        used.map((u) => `spec.${u}: true`),
        [patchCommand(view, patch)],
      ),
    ]
  },
}
