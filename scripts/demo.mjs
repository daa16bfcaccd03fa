// `npm run demo`: starts the sandbox's demo scenario on a free port with a temporary kubeconfig,
// runs the kubekit plugins through the real kubectl against it and prints their real output,
// then stops the sandbox. It exits 1 if any command failed.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'kubekit-demo-'))
const kubeconfig = join(dir, 'kubeconfig')
// XDG_CACHE_HOME inside the temp dir: kubectl ns keeps its previous-namespace state there, and the demo leaves nothing behind.
const env = {...process.env, KUBECONFIG: kubeconfig, XDG_CACHE_HOME: join(dir, 'cache'), PATH: `${join(root, 'bin')}:${process.env.PATH}`}
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

const failures = []

/** Runs one command, printing it and its output as a terminal would show them. */
function show(command, args, note) {
  process.stdout.write(`\n${bold(`$ ${[command, ...args].join(' ')}`)}${note ? `   # ${note}` : ''}\n`)
  const result = spawnSync(command, args, {env, encoding: 'utf8'})
  process.stdout.write(result.stdout)
  process.stdout.write(result.stderr)
  if (result.status !== 0) failures.push(`${[command, ...args].join(' ')} exited ${result.status}`)
  return result
}

/** The name of the first pod in a namespace whose name starts with a prefix (names carry generated suffixes). */
function podNamed(namespace, prefix) {
  const result = spawnSync('kubectl', ['get', 'pods', '-n', namespace, '-o', 'name'], {env, encoding: 'utf8'})
  return result.stdout.split('\n').map((line) => line.replace('pod/', '')).find((name) => name.startsWith(prefix))
}

function section(title) {
  process.stdout.write(`\n${bold(`== ${title} ==`)}\n`)
}

const {child, ready} = await startSandbox()
let exitCode = 0
try {
  process.stdout.write(`${ready}\n`)
  section('the demo cluster, as kubectl sees it')
  show('kubectl', ['get', 'nodes'])
  show('kubectl', ['get', 'pods', '-A'])

  section('kubectl ctx / ns: where am I, and switch the namespace (edits only that value in the kubeconfig)')
  show('kubectl', ['ctx'])
  show('kubectl', ['ns'])
  show('kubectl', ['ns', 'shop'])
  show('kubectl', ['ctx', '--prompt', 'plain'], 'the kube-ps1 style prompt segment')

  section('kubectl diagnose: the root cause, with evidence and remedy')
  show('kubectl', ['diagnose', 'namespace', 'shop'], 'everything failing in a namespace')
  const pending = podNamed('analytics', 'report-generator-')
  if (pending) show('kubectl', ['diagnose', 'pod', pending, '-n', 'analytics'], 'Pending: Insufficient cpu')
  show('kubectl', ['diagnose', 'node', 'worker-3'], 'NotReady: CNI not initialised, with the kubelet log')

  section('kubectl tail: every container of the matching pods, prefixed')
  show('kubectl', ['tail', 'checkout', '-n', 'shop', '--no-follow', '--tail', '5'])

  section('kubectl capacity: the live cluster, and a plan for a new one')
  show('kubectl', ['capacity', 'show'])
  show('kubectl', [
    'capacity', 'plan', '--services', '18', '--replicas', '2', '--cpu', '2', '--memory', '4Gi', '--redundancy', '10%',
    '--node-cpu', '16', '--node-memory', '64Gi', '--reserved', 'gke', '--spare-nodes', '1',
  ])

  process.stdout.write(`\nTry it yourself: the sandbox keeps running while you work in another terminal with\n  bin/kubekit sandbox start --scenario demo --write-kubeconfig /tmp/demo.kubeconfig\n  KUBECONFIG=/tmp/demo.kubeconfig PATH=$PWD/bin:$PATH kubectl dash\n`)
  if (failures.length) throw new Error(`${failures.length} command(s) failed: ${failures.join('; ')}`)
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
