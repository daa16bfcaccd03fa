// kubectl diagnose audit on the sandbox's scale scenario (2,000 nodes, 60,000 pods): every
// workload's pod template, every bare pod and every node checked against the production
// practices, side by side with just fetching the pods (`kubectl get pods -A -o json > /dev/null`).
// The audit reads Deployments, StatefulSets, DaemonSets, CronJobs, Jobs, pods and nodes page by
// page and keeps only counts and the first --top objects per check, so its memory stays flat.
import {compareAtScale} from '../lib.mjs'

export const title = 'diagnose audit: production practices at scale'

export default async function (bench) {
  const diagnose = bench.bin('kubectl-diagnose')
  await compareAtScale(bench, {
    label: '2,000 nodes, 60,000 pods, 3,000 Deployments (HTTPS, pages of 500)',
    commands: [
      {name: 'kubectl diagnose audit -A', cmd: `${diagnose} audit -A > /dev/null`},
      {name: 'kubectl diagnose audit -A -o json', cmd: `${diagnose} audit -A -o json > /dev/null`},
    ],
    memoryNote: 'The audit checks each page of 500 objects as it arrives and keeps counts and the first --top failing objects per check, so its memory does not grow with the cluster.',
  })
}
