// `npm run demo`: starts the sandbox's demo scenario on a free port with a temporary kubeconfig,
// runs the kubekit plugins through the real kubectl against it and prints their real output,
// then stops the sandbox. It exits 1 if any command failed.
import {spawn, spawnSync} from 'node:child_process'
import {closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
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

/**
 * Runs one command, printing it and its output as a terminal would show them: stdout and
 * stderr share one file, so lines appear in the order they were written. `expectFailure`: the
 * step shows a command failing on purpose (it fails the demo only if it succeeds).
 */
function show(command, args, note, {expectFailure = false} = {}) {
  process.stdout.write(`\n${bold(`$ ${[command, ...args].join(' ')}`)}${note ? `   # ${note}` : ''}\n`)
  const outputFile = join(dir, 'output')
  const fd = openSync(outputFile, 'w')
  const result = spawnSync(command, args, {env, stdio: ['ignore', fd, fd]})
  closeSync(fd)
  process.stdout.write(readFileSync(outputFile, 'utf8'))
  if (result.error) failures.push(`${command}: ${result.error.message}`)
  else if ((result.status !== 0) !== expectFailure) failures.push(`${[command, ...args].join(' ')} exited ${result.status}`)
  return result
}

/** Waits (up to `seconds`) until `kubectl get pods` in a namespace prints a line matching `pattern`. */
function waitForPods(namespace, pattern, seconds) {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    const pods = spawnSync('kubectl', ['get', 'pods', '-n', namespace, '--no-headers'], {env, encoding: 'utf8'}).stdout ?? ''
    if (pattern.test(pods)) return true
    spawnSync('sleep', ['0.5'])
  }
  return false
}

/** The name of the first pod in a namespace whose name starts with a prefix (names carry generated suffixes). */
function podNamed(namespace, prefix) {
  const result = spawnSync('kubectl', ['get', 'pods', '-n', namespace, '-o', 'name'], {env, encoding: 'utf8'})
  return result.stdout.split('\n').map((line) => line.replace('pod/', '')).find((name) => name.startsWith(prefix))
}

function section(title) {
  process.stdout.write(`\n${bold(`== ${title} ==`)}\n`)
}

if (spawnSync('kubectl', ['version', '--client'], {encoding: 'utf8'}).error) {
  process.stderr.write('error: the demo runs the plugins through kubectl, which is not on PATH; install kubectl (1.26 or newer) and run it again\n')
  process.exit(1)
}
/** The newest modification time below `path` (a file or a folder), in ms. */
function newest(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

// The demo builds dist/ when a clone was never built, or its sources changed since the build (a
// pull, an edit); otherwise it runs what is built (`npm ci && npm run demo` builds once). The
// build's own report is progress, so it goes to stderr: stdout is the walk-through.
const built = join(root, 'dist', 'index.js')
const sources = ['src', 'bin', 'package.json', join('scripts', 'build.mjs')].map((p) => join(root, p))
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {stdio: ['ignore', 2, 2]})
  if (build.status !== 0) process.exit(1)
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

  section('a failure as it happens: roll the healthy web deployment to an image tag that does not exist')
  show('kubectl', ['set', 'image', 'deployment/web', 'nginx=nginx:nosuchtag', '-n', 'shop'])
  show('kubectl', ['rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=6s'], 'the new pod cannot pull its image: the rollout stalls', {expectFailure: true})
  if (!waitForPods('shop', /ImagePullBackOff|ErrImagePull/, 20)) failures.push('the new web pod never reached ImagePullBackOff')
  show('kubectl', ['diagnose', 'deployment', 'web', '-n', 'shop'], 'why, and what to do')
  show('kubectl', ['rollout', 'undo', 'deployment/web', '-n', 'shop'])
  show('kubectl', ['rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s'])

  section('kubectl tail: every container of the matching pods, prefixed')
  show('kubectl', ['tail', 'checkout', '-n', 'shop', '--no-follow', '--tail', '5'])

  section('kubectl diagnose audit: the production practices whose absence causes the failures above')
  show('kubectl', ['diagnose', 'audit', '-n', 'shop'])

  section('kubectl capacity: the live cluster, and a plan for a new one')
  show('kubectl', ['capacity', 'show'])
  show('kubectl', [
    'capacity', 'plan', '--services', '18', '--replicas', '2', '--cpu', '2', '--memory', '4Gi', '--redundancy', '10%',
    '--node-cpu', '16', '--node-memory', '64Gi', '--reserved', 'gke', '--spare-nodes', '1',
  ])

  process.stdout.write(
    '\nThe demo has stopped its sandbox. To explore one yourself, including the interactive dashboard:\n' +
      '  bin/kubekit sandbox start --write-kubeconfig /tmp/demo.kubeconfig &   # runs until you stop it (kill %1)\n' +
      '  export KUBECONFIG=/tmp/demo.kubeconfig PATH=$PWD/bin:$PATH\n' +
      '  kubectl dash\n',
  )
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
