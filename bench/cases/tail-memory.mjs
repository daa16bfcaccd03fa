// tail -f memory by the number of containers: the peak resident memory of kubectl tail and of
// kubectl logs -f while they follow 10, 100 and 500 containers (the same 200,000 lines in all)
// until every line has arrived (one run each; VmHWM summed over the follower's processes, sampled
// by bench/follow-until.mjs while it runs).
import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {runningPodsScenario} from '../lib.mjs'

export const title = 'tail -f: memory by the number of containers followed'

function peakMiB(bench, total, command, env) {
  const run = spawnSync(process.execPath, [join(bench.root, 'bench', 'follow-until.mjs'), '--report-peak', String(total), command], {env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe']})
  const match = /peak-kib (\d+)/.exec(run.stderr ?? '')
  return match ? Math.round(Number(match[1]) / 1024) : undefined
}

/** Peaks of both followers for `pods` containers of `lines` lines each. */
async function peaksFor(bench, pods, lines) {
  const namespace = `memory${pods}`
  const file = join(bench.tmp, `${namespace}.json`)
  const kubeconfig = join(bench.tmp, `${namespace}.kubeconfig`)
  writeFileSync(file, JSON.stringify(runningPodsScenario(namespace, pods, lines)))
  const sandbox = await bench.startSandbox(['--file', file, '--no-controllers', '--write-kubeconfig', kubeconfig])
  try {
    const env = {...bench.env, KUBECONFIG: kubeconfig}
    const total = pods * lines
    const tail = peakMiB(bench, total, `${bench.bin('kubectl-tail')} -n ${namespace} -l app=x -o raw --only-log-lines`, env)
    const logs = peakMiB(bench, total, `kubectl logs -f -n ${namespace} -l app=x --prefix --max-log-requests ${pods} --tail=-1`, env)
    return {tail, logs}
  } finally {
    await sandbox.stop()
  }
}

export default async function (bench) {
  const rows = []
  for (const [pods, lines] of [
    [10, 20_000],
    [100, 2_000],
    [500, 400],
  ]) {
    const {tail, logs} = await peaksFor(bench, pods, lines)
    rows.push(`| ${pods} × ${lines.toLocaleString('en')} | ${tail ?? '?'} MiB | ${logs ?? '?'} MiB |`)
  }
  bench.note(
    [
      'Running containers followed until all 200,000 lines arrived, one run each. Peak resident memory of the follower (VmHWM, summed over its processes); kubectl logs -f with --max-log-requests set to the number of containers.',
      '',
      '| containers × lines | kubectl tail -f | kubectl logs -f |',
      '|---|---:|---:|',
      ...rows,
    ].join('\n'),
  )
}
