// kubectl dash at scale: from start to the whole pod list on screen (then `q`) against
// `kubectl get pods -A` with and without its client-side throttling, how long keys take to show,
// and the dash's memory once the list is on screen and at its peak while it lists everything
// again. The sandbox serves DASH_PODS pods (default 60,000) in 20 namespaces, one in ten
// crash-looping, static (no controllers). The dash runs in a pseudo-terminal (util-linux
// `script`, 120x40) driven by this file itself (the --drive, --keys and --rss modes below).
//
//   npm run bench -- dash                  the full size (60,000 pods: about 15 minutes)
//   DASH_PODS=2000 npm run bench -- dash   a quick check of the case (less than a minute)
import {performance} from 'node:perf_hooks'
import {spawn, spawnSync} from 'node:child_process'
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {peakMemory} from '../lib.mjs'

export const title = 'dash: the full pod list, keys and memory at scale'

const self = fileURLToPath(import.meta.url)
const namespaces = 20

function podName(i) {
  return {namespace: `team-${i % namespaces}`, name: `app-${i}`}
}

function scenario(count) {
  const now = Date.now()
  const objects = []
  for (let i = 0; i < count; i++) {
    const failing = i % 10 === 0
    const {namespace, name} = podName(i)
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name, namespace, uid: `uid-${i}`, labels: {app: `app-${i % 50}`}, creationTimestamp: new Date(now - (i % 500) * 60_000).toISOString()},
      spec: {nodeName: `node-${i % 50}`, containers: [{name: 'app', image: 'nginx:1.27', resources: {requests: {cpu: '100m', memory: '128Mi'}}}]},
      status: {
        phase: 'Running',
        conditions: [{type: 'Ready', status: failing ? 'False' : 'True'}],
        containerStatuses: [
          {name: 'app', ready: !failing, restartCount: failing ? 5 : 0, image: 'nginx:1.27', imageID: '', state: failing ? {waiting: {reason: 'CrashLoopBackOff'}} : {running: {startedAt: new Date(now - 3_600_000).toISOString()}}},
        ],
      },
    })
  }
  return {objects}
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`

/** The dash's rows of a memory table, from what the --rss mode measured. */
function dashMemoryRows(memory) {
  return [
    `| kubectl dash -A, the first list on screen (after ${seconds(memory.listedMs)}) | ${mib(memory.firstRss)} |`,
    `| kubectl dash -A, peak while listing every pod again | ${mib(memory.relistPeak)} |`,
    `| kubectl dash -A, after the re-list | ${mib(memory.afterRss)} |`,
  ]
}
const millis = (ms) => `${Math.round(ms)} ms`
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const mib = (kb) => `${Math.round(kb / 1024)} MiB`

/** Runs this file in one of its modes and returns the JSON it prints on its last line. */
function runMode(mode, args, env) {
  const run = spawnSync(process.execPath, [self, mode, ...args], {env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000})
  const line = (run.stdout ?? '').trim().split('\n').at(-1) ?? ''
  if (run.status !== 0 || !line.startsWith('{')) throw new Error(`bench dash ${mode} failed (exit ${run.status}): ${run.stdout}`)
  return JSON.parse(line)
}

export default async function (bench) {
  const pods = Number(process.env.DASH_PODS ?? 60_000)
  const file = join(bench.tmp, 'pods.json')
  const kubeconfig = join(bench.tmp, 'kubeconfig')
  writeFileSync(file, JSON.stringify(scenario(pods)))
  const sandbox = await bench.startSandbox(['--scenario', 'empty', '--file', file, '--no-controllers', '--write-kubeconfig', kubeconfig])
  const count = pods.toLocaleString('en')
  const dash = bench.bin('kubectl-dash')
  const kubectl = `kubectl --kubeconfig ${kubeconfig}`
  try {
    const runs = pods > 10_000 ? {runs: 3, warmup: 1} : {runs: 10, warmup: 2}
    await bench.compare(
      `${count} pods in ${namespaces} namespaces: start to the whole list (HTTPS)`,
      [
        {name: 'kubectl dash -A (to the full list on screen, then q)', cmd: `${process.execPath} ${self} --drive ${dash} ${kubeconfig} ${pods}`},
        {name: 'kubectl get pods -A (pages of 500, client-side throttled)', cmd: `${kubectl} get pods -A > /dev/null`},
        {name: 'kubectl get pods -A --chunk-size=0 (one request: no throttling)', cmd: `${kubectl} get pods -A --chunk-size=0 > /dev/null`},
        {name: 'kubectl get pods -A -o json (pages of 500, throttled)', cmd: `${kubectl} get pods -A -o json > /dev/null`},
        {name: 'kubectl get pods -A -o json --chunk-size=0 (no throttling)', cmd: `${kubectl} get pods -A -o json --chunk-size=0 > /dev/null`},
      ],
      runs,
    )
    const pages = Math.ceil(pods / 500)
    const waited = Math.max(0, pages - 10) / 5
    bench.note(
      `The dash's row includes a driver (a Node process, ~60 ms), the pseudo-terminal and the dash's own start-up before its first frame. kubectl 1.32 has no flag for its client-side rate limiter (client-go's token bucket: 5 requests a second after a burst of 10; with \`-v=4\` it logs "Waited for ... due to client-side throttling"), which every page of a list goes through: ${pages} pages of 500 here, so about ${waited.toFixed(0)} s of waiting. \`--chunk-size=0\` asks for the whole list in one request, so nothing waits. \`kubectl get pods -A\` asks the server for a ready-made table (a few columns per pod); the dash, like \`-o json\`, reads whole pods, because it computes READY/STATUS/RESTARTS itself and keeps them live from the watch; it lists in pages of 500 too, with no client-side limiter.`,
    )

    const keys = runMode('--keys', [dash, kubeconfig, String(pods)], bench.env)
    bench.note(
      [
        `### Keys with ${count} pods listed`,
        '',
        'From writing the key to the pseudo-terminal to the frame that shows its effect (median of the presses; the dash redraws the pod list at most every 150 ms for watch events, never waits for that for a key).',
        '',
        '| key | what it does | median | presses |',
        '|---|---|---:|---:|',
        `| j | the selection one row down | ${millis(keys.j.median)} | ${keys.j.count} |`,
        `| G / g | to the last / first of all ${count} rows | ${millis(keys.jump.median)} | ${keys.jump.count} |`,
        `| f | failing pods only / every pod (filters and sorts every row) | ${millis(keys.failing.median)} | ${keys.failing.count} |`,
      ].join('\n'),
    )

    const memory = runMode('--rss', [bench.bin('kubekit'), dash, kubeconfig, String(pods)], bench.env)
    const env = {...bench.env, KUBECONFIG: kubeconfig}
    const table = peakMemory('kubectl get pods -A > /dev/null', env)
    const json = peakMemory('kubectl get pods -A -o json > /dev/null', env)
    bench.note(
      [
        `### Memory with ${count} pods`,
        '',
        `Resident memory of the dash's Node process (VmRSS, sampled every 50 ms; VmHWM for the peak), one run. The re-list is forced by the sandbox answering the pod watch with 410 Gone (${memory.expiredAfter}); the fault rule was hit ${memory.hits} time(s). kubectl's peaks are from GNU time -v, one run each.`,
        '',
        '| what | resident memory |',
        '|---|---:|',
        ...dashMemoryRows(memory),
        `| kubectl get pods -A (peak) | ${table ?? '?'} MiB |`,
        `| kubectl get pods -A -o json (peak) | ${json ?? '?'} MiB |`,
      ].join('\n'),
    )
  } finally {
    await sandbox.stop()
  }
  if (pods === 60_000) await realisticPods(bench, dash)
}

