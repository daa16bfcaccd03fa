// soak: kubectl tail -f and kubectl dash -A through repeated API server outages, stream cuts and
// compacted watch history, with kubectl logs -f through the same outages beside the tail; pods
// come and go (also while the server is down) and the dash's screen (tmux) is checked against the
// sandbox after each recovery. The soak itself is bench/soak/tail-soak.ts (it drives the sandbox
// in process), bundled here with esbuild.
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'
import {build} from 'esbuild'

export const title = 'soak: following logs and the dash through API server outages'

export default async function (bench) {
  const seconds = Number(process.env.SOAK_SECONDS ?? 180)
  // Inside the repository, so the bundle's imports resolve from its node_modules.
  const bundle = join(bench.root, 'node_modules', '.cache', 'kubekit-soak', 'tail-soak.mjs')
  await build({
    entryPoints: [join(bench.root, 'bench', 'soak', 'tail-soak.ts')],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  })
  process.stderr.write(`bench soak: ${seconds} s of outages\n`)
  const output = execFileSync(process.execPath, [bundle], {
    cwd: bench.root,
    env: {...process.env, SOAK_SECONDS: String(seconds), KUBEKIT_ROOT: bench.root},
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const s = JSON.parse(output.trim().split('\n').at(-1))
  bench.note(
    `${s.containers} containers (20 pods × 2) each logging ${(s.expected / s.containers).toLocaleString('en')} numbered lines at 40 lines/s, ` +
      `streams cut by the server every 997 lines; the sandbox API server went away ${s.outages} times (${s.downSeconds} s down in all, 2–9 s each; ` +
      'every third came back with its watch history compacted, so resourceVersions from before were gone). ' +
      `kubectl tail -f -o raw and kubectl logs -f -l app=soak --all-containers --prefix ran through the same ${s.seconds} s. ` +
      'Lost = numbers never printed, repeated = numbers printed twice, counted per container.',
  )
  const logs = s.kubectlLogs
  bench.note(
    [
      '| | kubectl tail -f | kubectl logs -f |',
      '|---|---:|---:|',
      `| lines expected | ${s.expected.toLocaleString('en')} | ${s.expected.toLocaleString('en')} |`,
      `| lines printed | ${s.tail.delivered.toLocaleString('en')} | ${logs.delivered.toLocaleString('en')} |`,
      `| lost | ${s.tail.lost.toLocaleString('en')} | ${(s.expected - logs.delivered + logs.repeated).toLocaleString('en')} |`,
      `| repeated | ${s.tail.repeated.toLocaleString('en')} | ${logs.repeated.toLocaleString('en')} |`,
      `| still following at the end | yes | ${logs.exitedAfterSeconds === null ? 'yes' : `no: exited after ${logs.exitedAfterSeconds.toFixed(0)} s`} |`,
      `| API requests per second (kubectl tail) | ${s.requestsPerSecond} (${s.requests.toLocaleString('en')} in all: ${s.tail.requestsByKind.logs.toLocaleString('en')} log streams opened, ${s.tail.requestsByKind.watches} pod watches, ${s.tail.requestsByKind.other} other) | |`,
      `| most API requests in one second (kubectl tail; its ${s.containers} streams reopen together after an outage or a cut) | ${s.tail.peakRequestsPerSecond} | |`,
      `| RSS of kubectl tail: first / peak / last sample | ${s.tail.rssFirstMiB} / ${s.tail.rssPeakMiB} / ${s.tail.rssLastMiB} MiB | |`,
    ].join('\n'),
  )
  dashNotes(bench, s)
}

const secs = (ms) => (ms === null || !Number.isFinite(ms) ? 'never' : `${(ms / 1000).toFixed(1)} s`)

/** The dash's part of the soak: its header during each outage and its rows after each recovery. */
function dashNotes(bench, s) {
  const d = s.dash
  const n = d.outages.length
  bench.note(
    `kubectl dash -A ran through the same outages in tmux (200×60, NO_COLOR), signed in as its own user so its requests are counted apart, ${d.seconds} s in all ` +
      '(after the tail had printed every line, one more test: the server restarted and then ended every pod watch of the dash at once for 10 s). ' +
      `Besides the ${d.pods.soak} pods above, namespace churn held ${d.pods.churn} pods: in each outage, while the server was down, 2 were deleted, 2 created and one's readiness flipped ` +
      `(so the server came back without pods the dash showed and with pods it had never seen); after each recovery 1 more was deleted and 1 created with the server up ` +
      `(${d.pods.created} created, ${d.pods.deleted} deleted, ${d.pods.readinessChanged} readiness changes in all). ` +
      `During each outage the header was read every 200 ms; after each recovery the screen was read every 200 ms for up to ${d.settleSeconds} s until its pod rows ` +
      '(namespace/name, READY, the failing mark) and the header\'s pod count were the sandbox\'s pods and the header said live; stale = rows of pods the sandbox no longer had, ' +
      'missing = pods without a row, wrong = a row with another READY or failing mark, each counted at the end of the settle time. ' +
      'Requests the dash tried while the server was down were refused at TCP and are not in the count.',
  )
  const rows = d.outages.map((o) => o.recovery).filter(Boolean)
  const wrongNames = rows.flatMap((r) => [...r.comparison.stale, ...r.comparison.missing, ...r.comparison.wrongState])
  bench.note(
    [
      '| | kubectl dash -A |',
      '|---|---:|',
      `| first screen with every pod | ${secs(d.firstScreenMs)} |`,
      `| outages whose header said "reconnecting" | ${d.reconnectingShown} of ${n}, at most ${secs(d.reconnectingAfterMsMax)} after the server went away |`,
      `| outages whose header said "showing state from …" / "live" again while down / "stopped" | ${d.outages.filter((o) => o.staleNote).length} / ${d.outages.filter((o) => o.liveWhileDown).length} / ${d.outages.filter((o) => o.stopped).length} |`,
      `| recoveries whose rows matched the sandbox within ${d.settleSeconds} s | ${d.recoveriesSettled} of ${d.recoveries}, the slowest after ${secs(d.settledAfterMsMax)} |`,
      `| stale / missing / wrong rows at the checks | ${d.stale} / ${d.missing} / ${d.wrongState}${wrongNames.length ? ` (${wrongNames.slice(0, 6).join(', ')})` : ''} |`,
      `| changes made with the server up, shown within the settle time | ${d.whileUp.filter((r) => r.afterMs !== null).length} of ${d.whileUp.length}, the slowest after ${secs(Math.max(0, ...d.whileUp.map((r) => r.afterMs ?? Infinity)))} |`,
      `| longest time after a recovery that the header said live while the rows were not yet current | ${secs(d.liveButWrongMsMax)} |`,
      `| after a restart, every pod watch ended by the server right after its headers, for ${d.closedWatches.seconds.toFixed(0)} s (pods changed meanwhile) | ${d.closedWatches.requests} requests (${d.closedWatches.requestsPerSecond} a second); header said reconnecting: ${d.closedWatches.reconnectingShown ? 'yes' : 'no'}; rows matched ${secs(d.closedWatches.recovery.afterMs)} after the watches worked again |`,
      `| API requests per second | ${d.requestsPerSecond} (${d.requests.toLocaleString('en')} in all; at most ${d.peakRequestsPerSecond} in one second) |`,
      `| RSS of kubectl dash: first / peak / last sample | ${d.rssFirstMiB} / ${d.rssPeakMiB} / ${d.rssLastMiB} MiB |`,
      `| still running at the end | ${d.runningAtEnd ? 'yes' : 'no'} |`,
    ].join('\n'),
  )
  bench.note(
    [
      '| outage | down | history | "reconnecting" after | rows matched after | stale | missing | wrong |',
      '|---:|---:|---|---:|---:|---:|---:|---:|',
      ...d.outages.map((o, i) => {
        const r = o.recovery
        return `| ${i + 1} | ${o.downSeconds.toFixed(1)} s | ${o.compacted ? 'compacted' : 'kept'} | ${secs(o.reconnectingAfterMs)} | ${r ? secs(r.afterMs) : '–'} | ${r ? r.comparison.stale.length : '–'} | ${r ? r.comparison.missing.length : '–'} | ${r ? r.comparison.wrongState.length : '–'} |`
      }),
    ].join('\n'),
  )
}
