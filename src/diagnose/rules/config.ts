/**
 * "The container cannot be created because Secret "db" does not exist (or has no key PASSWORD)."
 * Joins the kubelet's CreateContainerConfigError / FailedMount text with what the namespace holds.
 */
import {latestEvent} from '../events.js'
import {containerViews, podSubject, type Rule} from '../facts.js'
import type {Finding, PodSnapshot} from '../model.js'
import {configReferences, type ConfigReference} from '../references.js'

interface Problem {
  ref: ConfigReference
  missing: 'object' | 'key'
  keys?: string[]
}

/** Whether the kubelet said the key is missing (how a missing key of a Secret, whose keys are not read, is known). */
function kubeletMissesKey(snapshot: PodSnapshot, ref: ConfigReference): boolean {
  const ns = snapshot.pod.metadata.namespace ?? 'default'
  const wanted = `couldn't find key ${ref.key} in ${ref.kind} ${ns}/${ref.name}`
  const waiting = containerViews(snapshot.pod).some((v) => v.status.state?.waiting?.message?.includes(wanted))
  return waiting || snapshot.events.some((e) => e.message?.includes(wanted))
}

function problems(snapshot: PodSnapshot): Problem[] {
  const found: Problem[] = []
  const seen = new Set<string>()
  for (const ref of configReferences(snapshot.pod)) {
    if (ref.optional) continue
    const lookup = (ref.kind === 'ConfigMap' ? snapshot.configMaps : snapshot.secrets)[ref.name]
    if (!lookup || lookup.state === 'unknown') continue
    const id = `${ref.kind}/${ref.name}/${lookup.state === 'missing' ? '' : (ref.key ?? '')}`
    if (seen.has(id)) continue
    if (lookup.state === 'missing') {
      seen.add(id)
      found.push({ref, missing: 'object'})
    } else if (ref.key) {
      const keys = lookup.value.keys
      const missing = keys === undefined ? kubeletMissesKey(snapshot, ref) : !keys.includes(ref.key)
      if (!missing) continue
      seen.add(id)
      found.push({ref, missing: 'key', keys})
    }
  }
  return found
}

function checkConfig(snapshot: PodSnapshot): Finding[] {
  const pod = snapshot.pod
  const ns = pod.metadata.namespace ?? 'default'
  const blocked = containerViews(pod).filter((v) => v.status.state?.waiting?.reason === 'CreateContainerConfigError')
  const mountEvent = latestEvent(snapshot.events, ['FailedMount'], (m) => /not found|couldn't find key/i.test(m))
  const stuck = blocked.length > 0 || (mountEvent !== undefined && pod.status?.phase === 'Pending')
  const evidence: string[] = []
  for (const view of blocked) evidence.push(`${view.init ? 'init container' : 'container'} "${view.status.name}" waiting: reason=CreateContainerConfigError message=${view.status.state?.waiting?.message ?? ''}`)
  if (mountEvent) evidence.push(`event Warning FailedMount: ${mountEvent.message ?? ''}`)
  const found = problems(snapshot)
  const findings: Finding[] = found.map((problem) => {
    const {ref} = problem
    const what = `${ref.kind} "${ref.name}"`
    const kubectlKind = ref.kind === 'ConfigMap' ? 'configmap' : 'secret generic'
    if (problem.missing === 'object') {
      return {
        code: ref.kind === 'ConfigMap' ? 'MissingConfigMap' : 'MissingSecret',
        severity: stuck ? 'critical' : 'warning',
        subject: podSubject(pod),
        summary: stuck
          ? `The pod cannot start: ${what}, used by ${ref.from}, does not exist in namespace ${ns}.`
          : `${what}, used by ${ref.from}, does not exist in namespace ${ns}; the pod will fail on its next restart.`,
        evidence: [...evidence, `${ref.from} → ${what} (optional: false); kubectl get ${ref.kind.toLowerCase()} ${ref.name} -n ${ns}: NotFound`],
        remedy: [
          `Create it in the pod's namespace: kubectl create ${kubectlKind} ${ref.name} -n ${ns} --from-literal=KEY=VALUE (or apply the manifest that should have made it).`,
          `Or, if the app can run without it, mark the reference optional: true.`,
        ],
      }
    }
    return {
      code: 'MissingConfigKey',
      severity: stuck ? 'critical' : 'warning',
      subject: podSubject(pod),
      summary: `${stuck ? 'The pod cannot start: ' : ''}${what} has no key "${ref.key ?? ''}", which ${ref.from} needs.`,
      evidence: [...evidence, problem.keys === undefined ? `${what} exists (its key names are not read: kubekit reads only the metadata of Secrets)` : `${what} keys: ${problem.keys.length ? problem.keys.join(', ') : '<none>'}`],
      remedy: [`Add the key: kubectl edit ${ref.kind.toLowerCase()} ${ref.name} -n ${ns}, or fix the key name in the pod template.`],
    }
  })
  if (findings.length === 0 && blocked.length > 0) {
    // The kubelet's message is all we have (e.g. we may not read secrets): pass it on.
    const message = blocked[0]!.status.state?.waiting?.message ?? ''
    findings.push({
      code: 'ContainerConfigError',
      severity: 'critical',
      subject: podSubject(pod),
      summary: `The pod cannot start: ${message || 'the kubelet cannot build the container configuration'}.`,
      evidence,
      remedy: ['Create the object the message names in the pod\'s namespace, or fix the reference (name, key) in the pod template.'],
    })
  }
  return findings
}

export const configRule: Rule<PodSnapshot> = {name: 'config', check: checkConfig}
