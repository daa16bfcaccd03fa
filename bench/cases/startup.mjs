// Start-up: how long a plugin takes to answer, against Node's own start and kubectl.
import {execFileSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {node22} from '../lib.mjs'

export const title = 'Start-up'

export default async function (bench) {
  const kubeconfig = join(bench.tmp, 'config')
  const contexts = Array.from({length: 30}, (_, i) => `ctx-${i}`)
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'current-context: ctx-0',
    'clusters:',
    ...contexts.flatMap((c) => [`- name: ${c}`, '  cluster:', `    server: https://${c}.example:6443`]),
    'users:',
    ...contexts.flatMap((c) => [`- name: ${c}`, '  user:', `    token: token-${c}`]),
    'contexts:',
    ...contexts.flatMap((c) => [`- name: ${c}`, '  context:', `    cluster: ${c}`, `    user: ${c}`]),
  ].join('\n')
  writeFileSync(kubeconfig, yaml + '\n')
  bench.note(
    'A 30-context kubeconfig; every command reads the same file. Each plugin\'s --help goes through the fast path (dist/fast.js: the help oclif rendered at build time, served when stdout is not a terminal, as here); `KUBEKIT_FAST_PATH=0` is the same call through oclif, for comparison. kubectl-ctx is its own fast path (src/kubeconfig/main.ts).',
  )
  const plugins = ['diagnose', 'tail', 'capacity', 'dash']
  await bench.compare(
    'help and context list',
    [
      ...plugins.map((p) => ({name: `kubectl-${p} --help`, cmd: `${bench.bin(`kubectl-${p}`)} --help`})),
      {name: 'kubectl-diagnose --help via oclif (KUBEKIT_FAST_PATH=0)', cmd: `env KUBEKIT_FAST_PATH=0 ${bench.bin('kubectl-diagnose')} --help`},
      {name: 'kubectl-ctx (list)', cmd: bench.bin('kubectl-ctx')},
      {name: 'node -e 0 (floor)', cmd: 'node -e 0'},
      {name: 'kubectl version --client', cmd: 'kubectl version --client'},
      {name: 'kubectl config get-contexts', cmd: 'kubectl config get-contexts'},
    ],
    {env: {KUBECONFIG: kubeconfig}, runs: 30, warmup: 3},
  )
  await bench.compare(
    'a one-shot command without a cluster (capacity plan from flags)',
    [
      {name: 'kubectl-capacity plan (fast path)', cmd: `${bench.bin('kubectl-capacity')} plan --services 3 --replicas 2 --cpu 1 --memory 1Gi`},
      {name: 'the same via oclif (KUBEKIT_FAST_PATH=0)', cmd: `env KUBEKIT_FAST_PATH=0 ${bench.bin('kubectl-capacity')} plan --services 3 --replicas 2 --cpu 1 --memory 1Gi`},
      {name: 'node -e 0 (floor)', cmd: 'node -e 0'},
    ],
    {env: {KUBECONFIG: kubeconfig}, runs: 30, warmup: 3},
  )
  const node = node22(bench.root)
  if (!node) return
  const version = execFileSync(node, ['--version'], {encoding: 'utf8'}).trim()
  bench.note(
    `The same calls on Node ${version}: its own start is shorter, and there the launchers turn on Node's compile cache (in the user's cache directory, here a fresh one that the warm-up runs fill), so a call after the first skips compiling the bundle.`,
  )
  const plan = 'plan --services 3 --replicas 2 --cpu 1 --memory 1Gi'
  await bench.compare(
    `on Node ${version}, compile cache warm`,
    [
      {name: 'kubectl-diagnose --help', cmd: `${node} ${bench.bin('kubectl-diagnose')} --help`},
      {name: 'kubectl-ctx (list)', cmd: `${node} ${bench.bin('kubectl-ctx')}`},
      {name: 'kubectl-capacity plan (fast path)', cmd: `${node} ${bench.bin('kubectl-capacity')} ${plan}`},
      {name: `node -e 0 (floor, Node ${version})`, cmd: `${node} -e 0`},
      {name: 'kubectl version --client', cmd: 'kubectl version --client'},
      {name: 'kubectl config get-contexts', cmd: 'kubectl config get-contexts'},
    ],
    {env: {KUBECONFIG: kubeconfig, XDG_CACHE_HOME: join(bench.tmp, 'cache')}, runs: 30, warmup: 3},
  )
}
