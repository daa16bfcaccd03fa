/**
 * apiregistration.k8s.io/v1 APIServices as kube-aggregator keeps them: one per group version the
 * API server serves, `Local` and always Available, with the priorities of kube-apiserver's
 * apiVersionPriorities (autoregistration, label automanaged=onstart); one per custom resource
 * group version (the crd-registration controller: priority 1000/100, automanaged=true); and
 * v1beta1.metrics.k8s.io pointing at kube-system/metrics-server when metrics are served, as
 * metrics-server's manifest registers it.
 */
import {groupVersion, SERVED_RESOURCES, type ServedResource} from '../resources.js'
import type {KubeObject} from '../types.js'

/** [group priority minimum, version priority] by group version. */
const API_PRIORITIES: Record<string, [number, number]> = {
  v1: [18000, 1],
  'apiregistration.k8s.io/v1': [18000, 15],
  'apps/v1': [17800, 15],
  'events.k8s.io/v1': [17750, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v2': [17500, 30],
  'batch/v1': [17400, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'discovery.k8s.io/v1': [16200, 15],
}
const CUSTOM_PRIORITY: [number, number] = [1000, 100]

export const APISERVICES = 'apiservices.apiregistration.k8s.io'
export const AUTOMANAGED = 'kube-aggregator.kubernetes.io/automanaged'

function available(reason: string, message: string, since: string): object {
  return {conditions: [{type: 'Available', status: 'True', lastTransitionTime: since, reason, message}]}
}

/** The APIService of a group version served by the API server itself; `uid` omitted lets the store give one. */
export function localApiService(r: Pick<ServedResource, 'group' | 'version'>, created: string, custom: boolean, uid?: string): KubeObject {
  const [groupPriorityMinimum, versionPriority] = custom ? CUSTOM_PRIORITY : (API_PRIORITIES[groupVersion(r)] ?? CUSTOM_PRIORITY)
  return {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: {name: apiServiceName(r), ...(uid ? {uid} : {}), creationTimestamp: created, labels: {[AUTOMANAGED]: custom ? 'true' : 'onstart'}},
    spec: {...(r.group ? {group: r.group} : {}), version: r.version, groupPriorityMinimum, versionPriority},
    status: available('Local', 'Local APIServices are always available', created),
  }
}

export const apiServiceName = (r: Pick<ServedResource, 'group' | 'version'>) => `${r.version}.${r.group}`

function metricsApiService(created: string, uid: string): KubeObject {
  return {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: {name: 'v1beta1.metrics.k8s.io', uid, creationTimestamp: created, labels: {'k8s-app': 'metrics-server'}},
    spec: {service: {namespace: 'kube-system', name: 'metrics-server', port: 443}, group: 'metrics.k8s.io', version: 'v1beta1', insecureSkipTLSVerify: true, groupPriorityMinimum: 100, versionPriority: 100},
    status: available('Passed', 'all checks passed', created),
  }
}

/** The APIServices of a cluster serving the built-in groups and `custom` resources, created at `created`. */
export function apiServices(created: string, metrics: boolean, custom: ServedResource[], uidOf: (key: string) => string): KubeObject[] {
  const builtIn = new Map(SERVED_RESOURCES.filter((r) => r.group !== 'metrics.k8s.io').map((r) => [groupVersion(r), r]))
  const customOnly = new Map(custom.filter((r) => !builtIn.has(groupVersion(r))).map((r) => [groupVersion(r), r]))
  return [
    ...[...builtIn.values()].map((r) => localApiService(r, created, false, uidOf(`apiservice/${groupVersion(r)}`))),
    ...[...customOnly.values()].map((r) => localApiService(r, created, true, uidOf(`apiservice/${groupVersion(r)}`))),
    ...(metrics ? [metricsApiService(created, uidOf('apiservice/metrics.k8s.io/v1beta1'))] : []),
  ]
}
