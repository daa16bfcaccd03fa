/**
 * kubekit's sandbox cluster: an in-process Kubernetes API server that the real kubectl and
 * @kubernetes/client-node accept unchanged. It is the demo cluster and the test cluster;
 * production code never imports it (only `kubekit sandbox start` does).
 *
 *   const sandbox = await startSandbox({scenario: 'demo'})
 *   // sandbox.url            https://127.0.0.1:PORT
 *   // sandbox.kubeconfigPath a kubeconfig with context `kubekit-sandbox` (CA data + bearer token)
 *   // sandbox.store          create/update/delete objects; each change is a watch event
 *   await sandbox.stop()
 *
 * Options (all optional):
 * - scenario: 'demo' | 'demo-no-metrics' | 'scale' | 'empty' (default 'demo' unless files or objects are given)
 * - scaleParams: {nodes, pods, events, namespaces} for the scale scenario
 * - files: scenario files (YAML or JSON, every key optional: objects, logs, nodeLogs, metrics, faults), merged after the scenario
 * - objects, logs, nodeLogs: the same inline
 * - metrics: serve metrics.k8s.io (default: when the scenario says so, or has NodeMetrics/PodMetrics)
 * - port (0 = a free port), host (127.0.0.1), http (plain HTTP instead of HTTPS)
 * - kubeconfigPath: where to write the kubeconfig (default: a temporary file, removed by stop())
 * - namespace: the kubeconfig context's namespace
 * - token: the bearer token of the admin user (`kubernetes-admin`); users: more {name, token}
 * - deny: rules that make requests of a user fail with a real-looking 403 (kubectl --as USER works too)
 *   Over plain HTTP kubectl sends no token (client-go applies kubeconfig credentials only over TLS),
 *   so there a request without credentials is the admin, as on the API server's old insecure port;
 *   a wrong token is still 401, and a user's token still selects that user.
 * - historySize: watch events kept for resuming (older resourceVersions get 410 Gone)
 * - bookmarkIntervalMs: how often watches with allowWatchBookmarks get a BOOKMARK
 * - controllers: the controllers, scheduler and simulated kubelets (src/sandbox/controllers), default on;
 *   false turns them off, {timeScale: 0.01} runs every simulated delay 100 times faster
 * - faults: fault rules active from the start (see faults.ts), after the scenario's own `faults`
 *
 * Faults and restarts (for tests of client resilience):
 *   sandbox.faults.add({group: 'metrics.k8s.io', status: 503})   // also: remove, clear, list, hits
 *   await sandbox.down()     // stop listening, cut every connection; state kept (clients: ECONNREFUSED)
 *   await sandbox.up({compactHistory: true, newCertificate: true})   // same port, same store
 *   await sandbox.restart()  // down + up
 * At run time the admin user manages faults over HTTP at /kubekit/faults (`kubekit sandbox fault`).
 *
 * The namespaces default, kube-system, kube-public and kube-node-lease always exist, and so does
 * every namespace that an object names; so do the bootstrap RBAC roles and bindings, a CSINode per
 * node and the APIServices of the served groups (bootstrap/), unless the scenario defines them. Lists serve live data in key order; a continue token
 * resumes after the last key returned (the real server serves a snapshot).
 */
import {randomBytes} from 'node:crypto'
import {createServer as createHttpServer, type Server} from 'node:http'
import {createServer as createHttpsServer, type Server as HttpsServer} from 'node:https'
import {mkdtemp, rm} from 'node:fs/promises'
import type {AddressInfo, Socket} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {bootstrapObjects} from './bootstrap/index.js'
import {FaultSet, requestUser, withFaults, type FaultLayer, type FaultRule, type SandboxFaults} from './faults.js'
import {writeKubeconfig} from './kubeconfig.js'
import {builtInScenario, buildScaleScenario, loadScenarioFile, mergeScenarios, SCENARIO_NAMES, ScenarioError, validateScenario} from './scenarios/index.js'
import {startControllers, type ControllerOptions} from './controllers/index.js'
import {createHandler, type ServerTiming} from './server.js'
import {Store} from './store.js'
import {makeCertificates, type SandboxCertificates} from './tls.js'
import type {DenyRule, KubeObject, LogSpec, NodeLogSpec, SandboxUser, ScaleParams, Scenario} from './types.js'

