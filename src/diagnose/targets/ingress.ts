/**
 * An Ingress, link by link: load balancer address → Ingress (class, controller present, rules,
 * TLS Secret as metadata only) → backend Services (exist, port, selector, targetPort) →
 * EndpointSlices → pods. The first broken link is named first.
 */
import {KubeError} from '../../kube/errors.js'
import {assembleDiagnosis, rankFindings, runRules, type Diagnoser} from '../core.js'
import {isServed, listForVerdict, listOrNote, lookup, objectEvents, servedLookup} from '../gather.js'
import type {ConfigSource, Diagnosis, Finding, IngressBackendView, IngressSnapshot, Lookup} from '../model.js'
import type {EndpointSlice, Ingress, IngressBackend, IngressClass, Pod, Service} from '../objects.js'
import {controllerSelectors} from '../rules/ingress.js'
import {ingressRules, serviceRules} from '../rules/index.js'
import {selectedPods} from '../rules/service.js'
import {networkPitfalls} from './network.js'

export function backendsOf(ingress: Ingress): Array<{backend: IngressBackend; from: string}> {
  const list: Array<{backend: IngressBackend; from: string}> = []
  if (ingress.spec?.defaultBackend) list.push({backend: ingress.spec.defaultBackend, from: 'defaultBackend'})
  for (const rule of ingress.spec?.rules ?? []) for (const path of rule.http?.paths ?? []) list.push({backend: path.backend, from: `rule ${rule.host ?? '*'}${path.path ?? '/'}`})
  return list.filter((b, i) => b.backend.service && list.findIndex((o) => o.backend.service?.name === b.backend.service?.name && o.backend.service?.port?.number === b.backend.service?.port?.number && o.backend.service?.port?.name === b.backend.service?.port?.name) === i)
}

async function readIngress(diagnoser: Diagnoser, name: string, ns: string): Promise<Ingress> {
  try {
    return await diagnoser.client.get<Ingress>('ingresses', name, ns)
  } catch (error) {
    if (error instanceof KubeError && error.reason === 'not-found' && (await isServed(diagnoser.client, 'ingresses')) === false) {
      throw new KubeError('not-found', 'the API server does not serve ingresses.networking.k8s.io (no Ingress API in this cluster): nothing to diagnose', 404)
    }
    throw error
  }
}

