// `npm run demo`: starts the sandbox's demo scenario on a free port with a temporary kubeconfig,
// runs real commands against it and prints their output, then stops the sandbox and exits 0.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'kubekit-demo-'))
const kubeconfig = join(dir, 'kubeconfig')
const env = {...process.env, KUBECONFIG: kubeconfig, PATH: `${join(root, 'bin')}:${process.env.PATH}`}
const bold = (text) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${text}\x1b[0m` : text)

function startSandbox() {
  const child = spawn(process.execPath, [join(root, 'bin', 'kubekit'), 'sandbox', 'start', '--scenario', 'demo', '--write-kubeconfig', kubeconfig], {stdio: ['ignore', 'pipe', 'inherit']})
  return new Promise((resolve, reject) => {
    let out = ''
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before it was ready`)))
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d
      if (out.includes('\n')) {
        child.removeAllListeners('exit')
        resolve({child, ready: out.trim()})
      }
    })
  })
}

/** Runs one command, printing it and its output as a terminal would show them. */
function show(command, args, note) {
  process.stdout.write(`\n${bold(`$ ${[command, ...args].join(' ')}`)}${note ? `   # ${note}` : ''}\n`)
  const result = spawnSync(command, args, {env, encoding: 'utf8'})
  process.stdout.write(result.stdout)
  process.stdout.write(result.stderr)
  return result
}

function failingPods() {
  const result = spawnSync('kubectl', ['get', 'pods', '-A', '-o', 'json'], {env, encoding: 'utf8'})
  const pods = JSON.parse(result.stdout).items
  return pods.filter((pod) => {
    const statuses = pod.status.containerStatuses ?? []
    return pod.status.phase === 'Pending' || statuses.some((s) => !s.ready || s.restartCount > 0)
  })
}

const {child, ready} = await startSandbox()
let exitCode = 0
try {
  process.stdout.write(`${ready}\n`)
  show('kubectl', ['get', 'nodes'])
  show('kubectl', ['get', 'pods', '-A'])
  const failing = failingPods()
  for (const pod of failing) show('kubectl', ['describe', 'pod', '-n', pod.metadata.namespace, pod.metadata.name])
  for (const pod of failing.filter((p) => (p.status.containerStatuses ?? []).some((s) => s.lastState?.terminated))) {
    show('kubectl', ['logs', '-n', pod.metadata.namespace, pod.metadata.name, '--previous'], 'the run that crashed')
  }
  show('kubectl', ['get', 'events', '-A', '--sort-by=.lastTimestamp'])
} catch (error) {
  process.stderr.write(`error: ${error.message}\n`)
  exitCode = 1
} finally {
  await new Promise((resolve) => {
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })
  rmSync(dir, {recursive: true, force: true})
}
process.exit(exitCode)
