/**
 * "Evicted: the node ran low on memory." / "Stuck Terminating for 2h: finalizer X is still set."
 * / "Waiting for init container "migrate", which has been running for 20m."
 */
import {age} from '../events.js'
import {containerViews, nodeReady, podSubject, type Rule, type RuleContext} from '../facts.js'
import type {Finding, PodSnapshot} from '../model.js'
import {isNodeSideRestart} from './crash.js'

function evicted(snapshot: PodSnapshot): Finding | undefined {
  const pod = snapshot.pod
  if (pod.status?.reason !== 'Evicted') return undefined
  const message = pod.status.message ?? ''
  const resource = /low on resource: (\S+?)\.?\s/.exec(message + ' ')?.[1]
  return {
    code: 'PodEvicted',
    severity: 'critical',
    subject: podSubject(pod),
    summary: `Evicted by the kubelet${resource ? ` because the node ran low on ${resource}` : ''}${pod.spec.nodeName ? ` (node ${pod.spec.nodeName})` : ''}.`,
    evidence: [`status.phase=${pod.status.phase ?? ''} status.reason=Evicted status.message=${message}`],
    remedy: [
      'Set requests close to real usage: pods using more than they request are evicted first.',
      pod.spec.nodeName ? `kubectl diagnose node ${pod.spec.nodeName}  # memory/disk pressure` : 'Check the node for memory/disk pressure.',
      `Evicted pods stay as records: kubectl delete pod ${pod.metadata.name} -n ${pod.metadata.namespace ?? 'default'} once understood.`,
    ],
  }
}

function stuckTerminating(snapshot: PodSnapshot, context: RuleContext): Finding | undefined {
  const pod = snapshot.pod
  const deleted = pod.metadata.deletionTimestamp
  if (!deleted) return undefined
  const grace = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000
  const overdue = context.now - Date.parse(deleted)
  if (overdue < grace + 60_000) return undefined
  const finalizers = pod.metadata.finalizers ?? []
  const node = snapshot.node?.state === 'found' ? snapshot.node.value : undefined
  const ready = node ? nodeReady(node) : undefined
  const nodeGone = snapshot.node?.state === 'missing'
  const nodeDown = ready !== undefined && ready.status !== 'True'
  const evidence = [`metadata.deletionTimestamp=${deleted} (${age(deleted, context.now)} ago), grace period ${grace / 1000}s`]
  if (finalizers.length) evidence.push(`metadata.finalizers: ${finalizers.join(', ')}`)
  if (nodeGone) evidence.push(`node ${pod.spec.nodeName ?? ''} no longer exists`)
  if (nodeDown && ready) evidence.push(`node ${pod.spec.nodeName ?? ''} Ready=${ready.status}: ${ready.message ?? ''}`)
  const ns = pod.metadata.namespace ?? 'default'
  const remedy: string[] = []
  if (finalizers.length) {
    remedy.push(`Find the controller that owns each finalizer (${finalizers.join(', ')}) and why it has not finished; it removes the finalizer when done.`)
    remedy.push(`Only when its purpose is understood: kubectl patch pod ${pod.metadata.name} -n ${ns} --type=merge -p '{"metadata":{"finalizers":null}}'`)
  }
  if (nodeGone || nodeDown) remedy.push(`The kubelet on ${pod.spec.nodeName ?? 'the node'} cannot confirm the stop; once the node is surely down: kubectl delete pod ${pod.metadata.name} -n ${ns} --grace-period=0 --force`)
  if (!remedy.length) remedy.push(`The kubelet has not confirmed the stop: check the container runtime on ${pod.spec.nodeName ?? 'the node'} (crictl ps -a, journalctl -u kubelet).`)
  return {
    code: 'StuckTerminating',
    severity: 'critical',
    subject: podSubject(pod),
    summary: `Stuck Terminating for ${age(deleted, context.now)}: ${finalizers.length ? `finalizer(s) ${finalizers.join(', ')} still set` : nodeGone ? 'its node no longer exists' : nodeDown ? 'its node is not ready, so no kubelet confirms the stop' : 'the kubelet has not confirmed the containers stopped'}.`,
    evidence,
    remedy,
  }
}

function initBlocked(snapshot: PodSnapshot, context: RuleContext): Finding | undefined {
  const pod = snapshot.pod
  if (pod.status?.phase !== 'Pending') return undefined
  const running = containerViews(pod).find((v) => v.init && v.spec?.restartPolicy !== 'Always' && v.status.state?.running)
  const started = running?.status.state?.running?.startedAt
  if (!running || !started || context.now - Date.parse(started) < 5 * 60_000) return undefined
  const ns = pod.metadata.namespace ?? 'default'
  const tail = snapshot.logs.find((l) => l.container === running.status.name && !l.previous)
  return {
    code: 'InitContainerBlocked',
    severity: 'critical',
    subject: podSubject(pod),
    summary: `Still initialising: init container "${running.status.name}" has been running for ${age(started, context.now)}; the app containers wait for it.`,
    evidence: [`init container "${running.status.name}" running since ${started}`, ...(tail?.lines.slice(-3).map((l) => `log: ${l}`) ?? [])],
    remedy: [`kubectl logs ${pod.metadata.name} -c ${running.status.name} -n ${ns}  # init containers usually wait for a dependency (database, migration, DNS)`],
  }
}

function failedPhase(snapshot: PodSnapshot): Finding | undefined {
  const pod = snapshot.pod
  if (pod.status?.phase !== 'Failed' || pod.status.reason === 'Evicted') return undefined
  // A container that exited non-zero says more; the crash rule reports it.
  if (containerViews(pod).some((v) => (v.status.state?.terminated?.exitCode ?? 0) !== 0 && !isNodeSideRestart(v.status.state?.terminated))) return undefined
  return {
    code: 'PodFailed',
    severity: 'critical',
    subject: podSubject(pod),
    summary: `The pod has failed${pod.status.reason ? ` (${pod.status.reason})` : ''}${pod.status.message ? `: ${pod.status.message}` : ''}.`,
    evidence: [`status.phase=Failed${pod.status.reason ? ` status.reason=${pod.status.reason}` : ''}${pod.status.message ? ` status.message=${pod.status.message}` : ''}`],
    remedy: ['The container findings and logs below say why; a failed pod is not restarted (restartPolicy: ' + (pod.spec.restartPolicy ?? 'Always') + ').'],
  }
}

function checkLifecycle(snapshot: PodSnapshot, context: RuleContext): Finding[] {
  return [evicted(snapshot), stuckTerminating(snapshot, context), initBlocked(snapshot, context), failedPhase(snapshot)].filter((f): f is Finding => f !== undefined)
}

export const lifecycleRule: Rule<PodSnapshot> = {name: 'lifecycle', check: checkLifecycle}
