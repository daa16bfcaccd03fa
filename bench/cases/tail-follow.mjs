// tail -f: time until every line of 10, 100 and 500 followed containers has arrived, kubectl tail
// vs kubectl logs -f --prefix --max-log-requests N in the same hyperfine run; peak memory at 500
// containers is the tail-memory case. bench/follow-until.mjs stops each follower once it has
// printed every line. The logs are on the sandbox's server from the start (generated, all at once).
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {runningPodsScenario} from '../lib.mjs'

export const title = 'tail -f: every line of many followed containers'

export default async function (bench) {
  bench.note(
    'The sandbox API server (`kubekit sandbox start`, HTTPS, controllers off) with running pods of one container each; every container has its lines ready on the server. ' +
      'Each row follows every container and is stopped once every line has arrived (bench/follow-until.mjs counts the lines; its own Node start is in both rows). kubectl tail runs with `-o raw --only-log-lines`, kubectl logs with `--prefix`. ' +
      'kubectl tail always asks for the server\'s timestamps (that is how it resumes without loss); kubectl logs does not. `--max-log-requests` is set to the container count for kubectl logs, whose default of 5 refuses more.',
  )
  const shapes = [
    {pods: 10, lines: 20_000},
    {pods: 100, lines: 2_000},
    {pods: 500, lines: 400},
  ]
  for (const {pods, lines} of shapes) {
    const namespace = `follow${pods}`
    const file = join(bench.tmp, `${namespace}.json`)
    const kubeconfig = join(bench.tmp, `${namespace}.kubeconfig`)
    writeFileSync(file, JSON.stringify(runningPodsScenario(namespace, pods, lines)))
    const sandbox = await bench.startSandbox(['--file', file, '--no-controllers', '--write-kubeconfig', kubeconfig])
    const total = pods * lines
    const until = (command) => `node ${join(bench.root, 'bench', 'follow-until.mjs')} ${total} '${command}'`
    const tail = until(`${bench.bin('kubectl-tail')} -n ${namespace} -l app=x -o raw --only-log-lines`)
    const logs = until(`kubectl logs -f -n ${namespace} -l app=x --prefix --max-log-requests ${pods} --tail=-1`)
    try {
      await bench.compare(
        `${pods} containers × ${lines.toLocaleString('en')} lines (${total.toLocaleString('en')} lines), followed until all arrived`,
        [
          {name: `kubectl tail -l app=x (follow)`, cmd: tail},
          {name: `kubectl logs -f -l app=x --prefix --max-log-requests ${pods}`, cmd: logs},
        ],
        {env: {KUBECONFIG: kubeconfig}, runs: 5, warmup: 1},
      )
    } finally {
      await sandbox.stop()
    }
  }
}
