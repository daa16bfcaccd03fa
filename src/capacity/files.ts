/**
 * `-f`: a plan file (services, daemonsets, jobs, nodes and settings) or Kubernetes
 * manifests (Deployments, StatefulSets, ReplicaSets, DaemonSets, Jobs, CronJobs, Pods,
 * Lists; multi-document). Errors name the file and line.
 */
import {CapacityError} from './errors.js'
import {readFile, readdir, stat} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {LineCounter, isMap, isScalar, isSeq, parseAllDocuments} from 'yaml'
import type {Document} from 'yaml'
import {clusterLimits, podLimitMessage} from './model.js'
import type {NodeShape, Workload} from './model.js'
import type {QuantityValue} from './pod-requests.js'
import {emptyManifestState, readManifest, resolveManifests} from './manifests.js'
import type {ManifestState} from './manifests.js'
import {parsePercent, parseRequest} from './quantity.js'
import type {Ratio} from './quantity.js'
import {providers} from './reservations.js'
import type {Provider} from './reservations.js'

export class PlanFileError extends CapacityError {
  override name = 'PlanFileError'
}

/** Settings a plan file may carry; flags override them. */
export interface PlanFileSettings {
  redundancy?: Ratio
  nodeShapes?: NodeShape[]
  reserved?: Provider
  spareNodes?: number
  zones?: number
  maxLoss?: Ratio
  podCidr?: string
  serviceCidr?: string
  vpcCidrs?: string[]
  nodePodCidrMask?: number
}

export interface LoadedFiles {
  workloads: Workload[]
  settings: PlanFileSettings
  sources: string[]
  /** Kinds read but not planned as such, HPA maxReplicas used, ... one line each. */
  warnings: string[]
}

const manifestExtensions = /\.(ya?ml|json)$/i

/** Files named by -f: files as given, directories walked for .yaml/.yml/.json. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = []
  for (const path of paths) {
    let info
    try {
      info = await stat(path)
    } catch {
      throw new PlanFileError(`-f ${path}: no such file or directory`)
    }
    if (!info.isDirectory()) {
      files.push(path)
      continue
    }
    const entries = await readdir(path, {recursive: true, withFileTypes: true})
    const found = entries
      .filter((entry) => entry.isFile() && manifestExtensions.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
    if (found.length === 0) throw new PlanFileError(`-f ${path}: the directory has no .yaml, .yml or .json files`)
    files.push(...found)
  }
  return files
}

export async function loadFiles(paths: string[], cwd = process.cwd()): Promise<LoadedFiles> {
  const result: LoadedFiles = {workloads: [], settings: {}, sources: [], warnings: []}
  const state = emptyManifestState()
  const texts = new Map<string, string>()
  for (const file of await expandPaths(paths)) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new PlanFileError(`-f ${file}: ${error.code === 'EISDIR' ? 'is a directory' : 'cannot be read'}`)
    })
    const name = relative(cwd, file) || file
    texts.set(name, text)
    readText(text, name, result, state)
    result.sources.push(name)
  }
  // Pod specs are read once every file is in (HPAs, LimitRanges, RuntimeClasses may come later).
  withTemplateHint(texts, () => resolveManifests(state, result))
  return result
}

/** Parses one file's text into `into`, as a file of its own (exported for tests). */
export function loadText(text: string, file: string, into: LoadedFiles): void {
  into.warnings ??= []
  const state = emptyManifestState()
  readText(text, file, into, state)
  withTemplateHint(new Map([[file, text]]), () => resolveManifests(state, into))
}

function readText(text: string, file: string, into: LoadedFiles, state: ManifestState): void {
  withTemplateHint(new Map([[file, text]]), () => readDocuments(text, file, into, state))
}

/** Runs `read`; an error naming a line of one of `texts` that holds `{{ ... }}` becomes the template hint. */
function withTemplateHint(texts: Map<string, string>, read: () => void): void {
  try {
    read()
  } catch (error) {
    for (const [file, text] of texts) {
      const hint = unrenderedTemplate(error, text, file)
      if (hint) throw hint
    }
    throw error
  }
}

/**
 * An error that points at a line with `{{ ... }}`: the file is a Helm (or other Go) template
 * that was not rendered, whatever the YAML made of it. Says so instead of the YAML's reading.
 */
function unrenderedTemplate(error: unknown, text: string, file: string): PlanFileError | undefined {
  if (!(error instanceof CapacityError)) return undefined
  const line = error.message.startsWith(`${file}:`) ? /^(\d+):/.exec(error.message.slice(file.length + 1))?.[1] : undefined
  const source = line === undefined ? undefined : text.split(/\r?\n/)[Number(line) - 1]
  if (source === undefined || !/\{\{.*\}\}/.test(source)) return undefined
  return new PlanFileError(`${file}:${line}: "${source.trim()}" is an unrendered template; render the chart first (helm template RELEASE CHART > rendered.yaml) and plan rendered.yaml`)
}

