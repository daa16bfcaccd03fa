/**
 * The kinds `:` opens besides pods (the ones the diagnose core handles, and events): how a
 * name typed after `:` finds its kind, and each kind's list columns, computed from the object
 * as kubectl's printers compute them (the few columns that say whether it is healthy).
 */
import type {KubeObject} from '../../kube/client.js'
import {humanDuration} from '../../print/duration.js'
import {nodeUsageColumns} from './node-usage.js'
import type {ObjectRow} from './object-row.js'

export interface KindSpec {
  /** The resource name (src/kube/resources.ts), also the diagnose core's resource. */
  resource: string
  title: string
  aliases: readonly string[]
  namespaced: boolean
  /** Has a diagnosis (the diagnose core). */
  diagnosable: boolean
  columns: readonly string[]
  cells: (object: KubeObject, now: number) => string[]
  /** Unwell as the list can tell (marked `!`). */
  failing: (object: KubeObject) => boolean
}

export type {ObjectRow} from './object-row.js'

type Shape = Record<string, unknown>
const at = (object: unknown, ...path: string[]): unknown => path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Shape)[key] : undefined), object)
const num = (value: unknown): number => (typeof value === 'number' ? value : 0)
const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '' : String(value))

function age(object: KubeObject, now: number): string {
  const created = Date.parse(object.metadata.creationTimestamp ?? '')
  return Number.isFinite(created) ? humanDuration(Math.max(0, now - created)) : '<unknown>'
}

function replicas(object: KubeObject): [number, number] {
  return [num(at(object, 'status', 'readyReplicas')), typeof at(object, 'spec', 'replicas') === 'number' ? num(at(object, 'spec', 'replicas')) : 1]
}

function nodeReady(object: KubeObject): string {
  const conditions = (at(object, 'status', 'conditions') as Array<{type: string; status: string}> | undefined) ?? []
  const ready = conditions.find((c) => c.type === 'Ready')
  const status = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown'
  return at(object, 'spec', 'unschedulable') === true ? `${status},SchedulingDisabled` : status
}

function eventObject(object: KubeObject): string {
  return `${str(at(object, 'involvedObject', 'kind')).toLowerCase()}/${str(at(object, 'involvedObject', 'name'))}`
}

function eventLastSeen(object: KubeObject, now: number): string {
  const last = Date.parse(str(at(object, 'lastTimestamp')) || str(at(object, 'eventTime')) || (object.metadata.creationTimestamp ?? ''))
  return Number.isFinite(last) ? humanDuration(Math.max(0, now - last)) : '<unknown>'
}

const workload = (resource: string, title: string, aliases: string[]): KindSpec => ({
  resource,
  title,
  aliases,
  namespaced: true,
  diagnosable: true,
  columns: ['READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  cells: (o, now) => {
    const [ready, want] = replicas(o)
    return [`${ready}/${want}`, String(num(at(o, 'status', 'updatedReplicas'))), String(num(at(o, 'status', 'availableReplicas'))), age(o, now)]
  },
  failing: (o) => {
    const [ready, want] = replicas(o)
    return ready < want
  },
})

