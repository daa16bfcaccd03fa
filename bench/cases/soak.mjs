// soak: kubectl tail -f through repeated API server outages, stream cuts and compacted watch
// history, with kubectl logs -f through the same outages beside it. The soak itself is
// bench/soak/tail-soak.ts (it drives the sandbox in process), bundled here with esbuild.
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'
import {build} from 'esbuild'

export const title = 'soak: following logs through API server outages'

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
      `| API requests per second (kubectl tail) | ${s.requestsPerSecond} (${s.requests.toLocaleString('en')} in all) | |`,
      `| RSS of kubectl tail: first / peak / last sample | ${s.tail.rssFirstMiB} / ${s.tail.rssPeakMiB} / ${s.tail.rssLastMiB} MiB | |`,
    ].join('\n'),
  )
}
