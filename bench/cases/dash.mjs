// kubectl dash: from start to the whole pod list on screen (then `q`), against `kubectl get pods -A`,
// on a sandbox with 5,000 pods in 20 namespaces (one in ten crash-looping). The dash runs in a
// pseudo-terminal (util-linux `script`, 120x40) driven by this file itself: it waits for the
// header to say "5000 pods", sends q, and ends when the dash has exited.
import {spawn} from 'node:child_process'
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const title = 'dash: start to a full pod list on screen'

const pods = 5000

function scenario(count) {
  const now = Date.now()
  const objects = []
  for (let i = 0; i < count; i++) {
    const failing = i % 10 === 0
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: `app-${i}`, namespace: `team-${i % 20}`, uid: `uid-${i}`, creationTimestamp: new Date(now - (i % 500) * 60_000).toISOString()},
      spec: {nodeName: `node-${i % 50}`, containers: [{name: 'app', image: 'nginx:1.27'}]},
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

export default async function (bench) {
  const file = join(bench.tmp, 'pods.json')
  const kubeconfig = join(bench.tmp, 'kubeconfig')
  writeFileSync(file, JSON.stringify(scenario(pods)))
  const sandbox = await bench.startSandbox(['--scenario', 'empty', '--file', file, '--write-kubeconfig', kubeconfig])
  try {
    const self = fileURLToPath(import.meta.url)
    await bench.compare(
      `${pods.toLocaleString('en')} pods in 20 namespaces (HTTPS, pages of 500)`,
      [
        {name: 'kubectl dash -A (to the full list, then q)', cmd: `${process.execPath} ${self} --drive ${bench.bin('kubectl-dash')} ${kubeconfig} ${pods}`},
        {name: 'kubectl get pods -A', cmd: `kubectl --kubeconfig ${kubeconfig} get pods -A > /dev/null`},
        {name: 'kubectl get pods -A -o json', cmd: `kubectl --kubeconfig ${kubeconfig} get pods -A -o json > /dev/null`},
      ],
      {runs: 10, warmup: 2},
    )
    bench.note(
      "The dash's row includes a driver (a Node process, ~60 ms) and the pseudo-terminal, and about 0.9 s of start-up before the first frame (oclif, ink + react, client-node). All rows list every pod through the API in pages of 500. `kubectl get pods -A` asks the server for a ready-made table (a few columns per pod); the dash, like `-o json`, reads whole pods, because it computes READY/STATUS/RESTARTS itself and keeps them live from the watch. While it runs, watch events redraw at most every 150 ms and only the rows on screen are rendered.",
    )
  } finally {
    await sandbox.stop()
  }
}

/** Driver mode: run the dash in a pseudo-terminal until it shows every pod, then press q. */
async function drive([dash, kubeconfig, count]) {
  const child = spawn('script', ['-qfec', `stty rows 40 cols 120; ${dash} --kubeconfig ${kubeconfig} -A`, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {...process.env, TERM: 'xterm-256color'},
  })
  const wanted = `${count} pods`
  let out = ''
  let sent = false
  child.stdout.setEncoding('utf8').on('data', (data) => {
    // A frame can arrive in one chunk of many kilobytes: look at all of it, keep only a tail.
    const seen = out + data
    out = seen.slice(-4000)
    if (!sent && seen.includes(wanted)) {
      sent = true
      child.stdin.write('q')
    }
  })
  const code = await new Promise((resolve) => child.on('exit', resolve))
  if (!sent || code !== 0) {
    process.stderr.write(`the dash ${sent ? `exited with ${code}` : `never showed "${wanted}"`}; its last output:\n${out}\n`)
    process.exit(1)
  }
}

/** The resident memory of a process (kB): now, and its peak since start or the last reset. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0)
  return {rss: kb('VmRSS'), peak: kb('VmHWM')}
}

/** The node process of the dash under `script` (its command line names the kubeconfig). */
function dashPid(kubeconfig) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      if (argv.some((arg) => arg.endsWith('kubectl-dash')) && argv.includes(kubeconfig) && !argv.some((arg) => arg.includes('stty'))) return Number(entry)
    } catch {
      // gone meanwhile
    }
  }
  return undefined
}

