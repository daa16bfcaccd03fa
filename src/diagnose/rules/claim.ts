/**
 * "The claim is Pending: StorageClass "fast-ssd" does not exist." / "No storageClassName and no
 * default StorageClass." / "WaitForFirstConsumer: it binds when a pod uses it." / "The CSI
 * provisioner says: ...".
 */
import {age, latestEvent} from '../events.js'
import {type Rule, type RuleContext} from '../facts.js'
import type {ClaimSnapshot, Finding} from '../model.js'

function subjectOf(snapshot: ClaimSnapshot): string {
  return `persistentvolumeclaim/${snapshot.claim.metadata.name}`
}

function classProblem(snapshot: ClaimSnapshot): Finding | undefined {
  const named = snapshot.claim.spec?.storageClassName
  const ns = snapshot.claim.metadata.namespace ?? 'default'
  if (named && snapshot.storageClass?.state === 'missing') {
    return {
      code: 'StorageClassMissing',
      severity: 'critical',
      subject: subjectOf(snapshot),
      summary: `Pending: the claim asks for StorageClass "${named}", which does not exist, so nothing provisions a volume for it.`,
      evidence: [`spec.storageClassName=${named}; kubectl get storageclass ${named}: NotFound`, ...(snapshot.defaultClass ? [`the default class is "${snapshot.defaultClass}"`] : [])],
      remedy: [`Fix storageClassName (kubectl get storageclass lists them; the claim must be re-created: the field is immutable), or create the class "${named}".`],
    }
  }
  if (named === undefined && snapshot.defaultClass === null) {
    return {
      code: 'NoDefaultStorageClass',
      severity: 'critical',
      subject: subjectOf(snapshot),
      summary: 'Pending: the claim names no StorageClass and the cluster has no default one, so it waits for a PersistentVolume created by hand.',
      evidence: ['spec.storageClassName: <unset>', 'no StorageClass has the annotation storageclass.kubernetes.io/is-default-class: "true"'],
      remedy: [`Mark a class as default: kubectl patch storageclass CLASS -p '{"metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"}}}', then re-create the claim in ${ns}.`],
    }
  }
  return undefined
}

function waitingForConsumer(snapshot: ClaimSnapshot): Finding | undefined {
  const mode = snapshot.storageClass?.state === 'found' ? snapshot.storageClass.value.volumeBindingMode : undefined
  const event = latestEvent(snapshot.events, ['WaitForFirstConsumer'])
  if (mode !== 'WaitForFirstConsumer' && !event) return undefined
  if (!snapshot.pods || snapshot.pods.length > 0) return undefined
  return {
    code: 'ClaimWaitingForConsumer',
    severity: 'info',
    subject: subjectOf(snapshot),
    summary: 'Pending by design: the StorageClass binds on first use (WaitForFirstConsumer) and no pod uses the claim yet.',
    evidence: [`volumeBindingMode: ${mode ?? 'WaitForFirstConsumer'}`, ...(event ? [`event ${event.reason ?? ''}: ${event.message ?? ''}`] : []), 'pods mounting it: none'],
    remedy: ['Nothing to fix: it binds when a pod that mounts it is scheduled.'],
  }
}

function provisioning(snapshot: ClaimSnapshot, context: RuleContext): Finding | undefined {
  const failed = latestEvent(snapshot.events, ['ProvisioningFailed'])
  const external = latestEvent(snapshot.events, ['ExternalProvisioning'])
  const provisioner = snapshot.storageClass?.state === 'found' ? snapshot.storageClass.value.provisioner : snapshot.claim.metadata.annotations?.['volume.kubernetes.io/storage-provisioner']
  if (failed) {
    return {
      code: 'ProvisioningFailed',
      severity: 'critical',
      subject: subjectOf(snapshot),
      summary: `Pending: the provisioner ${provisioner ?? ''} failed to create the volume: ${(failed.message ?? '').trim()}`,
      evidence: [`event Warning ProvisioningFailed: ${failed.message ?? ''}`],
      remedy: [`Read the provisioner's log (kubectl logs -n kube-system -l app=<csi controller> -c csi-provisioner); check quota, zone and parameters of the class.`],
    }
  }
  const created = snapshot.claim.metadata.creationTimestamp
  if (!external || !created || context.now - Date.parse(created) < 5 * 60_000) return undefined
  return {
    code: 'ProvisionerNotResponding',
    severity: 'critical',
    subject: subjectOf(snapshot),
    summary: `Pending for ${age(created, context.now)}: waiting for the external provisioner ${provisioner ?? ''}, which has not answered (its controller is not running or cannot reach the cloud API).`,
    evidence: [`event ExternalProvisioning: ${external.message ?? ''}`],
    remedy: [`Check the CSI controller pods for ${provisioner ?? 'the driver'}: kubectl get pods -A | grep -i csi`],
  }
}

function lost(snapshot: ClaimSnapshot): Finding | undefined {
  if (snapshot.claim.status?.phase !== 'Lost') return undefined
  return {
    code: 'ClaimLost',
    severity: 'critical',
    subject: subjectOf(snapshot),
    summary: `Lost: the PersistentVolume ${snapshot.claim.spec?.volumeName ?? ''} it was bound to no longer exists; the data may be gone.`,
    evidence: [`status.phase=Lost spec.volumeName=${snapshot.claim.spec?.volumeName ?? ''}`],
    remedy: ['Restore the PV from backup (same name, claimRef to this claim), or delete and re-create the claim.'],
  }
}

function checkClaim(snapshot: ClaimSnapshot, context: RuleContext): Finding[] {
  if (snapshot.claim.status?.phase === 'Bound') return []
  const lostClaim = lost(snapshot)
  if (lostClaim) return [lostClaim]
  const first = classProblem(snapshot) ?? provisioning(snapshot, context) ?? waitingForConsumer(snapshot)
  return first ? [first] : []
}

export const claimRule: Rule<ClaimSnapshot> = {name: 'claim', check: checkClaim}
