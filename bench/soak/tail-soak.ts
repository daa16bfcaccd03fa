/**
 * Soak: `kubectl tail -f` (and, side by side, `kubectl logs -f`) and `kubectl dash -A` while the
 * API server goes away and comes back again and again, streams are cut mid-way and the watch
 * history is compacted. Pods of another namespace come and go meanwhile, also while the server
 * is down, so it comes back with pods the dash has not seen and without pods it showed.
 * Loopback only, bounded in time. Prints one JSON summary on stdout:
 * lines expected / delivered / lost / repeated per tool, requests per second, tail's RSS; for
 * the dash, per outage: whether its header said it was reconnecting, and after the recovery
 * (a bounded settle time) its pod rows against the sandbox's pods; its requests and RSS.
 *
 * Run through `npm run bench -- soak` (bench/cases/soak.mjs bundles and runs this file);
 * SOAK_SECONDS sets the length (default 180).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {startSandbox, type KubeObject, type Sandbox} from '../../src/sandbox/index.js'
import {compare, DashSession, isClean, type Comparison, type PodTruth} from './dash-screen.js'

const root = process.env.KUBEKIT_ROOT ?? fileURLToPath(new URL('../..', import.meta.url))
const seconds = Number(process.env.SOAK_SECONDS ?? 180)
const pods = 20
const containers = ['app', 'sidecar']
const perSecond = 40
const linesPerContainer = perSecond * seconds
/** An outage every this many seconds, of 2–9 s; every third one comes back with compacted history. */
const outageEveryMs = 15_000

/** A running pod's conditions, as a kubelet writes them (the dash reads Ready to mark a pod failing). */
function conditions(ready: boolean, at: string): {type: string; status: string; lastTransitionTime: string}[] {
  const value = ready ? 'True' : 'False'
  return [
    {type: 'Initialized', status: 'True', lastTransitionTime: at},
    {type: 'Ready', status: value, lastTransitionTime: at},
    {type: 'ContainersReady', status: value, lastTransitionTime: at},
    {type: 'PodScheduled', status: 'True', lastTransitionTime: at},
  ]
}

function podObject(name: string): KubeObject {
  const startedAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z')
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace: 'soak', labels: {app: 'soak'}},
    spec: {nodeName: 'node-1', containers: containers.map((c) => ({name: c, image: 'busybox'}))},
    status: {
      phase: 'Running',
      conditions: conditions(true, startedAt),
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

/** How long the dash may take after a recovery (or a change while up) before its rows are compared. */
const settleMs = 12_000
/** Pods of namespace churn (the tail does not follow it) that come and go during the soak. */
const churnPods = 6

interface PodStatus {
  conditions?: {type: string; status: string}[]
  containerStatuses?: {name: string; ready: boolean}[]
}

function churnPod(name: string): KubeObject {
  const startedAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z')
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace: 'churn', labels: {app: 'churn'}},
    spec: {nodeName: 'node-1', containers: [{name: 'app', image: 'busybox'}]},
    status: {phase: 'Running', conditions: conditions(true, startedAt), containerStatuses: [{name: 'app', ready: true, restartCount: 0, image: 'busybox', imageID: '', started: true, containerID: `containerd://${name}`, state: {running: {startedAt}}}]},
  }
}

