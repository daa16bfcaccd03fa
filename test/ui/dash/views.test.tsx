/**
 * The dash's newer views against the sandbox's demo cluster, through the real cores and API
 * client: node capacity and a node's pods, xray, the live trace, the logs view's options, the
 * pod filter forms and the namespace favourites.
 */
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {cleanup} from 'ink-testing-library'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../../src/sandbox/index.js'
import type {KubeObject} from '../../../src/sandbox/types.js'
import {framesWith, frameWhere, keys, lineWith, selectDown, startDash as startSandboxDash, type SandboxDash} from './helpers.js'

// A test that fails part-way still stops its dash (its watches and timers), not only one that ends.
afterEach(() => cleanup())

let sandbox: Sandbox
let dir: string

beforeAll(async () => {
  sandbox = await startSandbox({scenario: 'demo'})
  dir = await mkdtemp(join(tmpdir(), 'dash-views-'))
})

afterAll(async () => {
  await sandbox?.stop()
  if (dir) await rm(dir, {recursive: true, force: true})
})

const startDash = (options: {stateFile?: string} = {}) =>
  startSandboxDash({kubeconfig: sandbox.kubeconfigPath, contexts: ['kubekit-sandbox'], size: {columns: 140, rows: 34}, stateFile: join(dir, 'ns.json'), ...options})

/** Filters the pod list with `filter` and waits until the pod `name` is the selected row. */
async function filterTo(dash: SandboxDash, filter: string, name: string) {
  await dash.submit(`/${filter}`)
  await frameWhere(dash.frame, (f) => new RegExp(`^>.*${name}`, 'm').test(f), `${name} selected`)
}

/** Moves the `>` marker down until the selected line matches. */
async function select(dash: SandboxDash, wanted: RegExp) {
  await selectDown(dash.frame, (key) => dash.press(key), wanted, `the row ${wanted}`)
}

describe('dash: nodes with capacity, and the pods of a node', () => {
  it(':no shows requests and utilisation per node; p lists the pods on the selected node; esc shows every pod again', async () => {
    const dash = await startDash()
    await framesWith(dash.frame, '25 pods')
    await dash.submit(':no')
    const nodes = await frameWhere(dash.frame, (f) => /worker-1\s+Ready\s+\S+\s+\S+\s+\d+%\s+\d+%/.test(f), 'node rows with percentages')
    expect(lineWith(nodes, 'NAME')).toMatch(/NAME\s+STATUS\s+VERSION\s+AGE\s+CPU REQ\s+MEM REQ\s+CPU USE\s+MEM USE\s+PODS/)
    await select(dash, /worker-1/)
    await dash.press('p')
    const pods = await framesWith(dash.frame, 'node worker-1')
    const rows = pods.split('\n').filter((line) => /^[ >][ !] \S+\s+\S+\s+\d+\/\d+/.test(line))
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row).toMatch(/worker-1\s*$/)
    await dash.press(keys.esc)
    await frameWhere(dash.frame, (f) => !f.includes('node worker-1') && /worker-2\s*$/m.test(f), 'every pod again')
    dash.app.unmount()
  })
})

