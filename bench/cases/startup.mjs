// Start-up: how long a plugin takes to answer, against Node's own start and kubectl.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

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
  bench.note('A 30-context kubeconfig; every command reads the same file.')
  await bench.compare(
    'help and context list',
    [
      {name: 'kubectl-capacity --help', cmd: `${bench.bin('kubectl-capacity')} --help`},
      {name: 'kubectl-ctx (list)', cmd: bench.bin('kubectl-ctx')},
      {name: 'node -e 0', cmd: 'node -e 0'},
      {name: 'kubectl config get-contexts', cmd: 'kubectl config get-contexts'},
    ],
    {env: {KUBECONFIG: kubeconfig}, runs: 20, warmup: 3},
  )
}
