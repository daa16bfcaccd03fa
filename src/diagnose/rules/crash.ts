/**
 * "It keeps crashing: the last run ended with exit code 137, OOMKilled, at a 256Mi limit."
 * Reads the last termination of each restarting container, classifies the exit code and puts
 * the previous run's last log lines next to it.
 */
import {age, describeEvent, eventsForContainer, latestEvent} from '../events.js'
import {startFailure} from './start.js'
import {containerLabel, containerViews, formatAmount, podSubject, workloadRef, quantity, errorWords, telltaleLines, type ContainerView, type Rule, type RuleContext} from '../facts.js'
import type {Finding, PodSnapshot} from '../model.js'
import type {ContainerStateTerminated} from '../objects.js'

/** What an exit code usually means (128+N is signal N). */
export function explainExitCode(code: number, reason?: string): string {
  if (reason === 'OOMKilled') return 'killed by the kernel OOM killer: the container went over its memory limit'
  if (reason === 'Unknown') return `the run ended with reason Unknown (exit code ${code}): the node or container runtime restarted, so the record of how the process itself ended is lost`
  if (reason === 'ContainerStatusUnknown') return `the run ended with reason ContainerStatusUnknown (exit code ${code}): the kubelet could no longer locate the container, so how the process itself ended is not recorded`
  switch (code) {
    case 0:
      return 'its last run exited with code 0 (the status records it), but the pod restarts containers that exit (restartPolicy: Always): it is not a long-running process'
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

/**
 * A termination the process did not cause: the node rebooted or the runtime restarted
 * (`Unknown`, exit code 255), or the kubelet lost track of the container (`ContainerStatusUnknown`).
 */
export function isNodeSideRestart(t: ContainerStateTerminated | undefined): boolean {
  return t !== undefined && (t.reason === 'Unknown' || t.reason === 'ContainerStatusUnknown')
}

interface CrashFacts {
  snapshot: PodSnapshot
  view: ContainerView
  label: string
  ns: string
  evidence: string[]
  terminated: ContainerStateTerminated | undefined
  crashLooping: boolean
  now: number
}

function crashFacts(snapshot: PodSnapshot, view: ContainerView, now: number): CrashFacts {
  const {status} = view
  const waiting = status.state?.waiting
  const terminated = status.lastState?.terminated ?? status.state?.terminated
  const label = containerLabel(view)
  const evidence: string[] = []
  if (waiting?.reason) evidence.push(`${label} waiting: reason=${waiting.reason}${waiting.message ? ` message=${waiting.message}` : ''}`)
  if (terminated) evidence.push(`${label} last terminated: ${describeTermination(terminated)}`)
  evidence.push(`restartCount=${status.restartCount}`)
  return {snapshot, view, label, ns: snapshot.pod.metadata.namespace ?? 'default', evidence, terminated, crashLooping: waiting?.reason === 'CrashLoopBackOff', now}
}

function nodeSideRestart(facts: CrashFacts): Finding | undefined {
  const {view, terminated, label} = facts
  if (!view.status.ready || !view.status.state?.running || !terminated) return undefined
  const when = terminated.finishedAt && !terminated.finishedAt.startsWith('0001') ? ` ${age(terminated.finishedAt, facts.now)} ago` : ''
  return {
    code: 'RestartedByNode',
    severity: 'info',
    subject: podSubject(facts.snapshot.pod),
    summary:
      terminated.reason === 'Unknown'
        ? `${label} restarted ${view.status.restartCount} time(s), the last${when} because its node or container runtime restarted (reason Unknown, exit code ${terminated.exitCode}), not because it crashed; it is running and ready.`
        : `${label} restarted ${view.status.restartCount} time(s); the last run${when} ended with reason ContainerStatusUnknown: the kubelet could no longer locate the container, so how it ended is not recorded. It is not crash-looping: it is running and ready.`,
    evidence: facts.evidence,
    remedy: [`If restarts keep coming, check the node's uptime and runtime restarts: kubectl diagnose node ${facts.snapshot.pod.spec.nodeName ?? 'NODE'}`],
  }
}

/** CrashLoopBackOff with no terminated record: the back-off is certain, how the last run ended is not. */
function unknownEnding(facts: CrashFacts): Finding {
  const {snapshot, view, label, ns} = facts
  const backOff = latestEvent(eventsForContainer(snapshot.events, view.status.name), ['BackOff'])
  const failed = latestEvent(eventsForContainer(snapshot.events, view.status.name), ['Failed'])
  const evidence = [...facts.evidence, `${label} has no lastState.terminated record: how its last run ended (exit code, reason) is unknown`]
  for (const e of [failed, backOff]) if (e) evidence.push(describeEvent(e, facts.now))
  evidence.push(...logEvidence(snapshot, view.status.name))
  return {
    code: 'CrashLoopBackOff',
    severity: 'critical',
    subject: podSubject(snapshot.pod),
    summary: `${label} is in CrashLoopBackOff (${view.status.restartCount} restart(s)), but the pod status keeps no record of how its last run ended, so the exit code and cause are unknown${failed?.message ? `; the kubelet's last failure: ${failed.message.trim()}` : ''}.`,
    evidence,
    remedy: [`Read the previous run's log: kubectl logs ${snapshot.pod.metadata.name} -c ${view.status.name} -n ${ns} --previous`, `On the node, the runtime keeps the exit status: crictl ps -a --name ${view.status.name} and crictl inspect CONTAINER_ID`],
  }
}

function oomFinding(facts: CrashFacts): Finding {
  const {snapshot, view, label, ns, terminated} = facts
  const {status} = view
  const limit = quantity(view.spec?.resources?.limits, 'memory')
  const request = quantity(view.spec?.resources?.requests, 'memory')
  const usage = quantity(snapshot.metrics?.containers?.find((c) => c.name === status.name)?.usage, 'memory')
  const evidence = [...facts.evidence]
  evidence.push(`memory limit: ${limit === undefined ? '<none> (the node ran out of memory)' : formatAmount('memory', limit)}, request: ${request === undefined ? '<none>' : formatAmount('memory', request)}`)
  if (usage !== undefined) evidence.push(`memory usage now (metrics-server): ${formatAmount('memory', usage)}${limit ? ` = ${((Number(usage) / Number(limit)) * 100).toFixed(0)}% of the limit` : ''}`)
  evidence.push(...logEvidence(snapshot, status.name))
  const recovered = !recentCrash(view, terminated?.finishedAt, facts.now)
  const when = recovered && terminated?.finishedAt ? ` ${age(terminated.finishedAt, facts.now)} ago` : ''
  return {
    code: 'OOMKilled',
    severity: recovered ? 'warning' : 'critical',
    subject: podSubject(snapshot.pod),
    summary: `${label} was OOMKilled (exit code ${terminated?.exitCode ?? 137})${when}${limit !== undefined ? `: it used more than its ${formatAmount('memory', limit)} memory limit` : ': the node ran out of memory'}${facts.crashLooping ? ', and is now in CrashLoopBackOff' : recovered ? '; it is running and ready again, and will be killed again when it reaches the limit' : ''}.`,
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

function failedOnce(facts: CrashFacts, exitCode: number): Finding {
  const {snapshot, view, label, ns, terminated} = facts
  return {
    code: 'ContainerFailed',
    severity: 'critical',
    subject: podSubject(snapshot.pod),
    summary: `${label} failed and is not restarted (restartPolicy: Never): ${explainExitCode(exitCode, terminated?.reason)}.`,
    evidence: [...facts.evidence, ...logEvidence(snapshot, view.status.name)],
    remedy: [`Read its log: kubectl logs ${snapshot.pod.metadata.name} -c ${view.status.name} -n ${ns}`, dependencyAdvice(snapshot, view.status.name, ns)],
  }
}

function crashLoop(facts: CrashFacts, exitCode: number): Finding {
  const {snapshot, view, label, ns, terminated, crashLooping} = facts
  const {status} = view
  const evidence = [...facts.evidence]
  const logsCommand = `kubectl logs ${snapshot.pod.metadata.name} -c ${status.name} -n ${ns} --previous`
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
    subject: podSubject(snapshot.pod),
    summary: `${label} keeps crashing${crashLooping ? ' (CrashLoopBackOff)' : ''}: ${livenessKill ? 'the kubelet kills it after its liveness probe fails' : logged ? meaning.replace(', its log says why', '') : meaning}${logged}`,
    evidence,
    remedy: livenessKill
      ? ['See the liveness finding: fix the probe or give the app a startupProbe.', logsCommand]
      : exitCode === 0
        ? ['Run a long-lived process in the foreground (not a daemonising script), or use a Job for run-to-completion work.', logsCommand]
        : [`Read the previous run's log: ${logsCommand}`, dependencyAdvice(snapshot, status.name, ns)],
  }
}

function crashFinding(snapshot: PodSnapshot, view: ContainerView, now: number): Finding | undefined {
  // A container that never started is the start rule's: there is no crash to classify.
  if (startFailure(snapshot, view, now)) return undefined
  const facts = crashFacts(snapshot, view, now)
  const {status} = view
  const {terminated, crashLooping} = facts
  if (isNodeSideRestart(terminated) && !crashLooping) return nodeSideRestart(facts)
  if (crashLooping && !terminated) return unknownEnding(facts)
  if (!terminated) return undefined
  const failedNow = status.state?.terminated !== undefined && status.state.terminated.exitCode !== 0
  // Init containers exit by design; only their failures count.
  if (view.init && !crashLooping && !failedNow && status.state?.running === undefined) return undefined
  if (terminated.reason === 'OOMKilled' && (status.restartCount > 0 || failedNow || crashLooping)) return oomFinding(facts)
  const restarted = status.restartCount > 0 && terminated.exitCode !== 0 && recentCrash(view, terminated.finishedAt, now)
  if (!crashLooping && !restarted && !failedNow) return undefined
  if (!crashLooping && status.state?.terminated && snapshot.pod.spec.restartPolicy === 'Never') return failedOnce(facts, terminated.exitCode)
  return crashLoop(facts, terminated.exitCode)
}

function checkCrashes(snapshot: PodSnapshot, context: RuleContext): Finding[] {
  return containerViews(snapshot.pod)
    .map((view) => crashFinding(snapshot, view, context.now))
    .filter((f): f is Finding => f !== undefined)
}

export const crashRule: Rule<PodSnapshot> = {name: 'crash', check: checkCrashes}