/**
 * The pods above are small (one container, a few fields: about 0.6 KB of JSON each). Real pods
 * are several times larger (managed fields, volumes, tolerations, conditions), which is what the
 * dash parses and what its memory holds while it lists: the sandbox's scale scenario stores them
 * as a real cluster does.
 */
async function realisticPods(bench, dash) {
  const kubeconfig = join(bench.tmp, 'scale-kubeconfig')
  const sandbox = await bench.startSandbox(['--scenario', 'scale', '--write-kubeconfig', kubeconfig])
  const kubectl = `kubectl --kubeconfig ${kubeconfig}`
  try {
    await bench.compare(
      '60,000 pods as a real cluster stores them (the scale scenario: 2,000 nodes): start to the whole list',
      [
        {name: 'kubectl dash -A (to the full list on screen, then q)', cmd: `${process.execPath} ${self} --drive ${dash} ${kubeconfig} 60000`},
        {name: 'kubectl get pods -A --chunk-size=0 (one request: no throttling)', cmd: `${kubectl} get pods -A --chunk-size=0 > /dev/null`},
        {name: 'kubectl get pods -A -o json --chunk-size=0 (no throttling)', cmd: `${kubectl} get pods -A -o json --chunk-size=0 > /dev/null`},
      ],
      {runs: 3, warmup: 1},
    )
    const memory = runMode('--rss', [bench.bin('kubekit'), dash, kubeconfig, '60000'], bench.env)
    bench.note(
      [
        `Resident memory of the dash on these pods, measured as above (410 ${memory.expiredAfter}, rule hit ${memory.hits} time(s)):`,
        '',
        '| what | resident memory |',
        '|---|---:|',
        ...dashMemoryRows(memory),
      ].join('\n'),
    )
  } finally {
    await sandbox.stop()
  }
}

