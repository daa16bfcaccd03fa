/**
 * Objects from the API server read as kubectl's typed decoder reads them, so that a malformed one
 * is one line naming the object and the field, never a TypeError deep in a core
 * (`pod.spec.containers is not iterable`). Go's decoder takes null as the zero value and refuses
 * a field of the wrong type (`json: cannot unmarshal object into Go struct field
 * PodSpec.spec.containers of type []v1.Container`); so does this, for the fields kubekit reads:
 * nulls are dropped (a struct held by value, such as a pod's spec, becomes empty; in a list, a
 * null becomes the item's zero value), quantities written as JSON
 * numbers become the strings the cores parse, and anything else of the wrong type is refused.
 */
import {KubeError} from './errors.js'
import {isMapping} from '../util/mapping.js'

type Scalar = 'string' | 'number' | 'boolean' | 'time' | 'quantity'
/** `object`: any mapping; `labels`: strings by name; `quantities`: quantities by name. */
type Shape = Scalar | 'object' | 'labels' | 'quantities' | {list: Shape} | {fields: Record<string, Shape>; struct?: true}

const list = (item: Shape): Shape => ({list: item})
const fields = (map: Record<string, Shape>): {fields: Record<string, Shape>} => ({fields: map})
/** A struct Go holds by value (a pod's spec and status): null is the empty struct, not an absent one. */
const struct = (map: Record<string, Shape>): {fields: Record<string, Shape>; struct: true} => ({fields: map, struct: true})

const condition = fields({type: 'string', status: 'string', reason: 'string', message: 'string', lastTransitionTime: 'time'})
const containerState = fields({
  waiting: fields({reason: 'string', message: 'string'}),
  running: fields({startedAt: 'time'}),
  terminated: fields({exitCode: 'number', signal: 'number', reason: 'string', message: 'string', startedAt: 'time', finishedAt: 'time'}),
})
const containerStatus = fields({name: 'string', ready: 'boolean', started: 'boolean', restartCount: 'number', image: 'string', imageID: 'string', containerID: 'string', state: containerState, lastState: containerState})
const container = fields({
  name: 'string',
  image: 'string',
  command: list('string'),
  args: list('string'),
  env: list(fields({name: 'string', value: 'string', valueFrom: 'object'})),
  envFrom: list('object'),
  ports: list(fields({name: 'string', containerPort: 'number', protocol: 'string'})),
  resources: fields({requests: 'quantities', limits: 'quantities'}),
  volumeMounts: list(fields({name: 'string', mountPath: 'string', subPath: 'string', readOnly: 'boolean'})),
  readinessProbe: 'object',
  livenessProbe: 'object',
  startupProbe: 'object',
  lifecycle: 'object',
  securityContext: 'object',
})
const metadata = struct({
  name: 'string',
  namespace: 'string',
  uid: 'string',
  resourceVersion: 'string',
  labels: 'labels',
  annotations: 'labels',
  creationTimestamp: 'time',
  deletionTimestamp: 'time',
  finalizers: list('string'),
  ownerReferences: list(fields({apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'boolean'})),
})
const podSpec = struct({
  containers: list(container),
  initContainers: list(container),
  ephemeralContainers: list(container),
  volumes: list('object'),
  nodeName: 'string',
  nodeSelector: 'labels',
  tolerations: list('object'),
  affinity: 'object',
  securityContext: 'object',
  priorityClassName: 'string',
  serviceAccountName: 'string',
  terminationGracePeriodSeconds: 'number',
  hostNetwork: 'boolean',
})
const podStatus = struct({
  phase: 'string',
  reason: 'string',
  message: 'string',
  hostIP: 'string',
  podIP: 'string',
  startTime: 'time',
  conditions: list(condition),
  containerStatuses: list(containerStatus),
  initContainerStatuses: list(containerStatus),
  ephemeralContainerStatuses: list(containerStatus),
})
const template = struct({metadata, spec: podSpec})
const workload = fields({metadata, spec: struct({replicas: 'number', selector: 'object', template}), status: 'object'})

const shapes: Record<string, {fields: Record<string, Shape>}> = {
  pods: fields({metadata, spec: podSpec, status: podStatus}),
  nodes: fields({
    metadata,
    spec: struct({unschedulable: 'boolean', podCIDR: 'string', taints: list(fields({key: 'string', value: 'string', effect: 'string'}))}),
    status: struct({conditions: list(condition), allocatable: 'quantities', capacity: 'quantities', nodeInfo: 'object', addresses: list(fields({type: 'string', address: 'string'}))}),
  }),
  deployments: workload,
  replicasets: workload,
  statefulsets: workload,
  daemonsets: workload,
  jobs: workload,
  cronjobs: fields({metadata, spec: fields({schedule: 'string', suspend: 'boolean', jobTemplate: fields({metadata, spec: fields({template})})})}),
}
const anyObject = fields({metadata})

