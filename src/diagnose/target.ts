import {UserError} from '../errors.js'
import {closestNames, didYouMean} from '../util/suggest.js'

export type DiagnoseResource =
  | 'pods'
  | 'deployments'
  | 'nodes'
  | 'services'
  | 'namespaces'
  | 'statefulsets'
  | 'daemonsets'
  | 'jobs'
  | 'cronjobs'
  | 'persistentvolumeclaims'
  | 'ingresses'
  | 'cluster'

const aliases: Record<string, DiagnoseResource> = {
  pod: 'pods', pods: 'pods', po: 'pods',
  deployment: 'deployments', deployments: 'deployments', deploy: 'deployments',
  node: 'nodes', nodes: 'nodes', no: 'nodes',
  service: 'services', services: 'services', svc: 'services',
  namespace: 'namespaces', namespaces: 'namespaces', ns: 'namespaces',
  statefulset: 'statefulsets', statefulsets: 'statefulsets', sts: 'statefulsets',
  daemonset: 'daemonsets', daemonsets: 'daemonsets', ds: 'daemonsets',
  job: 'jobs', jobs: 'jobs',
  cronjob: 'cronjobs', cronjobs: 'cronjobs', cj: 'cronjobs',
  persistentvolumeclaim: 'persistentvolumeclaims', persistentvolumeclaims: 'persistentvolumeclaims', pvc: 'persistentvolumeclaims',
  ingress: 'ingresses', ingresses: 'ingresses', ing: 'ingresses',
  cluster: 'cluster',
}

export const TARGET_KINDS = 'pod, deployment, statefulset, daemonset, job, cronjob, pvc, service, ingress, node, namespace, cluster'

export interface DiagnoseTarget {
  resource: DiagnoseResource
  name: string
}

/** Accepts kubectl's two spellings: `pod web-1` and `pod/web-1`; `cluster` takes no name. */
export function parseTarget(kindArg: string, nameArg: string | undefined): DiagnoseTarget {
  let kind = kindArg
  let name = nameArg
  const slash = kindArg.indexOf('/')
  if (slash > 0) {
    if (nameArg) throw new UserError(`give either KIND/NAME or KIND NAME, not both ("${kindArg}" and "${nameArg}")`)
    kind = kindArg.slice(0, slash)
    name = kindArg.slice(slash + 1)
  }
  const resource = aliases[kind.toLowerCase()]
  if (!resource) {
    // the one nearest kind: kinds are short, so two edits away would also name unrelated ones ("pvc" for "pdo")
    const hint = didYouMean(kind, closestNames(kind, TARGET_KINDS.split(', '), 1))
    throw new UserError(`cannot diagnose "${kind}"${hint}: choose one of ${TARGET_KINDS}`)
  }
  if (resource === 'cluster') {
    if (name) throw new UserError('diagnose cluster takes no name: kubectl diagnose cluster')
    return {resource, name: ''}
  }
  if (!name) throw new UserError(`which ${kind}? e.g. kubectl diagnose ${kind} NAME`)
  return {resource, name}
}