// ---- driver modes: the dash in a pseudo-terminal ----

/** Starts the dash on every namespace in a 120x40 pseudo-terminal, without colour (the marker carries the selection). */
function startDash(dash, kubeconfig) {
  return spawn('script', ['-qfec', `stty rows 40 cols 120; ${dash} --kubeconfig ${kubeconfig} -A`, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {...process.env, TERM: 'xterm-256color', NO_COLOR: '1'},
  })
}

/** The terminal's output as it arrives, with a wait for text to appear in it. */
function screen(child) {
  let seen = ''
  const waiters = new Set()
  child.stdout.setEncoding('utf8').on('data', (data) => {
    // A frame can arrive in many chunks: look at all of the recent output, keep a tail.
    seen = (seen + data).slice(-200_000)
    for (const waiter of waiters) waiter()
  })
  return {
    tail: () => seen.slice(-4000),
    /** Resolves when `test` holds for the output written since `from` (an offset from mark()). */
    until(test, limitMs = 300_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!test(seen)) return
          waiters.delete(check)
          clearTimeout(timer)
          resolve()
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`the dash never showed what was waited for; its last output:\n${seen.slice(-2000)}`))
        }, limitMs)
        waiters.add(check)
        check()
      })
    },
    /** Forgets what was shown so far (the next until() looks only at what comes after). */
    clear() {
      seen = ''
    },
  }
}

