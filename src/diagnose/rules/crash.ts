/**
 * "It keeps crashing: the last run ended with exit code 137, OOMKilled, at a 256Mi limit."
 * Reads the last termination of each restarting container, classifies the exit code and puts
 * the previous run's last log lines next to it.
 */
import {latestEvent} from '../events.js'
import {containerLabel, containerViews, formatAmount, podSubject, workloadRef, quantity, errorWords, telltaleLines, type ContainerView, type Rule, type RuleContext} from '../facts.js'
import type {Finding, PodSnapshot} from '../model.js'
import type {ContainerStateTerminated} from '../objects.js'

/** What an exit code usually means (128+N is signal N). */
export function explainExitCode(code: number, reason?: string): string {
  if (reason === 'OOMKilled') return 'killed by the kernel OOM killer: the container went over its memory limit'
  switch (code) {
    case 0:
      return 'the process exited successfully, but the pod restarts containers that exit (restartPolicy: Always): it is not a long-running process'
    case 1:
      return 'application error (exit code 1): the process failed on its own, its log says why'
    case 2:
      return 'exit code 2: usually a misused shell builtin or bad command-line arguments'
    case 126:
      return 'exit code 126: the command was found but could not be executed (permissions, not executable, wrong architecture)'
    case 127:
      return 'exit code 127: the command was not found in the image (wrong command/args or PATH)'
    case 128:
      return 'exit code 128: the container runtime could not start the process'
    case 134:
      return 'exit code 134 (SIGABRT): the process aborted itself (assertion, abort())'
    case 137:
      return 'exit code 137 (SIGKILL) without OOMKilled: killed from outside, e.g. after a failed liveness probe or an expired termination grace period'
    case 139:
      return 'exit code 139 (SIGSEGV): the process crashed with a segmentation fault (native code, incompatible libraries)'
    case 143:
      return 'exit code 143 (SIGTERM): the process was asked to stop; repeated, it means something keeps terminating it (liveness probe, preStop, the runtime)'
    default:
      return code > 128 && code < 160 ? `exit code ${code}: killed by signal ${code - 128}` : `exit code ${code}: the application exited with an error`
  }
}

function describeTermination(t: ContainerStateTerminated): string {
  const parts = [`exitCode=${t.exitCode}`]
  if (t.reason) parts.push(`reason=${t.reason}`)
  if (t.signal) parts.push(`signal=${t.signal}`)
  if (t.startedAt && t.finishedAt) parts.push(`ran ${Math.max(0, Math.round((Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000))}s (${t.startedAt} → ${t.finishedAt})`)
  if (t.message) parts.push(`message=${t.message.trim()}`)
  return parts.join(' ')
}

function logEvidence(snapshot: PodSnapshot, container: string): string[] {
  const tail = snapshot.logs.find((l) => l.container === container && l.previous) ?? snapshot.logs.find((l) => l.container === container && !l.previous)
  if (!tail?.lines.length) return []
  const which = tail.previous ? 'previous run log' : 'log'
  return telltaleLines(tail.lines).map((line) => `${which}: ${line}`)
}

/**
 * When the log says a connection failed, point at the dependency: the `name.namespace.svc`
 * it names (the Service to diagnose next), else the address.
 */
export function dependencyAdvice(snapshot: PodSnapshot, container: string, namespace: string): string {
  const lines = snapshot.logs.filter((l) => l.container === container).flatMap((l) => l.lines)
  const failed = lines.some((l) => /connection refused|no such host|i\/o timeout|dial tcp|ECONNREFUSED|ENOTFOUND|could not connect|connection timed out/i.test(l))
  if (!failed) return 'Check the env, config and files it needs at start; the log above usually names what is missing.'
  const service = lines.map((l) => /\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\b/.exec(l)).find((m) => m !== null)
  if (service) return `A dependency it needs at start is unreachable: check the Service it calls: kubectl diagnose svc ${service[1]} -n ${service[3]}`
  return `A dependency it needs at start is unreachable (see the log): check that Service has ready endpoints (kubectl get endpointslices -n ${namespace}) and that NetworkPolicies allow the traffic.`
}

