/** Every long-running container has a liveness probe, and it is not the readiness probe. */
import type {AuditCheck} from '../check.js'
import {appContainers, longRunning, patchCommand, workloadFinding} from '../helpers.js'
import type {AuditContainer} from '../model.js'

function suggestedProbe(container: AuditContainer): Record<string, unknown> {
  const port = container.ports?.[0]?.containerPort
  const action = port !== undefined ? {tcpSocket: {port}} : {exec: {command: ['sh', '-c', 'test $(( $(date +%s) - $(stat -c %Y /tmp/heartbeat) )) -lt 60']}}
  return {...action, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 3}
}

export const livenessProbeCheck: AuditCheck<'workload'> = {
  name: 'liveness-probe',
  scope: 'workload',
  severity: 'warning',
  title: 'every long-running container has a liveness probe, distinct from its readiness probe',
  consequence:
    'no liveness probe: a deadlocked process stays Running forever and nothing restarts it until a person notices; a liveness probe identical to the readiness probe restarts every replica at once when a dependency is down.',
  fix: 'add a livenessProbe that checks only the process itself (not its database), with a generous failureThreshold; keep dependency checks in the readiness probe.',
  needs: ['workloads'],
  applies: longRunning,
  check(view) {
    const none = appContainers(view).filter((c) => !c.livenessProbe)
    const same = appContainers(view).filter((c) => c.livenessProbe && c.readinessProbe && JSON.stringify(c.livenessProbe) === JSON.stringify(c.readinessProbe))
    if (none.length === 0 && same.length === 0) return []
    const evidence = [...none.map((c) => `container "${c.name}": no livenessProbe`), ...same.map((c) => `container "${c.name}": livenessProbe is identical to readinessProbe`)]
    const remedy = none.length ? [patchCommand(view, {containers: none.map((c) => ({name: c.name, livenessProbe: suggestedProbe(c)}))})] : []
    if (same.length) remedy.push(`make the liveness probe of ${same.map((c) => `"${c.name}"`).join(', ')} check the process only (a /livez path), with a higher failureThreshold than readiness`)
    const summary = none.length
      ? `container ${none.map((c) => `"${c.name}"`).join(', ')} has no liveness probe: if it hangs, it stays hung.`
      : `container ${same.map((c) => `"${c.name}"`).join(', ')} uses its readiness probe as liveness probe: a dependency outage restarts all replicas together.`
    return [workloadFinding('liveness-probe', 'warning', view, summary, evidence, remedy)]
  },
}
