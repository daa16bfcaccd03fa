/**
 * What the API server fills in on create, for the kinds clients create in tests: a new Pod is
 * Pending with its QoS class and the usual spec defaults; a Namespace is Active; workloads start
 * at generation 1.
 */
import type {KubeObject} from './types.js'

type Fields = Record<string, unknown>

function podDefaults(pod: KubeObject): KubeObject {
  const spec = {...((pod.spec ?? {}) as Fields)}
  const containers = ((spec.containers ?? []) as Fields[]).map((c) => ({
    imagePullPolicy: String(c.image ?? '').endsWith(':latest') || !String(c.image ?? '').includes(':') ? 'Always' : 'IfNotPresent',
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...c,
  }))
  const defaulted: Fields = {
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount: (spec.serviceAccountName as string) ?? 'default',
    serviceAccountName: 'default',
    terminationGracePeriodSeconds: 30,
    ...spec,
    containers,
  }
  const requests = containers.some((c) => Object.keys(((c.resources as Fields)?.requests ?? {}) as Fields).length || Object.keys(((c.resources as Fields)?.limits ?? {}) as Fields).length)
  const status = pod.status ?? {phase: 'Pending', qosClass: requests ? 'Burstable' : 'BestEffort'}
  return {...pod, spec: defaulted, status}
}

export function applyCreateDefaults(object: KubeObject): KubeObject {
  switch (`${object.apiVersion}/${object.kind}`) {
    case 'v1/Pod':
      return podDefaults(object)
    case 'v1/Namespace':
      return {...object, spec: object.spec ?? {finalizers: ['kubernetes']}, status: object.status ?? {phase: 'Active'}}
    case 'apps/v1/Deployment':
    case 'apps/v1/ReplicaSet':
    case 'apps/v1/StatefulSet':
    case 'apps/v1/DaemonSet':
    case 'batch/v1/Job':
    case 'batch/v1/CronJob':
      return {...object, metadata: {...object.metadata, generation: 1}}
    default:
      return object
  }
}
