/**
 * What the dash needs from a cluster, on top of the one API client and the cores: a live pod
 * list (KubeClient.sync), a pod's diagnosis (the diagnose core), its logs (the tail core's
 * session), the namespaces, the capacity view (the capacity show core) and the contexts of the
 * kubeconfig (the kubeconfig core). Views only see this interface.
 */
import type {KubeClient, KubeObject, RetryNotice, SyncPages} from '../../kube/client.js'
import {resourceInfo} from '../../kube/resources.js'
import type {ConnectionOptions} from '../../kube/options.js'
import type {Painter} from '../../print/colour.js'
import {stringify} from 'yaml'
import type {DiagnoseResource} from '../../diagnose/target.js'
import type {WatchTrouble} from './connection.js'
import {defaultLogOptions, tailFlags, type LogOptions} from './log-options.js'
import {nodeUsageByName, nodeUsageCells, type NodePods, type NodeUsageCells} from './node-usage.js'
import type {PodObject} from './pod-rows.js'
import {treeLines, xrayTree, type XrayReader} from './xray.js'

export interface PodSelection {
  /** Ignored when allNamespaces. */
  namespace: string
  allNamespaces: boolean
  /** Only pods with these labels, selected by the API server (the pod watch only). */
  labelSelector?: string | undefined
}

export interface PodWatchHandlers {
  signal: AbortSignal
  /** Each full state page by page (the store turns each page into rows and drops it), swapped in at end. */
  onSync: SyncPages<PodObject>
  onEvent: (type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: PodObject) => void
  /** A failed attempt; the watch waits `delayMs`, then tries again (for ever, until the signal aborts). */
  onRetry: (trouble: WatchTrouble) => void
  /** The watch works again after onRetry. */
  onRecovered: () => void
}

/** Where the logs view's lines go: whole lines, in order. */
export interface LogSink {
  lines(lines: string[]): void
  /** Markers and warnings of the tail session (a container started, ended, a stream failed). */
  notice(text: string): void
}

/** Where a trace's changes go: the object's watch events and its events, as they happen. */
export interface TraceSink {
  object(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void
  event(event: KubeObject): void
  /** The watch waits before trying again (a few words why). */
  trouble(reason: string): void
}

export interface DashCluster {
  readonly contextName: string
  /** The context's namespace (or --namespace): what the pod list shows first. */
  readonly defaultNamespace: string
  /**
   * Lists then watches pods until the signal aborts: re-lists after 410 Gone, retries what time
   * may cure (also the first list) with back-off, reporting each wait; throws what it cannot cure.
   */
  watchPods(selection: PodSelection, handlers: PodWatchHandlers): Promise<void>
  namespaces(): Promise<string[]>
  /** The diagnose core's report for one pod, as lines of text. */
  diagnosePod(namespace: string, name: string, paint: Painter): Promise<string[]>
  /** Follows one pod's containers (the tail core) with the view's options, until the signal aborts (or, for the previous run, its end). */
  followLogs(namespace: string, name: string, sink: LogSink, paint: Painter, signal: AbortSignal, options?: LogOptions): Promise<void>
  /** The names of a pod's containers (init containers first), for the container picker. */
  podContainers(namespace: string, name: string): Promise<string[]>
  /**
   * Each node's requests and utilisation cells. With `pods` (the requests of every pod, summed per
   * node from the pods the dash holds), only nodes and node metrics are read; without, the
   * capacity core's snapshot reads every pod.
   */
  nodeUsage(pods?: ReadonlyMap<string, NodePods>): Promise<Map<string, NodeUsageCells>>
  /** The owner / related-objects tree of one object, as indented lines. */
  xray(resource: string, namespace: string, name: string): Promise<string[]>
  /** Watches one object (fieldSelector metadata.name) and its events (involvedObject name and kind) until the signal aborts. */
  trace(resource: string, namespace: string, name: string, sink: TraceSink, signal: AbortSignal): Promise<void>
  /** The capacity show core's table for the whole cluster, as lines of text. */
  capacity(paint: Painter): Promise<string[]>
  /** Every object of a kind (a resource name of src/kube/resources.ts) in the selection; cluster-scoped kinds ignore it. */
  listObjects(resource: string, selection: PodSelection): Promise<KubeObject[]>
  /** The diagnose core's report for any kind it handles, as lines of text. */
  diagnose(resource: DiagnoseResource, namespace: string, name: string, paint: Painter): Promise<string[]>
  /** One object as YAML lines, read-only (managedFields left out, as kubectl get -o yaml shows by default). */
  objectYaml(resource: string, namespace: string, name: string): Promise<string[]>
  close(): void
}

export interface ContextList {
  names: string[]
  current: string | undefined
}

/** Opens clusters: the one the flags name, and any other context of the kubeconfig. */
export interface DashConnector {
  /** undefined = what the flags (or the kubeconfig's current context) say. */
  connect(context: string | undefined): Promise<DashCluster>
  contexts(): ContextList
}

function lines(text: string): string[] {
  const out = text.split('\n')
  if (out.at(-1) === '') out.pop()
  return out
}

/**
 * The traced object's side of a trace: watch events as they come; a (re-)list as the change from
 * the last state seen (ADDED the first time, MODIFIED when it changed meanwhile, DELETED when the
 * list no longer has it), so an outage shows up as one change rather than a gap.
 */
function traceObject(sink: TraceSink, kind: string): {sync: (items: KubeObject[]) => void; event: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject) => void} {
  let last: KubeObject | undefined
  const event = (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject) => {
    last = type === 'DELETED' ? undefined : object
    sink.object(type, {...object, kind: object.kind ?? kind})
  }
  const sync = (items: KubeObject[]) => {
    const current = items[0]
    if (!current) {
      if (last) event('DELETED', last)
    } else if (!last) event('ADDED', current)
    else if (current.metadata.resourceVersion !== last.metadata.resourceVersion) event('MODIFIED', current)
  }
  return {sync, event}
}

