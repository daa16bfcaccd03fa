/**
 * The first five targets: a pod on its own; a node; a Service, a Deployment and a namespace
 * through their failing pods (a few representative ones each).
 */
import {podChecks, podSetLine} from '../checked.js'
import {assembleDiagnosis, rankFindings, runRules, selectorString, type Diagnoser} from '../core.js'
import {nodeReady, selectorMatches} from '../facts.js'
import {gatherNode, listForVerdict, listOrNote, nodeHints, objectEvents} from '../gather.js'
import type {Diagnosis} from '../model.js'
import type {Deployment, EndpointSlice, KubeEvent, Namespace, Node, Pod, Service, Workload} from '../objects.js'
import {deploymentRules, namespaceRules, nodeRules, serviceRules} from '../rules/index.js'
import {selectedPods} from '../rules/service.js'
import {networkPitfalls} from './network.js'

export async function diagnosePod(diagnoser: Diagnoser, name: string): Promise<Diagnosis> {
  const ns = diagnoser.options.namespace
  const pod = await diagnoser.client.get<Pod>('pods', name, ns)
  const result = await diagnoser.pod(pod)
  const checked = podChecks(pod, diagnoser.context.now, result.snapshot.node)
  return assembleDiagnosis({target: {kind: 'Pod', name, namespace: ns}, findings: result.findings, events: result.snapshot.events, podResults: [result], maxEvents: 100, checked}, diagnoser.notes)
}

export async function diagnoseNode(diagnoser: Diagnoser, name: string): Promise<Diagnosis> {
  const {client, options} = diagnoser
  const node = await client.get<Node>('nodes', name)
  // A NotReady node always has findings: read its logs alongside the rest.
  const notReady = nodeReady(node)?.status !== 'True'
  const [snapshot, early] = await Promise.all([
    gatherNode(client, node, diagnoser.notes),
    notReady ? nodeHints(client, node, {fetchLogs: options.nodeLogs, tailLines: options.tailLines}) : Promise.resolve(undefined),
  ])
  const findings = rankFindings(runRules(nodeRules, snapshot, diagnoser.context), [])
  const hints = early ? [early] : findings.length ? [await nodeHints(client, node, {fetchLogs: false, tailLines: options.tailLines})] : []
  const checked = [`Ready=${nodeReady(node)?.status ?? 'unknown'}`, `conditions: ${(node.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(', ')}`, `schedulable: ${node.spec?.unschedulable ? 'no (cordoned)' : 'yes'}`]
  checked.push(snapshot.pods ? podSetLine(snapshot.pods, diagnoser.context.now) : `pods on node ${name}: not checked (could not be read; see Notes)`)
  return assembleDiagnosis({target: {kind: 'Node', name}, findings, events: snapshot.events, hints, maxEvents: 50, checked}, diagnoser.notes)
}

export async function diagnoseService(diagnoser: Diagnoser, name: string): Promise<Diagnosis> {
  const {client} = diagnoser
  const ns = diagnoser.options.namespace
  const service = await client.get<Service>('services', name, ns)
  const [events, slices, pods, pitfalls] = await Promise.all([
    objectEvents(client, {name, namespace: ns, uid: service.metadata.uid}, diagnoser.notes),
    listForVerdict(() => client.list<EndpointSlice>('endpointslices', {namespace: ns, labelSelector: `kubernetes.io/service-name=${name}`}), diagnoser.notes, `endpointslices of service ${name}`),
    listOrNote(() => client.list<Pod>('pods', {namespace: ns}), diagnoser.notes, `pods in namespace ${ns}`),
    networkPitfalls(diagnoser, service),
  ])
  const own = [...runRules(serviceRules, {service, events, slices, pods}, diagnoser.context), ...pitfalls]
  const selected = pods ? selectedPods(service, pods) : []
  const podResults = own.some((f) => f.code === 'ServiceNoReadyEndpoints') ? await diagnoser.pods(selected) : []
  const findings = rankFindings(own, podResults.flatMap((r) => r.findings))
  const checked = [`type ${service.spec?.type ?? 'ClusterIP'}, selector ${Object.entries(service.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'}`]
  if (slices) checked.push(endpointsLine(slices))
  checked.push(pods ? `selected ${podSetLine(selected, diagnoser.context.now)}` : 'selected pods: not checked (could not be read; see Notes)')
  return assembleDiagnosis({target: {kind: 'Service', name, namespace: ns}, findings, events: [...events, ...podResults.flatMap((r) => r.snapshot.events)], podResults, maxEvents: 40, checked}, diagnoser.notes)
}

function endpointsLine(slices: readonly EndpointSlice[]): string {
  const endpoints = slices.flatMap((s) => s.endpoints ?? [])
  return `endpoints: ${endpoints.length} (${endpoints.filter((e) => e.conditions?.ready !== false).length} ready)`
}

