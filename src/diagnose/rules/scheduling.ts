/**
 * "Pending, and the scheduler says Insufficient cpu: here are the nodes and how short each is."
 * Reads the PodScheduled condition (or the latest FailedScheduling event) in any scheduler
 * wording (see ../scheduler.ts) and explains each reason with one function per cause, with the
 * numbers and node facts behind it.
 */
import {latestEvent} from '../events.js'
import {allContainers, condition, formatAmount, labelString, podResourceRequests, podSubject, quantity, workloadRef, type Rule} from '../facts.js'
import type {Finding, PodSnapshot} from '../model.js'
import {requirementMatches, taintText, tolerates} from '../../util/node-selection.js'
import type {Node, Pod} from '../objects.js'
import {parseSchedulerMessage, reasonRank, wholeMessageCause, type SchedulerCause, type SchedulerReason} from '../scheduler.js'

export {parseSchedulerMessage}

/** A finding about a pod the scheduler cannot place: critical, about the pod (fields in the report's order). */
function pendingFinding(pod: Pod, {code, ...rest}: Omit<Finding, 'severity' | 'subject'>): Finding {
  return {code, severity: 'critical', subject: podSubject(pod), ...rest}
}

function schedulerEvidence(pod: Pod, snapshot: PodSnapshot): {message: string; evidence: string[]} | undefined {
  const scheduled = condition(pod.status?.conditions, 'PodScheduled')
  const event = latestEvent(snapshot.events, ['FailedScheduling'])
  if (scheduled?.status === 'False' && scheduled.message) {
    return {message: scheduled.message, evidence: [`condition PodScheduled=False reason=${scheduled.reason ?? ''}: ${scheduled.message}`]}
  }
  if (event?.message) return {message: event.message, evidence: [`event Warning FailedScheduling: ${event.message}`]}
  return undefined
}


/** Why the scheduler's filters rule a node out: what kind of filter, and how to say it. */
export interface Blocker {
  kind: 'cordoned' | 'taint' | 'selector' | 'affinity'
  text: string
  /** The taint's key, for taint blockers. */
  key?: string
}

