/**
 * "Running but not ready: the readiness probe GET :8080/healthz answers 500; here is the probe."
 * Joins the kubelet's Unhealthy events with the probe spec of the container they name.
 */
import {eventCount, eventsForContainer, latestEvent} from '../events.js'
import {containerViews, describeProbe, podContainers, errorWords, podSubject, telltaleLines, type Rule} from '../facts.js'
import type {Finding, PodSnapshot} from '../model.js'
import type {Probe} from '../objects.js'

type ProbeKind = 'readiness' | 'liveness' | 'startup'

const probeField: Record<ProbeKind, 'readinessProbe' | 'livenessProbe' | 'startupProbe'> = {
  readiness: 'readinessProbe',
  liveness: 'livenessProbe',
  startup: 'startupProbe',
}

const codes: Record<ProbeKind, string> = {readiness: 'ReadinessProbeFailing', liveness: 'LivenessProbeFailing', startup: 'StartupProbeFailing'}

/** What the probe failure text points at. */
export function explainProbeFailure(message: string): string {
  if (/statuscode: (\d+)/i.test(message)) return `the endpoint answers HTTP ${/statuscode: (\d+)/i.exec(message)![1]}`
  if (/connection refused/i.test(message)) return 'nothing listens on the probed port (connection refused): wrong port, or the app listens on 127.0.0.1 only, or has not started'
  if (/context deadline exceeded|timeout|Client.Timeout/i.test(message)) return 'the endpoint does not answer within timeoutSeconds'
  if (/no route to host|network is unreachable/i.test(message)) return 'the pod network is not reachable from the node'
  return 'the probe fails'
}

function probeRemedy(kind: ProbeKind, probe: Probe | undefined, container: string, ns: string, pod: string): string[] {
  const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port
  const remedy = [
    port !== undefined
      ? `Check the app answers on the probed port and path: kubectl port-forward pod/${pod} -n ${ns} 8081:${port} and curl localhost:8081${probe?.httpGet?.path ?? '/'}`
      : `Run the probe yourself: kubectl exec ${pod} -c ${container} -n ${ns} -- <probe command>`,
  ]
  if (kind === 'readiness') remedy.push('Until it passes, Services send no traffic to this pod; fix the endpoint, or the probe path/port/timeoutSeconds if they are wrong.')
  if (kind === 'liveness') remedy.push('A failing liveness probe restarts the container; add a startupProbe or raise initialDelaySeconds/failureThreshold for slow starts, and keep the check cheap (no dependency calls).')
  if (kind === 'startup') remedy.push('Raise failureThreshold × periodSeconds above the real start time.')
  return remedy
}

function checkProbes(snapshot: PodSnapshot): Finding[] {
  const pod = snapshot.pod
  if (pod.status?.phase !== 'Running') return []
  const findings: Finding[] = []
  for (const view of containerViews(pod)) {
    if (view.init && view.spec?.restartPolicy !== 'Always') continue
    const events = eventsForContainer(snapshot.events, view.status.name)
    for (const kind of ['liveness', 'startup', 'readiness'] as const) {
      const prefix = `${kind[0]!.toUpperCase()}${kind.slice(1)} probe`
      const unhealthy = latestEvent(events.length ? events : snapshot.events, ['Unhealthy'], (m) => m.startsWith(prefix))
      const probe = view.spec?.[probeField[kind]]
      const stillFailing = kind === 'readiness' ? !view.status.ready && view.status.state?.running !== undefined : view.status.restartCount > 0 || !view.status.ready
      if (!unhealthy || !stillFailing) continue
      // Only attribute a pod-wide event to this container when the pod has one container.
      if (!events.length && podContainers(pod).length > 1) continue
      const message = unhealthy.message ?? ''
      const evidence = [`event Warning Unhealthy (x${eventCount(unhealthy)}): ${message}`]
      if (probe) evidence.push(describeProbe(kind, probe))
      evidence.push(`container "${view.status.name}" ready=${view.status.ready} restartCount=${view.status.restartCount}`)
      const killing = kind !== 'readiness' ? latestEvent(snapshot.events, ['Killing'], (m) => /probe/i.test(m)) : undefined
      if (killing) evidence.push(`event Normal Killing: ${killing.message ?? ''}`)
      const current = snapshot.logs.find((l) => l.container === view.status.name && !l.previous)
      const logged = current ? telltaleLines(current.lines, 3).filter((l) => errorWords.test(l)) : []
      evidence.push(...logged.map((l) => `log: ${l}`))
      const because = logged.length ? `; its log says: ${logged.at(-1)!.length > 160 ? logged.at(-1)!.slice(0, 160) + '…' : logged.at(-1)!}` : ''
      findings.push({
        code: codes[kind],
        severity: 'critical',
        subject: podSubject(pod),
        summary:
          kind === 'readiness'
            ? `Running but not ready: the readiness probe of container "${view.status.name}" fails (${explainProbeFailure(message)}), so Services do not route to it${because}.`
            : `Container "${view.status.name}" is restarted by its failing ${kind} probe (${explainProbeFailure(message)})${because}.`,
        evidence,
        remedy: probeRemedy(kind, probe, view.status.name, pod.metadata.namespace ?? 'default', pod.metadata.name),
      })
    }
  }
  return findings
}

export const probesRule: Rule<PodSnapshot> = {name: 'probes', check: checkProbes}