/** Kubernetes' quantity grammar: a decimal number with an optional exponent or suffix. */
const quantityPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/
/** RFC 3339 as the API server writes it (metav1.Time): a date, T, a time, a zone. */
const timePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (isMapping(value)) return 'a mapping'
  return `a ${typeof value}`
}

/** A shape compiled once: field lists as arrays, so checking an object allocates nothing. */
type Compiled = {scalar: Scalar} | {mapping: true} | {entries: Scalar} | {list: Compiled; zero: () => unknown} | {fields: Array<[string, Compiled]>; struct: boolean}

function compile(shape: Shape): Compiled {
  if (typeof shape !== 'string') {
    if ('list' in shape) return {list: compile(shape.list), zero: zeroOf(shape.list)}
    return {fields: Object.entries(shape.fields).map(([name, field]) => [name, compile(field)]), struct: shape.struct === true}
  }
  if (shape === 'object') return {mapping: true}
  if (shape === 'labels') return {entries: 'string'}
  if (shape === 'quantities') return {entries: 'quantity'}
  return {scalar: shape}
}

/** Go's zero value of a list item, for a null in the list. */
function zeroOf(shape: Shape): () => unknown {
  if (shape === 'string') return () => ''
  if (shape === 'number') return () => 0
  if (shape === 'boolean') return () => false
  if (typeof shape !== 'string' && 'list' in shape) return () => []
  return () => ({})
}

/** What is wrong, and where: the path is built only on the way back from a problem. */
interface Problem {
  path: string[]
  text: string
}

function scalarProblem(shape: Scalar, holder: Record<string, unknown> | unknown[], key: string | number): string | undefined {
  const value = (holder as Record<string | number, unknown>)[key]
  switch (shape) {
    case 'time':
      return typeof value === 'string' && timePattern.test(value) ? undefined : `is ${describe(value)} that is not an RFC 3339 time`
    case 'quantity':
      if (typeof value === 'number' && Number.isFinite(value)) {
        ;(holder as Record<string | number, unknown>)[key] = String(value)
        return undefined
      }
      return typeof value === 'string' && quantityPattern.test(value.trim()) ? undefined : `is ${describe(value)} that is not a quantity`
    default:
      return typeof value === shape ? undefined : `is ${describe(value)}, not a ${shape}`
  }
}

/** Checks holder[key] (not null) against `node`, normalising in place. */
function visit(node: Compiled, holder: Record<string, unknown> | unknown[], key: string | number): Problem | undefined {
  const value = (holder as Record<string | number, unknown>)[key]
  if ('scalar' in node) {
    const text = scalarProblem(node.scalar, holder, key)
    return text ? {path: [], text} : undefined
  }
  if ('list' in node) return Array.isArray(value) ? visitItems(node.list, node.zero, value) : {path: [], text: `is ${describe(value)}, not a list`}
  if (!isMapping(value)) return {path: [], text: `is ${describe(value)}, not a mapping`}
  if ('entries' in node) return visitEntries(node.entries, value)
  if ('fields' in node) return visitFields(node.fields, value)
  return undefined
}

function visitItems(item: Compiled, zero: () => unknown, items: unknown[]): Problem | undefined {
  for (let i = 0; i < items.length; i++) {
    if (items[i] === null) items[i] = zero()
    const problem = visit(item, items, i)
    if (problem) return {path: [`[${i}]`, ...problem.path], text: problem.text}
  }
  return undefined
}

function visitEntries(item: Scalar, map: Record<string, unknown>): Problem | undefined {
  for (const key in map) {
    if (map[key] === null) continue
    const text = scalarProblem(item, map, key)
    if (text) return {path: [`.${key}`], text}
  }
  return undefined
}

function visitFields(fields: Array<[string, Compiled]>, object: Record<string, unknown>): Problem | undefined {
  for (const [name, field] of fields) {
    const value = object[name]
    if (value === undefined) continue
    if (value === null) {
      if ('struct' in field && field.struct) object[name] = {}
      else delete object[name]
      continue
    }
    const problem = visit(field, object, name)
    if (problem) return {path: [`.${name}`, ...problem.path], text: problem.text}
  }
  return undefined
}

const compiled = new Map(Object.entries(shapes).map(([plural, shape]) => [plural, compile(shape)]))
const anyCompiled = compile(anyObject)

/**
 * Checks (and normalises in place) an object of `resource` as it came from the server. Throws
 * KubeError('server') naming the object and the first field that kubectl could not read either.
 */
export function conformObject(resource: {plural: string; kind: string}, candidate: Record<string, unknown>, server: string): void {
  const problem = visit(compiled.get(resource.plural) ?? anyCompiled, {candidate}, 'candidate')
  if (!problem) return
  const meta = isMapping(candidate.metadata) ? candidate.metadata : {}
  const name = [meta.namespace, meta.name].filter((part) => typeof part === 'string' && part !== '').join('/') || '(no name)'
  const field = problem.path.join('').replace(/^\./, '')
  throw new KubeError('server', `the API server at ${server} sent ${resource.kind} "${name}" whose ${field} ${problem.text}; kubectl cannot read it either`)
}
