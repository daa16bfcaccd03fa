// kubectl capacity on the sandbox's scale scenario (2,000 nodes, 60,000 pods): `plan --from-cluster`
// and `show`, side by side with just fetching the pods (`kubectl get pods -A -o json > /dev/null`).
// The memory of kubectl capacity must not grow with the JSON size.
import {compareAtScale} from '../lib.mjs'

export const title = 'capacity: plan --from-cluster and show at scale'

export default async function (bench) {
  const capacity = bench.bin('kubectl-capacity')
  await compareAtScale(bench, {
    label: '2,000 nodes, 60,000 pods (HTTPS, pages of 500)',
    commands: [
      {name: 'kubectl capacity plan --from-cluster', cmd: `${capacity} plan --from-cluster > /dev/null`},
      {name: 'kubectl capacity show', cmd: `${capacity} show > /dev/null`},
    ],
    memoryNote: 'kubekit reduces each page of 500 pods to per-node sums (show) or per-workload shapes (plan) as it arrives, so its memory stays flat as the JSON grows.',
  })
}
