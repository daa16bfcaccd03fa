/**
 * `diagnose cluster`: a ranked scan of the whole cluster. Nodes, pods and Warning events are read
 * page by page (memory stays flat on 2,000 nodes / 60,000 pods: a slim node map, the failing pods
 * only, capped); every failing pod and node gets its root cause from the same rules as a single
 * diagnosis, grouped by cause, the top N shown and the rest counted. Plus the add-ons everything
 * depends on (DNS, CNI) and the control plane's readiness where readable.
 */
import {condition, nodeReady} from '../facts.js'
import {assembleDiagnosis, podHealthy, rankFindings, runRules, type Diagnoser, type PodResult} from '../core.js'
import {RootCauses, topWorkload, workloadOf} from '../groups.js'
import type {AddonHealth, ClusterSnapshot, Diagnosis, Finding, PodSnapshot} from '../model.js'
import type {KubeEvent, Node, Pod} from '../objects.js'
import {clusterRules, nodeRules, podRules} from '../rules/index.js'

/** Failing pods kept for the event pass; beyond this they are classified without events. */
const maxFailingKept = 5000
const eventsPerPod = 10
const pageSize = 500

const cniNames = /flannel|calico-node|cilium|terway|weave|kindnet|antrea|canal|kube-router|ovnkube-node/
const controlPlaneComponents = new Set(['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager'])

function slimNode(node: Node): Node {
  const ready = nodeReady(node)
  return {metadata: {name: node.metadata.name, labels: node.metadata.labels ?? {}}, spec: {}, status: {conditions: ready ? [ready] : [], nodeInfo: node.status?.nodeInfo ?? {}}}
}

function podReady(pod: Pod): boolean {
  return condition(pod.status?.conditions, 'Ready')?.status === 'True'
}

function podState(pod: Pod): string {
  const waiting = (pod.status?.containerStatuses ?? []).map((s) => s.state?.waiting?.reason).find(Boolean)
  return waiting ?? pod.status?.reason ?? pod.status?.phase ?? 'unknown'
}

function tally(addon: AddonHealth, pod: Pod): void {
  addon.pods++
  if (podReady(pod)) {
    addon.ready++
    return
  }
  addon.firstFailing ??= {namespace: pod.metadata.namespace ?? '', name: pod.metadata.name}
  if (addon.failing.length < 5) addon.failing.push(`${pod.metadata.namespace ?? ''}/${pod.metadata.name}: ${podState(pod)}`)
}

class Scan {
  readonly causes = new RootCauses()
  readonly nodes = new Map<string, Node>()
  readonly failing = new Map<string, {pod: Pod; events: KubeEvent[]}>()
  readonly snapshot: ClusterSnapshot = {nodes: {total: 0, ready: 0}, controlPlaneDown: []}
  pods = 0
  failingPods = 0
  namespaces = new Set<string>()

  constructor(private readonly diagnoser: Diagnoser) {}

  async scanNodes(): Promise<void> {
    for await (const page of this.diagnoser.client.listPages<Node>('nodes', {pageSize})) {
      for (const node of page) {
        this.snapshot.nodes.total++
        if (nodeReady(node)?.status === 'True') this.snapshot.nodes.ready++
        this.nodes.set(node.metadata.name, slimNode(node))
        const [cause] = rankFindings(runRules(nodeRules, {node, events: []}, this.diagnoser.context), []).filter((f) => f.severity !== 'info')
        if (cause) this.causes.add(cause, `node/${node.metadata.name}`, `node ${node.metadata.name}`, undefined)
      }
    }
  }

  private systemPod(pod: Pod): void {
    const labels = pod.metadata.labels ?? {}
    if (labels['k8s-app'] === 'kube-dns' || /^coredns-/.test(pod.metadata.name)) tally((this.snapshot.dns ??= {name: 'CoreDNS', pods: 0, ready: 0, failing: []}), pod)
    const cni = cniNames.exec(pod.metadata.name)?.[0]
    if (cni && pod.metadata.ownerReferences?.some((o) => o.kind === 'DaemonSet')) tally((this.snapshot.cni ??= {name: cni.replace(/-node$/, ''), pods: 0, ready: 0, failing: []}), pod)
    const component = labels.component
    if (pod.metadata.namespace === 'kube-system' && component && controlPlaneComponents.has(component) && !podReady(pod)) this.snapshot.controlPlaneDown.push(`kube-system/${pod.metadata.name}`)
  }

