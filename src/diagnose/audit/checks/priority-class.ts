/** Critical workloads (node agents, ingress controllers) run with a PriorityClass. */
import type {AuditCheck} from '../check.js'
import {patchCommand, workloadFinding} from '../helpers.js'
import type {WorkloadView} from '../model.js'
import {isIngressController} from './ingress-nodes.js'

function critical(view: WorkloadView): string | undefined {
  if (view.kind === 'DaemonSet') return 'a node agent (DaemonSet)'
  if (isIngressController(view)) return 'an ingress controller'
  const label = view.labels['priority'] ?? view.labels['criticality'] ?? view.template.metadata.labels?.['priority']
  if (label && /critical|high/i.test(label)) return `labelled ${label}`
  return undefined
}

export const priorityClassCheck: AuditCheck<'workload'> = {
  name: 'priority-class',
  scope: 'workload',
  severity: 'warning',
  title: 'critical workloads (DaemonSets, ingress controllers, those labelled critical) have a PriorityClass',
  consequence:
    'without a PriorityClass a critical pod ranks with batch jobs: on a full node a new DaemonSet pod stays Pending (nothing is preempted for it) and under node pressure the kubelet may evict it before the apps it serves.',
  fix: 'create a PriorityClass for node agents and one for platform services, and set priorityClassName on those workloads.',
  needs: ['workloads'],
  applies: (view) => critical(view) !== undefined,
  check(view) {
    const what = critical(view)
    if (!what || view.template.spec.priorityClassName) return []
    const className = view.kind === 'DaemonSet' ? 'node-agent-critical' : 'platform-critical'
    return [
      workloadFinding(
        'priority-class',
        'warning',
        view,
        `${view.kind.toLowerCase()} ${view.name} is ${what} but has no priorityClassName: it has the same priority as any batch job.`,
        [`spec.template.spec.priorityClassName: unset (priority 0)`],
        [`kubectl create priorityclass ${className} --value=${view.kind === 'DaemonSet' ? 1000000 : 900000} --description="${what}"   # once`, patchCommand(view, {priorityClassName: className})],
      ),
    ]
  },
}
