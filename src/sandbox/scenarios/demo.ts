/**
 * The `demo` scenario: a four-node cluster (one control plane, three workers) with healthy
 * workloads in several namespaces and the classic failures, each with the events, statuses and
 * logs a real cluster shows:
 *
 * - analytics/report-generator-…  Pending: the scheduler finds Insufficient cpu
 * - node worker-3                  NotReady: the CNI plugin is not initialised (node-exporter there is stuck ContainerCreating)
 * - shop/checkout-…                CrashLoopBackOff, with the previous run's logs
 * - payments/payment-gateway-…     ImagePullBackOff (the tag does not exist)
 * - payments/ledger-worker-…       OOMKilled and restarted
 * - shop/cart-…                    Running but not Ready: its readiness probe fails
 * - shop/recommendations (Service) selects no pod
 *
 * The shop's Ingress is served by ingress-nginx (its controller runs in namespace ingress-nginx,
 * labelled as the chart labels it, behind the LoadBalancer whose address the Ingress shows).
 */
import type {KubeObject, Scenario} from '../types.js'
import {boundVolume, clusterObjects, shopIngress} from './cluster-objects.js'
import {
  Clock,
  daemonSet,
  days,
  deployment,
  endpointsFor,
  event,
  hours,
  minutes,
  namespace,
  node,
  nodeMetrics,
  pod,
  podMetrics,
  seconds,
  service,
  statefulSet,
  uidFor,
  type ContainerInput,
  type ContainerState,
} from './builders.js'

export interface DemoOptions {
  /** Serve metrics.k8s.io (default true). */
  metrics?: boolean
  /** The reference time that ages are counted back from (default: now). */
  now?: number
}

const cniMessage = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'
const unschedulableMessage =
  '0/4 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.'

type PodSpecInput = {name: string; node: string; states?: ContainerState[]; age: number; ready?: boolean}

/** What the sections of the demo share while each adds its objects (in the order the scenario has always listed them). */
interface DemoBuild {
  clock: Clock
  stamps: LogStamps
  objects: KubeObject[]
  logs: NonNullable<Scenario['logs']>
  add: (...objects: KubeObject[]) => void
  hostIP: (node: string) => string
  podIP: (node: string) => string
  runPods: (workload: {owner: Parameters<typeof pod>[1]['owner']; podLabels: Record<string, string>}, namespaceName: string, containers: ContainerInput[], list: PodSpecInput[], extra?: Partial<Parameters<typeof pod>[1]>) => KubeObject[]
}

type LogStamps = ReturnType<typeof logStamps>

