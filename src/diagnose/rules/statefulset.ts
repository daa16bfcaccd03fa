/**
 * "web-1 is not ready, and OrderedReady keeps web-2..web-4 from being created." / "The governing
 * Service "web" does not exist, so the pods' DNS names do not resolve."
 */
import {condition, type Rule} from '../facts.js'
import type {ControllerSnapshot, Finding} from '../model.js'
import type {Pod} from '../objects.js'

function ordinal(pod: Pod, name: string): number | undefined {
  const match = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(pod.metadata.name)
  return match ? Number(match[1]) : undefined
}

function ready(pod: Pod): boolean {
  return condition(pod.status?.conditions, 'Ready')?.status === 'True'
}

function orderedBlocked(snapshot: ControllerSnapshot): Finding | undefined {
  const {controller} = snapshot
  const name = controller.metadata.name
  const desired = controller.spec?.replicas ?? 1
  if ((controller.spec?.podManagementPolicy ?? 'OrderedReady') !== 'OrderedReady') return undefined
  const byOrdinal = new Map((snapshot.pods ?? []).map((p) => [ordinal(p, name), p]))
  for (let i = 0; i < desired; i++) {
    const pod = byOrdinal.get(i)
    if (pod && ready(pod)) continue
    const missing = Array.from({length: desired - i - 1}, (_, k) => i + k + 1).filter((k) => !byOrdinal.has(k))
    if (!pod || missing.length === 0) return undefined
    return {
      code: 'StatefulSetOrdinalBlocked',
      severity: 'critical',
      subject: `statefulset/${name}`,
      summary: `${pod.metadata.name} is not ready, and podManagementPolicy OrderedReady creates ${name}-${missing[0]}${missing.length > 1 ? `..${name}-${missing.at(-1)}` : ''} only after it is: fix ${pod.metadata.name} first (its findings follow).`,
      evidence: [`spec.replicas=${desired} status.readyReplicas=${controller.status?.readyReplicas ?? 0}`, `pod ${pod.metadata.name}: phase=${pod.status?.phase ?? ''} ready=false`, `missing ordinals: ${missing.join(', ')}`],
      remedy: [`kubectl diagnose pod ${pod.metadata.name} -n ${controller.metadata.namespace ?? 'default'}`, 'For replicas that do not depend on each other, podManagementPolicy: Parallel starts them all at once (set at creation).'],
    }
  }
  return undefined
}

function serviceMissing(snapshot: ControllerSnapshot): Finding | undefined {
  const serviceName = snapshot.controller.spec?.serviceName
  if (!serviceName || snapshot.service?.state !== 'missing') return undefined
  const ns = snapshot.controller.metadata.namespace ?? 'default'
  return {
    code: 'StatefulSetServiceMissing',
    severity: 'warning',
    subject: `statefulset/${snapshot.controller.metadata.name}`,
    summary: `The governing Service "${serviceName}" (spec.serviceName) does not exist, so the pods' stable DNS names (${snapshot.controller.metadata.name}-0.${serviceName}.${ns}.svc) do not resolve.`,
    evidence: [`spec.serviceName=${serviceName}; kubectl get service ${serviceName} -n ${ns}: NotFound`],
    remedy: [`Create a headless Service: kubectl create service clusterip ${serviceName} --clusterip=None -n ${ns} (with the pods' labels as selector).`],
  }
}

function updatePaused(snapshot: ControllerSnapshot): Finding | undefined {
  const {controller} = snapshot
  const partition = controller.spec?.updateStrategy?.rollingUpdate?.partition ?? 0
  const status = controller.status ?? {}
  if (partition === 0 || !status.updateRevision || status.currentRevision === status.updateRevision) return undefined
  return {
    code: 'StatefulSetPartitioned',
    severity: 'info',
    subject: `statefulset/${controller.metadata.name}`,
    summary: `The rolling update is held back by partition ${partition}: only ordinals ≥ ${partition} get revision ${status.updateRevision}.`,
    evidence: [`spec.updateStrategy.rollingUpdate.partition=${partition}`, `currentRevision=${status.currentRevision ?? ''} updateRevision=${status.updateRevision}`],
    remedy: [`Lower the partition to roll on: kubectl patch statefulset ${controller.metadata.name} -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'`],
  }
}

function unavailable(snapshot: ControllerSnapshot): Finding | undefined {
  const {controller} = snapshot
  const desired = controller.spec?.replicas ?? 1
  const readyCount = controller.status?.readyReplicas ?? 0
  if (readyCount >= desired) return undefined
  return {
    code: 'StatefulSetUnavailable',
    severity: 'critical',
    subject: `statefulset/${controller.metadata.name}`,
    summary: `${desired - readyCount} of ${desired} replica(s) are not ready.`,
    evidence: [`spec.replicas=${desired} status.readyReplicas=${readyCount} status.currentReplicas=${controller.status?.currentReplicas ?? 0}`],
    remedy: ['The pod findings say why.'],
  }
}

function checkStatefulSet(snapshot: ControllerSnapshot): Finding[] {
  if (snapshot.kind !== 'StatefulSet') return []
  return [orderedBlocked(snapshot), serviceMissing(snapshot), updatePaused(snapshot), unavailable(snapshot)].filter((f): f is Finding => f !== undefined)
}

export const statefulSetRule: Rule<ControllerSnapshot> = {name: 'statefulset', check: checkStatefulSet}
