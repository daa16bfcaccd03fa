// tail -f at 500 containers: the peak resident memory of kubectl tail and of kubectl logs -f
// while they follow every container until every line has arrived (one run each; VmHWM summed
// over the follower's processes, sampled by bench/follow-until.mjs while it runs).
import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {runningPodsScenario} from '../lib.mjs'

export const title = 'tail -f: memory following 500 containers'

function peakMiB(bench, total, command, env) {
  const run = spawnSync(process.execPath, [join(bench.root, 'bench', 'follow-until.mjs'), '--report-peak', String(total), command], {env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe']})
  const match = /peak-kib (\d+)/.exec(run.stderr ?? '')
  return match ? Math.round(Number(match[1]) / 1024) : undefined
}

export default async function (bench) {
  const pods = 500
  const lines = 400
  const namespace = 'memory500'
  const file = join(bench.tmp, `${namespace}.json`)
  const kubeconfig = join(bench.tmp, `${namespace}.kubeconfig`)
  writeFileSync(file, JSON.stringify(runningPodsScenario(namespace, pods, lines)))
  const sandbox = await bench.startSandbox(['--file', file, '--no-controllers', '--write-kubeconfig', kubeconfig])
  try {
    const env = {...bench.env, KUBECONFIG: kubeconfig}
    const total = pods * lines
    const tail = peakMiB(bench, total, `${bench.bin('kubectl-tail')} -n ${namespace} -l app=x -o raw --only-log-lines`, env)
    const logs = peakMiB(bench, total, `kubectl logs -f -n ${namespace} -l app=x --prefix --max-log-requests ${pods} --tail=-1`, env)
    bench.note(
      `${pods} running containers × ${lines} lines, followed until all ${total.toLocaleString('en')} lines arrived, one run each. Peak resident memory of the follower (VmHWM, summed over its processes): kubectl tail ${tail ?? '?'} MiB; kubectl logs -f --max-log-requests ${pods} ${logs ?? '?'} MiB.`,
    )
  } finally {
    await sandbox.stop()
  }
}
