// Pieces the bench cases share: peak memory of one run, the scale-scenario comparison with
// `kubectl get pods -A -o json`, and a scenario of running pods with generated logs.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'

/** Peak resident memory of one run, from GNU time (-v) on stderr, in MiB; undefined where it is missing. */
export function peakMemory(command, env) {
  const run = spawnSync('/usr/bin/time', ['-v', 'sh', '-c', command], {env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe']})
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr ?? '')
  return match ? Math.round(Number(match[1]) / 1024) : undefined
}

/**
 * On the sandbox's scale scenario (2,000 nodes, 60,000 pods): kubekit's commands side by side
 * with `kubectl get pods -A -o json > /dev/null` (3 runs each), then the peak memory of each.
 */
export async function compareAtScale(bench, {label, commands, sandboxArgs = [], memoryNote}) {
  const kubeconfig = join(bench.tmp, 'kubeconfig')
  const sandbox = await bench.startSandbox(['--scenario', 'scale', ...sandboxArgs, '--write-kubeconfig', kubeconfig])
  const env = {...bench.env, KUBECONFIG: kubeconfig}
  try {
    const all = [...commands, {name: 'kubectl get pods -A -o json > /dev/null', cmd: 'kubectl get pods -A -o json > /dev/null'}]
    await bench.compare(label, all, {env: {KUBECONFIG: kubeconfig}, runs: 3, warmup: 1})
    const peaks = all.map((command) => `${command.name}: ${peakMemory(command.cmd, env) ?? '?'} MiB`)
    bench.note(`Peak resident memory, one run each (GNU time -v): ${peaks.join('; ')}. ${memoryNote}`)
  } finally {
    await sandbox.stop()
  }
}

/** Running pods of one container `app` each, labelled app=x, with `lines` generated log lines. */
export function runningPodsScenario(namespace, pods, lines) {
  const started = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z')
  const objects = []
  const logs = {}
  for (let i = 0; i < pods; i++) {
    const name = `app-${i}`
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name, namespace, labels: {app: 'x'}},
      spec: {nodeName: 'node-1', containers: [{name: 'app', image: 'busybox'}]},
      status: {
        phase: 'Running',
        containerStatuses: [{name: 'app', ready: true, restartCount: 0, image: 'busybox', imageID: '', started: true, containerID: `containerd://${name}`, state: {running: {startedAt: started}}}],
      },
    })
    logs[`${namespace}/${name}/app`] = {generate: {lines}}
  }
  return {objects, logs}
}

/**
 * A Node 22 binary for the rows that show what a newer Node gives (its faster start and the
 * compile cache the launchers turn on there): $KUBEKIT_BENCH_NODE22, else Node's own npm
 * package for this platform (node-<os>-<arch>@22, fetched once with `npm pack` into
 * .bench-cache/). Undefined when neither can be had; the cases then leave those rows out.
 */
export function node22(root) {
  if (process.env.KUBEKIT_BENCH_NODE22) return process.env.KUBEKIT_BENCH_NODE22
  const platform = {linux: 'linux', darwin: 'darwin'}[process.platform]
  if (!platform || !['x64', 'arm64'].includes(process.arch)) return undefined
  const cache = join(root, '.bench-cache', 'node22')
  const binary = join(cache, 'package', 'bin', 'node')
  if (existsSync(binary)) return binary
  mkdirSync(cache, {recursive: true})
  const pack = spawnSync('npm', ['pack', '--silent', `node-${platform}-${process.arch}@22`], {cwd: cache, encoding: 'utf8'})
  const tarball = pack.status === 0 ? pack.stdout.trim().split('\n').pop() : undefined
  if (!tarball || spawnSync('tar', ['xzf', tarball], {cwd: cache}).status !== 0) {
    process.stderr.write(`bench: no Node 22 (npm pack node-${platform}-${process.arch}@22 failed); its rows are left out\n`)
    return undefined
  }
  rmSync(join(cache, tarball), {force: true})
  return existsSync(binary) ? binary : undefined
}