export async function diagnoseDeployment(diagnoser: Diagnoser, name: string): Promise<Diagnosis> {
  const {client} = diagnoser
  const ns = diagnoser.options.namespace
  const deployment = await client.get<Deployment>('deployments', name, ns)
  const selector = selectorString(deployment.spec?.selector)
  const [events, replicaSets, pods] = await Promise.all([
    objectEvents(client, {name, namespace: ns, uid: deployment.metadata.uid}, diagnoser.notes),
    listForVerdict(() => client.list<Workload>('replicasets', {namespace: ns, labelSelector: selector || undefined}), diagnoser.notes, `replicasets in namespace ${ns}`).then((items) =>
      items?.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === deployment.metadata.uid)),
    ),
    listForVerdict(() => client.list<Pod>('pods', {namespace: ns, labelSelector: selector || undefined}), diagnoser.notes, `pods in namespace ${ns}`),
  ])
  // Its pods are known only through its ReplicaSets: without either, they were not checked.
  const rsUids = new Set((replicaSets ?? []).map((rs) => rs.metadata.uid))
  const owned = replicaSets && pods ? pods.filter((p) => p.metadata.ownerReferences?.some((o) => rsUids.has(o.uid))) : undefined
  const newest = [...(replicaSets ?? [])].sort((a, b) => Date.parse(b.metadata.creationTimestamp ?? '0') - Date.parse(a.metadata.creationTimestamp ?? '0'))[0]
  const replicaSetEvents = newest ? await objectEvents(client, {name: newest.metadata.name, namespace: ns, uid: newest.metadata.uid}, diagnoser.notes) : []
  const own = runRules(deploymentRules, {deployment, events, replicaSets: replicaSets ?? [], replicaSetEvents, pods: owned}, diagnoser.context)
  const podResults = await diagnoser.pods(owned ?? [])
  const findings = rankFindings(own, podResults.flatMap((r) => r.findings))
  const status = deployment.status ?? {}
  const checked = [`replicas: ${deployment.spec?.replicas ?? 1} desired, ${status.updatedReplicas ?? 0} updated, ${status.readyReplicas ?? 0} ready, ${status.availableReplicas ?? 0} available`]
  if (owned) checked.push(podSetLine(owned, diagnoser.context.now))
  return assembleDiagnosis({target: {kind: 'Deployment', name, namespace: ns}, findings, events: [...events, ...replicaSetEvents, ...podResults.flatMap((r) => r.snapshot.events)], podResults, maxEvents: 40, checked}, diagnoser.notes)
}

export async function diagnoseNamespace(diagnoser: Diagnoser, name: string): Promise<Diagnosis> {
  const {client} = diagnoser
  const namespace = await client.get<Namespace>('namespaces', name)
  const events: KubeEvent[] = []
  const [pods, deployments, services, slices] = await Promise.all([
    listForVerdict(() => client.list<Pod>('pods', {namespace: name}), diagnoser.notes, `pods in namespace ${name}`),
    listForVerdict(() => client.list<Deployment>('deployments', {namespace: name}), diagnoser.notes, `deployments in namespace ${name}`),
    listForVerdict(() => client.list<Service>('services', {namespace: name}), diagnoser.notes, `services in namespace ${name}`),
    listForVerdict(() => client.list<EndpointSlice>('endpointslices', {namespace: name}), diagnoser.notes, `endpointslices in namespace ${name}`),
  ])
  const own = runRules(namespaceRules, {namespace, events, pods: pods ?? [], deployments: deployments ?? [], services: services ?? [], slices: slices ?? []}, diagnoser.context)
  for (const deployment of deployments ?? []) {
    own.push(...runRules(deploymentRules, {deployment, events: [], replicaSets: [], replicaSetEvents: [], pods: pods?.filter((p) => selectorMatches(deployment.spec?.selector, p.metadata.labels))}, diagnoser.context))
  }
  for (const service of services ?? []) {
    const serviceSlices = slices?.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service.metadata.name)
    own.push(...runRules(serviceRules, {service, events: [], slices: serviceSlices, pods}, diagnoser.context))
  }
  const podResults = await diagnoser.pods(pods ?? [])
  const findings = rankFindings(own, podResults.flatMap((r) => r.findings))
  const warnings = podResults.flatMap((r) => r.snapshot.events).filter((e) => e.type === 'Warning')
  const checked = [`phase ${namespace.status?.phase ?? 'Active'}`]
  if (pods) checked.push(podSetLine(pods, diagnoser.context.now))
  const counts = [deployments && `deployments: ${deployments.length}`, services && `services: ${services.length}`].filter(Boolean).join(', ')
  if (counts) checked.push(counts)
  return assembleDiagnosis({target: {kind: 'Namespace', name}, findings, events: [...events, ...warnings], podResults, maxEvents: 40, checked}, diagnoser.notes)
}