describe('dash: xray and trace', () => {
  it('x on a deployment shows ReplicaSets and Pods; on a pod its ConfigMaps, Secrets, PVCs and node', async () => {
    sandbox.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'xray-probe', namespace: 'payments'},
      spec: {
        nodeName: 'worker-1',
        containers: [{name: 'app', image: 'busybox', envFrom: [{secretRef: {name: 'postgres-credentials'}}]}],
        volumes: [{name: 'config', configMap: {name: 'gateway-config'}}, {name: 'data', persistentVolumeClaim: {claimName: 'data-postgres-0'}}],
      },
      status: {phase: 'Running'},
    } as KubeObject)
    const dash = await startDash()
    await framesWith(dash.frame, 'xray-probe')
    await dash.submit(':deploy')
    await framesWith(dash.frame, 'Deployments in all namespaces')
    await select(dash, /shop\s+checkout/)
    await dash.press('x')
    const tree = await framesWith(dash.frame, '└─ ReplicaSet/checkout-')
    expect(tree).toContain('Xray deployments shop/checkout')
    expect(tree).toMatch(/Deployment\/checkout {2}0\/1 ready/)
    expect(tree).toMatch(/[│ ] {2}└─ Pod\/checkout-\S+ {2}CrashLoopBackOff/)
    await dash.press(keys.esc)
    await dash.submit(':po')
    await filterTo(dash, 'xray-probe', 'xray-probe')
    await dash.press('x')
    const pod = await framesWith(dash.frame, '└─ Node/worker-1')
    expect(pod).toContain('├─ ConfigMap/gateway-config')
    expect(pod).toContain('├─ Secret/postgres-credentials')
    expect(pod).toContain('├─ PersistentVolumeClaim/data-postgres-0  Bound')
    dash.app.unmount()
    sandbox.store.delete('pods', 'payments', 'xray-probe')
  })

  it('x on an ingress shows its Services with their Pods and its TLS Secret; on a node the pods it runs', async () => {
    const dash = await startDash()
    await framesWith(dash.frame, '25 pods')
    await dash.submit(':ing')
    await framesWith(dash.frame, 'Ingresses in all namespaces')
    await select(dash, /shop\s+web/)
    await dash.press('x')
    const ingress = await framesWith(dash.frame, 'Secret/web-tls  (TLS)')
    expect(ingress).toContain('Xray ingresses shop/web')
    expect(ingress).toContain('Ingress/web  class nginx')
    expect(ingress).toMatch(/├─ Service\/web {2}LoadBalancer, port 80/)
    expect(ingress).toMatch(/└─ Pod\/web-\S+ {2}Running, ready/)
    await dash.press(keys.esc, keys.esc)
    await dash.submit(':no')
    await frameWhere(dash.frame, (f) => /worker-1\s+Ready/.test(f), 'the nodes')
    await select(dash, /worker-1/)
    await dash.press('x')
    const node = await frameWhere(dash.frame, (f) => /Node\/worker-1 {2}Ready, \d+ pods/.test(f), 'the node tree')
    expect(node).toMatch(/[├└]─ Pod\/payments\/postgres-0 {2}Running/)
    dash.app.unmount()
  })

  it('t traces the selected pod: its state, then each change as a diff, and its events', async () => {
    const dash = await startDash()
    await framesWith(dash.frame, '25 pods')
    await filterTo(dash, 'postgres-0', 'postgres-0')
    await dash.press('t')
    await framesWith(dash.frame, 'watching Pod postgres-0')
    expect(dash.frame()).toContain('Trace payments/postgres-0')
    const stored = sandbox.store.get('pods', 'payments', 'postgres-0')!.object
    sandbox.store.update({...stored, metadata: {...stored.metadata, labels: {...stored.metadata!.labels, traced: 'yes'}}} as KubeObject)
    await framesWith(dash.frame, '+ metadata.labels.traced: "yes"')
    expect(dash.frame()).toMatch(/\d\d:\d\d:\d\d modified Pod postgres-0/)
    dash.app.unmount()
  })
})

describe('dash: trace events', () => {
  it("t shows the object's events (its own kind and name only)", async () => {
    const dash = await startDash()
    await framesWith(dash.frame, '25 pods')
    await filterTo(dash, 'ledger', 'ledger-worker')
    await dash.press('t')
    const trace = await framesWith(dash.frame, 'event Warning BackOff (x2, kubelet): Back-off restarting failed container worker')
    expect(trace).toMatch(/event Normal Started \(x4, kubelet\): Started container worker/)
    dash.app.unmount()
  })
})