async function quit(child) {
  child.stdin.write('q')
  const code = await new Promise((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`the dash exited with ${code}`)
}

/** Driver mode (hyperfine's command): run the dash until it shows every pod, then press q. */
async function drive([dash, kubeconfig, count]) {
  const child = startDash(dash, kubeconfig)
  const out = screen(child)
  try {
    await out.until((text) => text.includes(`${count} pods`))
    await quit(child)
  } catch (error) {
    process.stderr.write(`${error.message}\n${out.tail()}\n`)
    process.exit(1)
  }
}

/** The rows in the dash's order (namespace, then name, as strings). */
function sortedRows(count) {
  const rows = Array.from({length: count}, (_, i) => podName(i))
  return rows.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The marker on a row: `>` then the failing mark, then the row's namespace and name. */
const selected = (row) => new RegExp(`>[ !] +${row.namespace} +${row.name} `)

/** Times one key: from writing it to the first output that passes `shown`. */
async function timeKey(child, out, key, shown) {
  out.clear()
  const started = performance.now()
  child.stdin.write(key)
  await out.until(shown, 60_000)
  return performance.now() - started
}

/** Keys mode: j, G/g and f, each timed from the write to the frame that shows it; prints JSON. */
async function keyLatency([dash, kubeconfig, countText]) {
  const count = Number(countText)
  const rows = sortedRows(count)
  const failing = rows.filter((row) => Number(row.name.slice(4)) % 10 === 0)
  const child = startDash(dash, kubeconfig)
  const out = screen(child)
  await out.until((text) => text.includes(`${count} pods`))
  const j = []
  for (let i = 1; i <= 20; i++) j.push(await timeKey(child, out, 'j', (text) => selected(rows[i]).test(text)))
  const jump = []
  for (let i = 0; i < 5; i++) {
    jump.push(await timeKey(child, out, 'G', (text) => selected(rows.at(-1)).test(text)))
    jump.push(await timeKey(child, out, 'g', (text) => selected(rows[0]).test(text)))
  }
  const filtered = []
  for (let i = 0; i < 5; i++) {
    filtered.push(await timeKey(child, out, 'f', (text) => text.includes('failing only') && selected(failing[0]).test(text)))
    filtered.push(await timeKey(child, out, 'f', (text) => !text.includes('failing only') && text.includes(`${count} pods`) && /^>/m.test(text)))
  }
  await quit(child)
  const summary = (values) => ({median: median(values), count: values.length})
  process.stdout.write(`${JSON.stringify({j: summary(j), jump: summary(jump), failing: summary(filtered)})}\n`)
}

/** The resident memory of a process (kB): now, and its peak since start or the last reset. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0)
  return {rss: kb('VmRSS'), peak: kb('VmHWM')}
}

/** The node process of the dash under `script`: `node …/kubectl-dash --kubeconfig FILE -A`. */
function dashPid(kubeconfig) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      // node running the launcher itself: not `script`, not its shell, not this driver (whose
      // arguments also name the launcher and the kubeconfig).
      if (Number(entry) !== process.pid && argv[1]?.endsWith('kubectl-dash') && argv.includes(kubeconfig)) return Number(entry)
    } catch {
      // gone meanwhile
    }
  }
  return undefined
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function kubekitJson(kubekit, args) {
  const run = spawnSync(kubekit, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']})
  if (run.status !== 0) throw new Error(`kubekit ${args.join(' ')} exited with ${run.status}`)
  return run.stdout
}

/**
 * RSS mode: the dash's memory once the first list is on screen, and its peak while it lists
 * every pod again. The sandbox is told beforehand to answer the first pod watch, a while after
 * it starts, with 410 Expired, which makes the dash list every pod again; prints JSON.
 */
async function measureRss([kubekit, dash, kubeconfig, countText]) {
  const count = Number(countText)
  // Long enough for the first list to be on screen and measured before the 410 comes.
  const expiredAfter = count > 10_000 ? '25s' : '6s'
  kubekitJson(kubekit, ['sandbox', 'fault', 'add', '--kubeconfig', kubeconfig, '--resource', 'pods', '--verb', 'watch', '--watch-expired', '--latency', expiredAfter, '--times', '1'])
  const started = Date.now()
  const child = startDash(dash, kubeconfig)
  const out = screen(child)
  await out.until((text) => text.includes(`${count} pods`))
  const listedMs = Date.now() - started
  const pid = dashPid(kubeconfig)
  if (!pid) throw new Error('the dash process was not found')
  await sleep(2000)
  const first = memoryOf(pid)
  try {
    // Resets VmHWM, so the peak below is the re-list's.
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
  } catch {
    // no reset of the peak: the samples still catch it
  }
  let sampled = 0
  const until = Date.now() + Number.parseInt(expiredAfter, 10) * 1000 + Math.max(15_000, count)
  while (Date.now() < until) {
    sampled = Math.max(sampled, memoryOf(pid).rss)
    await sleep(50)
  }
  const after = memoryOf(pid)
  const rules = JSON.parse(kubekitJson(kubekit, ['sandbox', 'fault', 'list', '-o', 'json', '--kubeconfig', kubeconfig]))
  const hits = (Array.isArray(rules) ? rules : (rules.rules ?? [])).reduce((sum, rule) => sum + (rule.hits ?? 0), 0)
  await quit(child)
  kubekitJson(kubekit, ['sandbox', 'fault', 'clear', '--kubeconfig', kubeconfig])
  process.stdout.write(`${JSON.stringify({listedMs, firstRss: first.rss, relistPeak: Math.max(after.peak, sampled), afterRss: after.rss, hits, expiredAfter: `after ${expiredAfter}`})}\n`)
}

const modes = {'--drive': drive, '--keys': keyLatency, '--rss': measureRss}
const mode = modes[process.argv[2]]
if (mode) await mode(process.argv.slice(3))