export interface SandboxOptions {
  scenario?: string
  scaleParams?: Partial<ScaleParams>
  files?: string[]
  objects?: KubeObject[]
  logs?: Record<string, LogSpec>
  nodeLogs?: Record<string, NodeLogSpec>
  metrics?: boolean
  port?: number
  host?: string
  http?: boolean
  kubeconfigPath?: string
  namespace?: string
  token?: string
  users?: SandboxUser[]
  deny?: DenyRule[]
  historySize?: number
  bookmarkIntervalMs?: number
  /** Request semantics tests shorten (continue token life, watch length, pod grace scale, namespace sweeps): see ServerTiming in server.ts. */
  timing?: ServerTiming
  /** Controllers, scheduler and simulated kubelets (default on); options such as {timeScale: 0.01} for tests. */
  controllers?: boolean | ControllerOptions
  faults?: FaultRule[]
  /**
   * What the start-up is doing ("building 20,000 of 60,000 pods", "loading 160,113 objects"). Given,
   * the start yields to the event loop between steps (and the scale scenario is built and loaded in
   * slices), so a spinner keeps turning; the objects then get one resourceVersion per slice.
   */
  onProgress?: (text: string) => void
}

export interface SandboxUpOptions {
  /** Every resourceVersion handed out before answers 410 Gone on watch, as after an etcd restore or compaction. */
  compactHistory?: boolean
  /** Serve a new CA and server certificate (a TLS identity change); the kubeconfig is rewritten with the new CA. */
  newCertificate?: boolean
}

export interface Sandbox {
  /** `https://127.0.0.1:PORT` (or http://). */
  url: string
  kubeconfigPath: string
  /** The admin user's bearer token. */
  token: string
  /** PEM of the CA that signed the server certificate (the current one after up({newCertificate})); undefined over HTTP. */
  readonly ca: string | undefined
  store: Store
  /** Fault rules: add, remove, clear, list, hits. */
  faults: SandboxFaults
  /** Stops listening and cuts every open connection; the store is kept. */
  down(): Promise<void>
  /** Listens again on the same port with the same store. */
  up(options?: SandboxUpOptions): Promise<void>
  restart(options?: SandboxUpOptions): Promise<void>
  stop(): Promise<void>
}

export const ADMIN_USER = 'kubernetes-admin'
const builtInNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease']

/** The scenario the options describe: a built-in one, then files, then inline objects. */
export async function resolveScenario(options: SandboxOptions): Promise<Scenario> {
  const parts: Scenario[] = []
  const name = options.scenario ?? (options.files?.length || options.objects ? undefined : 'demo')
  if (name !== undefined) {
    const scenario = name === 'scale' && options.onProgress ? await buildScaleScenario(options.scaleParams, options.onProgress) : builtInScenario(name, options.scaleParams)
    if (!scenario) throw new ScenarioError(`unknown scenario "${name}" (expected ${SCENARIO_NAMES.slice(0, -1).join(', ')} or ${SCENARIO_NAMES.at(-1)})`)
    parts.push(scenario)
  }
  for (const file of options.files ?? []) parts.push(await loadScenarioFile(file))
  if (options.objects || options.logs || options.nodeLogs) {
    parts.push(validateScenario({objects: options.objects ?? [], ...(options.logs ? {logs: options.logs} : {}), ...(options.nodeLogs ? {nodeLogs: options.nodeLogs} : {})}, 'options.objects'))
  }
  return parts.length === 1 ? parts[0]! : mergeScenarios(parts)
}

/** Namespaces that objects name but the scenario does not define, as Namespace objects. */
function missingNamespaces(objects: KubeObject[]): KubeObject[] {
  const defined = new Set(objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1').map((o) => o.metadata!.name!))
  const wanted = new Set(builtInNamespaces)
  for (const o of objects) if (o.metadata?.namespace) wanted.add(o.metadata.namespace)
  return [...wanted]
    .filter((n) => !defined.has(n))
    .map((name) => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels: {'kubernetes.io/metadata.name': name}}, spec: {finalizers: ['kubernetes']}, status: {phase: 'Active'}}))
}