async function ingressClass(diagnoser: Diagnoser, ingress: Ingress): Promise<IngressSnapshot['ingressClass']> {
  const named = ingress.spec?.ingressClassName ?? ingress.metadata.annotations?.['kubernetes.io/ingress.class']
  if (named) return {...(await servedLookup(diagnoser.client, 'ingressclasses', diagnoser.notes, () => diagnoser.client.get<IngressClass>('ingressclasses', named))), name: named}
  const classes = await servedLookup(diagnoser.client, 'ingressclasses', diagnoser.notes, () => diagnoser.client.list<IngressClass>('ingressclasses'))
  if (classes.state !== 'found') return undefined
  const fallback = classes.value.items.find((c) => c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true')
  return fallback ? {state: 'found', value: fallback, name: fallback.metadata.name} : undefined
}

async function controllerPods(diagnoser: Diagnoser, cls: IngressSnapshot['ingressClass']): Promise<Pod[] | undefined> {
  const selectors = cls?.state === 'found' ? controllerSelectors[cls.value.spec?.controller ?? ''] : undefined
  if (!selectors) return undefined
  const lists = await Promise.all(selectors.map((labelSelector) => listOrNote(() => diagnoser.client.list<Pod>('pods', {allNamespaces: true, labelSelector}), diagnoser.notes, `ingress controller pods (${labelSelector})`)))
  // One list missing could hide the running controller: then whether it runs is unknown.
  if (lists.some((l) => l === undefined)) return undefined
  return lists.flatMap((l) => l ?? [])
}

async function backendViews(diagnoser: Diagnoser, ingress: Ingress, ns: string): Promise<IngressBackendView[]> {
  return Promise.all(
    backendsOf(ingress).map(async ({backend, from}) => {
      const service = backend.service!.name
      const [found, slices] = await Promise.all([
        lookup(() => diagnoser.client.get<Service>('services', service, ns), diagnoser.notes, `service "${service}"`),
        listForVerdict(() => diagnoser.client.list<EndpointSlice>('endpointslices', {namespace: ns, labelSelector: `kubernetes.io/service-name=${service}`}), diagnoser.notes, `endpointslices of service ${service}`),
      ])
      return {service, port: backend.service!.port?.number ?? backend.service!.port?.name, from, lookup: found, slices}
    }),
  )
}

function readyEndpoints(slices: readonly EndpointSlice[]): number {
  return slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length
}

async function tlsSecrets(diagnoser: Diagnoser, ingress: Ingress, ns: string): Promise<Record<string, Lookup<ConfigSource>>> {
  const names = [...new Set((ingress.spec?.tls ?? []).map((t) => t.secretName).filter((n): n is string => Boolean(n)))]
  // Existence only: read as PartialObjectMetadata, so no certificate or key ever leaves the cluster.
  const reads = await Promise.all(names.map(async (name) => [name, await lookup(() => diagnoser.client.getMetadata('secrets', name, ns), diagnoser.notes, `secret "${name}"`)] as const))
  return Object.fromEntries(reads.map(([name, found]) => [name, found.state === 'found' ? {state: 'found', value: {keys: undefined}} : found]))
}

/** Service findings for each backend that exists, and the pitfalls between clients and its pods. */
async function backendFindings(diagnoser: Diagnoser, snapshot: IngressSnapshot): Promise<{findings: Finding[]; failing: Pod[]}> {
  const findings: Finding[] = []
  const failing: Pod[] = []
  for (const backend of snapshot.backends) {
    if (backend.lookup.state !== 'found') continue
    const service = backend.lookup.value
    const own = runRules(serviceRules, {service, events: [], slices: backend.slices, pods: snapshot.pods}, diagnoser.context)
    findings.push(...own, ...(await networkPitfalls(diagnoser, service, [snapshot.ingress])))
    if (own.some((f) => f.code === 'ServiceNoReadyEndpoints') && snapshot.pods) failing.push(...selectedPods(service, snapshot.pods))
  }
  return {findings, failing}
}

export async function diagnoseIngress(diagnoser: Diagnoser, name: string): Promise<Diagnosis> {
  const ns = diagnoser.options.namespace
  const ingress = await readIngress(diagnoser, name, ns)
  const [events, cls, backends, secrets, pods] = await Promise.all([
    objectEvents(diagnoser.client, {name, namespace: ns, uid: ingress.metadata.uid}, diagnoser.notes),
    ingressClass(diagnoser, ingress),
    backendViews(diagnoser, ingress, ns),
    tlsSecrets(diagnoser, ingress, ns),
    listOrNote(() => diagnoser.client.list<Pod>('pods', {namespace: ns}), diagnoser.notes, `pods in namespace ${ns}`),
  ])
  const snapshot: IngressSnapshot = {ingress, events, ingressClass: cls, controllerPods: await controllerPods(diagnoser, cls), tlsSecrets: secrets, backends, pods}
  const own = runRules(ingressRules, snapshot, diagnoser.context)
  const downstream = await backendFindings(diagnoser, snapshot)
  const podResults = await diagnoser.pods(downstream.failing)
  const findings = rankFindings([...own, ...downstream.findings], podResults.flatMap((r) => r.findings))
  const checked = [
    `address: ${(ingress.status?.loadBalancer?.ingress ?? []).map((a) => a.ip ?? a.hostname).join(', ') || '<none>'}`,
    `class: ${cls ? `${cls.name} (${cls.state === 'found' ? (cls.value.spec?.controller ?? 'no controller') : cls.state})` : '<none>'}${snapshot.controllerPods ? `, controller pods running: ${snapshot.controllerPods.filter((p) => p.status?.phase === 'Running').length}` : ''}`,
    `TLS secrets: ${Object.entries(secrets).map(([n, l]) => `${n} (${l.state})`).join(', ') || '<none>'}`,
    ...backends.map((b) => `${b.from} → service ${b.service}:${b.port ?? ''} (${b.lookup.state}), endpoints ${b.slices ? `${readyEndpoints(b.slices)} ready` : 'not read'}`),
  ]
  return assembleDiagnosis({target: {kind: 'Ingress', name, namespace: ns}, findings, events: [...events, ...podResults.flatMap((r) => r.snapshot.events)], podResults, maxEvents: 40, checked}, diagnoser.notes)
}