  async scanPods(): Promise<void> {
    for await (const page of this.diagnoser.client.listPages<Pod>('pods', {allNamespaces: true, pageSize})) {
      for (const pod of page) {
        this.pods++
        this.namespaces.add(pod.metadata.namespace ?? '')
        if (pod.metadata.namespace === 'kube-system' || (pod.metadata.namespace ?? '').includes('flannel') || (pod.metadata.namespace ?? '').includes('calico')) this.systemPod(pod)
        else if (pod.metadata.labels?.['k8s-app'] === 'kube-dns') this.systemPod(pod)
        if (podHealthy(pod, this.diagnoser.context.now)) continue
        this.failingPods++
        if (this.failing.size < maxFailingKept) this.failing.set(pod.metadata.uid ?? `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`, {pod, events: []})
        else this.classify(pod, [])
      }
    }
  }

  /** Warning events, matched to the failing pods by uid: the start failures and mount errors live there. */
  async scanEvents(): Promise<void> {
    if (this.failing.size === 0) return
    try {
      for await (const page of this.diagnoser.client.listPages<KubeEvent>('events', {allNamespaces: true, fieldSelector: 'type=Warning', pageSize})) {
        for (const event of page) {
          const entry = this.failing.get(event.involvedObject.uid ?? '')
          if (entry && entry.events.length < eventsPerPod) entry.events.push(event)
        }
      }
    } catch (error) {
      this.diagnoser.notes.add(`could not list Warning events in all namespaces: ${error instanceof Error ? error.message : String(error)}; causes told only by events are missing`)
    }
  }

  classify(pod: Pod, events: KubeEvent[]): void {
    const node = pod.spec.nodeName ? this.nodes.get(pod.spec.nodeName) : undefined
    const snapshot: PodSnapshot = {pod, events, owners: ownersOf(pod), configMaps: {}, secrets: {}, claims: {}, logs: [], node: pod.spec.nodeName ? (node ? {state: 'found', value: node} : {state: 'missing'}) : undefined}
    const [cause] = rankFindings(runRules(podRules, snapshot, this.diagnoser.context), []).filter((f) => f.severity !== 'info')
    const ns = pod.metadata.namespace ?? 'default'
    this.causes.add(cause ?? notReady(pod), `pod ${ns}/${pod.metadata.name}`, workloadOf(pod), ns, pod)
  }
}

/** The pod's top controller as the scan can tell it without reading it (for the commands in remedies). */
function ownersOf(pod: Pod): PodSnapshot['owners'] {
  const {kind, name} = topWorkload(pod)
  if (kind === 'Pod') return []
  return [{state: 'unknown', why: 'not read by the cluster scan', kind, name}]
}

function notReady(pod: Pod): Finding {
  return {code: 'PodNotReady', severity: 'warning', subject: `pod/${pod.metadata.name}`, summary: `the pod is ${podState(pod)} and not ready, and no rule names a cause from its status and events; kubectl diagnose pod gives logs and more.`, evidence: [`status.phase=${pod.status?.phase ?? ''}`], remedy: [`kubectl diagnose pod ${pod.metadata.name} -n ${pod.metadata.namespace ?? 'default'}`]}
}

async function readyzFailures(diagnoser: Diagnoser): Promise<string[] | undefined> {
  try {
    const body = await diagnoser.client.getRaw('/readyz', {verbose: true})
    return body.split('\n').filter((l) => l.startsWith('[-]'))
  } catch (error) {
    // A failing /readyz answers 500 with the same verbose body in the error; other failures are notes.
    const text = error instanceof Error ? error.message : String(error)
    const lines = text.split('\n').filter((l) => l.startsWith('[-]'))
    if (lines.length) return lines
    diagnoser.notes.add(`could not read the API server's /readyz: ${text}`)
    return undefined
  }
}

async function metricsAnswer(diagnoser: Diagnoser): Promise<string> {
  try {
    await diagnoser.client.list('nodes.metrics.k8s.io', {pageSize})
    return 'answering'
  } catch (error) {
    diagnoser.notes.add(`could not read node metrics (metrics.k8s.io): ${error instanceof Error ? error.message : String(error)}; the scan does not need them, kubectl top will not work`)
    return 'not answering'
  }
}