function readDocuments(text: string, file: string, into: LoadedFiles, state: ManifestState): void {
  const lineCounter = new LineCounter()
  const documents = parseAllDocuments(text, {lineCounter, uniqueKeys: false})
  if (!Array.isArray(documents)) throw new PlanFileError(`${file}: not a YAML stream`)
  for (const document of documents) {
    const problem = document.errors[0]
    if (problem) throw new PlanFileError(`${file}:${problem.linePos?.[0]?.line ?? 1}: ${problem.message.split('\n')[0]}`)
  }
  const contents = documents.filter((document) => document.contents !== null)
  if (contents.length === 0) return
  const reader = (document: Document.Parsed) => new Reader(document, lineCounter, file)
  // Manifests (with a kind) and one plan document may share a file.
  const plans = contents.filter((document) => !(isMap(document.contents) && document.has('kind')))
  if (plans.length > 1) throw new PlanFileError(`${file}: a plan file is one YAML document (manifests need apiVersion and kind)`)
  for (const document of contents) {
    if (plans.includes(document)) readPlanFile(reader(document), into)
    else readManifest(reader(document), [], state)
  }
}

/** Reads values out of one YAML document and names file:line for any of them. */
export class Reader {
  constructor(
    readonly document: Document.Parsed,
    readonly lines: LineCounter,
    readonly file: string,
  ) {}

  at(path: Array<string | number>): string {
    for (let length = path.length; length >= 0; length--) {
      const node = length === 0 ? this.document.contents : this.document.getIn(path.slice(0, length), true)
      const range = (node as {range?: [number, number, number]} | null | undefined)?.range
      if (range) return `${this.file}:${this.lines.linePos(range[0]).line}`
    }
    return this.file
  }

  /** file:line of a mapping key itself (for unknown keys). */
  keyAt(path: Array<string | number>): string {
    const parentPath = path.slice(0, -1)
    const parent = parentPath.length === 0 ? this.document.contents : this.document.getIn(parentPath, true)
    if (isMap(parent)) {
      const pair = parent.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === path.at(-1))
      const range = isScalar(pair?.key) ? pair.key.range : undefined
      if (range) return `${this.file}:${this.lines.linePos(range[0]).line}`
    }
    return this.at(path)
  }

  get(path: Array<string | number>): unknown {
    const value = this.document.getIn(path)
    return value && typeof value === 'object' && 'toJSON' in value ? (value as {toJSON(): unknown}).toJSON() : value
  }

  list(path: Array<string | number>): number {
    const node = path.length === 0 ? this.document.contents : this.document.getIn(path, true)
    if (node === undefined || node === null) return 0
    if (!isSeq(node)) throw new PlanFileError(`${this.at(path)}: ${path.at(-1)} must be a list`)
    return node.items.length
  }

  js(path: Array<string | number>): unknown {
    const node = path.length === 0 ? this.document.contents : this.document.getIn(path, true)
    return node && typeof node === 'object' && 'toJSON' in node ? (node as {toJSON(): unknown}).toJSON() : node
  }

  count(path: Array<string | number>, what: string, fallback: number, minimum = 0): number {
    const value = this.get(path)
    if (value === undefined || value === null) return fallback
    if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) throw new PlanFileError(`${this.at(path)}: ${what} must be a whole number ≥ ${minimum}, not ${JSON.stringify(value)}`)
    return value
  }

  text(path: Array<string | number>): string | undefined {
    const value = this.get(path)
    if (value === undefined || value === null) return undefined
    return String(value)
  }
}

const requestKeys = new Set(['cpu', 'memory', 'ephemeral-storage', 'gpu'])
const nonResourceKeys = new Set(['name', 'count', 'replicas', 'concurrency', 'limits', 'requests', 'kind', 'maxPods'])

/** A plan file entry's resources: cpu, memory, ephemeral-storage, gpu (nvidia.com/gpu), any extended resource. */
function entryRequests(reader: Reader, path: Array<string | number>): Workload['requests'] {
  const entry = reader.js(path)
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new PlanFileError(`${reader.at(path)}: each entry must be a mapping with name, cpu and memory`)
  const requests: Workload['requests'] = {}
  const nested = (entry as {requests?: unknown}).requests
  const source: Record<string, unknown> = nested && typeof nested === 'object' ? (nested as Record<string, unknown>) : (entry as Record<string, unknown>)
  const base = nested && typeof nested === 'object' ? [...path, 'requests'] : path
  for (const [key, value] of Object.entries(source)) {
    if (nonResourceKeys.has(key)) continue
    if (!requestKeys.has(key) && !key.includes('/') && !key.startsWith('hugepages-')) {
      throw new PlanFileError(`${reader.keyAt([...base, key])}: unknown key "${key}" (use cpu, memory, ephemeral-storage, gpu or a resource name like nvidia.com/gpu)`)
    }
    if (typeof value !== 'string' && typeof value !== 'number') throw new PlanFileError(`${reader.at([...base, key])}: ${key} must be a quantity such as 2, 500m or 4Gi`)
    requests[key === 'gpu' ? 'nvidia.com/gpu' : key] = parseRequest(value, reader.at([...base, key]))
  }
  return requests
}

