/**
 * End to end in a real terminal: bin/kubectl-dash in tmux (120x40) against the sandbox's demo
 * cluster, keys sent one at a time, asserting on what the screen shows.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dashBin = join(root, 'bin', 'kubectl-dash')
const haveTmux = spawnSync('tmux', ['-V']).status === 0
const socket = `kubekit-dash-test-${process.pid}`

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'})
}

function screen(session: string, colours = false): string {
  return tmux('capture-pane', '-p', ...(colours ? ['-e'] : []), '-t', session)
}

/** Polls the screen until `wanted` holds; fails with the last screen. */
async function screenWhere(session: string, wanted: (text: string) => boolean, what: string, limitMs = 15_000, colours = false): Promise<string> {
  const deadline = Date.now() + limitMs
  for (;;) {
    const text = screen(session, colours)
    if (wanted(text)) return text
    if (Date.now() > deadline) throw new Error(`never saw ${what}; the screen was:\n${text}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const showing = (session: string, text: string, limitMs?: number) => screenWhere(session, (s) => s.includes(text), JSON.stringify(text), limitMs)

/**
 * One key, then wait until the screen changed (so an Escape is never read together with the
 * next key, and the next key acts on what this one showed). Every key pressed here changes the
 * screen: one that does not is a failure, not a pause.
 */
async function press(session: string, key: string): Promise<void> {
  const before = screen(session)
  tmux('send-keys', '-t', session, key)
  await screenWhere(session, (s) => s !== before, `the screen to change after ${key}`)
}

function startSession(session: string, command: string, env: Record<string, string> = {}, size = {columns: 120, rows: 40}): void {
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${v}; `).join('')
  tmux('new-session', '-d', '-s', session, '-x', String(size.columns), '-y', String(size.rows), `bash --norc --noprofile -c '${exports}${command}; sleep 600'`)
}

/** Several keys in one write, as a fast typist or a key repeat delivers them. */
function burst(session: string, ...keyNames: string[]): void {
  tmux('send-keys', '-t', session, ...keyNames)
}

const lineWith = (text: string, part: string) => text.split('\n').find((line) => line.includes(part))

let sandbox: Sandbox
let dir: string

describe.skipIf(!haveTmux)('kubectl dash in tmux', () => {
  beforeAll(async () => {
    if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first')
    dir = await mkdtemp(join(tmpdir(), 'dash-e2e-'))
    sandbox = await startSandbox({scenario: 'demo', kubeconfigPath: join(dir, 'kubeconfig')})
  })

  afterAll(async () => {
    try {
      tmux('kill-server')
    } catch {
      // no server left
    }
    await sandbox?.stop()
    if (dir) await rm(dir, {recursive: true, force: true})
  })

  it('lists pods, diagnoses the failing one, follows its logs, and q exits 0 restoring the screen', async () => {
    const s = 'main'
    startSession(s, `echo before-the-dash; ${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A; echo dash-exit=$?`, {TERM: 'xterm-256color'})
    const list = await showing(s, '25 pods, 6 failing')
    expect(list).not.toContain('before-the-dash') // the alternate screen
    expect(list).toMatch(/! shop\s+checkout-\S+\s+0\/1\s+CrashLoopBackOff/)
    expect(list).toMatch(/ {2}shop\s+web-\S+\s+1\/1\s+Running/)
    expect(list.split('\n')[0]).toContain('kubekit dash  context kubekit-sandbox  namespace all namespaces')

    for (const key of ['/', 'c', 'h', 'e', 'c', 'k', 'Enter']) await press(s, key)
    await screenWhere(s, (text) => text.includes('filter "check"') && !text.includes('web-'), 'the filtered list')
    await press(s, 'Enter')
    const diagnosis = await showing(s, 'ROOT CAUSE')
    expect(diagnosis).toMatch(/ROOT CAUSE\s+CrashLoopBackOff \(CRITICAL, pod\/checkout-/)
    expect(diagnosis).toContain('connection refused')

    await press(s, 'l')
    const logs = await showing(s, 'checkout panic: failed to connect to database')
    expect(logs).toMatch(/Logs shop\/checkout-\S+\s+following/)
    expect(logs).toContain('loading config from /etc/checkout/config.yaml')

    await press(s, 'Escape')
    await showing(s, '[Diagnosis]')
    await press(s, 'Escape')
    await showing(s, '[Pods]')
    await press(s, 'q')
    const after = await showing(s, 'dash-exit=')
    expect(after).toContain('dash-exit=0')
    expect(after).toContain('before-the-dash')
    expect(after).not.toContain('kubekit dash')
  })

  it('switches namespace and shows capacity from the keyboard (also with CI=true in the environment)', async () => {
    const s = 'keys'
    // With CI set, ink would draw only the last frame; the dash is interactive regardless.
    startSession(s, `${dashBin} --kubeconfig ${sandbox.kubeconfigPath}; echo dash-exit=$?`, {TERM: 'xterm-256color', CI: 'true'})
    await showing(s, 'namespace default')
    await press(s, 'n')
    await showing(s, 'monitoring')
    for (const key of ['s', 'h', 'o', 'p', 'Enter']) await press(s, key)
    const shop = await screenWhere(s, (text) => text.includes('namespace shop') && text.includes('6 pods, 2 failing'), 'the shop namespace')
    expect(shop).toMatch(/cart-\S+\s+0\/1\s+Running/)
    await press(s, 'C')
    const capacity = await showing(s, 'CPU REQUESTS')
    expect(capacity).toMatch(/NODE\s+CPU REQUESTS\s+CPU LIMITS/)
    expect(capacity).toMatch(/^worker-3\s+/m)
    await press(s, 'C-c')
    expect(await showing(s, 'dash-exit=')).toContain('dash-exit=0')
  })

  it('colours failing pods red on a terminal, and not with NO_COLOR', async () => {
    startSession('colour', `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A`, {TERM: 'xterm-256color'})
    startSession('plain', `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A`, {TERM: 'xterm-256color', NO_COLOR: '1'})
    const coloured = await screenWhere('colour', (text) => text.includes('CrashLoopBackOff'), 'the pods', 15_000, true)
    const plain = await screenWhere('plain', (text) => text.includes('CrashLoopBackOff'), 'the pods', 15_000, true)
    // tmux writes an attribute where it changes (often at the end of the line before), so look at the whole screen.
    // eslint-disable-next-line no-control-regex
    expect(coloured).toMatch(/\u001B\[(?:[0-9;]*;)?31m/)
    // eslint-disable-next-line no-control-regex
    expect(plain).not.toMatch(/\u001B\[(?:[0-9;]*;)?3[0-7]m/)
    tmux('send-keys', '-t', 'colour', 'q')
    tmux('send-keys', '-t', 'plain', 'q')
  })

  it('says reconnecting while the API server is down (rows kept, ages frozen) and live once it is back, in words (NO_COLOR)', async () => {
    // Its own sandbox: this one goes down and comes back.
    const flaky = await startSandbox({scenario: 'demo', kubeconfigPath: join(dir, 'kubeconfig-flaky')})
    try {
      const s = 'outage'
      startSession(s, `${dashBin} --kubeconfig ${flaky.kubeconfigPath} -A`, {TERM: 'xterm-256color', NO_COLOR: '1'})
      const live = await screenWhere(s, (text) => text.includes('25 pods') && text.includes('● live'), 'the pods, live')
      expect(live.split('\n')[0]).toMatch(/kubekit dash {2}context kubekit-sandbox .*● live\s*$/)
      await flaky.down()
      const down = await showing(s, '◌ reconnecting')
      expect(down.split('\n')[0]).toMatch(/◌ reconnecting \d+s: API server unreachable \(next try in \d+s\)|◌ reconnecting \d+s: API server unreachable \(trying now\)/)
      await showing(s, 'showing state from')
      expect(screen(s)).toMatch(/shop\s+web-\S+\s+1\/1\s+Running/)
      await flaky.up({compactHistory: true})
      const back = await screenWhere(s, (text) => text.split('\n')[0]!.includes('● live'), 'live again', 60_000)
      expect(back).not.toContain('showing state from')
      tmux('send-keys', '-t', s, 'q')
    } finally {
      await flaky.stop()
    }
  })

  it('NO_COLOR: the selected row is marked > and the marker moves with j (no colour at all on screen)', async () => {
    const s = 'nocolour'
    startSession(s, `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A`, {TERM: 'xterm-256color', NO_COLOR: '1'})
    const first = await screenWhere(s, (text) => /^>/m.test(text) && text.includes('25 pods'), 'a row marked >')
    const marked = () => first.split('\n').filter((line) => line.startsWith('>'))
    expect(marked()).toHaveLength(1)
    expect(marked()[0]).toMatch(/^>! analytics\s+report-generator-/)
    await press(s, 'j')
    const moved = await screenWhere(s, (text) => /^> {2}ingress-nginx\s+ingress-nginx-controller-/m.test(text), 'the marker on the second row')
    expect(moved.split('\n').filter((line) => line.startsWith('>'))).toHaveLength(1)
    // eslint-disable-next-line no-control-regex
    expect(screen(s, true)).not.toMatch(/\u001B\[(?:[0-9;]*;)?3[0-7]m/)
    tmux('send-keys', '-t', s, 'q')
  })

  it('TERM=dumb and --no-color: the marker carries the selection too', async () => {
    startSession('dumb', `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A`, {TERM: 'dumb'})
    startSession('nocolorflag', `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A --no-color`, {TERM: 'xterm-256color'})
    for (const s of ['dumb', 'nocolorflag']) {
      const text = await screenWhere(s, (t) => /^>! analytics/m.test(t), `${s}: a row marked >`)
      expect(text.split('\n').filter((line) => line.startsWith('>'))).toHaveLength(1)
      tmux('send-keys', '-t', s, 'q')
    }
  })

  it('80×24: every column on screen, STATUS whole, names cut in the middle keeping the suffix, header and footer fit', async () => {
    const s = 'small'
    startSession(s, `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A`, {TERM: 'xterm-256color'}, {columns: 80, rows: 24})
    const text = await showing(s, '25 pods, 6 failing')
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/kubekit-sandbox {2}all namespaces {2}25 pods, 6 failing {2}\[Pods\] +● live\s*$/)
    expect(lines[1]).toMatch(/NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+NODE/)
    // Two coredns pods stay two different rows: the unique suffix is kept.
    const coredns = lines.filter((line) => line.includes('coredns-')).map((line) => line.split(/\s+/)[2])
    expect(coredns).toHaveLength(2)
    expect(new Set(coredns).size).toBe(2)
    expect(text).toMatch(/<\?> help/)
    // The shop namespace is past the first screen of rows: G goes to the last row.
    await press(s, 'G')
    const end = await screenWhere(s, (t) => lineWith(t, 'checkout-') !== undefined, 'the checkout row at the end of the list')
    expect(lineWith(end, 'checkout-')).toMatch(/shop\s+checkout-\S*\s+0\/1\s+CrashLoopBackOff\s+8\s+\S+\s+worker-\d/)
    await press(s, 'q')
  })

  it('200×60: full names, RESTARTS with the last restart, and the long header', async () => {
    const s = 'large'
    startSession(s, `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A`, {TERM: 'xterm-256color'}, {columns: 200, rows: 60})
    await showing(s, '25 pods, 6 failing')
    // The header can be painted a frame before the rows: wait for the row itself.
    const text = await screenWhere(s, (t) => lineWith(t, 'checkout-') !== undefined, 'the checkout row')
    expect(text.split('\n')[0]).toContain('kubekit dash  context kubekit-sandbox  namespace all namespaces')
    expect(lineWith(text, 'checkout-')).toMatch(/shop\s+checkout-[a-z0-9]+-[a-z0-9]+\s+0\/1\s+CrashLoopBackOff\s+8 \(\S+ ago\)\s+\S+\s+worker-\d/)
    expect(text).toContain('<C> capacity')
    await press(s, 'q')
  })

  it('fast backspace deletes (never inserts), and wide characters take two columns in the filter', async () => {
    const s = 'typing'
    startSession(s, `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A`, {TERM: 'xterm-256color', NO_COLOR: '1'})
    await showing(s, '25 pods')
    await press(s, '/')
    burst(s, '-l', 'checkoutxyz')
    await showing(s, 'filter "checkoutxyz"')
    burst(s, 'BSpace', 'BSpace', 'BSpace')
    const text = await screenWhere(s, (t) => t.includes('filter "checkout"'), 'the filter after three fast backspaces')
    expect(lineWith(text, 'checkout-')).toBeDefined()
    burst(s, 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace')
    await screenWhere(s, (t) => !t.includes('filter "') && t.includes('web-'), 'the filter emptied')
    burst(s, '-l', '日本語')
    const wide = await showing(s, 'filter "日本語"')
    expect(wide).toMatch(/\/日本語 {2}enter keep, esc clear|\/日本語\s+enter keep/)
    burst(s, 'BSpace')
    await showing(s, 'filter "日本"')
    await press(s, 'Escape')
    await screenWhere(s, (t) => !t.includes('filter "'), 'the filter cleared')
    tmux('send-keys', '-t', s, 'q')
  })

  it('an external SIGINT ends the dash and restores the screen (exit 130)', async () => {
    const s = 'sigint'
    const pidFile = join(dir, 'dash.pid')
    const script = join(dir, 'run-dash.sh')
    await writeFile(script, `echo $$ > ${pidFile}\nexec ${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A\n`)
    startSession(s, `echo before-the-dash; bash ${script}; echo dash-exit=$?`, {TERM: 'xterm-256color'})
    await showing(s, '25 pods')
    const pid = Number((await readFile(pidFile, 'utf8')).trim())
    process.kill(pid, 'SIGINT')
    const after = await showing(s, 'dash-exit=')
    expect(after).toContain('dash-exit=130')
    expect(after).toContain('before-the-dash')
    expect(after).not.toContain('kubekit dash')
  })

  it(':nodes lists the nodes, enter diagnoses one, y shows its YAML; :xyz says which kinds exist', async () => {
    const s = 'command'
    startSession(s, `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A`, {TERM: 'xterm-256color', NO_COLOR: '1'})
    await showing(s, '25 pods')
    await press(s, ':')
    burst(s, '-l', 'no')
    await showing(s, ':no')
    await press(s, 'Enter')
    const nodes = await screenWhere(s, (t) => /^> {2}cp-1\s+Ready/m.test(t), 'the node list')
    expect(nodes).toMatch(/NAME\s+STATUS\s+VERSION\s+AGE/)
    expect(nodes).toMatch(/worker-3\s+/)
    await press(s, 'Enter')
    await showing(s, 'Diagnosis nodes cp-1')
    await press(s, 'y')
    await showing(s, 'kind: Node')
    await press(s, 'Escape')
    await showing(s, '[Diagnosis]')
    await press(s, 'Escape')
    await showing(s, '[Objects]')
    await press(s, ':')
    burst(s, '-l', 'xyz')
    await press(s, 'Enter')
    await showing(s, 'no kind "xyz"')
    tmux('send-keys', '-t', s, 'q')
  })

  /** A dash on the demo cluster (all namespaces, NO_COLOR), with the state dir in the test's directory. */
  async function dashSession(s: string): Promise<void> {
    startSession(s, `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} -A`, {TERM: 'xterm-256color', NO_COLOR: '1', XDG_STATE_HOME: join(dir, `state-${s}`)})
    await showing(s, '25 pods')
  }

  /** The pod list filtered to one pod, selected. */
  async function selectPod(s: string, name: string): Promise<void> {
    await press(s, '/')
    burst(s, '-l', name)
    await press(s, 'Enter')
    await screenWhere(s, (t) => new RegExp(`^>.*${name}`, 'm').test(t), `${name} selected`)
  }

  /** The logs view of the ledger worker (it has a previous run). */
  async function ledgerLogs(s: string): Promise<void> {
    await dashSession(s)
    await selectPod(s, 'ledger-worker')
    await press(s, 'l')
    await showing(s, 'offset=1882211')
  }

  it(':no then p: the pods on the selected node, esc shows every pod', async () => {
    const s = 'nodepods'
    await dashSession(s)
    await press(s, ':')
    burst(s, '-l', 'no')
    await press(s, 'Enter')
    // Requests come with the list, usage a moment later (metrics.k8s.io): wait for both, so the
    // key below is not pressed while the rows are being replaced.
    const nodes = await screenWhere(s, (t) => /cp-1\s+Ready\s+\S+\s+\S+\s+\d+%\s+\d+%\s+\d+%\s+\d+%/.test(t), 'node rows with requests and usage')
    expect(nodes).toMatch(/CPU REQ\s+MEM REQ\s+CPU USE\s+MEM USE\s+PODS/)
    await press(s, 'j')
    await screenWhere(s, (t) => /^> .*worker-1/m.test(t), 'worker-1 selected')
    await press(s, 'p')
    const pods = await showing(s, 'node worker-1')
    const rows = pods.split('\n').filter((line) => /^[ >][ !] \S+\s+\S+\s+\d+\/\d+/.test(line))
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row).toMatch(/worker-1\s*$/)
    await press(s, 'Escape')
    await screenWhere(s, (t) => !t.includes('node worker-1') && /worker-2\s*$/m.test(t), 'every pod again')
    tmux('send-keys', '-t', s, 'q')
  })

  it('x: the xray tree of the selected pod', async () => {
    const s = 'xray'
    await dashSession(s)
    await selectPod(s, 'checkout')
    await press(s, 'x')
    const tree = await showing(s, 'Node/worker-')
    expect(tree).toMatch(/Xray shop\/checkout-\S+/)
    expect(tree).toMatch(/^Pod\/checkout-\S+ {2}CrashLoopBackOff/m)
    tmux('send-keys', '-t', s, 'q')
  })

  it('t: the live trace of the selected pod, a change shown as a diff', async () => {
    const s = 'trace'
    await dashSession(s)
    await selectPod(s, 'postgres-0')
    await press(s, 't')
    await showing(s, 'watching Pod postgres-0')
    const stored = sandbox.store.get('pods', 'payments', 'postgres-0')!.object
    sandbox.store.update({...stored, metadata: {...stored.metadata, labels: {...stored.metadata!.labels, tmux: 'traced'}}} as typeof stored)
    await showing(s, '+ metadata.labels.tmux: "traced"')
    tmux('send-keys', '-t', s, 'q')
  })

  it('logs t: timestamps on each line', async () => {
    const s = 'logs-t'
    await ledgerLogs(s)
    await press(s, 't')
    await screenWhere(s, (t) => t.includes('[timestamps]') && /^\d{4}-\d\d-\d\dT\S+ worker level=info/m.test(t), 'timestamped lines')
    tmux('send-keys', '-t', s, 'q')
  })

  it('logs s: since cycles 5m, 1h, 48h', async () => {
    const s = 'logs-s'
    await ledgerLogs(s)
    await press(s, 's')
    await showing(s, '[since 5m]')
    await press(s, 's')
    await showing(s, '[since 1h]')
    await press(s, 's')
    await screenWhere(s, (t) => !t.includes('[since') && t.includes('offset=1882211'), 'back to 48h')
    tmux('send-keys', '-t', s, 'q')
  })

  it('logs /: only lines matching a regex', async () => {
    const s = 'logs-grep'
    await ledgerLogs(s)
    await press(s, '/')
    burst(s, '-l', 'consum(ing)?')
    await press(s, 'Enter')
    const text = await screenWhere(s, (t) => t.includes('[matching /consum(ing)?/]') && t.includes('offset=1882211'), 'the matching lines')
    expect(text).not.toContain('5.1.0 starting')
    tmux('send-keys', '-t', s, 'q')
  })

  it('logs o: the container picker', async () => {
    const s = 'logs-o'
    await ledgerLogs(s)
    await press(s, 'o')
    await screenWhere(s, (t) => t.includes('Show the logs of') && t.includes('(all containers)') && /^ {2}worker/m.test(t), 'the containers')
    await press(s, 'Down')
    await press(s, 'Enter')
    await showing(s, '[container worker]')
    tmux('send-keys', '-t', s, 'q')
  })

  it('logs p: the previous run', async () => {
    const s = 'logs-p'
    await ledgerLogs(s)
    await press(s, 'p')
    const text = await showing(s, 'heap above 90% of limit')
    expect(text).toContain('[previous run]')
    tmux('send-keys', '-t', s, 'q')
  })

  it('logs S: saves the lines to the path typed, and says where', async () => {
    const s = 'logs-save'
    await ledgerLogs(s)
    await press(s, 'S')
    await showing(s, 'save the lines to ./ledger-worker-')
    const target = join(dir, 'saved-ledger.log')
    tmux('send-keys', '-t', s, 'C-u')
    burst(s, '-l', target)
    await press(s, 'Enter')
    await showing(s, `lines to ${target}`)
    expect(await readFile(target, 'utf8')).toContain('offset=1882211')
    tmux('send-keys', '-t', s, 'q')
  })

  it('/ filter forms: -l label selector, ! inverse', async () => {
    const s = 'forms'
    await dashSession(s)
    await press(s, '/')
    burst(s, '-l', '--', '-l app=web')
    await press(s, 'Enter')
    const web = await screenWhere(s, (t) => t.includes('filter "-l app=web"') && !t.includes('checkout-'), 'only the web pods')
    expect(web.split('\n').filter((line) => /shop\s+web-/.test(line))).toHaveLength(3)
    await press(s, 'Escape')
    await press(s, '/')
    burst(s, '-l', '!Running')
    await press(s, 'Enter')
    await screenWhere(s, (t) => t.includes('filter "!Running"') && t.includes('CrashLoopBackOff') && !/\s1\/1\s+Running\s/.test(t), 'the pods not running')
    tmux('send-keys', '-t', s, 'q')
  })

  it('ctrl+f in the namespace chooser: a favourite, listed first and kept in $XDG_STATE_HOME/kubekit', async () => {
    const s = 'favourite'
    await dashSession(s)
    await press(s, 'n')
    await showing(s, 'monitoring')
    burst(s, '-l', 'monit')
    await screenWhere(s, (t) => t.includes('› monitoring'), 'monitoring highlighted')
    await press(s, 'C-f')
    const marked = await showing(s, 'monitoring  ★ favourite')
    const lines = marked.split('\n')
    expect(lines.findIndex((line) => line.includes('monitoring'))).toBe(lines.findIndex((line) => line.includes('(all namespaces)')) + 1)
    const file = join(dir, `state-${s}`, 'kubekit', 'dash-namespaces.json')
    expect(JSON.parse(await readFile(file, 'utf8')).favourites).toEqual({'kubekit-sandbox': ['monitoring']})
    tmux('send-keys', '-t', s, 'Escape')
    tmux('send-keys', '-t', s, 'q')
  })

  it('refuses to run without a terminal on stdout (exit 1, one line), even inside one', async () => {
    startSession('piped', `${dashBin} --kubeconfig ${sandbox.kubeconfigPath} | cat; echo dash-exit=\${PIPESTATUS[0]}`)
    const text = await showing('piped', 'dash-exit=')
    expect(text).toContain('error: kubectl dash needs an interactive terminal; use kubectl diagnose/tail/capacity show for scripts')
    expect(text).toContain('dash-exit=1')
  })
})

describe('kubectl dash without a terminal', () => {
  it('exits 1 with a clear error when stdin is not a terminal (never ink\'s raw-mode crash)', () => {
    if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first')
    const result = spawnSync(dashBin, ['--kubeconfig', '/nonexistent'], {input: '', encoding: 'utf8'})
    expect(result.status).toBe(1)
    expect(result.stderr).toBe('error: kubectl dash needs an interactive terminal; use kubectl diagnose/tail/capacity show for scripts\n')
    expect(result.stdout).toBe('')
  })
})

if (!haveTmux) {
  describe('kubectl dash in tmux', () => {
    it.skip('tmux is not installed: the end-to-end test needs it (.ci/run installs it)', () => {})
  })
}