/** A restart counts while the container is unhealthy, or when its last crash was within the hour. */
function recentCrash(view: ContainerView, finishedAt: string | undefined, now: number): boolean {
  if (!view.status.ready || view.status.state?.waiting) return true
  return finishedAt === undefined || now - Date.parse(finishedAt) < 3_600_000
}

function crashFinding(snapshot: PodSnapshot, view: ContainerView, now: number): Finding | undefined {
  const {status} = view
  const waiting = status.state?.waiting
  const terminated = status.lastState?.terminated ?? status.state?.terminated
  const crashLooping = waiting?.reason === 'CrashLoopBackOff'
  const startFailed = waiting?.reason === 'RunContainerError' || waiting?.reason === 'CreateContainerError' || waiting?.reason === 'PreStartHookError' || waiting?.reason === 'PostStartHookError' || terminated?.reason === 'StartError'
  const restarted = status.restartCount > 0 && terminated !== undefined && terminated.exitCode !== 0 && recentCrash(view, terminated.finishedAt, now)
  const failedNow = status.state?.terminated !== undefined && status.state.terminated.exitCode !== 0
  if (!crashLooping && !startFailed && !restarted && !failedNow) return undefined
  // Init containers exit by design; only their failures count.
  if (view.init && !crashLooping && !startFailed && !failedNow && status.state?.running === undefined) return undefined
  const pod = snapshot.pod
  const label = containerLabel(view)
  const evidence: string[] = []
  if (waiting?.reason) evidence.push(`${label} waiting: reason=${waiting.reason}${waiting.message ? ` message=${waiting.message}` : ''}`)
  if (terminated) evidence.push(`${label} last terminated: ${describeTermination(terminated)}`)
  evidence.push(`restartCount=${status.restartCount}`)
  const ns = pod.metadata.namespace ?? 'default'
  const logsCommand = `kubectl logs ${pod.metadata.name} -c ${status.name} -n ${ns} --previous`
  const message = `${waiting?.message ?? ''} ${terminated?.message ?? ''}`
  if (startFailed || /executable file not found|no such file or directory|OCI runtime create failed|permission denied/i.test(message)) {
    const notFound = /executable file not found|no such file or directory/i.test(message)
    return {
      code: notFound ? 'ContainerCommandNotFound' : 'ContainerStartFailed',
      severity: 'critical',
      subject: podSubject(pod),
      summary: notFound
        ? `${label} cannot start: its command is not in the image (${(view.spec?.command ?? []).concat(view.spec?.args ?? []).join(' ') || 'the image entrypoint'}).`
        : `${label} cannot start: the container runtime failed to create or start it.`,
      evidence: [...evidence, `command: ${JSON.stringify(view.spec?.command ?? null)} args: ${JSON.stringify(view.spec?.args ?? null)}`],
      remedy: notFound
        ? ['Fix command/args in the pod template, or the image ENTRYPOINT; check the binary path and PATH (e.g. after moving to a distroless or alpine base).', `Try it: kubectl run debug --rm -it --image=${view.spec?.image ?? 'IMAGE'} --command -- sh`]
        : ['Read the runtime message above; on the node: crictl ps -a and crictl inspect CONTAINER_ID.', 'Check securityContext (runAsUser, readOnlyRootFilesystem), mounts and lifecycle hooks.'],
    }
  }
  const exitCode = terminated?.exitCode ?? 0
  if (terminated?.reason === 'OOMKilled') {
    const limit = quantity(view.spec?.resources?.limits, 'memory')
    const request = quantity(view.spec?.resources?.requests, 'memory')
    const usage = quantity(snapshot.metrics?.containers?.find((c) => c.name === status.name)?.usage, 'memory')
    evidence.push(`memory limit: ${limit === undefined ? '<none> (the node ran out of memory)' : formatAmount('memory', limit)}, request: ${request === undefined ? '<none>' : formatAmount('memory', request)}`)
    if (usage !== undefined) evidence.push(`memory usage now (metrics-server): ${formatAmount('memory', usage)}${limit ? ` = ${((Number(usage) / Number(limit)) * 100).toFixed(0)}% of the limit` : ''}`)
    evidence.push(...logEvidence(snapshot, status.name))
    return {
      code: 'OOMKilled',
      severity: 'critical',
      subject: podSubject(pod),
      summary: `${label} was OOMKilled (exit code 137)${limit !== undefined ? `: it used more than its ${formatAmount('memory', limit)} memory limit` : ': the node ran out of memory'}${crashLooping ? ', and is now in CrashLoopBackOff' : ''}.`,
      evidence,
      remedy: [
        limit !== undefined
          ? `Raise the memory limit if the app needs more: kubectl set resources ${workloadRef(snapshot.owners)} -c ${status.name} --limits=memory=${formatAmount('memory', limit * 2n)} -n ${ns}`
          : 'Set a memory request and limit so the pod is scheduled where the memory is.',
        'If usage grows until the kill, look for a leak; for the JVM/Node.js/Go, size the heap below the limit (-XX:MaxRAMPercentage, --max-old-space-size, GOMEMLIMIT).',
        'kubectl top pod shows the live usage (needs metrics-server).',
      ],
    }
  }
  if (!crashLooping && status.state?.terminated && snapshot.pod.spec.restartPolicy === 'Never') {
    evidence.push(...logEvidence(snapshot, status.name))
    return {
      code: 'ContainerFailed',
      severity: 'critical',
      subject: podSubject(pod),
      summary: `${label} failed and is not restarted (restartPolicy: Never): ${explainExitCode(exitCode, terminated?.reason)}.`,
      evidence,
      remedy: [`Read its log: kubectl logs ${pod.metadata.name} -c ${status.name} -n ${ns}`, dependencyAdvice(snapshot, status.name, ns)],
    }
  }
  const livenessKill = latestEvent(snapshot.events, ['Killing'], (m) => m.includes(status.name) && /liveness|startup/i.test(m))
  if (livenessKill) evidence.push(`event Normal Killing: ${livenessKill.message ?? ''}`)
  evidence.push(...logEvidence(snapshot, status.name))
  const meaning = explainExitCode(exitCode, terminated?.reason)
  const previous = snapshot.logs.find((l) => l.container === status.name && l.previous)
  const said = previous ? telltaleLines(previous.lines, 1)[0] : undefined
  const logged = said && errorWords.test(said) ? `; its last run logged: ${said.length > 160 ? said.slice(0, 160) + '…' : said.trim()}` : ''
  return {
    code: 'CrashLoopBackOff',
    severity: 'critical',
    subject: podSubject(pod),
    summary: `${label} keeps crashing${crashLooping ? ' (CrashLoopBackOff)' : ''}: ${livenessKill ? 'the kubelet kills it after its liveness probe fails' : logged ? meaning.replace(', its log says why', '') : meaning}${logged}`,
    evidence,
    remedy: livenessKill
      ? ['See the liveness finding: fix the probe or give the app a startupProbe.', logsCommand]
      : exitCode === 0
        ? ['Run a long-lived process in the foreground (not a daemonising script), or use a Job for run-to-completion work.', logsCommand]
        : [`Read the previous run's log: ${logsCommand}`, dependencyAdvice(snapshot, status.name, ns)],
  }
}

function checkCrashes(snapshot: PodSnapshot, context: RuleContext): Finding[] {
  return containerViews(snapshot.pod)
    .map((view) => crashFinding(snapshot, view, context.now))
    .filter((f): f is Finding => f !== undefined)
}

export const crashRule: Rule<PodSnapshot> = {name: 'crash', check: checkCrashes}