function entryLimits(reader: Reader, path: Array<string | number>): Workload['limits'] {
  const limits: Workload['limits'] = {}
  const given = reader.js([...path, 'limits'])
  if (!given || typeof given !== 'object') return limits
  for (const [key, value] of Object.entries(given as Record<string, QuantityValue>)) {
    limits[key === 'gpu' ? 'nvidia.com/gpu' : key] = parseRequest(value, reader.at([...path, 'limits', key]))
  }
  return limits
}

const topLevelKeys = new Set(['redundancy', 'services', 'daemonsets', 'daemonSets', 'jobs', 'nodes', 'reserved', 'spareNodes', 'zones', 'maxLoss', 'network'])

function readPlanFile(reader: Reader, into: LoadedFiles): void {
  const root = reader.js([])
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new PlanFileError(`${reader.at([])}: a plan file is a mapping with services, daemonsets, jobs and nodes`)
  for (const key of Object.keys(root)) if (!topLevelKeys.has(key)) throw new PlanFileError(`${reader.keyAt([key])}: unknown key "${key}" (expected one of ${[...topLevelKeys].join(', ')})`)
  const settings = into.settings
  const redundancy = reader.text(['redundancy'])
  if (redundancy !== undefined) settings.redundancy = parsePercent(redundancy, reader.at(['redundancy']))
  const name = (path: Array<string | number>, fallback: string) => reader.text([...path, 'name']) ?? fallback
  for (let i = 0; i < reader.list(['services']); i++) {
    const path = ['services', i]
    const count = reader.count([...path, 'count'], 'count', 1)
    const replicas = reader.count([...path, 'replicas'], 'replicas', 1)
    const pods = Math.max(count, count * replicas)
    if (pods > clusterLimits.pods) throw new PlanFileError(podLimitMessage(`${reader.at(path)}: count × replicas`, pods))
    const workload = {
      kind: 'Service' as const,
      replicas,
      perNode: false,
      requests: entryRequests(reader, path),
      limits: entryLimits(reader, path),
      source: reader.at(path),
    }
    const base = name(path, `service-${i + 1}`)
    for (let n = 0; n < count; n++) into.workloads.push({...workload, name: count > 1 ? `${base}-${n + 1}` : base})
  }
  const daemonSetsKey = reader.get(['daemonSets']) !== undefined ? 'daemonSets' : 'daemonsets'
  for (let i = 0; i < reader.list([daemonSetsKey]); i++) {
    const path = [daemonSetsKey, i]
    into.workloads.push({name: name(path, `daemonset-${i + 1}`), kind: 'DaemonSet', replicas: 1, perNode: true, requests: entryRequests(reader, path), limits: entryLimits(reader, path), source: reader.at(path)})
  }
  for (let i = 0; i < reader.list(['jobs']); i++) {
    const path = ['jobs', i]
    const concurrency = reader.count([...path, 'concurrency'], 'concurrency', reader.count([...path, 'replicas'], 'replicas', 1))
    into.workloads.push({name: name(path, `job-${i + 1}`), kind: 'Job', replicas: concurrency, perNode: false, requests: entryRequests(reader, path), limits: entryLimits(reader, path), source: reader.at(path)})
  }
  const shapes: NodeShape[] = []
  for (let i = 0; i < reader.list(['nodes']); i++) {
    const path = ['nodes', i]
    const capacity = entryRequests(reader, path)
    if (capacity.cpu === undefined || capacity.memory === undefined) throw new PlanFileError(`${reader.at(path)}: a node shape needs cpu and memory`)
    shapes.push({name: name(path, `${reader.text([...path, 'cpu'])}c/${reader.text([...path, 'memory'])}`), capacity, maxPods: reader.count([...path, 'maxPods'], 'maxPods', 110, 1)})
  }
  if (shapes.length > 0) settings.nodeShapes = shapes
  const reserved = reader.text(['reserved'])
  if (reserved !== undefined) {
    if (!(providers as readonly string[]).includes(reserved)) throw new PlanFileError(`${reader.at(['reserved'])}: reserved must be one of ${providers.join(', ')}`)
    settings.reserved = reserved as Provider
  }
  if (reader.get(['spareNodes']) !== undefined) settings.spareNodes = reader.count(['spareNodes'], 'spareNodes', 0)
  if (reader.get(['zones']) !== undefined) settings.zones = reader.count(['zones'], 'zones', 1, 1)
  const maxLoss = reader.text(['maxLoss'])
  if (maxLoss !== undefined) settings.maxLoss = parsePercent(maxLoss, reader.at(['maxLoss']))
  const podCidr = reader.text(['network', 'podCidr'])
  if (podCidr !== undefined) settings.podCidr = podCidr
  const serviceCidr = reader.text(['network', 'serviceCidr'])
  if (serviceCidr !== undefined) settings.serviceCidr = serviceCidr
  const vpcs = reader.get(['network', 'vpcCidrs'])
  if (Array.isArray(vpcs)) settings.vpcCidrs = vpcs.map(String)
  if (reader.get(['network', 'nodePodCidrMask']) !== undefined) settings.nodePodCidrMask = reader.count(['network', 'nodePodCidrMask'], 'nodePodCidrMask', 24)
}
