// The sandbox at scale: how long the scale scenario (2,000 nodes, 60,000 pods, 100,000 events)
// takes to start, and a paginated `kubectl get pods -A -o name` over it, against the same list
// fetched in one piece.
import {loadavg} from 'node:os'
import {join} from 'node:path'

export const title = 'Sandbox at scale'

export default async function (bench) {
  const load = loadavg().map((n) => n.toFixed(1)).join(', ')
  const startTimes = []
  for (let i = 0; i < 3; i++) {
    const {stop, seconds} = await bench.startSandbox(['--scenario', 'scale', '--http'])
    startTimes.push(seconds)
    await stop()
  }
  startTimes.sort((a, b) => a - b)
  bench.note(
    `Start-up of \`kubekit sandbox start --scenario scale\` (2,000 nodes, 60,000 pods, 100,000 events; process start to the ready line, ` +
      `3 starts): median ${startTimes[1].toFixed(2)} s, min ${startTimes[0].toFixed(2)} s, max ${startTimes[2].toFixed(2)} s. The issue asks for under 10 s. ` +
      `Load average when the case started: ${load} (other work shares this machine).`,
  )
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
