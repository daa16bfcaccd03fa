// The sandbox at scale: how long the scale scenario (2,000 nodes, 60,000 pods, 100,000 events)
// takes to start, with the controllers on and off, a paginated `kubectl get pods -A -o name` over
// it, against the same list fetched in one piece, and how long a 3-replica Deployment takes to roll
// out (create, then an image update) on that cluster at the real pace (--time-scale 1).
import {execFile} from 'node:child_process'
import {loadavg} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

const exec = promisify(execFile)

/** Median, min and max of three start-ups of the scale scenario with these extra flags. */
async function startUps(bench, extra) {
  const times = []
  for (let i = 0; i < 3; i++) {
    const {stop, seconds} = await bench.startSandbox(['--scenario', 'scale', '--http', ...extra])
    times.push(seconds)
    await stop()
  }
  times.sort((a, b) => a - b)
  return {median: times[1], min: times[0], max: times[2]}
}

/** Seconds from a kubectl command until `kubectl rollout status` says the Deployment is out. */
async function rolloutSeconds(kubectl, change, name) {
  const started = process.hrtime.bigint()
  await kubectl(change)
  await kubectl(['rollout', 'status', `deployment/${name}`, '--timeout=300s'])
  return Number(process.hrtime.bigint() - started) / 1e9
}

export const title = 'Sandbox at scale'

export default async function (bench) {
  const load = loadavg().map((n) => n.toFixed(1)).join(', ')
  const withControllers = await startUps(bench, [])
  const without = await startUps(bench, ['--no-controllers'])
  const figures = (t) => `median ${t.median.toFixed(2)} s, min ${t.min.toFixed(2)} s, max ${t.max.toFixed(2)} s`
  bench.note(
    `Start-up of \`kubekit sandbox start --scenario scale\` (2,000 nodes, 60,000 pods, 100,000 events; process start to the ready line, ` +
      `3 starts each): controllers on ${figures(withControllers)}; \`--no-controllers\` ${figures(without)}; the controllers cost ` +
      `${(withControllers.median - without.median).toFixed(2)} s of the median. ` +
      `Load average when the case started: ${load} (other work shares this machine).`,
  )
  await rollout(bench)
  const kubeconfig = join(bench.tmp, 'kubeconfig')
  const {stop, line} = await bench.startSandbox(['--scenario', 'scale', '--http', '--write-kubeconfig', kubeconfig])
  try {
    // The server's share: every page of 500 pods fetched and parsed by Node, no kubectl.
    const url = /sandbox ready: (\S+)/.exec(line)[1]
    const pageTimes = []
    for (let round = 0; round < 3; round++) {
      const started = process.hrtime.bigint()
      let next = ''
      let pages = 0
      do {
        const page = await (await globalThis.fetch(`${url}/api/v1/pods?limit=500${next ? `&continue=${next}` : ''}`)).json()
        next = page.metadata.continue
        pages++
      } while (next)
      pageTimes.push({seconds: Number(process.hrtime.bigint() - started) / 1e9, pages})
    }
    pageTimes.sort((a, b) => a.seconds - b.seconds)
    bench.note(`Listing all 60,000 pods in ${pageTimes[1].pages} pages of 500 with Node's fetch (the server's share, no kubectl): median ${pageTimes[1].seconds.toFixed(2)} s over 3 rounds.`)
    await bench.compare(
      'kubectl get pods -A -o name over 60,000 pods',
      [
        {name: 'kubectl get pods -A -o name (pages of 500)', cmd: `kubectl --kubeconfig ${kubeconfig} get pods -A -o name`},
        {name: 'kubectl get pods -A -o name --chunk-size=5000', cmd: `kubectl --kubeconfig ${kubeconfig} get pods -A -o name --chunk-size=5000`},
      ],
      {runs: 2, warmup: 0},
    )
  } finally {
    await stop()
  }
}

/** A 3-replica rollout on the scale cluster: created, then updated to a new image. */
async function rollout(bench) {
  const kubeconfig = join(bench.tmp, 'rollout-kubeconfig')
  const {stop} = await bench.startSandbox(['--scenario', 'scale', '--http', '--time-scale', '1', '--write-kubeconfig', kubeconfig])
  try {
    const kubectl = (args) => exec('kubectl', ['--kubeconfig', kubeconfig, ...args])
    const created = await rolloutSeconds(kubectl, ['create', 'deployment', 'bench-web', '--image=nginx:1.27', '--replicas=3'], 'bench-web')
    const updated = await rolloutSeconds(kubectl, ['set', 'image', 'deployment/bench-web', 'nginx=nginx:1.28'], 'bench-web')
    bench.note(
      `A 3-replica Deployment on the scale cluster at the simulated real pace (--time-scale 1: schedule, pod sandbox, image pull ~1.5 s, start, ready): ` +
        `\`kubectl create deployment\` to \`kubectl rollout status\` done in ${created.toFixed(2)} s; an image update (\`kubectl set image\`, 25% surge/unavailable) in ${updated.toFixed(2)} s.`,
    )
  } finally {
    await stop()
  }
}
