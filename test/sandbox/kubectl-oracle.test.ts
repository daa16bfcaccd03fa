// The real kubectl (1.32, on PATH) against the sandbox: what it prints is the check that the
// sandbox speaks the Kubernetes API faithfully. Every case runs over HTTPS and over plain HTTP.
import {spawn} from 'node:child_process'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {run} from '../helpers/run.js'

describe.each([['https'], ['http']] as const)('kubectl against the demo sandbox over %s', (protocol) => {
  let sandbox: Sandbox
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})
  const lines = (text: string) => text.trimEnd().split('\n')
  // What the API answers does not depend on the transport: those cases run over HTTPS. Over HTTP
  // run the ones the transport carries differently: the kubeconfig, a list, logs and follows,
  // a watch, writes and the credentials rule.
  const apiCase = it.runIf(protocol === 'https')
  const podName = (namespace: string, app: string) => {
    const page = sandbox.store.list('pods', {namespace, filter: (e) => e.object.metadata?.labels?.app === app})
    return page.entries[0]!.object.metadata!.name!
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      scenario: 'demo',
      http: protocol === 'http',
      users: [{name: 'alice', token: 'alice-token'}],
      deny: [
        {user: 'alice', verb: 'list', resource: 'namespaces'},
        {user: 'alice', verb: 'get', resource: 'nodes'},
        {user: 'alice', verb: 'list', resource: 'pods', namespace: 'payments'},
      ],
    })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('writes a kubeconfig kubectl accepts, with the kubekit-sandbox context', async () => {
    const result = await kubectl('config', 'current-context')
    expect(result).toMatchObject({code: 0, stdout: 'kubekit-sandbox\n'})
    expect(sandbox.url.startsWith(`${protocol}://127.0.0.1:`)).toBe(true)
  })

  it('get pods -A prints the real columns and statuses', async () => {
    const result = await kubectl('get', 'pods', '-A')
    expect(result.stderr).toBe('')
    const out = lines(result.stdout)
    expect(out[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/)
    expect(result.stdout).toMatch(/shop\s+checkout-\S+\s+0\/1\s+CrashLoopBackOff\s+8 \(\d+m\d*s? ago\)\s+18m/)
    expect(result.stdout).toMatch(/payments\s+payment-gateway-\S+\s+0\/1\s+ImagePullBackOff\s+0\s+12m/)
    expect(result.stdout).toMatch(/analytics\s+report-generator-\S+\s+0\/1\s+Pending\s+0\s+120m/)
    expect(result.stdout).toMatch(/monitoring\s+node-exporter-\S+\s+0\/1\s+ContainerCreating/)
    expect(result.stdout).toMatch(/payments\s+ledger-worker-\S+\s+1\/1\s+Running\s+3 \(/)
    expect(result.stdout).toMatch(/shop\s+cart-\S+\s+0\/1\s+Running/)
    expect(out.length).toBe(1 + sandbox.store.count('pods'))
  })

  apiCase('get po (short name) with -l and --field-selector', async () => {
    const result = await kubectl('get', 'po', '-n', 'shop', '-l', 'app in (web,cart)', '--field-selector', 'status.phase=Running,spec.nodeName=worker-2', '-o', 'name')
    expect(result.stderr).toBe('')
    const names = lines(result.stdout)
    expect(names).toHaveLength(2)
    expect(names).toContain(`pod/${podName('shop', 'cart')}`)
    expect(names.filter((n) => /^pod\/web-/.test(n))).toHaveLength(1)
  })

  apiCase('get nodes shows the NotReady node; get all resolves the category', async () => {
    const nodes = await kubectl('get', 'nodes')
    expect(nodes.stdout).toMatch(/worker-3\s+NotReady\s+<none>\s+40m\s+v1\.32\.4/)
    expect(nodes.stdout).toMatch(/cp-1\s+Ready\s+control-plane/)
    const all = await kubectl('get', 'all', '-n', 'shop')
    expect(all.stderr).toBe('')
    expect(all.stdout).toMatch(/service\/recommendations\s+ClusterIP/)
    expect(all.stdout).toMatch(/deployment\.apps\/web\s+3\/3/)
    expect(all.stdout).toMatch(/replicaset\.apps\/web-\S+\s+3\s+3\s+3/)
  })

  apiCase('describe pod lists the pod\'s events', async () => {
    const result = await kubectl('describe', 'pod', '-n', 'shop', podName('shop', 'checkout'))
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff/)
    expect(result.stdout).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1/)
    expect(result.stdout).toMatch(/Controlled By:\s+ReplicaSet\/checkout-/)
    const events = result.stdout.slice(result.stdout.indexOf('Events:'))
    expect(events).toMatch(/Warning\s+BackOff\s+\S+ \(x71 over 17m\)\s+kubelet\s+Back-off restarting failed container checkout/)
    expect(events).toMatch(/Normal\s+Scheduled\s+18m\s+default-scheduler\s+Successfully assigned shop\/checkout-/)
  })

  apiCase('describe node shows the CNI condition, the node\'s pods and events', async () => {
    const result = await kubectl('describe', 'node', 'worker-3')
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized')
    expect(result.stdout).toMatch(/Non-terminated Pods:\s+\(2 in total\)/)
    expect(result.stdout).toMatch(/HolderIdentity:\s+worker-3/)
    expect(result.stdout).toMatch(/Normal\s+NodeNotReady\s+39m\s+node-controller\s+Node worker-3 status is now: NodeNotReady/)
  })

  it('logs, logs --previous and the kubelet\'s error texts', async () => {
    const ledger = podName('payments', 'ledger-worker')
    const current = await kubectl('logs', '-n', 'payments', ledger)
    expect(current).toMatchObject({code: 0, stderr: ''})
    expect(current.stdout).toContain('level=info msg="consuming" topic=ledger-entries partition=3 offset=1882211')
    const previous = await kubectl('logs', '-n', 'payments', ledger, '--previous')
    expect(previous.stdout).toContain('heap above 90% of limit')
    const crash = await kubectl('logs', '-n', 'shop', 'deploy/checkout', '--previous', '--tail', '1')
    expect(crash.stdout).toBe('\t/src/cmd/checkout/main.go:48 +0x2c5\n')
    const onWorker3 = sandbox.store.list('pods', {namespace: 'monitoring', filter: (e) => (e.object.spec as {nodeName?: string}).nodeName === 'worker-3'})
    const waiting = await kubectl('logs', '-n', 'monitoring', onWorker3.entries[0]!.object.metadata!.name!)
    expect(waiting.code).toBe(1)
    expect(waiting.stderr).toMatch(/^Error from server \(BadRequest\): container "node-exporter" in pod "node-exporter-\S+" is waiting to start: ContainerCreating\n$/)
    const noPrevious = await kubectl('logs', '-n', 'shop', podName('shop', 'cart'), '--previous')
    expect(noPrevious.stderr).toMatch(/^Error from server \(BadRequest\): previous terminated container "cart" in pod "cart-\S+" not found\n$/)
    const pull = await kubectl('logs', '-n', 'payments', podName('payments', 'payment-gateway'))
    expect(pull.stderr).toMatch(/is waiting to start: trying and failing to pull image\n$/)
  })

  apiCase('logs --timestamps prefixes RFC 3339 times with nanoseconds', async () => {
    const result = await kubectl('logs', '-n', 'payments', podName('payments', 'ledger-worker'), '--timestamps')
    for (const line of lines(result.stdout)) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z level=/)
  })

  it('logs -f ends when the sandbox ends the stream', async () => {
    const result = await kubectl('logs', '-f', '-n', 'monitoring', 'prometheus-0')
    expect(result.code).toBe(0)
    const out = lines(result.stdout)
    expect(out.at(-1)).toBe('monitoring/prometheus-0/prometheus 50')
    expect(out.length).toBe(53)
  })

  apiCase('logs -l app=web --prefix reads every pod of the selector', async () => {
    const result = await kubectl('logs', '-n', 'shop', '-l', 'app=web', '--prefix', '--tail', '1')
    expect(result.stderr).toBe('')
    const out = lines(result.stdout)
    expect(out).toHaveLength(3)
    for (const line of out) expect(line).toMatch(/^\[pod\/web-\S+\/nginx\] \d{4}\/\d\d\/\d\d .*\[error\]/)
  })

  apiCase('get events --sort-by=.lastTimestamp puts the newest last', async () => {
    const result = await kubectl('get', 'events', '-A', '--sort-by=.lastTimestamp')
    expect(result.stderr).toBe('')
    const out = lines(result.stdout)
    expect(out[0]).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/)
    // Seconds old (how many depends on how long the loaded machine took to get here).
    expect(out.at(-1)).toMatch(/monitoring\s+\d+s\s+Warning\s+NetworkNotReady\s+pod\/node-exporter-/)
  })

  apiCase('events.k8s.io serves the same events with its own field names', async () => {
    const result = await kubectl('get', 'events.v1.events.k8s.io', '-n', 'shop', '--field-selector', 'reason=Unhealthy', '-o', 'json')
    const list = JSON.parse(result.stdout) as {items: Array<Record<string, unknown>>}
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({apiVersion: 'events.k8s.io/v1', kind: 'Event', note: 'Readiness probe failed: HTTP probe failed with statuscode: 503', reason: 'Unhealthy', regarding: {kind: 'Pod'}, deprecatedCount: 148, reportingController: 'kubelet'})
  })

  apiCase('pages with --chunk-size and loses nothing', async () => {
    const result = await kubectl('get', 'pods', '-A', '--chunk-size=4', '-o', 'name')
    expect(lines(result.stdout)).toHaveLength(sandbox.store.count('pods'))
    expect(new Set(lines(result.stdout)).size).toBe(sandbox.store.count('pods'))
  })

  apiCase('get --raw reaches the node log query; a node without it answers 404', async () => {
    const result = await kubectl('get', '--raw', '/api/v1/nodes/worker-3/proxy/logs/?query=kubelet&tailLines=1')
    expect(result.stdout).toMatch(/^\S+ \d+ [\d:]+ worker-3 kubelet\[1187\]: E\d{4} [\d:.]+ .*"Container runtime network not ready"/)
    expect(lines(result.stdout)).toHaveLength(1)
    const off = await kubectl('get', '--raw', '/api/v1/nodes/cp-1/proxy/logs/?query=kubelet')
    expect(off.code).toBe(1)
    expect(off.stderr).toMatch(/NotFound/)
  })

  apiCase('top uses metrics.k8s.io', async () => {
    const result = await kubectl('top', 'nodes')
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/worker-1\s+1873m\s+\d+%/)
  })

  // Over plain HTTP kubectl sends neither a token nor impersonation (client-go applies kubeconfig
  // credentials only over TLS), so users are told apart over HTTPS; the HTTP case is below.
  it.runIf(protocol === 'https')('a denied user gets the real 403 text; a bad token gets 401', async () => {
    const ns = await kubectl('--as', 'alice', 'get', 'namespaces')
    expect(ns).toMatchObject({code: 1, stderr: 'Error from server (Forbidden): namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope\n'})
    const node = await kubectl('--token', 'alice-token', 'get', 'node', 'worker-1')
    expect(node.stderr).toBe('Error from server (Forbidden): nodes "worker-1" is forbidden: User "alice" cannot get resource "nodes" in API group "" at the cluster scope\n')
    const pods = await kubectl('--as', 'alice', 'get', 'pods', '-n', 'payments')
    expect(pods.stderr).toBe('Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "payments"\n')
    expect((await kubectl('--as', 'alice', 'get', 'pods', '-n', 'shop')).code).toBe(0)
    expect(await kubectl('--as', 'alice', 'auth', 'can-i', 'list', 'namespaces')).toMatchObject({code: 1, stdout: 'no\n'})
    expect(await kubectl('--as', 'alice', 'auth', 'can-i', 'list', 'pods', '-n', 'shop')).toMatchObject({code: 0, stdout: 'yes\n'})
    const unauthorized = await kubectl('--token', 'wrong', 'get', 'pods')
    expect(unauthorized.stderr).toMatch(/error: You must be logged in to the server \(Unauthorized\)/)
  })

  it.runIf(protocol === 'http')('over HTTP a request without credentials is the admin; a user\'s token still selects the user', async () => {
    expect((await kubectl('get', 'namespaces')).code).toBe(0)
    const denied = await fetch(`${sandbox.url}/api/v1/namespaces`, {headers: {Authorization: 'Bearer alice-token'}})
    expect(denied.status).toBe(403)
    expect(await denied.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: {kind: 'namespaces'},
      code: 403,
    })
    expect((await fetch(`${sandbox.url}/api/v1/namespaces`, {headers: {Authorization: 'Bearer wrong'}})).status).toBe(401)
  })

  apiCase('a missing object is a 404 with the real message', async () => {
    const missing = await kubectl('get', 'pod', 'nosuch', '-n', 'shop')
    expect(missing.stderr).toBe('Error from server (NotFound): pods "nosuch" not found\n')
    const missingDeploy = await kubectl('get', 'deploy', 'nosuch', '-n', 'shop')
    expect(missingDeploy.stderr).toBe('Error from server (NotFound): deployments.apps "nosuch" not found\n')
  })

  it('create, label, patch (strategic and merge) and delete go through', async () => {
    const manifest = JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings', namespace: 'shop'}, data: {a: '1'}})
    // --validate=false: the sandbox serves no OpenAPI documents, which kubectl's validation downloads.
    expect(await run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, 'create', '--validate=false', '-f', '-'], {HOME: '/nonexistent'}, manifest)).toMatchObject({code: 0, stdout: 'configmap/settings created\n'})
    expect((await kubectl('label', 'configmap', 'settings', '-n', 'shop', 'team=blue')).stdout).toBe('configmap/settings labeled\n')
    expect((await kubectl('patch', 'configmap', 'settings', '-n', 'shop', '--type', 'merge', '-p', '{"data":{"b":"2"}}')).stdout).toBe('configmap/settings patched\n')
    expect((await kubectl('patch', 'deployment', 'web', '-n', 'shop', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27.4"}]}}}}')).stdout).toBe('deployment.apps/web patched\n')
    const deployment = JSON.parse((await kubectl('get', 'deployment', 'web', '-n', 'shop', '-o', 'json')).stdout)
    expect(deployment.spec.template.spec.containers).toHaveLength(1)
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({name: 'nginx', image: 'nginx:1.27.4', ports: [{containerPort: 80}]})
    expect(deployment.metadata.generation).toBe(2)
    const cm = JSON.parse((await kubectl('get', 'configmap', 'settings', '-n', 'shop', '-o', 'json')).stdout)
    expect(cm).toMatchObject({data: {a: '1', b: '2'}, metadata: {labels: {team: 'blue'}}})
    expect((await kubectl('delete', 'configmap', 'settings', '-n', 'shop')).stdout).toBe('configmap "settings" deleted\n')
    expect(sandbox.store.get('configmaps', 'shop', 'settings')).toBeUndefined()
  })

  it('get pods --watch sees a change made through the API', async () => {
    const child = spawn('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, 'get', 'pods', '-n', 'analytics', '--watch'], {env: {PATH: process.env.PATH, HOME: '/nonexistent'}})
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 200 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 25))
      expect(out).toMatch(pattern)
    }
    try {
      await waitFor(/report-generator-\S+\s+0\/1\s+Pending/)
      sandbox.store.create({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'watched', namespace: 'analytics'}, spec: {containers: [{name: 'c', image: 'busybox'}]}, status: {phase: 'Pending'}})
      await waitFor(/watched\s+0\/1\s+Pending\s+0\s+\d+s/)
      sandbox.store.delete('pods', 'analytics', 'watched')
      await waitFor(/watched[\s\S]*watched/)
    } finally {
      child.kill('SIGTERM')
    }
  })
})

describe('kubectl against the demo scenario without metrics', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'demo-no-metrics'})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('top reports that the metrics API is missing', async () => {
    const result = await run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, 'top', 'nodes'], {HOME: '/nonexistent'})
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/Metrics API not available/)
  })
})
