// kubectl diagnose on the sandbox's demo cluster, against what a person runs by hand to learn
// the same: `kubectl describe` (plus `kubectl logs --previous` for a crash, `describe nodes` for a
// Pending pod, and the node log query for a NotReady node).
import {execFileSync} from 'node:child_process'
import {loadavg} from 'node:os'
import {join} from 'node:path'
import {node22} from '../lib.mjs'

export const title = 'diagnose: root cause vs kubectl describe'

function podNamed(prefix, namespace, env) {
  const names = execFileSync('kubectl', ['get', 'pods', '-n', namespace, '-o', 'name'], {env, encoding: 'utf8'})
  return names.split('\n').find((n) => n.startsWith(`pod/${prefix}`)).slice('pod/'.length)
}

export default async function (bench) {
  const kubeconfig = join(bench.tmp, 'kubeconfig')
  const sandbox = await bench.startSandbox(['--scenario', 'demo', '--write-kubeconfig', kubeconfig])
  const env = {...bench.env, KUBECONFIG: kubeconfig, HOME: bench.tmp}
  try {
    const diagnose = bench.bin('kubectl-diagnose')
    const node = node22(bench.root)
    const crash = podNamed('checkout', 'shop', env)
    const pending = podNamed('report-generator', 'analytics', env)
    bench.note(
      'Against the sandbox (a local API server, so these times are client cost plus round trips on loopback). ' +
        '`kubectl diagnose` reads more than `describe` (owners, nodes, log tails, the node log query) and says the cause; ' +
        'the peers are the commands a person would run to see the same facts. ' +
        `Load average when the case started: ${loadavg().map((l) => l.toFixed(1)).join(', ')} (other work shares this machine; the ratios come from one hyperfine run each).`,
    )
    await bench.compare(
      'CrashLoopBackOff pod',
      [
        {name: 'kubectl-diagnose pod', cmd: `${diagnose} pod ${crash} -n shop`},
        {name: 'kubectl describe pod', cmd: `kubectl describe pod ${crash} -n shop`},
        {name: 'describe + logs --previous', cmd: `kubectl describe pod ${crash} -n shop > /dev/null && kubectl logs ${crash} -n shop --previous --tail 20 > /dev/null`},
        {name: 'kubectl-diagnose --help (start-up only, no API calls)', cmd: `${diagnose} --help`},
        ...(node ? [{name: 'kubectl-diagnose pod on Node 22, compile cache warm', cmd: `${node} ${diagnose} pod ${crash} -n shop`}] : []),
      ],
      {env, runs: 15, warmup: 2},
    )
    await bench.compare(
      'Pending pod (Insufficient cpu)',
      [
        {name: 'kubectl-diagnose pod', cmd: `${diagnose} pod ${pending} -n analytics`},
        {name: 'kubectl describe pod', cmd: `kubectl describe pod ${pending} -n analytics`},
        {name: 'describe pod + describe nodes', cmd: `kubectl describe pod ${pending} -n analytics > /dev/null && kubectl describe nodes > /dev/null`},
      ],
      {env, runs: 15, warmup: 2},
    )
    await bench.compare(
      'NotReady node (CNI), with its kubelet log',
      [
        {name: 'kubectl-diagnose node', cmd: `${diagnose} node worker-3`},
        {name: 'kubectl describe node', cmd: 'kubectl describe node worker-3'},
        {name: 'describe node + node log query', cmd: 'kubectl describe node worker-3 > /dev/null && kubectl get --raw "/api/v1/nodes/worker-3/proxy/logs/?query=kubelet&tailLines=20" > /dev/null'},
      ],
      {env, runs: 15, warmup: 2},
    )
  } finally {
    await sandbox.stop()
  }
}
