// kubectl diagnose cluster on the sandbox's scale scenario (2,000 nodes, 60,000 pods): a ranked
// scan of every node and pod by root cause, side by side with just fetching the pods
// (`kubectl get pods -A -o json > /dev/null`), time and peak memory.
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

export const title = 'diagnose cluster: a whole cluster at scale'

function peakMemory(command, env) {
  const run = spawnSync('/usr/bin/time', ['-v', 'sh', '-c', command], {env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe']})
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr ?? '')
  return match ? Math.round(Number(match[1]) / 1024) : undefined
}

export default async function (bench) {
  const kubeconfig = join(bench.tmp, 'kubeconfig')
  await bench.startSandbox(['--scenario', 'scale', '--no-controllers', '--write-kubeconfig', kubeconfig])
  const env = {...bench.env, KUBECONFIG: kubeconfig}
  const diagnose = bench.bin('kubectl-diagnose')
  const commands = [
    {name: 'kubectl diagnose cluster', cmd: `${diagnose} cluster > /dev/null`},
    {name: 'kubectl diagnose cluster -o json', cmd: `${diagnose} cluster -o json > /dev/null`},
    {name: 'kubectl get pods -A -o json > /dev/null', cmd: 'kubectl get pods -A -o json > /dev/null'},
  ]
  await bench.compare('2,000 nodes, 60,000 pods (HTTPS, pages of 500)', commands, {env: {KUBECONFIG: kubeconfig}, runs: 3, warmup: 1})
  const peaks = commands.map((command) => `${command.name}: ${peakMemory(command.cmd, env) ?? '?'} MiB`)
  bench.note(`Peak resident memory, one run each (GNU time -v): ${peaks.join('; ')}. The scan reduces each page of 500 pods as it arrives and keeps at most 5,000 failing pods, so its memory does not grow with the cluster.`)
}