/** Why the scheduler's filters (before the resource fit) rule a node out for this pod; empty when it may run there. */
export function placementBlockers(pod: Pod, node: Node): Blocker[] {
  const blockers: Blocker[] = []
  const labels = node.metadata.labels ?? {}
  if (node.spec?.unschedulable && !tolerates(pod.spec.tolerations, {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'})) blockers.push({kind: 'cordoned', text: 'cordoned'})
  for (const taint of node.spec?.taints ?? []) {
    if ((taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerates(pod.spec.tolerations, taint)) blockers.push({kind: 'taint', key: taint.key, text: `taint ${taintText(taint)}`})
  }
  const selector = Object.entries(pod.spec.nodeSelector ?? {}).filter(([k, v]) => labels[k] !== v)
  if (selector.length) blockers.push({kind: 'selector', text: `nodeSelector ${selector.map(([k, v]) => `${k}=${v}`).join(',')} (node has ${selector.map(([k]) => `${k}=${labels[k] ?? '<unset>'}`).join(',')})`})
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []
  if (terms.length && !terms.some((t) => (t.matchExpressions ?? []).every((r) => requirementMatches(r, labels[r.key])))) blockers.push({kind: 'affinity', text: 'required node affinity'})
  return blockers
}

/** How many nodes the evidence names one by one; the rest are counted. */
const shownNodes = 8

interface NodeRoom {
  name: string
  allocatable: bigint
  requested: bigint
  free: bigint
}

/** The nodes the pod may use (taints, selector, affinity, cordon allow it), most free room first. */
export function candidateRoom(resource: string, snapshot: PodSnapshot): {rooms: NodeRoom[]; excluded: string[]} {
  const rooms: NodeRoom[] = []
  const excluded: string[] = []
  for (const node of snapshot.scheduling?.nodes ?? []) {
    const blockers = placementBlockers(snapshot.pod, node)
    if (blockers.length) {
      excluded.push(`${node.metadata.name} (${blockers.map((b) => b.text).join('; ')})`)
      continue
    }
    const allocatable = quantity(node.status?.allocatable, resource)
    if (allocatable === undefined) continue
    const requested = snapshot.scheduling?.requested[node.metadata.name]?.[resource] ?? 0n
    rooms.push({name: node.metadata.name, allocatable, requested, free: allocatable - requested})
  }
  rooms.sort((a, b) => (b.free > a.free ? 1 : b.free < a.free ? -1 : a.name.localeCompare(b.name)))
  return {rooms, excluded}
}

/** Per node: allocatable minus what running pods already request, against what this pod needs. */
export function shortfallLines(resource: string, need: bigint, snapshot: PodSnapshot): string[] {
  if (!snapshot.scheduling) return []
  const {rooms, excluded} = candidateRoom(resource, snapshot)
  const lines = rooms.slice(0, shownNodes).map((room) => {
    const short = need - room.free
    const verdict = short > 0n ? `short by ${formatAmount(resource, short)}` : 'fits'
    return `node ${room.name}: allocatable ${formatAmount(resource, room.allocatable)} ${resource}, requested by running pods ${formatAmount(resource, room.requested)}, free ${formatAmount(resource, room.free > 0n ? room.free : 0n)}; this pod requests ${formatAmount(resource, need)} → ${verdict}`
  })
  if (rooms.length > shownNodes) lines.push(`... and ${rooms.length - shownNodes} more node(s) with less free ${resource}`)
  if (excluded.length) lines.push(`nodes the pod may not use anyway: ${excluded.slice(0, shownNodes).join(', ')}${excluded.length > shownNodes ? `, and ${excluded.length - shownNodes} more` : ''}`)
  return lines
}

function insufficientFor(resource: string, {pod, reason, snapshot, base}: ReasonContext): Finding {
  const need = podResourceRequests(pod)[resource]
  const evidence = [...base]
  if (need !== undefined) {
    evidence.push(`the pod requests ${formatAmount(resource, need)} ${resource} in total (requests, not live usage, decide placement)`)
    evidence.push(...shortfallLines(resource, need, snapshot))
  }
  const smallest = need === undefined ? undefined : smallestShortfall(resource, need, snapshot)
  const fitting = need === undefined || !snapshot.scheduling ? 0 : roomNow(resource, need, snapshot)
  return pendingFinding(pod, {
    code: 'InsufficientResources',
    summary: `Pending: no node has enough unrequested ${resource} for this pod${need !== undefined ? ` (it requests ${formatAmount(resource, need)})` : ''}: ${reason.count} node(s) report Insufficient ${resource}${smallest ? `; the closest one it may use is ${smallest}` : ''}${fitting ? `. By the requests on the nodes now, ${fitting} node(s) have room: the scheduler's verdict may predate pods that finished since, and it will retry` : ''}.`,
    evidence,
    remedy: [
      `Lower the pod's ${resource} request if it is higher than the app needs: kubectl set resources ${workloadRef(snapshot.owners)} --requests=${resource}=... -n ${pod.metadata.namespace ?? 'default'}`,
      'Add a node or scale up the node pool (on ACK/EKS/GKE: raise the node pool size or let the cluster autoscaler add one).',
      `Free requested ${resource} on a node: kubectl describe node NODE (Allocated resources) shows which pods hold it.`,
      ...notReadyNodes(snapshot).map((name) => `Node ${name} is not ready and would be a candidate once healthy: kubectl diagnose node ${name}`),
    ],
  })
}

function smallestShortfall(resource: string, need: bigint, snapshot: PodSnapshot): string | undefined {
  const closest = candidateRoom(resource, snapshot).rooms[0]
  return closest && need > closest.free ? `${closest.name}, ${formatAmount(resource, need - closest.free)} ${resource} short` : undefined
}

/** Nodes that have room by today's requests: the scheduler's verdict is older than the cluster's state. */
function roomNow(resource: string, need: bigint, snapshot: PodSnapshot): number {
  return candidateRoom(resource, snapshot).rooms.filter((room) => room.free >= need).length
}

function untoleratedTaint({pod, reason, snapshot, base}: ReasonContext): Finding {
  const taint = reason.taint ?? ''
  const key = taint.split(':')[0]!.trim()
  const nodeProblem = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/pid-pressure', 'node.kubernetes.io/network-unavailable'].includes(key)
  const tolerations = (pod.spec.tolerations ?? []).map((t) => `${t.key ?? '*'}${t.operator === 'Exists' ? '' : `=${t.value ?? ''}`}:${t.effect ?? '*'}`)
  const tainted = (snapshot.scheduling?.nodes ?? []).filter((n) => n.spec?.taints?.some((t) => t.key === key))
  return pendingFinding(pod, {
    code: nodeProblem ? 'NodesNotReadyForScheduling' : 'UntoleratedTaint',
    summary: nodeProblem
      ? `Pending: ${reason.count} node(s) carry the ${key} taint, which the node controller sets when a node is unhealthy; diagnose the node, not the pod.`
      : `Pending: ${reason.count} node(s) have the taint {${taint}} and the pod does not tolerate it.`,
    evidence: [
      ...base,
      `pod tolerations: ${tolerations.length ? tolerations.join(', ') : '<none>'}`,
      ...tainted.map((n) => `node ${n.metadata.name} taints: ${(n.spec?.taints ?? []).map(taintText).join(', ')}`),
    ],
    remedy: nodeProblem
      ? [`kubectl diagnose node ${tainted[0]?.metadata.name ?? 'NODE'}`, 'The taint goes away by itself once the node is healthy again.']
      : [
          `Add a toleration for ${key} to the pod template if it is meant to run there.`,
          `Or remove the taint: kubectl taint nodes NODE ${key}-`,
          'Or add untainted nodes for this workload.',
        ],
  })
}

/** Node conditions that keep pods off a node: Ready not True, or a pressure or network condition True. */
function unhealthyConditions(node: Node): string[] {
  return (node.status?.conditions ?? [])
    .filter((c) => (c.type === 'Ready' ? c.status !== 'True' : /Pressure$|^NetworkUnavailable$|^OutOfDisk$/.test(c.type) && c.status === 'True'))
    .map((c) => `${c.type}=${c.status}`)
}

/** The scheduler's own node-condition check (before 1.13): the same cause as the not-ready and pressure taints after it. */
function nodesUnhealthy({pod, reason, snapshot, base}: ReasonContext): Finding {
  const unhealthy = (snapshot.scheduling?.nodes ?? []).map((n) => ({name: n.metadata.name, conditions: unhealthyConditions(n)})).filter((n) => n.conditions.length > 0)
  return pendingFinding(pod, {
    code: 'NodesNotReadyForScheduling',
    summary: `Pending: ${reason.count} node(s) are ruled out by their conditions (${reason.text}); diagnose the node, not the pod.`,
    evidence: [...base, ...unhealthy.slice(0, shownNodes).map((n) => `node ${n.name}: ${n.conditions.join(', ')}`)],
    remedy: [`kubectl diagnose node ${unhealthy[0]?.name ?? 'NODE'}`, 'The scheduler places the pod by itself once the node is healthy again.'],
  })
}

function selectorMismatch({pod, reason, snapshot, base}: ReasonContext): Finding {
  const selector = labelString(pod.spec.nodeSelector)
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []
  const affinity = terms.map((t) => (t.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} ${(e.values ?? []).join('|')}`.trim()).join(' && ')).filter(Boolean)
  const keys = [...Object.keys(pod.spec.nodeSelector ?? {}), ...terms.flatMap((t) => (t.matchExpressions ?? []).map((e) => e.key))]
  const evidence = [...base]
  if (selector) evidence.push(`pod nodeSelector: ${selector}`)
  if (affinity.length) evidence.push(`pod required node affinity: ${affinity.join(' || ')}`)
  for (const node of (snapshot.scheduling?.nodes ?? []).slice(0, 10)) {
    const labels = node.metadata.labels ?? {}
    const shown = keys.length ? keys.map((k) => `${k}=${labels[k] ?? '<unset>'}`).join(', ') : '<no selector keys>'
    evidence.push(`node ${node.metadata.name}: ${shown}`)
  }
  return pendingFinding(pod, {
    code: 'NodeSelectorMismatch',
    summary: `Pending: ${reason.count} node(s) do not match the pod's nodeSelector/node affinity${selector ? ` (${selector})` : ''}.`,
    evidence,
    remedy: [
      'Fix the nodeSelector/affinity in the pod template if it names the wrong label, or',
      `label the node that should run it: kubectl label node NODE ${selector || 'KEY=VALUE'}`,
    ],
  })
}

function unboundClaim({pod, reason, snapshot, base}: Omit<ReasonContext, 'reason'> & {reason?: SchedulerReason | undefined}): Finding {
  const evidence = [...base]
  const remedy: string[] = []
  for (const [name, claim] of Object.entries(snapshot.claims)) {
    if (claim.state === 'missing') {
      evidence.push(`persistentvolumeclaim "${name}" does not exist`)
      remedy.push(`Create the PersistentVolumeClaim "${name}" in namespace ${pod.metadata.namespace ?? ''}, or fix claimName in the pod template.`)
    } else if (claim.state === 'found' && claim.value.status?.phase !== 'Bound') {
      const storageClass = claim.value.spec?.storageClassName
      evidence.push(`persistentvolumeclaim "${name}" is ${claim.value.status?.phase ?? 'not bound'} (storageClassName: ${storageClass ?? '<default>'})`)
      remedy.push(`kubectl describe pvc ${name} -n ${pod.metadata.namespace ?? ''}  # ProvisioningFailed events name the cause`)
      remedy.push(storageClass ? `Check that StorageClass "${storageClass}" exists and its provisioner runs: kubectl get storageclass ${storageClass}` : 'No storageClassName: check that the cluster has a default StorageClass (kubectl get storageclass).')
    }
  }
  if (!remedy.length) remedy.push('kubectl get pvc -n ' + (pod.metadata.namespace ?? '') + ' and check each claim the pod mounts is Bound.')
  return pendingFinding(pod, {
    code: 'UnboundVolumeClaim',
    summary: `Pending: a PersistentVolumeClaim the pod mounts is not bound${reason ? ` (${reason.text})` : ''}.`,
    evidence,
    remedy,
  })
}

function podUnschedulable(pod: Pod, message: string, base: string[]): Finding {
  return pendingFinding(pod, {
    code: 'PodUnschedulable',
    summary: `Pending: the scheduler cannot place the pod: ${message}`,
    evidence: base,
    remedy: ['kubectl get nodes -o wide and compare with the scheduler message above.'],
  })
}

interface ReasonContext {
  pod: Pod
  reason: SchedulerReason
  snapshot: PodSnapshot
  base: string[]
}

/** The resource the scheduler found short; PodFitsResources (before 1.6) does not say, so the nodes' requests decide. */
function shortResource({pod, reason, snapshot}: ReasonContext): string {
  if (reason.resource) return reason.resource
  const requests = podResourceRequests(pod)
  const short = ['cpu', 'memory'].find((r) => requests[r] !== undefined && (candidateRoom(r, snapshot).rooms[0]?.free ?? 0n) < requests[r]!)
  return short ?? (requests.cpu !== undefined ? 'cpu' : 'memory')
}

function insufficient(context: ReasonContext): Finding {
  return insufficientFor(shortResource(context), context)
}

function volumeZoneConflict({pod, reason, snapshot, base}: ReasonContext): Finding {
  return pendingFinding(pod, {
    code: 'VolumeZoneConflict',
    summary: `Pending: ${reason.count} node(s) cannot reach the pod's volume: the PersistentVolume is pinned to a zone (or node) where no node the pod may use is.`,
    evidence: [...base, ...Object.entries(snapshot.claims).map(([name, claim]) => `persistentvolumeclaim "${name}": ${claim.state === 'found' ? `volume ${claim.value.spec?.volumeName ?? '<none>'}, storageClassName ${claim.value.spec?.storageClassName ?? '<default>'}` : claim.state}`)],
    remedy: [
      'kubectl get pv VOLUME -o jsonpath={.spec.nodeAffinity} shows the zone; add a node in that zone, or move the data.',
      'For new claims use a StorageClass with volumeBindingMode: WaitForFirstConsumer, so the disk is created where the pod is scheduled.',
    ],
  })
}

function podLimitReached({pod, reason, snapshot, base}: ReasonContext): Finding {
  return pendingFinding(pod, {
    code: 'NodePodLimitReached',
    summary: `Pending: ${reason.count} node(s) already run as many pods as they allow (status.allocatable.pods).`,
    evidence: [...base, ...(snapshot.scheduling?.nodes ?? []).slice(0, 10).map((n) => `node ${n.metadata.name}: allocatable pods ${String(n.status?.allocatable?.pods ?? '?')}`)],
    remedy: [
      'Add nodes, or raise the kubelet maxPods (on ACK/EKS the limit also follows the ENI/IP capacity of the instance type).',
      'Delete finished pods (Succeeded/Failed) that still count on the nodes.',
    ],
  })
}

function nodesCordoned({pod, reason, snapshot, base}: ReasonContext): Finding {
  return pendingFinding(pod, {
    code: 'NodesCordoned',
    summary: `Pending: ${reason.count} node(s) are cordoned (spec.unschedulable).`,
    evidence: [...base, ...cordoned(snapshot.scheduling?.nodes ?? [])],
    remedy: ['kubectl uncordon NODE once its maintenance is done, or add nodes.'],
  })
}

function hostPortTaken({pod, reason, base}: ReasonContext): Finding {
  const ports = allContainers(pod).flatMap((c) => (c.ports ?? []).filter((p) => (p as {hostPort?: number}).hostPort).map((p) => `${c.name}:${(p as {hostPort?: number}).hostPort}`))
  return pendingFinding(pod, {
    code: 'HostPortConflict',
    summary: `Pending: ${reason.count} node(s) already have the pod's hostPort in use${ports.length ? ` (${ports.join(', ')})` : ''}: only one pod per node can bind it.`,
    evidence: [...base, `hostPorts: ${ports.join(', ') || '<none in the spec>'}`],
    remedy: ['Drop hostPort and reach the pods through a Service, or run at most one replica per node (a DaemonSet, or more nodes).'],
  })
}

function podAffinityUnmet({pod, reason, base}: ReasonContext): Finding {
  return pendingFinding(pod, {
    code: 'PodAffinityUnsatisfiable',
    summary: `Pending: ${reason.count} node(s) fail the pod's (anti-)affinity to other pods (${reason.text}).`,
    evidence: [...base, `pod affinity: ${JSON.stringify(pod.spec.affinity?.['podAffinity'] ?? null)}`, `pod anti-affinity: ${JSON.stringify(pod.spec.affinity?.['podAntiAffinity'] ?? null)}`],
    remedy: ['Required anti-affinity allows one replica per topology domain: add nodes/zones, lower replicas, or make it preferred.', 'For required affinity, check the pods it must sit next to exist and are scheduled.'],
  })
}

function spreadUnmet({pod, reason, base}: ReasonContext): Finding {
  return pendingFinding(pod, {
    code: 'TopologySpreadUnsatisfiable',
    summary: `Pending: ${reason.count} node(s) would break the pod's topology spread constraints (whenUnsatisfiable: DoNotSchedule).`,
    evidence: [...base, `topologySpreadConstraints: ${JSON.stringify((pod.spec as {topologySpreadConstraints?: unknown}).topologySpreadConstraints ?? null)}`],
    remedy: ['Add nodes in the under-filled zones, raise maxSkew, or use whenUnsatisfiable: ScheduleAnyway.'],
  })
}

function otherReason({pod, reason, base}: ReasonContext): Finding {
  return {...podUnschedulable(pod, `${reason.count} ${reason.text}`, base), summary: `Pending: ${reason.count} node(s): ${reason.text}.`}
}

/** One function per cause: the classifier table in ../scheduler.ts picks the cause, this picks the words. */
const explainCause: Record<SchedulerCause, (context: ReasonContext) => Finding> = {
  'resource': insufficient,
  'pod-limit': podLimitReached,
  'volume-zone': volumeZoneConflict,
  'volume-binding': unboundClaim,
  'cordoned': nodesCordoned,
  'node-condition': nodesUnhealthy,
  'taint': untoleratedTaint,
  'selector': selectorMismatch,
  'ports': hostPortTaken,
  'pod-affinity': podAffinityUnmet,
  'spread': spreadUnmet,
  'other': otherReason,
}

function gated(pod: Pod): Finding {
  return pendingFinding(pod, {
    code: 'SchedulingGated',
    summary: `Pending: the pod has scheduling gates (${(pod.spec.schedulingGates ?? []).map((g) => g.name).join(', ')}), so the scheduler ignores it until the controller that added them removes them.`,
    evidence: [`spec.schedulingGates: ${JSON.stringify(pod.spec.schedulingGates ?? [])}`],
    remedy: ['Find the controller that owns each gate (its name usually says which) and why it has not removed it.'],
  })
}

function noNodes(pod: Pod, evidence: string[]): Finding {
  return pendingFinding(pod, {
    code: 'NoNodes',
    summary: 'Pending: the cluster has no nodes the scheduler can use.',
    evidence,
    remedy: ['kubectl get nodes  # add nodes or bring the node pool back', 'kubectl uncordon NODE for cordoned nodes'],
  })
}

function checkScheduling(snapshot: PodSnapshot): Finding[] {
  const pod = snapshot.pod
  if (pod.status?.phase !== 'Pending' || pod.spec.nodeName) return []
  const scheduled = condition(pod.status?.conditions, 'PodScheduled')
  if (scheduled?.reason === 'SchedulingGated' || (pod.spec.schedulingGates?.length ?? 0) > 0) return [gated(pod)]
  const said = schedulerEvidence(pod, snapshot)
  if (!said) return []
  const {message, evidence} = said
  const parsed = parseSchedulerMessage(message)
  const whole = wholeMessageCause(message)
  if (whole === 'no-nodes' || parsed?.total === 0) return [noNodes(pod, evidence)]
  if (!parsed && whole === 'volume-binding') return [unboundClaim({pod, snapshot, base: evidence})]
  if (!parsed || parsed.reasons.length === 0) return [podUnschedulable(pod, message, evidence)]
  // The scheduler checks taints and affinity before resources: a node that reports Insufficient
  // passed them, so the resource is the real blocker; then volumes, selectors, taints.
  const reasons = [...parsed.reasons].sort((a, b) => reasonRank(a) - reasonRank(b) || b.count - a.count)
  const findings = reasons.map((reason, index) => explainCause[reason.cause]({pod, reason, snapshot, base: index === 0 ? evidence : []}))
  // A node that reports Insufficient passed every other filter: the other reasons only say which
  // nodes were never candidates, which the shortfall evidence already lists.
  if (findings[0]?.code === 'InsufficientResources') return findings.filter((f) => f.code === 'InsufficientResources')
  // Otherwise later findings are part of the same scheduling failure: the first is the root cause.
  return findings.map((f, i) => (i === 0 ? f : {...f, severity: 'warning'}))
}

function notReadyNodes(snapshot: PodSnapshot): string[] {
  return (snapshot.scheduling?.nodes ?? [])
    .filter((n) => n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable'))
    .filter((n) => placementBlockers(snapshot.pod, n).every((b) => b.kind === 'taint' && b.key?.startsWith('node.kubernetes.io/')))
    .map((n) => n.metadata.name)
}

function cordoned(nodes: Node[]): string[] {
  return nodes.filter((n) => n.spec?.unschedulable).map((n) => `node ${n.metadata.name}: spec.unschedulable=true`)
}

export const schedulingRule: Rule<PodSnapshot> = {name: 'scheduling', check: checkScheduling}
