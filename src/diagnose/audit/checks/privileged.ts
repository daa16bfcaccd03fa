/** No privileged containers, and no privilege escalation. */
import type {AuditCheck} from '../check.js'
import {allContainers, patchCommand, workloadFinding} from '../helpers.js'

export const privilegedCheck: AuditCheck<'workload'> = {
  name: 'privileged',
  scope: 'workload',
  severity: 'critical',
  title: 'no container is privileged',
  consequence: 'a privileged container is the node: it sees every device and can load kernel modules, so whoever gets into it owns the node and every pod on it.',
  fix: 'set privileged: false and grant only the capability the process needs (capabilities.add: [NET_ADMIN], say); node agents that truly need it belong in a namespace of their own with a PodSecurity exemption.',
  needs: ['workloads'],
  check(view) {
    const bad = allContainers(view).filter((c) => c.securityContext?.privileged === true)
    if (bad.length === 0) return []
    return [
      workloadFinding(
        'privileged',
        'critical',
        view,
        `container ${bad.map((c) => `"${c.name}"`).join(', ')} runs privileged: full access to the node's devices and kernel.`,
        bad.map((c) => `container "${c.name}": securityContext.privileged: true`),
        [patchCommand(view, {containers: bad.map((c) => ({name: c.name, securityContext: {privileged: false, allowPrivilegeEscalation: false}}))}), 'if the process needs one kernel feature, add just that capability instead'],
      ),
    ]
  },
}
