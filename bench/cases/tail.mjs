// tail: reading many pods' logs at once, kubectl tail vs kubectl logs -l, against the sandbox.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {node22, runningPodsScenario} from '../lib.mjs'

export const title = 'tail: many pods at once'

export default async function (bench) {
  const pods = 10
  const lines = 20_000
  const file = join(bench.tmp, 'scenario.json')
  const kubeconfig = join(bench.tmp, 'kubeconfig')
  writeFileSync(file, JSON.stringify(runningPodsScenario('bench', pods, lines)))
  const sandbox = await bench.startSandbox(['--file', file, '--write-kubeconfig', kubeconfig])
  const node = node22(bench.root)
  try {
    bench.note(
      `The sandbox API server (\`kubekit sandbox start\`, HTTPS) with ${pods} pods × ${lines.toLocaleString('en')} generated lines (~${Math.round((pods * lines * 22) / 1e6)} MB). ` +
        'Every command reads every line once and exits; output goes to /dev/null. kubectl tail always asks for server timestamps (that is how it resumes) and prefixes `pod container`; ' +
        'kubectl logs reads the pods one after another (it only runs streams in parallel with -f). ' +
        'The second table separates kubectl-tail\'s fixed cost (Node + oclif + client start-up, kubeconfig, TLS, one list) from reading lines.',
    )
    await bench.compare(
      `${pods} pods × ${lines.toLocaleString('en')} lines, read once`,
      [
        {name: 'kubectl-tail -l app=x --no-follow --max-log-requests 10', cmd: `${bench.bin('kubectl-tail')} -n bench -l app=x --no-follow --max-log-requests 10`},
        {name: 'kubectl-tail -l app=x --no-follow (5 at a time)', cmd: `${bench.bin('kubectl-tail')} -n bench -l app=x --no-follow`},
        {name: 'kubectl logs -l app=x --prefix --tail=-1', cmd: 'kubectl logs -n bench -l app=x --prefix --max-log-requests 10 --tail=-1'},
        {name: 'kubectl logs -l app=x --prefix --tail=-1 --timestamps', cmd: 'kubectl logs -n bench -l app=x --prefix --max-log-requests 10 --tail=-1 --timestamps'},
      ],
      {env: {KUBECONFIG: kubeconfig}, runs: 10, warmup: 2},
    )
    await bench.compare(
      `1 pod × ${lines.toLocaleString('en')} lines, read once`,
      [
        {name: 'kubectl-tail app-0 --no-follow', cmd: `${bench.bin('kubectl-tail')} -n bench ^app-0$ --no-follow`},
        {name: 'kubectl-tail, no pod matches (start-up, connect, list)', cmd: `${bench.bin('kubectl-tail')} -n bench -l app=none --no-follow`},
        ...(node ? [{name: 'kubectl-tail app-0 --no-follow on Node 22, compile cache warm', cmd: `${node} ${bench.bin('kubectl-tail')} -n bench ^app-0$ --no-follow`}] : []),
        {name: 'kubectl logs app-0', cmd: 'kubectl logs -n bench app-0'},
        {name: 'kubectl logs app-0 --timestamps', cmd: 'kubectl logs -n bench app-0 --timestamps'},
      ],
      {env: {KUBECONFIG: kubeconfig, XDG_CACHE_HOME: join(bench.tmp, 'cache')}, runs: 10, warmup: 2},
    )
  } finally {
    await sandbox.stop()
  }
}
