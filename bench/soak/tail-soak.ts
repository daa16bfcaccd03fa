/**
 * Soak: `kubectl tail -f` (and, side by side, `kubectl logs -f`) while the API server goes away
 * and comes back again and again, streams are cut mid-way and the watch history is compacted.
 * Loopback only, bounded in time. Prints one JSON summary on stdout:
 * lines expected / delivered / lost / repeated per tool, requests per second, tail's RSS.
 *
 * Run through `npm run bench -- soak` (bench/cases/soak.mjs bundles and runs this file);
 * SOAK_SECONDS sets the length (default 180).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {startSandbox, type KubeObject} from '../../src/sandbox/index.js'

const root = process.env.KUBEKIT_ROOT ?? fileURLToPath(new URL('../..', import.meta.url))
const seconds = Number(process.env.SOAK_SECONDS ?? 180)
const pods = 20
const containers = ['app', 'sidecar']
const perSecond = 40
const linesPerContainer = perSecond * seconds
/** An outage every this many seconds, of 2–9 s; every third one comes back with compacted history. */
const outageEveryMs = 15_000

function podObject(name: string): KubeObject {
  const startedAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z')
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace: 'soak', labels: {app: 'soak'}},
    spec: {nodeName: 'node-1', containers: containers.map((c) => ({name: c, image: 'busybox'}))},
    status: {
      phase: 'Running',
      containerStatuses: containers.map((c) => ({name: c, ready: true, restartCount: 0, image: 'busybox', imageID: '', started: true, containerID: `containerd://${name}-${c}`, state: {running: {startedAt}}})),
    },
  }
}

/** Counts each container's numbered lines: gaps are lost lines, numbers seen again are repeats. */
class LineCheck {
  private readonly next = new Map<string, number>()
  delivered = 0
  lost = 0
  repeated = 0

  add(key: string, index: number): void {
    const expected = this.next.get(key) ?? 1
    if (index < expected) this.repeated++
    else {
      this.lost += index - expected
      this.next.set(key, index + 1)
    }
    this.delivered++
  }

  /** Lines never seen at the end (each container's tail). */
  missingAtEnd(keys: string[], total: number): number {
    return keys.reduce((sum, key) => sum + (total - ((this.next.get(key) ?? 1) - 1)), 0)
  }
}

function follow(command: string, args: string[], env: NodeJS.ProcessEnv, parse: (line: string) => [string, number] | undefined, check: LineCheck): {child: ChildProcess; stderr: () => string} {
  const child = spawn(command, args, {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']})
  let partial = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (data: string) => {
    const lines = (partial + data).split('\n')
    partial = lines.pop()!
    for (const line of lines) {
      const parsed = parse(line)
      if (parsed) check.add(parsed[0], parsed[1])
    }
  })
  child.stderr!.setEncoding('utf8').on('data', (data: string) => (stderr = (stderr + data).slice(-20_000)))
  return {child, stderr: () => stderr}
}

function rssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : undefined
  } catch {
    return undefined
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function main(): Promise<void> {
  const names = Array.from({length: pods}, (_, i) => `app-${i}`)
  const logs: Record<string, {generate: {lines: number; perSecond: number}; dropAfterLines: number}> = {}
  for (const pod of names) for (const c of containers) logs[`soak/${pod}/${c}`] = {generate: {lines: linesPerContainer, perSecond}, dropAfterLines: 997}
  // kubectl logs signs in as another user, so the request count is kubectl tail's alone.
  const sandbox = await startSandbox({objects: names.map(podObject), logs, controllers: false, users: [{name: 'peer', token: 'peer-token-soak'}]})
  const counter = sandbox.faults.add({latencyMs: 0, user: 'kubernetes-admin'})
  const env = {KUBECONFIG: sandbox.kubeconfigPath, HOME: '/nonexistent'}
  const peerKubeconfig = `${sandbox.kubeconfigPath}.peer`
  writeFileSync(peerKubeconfig, readFileSync(sandbox.kubeconfigPath, 'utf8').replace(sandbox.token, 'peer-token-soak'), {mode: 0o600})
  const keys = names.flatMap((pod) => containers.map((c) => `soak/${pod}/${c}`))

  const ours = new LineCheck()
  const theirs = new LineCheck()
  const raw = (line: string): [string, number] | undefined => {
    const [key, index] = line.split(' ')
    return key && index ? [key, Number(index)] : undefined
  }
  // kubectl logs --prefix: "[pod/app-0/app] soak/app-0/app 17"
  const prefixed = (line: string) => raw(line.replace(/^\[[^\]]*\] /, ''))
  const tail = follow(join(root, 'bin', 'kubectl-tail'), ['-n', 'soak', '-o', 'raw', '--only-log-lines'], env, raw, ours)
  const logsF = follow('kubectl', ['logs', '-f', '-n', 'soak', '-l', 'app=soak', '--all-containers', '--prefix', `--max-log-requests=${keys.length}`], {...env, KUBECONFIG: peerKubeconfig}, prefixed, theirs)
  let kubectlExitedAt: number | undefined
  const started = Date.now()
  logsF.child.on('exit', () => (kubectlExitedAt ??= (Date.now() - started) / 1000))

  const rss: number[] = []
  const sampler = setInterval(() => {
    const value = rssMiB(tail.child.pid)
    if (value !== undefined) rss.push(value)
  }, 2000)

  let outages = 0
  let downSeconds = 0
  while (Date.now() - started < seconds * 1000 - outageEveryMs) {
    await sleep(outageEveryMs)
    const downFor = 2000 + ((outages * 3571) % 7000)
    await sandbox.down()
    await sleep(downFor)
    await sandbox.up({compactHistory: outages % 3 === 2})
    outages++
    downSeconds += downFor / 1000
  }
  // The logs end after `seconds`; give the tail up to a minute to deliver the rest.
  const deadline = started + (seconds + 60) * 1000
  while (ours.delivered < keys.length * linesPerContainer && Date.now() < deadline) await sleep(500)
  const elapsed = (Date.now() - started) / 1000
  clearInterval(sampler)
  const requests = sandbox.faults.hits(counter)
  tail.child.kill('SIGINT')
  logsF.child.kill('SIGINT')
  await sleep(500)
  await sandbox.stop()

  const expected = keys.length * linesPerContainer
  const summary = {
    seconds: Math.round(elapsed),
    outages,
    downSeconds: Math.round(downSeconds),
    containers: keys.length,
    expected,
    tail: {
      delivered: ours.delivered,
      lost: ours.lost + ours.missingAtEnd(keys, linesPerContainer),
      repeated: ours.repeated,
      rssFirstMiB: Math.round(rss[0] ?? 0),
      rssPeakMiB: Math.round(Math.max(0, ...rss)),
      rssLastMiB: Math.round(rss.at(-1) ?? 0),
      stderrTail: tail.stderr().split('\n').slice(-4).join('\n'),
    },
    kubectlLogs: {delivered: theirs.delivered, repeated: theirs.repeated, exitedAfterSeconds: kubectlExitedAt ?? null},
    requestsPerSecond: Number((requests / elapsed).toFixed(1)),
    requests,
  }
  process.stdout.write(JSON.stringify(summary) + '\n')
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
