// kubectl ctx: list and switch against `kubectl config` and Debian's kubectx, at 30 and
// 1,000 contexts (each with its cluster's CA data and its user's token, as real ones have).
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

export const title = 'ctx: list and switch'

function kubeconfigText(count) {
  const ca = randomBytes(1100).toString('base64')
  let clusters = ''
  let users = ''
  let contexts = ''
  for (let i = 0; i < count; i++) {
    clusters += `- cluster:\n    certificate-authority-data: ${ca}\n    server: https://10.0.${i >> 8}.${i & 255}:6443\n  name: cluster-${i}\n`
    contexts += `- context:\n    cluster: cluster-${i}\n    namespace: ns-${i}\n    user: user-${i}\n  name: ctx-${i}\n`
    users += `- name: user-${i}\n  user:\n    token: ${randomBytes(500).toString('base64url')}\n`
  }
  return `apiVersion: v1\nclusters:\n${clusters}contexts:\n${contexts}current-context: ctx-0\nkind: Config\npreferences: {}\nusers:\n${users}`
}

function kubectxInstalled() {
  try {
    execFileSync('sh', ['-c', 'command -v kubectx'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

export default async function (bench) {
  const home = join(bench.tmp, 'home')
  mkdirSync(join(home, '.kube'), {recursive: true})
  const withKubectx = kubectxInstalled()
  bench.note(
    'Each switch run starts from a fresh copy of the kubeconfig whose current-context is ctx-0 (hyperfine --prepare), so every run really edits and writes the file. ' +
      (withKubectx
        ? "`kubectx` is Debian's package (0.9.x, the bash script, which calls kubectl several times per operation)."
        : '`kubectx` is not installed here (`apt-get install kubectx`), so its rows are missing.'),
  )
  for (const count of [30, 1000]) {
    const base = join(bench.tmp, `base-${count}.yaml`)
    const work = join(bench.tmp, `config-${count}.yaml`)
    const text = kubeconfigText(count)
    writeFileSync(base, text)
    writeFileSync(work, text)
    const size = text.length >= 1e6 ? `${(text.length / 2 ** 20).toFixed(1)} MB` : `${Math.round(text.length / 1024)} KB`
    const env = {KUBECONFIG: work, HOME: home, XDG_CACHE_HOME: join(bench.tmp, 'cache'), KUBECTX_IGNORE_FZF: '1', NO_COLOR: '1'}
    const label = `${count.toLocaleString('en')} contexts (${size})`

    await bench.compare(
      `list, ${label}`,
      [
        {name: 'kubectl-ctx', cmd: bench.bin('kubectl-ctx')},
        {name: 'kubectl config get-contexts', cmd: 'kubectl config get-contexts'},
        ...(withKubectx ? [{name: 'kubectx', cmd: 'kubectx'}] : []),
        // The floor for any Node.js plugin: Node's own start, doing nothing.
        {name: 'node -e 0 (floor)', cmd: 'node -e 0'},
      ],
      {env, runs: count > 100 ? 15 : 20, warmup: 3},
    )

    const target = `ctx-${count - 1}`
    await bench.compare(
      `switch, ${label}`,
      [
        {name: `kubectl-ctx ${target}`, cmd: `${bench.bin('kubectl-ctx')} ${target}`},
        {name: `kubectl config use-context ${target}`, cmd: `kubectl config use-context ${target}`},
        ...(withKubectx ? [{name: `kubectx ${target}`, cmd: `kubectx ${target}`}] : []),
      ],
      {env, runs: count > 100 ? 15 : 20, warmup: 3, prepare: `cp ${base} ${work}`},
    )

    await bench.compare(
      `current context and prompt, ${label}`,
      [
        {name: 'kubectl-ctx -c', cmd: `${bench.bin('kubectl-ctx')} -c`},
        {name: 'kubectl-ctx --prompt', cmd: `${bench.bin('kubectl-ctx')} --prompt`},
        {name: 'kubectl config current-context', cmd: 'kubectl config current-context'},
        ...(withKubectx ? [{name: 'kubectx -c', cmd: 'kubectx -c'}] : []),
      ],
      {env, runs: count > 100 ? 15 : 20, warmup: 3},
    )
  }
  await promptCost(bench, home)
}

/**
 * What a shell prompt costs with `--prompt-init` when nothing changed: a bash that evaluates the
 * init once and runs the prompt update 1 or 101 times; the difference / 100 is one prompt.
 * kube-ps1 itself has no Debian package here, so it is not in the table.
 */
async function promptCost(bench, home) {
  const config = join(bench.tmp, 'config-30.yaml')
  const env = {KUBECONFIG: config, HOME: home, NO_COLOR: '1'}
  const run = (updates) => `bash -c 'eval "$(${bench.bin('kubectl-ctx')} --prompt-init bash)"; for i in $(seq ${updates}); do _kubekit_ps1_update; done'`
  const rows = await bench.compare(
    'prompt with --prompt-init, 30 contexts: 1 vs 101 prompts in one shell',
    [
      {name: 'bash, --prompt-init, 1 prompt', cmd: run(1)},
      {name: 'bash, --prompt-init, 101 prompts', cmd: run(101)},
      {name: 'bash, kubectl-ctx --prompt per prompt, 11 prompts', cmd: `bash -c 'for i in $(seq 11); do ${bench.bin('kubectl-ctx')} --prompt >/dev/null; done'`},
    ],
    {env, runs: 10, warmup: 2},
  )
  const perPrompt = ((rows[1].median - rows[0].median) / 100) * 1000
  const perProcess = (rows[2].median / 11) * 1000
  bench.note(
    `One prompt when nothing changed costs ${perPrompt.toFixed(2)} ms with --prompt-init (the shell's own stat tests; the segment is recomputed only when a kubeconfig changes), against ${perProcess.toFixed(0)} ms for a process per prompt (\`PS1='$(kubectl ctx --prompt bash)'\`).`,
  )
}
