/** Pods shut down gracefully: a grace period the app can finish in, and a preStop hook where traffic must drain. */
import type {AuditCheck} from '../check.js'
import {longRunning, patchCommand, servingContainers, workloadFinding} from '../helpers.js'
import type {LifecycleHandler, WorkloadView} from '../model.js'

/** Below this, in-flight work rarely finishes between SIGTERM and SIGKILL. */
const minimumGrace = 5

function preStopSeconds(hook: LifecycleHandler | undefined): number | undefined {
  if (!hook) return undefined
  if (hook.sleep?.seconds !== undefined) return hook.sleep.seconds
  const command = (hook.exec?.command ?? []).join(' ')
  const match = /\bsleep\s+(\d+)/.exec(command)
  return match ? Number(match[1]) : 0
}

function problems(view: WorkloadView, grace: number): string[] {
  const found: string[] = []
  if (grace < minimumGrace) found.push(`terminationGracePeriodSeconds: ${grace}: the process is SIGKILLed ${grace === 0 ? 'at once' : `${grace}s after SIGTERM`}`)
  // DaemonSet pods are not behind a rolling Service backend the same way; their drain is node-local.
  if (view.kind === 'DaemonSet') return found
  for (const c of servingContainers(view)) {
    const sleep = preStopSeconds(c.lifecycle?.preStop)
    if (sleep === undefined) found.push(`container "${c.name}" serves ports ${(c.ports ?? []).map((p) => p.containerPort).join(', ')} with no preStop hook`)
    else if (sleep >= grace) found.push(`container "${c.name}": its preStop waits ${sleep}s, the whole grace period (${grace}s): the app gets no time after SIGTERM`)
  }
  return found
}

export const gracefulShutdownCheck: AuditCheck<'workload'> = {
  name: 'graceful-shutdown',
  scope: 'workload',
  severity: 'warning',
  title: 'pods shut down gracefully: a grace period the app fits in, and a preStop pause where traffic must drain',
  consequence:
    'on every rollout, scale-down and node drain the pod gets SIGTERM while kube-proxy and the ingress still send it traffic for a few seconds: those requests fail with 502s, and a grace period too short kills work mid-write.',
  fix: 'add lifecycle.preStop with a short sleep (5-10 s, longer than the endpoint propagation) to serving containers, and a terminationGracePeriodSeconds longer than that sleep plus the longest request.',
  needs: ['workloads'],
  applies: (view) => longRunning(view),
  check(view) {
    const grace = view.template.spec.terminationGracePeriodSeconds ?? 30
    const found = problems(view, grace)
    if (found.length === 0) return []
    const noHook = servingContainers(view).filter((c) => view.kind !== 'DaemonSet' && preStopSeconds(c.lifecycle?.preStop) === undefined)
    const patch: Record<string, unknown> = {}
    if (grace < minimumGrace || noHook.length) patch.terminationGracePeriodSeconds = Math.max(grace, 30)
    if (noHook.length) patch.containers = noHook.map((c) => ({name: c.name, lifecycle: {preStop: {sleep: {seconds: 5}}}}))
    const summary = noHook.length
      ? `container ${noHook.map((c) => `"${c.name}"`).join(', ')} stops taking traffic only after it has stopped: every rollout and drain drops the requests in flight.`
      : `the pods get ${grace}s between SIGTERM and SIGKILL: not enough to finish what they are doing.`
    const remedy = [patchCommand(view, patch)]
    if (noHook.length) remedy.push('the sleep action needs Kubernetes 1.30+; on older clusters use preStop.exec.command: ["sleep", "5"] (the image needs a sleep binary)')
    return [workloadFinding('graceful-shutdown', 'warning', view, summary, found, remedy)]
  },
}