describe('dash: the logs view options', () => {
  it('t timestamps, s since, / a regex, o one container, p the previous run, S saves the lines', async () => {
    const dash = await startDash()
    await framesWith(dash.frame, '25 pods')
    await filterTo(dash, 'ledger', 'ledger-worker')
    await dash.press('l')
    await framesWith(dash.frame, 'msg="consuming" topic=ledger-entries partition=3 offset=1882211')
    await dash.press('t')
    await frameWhere(dash.frame, (f) => /\[timestamps\]/.test(f) && /^\d{4}-\d\d-\d\dT\S+ worker level=info/m.test(f), 'timestamped lines')
    await dash.press('t', 's')
    await framesWith(dash.frame, '[since 5m]')
    await dash.press('s', 's')
    await frameWhere(dash.frame, (f) => !f.includes('[since') && f.includes('offset=1882211'), 'back to 48h')
    await dash.submit('/consum')
    const grep = await frameWhere(dash.frame, (f) => f.includes('[matching /consum/]') && f.includes('offset=1882211'), 'only matching lines')
    expect(grep).not.toContain('starting')
    await dash.press('/', '\u0015', keys.enter)
    await frameWhere(dash.frame, (f) => !f.includes('matching /') && f.includes('starting'), 'every line again')
    await dash.press('o')
    await framesWith(dash.frame, 'Show the logs of')
    const chooser = await frameWhere(dash.frame, (f) => f.includes('worker') && f.includes('(all containers)'), 'the containers')
    expect(chooser).toContain('Show the logs of')
    await dash.press(keys.down, keys.enter)
    await framesWith(dash.frame, '[container worker]')
    await dash.press('p')
    await framesWith(dash.frame, 'heap above 90% of limit')
    expect(dash.frame()).toContain('previous run')
    const target = join(dir, 'ledger.log')
    await dash.press('S')
    await framesWith(dash.frame, 'save the lines to ./ledger-worker-')
    await dash.press('\u0015')
    await dash.submit(target)
    const saved = await framesWith(dash.frame, `lines to ${target}`)
    expect(saved).toMatch(/wrote \d+ lines to /)
    expect(await readFile(target, 'utf8')).toContain('heap above 90% of limit')
    dash.app.unmount()
  })
})

describe('dash: filter forms and namespace favourites', () => {
  it('-l selects by label, ! inverts, a regex and fuzzy match', async () => {
    const dash = await startDash()
    await framesWith(dash.frame, '25 pods')
    await dash.submit('/-l app=web')
    const web = await frameWhere(dash.frame, (f) => f.includes('filter "-l app=web"') && !f.includes('checkout-'), 'only the web pods')
    expect(web.split('\n').filter((line) => /shop\s+web-/.test(line))).toHaveLength(3)
    await dash.press(keys.esc)
    await dash.submit('/!Running')
    const notRunning = await frameWhere(dash.frame, (f) => f.includes('filter "!Running"') && f.includes('CrashLoopBackOff'), 'the pods not running')
    expect(notRunning).not.toMatch(/\s1\/1\s+Running\s/)
    await dash.press(keys.esc)
    await dash.submit('//^shop/web-/')
    await frameWhere(dash.frame, (f) => f.includes('web-') && !f.includes('checkout-') && !f.includes('postgres'), 'the regex')
    await dash.press(keys.esc)
    await dash.submit('/-f chkout')
    await frameWhere(dash.frame, (f) => /^>.*checkout-/m.test(f) && !f.includes('postgres'), 'the fuzzy match')
    dash.app.unmount()
  })

  it('ctrl+f marks a favourite namespace: listed first, remembered in the state file; a chosen one is recent', async () => {
    const stateFile = join(dir, 'favourites', 'ns.json')
    const dash = await startDash({stateFile})
    await framesWith(dash.frame, '25 pods')
    await dash.press('n')
    await frameWhere(dash.frame, (f) => f.includes('monitoring'), 'the namespaces')
    await dash.type('monit')
    await frameWhere(dash.frame, (f) => f.includes('› monitoring'), 'monitoring highlighted')
    await dash.press('\u0006')
    await frameWhere(dash.frame, (f) => f.includes('monitoring  ★ favourite'), 'the favourite mark')
    const lines = dash.frame().split('\n')
    expect(lines.findIndex((line) => line.includes('monitoring'))).toBe(lines.findIndex((line) => line.includes('(all namespaces)')) + 1)
    await dash.press(keys.esc, 'n')
    await frameWhere(dash.frame, (f) => f.includes('monitoring'), 'the namespaces again')
    await dash.submit('shop')
    await framesWith(dash.frame, 'namespace shop')
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toEqual({favourites: {'kubekit-sandbox': ['monitoring']}, recent: {'kubekit-sandbox': ['shop']}})
    await dash.press('n')
    await framesWith(dash.frame, 'shop  (current)  recent')
    dash.app.unmount()
  })
})