export function demoScenario(options: DemoOptions = {}): Scenario {
  const clock = new Clock(options.now ?? Date.now())
  const stamps = logStamps(clock.now)
  const objects: KubeObject[] = []
  const logs: NonNullable<Scenario['logs']> = {}
  const metrics: KubeObject[] = []
  const add = (...o: KubeObject[]) => objects.push(...o)
  const clusterAge = days(12)

  add(...clusterObjects(clock, clusterAge))
  for (const [name, age] of [['default', clusterAge], ['kube-system', clusterAge], ['kube-public', clusterAge], ['kube-node-lease', clusterAge], ['shop', days(9)], ['payments', days(6)], ['analytics', days(2)], ['monitoring', days(10)], ['ingress-nginx', days(11)]] as const) {
    add(namespace(clock, name, age))
  }

  const nodes = demoNodes(clock, clusterAge)
  add(...nodes)
  const hostIP = (n: string) => ({'cp-1': '10.0.0.10', 'worker-1': '10.0.1.21', 'worker-2': '10.0.1.22', 'worker-3': '10.0.1.23'})[n]!
  let ipCounter = 10
  const podIP = (n: string) => `10.244.${{'cp-1': 0, 'worker-1': 1, 'worker-2': 2, 'worker-3': 3}[n]}.${ipCounter++}`
  const runPods: DemoBuild['runPods'] = (workload, namespaceName, containers, list, extra = {}) =>
    list.map((p) =>
      pod(clock, {
        namespace: namespaceName,
        name: p.name,
        age: p.age,
        node: p.node,
        hostIP: hostIP(p.node),
        podIP: extra.hostNetwork ? hostIP(p.node) : podIP(p.node),
        labels: workload.podLabels,
        owner: workload.owner!,
        containers,
        ...(p.states ? {states: p.states} : {}),
        ...extra,
      }),
    )
  const demo: DemoBuild = {clock, stamps, objects, logs, add, hostIP, podIP, runPods}
  addNodeLeases(demo, nodes)
  const corednsPods = addKubeSystem(demo, nodes, clusterAge)
  addShopWeb(demo)
  addShopCart(demo)
  addShopCheckout(demo)
  addShopRecommendations(demo)
  addPayments(demo)
  addAnalytics(demo)
  const stuck = addMonitoring(demo)
  addIngressNginx(demo)

  // Metrics for what runs (nothing on worker-3, whose kubelet metrics the server cannot reach).
  if (options.metrics !== false) {
    metrics.push(nodeMetrics(clock, 'cp-1', '412m', '2913480Ki'), nodeMetrics(clock, 'worker-1', '1873m', '9023112Ki'), nodeMetrics(clock, 'worker-2', '2304m', '11803336Ki'))
    for (const p of objects.filter((o) => o.kind === 'Pod')) {
      const statuses = ((p.status as {containerStatuses?: Array<{state?: {running?: unknown}}>}).containerStatuses ?? [])
      if (!statuses.length || !statuses.every((s) => s.state?.running)) continue
      const name = p.metadata!.name!
      const cpu = `${(name.length * 7) % 40 + 3}m`
      const memory = `${((name.length * 13) % 90) * 1024 + 20480}Ki`
      const usage = name.startsWith('ledger-worker') ? {cpu: '612m', memory: '248512Ki'} : name.startsWith('prometheus') ? {cpu: '287m', memory: '1811440Ki'} : {cpu, memory}
      metrics.push(podMetrics(clock, p, [usage]))
    }
  }
  objects.push(...metrics)
  for (const p of corednsPods) {
    logs[`kube-system/${p.metadata!.name}/coredns`] = {current: ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'].join('\n') + '\n'}
  }
  const nodeLogs = demoNodeLogs(stamps, stuck, corednsPods)
  addServiceAccounts(demo)
  return {objects, logs, nodeLogs, metrics: options.metrics !== false}
}

/** The nodes: worker-3 joined 40 minutes ago and its CNI never came up. */
function demoNodes(clock: Clock, clusterAge: number): KubeObject[] {
  const nodes = [
    node(clock, {name: 'cp-1', internalIP: '10.0.0.10', age: clusterAge, cpu: '2', memory: '8130636Ki', allocatableCpu: '2', roles: ['control-plane'], zone: 'eu-west-1a', instanceType: 'm6i.large', taints: [{effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane'}], extraLabels: {'node.kubernetes.io/exclude-from-external-load-balancers': ''}}),
    node(clock, {name: 'worker-1', internalIP: '10.0.1.21', age: clusterAge, cpu: '4', memory: '16265236Ki', allocatableCpu: '3920m', allocatableMemory: '15638548Ki', zone: 'eu-west-1a', instanceType: 'm6i.xlarge', extraLabels: {pool: 'general'}}),
    node(clock, {name: 'worker-2', internalIP: '10.0.1.22', age: days(11), cpu: '4', memory: '16265236Ki', allocatableCpu: '3920m', allocatableMemory: '15638548Ki', zone: 'eu-west-1b', instanceType: 'm6i.xlarge', extraLabels: {pool: 'compute'}}),
    node(clock, {
      name: 'worker-3',
      internalIP: '10.0.1.23',
      age: minutes(40),
      cpu: '4',
      memory: '16265236Ki',
      allocatableCpu: '3920m',
      allocatableMemory: '15638548Ki',
      zone: 'eu-west-1c',
      instanceType: 'm6i.xlarge',
      extraLabels: {pool: 'general'},
      ready: {status: 'False', reason: 'KubeletNotReady', message: cniMessage, since: minutes(40)},
      taints: [{effect: 'NoSchedule', key: 'node.kubernetes.io/not-ready'}, {effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', timeAdded: clock.ago(minutes(39))}],
    }),
  ]
  return nodes
}

/** Node leases, as describe node shows them, and worker-3's events. */
function addNodeLeases(demo: DemoBuild, nodes: KubeObject[]): void {
  const {clock, add} = demo
  const worker3 = nodes[3]!
  for (const n of nodes) {
    const name = n.metadata!.name!
    add({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {name, namespace: 'kube-node-lease', creationTimestamp: n.metadata!.creationTimestamp, ownerReferences: [{apiVersion: 'v1', kind: 'Node', name, uid: n.metadata!.uid!}]},
      spec: {holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date(clock.now - 4000).toISOString().replace('Z', '000Z')},
    })
  }
  add(event(clock, {namespace: 'default', involved: worker3, reason: 'NodeNotReady', message: 'Node worker-3 status is now: NodeNotReady', firstAgo: minutes(39), component: 'node-controller'}))
  add(
    event(clock, {namespace: 'default', involved: worker3, reason: 'Starting', message: 'Starting kubelet.', firstAgo: minutes(40), component: 'kubelet', host: 'worker-3'}),
    event(clock, {namespace: 'default', involved: worker3, reason: 'NodeHasSufficientMemory', message: 'Node worker-3 status is now: NodeHasSufficientMemory', count: 2, firstAgo: minutes(40), lastAgo: minutes(40), component: 'kubelet', host: 'worker-3'}),
    event(clock, {namespace: 'default', involved: worker3, reason: 'RegisteredNode', message: 'Node worker-3 event: Registered Node worker-3 in Controller', firstAgo: minutes(39), component: 'node-controller'}),
  )
}

/** kube-system: coredns, kube-proxy, metrics-server, the CNI; returns the coredns pods (their logs come later). */
function addKubeSystem(demo: DemoBuild, nodes: KubeObject[], clusterAge: number): KubeObject[] {
  const {clock, add, runPods} = demo
  const [cp1, worker1, worker2] = nodes as [KubeObject, KubeObject, KubeObject]
  const corednsContainers: ContainerInput[] = [{name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3', ports: [{containerPort: 53, name: 'dns', protocol: 'UDP'}, {containerPort: 53, name: 'dns-tcp'}, {containerPort: 9153, name: 'metrics'}], requests: {cpu: '100m', memory: '70Mi'}, limits: {memory: '170Mi'}}]
  const coredns = deployment(clock, {namespace: 'kube-system', name: 'coredns', age: clusterAge, replicas: 2, ready: 2, labels: {'k8s-app': 'kube-dns'}, containers: corednsContainers})
  add(...coredns.objects)
  const corednsPods = runPods(coredns, 'kube-system', corednsContainers, [
    {name: coredns.podName(0), node: 'worker-1', age: clusterAge - minutes(3)},
    {name: coredns.podName(1), node: 'worker-2', age: days(11)},
  ], {priorityClassName: 'system-cluster-critical', priority: 2000000000, serviceAccount: 'coredns'})
  add(...corednsPods)
  const kubeDns = service(clock, {namespace: 'kube-system', name: 'kube-dns', age: clusterAge, clusterIP: '10.96.0.10', selector: {'k8s-app': 'kube-dns'}, labels: {'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS'}, ports: [{name: 'dns', port: 53, protocol: 'UDP', targetPort: 53}, {name: 'dns-tcp', port: 53, targetPort: 53}, {name: 'metrics', port: 9153, targetPort: 9153}]})
  add(kubeDns, ...endpointsFor(clock, kubeDns, corednsPods))
  add(service(clock, {namespace: 'default', name: 'kubernetes', age: clusterAge, clusterIP: '10.96.0.1', labels: {component: 'apiserver', provider: 'kubernetes'}, ports: [{name: 'https', port: 443, targetPort: 6443}]}))

  const proxyContainers: ContainerInput[] = [{name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.4', command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)']}]
  const proxy = daemonSet(clock, {namespace: 'kube-system', name: 'kube-proxy', age: clusterAge, replicas: 4, ready: 4, labels: {'k8s-app': 'kube-proxy'}, containers: proxyContainers})
  add(proxy.object)
  add(...runPods(proxy, 'kube-system', proxyContainers, nodes.map((n) => ({name: proxy.podName(n.metadata!.name!), node: n.metadata!.name!, age: Date.parse(clock.ago(0)) - Date.parse(n.metadata!.creationTimestamp!) - seconds(20)})), {hostNetwork: true, priorityClassName: 'system-node-critical', priority: 2000001000, serviceAccount: 'kube-proxy', tolerations: [{operator: 'Exists'}]}))

  const cniContainers: ContainerInput[] = [{name: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20241212-9f82dd49', requests: {cpu: '100m', memory: '50Mi'}, limits: {cpu: '100m', memory: '50Mi'}}]
  const cni = daemonSet(clock, {namespace: 'kube-system', name: 'kindnet', age: clusterAge, replicas: 3, ready: 3, labels: {app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node'}, containers: cniContainers})
  add(cni.object)
  add(...runPods(cni, 'kube-system', cniContainers, [cp1, worker1, worker2].map((n) => ({name: cni.podName(n.metadata!.name!), node: n.metadata!.name!, age: Date.parse(clock.ago(0)) - Date.parse(n.metadata!.creationTimestamp!) - seconds(25)})), {hostNetwork: true, serviceAccount: 'kindnet', tolerations: [{operator: 'Exists'}]}))

  const msContainers: ContainerInput[] = [{name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', ports: [{containerPort: 10250, name: 'https'}], requests: {cpu: '100m', memory: '200Mi'}}]
  const ms = deployment(clock, {namespace: 'kube-system', name: 'metrics-server', age: days(10), replicas: 1, ready: 1, labels: {'k8s-app': 'metrics-server'}, containers: msContainers})
  add(...ms.objects)
  add(...runPods(ms, 'kube-system', msContainers, [{name: ms.podName(0), node: 'worker-2', age: days(10)}], {priorityClassName: 'system-cluster-critical', priority: 2000000000, serviceAccount: 'metrics-server'}))
  return corednsPods
}

/** shop: web, healthy, behind a LoadBalancer Service and an Ingress (its logs show the 502s of checkout). */
function addShopWeb(demo: DemoBuild): void {
  const {clock, stamps, logs, add, runPods} = demo
  const webContainers: ContainerInput[] = [{name: 'nginx', image: 'nginx:1.27.3', ports: [{containerPort: 80, name: 'http'}], requests: {cpu: '250m', memory: '128Mi'}, limits: {cpu: '500m', memory: '256Mi'}, readinessProbe: {failureThreshold: 3, httpGet: {path: '/', port: 80, scheme: 'HTTP'}, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1}}]
  const web = deployment(clock, {namespace: 'shop', name: 'web', age: days(9), replicas: 3, ready: 3, labels: {app: 'web'}, containers: webContainers})
  add(...web.objects)
  const webPods = runPods(web, 'shop', webContainers, [
    {name: web.podName(0), node: 'worker-1', age: days(3)},
    {name: web.podName(1), node: 'worker-2', age: days(3)},
    {name: web.podName(2), node: 'worker-1', age: days(3) - minutes(1)},
  ])
  add(...webPods)
  const webSvc = service(clock, {namespace: 'shop', name: 'web', age: days(9), clusterIP: '10.96.44.12', selector: {app: 'web'}, ports: [{name: 'http', port: 80, targetPort: 80}], type: 'LoadBalancer'})
  ;(webSvc.spec as Record<string, unknown>).ports = [{name: 'http', nodePort: 31380, port: 80, protocol: 'TCP', targetPort: 80}]
  ;(webSvc.status as Record<string, unknown>).loadBalancer = {ingress: [{ip: '203.0.113.40', ipMode: 'VIP'}]}
  add(webSvc, ...endpointsFor(clock, webSvc, webPods))
  add(...shopIngress(clock, days(9), '203.0.113.50'))
  webPods.forEach((p, i) => {
    const ip = ['10.244.1.7', '10.244.2.31', '10.244.1.19'][i]
    logs[`shop/${p.metadata!.name}/nginx`] = {
      current: [
        '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
        '/docker-entrypoint.sh: Configuration complete; ready for start up',
        `${ip} - - [${stamps.nginx(minutes(9))}] "GET / HTTP/1.1" 200 615 "-" "kube-probe/1.32"`,
        `${ip} - - [${stamps.nginx(minutes(7))}] "GET /products?page=2 HTTP/1.1" 200 18342 "https://shop.example.com/" "Mozilla/5.0"`,
        `${ip} - - [${stamps.nginx(minutes(7) - seconds(1))}] "POST /cart/items HTTP/1.1" 201 88 "https://shop.example.com/products" "Mozilla/5.0"`,
        `${ip} - - [${stamps.nginx(minutes(6))}] "GET /checkout HTTP/1.1" 502 157 "https://shop.example.com/cart" "Mozilla/5.0"`,
        `${stamps.nginxError(minutes(6))} [error] 29#29: *1184 connect() failed (111: Connection refused) while connecting to upstream, client: ${ip}, server: shop.example.com, request: "GET /checkout HTTP/1.1", upstream: "http://10.96.71.5:8080/checkout"`,
      ].join('\n') + '\n',
    }
  })
}

/** shop: cart runs but is not Ready: its readiness probe fails. */
function addShopCart(demo: DemoBuild): void {
  const {clock, stamps, logs, add, runPods} = demo
  const cartContainers: ContainerInput[] = [{name: 'cart', image: 'ghcr.io/example/shop-cart:1.8.2', ports: [{containerPort: 8080, name: 'http'}], requests: {cpu: '200m', memory: '256Mi'}, limits: {memory: '512Mi'}, readinessProbe: {failureThreshold: 3, httpGet: {path: '/healthz/ready', port: 8080, scheme: 'HTTP'}, initialDelaySeconds: 5, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1}}]
  const cart = deployment(clock, {namespace: 'shop', name: 'cart', age: days(9), replicas: 1, ready: 0, labels: {app: 'cart'}, containers: cartContainers, revision: 4})
  add(...cart.objects)
  const cartPods = runPods(cart, 'shop', cartContainers, [{name: cart.podName(0), node: 'worker-2', age: minutes(25), states: [{state: 'running', since: minutes(25) - seconds(6), ready: false}]}])
  add(...cartPods)
  const cartSvc = service(clock, {namespace: 'shop', name: 'cart', age: days(9), clusterIP: '10.96.71.9', selector: {app: 'cart'}, ports: [{name: 'http', port: 8080, targetPort: 8080}]})
  add(cartSvc, ...endpointsFor(clock, cartSvc, cartPods))
  add(
    event(clock, {namespace: 'shop', involved: cartPods[0]!, reason: 'Scheduled', message: `Successfully assigned shop/${cartPods[0]!.metadata!.name} to worker-2`, firstAgo: minutes(25), component: 'default-scheduler'}),
    event(clock, {namespace: 'shop', involved: cartPods[0]!, fieldPath: 'spec.containers{cart}', reason: 'Pulled', message: 'Container image "ghcr.io/example/shop-cart:1.8.2" already present on machine', firstAgo: minutes(25) - seconds(2), component: 'kubelet', host: 'worker-2'}),
    event(clock, {namespace: 'shop', involved: cartPods[0]!, fieldPath: 'spec.containers{cart}', reason: 'Created', message: 'Created container: cart', firstAgo: minutes(25) - seconds(3), component: 'kubelet', host: 'worker-2'}),
    event(clock, {namespace: 'shop', involved: cartPods[0]!, fieldPath: 'spec.containers{cart}', reason: 'Started', message: 'Started container cart', firstAgo: minutes(25) - seconds(4), component: 'kubelet', host: 'worker-2'}),
    event(clock, {namespace: 'shop', involved: cartPods[0]!, fieldPath: 'spec.containers{cart}', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', type: 'Warning', count: 148, firstAgo: minutes(25) - seconds(10), lastAgo: seconds(8), component: 'kubelet', host: 'worker-2'}),
  )
  logs[`shop/${cartPods[0]!.metadata!.name}/cart`] = {
    current: [
      `{"level":"info","ts":"${stamps.seconds(minutes(25) - seconds(5))}","msg":"starting cart service","version":"1.8.2"}`,
      `{"level":"info","ts":"${stamps.seconds(minutes(25) - seconds(5))}","msg":"listening","addr":":8080"}`,
      ...[10, 20, 30].map((s) => `{"level":"warn","ts":"${stamps.seconds(minutes(25) - seconds(s))}","msg":"readiness check failed","check":"redis","error":"dial tcp 10.96.80.3:6379: i/o timeout"}`),
    ].join('\n') + '\n',
  }
}

/** shop: checkout in CrashLoopBackOff, with the previous run's logs. */
function addShopCheckout(demo: DemoBuild): void {
  const {clock, stamps, logs, add, runPods} = demo
  const checkoutContainers: ContainerInput[] = [{name: 'checkout', image: 'ghcr.io/example/shop-checkout:2.4.0', ports: [{containerPort: 8080, name: 'http'}], requests: {cpu: '250m', memory: '256Mi'}, limits: {memory: '512Mi'}, env: [{name: 'DATABASE_URL', value: 'postgres://checkout@orders-db.shop.svc:5432/orders'}]}]
  const checkout = deployment(clock, {namespace: 'shop', name: 'checkout', age: days(9), replicas: 1, ready: 0, labels: {app: 'checkout'}, containers: checkoutContainers, revision: 7})
  add(...checkout.objects)
  const crashLast = {exitCode: 1, reason: 'Error', startedAgo: minutes(2) + seconds(12), finishedAgo: minutes(2) + seconds(9)}
  const checkoutPods = runPods(checkout, 'shop', checkoutContainers, [{name: checkout.podName(0), node: 'worker-1', age: minutes(18), states: [{state: 'waiting', reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=checkout pod=${checkout.podName(0)}_shop(${'x'})`, restarts: 8, last: crashLast}]}])
  const checkoutPod = checkoutPods[0]!
  // The back-off message names the pod uid, known only now.
  ;((checkoutPod.status as {containerStatuses: Array<{state: {waiting: {message: string}}}>}).containerStatuses[0]!.state.waiting.message = `back-off 5m0s restarting failed container=checkout pod=${checkoutPod.metadata!.name}_shop(${checkoutPod.metadata!.uid})`)
  add(checkoutPod)
  const checkoutSvc = service(clock, {namespace: 'shop', name: 'checkout', age: days(9), clusterIP: '10.96.71.5', selector: {app: 'checkout'}, ports: [{name: 'http', port: 8080, targetPort: 8080}]})
  add(checkoutSvc, ...endpointsFor(clock, checkoutSvc, checkoutPods))
  add(
    event(clock, {namespace: 'shop', involved: checkoutPod, reason: 'Scheduled', message: `Successfully assigned shop/${checkoutPod.metadata!.name} to worker-1`, firstAgo: minutes(18), component: 'default-scheduler'}),
    event(clock, {namespace: 'shop', involved: checkoutPod, fieldPath: 'spec.containers{checkout}', reason: 'Pulled', message: 'Container image "ghcr.io/example/shop-checkout:2.4.0" already present on machine', count: 9, firstAgo: minutes(18) - seconds(1), lastAgo: minutes(2) + seconds(13), component: 'kubelet', host: 'worker-1'}),
    event(clock, {namespace: 'shop', involved: checkoutPod, fieldPath: 'spec.containers{checkout}', reason: 'Created', message: 'Created container: checkout', count: 9, firstAgo: minutes(18) - seconds(1), lastAgo: minutes(2) + seconds(13), component: 'kubelet', host: 'worker-1'}),
    event(clock, {namespace: 'shop', involved: checkoutPod, fieldPath: 'spec.containers{checkout}', reason: 'Started', message: 'Started container checkout', count: 9, firstAgo: minutes(18) - seconds(1), lastAgo: minutes(2) + seconds(12), component: 'kubelet', host: 'worker-1'}),
    event(clock, {namespace: 'shop', involved: checkoutPod, fieldPath: 'spec.containers{checkout}', reason: 'BackOff', message: `Back-off restarting failed container checkout in pod ${checkoutPod.metadata!.name}_shop(${checkoutPod.metadata!.uid})`, type: 'Warning', count: 71, firstAgo: minutes(17), lastAgo: seconds(30), component: 'kubelet', host: 'worker-1'}),
  )
  const checkoutRun = (startedAgo: number) =>
    [
      `${stamps.iso(startedAgo - 204)} INFO  checkout 2.4.0 starting (pid 1)`,
      `${stamps.iso(startedAgo - 311)} INFO  loading config from /etc/checkout/config.yaml`,
      `${stamps.iso(startedAgo - 318)} INFO  connecting to postgres at orders-db.shop.svc:5432`,
      `${stamps.iso(startedAgo - 1822)} ERROR failed to connect to database: dial tcp 10.96.12.40:5432: connect: connection refused`,
      `panic: failed to connect to database: dial tcp 10.96.12.40:5432: connect: connection refused`,
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/src/cmd/checkout/main.go:48 +0x2c5',
    ].join('\n') + '\n'
  logs[`shop/${checkoutPod.metadata!.name}/checkout`] = {current: checkoutRun(crashLast.startedAgo), previous: checkoutRun(crashLast.startedAgo)}
}

/** shop: the Service's selector says `recommendation`; the pods are labelled `recommender`. */
function addShopRecommendations(demo: DemoBuild): void {
  const {clock, add, runPods} = demo
  const recoSvc = service(clock, {namespace: 'shop', name: 'recommendations', age: days(5), clusterIP: '10.96.90.17', selector: {app: 'recommendation'}, ports: [{name: 'http', port: 80, targetPort: 8080}]})
  add(recoSvc, ...endpointsFor(clock, recoSvc, []))
  const recoRecs = deployment(clock, {namespace: 'shop', name: 'recommender', age: days(5), replicas: 1, ready: 1, labels: {app: 'recommender'}, containers: [{name: 'recommender', image: 'ghcr.io/example/recommender:0.9.1', ports: [{containerPort: 8080}], requests: {cpu: '300m', memory: '512Mi'}, limits: {memory: '1Gi'}}]})
  add(...recoRecs.objects)
  add(...runPods(recoRecs, 'shop', [{name: 'recommender', image: 'ghcr.io/example/recommender:0.9.1', ports: [{containerPort: 8080}], requests: {cpu: '300m', memory: '512Mi'}, limits: {memory: '1Gi'}}], [{name: recoRecs.podName(0), node: 'worker-2', age: days(5)}]))
}

/** payments: gateway (ImagePullBackOff), ledger-worker (OOMKilled), postgres (healthy StatefulSet). */
function addPayments(demo: DemoBuild): void {
  const {clock, logs, add, hostIP, podIP, runPods} = demo
  const gatewayContainers: ContainerInput[] = [{name: 'gateway', image: 'registry.example.com/payments/gateway:v2.3.1-rc', ports: [{containerPort: 8443, name: 'https'}], requests: {cpu: '200m', memory: '256Mi'}, limits: {memory: '512Mi'}}]
  const gateway = deployment(clock, {namespace: 'payments', name: 'payment-gateway', age: days(6), replicas: 1, ready: 0, labels: {app: 'payment-gateway'}, containers: gatewayContainers, revision: 3})
  add(...gateway.objects)
  const gatewayPod = runPods(gateway, 'payments', gatewayContainers, [{name: gateway.podName(0), node: 'worker-1', age: minutes(12), states: [{state: 'waiting', reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example.com/payments/gateway:v2.3.1-rc"'}]}])[0]!
  add(gatewayPod)
  const pullError = 'Failed to pull image "registry.example.com/payments/gateway:v2.3.1-rc": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/payments/gateway:v2.3.1-rc": failed to resolve reference "registry.example.com/payments/gateway:v2.3.1-rc": registry.example.com/payments/gateway:v2.3.1-rc: not found'
  add(
    event(clock, {namespace: 'payments', involved: gatewayPod, reason: 'Scheduled', message: `Successfully assigned payments/${gatewayPod.metadata!.name} to worker-1`, firstAgo: minutes(12), component: 'default-scheduler'}),
    event(clock, {namespace: 'payments', involved: gatewayPod, fieldPath: 'spec.containers{gateway}', reason: 'Pulling', message: 'Pulling image "registry.example.com/payments/gateway:v2.3.1-rc"', count: 7, firstAgo: minutes(12), lastAgo: minutes(1) + seconds(5), component: 'kubelet', host: 'worker-1'}),
    event(clock, {namespace: 'payments', involved: gatewayPod, fieldPath: 'spec.containers{gateway}', reason: 'Failed', message: pullError, type: 'Warning', count: 7, firstAgo: minutes(12) - seconds(1), lastAgo: minutes(1) + seconds(4), component: 'kubelet', host: 'worker-1'}),
    event(clock, {namespace: 'payments', involved: gatewayPod, fieldPath: 'spec.containers{gateway}', reason: 'Failed', message: 'Error: ErrImagePull', type: 'Warning', count: 7, firstAgo: minutes(12) - seconds(1), lastAgo: minutes(1) + seconds(4), component: 'kubelet', host: 'worker-1'}),
    event(clock, {namespace: 'payments', involved: gatewayPod, fieldPath: 'spec.containers{gateway}', reason: 'BackOff', message: 'Back-off pulling image "registry.example.com/payments/gateway:v2.3.1-rc"', type: 'Normal', count: 44, firstAgo: minutes(12) - seconds(2), lastAgo: seconds(15), component: 'kubelet', host: 'worker-1'}),
    event(clock, {namespace: 'payments', involved: gatewayPod, fieldPath: 'spec.containers{gateway}', reason: 'Failed', message: 'Error: ImagePullBackOff', type: 'Warning', count: 44, firstAgo: minutes(12) - seconds(2), lastAgo: seconds(15), component: 'kubelet', host: 'worker-1'}),
  )

  const ledgerContainers: ContainerInput[] = [{name: 'worker', image: 'ghcr.io/example/ledger-worker:5.1.0', requests: {cpu: '500m', memory: '256Mi'}, limits: {cpu: '1', memory: '256Mi'}, args: ['--batch-size=50000']}]
  const ledger = deployment(clock, {namespace: 'payments', name: 'ledger-worker', age: days(6), replicas: 1, ready: 1, labels: {app: 'ledger-worker'}, containers: ledgerContainers, revision: 2})
  add(...ledger.objects)
  const oom = {exitCode: 137, reason: 'OOMKilled', startedAgo: minutes(9), finishedAgo: minutes(4) + seconds(2)}
  const ledgerPod = runPods(ledger, 'payments', ledgerContainers, [{name: ledger.podName(0), node: 'worker-2', age: hours(3), states: [{state: 'running', since: minutes(4), restarts: 3, last: oom}]}])[0]!
  add(ledgerPod)
  add(
    event(clock, {namespace: 'payments', involved: ledgerPod, fieldPath: 'spec.containers{worker}', reason: 'Pulled', message: 'Container image "ghcr.io/example/ledger-worker:5.1.0" already present on machine', count: 4, firstAgo: hours(3), lastAgo: minutes(4), component: 'kubelet', host: 'worker-2'}),
    event(clock, {namespace: 'payments', involved: ledgerPod, fieldPath: 'spec.containers{worker}', reason: 'Created', message: 'Created container: worker', count: 4, firstAgo: hours(3), lastAgo: minutes(4), component: 'kubelet', host: 'worker-2'}),
    event(clock, {namespace: 'payments', involved: ledgerPod, fieldPath: 'spec.containers{worker}', reason: 'Started', message: 'Started container worker', count: 4, firstAgo: hours(3), lastAgo: minutes(4), component: 'kubelet', host: 'worker-2'}),
    event(clock, {namespace: 'payments', involved: ledgerPod, fieldPath: 'spec.containers{worker}', reason: 'BackOff', message: `Back-off restarting failed container worker in pod ${ledgerPod.metadata!.name}_payments(${ledgerPod.metadata!.uid})`, type: 'Warning', count: 2, firstAgo: minutes(40), lastAgo: minutes(4) + seconds(1), component: 'kubelet', host: 'worker-2'}),
  )
  logs[`payments/${ledgerPod.metadata!.name}/worker`] = {
    current: ['level=info msg="ledger-worker 5.1.0 starting" batch_size=50000', 'level=info msg="consuming" topic=ledger-entries partition=3 offset=1882211'].join('\n') + '\n',
    previous: [
      'level=info msg="ledger-worker 5.1.0 starting" batch_size=50000',
      'level=info msg="consuming" topic=ledger-entries partition=3 offset=1830017',
      'level=info msg="batch loaded" entries=50000 heap_mb=198',
      'level=warn msg="heap above 90% of limit" heap_mb=241 limit_mb=256',
    ].join('\n') + '\n',
  }

  const pgContainers: ContainerInput[] = [{name: 'postgres', image: 'postgres:16.6', ports: [{containerPort: 5432, name: 'postgres'}], requests: {cpu: '500m', memory: '1Gi'}, limits: {cpu: '1', memory: '2Gi'}}]
  const pg = statefulSet(clock, {namespace: 'payments', name: 'postgres', age: days(6), replicas: 1, ready: 1, labels: {app: 'postgres'}, containers: pgContainers, serviceName: 'postgres'})
  add(pg.object)
  const pgPod = pod(clock, {namespace: 'payments', name: 'postgres-0', age: days(6), node: 'worker-1', hostIP: hostIP('worker-1'), podIP: podIP('worker-1'), labels: pg.podLabels(0), owner: pg.owner, containers: pgContainers})
  add(pgPod)
  const pgSvc = service(clock, {namespace: 'payments', name: 'postgres', age: days(6), clusterIP: '10.96.33.2', selector: {app: 'postgres'}, ports: [{name: 'postgres', port: 5432, targetPort: 5432}]})
  add(pgSvc, ...endpointsFor(clock, pgSvc, [pgPod]))
  const pgClaim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {name: 'data-postgres-0', namespace: 'payments', uid: uidFor('pvc/payments/data-postgres-0'), creationTimestamp: clock.ago(days(6)), labels: {app: 'postgres'}, finalizers: ['kubernetes.io/pvc-protection'], annotations: {'pv.kubernetes.io/bind-completed': 'yes', 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com'}},
    spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '20Gi'}}, storageClassName: 'gp3', volumeMode: 'Filesystem', volumeName: 'pvc-3f1c9a52-8f0e-4d7b-9a1e-5c2b7d0e4a61'},
    status: {accessModes: ['ReadWriteOnce'], capacity: {storage: '20Gi'}, phase: 'Bound'},
  }
  add(pgClaim, boundVolume(clock, days(6), pgClaim))
  add({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'gateway-config', namespace: 'payments', creationTimestamp: clock.ago(days(6))}, data: {'config.yaml': 'listen: :8443\nupstream: http://ledger:8080\n'}})
  add({apiVersion: 'v1', kind: 'Secret', metadata: {name: 'postgres-credentials', namespace: 'payments', creationTimestamp: clock.ago(days(6))}, type: 'Opaque', data: {username: Buffer.from('ledger').toString('base64'), password: Buffer.from('not-a-real-password').toString('base64')}})
}

/** analytics: a report generator that asks for more cpu than any node has left. */
function addAnalytics(demo: DemoBuild): void {
  const {clock, add} = demo
  const reportContainers: ContainerInput[] = [{name: 'report', image: 'ghcr.io/example/report-generator:3.0.2', requests: {cpu: '6', memory: '4Gi'}, limits: {cpu: '6', memory: '4Gi'}}]
  const report = deployment(clock, {namespace: 'analytics', name: 'report-generator', age: hours(2), replicas: 1, ready: 0, labels: {app: 'report-generator'}, containers: reportContainers})
  add(...report.objects)
  const pendingPod = pod(clock, {namespace: 'analytics', name: report.podName(0), age: hours(2), labels: report.podLabels, owner: report.owner, containers: reportContainers, unschedulable: unschedulableMessage, nodeSelector: {pool: 'compute'}})
  add(pendingPod)
  add(event(clock, {namespace: 'analytics', involved: pendingPod, reason: 'FailedScheduling', message: unschedulableMessage, type: 'Warning', count: 25, firstAgo: hours(2), lastAgo: minutes(3), component: 'default-scheduler'}))
}

/** monitoring: prometheus (healthy), node-exporter (stuck creating on worker-3); returns the stuck pod. */
function addMonitoring(demo: DemoBuild): KubeObject {
  const {clock, stamps, logs, add, hostIP, podIP, runPods} = demo
  const promContainers: ContainerInput[] = [{name: 'prometheus', image: 'quay.io/prometheus/prometheus:v2.55.1', ports: [{containerPort: 9090, name: 'web'}], requests: {cpu: '500m', memory: '2Gi'}, limits: {memory: '4Gi'}}]
  const prom = statefulSet(clock, {namespace: 'monitoring', name: 'prometheus', age: days(10), replicas: 1, ready: 1, labels: {app: 'prometheus'}, containers: promContainers, serviceName: 'prometheus'})
  add(prom.object)
  const promPod = pod(clock, {namespace: 'monitoring', name: 'prometheus-0', age: days(10), node: 'worker-2', hostIP: hostIP('worker-2'), podIP: podIP('worker-2'), labels: prom.podLabels(0), owner: prom.owner, containers: promContainers, serviceAccount: 'prometheus'})
  add(promPod)
  logs[`monitoring/prometheus-0/prometheus`] = {
    current: [
      `ts=${stamps.iso(minutes(50))} caller=compact.go:576 level=info component=tsdb msg="write block" mint=1763704800000 maxt=1763712000000 ulid=01JDAX7Q4F6S1N3M0K2H8G5T9R duration=1.203s`,
      `ts=${stamps.iso(minutes(50) - 1388)} caller=head.go:1355 level=info component=tsdb msg="Head GC completed" caller=truncateMemory duration=64.1ms`,
      `ts=${stamps.iso(minutes(38))} caller=scrape.go:1384 level=warn component="scrape manager" scrape_pool=node-exporter target=http://10.0.1.23:9100/metrics msg="Scrape failed" err="Get \\"http://10.0.1.23:9100/metrics\\": dial tcp 10.0.1.23:9100: connect: connection refused"`,
    ].join('\n') + '\n',
    generate: {lines: 50, perSecond: 0},
  }
  const exporterContainers: ContainerInput[] = [{name: 'node-exporter', image: 'quay.io/prometheus/node-exporter:v1.8.2', ports: [{containerPort: 9100, name: 'metrics'}], requests: {cpu: '50m', memory: '64Mi'}, limits: {memory: '128Mi'}}]
  const exporter = daemonSet(clock, {namespace: 'monitoring', name: 'node-exporter', age: days(10), replicas: 3, ready: 2, labels: {app: 'node-exporter'}, containers: exporterContainers})
  add(exporter.object)
  const exporterPods = runPods(exporter, 'monitoring', exporterContainers, [
    {name: exporter.podName('worker-1'), node: 'worker-1', age: days(10)},
    {name: exporter.podName('worker-2'), node: 'worker-2', age: days(10)},
    {name: exporter.podName('worker-3'), node: 'worker-3', age: minutes(39), states: [{state: 'waiting', reason: 'ContainerCreating'}]},
  ])
  add(...exporterPods)
  const stuck = exporterPods[2]!
  add(
    event(clock, {namespace: 'monitoring', involved: stuck, reason: 'Scheduled', message: `Successfully assigned monitoring/${stuck.metadata!.name} to worker-3`, firstAgo: minutes(39), component: 'default-scheduler'}),
    event(clock, {namespace: 'monitoring', involved: stuck, reason: 'NetworkNotReady', message: `network is not ready: ${cniMessage}`, type: 'Warning', count: 1180, firstAgo: minutes(39), lastAgo: seconds(2), component: 'kubelet', host: 'worker-3'}),
    event(clock, {namespace: 'monitoring', involved: stuck, reason: 'FailedCreatePodSandBox', message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "4b1e0f6c2a9d": plugin type="ptp" failed (add): failed to find plugin "ptp" in path [/opt/cni/bin]', type: 'Warning', count: 35, firstAgo: minutes(38), lastAgo: minutes(1), component: 'kubelet', host: 'worker-3'}),
  )
  return stuck
}

/** ingress-nginx as its Helm chart installs it: the controller Deployment, its pod, and the LoadBalancer Service whose address the shop's Ingress reports. */
function addIngressNginx(demo: DemoBuild): void {
  const {clock, stamps, logs, add, runPods} = demo
  const labels = {'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx'}
  const containers: ContainerInput[] = [{
    name: 'controller',
    image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1',
    args: ['/nginx-ingress-controller', '--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller', '--election-id=ingress-nginx-leader', '--controller-class=k8s.io/ingress-nginx', '--ingress-class=nginx', '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller', '--validating-webhook=:8443'],
    ports: [{containerPort: 80, name: 'http'}, {containerPort: 443, name: 'https'}, {containerPort: 8443, name: 'webhook'}],
    requests: {cpu: '100m', memory: '90Mi'},
    readinessProbe: {failureThreshold: 3, httpGet: {path: '/healthz', port: 10254, scheme: 'HTTP'}, initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1},
  }]
  const controller = deployment(clock, {namespace: 'ingress-nginx', name: 'ingress-nginx-controller', age: days(11), replicas: 1, ready: 1, labels, containers})
  add(...controller.objects)
  const pods = runPods(controller, 'ingress-nginx', containers, [{name: controller.podName(0), node: 'worker-1', age: days(11)}], {serviceAccount: 'ingress-nginx'})
  add(...pods)
  const svc = service(clock, {namespace: 'ingress-nginx', name: 'ingress-nginx-controller', age: days(11), clusterIP: '10.96.120.7', selector: labels, labels, type: 'LoadBalancer', ports: [{name: 'http', port: 80, targetPort: 'http', nodePort: 30480}, {name: 'https', port: 443, targetPort: 'https', nodePort: 30443}]})
  ;(svc.status as Record<string, unknown>).loadBalancer = {ingress: [{ip: '203.0.113.50', ipMode: 'VIP'}]}
  add(svc, ...endpointsFor(clock, svc, pods))
  logs[`ingress-nginx/${pods[0]!.metadata!.name}/controller`] = {
    current: [
      '-------------------------------------------------------------------------------',
      'NGINX Ingress controller',
      '  Release:       v1.12.1',
      '  Build:         51c2b819690bbf1709b844dbf321a9acf6eda5a7',
      '  Repository:    https://github.com/kubernetes/ingress-nginx',
      '  nginx version: nginx/1.25.5',
      '-------------------------------------------------------------------------------',
      `I${stamps.klogTime(days(11))}       7 main.go:205] "Creating API client" host="https://10.96.0.1:443"`,
      `I${stamps.klogTime(days(11) - seconds(1))}       7 nginx.go:317] "Starting NGINX process"`,
      `I${stamps.klogTime(days(9))}       7 store.go:440] "Found valid IngressClass" ingress="shop/web" ingressclass="nginx"`,
      `I${stamps.klogTime(days(9) - 120)}       7 controller.go:193] "Configuration changes detected, backend reload required"`,
      `I${stamps.klogTime(days(9) - 480)}       7 controller.go:213] "Backend successfully reloaded"`,
      `I${stamps.klogTime(days(9) - seconds(41))}       7 status.go:304] "updating Ingress status" namespace="shop" ingress="web" currentValue=null newValue=[{"ip":"203.0.113.50"}]`,
    ].join('\n') + '\n',
  }
}

/** Journal lines as `journalctl` prints them; the kubelet's own lines carry klog headers. */
function demoNodeLogs(stamps: LogStamps, stuck: KubeObject, corednsPods: KubeObject[]): NonNullable<Scenario['nodeLogs']> {
  const journal = (host: string, lines: Array<[number, string]>) => lines.map(([ago, text]) => `${stamps.journal(ago)} ${host} ${text.replaceAll('{klog}', stamps.klogTime(ago))}`).join('\n') + '\n'
  const cniError = 'NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'
  const nodeLogs: NonNullable<Scenario['nodeLogs']> = {
    'worker-3': {
      enabled: true,
      services: {
        kubelet: journal('worker-3', [
          [minutes(40), 'kubelet[1187]: I{klog}    1187 server.go:486] "Kubelet version" kubeletVersion="v1.32.4"'],
          [minutes(40) - seconds(1), 'kubelet[1187]: I{klog}    1187 kubelet_node_status.go:75] "Attempting to register node" node="worker-3"'],
          [minutes(40) - seconds(1), 'kubelet[1187]: I{klog}    1187 kubelet_node_status.go:78] "Successfully registered node" node="worker-3"'],
          [minutes(40) - seconds(4), `kubelet[1187]: E{klog}    1187 kubelet.go:3002] "Container runtime network not ready" networkReady="${cniError}"`],
          [minutes(39), `kubelet[1187]: E{klog}    1187 pod_workers.go:1301] "Error syncing pod, skipping" err="network is not ready: container runtime network not ready: ${cniError}" pod="monitoring/${stuck.metadata!.name}" podUID="${stuck.metadata!.uid}"`],
          [seconds(2), `kubelet[1187]: E{klog}    1187 kubelet.go:3002] "Container runtime network not ready" networkReady="${cniError}"`],
        ]),
        containerd: journal('worker-3', [
          [minutes(40) + seconds(3), `containerd[902]: time="${stamps.iso(minutes(40) + seconds(3))}" level=info msg="starting containerd" revision=88bf19b2105c8b17560993bee28a01ddc2f97182 version=v1.7.24`],
          [minutes(40) + seconds(1), `containerd[902]: time="${stamps.iso(minutes(40) + seconds(1))}" level=error msg="failed to load cni during init, please check CRI plugin status before setting up network for pods" error="cni config load failed: no network config found in /etc/cni/net.d: cni plugin not initialized: failed to load cni config"`],
        ]),
      },
    },
    'worker-1': {enabled: true, services: {kubelet: journal('worker-1', [[minutes(1), 'kubelet[1022]: I{klog}    1022 kubelet.go:2468] "SyncLoop (probe)" probe="readiness" status="ready" pod="kube-system/' + corednsPods[0]!.metadata!.name + '"']])}},
    'cp-1': {enabled: false},
  }
  return nodeLogs
}

/** What every namespace has: the default ServiceAccount (and those the pods name). */
function addServiceAccounts(demo: DemoBuild): void {
  const {objects, add} = demo
  const serviceAccounts = new Set(objects.filter((o) => o.kind === 'Pod').map((o) => `${o.metadata!.namespace}/${(o.spec as {serviceAccountName?: string}).serviceAccountName ?? 'default'}`))
  for (const ns of objects.filter((o) => o.kind === 'Namespace')) {
    const name = ns.metadata!.name!
    serviceAccounts.add(`${name}/default`)
  }
  for (const key of [...serviceAccounts].sort()) {
    const [namespaceName, name] = key.split('/') as [string, string]
    const created = objects.find((o) => o.kind === 'Namespace' && o.metadata!.name === namespaceName)?.metadata!.creationTimestamp
    add({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name, namespace: namespaceName, uid: uidFor(`sa/${key}`), ...(created ? {creationTimestamp: created} : {})}})
  }
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number) => String(n).padStart(2, '0')

/** Times written inside log text, in each program's own format, counted back from `now`. */
function logStamps(now: number) {
  const at = (ago: number) => new Date(now - ago)
  return {
    iso: (ago: number) => at(ago).toISOString(),
    seconds: (ago: number) => at(ago).toISOString().replace(/\.\d+Z$/, 'Z'),
    nginx: (ago: number) => {
      const d = at(ago)
      return `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`
    },
    nginxError: (ago: number) => at(ago).toISOString().slice(0, 19).replaceAll('-', '/').replace('T', ' '),
    journal: (ago: number) => {
      const d = at(ago)
      return `${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ${d.toISOString().slice(11, 19)}`
    },
    /** klog's header time: MMDD HH:MM:SS.micros. */
    klogTime: (ago: number) => {
      const d = at(ago)
      return `${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${d.toISOString().slice(11, 23)}${String((ago * 7919) % 1000).padStart(3, '0')}`
    },
  }
}
