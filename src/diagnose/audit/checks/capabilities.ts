/** Containers drop every capability they do not need (drop: [ALL]) and add no dangerous ones. */
import type {AuditCheck} from '../check.js'
import {allContainers, patchCommand, workloadFinding} from '../helpers.js'
import type {AuditContainer} from '../model.js'

const dangerous = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'NET_RAW', 'BPF', 'PERFMON', 'SYS_RAWIO'])

function problems(container: AuditContainer): string[] {
  const caps = container.securityContext?.capabilities ?? {}
  const found: string[] = []
  if (!(caps.drop ?? []).some((c) => c.toUpperCase() === 'ALL')) found.push('does not drop ALL capabilities')
  const added = (caps.add ?? []).map((c) => c.toUpperCase().replace(/^CAP_/, '')).filter((c) => dangerous.has(c))
  if (added.length) found.push(`adds ${added.join(', ')}`)
  if (container.securityContext?.allowPrivilegeEscalation === true) found.push('allows privilege escalation')
  return found
}

export const capabilitiesCheck: AuditCheck<'workload'> = {
  name: 'capabilities',
  scope: 'workload',
  severity: 'warning',
  title: 'containers drop all capabilities (and add back only what they need)',
  consequence:
    'the runtime\'s default capabilities (NET_RAW, CHOWN, SETUID, ...) stay with the process: NET_RAW alone lets a compromised pod spoof traffic on the node\'s network, SETUID lets it become another user.',
  fix: 'set securityContext.capabilities.drop: [ALL] and allowPrivilegeEscalation: false on each container, and add back only the capability it needs (NET_BIND_SERVICE for ports below 1024).',
  needs: ['workloads'],
  check(view) {
    const bad = allContainers(view)
      .map((c) => ({name: c.name, problems: problems(c)}))
      .filter((c) => c.problems.length > 0)
    if (bad.length === 0) return []
    const patch = {containers: bad.map((b) => ({name: b.name, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}}}))}
    return [
      workloadFinding(
        'capabilities',
        'warning',
        view,
        `container ${bad.map((b) => `"${b.name}"`).join(', ')} keeps the runtime's default capabilities: a compromise gets more than the app ever needed.`,
        bad.map((b) => `container "${b.name}" ${b.problems.join(', ')}`),
        [patchCommand(view, patch), 'a server on a port below 1024 needs capabilities.add: [NET_BIND_SERVICE] (or a port above 1024)'],
      ),
    ]
  },
}
