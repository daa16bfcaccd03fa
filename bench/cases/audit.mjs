// kubectl diagnose audit on the sandbox's scale scenario (2,000 nodes, 60,000 pods): every
// workload's pod template, every bare pod and every node checked against the production
// practices, side by side with just fetching the pods (`kubectl get pods -A -o json > /dev/null`).
// The audit reads Deployments, StatefulSets, DaemonSets, CronJobs, Jobs, pods and nodes page by
// page and keeps only counts and the first --top objects per check, so its memory stays flat.
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

export const title = 'diagnose audit: production practices at scale'

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
    const diagnose = bench.bin('kubectl-diagnose')
    const commands = [
      {name: 'kubectl diagnose audit -A', cmd: `${diagnose} audit -A > /dev/null`},
      {name: 'kubectl diagnose audit -A -o json', cmd: `${diagnose} audit -A -o json > /dev/null`},
      {name: 'kubectl get pods -A -o json > /dev/null', cmd: 'kubectl get pods -A -o json > /dev/null'},
    ]
    await bench.compare('2,000 nodes, 60,000 pods, 3,000 Deployments (HTTPS, pages of 500)', commands, {env: {KUBECONFIG: kubeconfig}, runs: 3, warmup: 1})
    const peaks = commands.map((command) => `${command.name}: ${peakMemory(command.cmd, env) ?? '?'} MiB`)
    bench.note(`Peak resident memory, one run each (GNU time -v): ${peaks.join('; ')}. The audit checks each page of 500 objects as it arrives and keeps counts and the first --top failing objects per check, so its memory does not grow with the cluster.`)
  } finally {
    await sandbox.stop()
  }
}
