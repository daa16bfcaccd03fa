/**
 * "The Service selects app=web-frontend, but the pods are labelled app=web: no endpoints."
 * Compares the selector with the pods of the namespace (near misses included), the
 * EndpointSlices and the target ports.
 */
import {editDistance} from '../../util/suggest.js'
import {condition, labelString, podContainers, type Rule} from '../facts.js'
import type {Finding, ServiceSnapshot} from '../model.js'
import type {Pod, Service} from '../objects.js'

export function selectedPods(service: Service, pods: readonly Pod[]): Pod[] {
  const selector = service.spec?.selector ?? {}
  if (Object.keys(selector).length === 0) return []
  return pods.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v))
}

/** Pods that match some but not all of the selector: the usual typo or version label drift. */
export function nearMisses(service: Service, pods: readonly Pod[]): Array<{pod: Pod; matched: number; differences: string[]}> {
  const selector = Object.entries(service.spec?.selector ?? {})
  const scored = pods
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((pod) => {
      const labels = pod.metadata.labels ?? {}
      const differences = selector.filter(([k, v]) => labels[k] !== v).map(([k, v]) => `${k}: selector wants "${v}", pod has ${labels[k] === undefined ? '<unset>' : `"${labels[k]}"`}`)
      // An exact key=value counts 2, the same key with a similar value (a typo, a suffix) 1.
      const similar = selector.filter(([k, v]) => labels[k] !== undefined && labels[k] !== v && similarValue(v, labels[k]!)).length
      return {pod, matched: 2 * (selector.length - differences.length) + similar, differences}
    })
    .filter((s) => s.matched > 0 || sharesValue(service, s.pod))
  const best = Math.max(0, ...scored.map((s) => s.matched))
  return scored.filter((s) => s.matched === best).slice(0, 5)
}

function compactDifferences(selector: Record<string, string>, pod: Pod): string {
  const labels = pod.metadata.labels ?? {}
  return Object.entries(selector)
    .filter(([k, v]) => labels[k] !== v)
    .map(([k]) => (labels[k] === undefined ? `no ${k} label` : `${k}=${labels[k]}`))
    .join(', ')
}

function similarValue(a: string, b: string): boolean {
  const prefix = [...a].findIndex((c, i) => b[i] !== c)
  const shared = prefix === -1 ? a.length : prefix
  return shared >= Math.min(4, a.length, b.length) || editDistance(a, b) <= Math.max(1, Math.floor(Math.min(a.length, b.length) / 4))
}

/** A pod whose label values overlap the selector's values under other keys (app vs app.kubernetes.io/name). */
function sharesValue(service: Service, pod: Pod): boolean {
  const values = new Set(Object.values(service.spec?.selector ?? {}))
  return Object.values(pod.metadata.labels ?? {}).some((v) => values.has(v))
}

function podReady(pod: Pod): boolean {
  return condition(pod.status?.conditions, 'Ready')?.status === 'True'
}

function checkService(snapshot: ServiceSnapshot): Finding[] {
  const {service} = snapshot
  if (service.spec?.type === 'ExternalName') return []
  const selector = service.spec?.selector ?? {}
  const endpoints = (snapshot.slices ?? []).flatMap((s) => s.endpoints ?? [])
  const readyEndpoints = endpoints.filter((e) => e.conditions?.ready !== false)
  if (Object.keys(selector).length === 0) return snapshot.slices ? withoutSelector(snapshot.service, snapshot.slices.length, endpoints.length, readyEndpoints.length) : []
  if (!snapshot.pods) {
    // Without the pods only the EndpointSlices can speak; without either, nothing can.
    if (!snapshot.slices || readyEndpoints.length > 0) return []
    return [
      {
        code: 'ServiceNoReadyEndpoints',
        severity: 'critical',
        subject: `service/${service.metadata.name}`,
        summary: 'The Service has no ready endpoints, so traffic to it fails (its pods could not be listed to say why).',
        evidence: [`spec.selector: ${labelString(selector)}`, `EndpointSlices: ${endpoints.length} endpoint(s), ${readyEndpoints.length} ready`],
        remedy: [`kubectl get pods -n ${service.metadata.namespace ?? 'default'} -l ${labelString(selector)}`],
      },
    ]
  }
  const selected = selectedPods(service, snapshot.pods).filter((p) => !p.metadata.deletionTimestamp)
  if (selected.length === 0) return [matchesNothing(service, snapshot.pods, snapshot.slices && endpoints.length)]
  const findings: Finding[] = []
  const notReady = noReadyPod(service, selected, snapshot.slices && readyEndpoints.length)
  if (notReady) findings.push(notReady)
  findings.push(...targetPortMismatches(service, selected))
  return findings
}

