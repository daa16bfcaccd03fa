/** Ingress controllers run on dedicated, tainted nodes, with requests sized for them. */
import type {AuditCheck} from '../check.js'
import {appContainers, patchCommand, workloadFinding} from '../helpers.js'
import type {WorkloadView} from '../model.js'

const controllerImages = /ingress-nginx\/controller|nginx-ingress|kubernetes-ingress|traefik|haproxy-ingress|kong|contour|envoyproxy|higress|ingress-controller|alb-ingress/i
/** The tolerations every pod gets from the DefaultTolerationSeconds admission plugin. */
const defaultTolerations = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'])

export function isIngressController(view: WorkloadView): boolean {
  return appContainers(view).some((c) => controllerImages.test(c.image ?? ''))
}

function problems(view: WorkloadView): string[] {
  const spec = view.template.spec
  const found: string[] = []
  const pinned = Object.keys(spec.nodeSelector ?? {}).length > 0 || (spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []).length > 0
  if (!pinned) found.push('no nodeSelector or required node affinity: it runs on whatever node has room')
  const tolerates = (spec.tolerations ?? []).some((t) => t.key && !defaultTolerations.has(t.key))
  if (!tolerates) found.push('no toleration for a dedicated-node taint: application pods can share its nodes')
  for (const c of appContainers(view)) {
    const requests = c.resources?.requests ?? {}
    if (requests.cpu === undefined || requests.memory === undefined) found.push(`container "${c.name}" has no ${requests.cpu === undefined ? 'cpu' : 'memory'} request: it is scheduled as if it needed nothing`)
  }
  return found
}

export const ingressNodesCheck: AuditCheck<'workload'> = {
  name: 'ingress-nodes',
  scope: 'workload',
  severity: 'warning',
  title: 'ingress controllers run on dedicated, tainted nodes with requests sized for them',
  consequence:
    'an ingress controller sharing nodes with apps competes with them for CPU, conntrack entries and ports: one noisy neighbour or one eviction and every route of the cluster slows down or goes away at once.',
  fix: 'label and taint a few nodes for ingress, give the controller a nodeSelector and a matching toleration, and requests sized from its peak (CPU per 1k requests/s, memory per connection).',
  needs: ['workloads'],
  applies: isIngressController,
  check(view) {
    if (!isIngressController(view)) return []
    const found = problems(view)
    if (found.length === 0) return []
    const role = 'node-role.kubernetes.io/ingress'
    const container = appContainers(view).find((c) => controllerImages.test(c.image ?? ''))!
    const patch = {nodeSelector: {[role]: ''}, tolerations: [{key: role, operator: 'Exists', effect: 'NoSchedule'}], containers: [{name: container.name, resources: {requests: {cpu: '500m', memory: '512Mi'}}}]}
    return [
      workloadFinding('ingress-nodes', 'warning', view, `the ingress controller ${view.name} is not isolated: ${found[0]}.`, found, [
        `kubectl label nodes NODE1 NODE2 ${role}= && kubectl taint nodes NODE1 NODE2 ${role}=:NoSchedule`,
        patchCommand(view, patch),
      ]),
    ]
  },
}