/** Objects loaded between two yields when start-up progress is reported. */
const LOAD_SLICE = 5000

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const step = progressStep(options.onProgress)
  await step('building the scenario')
  const scenario = await resolveScenario(options)
  const hasMetrics = scenario.objects.some((o) => o.apiVersion === 'metrics.k8s.io/v1beta1')
  const metrics = options.metrics ?? scenario.metrics ?? hasMetrics
  const objects = [...missingNamespaces(scenario.objects), ...scenario.objects]
  objects.push(...bootstrapObjects(objects, {metrics}))
  const store = await loadStore(options, objects, step)
  await step('starting the controllers')
  for (const [key, spec] of Object.entries(scenario.logs ?? {})) store.logs.set(key, spec)
  for (const [name, spec] of Object.entries(scenario.nodeLogs ?? {})) store.nodeLogs.set(name, spec)
  const controllers = options.controllers === false ? undefined : startControllers(store, typeof options.controllers === 'object' ? options.controllers : {})

  const token = options.token ?? randomBytes(24).toString('hex')
  const tokens = new Map<string, string>([[token, ADMIN_USER]])
  for (const user of options.users ?? []) tokens.set(user.token, user.name)
  const streams = new Set<() => void>()
  if (!options.http) await step('making the TLS certificates')
  const certificates = options.http ? undefined : await makeCertificates()
  await step(`starting the API server over ${objects.length.toLocaleString('en-US')} objects`)
  const anonymousUser = options.http ? ADMIN_USER : undefined
  const handler = createHandler({store, tokens, anonymousUser, deny: options.deny ?? [], metrics, bookmarkIntervalMs: options.bookmarkIntervalMs ?? 5000, streams, clusterCa: certificates?.ca ?? '', ...options.timing})

  const faults = new FaultSet()
  for (const rule of [...(scenario.faults ?? []), ...(options.faults ?? [])]) faults.add(rule)
  const faultLayer = withFaults(handler, {faults, userOf: (req) => requestUser(req, tokens, anonymousUser), adminUser: ADMIN_USER, resourceVersion: () => store.resourceVersion})

  const server: Server = certificates ? createHttpsServer({key: certificates.key, cert: certificates.cert}, faultLayer.handler) : createHttpServer(faultLayer.handler)
  server.keepAliveTimeout = 30_000
  const sockets = trackSockets(server)
  const host = options.host ?? '127.0.0.1'
  await listen(server, options.port ?? 0, host)
  const {port} = server.address() as AddressInfo
  const url = `${certificates ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`

  const temporaryDir = options.kubeconfigPath ? undefined : await mkdtemp(join(tmpdir(), 'kubekit-sandbox-'))
  const kubeconfigPath = temporaryDir ? join(temporaryDir, 'kubeconfig') : options.kubeconfigPath!
  const state: Serving = {
    server,
    sockets,
    faultLayer,
    host,
    port,
    certificates,
    listening: true,
    stopped: undefined,
    writeKubeconfig: () => writeKubeconfig(kubeconfigPath, {server: url, token, ...(state.certificates ? {ca: state.certificates.ca} : {}), ...(options.namespace ? {namespace: options.namespace} : {})}),
  }
  await state.writeKubeconfig()
  const down = () => takeDown(state)
  const up = (upOptions: SandboxUpOptions = {}) => bringUp(state, store, upOptions)
  return {
    url,
    kubeconfigPath,
    token,
    get ca() {
      return state.certificates?.ca
    },
    store,
    faults,
    down,
    up,
    async restart(upOptions?: SandboxUpOptions) {
      await down()
      await up(upOptions)
    },
    stop() {
      state.stopped ??= (async () => {
        controllers?.stop()
        for (const end of [...streams]) end()
        streams.clear()
        await stopServing(state)
        if (temporaryDir) await rm(temporaryDir, {recursive: true, force: true})
      })()
      return state.stopped
    },
  }
}