export const kinds: readonly KindSpec[] = [
  workload('deployments', 'Deployments', ['deploy', 'deployment']),
  {...workload('statefulsets', 'StatefulSets', ['sts', 'statefulset']), columns: ['READY', 'AGE'], cells: (o, now) => [`${replicas(o)[0]}/${replicas(o)[1]}`, age(o, now)]},
  {
    resource: 'daemonsets', title: 'DaemonSets', aliases: ['ds', 'daemonset'], namespaced: true, diagnosable: true,
    columns: ['DESIRED', 'READY', 'AVAILABLE', 'AGE'],
    cells: (o, now) => [String(num(at(o, 'status', 'desiredNumberScheduled'))), String(num(at(o, 'status', 'numberReady'))), String(num(at(o, 'status', 'numberAvailable'))), age(o, now)],
    failing: (o) => num(at(o, 'status', 'numberReady')) < num(at(o, 'status', 'desiredNumberScheduled')),
  },
  {
    resource: 'jobs', title: 'Jobs', aliases: ['job'], namespaced: true, diagnosable: true,
    columns: ['COMPLETIONS', 'FAILED', 'AGE'],
    cells: (o, now) => [`${num(at(o, 'status', 'succeeded'))}/${typeof at(o, 'spec', 'completions') === 'number' ? num(at(o, 'spec', 'completions')) : 1}`, String(num(at(o, 'status', 'failed'))), age(o, now)],
    failing: (o) => num(at(o, 'status', 'failed')) > 0,
  },
  {
    resource: 'cronjobs', title: 'CronJobs', aliases: ['cj', 'cronjob'], namespaced: true, diagnosable: true,
    columns: ['SCHEDULE', 'SUSPEND', 'ACTIVE', 'AGE'],
    cells: (o, now) => [str(at(o, 'spec', 'schedule')), String(at(o, 'spec', 'suspend') === true), String(((at(o, 'status', 'active') as unknown[] | undefined) ?? []).length), age(o, now)],
    failing: () => false,
  },
  {
    resource: 'nodes', title: 'Nodes', aliases: ['no', 'node'], namespaced: false, diagnosable: true,
    // The capacity columns are filled in from the capacity core's snapshot (node-usage.ts).
    columns: ['STATUS', 'VERSION', 'AGE', ...nodeUsageColumns],
    cells: (o, now) => [nodeReady(o), str(at(o, 'status', 'nodeInfo', 'kubeletVersion')), age(o, now), ...nodeUsageColumns.map(() => '…')],
    failing: (o) => !nodeReady(o).startsWith('Ready'),
  },
  {
    resource: 'services', title: 'Services', aliases: ['svc', 'service'], namespaced: true, diagnosable: true,
    columns: ['TYPE', 'CLUSTER-IP', 'AGE'],
    cells: (o, now) => [str(at(o, 'spec', 'type')) || 'ClusterIP', str(at(o, 'spec', 'clusterIP')), age(o, now)],
    failing: () => false,
  },
  {
    resource: 'ingresses', title: 'Ingresses', aliases: ['ing', 'ingress'], namespaced: true, diagnosable: true,
    columns: ['CLASS', 'HOSTS', 'AGE'],
    cells: (o, now) => [str(at(o, 'spec', 'ingressClassName')) || '<none>', (((at(o, 'spec', 'rules') as Array<{host?: string}> | undefined) ?? []).map((r) => r.host ?? '*').join(',') || '*'), age(o, now)],
    failing: () => false,
  },
  {
    resource: 'persistentvolumeclaims', title: 'PersistentVolumeClaims', aliases: ['pvc', 'pvcs', 'persistentvolumeclaim'], namespaced: true, diagnosable: true,
    columns: ['STATUS', 'VOLUME', 'AGE'],
    cells: (o, now) => [str(at(o, 'status', 'phase')), str(at(o, 'spec', 'volumeName')), age(o, now)],
    failing: (o) => str(at(o, 'status', 'phase')) !== 'Bound',
  },
  {
    resource: 'namespaces', title: 'Namespaces', aliases: ['ns', 'namespace'], namespaced: false, diagnosable: true,
    columns: ['STATUS', 'AGE'],
    cells: (o, now) => [str(at(o, 'status', 'phase')) || 'Active', age(o, now)],
    failing: (o) => str(at(o, 'status', 'phase')) === 'Terminating',
  },
  {
    resource: 'events', title: 'Events', aliases: ['ev', 'event'], namespaced: true, diagnosable: false,
    columns: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    cells: (o, now) => [eventLastSeen(o, now), str(at(o, 'type')), str(at(o, 'reason')), eventObject(o), str(at(o, 'message')).replace(/\s+/g, ' ')],
    failing: (o) => at(o, 'type') === 'Warning',
  },
]

/** The kind a word after `:` names (plural, singular or short name, any case); `pods` is the pod list. */
export function kindFor(word: string): KindSpec | 'pods' | undefined {
  const name = word.trim().toLowerCase()
  if (['po', 'pod', 'pods'].includes(name)) return 'pods'
  return kinds.find((k) => k.resource === name || k.aliases.includes(name))
}

/** Completion for the command line: the kinds whose names start with what was typed. */
export function kindCompletions(prefix: string): string[] {
  const p = prefix.trim().toLowerCase()
  return ['pods', ...kinds.map((k) => k.resource)].filter((name) => name.startsWith(p))
}

export function objectRows(kind: KindSpec, objects: readonly KubeObject[], now: number): ObjectRow[] {
  const rows = objects.map((o) => ({
    key: `${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
    cells: kind.cells(o, now),
    failing: kind.failing(o),
  }))
  // Events newest first (as they matter now); everything else by namespace and name.
  if (kind.resource === 'events') return rows.reverse()
  return rows.sort((a, b) => a.key.localeCompare(b.key))
}
