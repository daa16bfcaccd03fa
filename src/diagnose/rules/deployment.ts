/**
 * "The Deployment is not progressing: its ReplicaSet cannot create pods (exceeded quota)." /
 * "2 of 3 replicas are unavailable; the pods below say why."
 */
import {latestEvent} from '../events.js'
import {condition, type Rule} from '../facts.js'
import type {DeploymentSnapshot, Finding} from '../model.js'

function checkDeployment(snapshot: DeploymentSnapshot): Finding[] {
  const {deployment} = snapshot
  const name = deployment.metadata.name
  const ns = deployment.metadata.namespace ?? 'default'
  const subject = `deployment/${name}`
  const findings: Finding[] = []
  const desired = deployment.spec?.replicas ?? 1
  const status = deployment.status ?? {}
  const available = status.availableReplicas ?? 0
  const progressing = condition(status.conditions, 'Progressing')
  const replicaFailure = condition(status.conditions, 'ReplicaFailure')
  const newest = [...snapshot.replicaSets].sort((a, b) => Date.parse(b.metadata.creationTimestamp ?? '0') - Date.parse(a.metadata.creationTimestamp ?? '0'))[0]
  const rsFailure = newest ? condition(newest.status?.conditions, 'ReplicaFailure') : undefined
  const failedCreate = latestEvent(snapshot.replicaSetEvents, ['FailedCreate'])
  const createMessage = rsFailure?.message ?? replicaFailure?.message ?? failedCreate?.message
  if (createMessage) {
    const quota = /exceeded quota|forbidden: exceeded/i.test(createMessage)
    const admission = /admission webhook|denied the request|violates PodSecurity|PodSecurity/i.test(createMessage)
    findings.push({
      code: 'ReplicaSetCreateFailed',
      severity: 'critical',
      subject,
      summary: `The ReplicaSet ${newest?.metadata.name ?? ''} cannot create pods: ${quota ? 'the namespace ResourceQuota is exhausted' : admission ? 'an admission check (webhook or Pod Security) rejects them' : 'the API server refuses them'}.`,
      evidence: [
        ...(rsFailure ? [`replicaset/${newest?.metadata.name ?? ''} condition ReplicaFailure=True reason=${rsFailure.reason ?? ''}: ${rsFailure.message ?? ''}`] : []),
        ...(failedCreate && failedCreate.message !== rsFailure?.message ? [`event Warning FailedCreate: ${failedCreate.message ?? ''}`] : []),
      ],
      remedy: quota
        ? [`kubectl describe resourcequota -n ${ns}  # raise the quota, or lower the pods' requests`]
        : admission
          ? ['Fix the pod template to satisfy the policy named in the message (securityContext, labels), or ask for an exception.']
          : ['Fix what the message names; kubectl get events -n ' + ns + ' --field-selector reason=FailedCreate'],
    })
  }
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    findings.push({
      code: 'DeploymentProgressDeadlineExceeded',
      severity: 'critical',
      subject,
      summary: `The rollout is stuck: no progress within progressDeadlineSeconds (${deployment.spec?.progressDeadlineSeconds ?? 600}s); the new pods do not become available.`,
      evidence: [`condition Progressing=False reason=ProgressDeadlineExceeded: ${progressing.message ?? ''}`],
      remedy: ['The pod findings below say why the new pods fail.', `Roll back if the new version is broken: kubectl rollout undo deployment/${name} -n ${ns}`],
    })
  }
  if (deployment.spec?.paused) {
    findings.push({
      code: 'DeploymentPaused',
      severity: 'warning',
      subject,
      summary: 'The Deployment is paused: template changes are not rolled out.',
      evidence: ['spec.paused=true'],
      remedy: [`kubectl rollout resume deployment/${name} -n ${ns}`],
    })
  }
  if (available < desired) {
    findings.push({
      code: 'DeploymentUnavailable',
      severity: findings.some((f) => f.severity === 'critical') ? 'warning' : 'critical',
      subject,
      summary: `${desired - available} of ${desired} replica(s) are unavailable (ready ${status.readyReplicas ?? 0}, updated ${status.updatedReplicas ?? 0}).`,
      evidence: [
        `spec.replicas=${desired} status.availableReplicas=${available} status.unavailableReplicas=${status.unavailableReplicas ?? desired - available}`,
        ...(condition(status.conditions, 'Available') ? [`condition Available=${condition(status.conditions, 'Available')!.status}: ${condition(status.conditions, 'Available')!.message ?? ''}`] : []),
      ],
      remedy: unavailableRemedy(snapshot.pods, ns),
    })
  }
  return findings
}

function unavailableRemedy(pods: DeploymentSnapshot['pods'], ns: string): string[] {
  if (!pods) return [`Its pods could not be read (see Notes): kubectl get pods -n ${ns}`]
  return pods.length ? ['The pod findings say why the pods are not available.'] : [`No pods exist: see the ReplicaSet events (kubectl describe rs -n ${ns}).`]
}

export const deploymentRule: Rule<DeploymentSnapshot> = {name: 'deployment', check: checkDeployment}