function checkedLines(scan: Scan, metrics: string): string[] {
  const s = scan.snapshot
  const addon = (a: AddonHealth | undefined, what: string) => (a ? `${a.name}: ${a.ready}/${a.pods} ready` : `${what}: no pods recognised`)
  return [
    `nodes: ${s.nodes.total} (${s.nodes.ready} ready)`,
    `pods: ${scan.pods} in ${scan.namespaces.size} namespace(s), ${scan.failingPods} failing`,
    addon(s.dns, 'cluster DNS'),
    addon(s.cni, 'CNI'),
    `control plane: ${s.readyzFailures === undefined ? '/readyz not readable' : s.readyzFailures.length ? `${s.readyzFailures.length} readiness check(s) failing` : '/readyz ok'}${s.controlPlaneDown.length ? `, ${s.controlPlaneDown.length} static pod(s) not ready` : ''}`,
    `metrics-server: ${metrics}`,
  ]
}

/**
 * The top groups' sample pods diagnosed in depth (logs, owners, node), as `diagnose pod` would:
 * their evidence and remedy replace the scan's. Pending pods are left out: their node arithmetic
 * would read every pod again.
 */
async function inDepth(diagnoser: Diagnoser, groups: Array<{finding: Finding; sample?: Pod | undefined}>): Promise<PodResult[]> {
  const chosen = groups.filter((g) => g.sample && g.sample.status?.phase !== 'Pending').slice(0, diagnoser.options.maxPods)
  return Promise.all(
    chosen.map(async (group) => {
      const result = await diagnoser.pod(group.sample!)
      const [deep] = result.findings.filter((f) => f.severity !== 'info')
      if (deep) mergeInDepth(group.finding, deep, `${group.sample!.metadata.namespace ?? ''}/${group.sample!.metadata.name}`)
      return result
    }),
  )
}

/**
 * A group's finding after its sample pod (`pod`, namespace/name) was read in depth. The same
 * code: the sample's evidence and remedy, which are the group's with more detail. Another code:
 * the scan's verdict stands for the group (it is what every pod of it showed), the summary says
 * what the sample showed underneath, and the sample's remedy is added as the sample's, not
 * substituted for the group's.
 */
export function mergeInDepth(group: Finding, deep: Finding, pod: string): void {
  const examples = group.evidence.filter((e) => e.startsWith('e.g. '))
  const which = `in depth, pod ${pod}`
  if (deep.code === group.code) {
    group.evidence = [...examples, `${which} (status, events, logs, owners, node):`, ...deep.evidence.slice(0, 6)]
    group.remedy = deep.remedy
    return
  }
  group.summary = `${group.summary}; read in depth, pod ${pod} shows ${deep.code}: ${deep.summary}`
  group.evidence = [...examples, `${which}: ${deep.code}: ${deep.summary}`, ...deep.evidence.slice(0, 6)]
  group.remedy = [...group.remedy, ...deep.remedy.map((step) => `for pod ${pod} (${deep.code}): ${step}`)]
}

export async function diagnoseCluster(diagnoser: Diagnoser): Promise<Diagnosis> {
  const scan = new Scan(diagnoser)
  const [readyz, metrics] = await Promise.all([readyzFailures(diagnoser), metricsAnswer(diagnoser), scan.scanNodes()])
  await scan.scanPods()
  await scan.scanEvents()
  for (const {pod, events} of scan.failing.values()) scan.classify(pod, events)
  scan.snapshot.readyzFailures = readyz
  const clusterWide = runRules(clusterRules, scan.snapshot, diagnoser.context)
  const top = diagnoser.options.top ?? 10
  const groups = scan.causes.rankedGroups()
  const podResults = await inDepth(diagnoser, groups.slice(0, top))
  const grouped = groups.map((g) => g.finding)
  if (grouped.length > top) {
    const rest = grouped.slice(top)
    diagnoser.notes.add(`${rest.length} more root cause(s) not shown (--top ${top}): ${rest.map((f) => f.code).join(', ')}`)
  }
  const findings = [...clusterWide, ...grouped.slice(0, top)]
  return assembleDiagnosis({target: {kind: 'Cluster', name: ''}, findings, events: [], podResults, maxEvents: 0, checked: checkedLines(scan, metrics)}, diagnoser.notes)
}
