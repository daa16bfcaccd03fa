/** Every container that serves traffic has a readiness probe. */
import type {AuditCheck} from '../check.js'
import {longRunning, patchCommand, servingContainers, workloadFinding} from '../helpers.js'

export const readinessProbeCheck: AuditCheck<'workload'> = {
  name: 'readiness-probe',
  scope: 'workload',
  severity: 'warning',
  title: 'every container that listens on a port has a readiness probe',
  consequence: 'no readiness probe: traffic reaches the pod before it can serve, and every rolling update drops requests while the new pods warm up.',
  fix: 'add a readinessProbe that answers only when the process can serve (an HTTP endpoint, or at least a TCP check on the serving port).',
  needs: ['workloads'],
  applies: (view) => longRunning(view) && servingContainers(view).length > 0,
  check(view) {
    const bare = servingContainers(view).filter((c) => !c.readinessProbe)
    if (bare.length === 0) return []
    const patch = {containers: bare.map((c) => ({name: c.name, readinessProbe: {tcpSocket: {port: c.ports![0]!.containerPort}, periodSeconds: 5, failureThreshold: 3}}))}
    return [
      workloadFinding(
        'readiness-probe',
        'warning',
        view,
        `container ${bare.map((c) => `"${c.name}"`).join(', ')} listens on a port but has no readiness probe: its pods get traffic the moment the process starts.`,
        bare.map((c) => `container "${c.name}": ports ${(c.ports ?? []).map((p) => p.containerPort).join(', ')}, no readinessProbe`),
        [patchCommand(view, patch), 'better than a TCP check: an HTTP path that answers 200 only once the app can serve (e.g. httpGet /ready)'],
      ),
    ]
  },
}
