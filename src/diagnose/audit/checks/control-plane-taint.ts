/** Control-plane nodes keep their NoSchedule taint: application pods stay off them. */
import type {AuditCheck} from '../check.js'
import type {Node} from '../../objects.js'

const roles = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master']

function role(node: Node): string | undefined {
  return roles.find((r) => node.metadata.labels?.[r] !== undefined)
}

export const controlPlaneTaintCheck: AuditCheck<'node'> = {
  name: 'control-plane-taint',
  scope: 'node',
  severity: 'critical',
  title: 'control-plane nodes keep their NoSchedule taint',
  consequence:
    'without the taint, application pods land next to etcd and the API server: one of them running the node out of memory or disk takes the control plane down, and with it every kubectl, controller and rollout.',
  fix: 'put the taint back (kubectl taint nodes NODE node-role.kubernetes.io/control-plane:NoSchedule) and add capacity as worker nodes instead.',
  needs: ['nodes'],
  applies: (node) => role(node) !== undefined,
  check(node) {
    const keys = new Set(roles)
    const taints = node.spec?.taints ?? []
    if (taints.some((t) => keys.has(t.key) && (t.effect === 'NoSchedule' || t.effect === 'NoExecute'))) return []
    const name = node.metadata.name
    return [
      {
        code: 'control-plane-taint',
        severity: 'critical',
        subject: `node/${name}`,
        summary: `control-plane node ${name} has no NoSchedule taint: the scheduler places application pods beside etcd and the API server.`,
        evidence: [`label ${role(node)}`, taints.length ? `taints: ${taints.map((t) => `${t.key}:${t.effect}`).join(', ')}` : 'no taints'],
        remedy: [`kubectl taint nodes ${name} node-role.kubernetes.io/control-plane:NoSchedule`, `kubectl get pods -A --field-selector spec.nodeName=${name}   # then move the application pods it already runs (kubectl drain ${name} --ignore-daemonsets moves all)`],
      },
    ]
  },
}