function withoutSelector(service: Service, slices: number, endpoints: number, readyEndpoints: number): Finding[] {
  const {name, namespace = 'default'} = service.metadata
  // default/kubernetes has no selector by design: kube-apiserver maintains its endpoints.
  if (readyEndpoints > 0 || (name === 'kubernetes' && namespace === 'default')) return []
  return [
    {
      code: 'ServiceWithoutSelector',
      severity: 'warning',
      subject: `service/${name}`,
      summary: 'The Service has no selector, so Kubernetes manages no endpoints for it, and none were created by hand.',
      evidence: ['spec.selector: <none>', `EndpointSlices for the service: ${slices} with ${endpoints} endpoint(s)`],
      remedy: ['Add a selector matching the pods\' labels, or create an EndpointSlice for the external backends.'],
    },
  ]
}

function matchesNothing(service: Service, pods: readonly Pod[], endpoints: number | undefined): Finding {
  const name = service.metadata.name
  const ns = service.metadata.namespace ?? 'default'
  const selector = service.spec?.selector ?? {}
  const misses = nearMisses(service, pods)
  const evidence = [`spec.selector: ${labelString(selector)}`, `pods in namespace ${ns}: ${pods.length}, matching the selector: 0`, endpoints === undefined ? 'EndpointSlices: not read' : `EndpointSlices: ${endpoints} endpoint(s)`]
  for (const miss of misses) evidence.push(`near miss pod/${miss.pod.metadata.name} (labels ${labelString(miss.pod.metadata.labels)}): ${miss.differences.join('; ')}`)
  const fix = misses[0]
  return {
    code: 'ServiceSelectorMatchesNothing',
    severity: 'critical',
    subject: `service/${name}`,
    summary: fix
      ? `The Service selects ${labelString(selector)} but no pod carries those labels, so it has no endpoints; the closest, pod/${fix.pod.metadata.name}, has ${compactDifferences(selector, fix.pod)}.`
      : `The Service's selector (${labelString(selector)}) matches no pod in namespace ${ns}, so it has no endpoints.`,
    evidence,
    remedy: [
      fix ? `Fix the selector to the labels the pods carry (kubectl edit service ${name} -n ${ns}), or fix the pod template labels.` : `Deploy the backend pods, or fix the selector: kubectl edit service ${name} -n ${ns}`,
      `Check: kubectl get pods -n ${ns} -l ${labelString(selector)}`,
    ],
  }
}

function noReadyPod(service: Service, selected: Pod[], readyEndpoints: number | undefined): Finding | undefined {
  if (selected.some(podReady)) return undefined
  return {
    code: 'ServiceNoReadyEndpoints',
    severity: 'critical',
    subject: `service/${service.metadata.name}`,
    summary: `The Service selects ${selected.length} pod(s) but none is ready, so it has no ready endpoints; traffic to it fails.`,
    evidence: [`spec.selector: ${labelString(service.spec?.selector ?? {})}`, ...selected.slice(0, 10).map((p) => `pod/${p.metadata.name}: phase=${p.status?.phase ?? ''} ready=false`), `ready endpoints in EndpointSlices: ${readyEndpoints ?? 'not read'}`],
    remedy: ['The pod findings say why they are not ready.'],
  }
}

/** Service ports whose named targetPort no selected pod declares. */
function targetPortMismatches(service: Service, selected: Pod[]): Finding[] {
  const findings: Finding[] = []
  for (const port of service.spec?.ports ?? []) {
    const target = port.targetPort ?? port.port
    if (typeof target !== 'string') continue
    const declares = selected.some((p) => podContainers(p).some((c) => (c.ports ?? []).some((cp) => cp.name === target)))
    if (declares) continue
    findings.push({
      code: 'ServiceTargetPortMismatch',
      severity: 'critical',
      subject: `service/${service.metadata.name}`,
      summary: `Service port ${port.port} targets the named port "${target}", which no selected pod declares, so that port has no endpoints.`,
      evidence: [`spec.ports: port=${port.port} targetPort=${target}`, ...selected.slice(0, 3).map((p) => `pod/${p.metadata.name} ports: ${podContainers(p).flatMap((c) => (c.ports ?? []).map((cp) => `${cp.name ?? '<unnamed>'}=${cp.containerPort}`)).join(', ') || '<none>'}`)],
      remedy: [`Name the container port "${target}" in the pod template, or set targetPort to the container's port number.`],
    })
  }
  return findings
}

export const serviceRule: Rule<ServiceSnapshot> = {name: 'service', check: checkService}
