// kubectl capacity on the sandbox's scale scenario (2,000 nodes, 60,000 pods): `plan --from-cluster`
// and `show`, side by side with just fetching the pods (`kubectl get pods -A -o json > /dev/null`).
// The target: at most 1.2× the fetch, with memory that does not grow with the JSON size.
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

export const title = 'capacity: plan --from-cluster and show at scale'

/** Peak resident memory of one run, from GNU time (-v) on stderr, in MiB; undefined where it is missing. */
function peakMemory(command, env) {
  const run = spawnSync('/usr/bin/time', ['-v', 'sh', '-c', command], {env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe']})
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr ?? '')
  return match ? Math.round(Number(match[1]) / 1024) : undefined
}

export default async function (bench) {
  const kubeconfig = join(bench.tmp, 'kubeconfig')
  const sandbox = await bench.startSandbox(['--scenario', 'scale', '--write-kubeconfig', kubeconfig])
  const env = {...bench.env, KUBECONFIG: kubeconfig}
  try {
    const capacity = bench.bin('kubectl-capacity')
    const commands = [
      {name: 'kubectl capacity plan --from-cluster', cmd: `${capacity} plan --from-cluster > /dev/null`},
      {name: 'kubectl capacity show', cmd: `${capacity} show > /dev/null`},
      {name: 'kubectl get pods -A -o json > /dev/null', cmd: 'kubectl get pods -A -o json > /dev/null'},
    ]
    await bench.compare('2,000 nodes, 60,000 pods (HTTPS, pages of 500)', commands, {env: {KUBECONFIG: kubeconfig}, runs: 3, warmup: 1})
    const peaks = commands.map((command) => `${command.name}: ${peakMemory(command.cmd, env) ?? '?'} MiB`)
    bench.note(`Peak resident memory, one run each (GNU time -v): ${peaks.join('; ')}. kubekit reduces each page of 500 pods to per-node sums (show) or per-workload shapes (plan) as it arrives, so its memory stays flat as the JSON grows.`)
  } finally {
    await sandbox.stop()
  }
}