/** Reports a start-up step and lets the event loop run (a spinner turns); nothing without a listener. */
function progressStep(report: ((text: string) => void) | undefined): (text: string) => Promise<void> {
  return async (text) => {
    if (!report) return
    report(text)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** A store with the scenario's objects, loaded in slices with a step between them when progress is reported. */
async function loadStore(options: SandboxOptions, objects: KubeObject[], step: (text: string) => Promise<void>): Promise<Store> {
  const store = new Store(options.historySize !== undefined ? {historySize: options.historySize} : {})
  if (options.onProgress && objects.length > LOAD_SLICE) {
    for (let start = 0; start < objects.length; start += LOAD_SLICE) {
      await step(`loading ${start.toLocaleString('en-US')} of ${objects.length.toLocaleString('en-US')} objects`)
      store.load(objects.slice(start, start + LOAD_SLICE))
    }
  } else {
    store.load(objects)
  }
  return store
}

/**
 * Every socket of the server, including those still in their TLS handshake, which
 * closeAllConnections() does not know yet: down() must cut those too, or close() waits for them
 * (on a loaded machine a reconnecting client is often mid-handshake when the server goes down).
 */
function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  return sockets
}

/** The listening side of a running sandbox, which down(), up() and stop() change. */
interface Serving {
  server: Server
  sockets: Set<Socket>
  faultLayer: FaultLayer
  host: string
  port: number
  /** The current ones (up({newCertificate}) replaces them); undefined over HTTP. */
  certificates: SandboxCertificates | undefined
  listening: boolean
  stopped: Promise<void> | undefined
  writeKubeconfig: () => Promise<void>
}

/** As if the server process died: no clean end for watches and log streams. */
async function takeDown(state: Serving): Promise<void> {
  if (!state.listening) return
  state.listening = false
  const closed = new Promise<void>((resolve) => state.server.close(() => resolve()))
  state.faultLayer.cutStalled()
  state.server.closeAllConnections()
  for (const socket of state.sockets) socket.destroy()
  await closed
}

async function bringUp(state: Serving, store: Store, options: SandboxUpOptions): Promise<void> {
  if (state.stopped) throw new Error('the sandbox has been stopped; start a new one')
  if (state.listening) throw new Error('the sandbox is up: call down() first, or restart()')
  if (options.compactHistory) compactHistory(store)
  if (options.newCertificate) {
    if (!state.certificates) throw new Error('newCertificate needs an HTTPS sandbox (this one serves plain HTTP)')
    state.certificates = await makeCertificates()
    ;(state.server as HttpsServer).setSecureContext({key: state.certificates.key, cert: state.certificates.cert})
    await state.writeKubeconfig()
  }
  await listen(state.server, state.port, state.host)
  state.listening = true
}

/** stop(): idle connections close at once, busy ones after a moment. */
async function stopServing(state: Serving): Promise<void> {
  state.faultLayer.cutStalled()
  if (!state.listening) return
  state.listening = false
  const closed = new Promise<void>((resolve) => state.server.close(() => resolve()))
  state.server.closeIdleConnections()
  setTimeout(() => {
    state.server.closeAllConnections()
    for (const socket of state.sockets) socket.destroy()
  }, 200).unref()
  await closed
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/**
 * Forgets the watch history, as an etcd restore or compaction does: every resourceVersion
 * handed out so far answers 410 Gone on watch, and lists move on to a new one.
 * Store.load() with no objects is exactly that: it opens a new resourceVersion and makes it
 * the oldest one a watch may resume from.
 */
function compactHistory(store: Store): void {
  store.load([])
}

export {FAULTS_PATH, FaultRuleError, validateFaultRule, type FaultHandle, type FaultRule, type ListedFault, type SandboxFaults} from './faults.js'
export type {DenyRule, KubeObject, LogSpec, NodeLogSpec, SandboxUser, ScaleParams, Scenario} from './types.js'
export {Store} from './store.js'
export {ScenarioError} from './scenarios/index.js'
export {SANDBOX_CONTEXT} from './kubeconfig.js'
