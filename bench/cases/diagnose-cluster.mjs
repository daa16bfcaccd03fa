// kubectl diagnose cluster on the sandbox's scale scenario (2,000 nodes, 60,000 pods): a ranked
// scan of every node and pod by root cause, side by side with just fetching the pods
// (`kubectl get pods -A -o json > /dev/null`), time and peak memory.
import {compareAtScale} from '../lib.mjs'

export const title = 'diagnose cluster: a whole cluster at scale'

export default async function (bench) {
  const diagnose = bench.bin('kubectl-diagnose')
  await compareAtScale(bench, {
    label: '2,000 nodes, 60,000 pods (HTTPS, pages of 500)',
    sandboxArgs: ['--no-controllers'],
    commands: [
      {name: 'kubectl diagnose cluster', cmd: `${diagnose} cluster > /dev/null`},
      {name: 'kubectl diagnose cluster -o json', cmd: `${diagnose} cluster -o json > /dev/null`},
    ],
    memoryNote: 'The scan reduces each page of 500 pods as it arrives and keeps at most 5,000 failing pods, so its memory does not grow with the cluster.',
  })
}