/** The events' side of a trace: each version of an event once, however often a re-list hands it over again. */
function traceEvents(sink: TraceSink): {sync: (items: KubeObject[]) => void; event: (event: KubeObject) => void} {
  const shown = new Map<string, string | undefined>()
  const event = (item: KubeObject) => {
    const key = item.metadata.uid ?? `${item.metadata.namespace}/${item.metadata.name}`
    if (shown.has(key) && shown.get(key) === item.metadata.resourceVersion) return
    shown.set(key, item.metadata.resourceVersion)
    sink.event(item)
  }
  return {sync: (items) => items.forEach(event), event}
}

/** A few words for why the watch waits, from the client's error. */
export function retryReason(error: RetryNotice['error']): string {
  switch (error.reason) {
    case 'unreachable':
      return 'API server unreachable'
    case 'timeout':
      return 'API server not answering'
    case 'idle':
      return 'watch went quiet'
    case 'gone':
      return 'history compacted, listing again'
    default:
      if (error.status === 429) return 'API server throttling (429)'
      if (error.status !== undefined) return `API server error ${error.status}`
      return 'API server broke the watch'
  }
}

export function watchTrouble(notice: RetryNotice): WatchTrouble {
  return {reason: retryReason(notice.error), message: notice.error.message.split('\n')[0]!, delayMs: notice.delayMs, attempt: notice.attempt}
}

/**
 * The dash's cluster over a KubeClient; the cores load when first used. Long only as an object
 * of small methods, one per DashCluster operation, all closing over the one client.
 */
