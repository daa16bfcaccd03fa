/**
 * The dash against the sandbox's demo cluster, through the real cores and API client: what a
 * person sees after each key.
 */
import {readFile, writeFile, mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {cleanup} from 'ink-testing-library'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {parse, stringify} from 'yaml'
import {startSandbox, type Sandbox} from '../../../src/sandbox/index.js'
import {framesWith, frameWhere, keys, lineWith, selectDown, startDash as startSandboxDash} from './helpers.js'

// A test that fails part-way still stops its dash (its watches and timers), not only one that ends.
afterEach(() => cleanup())

let sandbox: Sandbox
let dir: string
let kubeconfig: string

beforeAll(async () => {
  sandbox = await startSandbox({scenario: 'demo'})
  dir = await mkdtemp(join(tmpdir(), 'dash-test-'))
  // A second context on the same cluster whose namespace is shop.
  const config = parse(await readFile(sandbox.kubeconfigPath, 'utf8')) as {contexts: Array<{name: string; context: Record<string, string>}>}
  config.contexts.push({name: 'sandbox-shop', context: {...config.contexts[0]!.context, namespace: 'shop'}})
  kubeconfig = join(dir, 'config')
  await writeFile(kubeconfig, stringify(config))
})

afterAll(async () => {
  await sandbox?.stop()
  if (dir) await rm(dir, {recursive: true, force: true})
})

const startDash = (options: {allNamespaces?: boolean} = {}) =>
  startSandboxDash({kubeconfig, contexts: ['kubekit-sandbox', 'sandbox-shop'], size: {columns: 120, rows: 30}, stateFile: join(dir, 'ns.json'), ...options})

describe('kubectl dash (ink, against the sandbox)', () => {
  it('lists every pod with kubectl columns and marks the failing ones', async () => {
    const {app, frame} = await startDash()
    const shown = await framesWith(frame, '25 pods, 6 failing')
    expect(shown).toContain('context kubekit-sandbox')
    expect(shown).toContain('namespace all namespaces')
    expect(lineWith(shown, 'NAMESPACE')).toMatch(/NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+NODE/)
    expect(lineWith(shown, 'checkout-')).toMatch(/^ ! shop\s+checkout-\S+\s+0\/1\s+CrashLoopBackOff\s+8 \(/)
    expect(lineWith(shown, 'payment-gateway-')).toMatch(/^ ! payments\s+payment-gateway-\S+\s+0\/1\s+ImagePullBackOff/)
    expect(lineWith(shown, 'report-generator-')).toMatch(/^[ >]! analytics\s+report-generator-\S+\s+0\/1\s+Pending\s+0\s+\S+\s*$/)
    expect(lineWith(shown, 'postgres-0')).toMatch(/^ {3}payments\s+postgres-0\s+1\/1\s+Running\s+0\s+6d\s+worker-1/)
    // The body fits the terminal: header, column header, rows, footer, one row short of 30.
    expect(shown.split('\n').length).toBeLessThanOrEqual(29)
    expect(shown).toContain('<enter> diagnose')
    app.unmount()
  })

  it('filters, diagnoses the selected pod, shows its logs, and goes back', async () => {
    const {app, press, type, frame} = await startDash()
    await framesWith(frame, '25 pods')
    await type('/check')
    await framesWith(frame, 'filter "check"')
    await press(keys.enter)
    const filtered = await frameWhere(frame, (f) => !f.includes('web-'), 'only checkout listed')
    expect(lineWith(filtered, 'checkout-')).toBeDefined()
    await press(keys.enter)
    const diagnosis = await framesWith(frame, 'ROOT CAUSE')
    expect(diagnosis).toContain('[Diagnosis]')
    expect(lineWith(diagnosis, 'ROOT CAUSE')).toContain('CrashLoopBackOff')
    expect(diagnosis).toContain('panic: failed to connect to database')
    await press('l')
    const logs = await framesWith(frame, 'connecting to postgres at orders-db.shop.svc:5432')
    expect(logs).toMatch(/Logs shop\/checkout-\S+\s+following/)
    expect(logs).toContain('checkout panic: failed to connect to database')
    await press(keys.esc)
    await framesWith(frame, '[Diagnosis]')
    await press(keys.esc)
    await framesWith(frame, '[Pods]')
    // Esc and a key in one chunk (typed fast): both act.
    await press(keys.enter)
    await framesWith(frame, 'ROOT CAUSE')
    await press(`${keys.esc}l`)
    await framesWith(frame, '[Logs]')
    app.unmount()
  })

  it('moves the selection with j/k and arrows, one key per character of a fast run', async () => {
    const {app, press, frame} = await startDash()
    await framesWith(frame, '25 pods')
    // "jjjj" in one write is what ink hands over when keys come faster than it reads.
    await press('jjjj')
    await press(keys.enter)
    // Rows sorted by namespace then name: after analytics' pod and ingress-nginx's, the fifth is the third kube-system pod.
    const diagnosis = await framesWith(frame, 'Diagnosis kube-system/')
    expect(diagnosis).toMatch(/Diagnosis kube-system\/kindnet-/)
    await press(keys.esc, 'G', keys.up, 'l')
    await framesWith(frame, 'Logs shop/web-')
    app.unmount()
  })

  it('switches namespace from the chooser and toggles all namespaces', async () => {
    const {app, press, type, frame} = await startDash()
    await framesWith(frame, '25 pods')
    await press('n')
    await framesWith(frame, 'Switch namespace')
    const chooser = await frameWhere(frame, (f) => f.includes('monitoring'), 'the namespaces')
    expect(chooser).toContain('› (all namespaces)  (current)')
    await type('pay')
    await press(keys.enter)
    const payments = await framesWith(frame, 'namespace payments')
    await frameWhere(frame, (f) => /\b3 pods, 2 failing/.test(f), 'three pods in payments')
    expect(payments).not.toMatch(/^ {3}NAMESPACE/m)
    await press('a')
    await framesWith(frame, '25 pods')
    await press('a')
    await framesWith(frame, 'namespace payments')
    app.unmount()
  })

  it('switches context (the dash only) and shows that context\'s namespace', async () => {
    const {app, press, frame} = await startDash({allNamespaces: false})
    await framesWith(frame, 'namespace default')
    await press('c')
    const chooser = await framesWith(frame, 'Switch context')
    expect(chooser).toContain('kubekit-sandbox  (current)')
    await press(keys.down, keys.enter)
    const shop = await framesWith(frame, 'context sandbox-shop')
    expect(shop).toContain('namespace shop')
    await frameWhere(frame, (f) => f.includes('6 pods, 2 failing'), 'the six pods of shop')
    expect(await readFile(kubeconfig, 'utf8')).toContain('current-context: kubekit-sandbox')
    app.unmount()
  })

  it('shows the capacity of the cluster and the help generated from the key table', async () => {
    const {app, press, frame} = await startDash()
    await framesWith(frame, '25 pods')
    await press('C')
    const capacity = await framesWith(frame, 'CPU REQUESTS')
    expect(capacity).toContain('[Capacity]')
    expect(capacity).toMatch(/^worker-3\s+0\.05 \(1%\)/m)
    expect(capacity).toMatch(/^cp-1\s+/m)
    await press('?')
    const help = await framesWith(frame, 'Everywhere')
    expect(help).toContain('switch context')
    expect(help).toContain('enter, d')
    await press(keys.esc)
    await framesWith(frame, '[Capacity]')
    await press('q')
    await framesWith(frame, '[Pods]')
    app.unmount()
  })

  it('follows the cluster: a deleted pod leaves the list, a new one appears', async () => {
    const {app, frame} = await startDash()
    await framesWith(frame, '25 pods')
    const web = sandbox.store.list('pods', {namespace: 'shop'}).entries.map((e) => e.object).find((p) => p.metadata?.name?.startsWith('web-'))!
    const name = web.metadata!.name!
    // The sandbox's ReplicaSet controller replaces the pod: what matters is that this one goes.
    sandbox.store.delete('pods', 'shop', name)
    await frameWhere(frame, (f) => !f.includes(name), `${name} gone`)
    sandbox.store.create({...web, metadata: {name: 'web-by-hand', namespace: 'shop', labels: {app: 'by-hand'}}})
    await framesWith(frame, 'web-by-hand')
    sandbox.store.delete('pods', 'shop', 'web-by-hand')
    await frameWhere(frame, (f) => !f.includes('web-by-hand'), 'web-by-hand gone')
    expect(frame()).toContain('● live')
    app.unmount()
  })
})

describe('kubectl dash: the : command line (other kinds)', () => {
  it(':deploy lists deployments, enter diagnoses one, y shows its YAML, esc goes back', async () => {
    const {app, press, type, frame} = await startDash()
    await framesWith(frame, '25 pods')
    await type(':deploy')
    await framesWith(frame, ':deploy')
    await press(keys.enter)
    const list = await framesWith(frame, 'Deployments in all namespaces')
    expect(lineWith(list, 'NAMESPACE')).toMatch(/NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/)
    const listed = await frameWhere(frame, (f) => /checkout\s+0\/1/.test(f), 'the checkout deployment')
    expect(listed).toMatch(/^>/m)
    // Move down to checkout (rows are sorted by namespace and name), one j at a time.
    await selectDown(frame, (key) => press(key), /^>! shop\s+checkout/, 'checkout')
    await press(keys.enter)
    const diagnosis = await framesWith(frame, 'Diagnosis deployments shop/checkout')
    expect(diagnosis).toContain('[Diagnosis]')
    await framesWith(frame, 'ROOT CAUSE')
    await press('y')
    const yaml = await framesWith(frame, 'kind: Deployment')
    expect(yaml).toContain('YAML deployments shop/checkout')
    expect(yaml).not.toContain('managedFields')
    await press(keys.esc)
    await framesWith(frame, '[Diagnosis]')
    await press(keys.esc)
    await framesWith(frame, '[Objects]')
    await type(':ev')
    await press(keys.enter)
    await framesWith(frame, 'Events in all namespaces')
    await type(':xyz')
    await press(keys.enter)
    await framesWith(frame, 'no kind "xyz"')
    await type(':po')
    await press(keys.enter)
    await framesWith(frame, '[Pods]')
    app.unmount()
  })
})
