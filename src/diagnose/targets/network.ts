/**
 * Reads what the networking pitfalls need: which CNI runs (its DaemonSet), flannel's hairpin
 * setting, the Ingresses that route to a Service, and its ready backends.
 */
import {runRules, type Diagnoser} from '../core.js'
import {listOrNote, lookup, servedLookup} from '../gather.js'
import type {CniFacts, Finding} from '../model.js'
import type {Controller, EndpointSlice, Ingress, Service} from '../objects.js'
import {networkRule} from '../rules/network.js'

const cniNames = ['flannel', 'calico', 'cilium', 'terway', 'weave', 'kindnet', 'antrea', 'canal', 'kube-router', 'ovn']

/** The CNI named by a DaemonSet, or undefined. */
export function cniOf(daemonSets: readonly Controller[]): {name: string; namespace: string; daemonSet: string} | undefined {
  for (const ds of daemonSets) {
    const name = cniNames.find((n) => ds.metadata.name.includes(n))
    if (name) return {name: name === 'canal' ? 'flannel' : name, namespace: ds.metadata.namespace ?? 'kube-system', daemonSet: ds.metadata.name}
  }
  return undefined
}

/** hairpinMode from flannel's cni-conf.json (plugins[].delegate.hairpinMode, or the old single-plugin form). */
export function flannelHairpin(cniConf: string | undefined): boolean | undefined {
  if (!cniConf) return undefined
  try {
    const conf = JSON.parse(cniConf) as {delegate?: {hairpinMode?: boolean}; plugins?: Array<{type?: string; delegate?: {hairpinMode?: boolean}}>}
    const plugin = conf.plugins?.find((p) => p.type === 'flannel') ?? conf
    return plugin.delegate?.hairpinMode === true
  } catch {
    return undefined
  }
}

export async function cniFacts(diagnoser: Diagnoser): Promise<CniFacts | undefined> {
  const daemonSets = await listOrNote(() => diagnoser.client.list<Controller>('daemonsets', {allNamespaces: true}), diagnoser.notes, 'daemonsets in all namespaces (to tell the CNI)')
  const cni = cniOf(daemonSets ?? [])
  if (!cni) return undefined
  if (cni.name !== 'flannel') return {name: cni.name, namespace: cni.namespace}
  for (const name of ['kube-flannel-cfg', 'canal-config']) {
    const found = await lookup(() => diagnoser.client.get<{data?: Record<string, string>}>('configmaps', name, cni.namespace), diagnoser.notes, `configmap ${cni.namespace}/${name}`)
    if (found.state !== 'found') continue
    return {name: 'flannel', namespace: cni.namespace, hairpinMode: flannelHairpin(found.value.data?.['cni-conf.json'] ?? found.value.data?.['cni_network_config']), configSource: `configmap ${cni.namespace}/${name} cni-conf.json`}
  }
  return {name: 'flannel', namespace: cni.namespace}
}

/** Ingresses in the Service's namespace whose rules or default backend name it. */
export function routesTo(ingress: Ingress, service: string): boolean {
  const backends = [ingress.spec?.defaultBackend, ...(ingress.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))]
  return backends.some((b) => b?.service?.name === service)
}

/** The pitfalls for one Service (its Ingresses given when the caller has them). */
export async function networkPitfalls(diagnoser: Diagnoser, service: Service, known?: Ingress[]): Promise<Finding[]> {
  const ns = service.metadata.namespace ?? 'default'
  const [cni, slices, ingresses] = await Promise.all([
    cniFacts(diagnoser),
    listOrNote(() => diagnoser.client.list<EndpointSlice>('endpointslices', {namespace: ns, labelSelector: `kubernetes.io/service-name=${service.metadata.name}`}), diagnoser.notes, `endpointslices of service ${service.metadata.name}`),
    known ? Promise.resolve(known) : servedLookup(diagnoser.client, 'ingresses', diagnoser.notes, () => diagnoser.client.list<Ingress>('ingresses', {namespace: ns})).then((r) => (r.state === 'found' ? r.value.items : [])),
  ])
  const readyBackends = (slices ?? []).flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length
  return runRules([networkRule], {service, readyBackends, cni, ingresses: ingresses.filter((i) => routesTo(i, service.metadata.name))}, diagnoser.context)
}