export function kubeCluster(client: KubeClient): DashCluster {
  return {
    contextName: client.contextName,
    defaultNamespace: client.namespace,

    async watchPods(selection, handlers) {
      await client.sync<KubeObject & PodObject>('pods', {
        ...(selection.allNamespaces ? {allNamespaces: true} : {namespace: selection.namespace}),
        labelSelector: selection.labelSelector,
        signal: handlers.signal,
        onSync: handlers.onSync,
        onEvent: handlers.onEvent,
        onRetry: (notice) => handlers.onRetry(watchTrouble(notice)),
        onRecovered: handlers.onRecovered,
        // A dash opened while the server is briefly away shows that, and keeps trying.
        retryFromStart: true,
      })
    },

    async namespaces() {
      const {items} = await client.list<{metadata: {name: string}}>('namespaces')
      return items.map((ns) => ns.metadata.name).sort()
    },

    async diagnosePod(namespace, name, paint) {
      const {diagnose} = await import('../../diagnose/diagnose.js')
      const {renderDiagnosis} = await import('../../diagnose/report.js')
      const diagnosis = await diagnose(client, 'pods', name, {namespace, tailLines: 20, logs: true, nodeLogs: true, maxPods: 3})
      return lines(renderDiagnosis(diagnosis, paint, Date.now()))
    },

    async followLogs(namespace, name, sink, paint, signal, logOptions = defaultLogOptions) {
      const {sessionOptions} = await import('../../tail/options.js')
      const {runTailSession} = await import('../../tail/session.js')
      const {podSource} = await import('../../tail/cluster.js')
      const options = sessionOptions(tailFlags(namespace, name, logOptions), namespace, {out: paint.enabled, err: paint.enabled})
      const source = podSource(client)
      // The previous run: every log request of the session asks for it (kubectl logs --previous).
      const logs = logOptions.previous ? {...source, openLog: (ns: string, pod: string, container: string, request: Parameters<typeof source.openLog>[3], s: AbortSignal) => source.openLog(ns, pod, container, {...request, previous: true}, s)} : source
      let partial = ''
      const out = {
        write(text: string): boolean {
          const parts = (partial + text).split('\n')
          partial = parts.pop() ?? ''
          if (parts.length > 0) sink.lines(parts)
          return true
        },
        once(): void {},
      }
      await runTailSession(logs, options, {out, err: (text) => sink.notice(text.replace(/\n$/, ''))}, signal)
      if (partial) sink.lines([partial])
    },

    async podContainers(namespace, name) {
      const pod = await client.get<KubeObject & PodObject>('pods', name, namespace)
      return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name)
    },

    async nodeUsage(pods) {
      const {readNodes, readSnapshot} = await import('../../capacity/cluster.js')
      if (!pods) return nodeUsageByName(await readSnapshot(client, {withPods: false, withMetrics: true}))
      const [nodes, usage] = await Promise.all([readNodes(client), nodeMetrics(client)])
      return new Map(
        nodes.map((node) => {
          const sum = pods.get(node.name)
          return [node.name, nodeUsageCells({...node, allPods: sum?.pods ?? 0, allRequests: {cpu: sum?.cpu ?? 0n, memory: sum?.memory ?? 0n}, usage: usage?.get(node.name)})]
        }),
      )
    },

    async xray(resource, namespace, name) {
      return treeLines(await xrayTree(xrayReader(client), resource, namespace, name))
    },

    async trace(resource, namespace, name, sink, signal) {
      const {namespaced, kind} = resourceInfo(resource)
      const onRetry = (notice: RetryNotice) => sink.trouble(retryReason(notice.error))
      // Informers, not bare watches: after an outage whose history the server compacted (410),
      // each side lists again and the trace goes on from the state it finds.
      const object = traceObject(sink, kind)
      const events = traceEvents(sink)
      await Promise.all([
        client.sync<KubeObject>(resource, {namespace: namespaced ? namespace : undefined, fieldSelector: `metadata.name=${name}`, signal, onRetry, retryFromStart: true, onSync: object.sync, onEvent: object.event}),
        client.sync<KubeObject>('events', {
          ...(namespaced ? {namespace} : {allNamespaces: true}),
          fieldSelector: `involvedObject.name=${name},involvedObject.kind=${kind}`,
          signal,
          onRetry,
          retryFromStart: true,
          onSync: events.sync,
          onEvent: (type, event) => type !== 'DELETED' && events.event(event),
        }),
      ])
    },

    async capacity(paint) {
      const {readSnapshot} = await import('../../capacity/cluster.js')
      const {buildShow, showText} = await import('../../capacity/show.js')
      const snapshot = await readSnapshot(client, {withPods: false, withMetrics: true})
      return lines(showText(buildShow(snapshot, {sort: 'name'}), {labelColumns: [], withPods: false, paint}))
    },

    async listObjects(resource, selection) {
      const {items} = await client.list<KubeObject>(resource, selection.allNamespaces ? {allNamespaces: true} : {namespace: selection.namespace})
      return items
    },

    async diagnose(resource, namespace, name, paint) {
      const {diagnose} = await import('../../diagnose/diagnose.js')
      const {renderDiagnosis} = await import('../../diagnose/report.js')
      const diagnosis = await diagnose(client, resource, name, {namespace, tailLines: 20, logs: true, nodeLogs: true, maxPods: 3})
      return lines(renderDiagnosis(diagnosis, paint, Date.now()))
    },

    async objectYaml(resource, namespace, name) {
      const object = await client.get<KubeObject>(resource, name, namespace || undefined)
      const {managedFields: _managed, ...metadata} = object.metadata
      return lines(stringify({...object, metadata}))
    },

    close() {
      client.close()
    },
  }
}

/** Node usage from metrics.k8s.io (cpu and memory, in the capacity core's units); undefined when it is not served or not readable. */
async function nodeMetrics(client: KubeClient): Promise<Map<string, {cpu?: bigint; memory?: bigint}> | undefined> {
  const {parseRequest} = await import('../../capacity/quantity.js')
  try {
    const usage = new Map<string, {cpu?: bigint; memory?: bigint}>()
    for await (const page of client.listPages<KubeObject & {usage?: {cpu?: string; memory?: string}}>('nodes.metrics.k8s.io', {})) {
      for (const item of page) {
        const read = (value: string | undefined, what: string) => (value === undefined ? undefined : parseRequest(value, `node metrics ${item.metadata.name} ${what}`))
        usage.set(item.metadata.name, {cpu: read(item.usage?.cpu, 'cpu'), memory: read(item.usage?.memory, 'memory')})
      }
    }
    return usage
  } catch {
    return undefined
  }
}

/** xray's reads over the API client; Secrets by their metadata only. */
function xrayReader(client: KubeClient): XrayReader {
  return {
    get: (resource, namespace, name) => client.get<KubeObject>(resource, name, namespace || undefined),
    metadata: async (resource, namespace, name) => (await client.getMetadata(resource, name, namespace || undefined)) as KubeObject,
    list: async (resource, namespace, labelSelector, fieldSelector) => (await client.list<KubeObject>(resource, {...(namespace ? {namespace} : {allNamespaces: true}), labelSelector, fieldSelector})).items,
  }
}

/** The connector for `kubectl dash`: the flags' connection, and other contexts by name. */
export function kubeConnector(base: ConnectionOptions, connectClient: (options: ConnectionOptions) => Promise<KubeClient>, listContexts: () => ContextList): DashConnector {
  return {
    async connect(context) {
      // Another context brings its own cluster, user and namespace; the flags' files and timeout stay.
      const options = context === undefined ? base : {...base, context, cluster: undefined, user: undefined, namespace: undefined}
      return kubeCluster(await connectClient(options))
    },
    contexts: listContexts,
  }
}
