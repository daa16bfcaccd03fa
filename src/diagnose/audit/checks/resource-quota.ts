/** Every application namespace has a ResourceQuota. */
import type {AuditCheck} from '../check.js'

export const resourceQuotaCheck: AuditCheck<'namespace'> = {
  name: 'resource-quota',
  scope: 'namespace',
  severity: 'warning',
  title: 'every namespace has a ResourceQuota',
  consequence: 'without a quota one team\'s runaway autoscaler or crash-looping Job can claim every node\'s capacity, and the other namespaces go Pending.',
  fix: 'create a ResourceQuota per namespace sized from what it uses (kubectl capacity show, kubectl top), with requests.cpu, requests.memory, limits.memory and pods.',
  needs: ['resourcequotas'],
  applies: (ns) => ns.quotas !== undefined,
  check(ns) {
    if ((ns.quotas ?? 0) > 0) return []
    return [
      {
        code: 'resource-quota',
        severity: 'warning',
        subject: `namespace/${ns.name}`,
        summary: `namespace ${ns.name} has no ResourceQuota: nothing caps what its workloads can take from the cluster.`,
        evidence: ['ResourceQuotas in the namespace: 0'],
        remedy: [`kubectl create quota ${ns.name}-quota -n ${ns.name} --hard=requests.cpu=8,requests.memory=16Gi,limits.memory=32Gi,pods=200   # size from kubectl capacity show`],
      },
    ]
  },
}