const mb = (kb) => `${Math.round(kb / 1024)} MB`

/**
 * RSS mode (run by hand, not by the bench): the dash against the scale scenario (60,000 pods,
 * static), its RSS once the first list is on screen, and its peak while re-listing. The sandbox
 * is told beforehand to answer the first pod watch, 25 s later, with 410 Expired, which makes the
 * dash list every pod again. Usage: node bench/cases/dash.mjs --rss <kubekit> <kubectl-dash> <dir>
 */
async function measureRss([kubekit, dash, dir]) {
  const kubeconfig = join(dir, 'scale.kubeconfig')
  const sandbox = spawn(kubekit, ['sandbox', 'start', '--scenario', 'scale', '--no-controllers', '--write-kubeconfig', kubeconfig], {stdio: ['ignore', 'pipe', 'inherit']})
  await new Promise((resolve) => sandbox.stdout.setEncoding('utf8').on('data', (d) => d.includes('sandbox ready') && resolve()))
  const fault = spawn(kubekit, ['sandbox', 'fault', 'add', '--kubeconfig', kubeconfig, '--resource', 'pods', '--verb', 'watch', '--watch-expired', '--latency', '25s', '--times', '1'], {stdio: 'inherit'})
  await new Promise((resolve) => fault.on('exit', resolve))
  const started = Date.now()
  const child = spawn('script', ['-qfec', `stty rows 40 cols 120; ${dash} --kubeconfig ${kubeconfig} -A`, '/dev/null'], {stdio: ['pipe', 'pipe', 'inherit'], env: {...process.env, TERM: 'xterm-256color'}})
  let out = ''
  let listed = false
  child.stdout.setEncoding('utf8').on('data', (data) => {
    const seen = out + data
    out = seen.slice(-4000)
    if (/60000 pods/.test(seen)) listed = true
  })
  while (!listed) await new Promise((resolve) => setTimeout(resolve, 100))
  const listedAt = Date.now()
  const pid = dashPid(kubeconfig)
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const first = memoryOf(pid)
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
  } catch {
    // no reset of the peak: the samples below still catch it
  }
  let sampled = 0
  while (Date.now() - listedAt < 60_000) {
    sampled = Math.max(sampled, memoryOf(pid).rss)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const after = memoryOf(pid)
  // The 410 was served (so the dash did list again): the rule's hit count.
  const listing = spawn(kubekit, ['sandbox', 'fault', 'list', '-o', 'json', '--kubeconfig', kubeconfig], {stdio: ['ignore', 'pipe', 'inherit']})
  let rules = ''
  listing.stdout.setEncoding('utf8').on('data', (d) => (rules += d))
  await new Promise((resolve) => listing.on('exit', resolve))
  process.stdout.write(`fault rules after the run: ${rules.replace(/\s+/g, ' ').trim()}\n`)
  process.stdout.write(
    `first list on screen after ${((listedAt - started) / 1000).toFixed(1)} s: RSS ${mb(first.rss)} (peak so far ${mb(first.peak)})\n` +
      `re-list: peak RSS ${mb(Math.max(after.peak, sampled))} (sampled max ${mb(sampled)}); RSS after ${mb(after.rss)}\n`,
  )
  child.stdin.write('q')
  await new Promise((resolve) => child.on('exit', resolve))
  sandbox.kill('SIGTERM')
  await new Promise((resolve) => sandbox.on('exit', resolve))
}

if (process.argv[2] === '--drive') await drive(process.argv.slice(3))
if (process.argv[2] === '--rss') await measureRss(process.argv.slice(3))