/** The pods the sandbox stores, as the dash should show them: READY, and failing when not Ready (all run). */
function podTruth(sandbox: Sandbox): PodTruth {
  const truth: PodTruth = new Map()
  for (const {object} of sandbox.store.entries('pods')) {
    const spec = object.spec as {containers?: unknown[]} | undefined
    const status = object.status as PodStatus | undefined
    const ready = (status?.containerStatuses ?? []).filter((c) => c.ready).length
    const failing = !(status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
    truth.set(`${object.metadata!.namespace}/${object.metadata!.name}`, {ready: `${ready}/${spec?.containers?.length ?? 0}`, failing})
  }
  return truth
}

/** Creates, deletes and changes the churn pods straight in the store (also while the server is down). */
class Churn {
  private next = 0
  /** The churn pods that exist, oldest first. */
  readonly names: string[] = []
  created = 0
  deleted = 0
  changed = 0

  /** Set once the sandbox runs (the initial pods are part of its start). */
  sandbox!: Sandbox

  initial(): KubeObject[] {
    return Array.from({length: churnPods}, () => churnPod(this.newName()))
  }

  private newName(): string {
    const name = `churn-${this.next++}`
    this.names.push(name)
    return name
  }

  create(count: number): void {
    for (let i = 0; i < count; i++) {
      this.sandbox.store.create(churnPod(this.newName()))
      this.created++
    }
  }

  delete(count: number): void {
    for (const name of this.names.splice(0, count)) {
      this.sandbox.store.delete('pods', 'churn', name)
      this.deleted++
    }
  }

  /** Flips the readiness of the oldest churn pod (READY 1/1 ↔ 0/1, Ready condition True ↔ False). */
  toggleReady(): void {
    const entry = this.sandbox.store.get('pods', 'churn', this.names[0]!)!
    const status = entry.object.status as Required<PodStatus>
    const ready = !status.containerStatuses[0]!.ready
    const containerStatuses = status.containerStatuses.map((c) => ({...c, ready}))
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    this.sandbox.store.update({...entry.object, status: {...status, conditions: conditions(ready, at), containerStatuses}})
    this.changed++
  }
}

interface Settled {
  /** ms until the rows matched the sandbox's pods and the header said live; null if not within the limit. */
  afterMs: number | null
  /** The comparison at the end (clean when settled). */
  comparison: Comparison
  /** ms during which the header said live while the rows were not the sandbox's pods. */
  liveButWrongMs: number
}

interface OutageRecord {
  downSeconds: number
  compacted: boolean
  /** The header said live just before the server went away. */
  liveBeforeDown: boolean
  /** When the server went away, in seconds from the start. */
  atSecond: number
  /** ms after the server went away until the header said reconnecting; null if it never did. */
  reconnectingAfterMs: number | null
  /** The header said "showing state from ... ago" while down. */
  staleNote: boolean
  /** The header said live again before the server was back (after saying reconnecting). */
  liveWhileDown: boolean
  /** The header said stopped (the dash gave up). */
  stopped: boolean
  recovery?: Settled
}

async function main(): Promise<void> {
  const names = Array.from({length: pods}, (_, i) => `app-${i}`)
  const logs: Record<string, {generate: {lines: number; perSecond: number}; dropAfterLines: number}> = {}
  for (const pod of names) for (const c of containers) logs[`soak/${pod}/${c}`] = {generate: {lines: linesPerContainer, perSecond}, dropAfterLines: 997}
  const churn = new Churn()
  // kubectl logs and the dash sign in as other users, so each request count is one tool's alone.
  const sandbox = await startSandbox({
    objects: [...names.map(podObject), ...churn.initial()],
    logs,
    controllers: false,
    users: [
      {name: 'peer', token: 'peer-token-soak'},
      {name: 'dash', token: 'dash-token-soak'},
    ],
  })
  churn.sandbox = sandbox
  // kubectl tail's requests, by kind (the first rule that matches takes a request): log streams
  // opened, pod watches, anything else (pod lists).
  const tailCounters = {
    logs: sandbox.faults.add({latencyMs: 0, user: 'kubernetes-admin', resource: 'pods/log'}),
    watches: sandbox.faults.add({latencyMs: 0, user: 'kubernetes-admin', resource: 'pods', verb: 'watch'}),
    other: sandbox.faults.add({latencyMs: 0, user: 'kubernetes-admin'}),
  }
  const tailHits = () => Object.values(tailCounters).reduce((sum, id) => sum + sandbox.faults.hits(id), 0)
  // The first rule that matches a request takes it, so the dash's count is the sum over the rules
  // for its user (a fault added for it later goes before a fresh counter).
  let dashCounter = sandbox.faults.add({latencyMs: 0, user: 'dash'})
  let dashCountedBefore = 0
  /** Fault rules for the dash's user in force now (their hits count as its requests). */
  const dashFaults: string[] = []
  const dashHits = (...more: string[]) => dashCountedBefore + [dashCounter, ...more].reduce((sum, id) => sum + sandbox.faults.hits(id), 0)
  const env = {KUBECONFIG: sandbox.kubeconfigPath, HOME: '/nonexistent'}
  const userKubeconfig = (token: string) => {
    const path = `${sandbox.kubeconfigPath}.${token}`
    writeFileSync(path, readFileSync(sandbox.kubeconfigPath, 'utf8').replace(sandbox.token, token), {mode: 0o600})
    return path
  }
  const peerKubeconfig = userKubeconfig('peer-token-soak')
  const dashKubeconfig = userKubeconfig('dash-token-soak')
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
  const dashDir = mkdtempSync(join(tmpdir(), 'kubekit-soak-dash-'))
  const dash = new DashSession(dashDir)
  const dashPid = await dash.start(join(root, 'bin', 'kubectl-dash'), ['--kubeconfig', dashKubeconfig, '-A'], {
    TERM: 'xterm-256color',
    NO_COLOR: '1',
    HOME: dashDir,
    XDG_STATE_HOME: join(dashDir, 'state'),
  })
  let kubectlExitedAt: number | undefined
  const started = Date.now()
  logsF.child.on('exit', () => (kubectlExitedAt ??= (Date.now() - started) / 1000))

  const rss: number[] = []
  /** Set once the tail has printed every line: its figures stop there. */
  let tailDone = false
  const dashRss: number[] = []
  const sampler = setInterval(() => {
    const value = tailDone ? undefined : rssMiB(tail.child.pid)
    if (value !== undefined) rss.push(value)
    const dashValue = rssMiB(dashPid)
    if (dashValue !== undefined) dashRss.push(dashValue)
  }, 2000)
  // The highest request rate over any one-second window, per client.
  const peakRate = {tail: 0, dash: 0}
  const tailEachSecond: number[] = []
  let lastHits = {tail: 0, dash: 0, at: Date.now()}
  const rateSampler = setInterval(() => {
    const now = {tail: tailHits(), dash: dashHits(...dashFaults), at: Date.now()}
    const span = (now.at - lastHits.at) / 1000
    if (!tailDone) {
      peakRate.tail = Math.max(peakRate.tail, (now.tail - lastHits.tail) / span)
      tailEachSecond.push(now.tail - lastHits.tail)
    }
    peakRate.dash = Math.max(peakRate.dash, (now.dash - lastHits.dash) / span)
    lastHits = now
  }, 1000)

  /** Polls the dash until its rows are the sandbox's pods and its header says live, for up to limitMs. */
  async function settle(limitMs: number): Promise<Settled> {
    const from = Date.now()
    let liveButWrongMs = 0
    let last = from
    for (;;) {
      const comparison = compare(await dash.screen(), podTruth(sandbox))
      const now = Date.now()
      if (isClean(comparison)) return {afterMs: now - from, comparison, liveButWrongMs}
      if (comparison.live) liveButWrongMs += now - last
      last = now
      if (now - from > limitMs) return {afterMs: null, comparison, liveButWrongMs}
      await sleep(200)
    }
  }

  /** Reads the dash's header while the server is down, until `until`. */
  async function headerWhileDown(downAt: number, until: number): Promise<Omit<OutageRecord, 'downSeconds' | 'compacted' | 'liveBeforeDown' | 'atSecond'>> {
    const record: Omit<OutageRecord, 'downSeconds' | 'compacted' | 'liveBeforeDown' | 'atSecond'> = {reconnectingAfterMs: null, staleNote: false, liveWhileDown: false, stopped: false}
    while (Date.now() < until) {
      const {header} = await dash.screen()
      if (header.includes('reconnecting')) record.reconnectingAfterMs ??= Date.now() - downAt
      if (header.includes('showing state from')) record.staleNote = true
      if (header.includes('✕')) record.stopped = true
      if (record.reconnectingAfterMs !== null && header.includes('● live')) record.liveWhileDown = true
      await sleep(Math.min(200, Math.max(0, until - Date.now())))
    }
    return record
  }

  /**
   * The server restarts, then for `ms` every pod watch of the dash ends right after its headers
   * (the issue measured about 700 requests a second from the dash against that); pods change
   * meanwhile. Returns its
   * requests in that time, what its header said, and how it settled once watches worked again.
   */
  async function watchesClosedAtOnce(ms: number): Promise<{seconds: number; requests: number; reconnectingShown: boolean; recovery: Settled}> {
    const before = dashHits()
    dashCountedBefore += sandbox.faults.hits(dashCounter)
    sandbox.faults.remove(dashCounter)
    dashFaults.push(sandbox.faults.add({user: 'dash', resource: 'pods', verb: 'watch', closeWatchAfterEvents: 0}))
    dashCounter = sandbox.faults.add({latencyMs: 0, user: 'dash'})
    // A quick restart cuts the watch the dash holds (and the tail's streams), so it must watch again.
    await sandbox.restart()
    const from = Date.now()
    churn.delete(1)
    churn.create(1)
    let reconnectingShown = false
    while (Date.now() - from < ms) {
      if ((await dash.screen()).header.includes('reconnecting')) reconnectingShown = true
      await sleep(200)
    }
    const fault = dashFaults.pop()!
    const requests = dashHits(fault) - before
    dashCountedBefore += sandbox.faults.hits(fault)
    sandbox.faults.remove(fault)
    const seconds = (Date.now() - from) / 1000
    return {seconds, requests, reconnectingShown, recovery: await settle(settleMs)}
  }

  const first = await settle(30_000)
  const whileUp: Settled[] = []
  const outageRecords: OutageRecord[] = []
  let outages = 0
  let downSeconds = 0
  let upAt = started
  while (Date.now() - started < seconds * 1000 - outageEveryMs) {
    if (outages > 0) outageRecords[outages - 1]!.recovery = await settle(settleMs)
    // Changes while the server is up reach the dash through its watch.
    churn.delete(1)
    churn.create(1)
    whileUp.push(await settle(Math.max(1000, upAt + outageEveryMs - Date.now() - 500)))
    await sleep(Math.max(0, upAt + outageEveryMs - Date.now()))
    const downFor = 2000 + ((outages * 3571) % 7000)
    const compacted = outages % 3 === 2
    const liveBeforeDown = (await dash.screen()).header.includes('● live')
    const downAt = Date.now()
    await sandbox.down()
    // The server comes back without two pods the dash showed, with two it has not seen, and
    // with one pod's readiness changed.
    churn.delete(2)
    churn.create(2)
    churn.toggleReady()
    const header = await headerWhileDown(downAt, downAt + downFor)
    await sandbox.up({compactHistory: compacted})
    upAt = Date.now()
    outageRecords.push({downSeconds: downFor / 1000, compacted, liveBeforeDown, atSecond: Math.round((downAt - started) / 1000), ...header})
    outages++
    downSeconds += downFor / 1000
  }
  if (outages > 0) outageRecords[outages - 1]!.recovery = await settle(settleMs)
  // The logs end after `seconds`; give the tail up to a minute to deliver the rest. Its figures
  // end here (its streams of finished logs are reopened with back-off from now on).
  const deadline = started + (seconds + 60) * 1000
  while (ours.delivered < keys.length * linesPerContainer && Date.now() < deadline) await sleep(500)
  const elapsed = (Date.now() - started) / 1000
  tailDone = true
  const requests = tailHits()
  const requestsByKind = Object.fromEntries(Object.entries(tailCounters).map(([kind, id]) => [kind, sandbox.faults.hits(id)]))
  const closedWatches = await watchesClosedAtOnce(10_000)
  clearInterval(sampler)
  clearInterval(rateSampler)
  const dashElapsed = (Date.now() - started) / 1000
  const dashRequests = dashHits()
  let dashRunning = true
  try {
    process.kill(dashPid, 0)
  } catch {
    dashRunning = false
  }
  const lastScreen = (await dash.screen()).text
  await dash.stop()
  rmSync(dashDir, {recursive: true, force: true})
  tail.child.kill('SIGINT')
  logsF.child.kill('SIGINT')
  await sleep(500)
  await sandbox.stop()

  const expected = keys.length * linesPerContainer
  const recoveries = outageRecords.map((o) => o.recovery).filter((r): r is Settled => r !== undefined)
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
      peakRequestsPerSecond: Math.round(peakRate.tail),
      requestsByKind,
      /** Requests in each second of the run, for reading where the peaks are. */
      requestsEachSecond: tailEachSecond,
      stderrTail: tail.stderr().split('\n').slice(-4).join('\n'),
    },
    kubectlLogs: {delivered: theirs.delivered, repeated: theirs.repeated, exitedAfterSeconds: kubectlExitedAt ?? null},
    requestsPerSecond: Number((requests / elapsed).toFixed(1)),
    requests,
    dash: {
      pods: {soak: pods, churn: churnPods, created: churn.created, deleted: churn.deleted, readinessChanged: churn.changed},
      settleSeconds: settleMs / 1000,
      firstScreenMs: first.afterMs,
      outages: outageRecords,
      whileUp,
      recoveriesSettled: recoveries.filter((r) => r.afterMs !== null).length,
      recoveries: recoveries.length,
      stale: recoveries.reduce((sum, r) => sum + r.comparison.stale.length, 0),
      missing: recoveries.reduce((sum, r) => sum + r.comparison.missing.length, 0),
      wrongState: recoveries.reduce((sum, r) => sum + r.comparison.wrongState.length, 0),
      settledAfterMsMax: Math.max(0, ...recoveries.map((r) => r.afterMs ?? Infinity)),
      liveButWrongMsMax: Math.max(0, ...recoveries.map((r) => r.liveButWrongMs)),
      reconnectingShown: outageRecords.filter((o) => o.reconnectingAfterMs !== null).length,
      reconnectingAfterMsMax: Math.max(0, ...outageRecords.map((o) => o.reconnectingAfterMs ?? Infinity)),
      requests: dashRequests,
      seconds: Math.round(dashElapsed),
      requestsPerSecond: Number((dashRequests / dashElapsed).toFixed(1)),
      peakRequestsPerSecond: Math.round(peakRate.dash),
      rssFirstMiB: Math.round(dashRss[0] ?? 0),
      rssPeakMiB: Math.round(Math.max(0, ...dashRss)),
      rssLastMiB: Math.round(dashRss.at(-1) ?? 0),
      closedWatches: {...closedWatches, requestsPerSecond: Number((closedWatches.requests / closedWatches.seconds).toFixed(1))},
      runningAtEnd: dashRunning,
      lastScreen,
    },
  }
  process.stdout.write(JSON.stringify(summary) + '\n')
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
