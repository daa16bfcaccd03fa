/**
 * Scenario files (YAML or JSON): `objects`, `logs`, `nodeLogs`, `metrics`, `faults`. A bad file gets one
 * error that names the file and the object (`objects[3] (Pod "web-1")`) and says what is wrong.
 */
import {readFile} from 'node:fs/promises'
import {parse} from 'yaml'
import {FaultRuleError, validateFaultRule} from '../faults.js'
import {resourceForObject} from '../resources.js'
import type {KubeObject, LogSpec, NodeLogSpec, Scenario} from '../types.js'
import {isMapping} from '../../util/mapping.js'

export class ScenarioError extends Error {
  override name = 'ScenarioError'
}

const topLevelKeys = new Set(['objects', 'logs', 'nodeLogs', 'metrics', 'faults'])
const logKeys = new Set(['current', 'previous', 'generate', 'dropAfterLines'])
const namePattern = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/

function describe(index: number, object: unknown): string {
  if (!isMapping(object)) return `objects[${index}]`
  const kind = typeof object.kind === 'string' ? object.kind : undefined
  const meta = isMapping(object.metadata) ? object.metadata : {}
  const name = typeof meta.name === 'string' ? meta.name : undefined
  if (kind && name) return `objects[${index}] (${kind} "${name}")`
  if (kind) return `objects[${index}] (${kind})`
  return `objects[${index}]`
}

/** Checks a scenario's data; `source` names it in errors (a file path, or `options.objects`). */
export function validateScenario(data: unknown, source: string): Scenario {
  const fail = (what: string): never => {
    throw new ScenarioError(`${source}: ${what}`)
  }
  if (!isMapping(data)) fail('a scenario must be a mapping of objects, logs, nodeLogs, metrics and faults')
  const doc = data as Record<string, unknown>
  for (const key of Object.keys(doc)) if (!topLevelKeys.has(key)) fail(`unknown key "${key}" (expected objects, logs, nodeLogs, metrics, faults)`)
  // No `objects` is no objects (a file of logs only); a present `objects` must be a list.
  if (doc.objects !== undefined && !Array.isArray(doc.objects)) fail('`objects` must be a list of Kubernetes objects')
  const seen = new Map<string, number>()
  const objects = (doc.objects ?? []) as unknown[]
  objects.forEach((object, i) => {
    const where = describe(i, object)
    if (!isMapping(object)) fail(`${where}: must be a mapping (a Kubernetes object)`)
    const o = object as Record<string, unknown>
    if (typeof o.apiVersion !== 'string' || o.apiVersion === '') fail(`${where}: apiVersion is missing`)
    if (typeof o.kind !== 'string' || o.kind === '') fail(`${where}: kind is missing`)
    const resource = resourceForObject(o.apiVersion as string, o.kind as string)
    if (!resource) fail(`${where}: the sandbox does not serve kind "${o.kind}" in apiVersion "${o.apiVersion}"`)
    if (!isMapping(o.metadata)) fail(`${where}: metadata is missing`)
    const meta = o.metadata as Record<string, unknown>
    if (typeof meta.name !== 'string' || meta.name === '') fail(`${where}: metadata.name is missing`)
    if (!namePattern.test(meta.name as string) && resource!.group !== 'metrics.k8s.io') fail(`${where}: metadata.name "${meta.name}" is not a valid name (lower case letters, digits, '-' and '.')`)
    if (meta.namespace !== undefined && typeof meta.namespace !== 'string') fail(`${where}: metadata.namespace must be a string`)
    if (!resource!.namespaced && meta.namespace) fail(`${where}: ${o.kind} is cluster-scoped but has metadata.namespace "${meta.namespace}"`)
    for (const field of ['labels', 'annotations'] as const) {
      if (meta[field] === undefined) continue
      if (!isMapping(meta[field]) || Object.values(meta[field] as object).some((v) => typeof v !== 'string')) fail(`${where}: metadata.${field} must map strings to strings`)
    }
    if (meta.creationTimestamp !== undefined && Number.isNaN(Date.parse(String(meta.creationTimestamp)))) fail(`${where}: metadata.creationTimestamp "${meta.creationTimestamp}" is not an RFC 3339 time`)
    const key = `${resource!.group}/${resource!.plural}/${resource!.namespaced ? ((meta.namespace as string) ?? 'default') : ''}/${meta.name}`
    if (seen.has(key)) fail(`${where}: duplicates objects[${seen.get(key)}]`)
    seen.set(key, i)
  })
  const scenario: Scenario = {objects: objects as KubeObject[]}
  if (doc.logs !== undefined) {
    if (!isMapping(doc.logs)) fail('`logs` must map "<namespace>/<pod>/<container>" to a log')
    for (const [key, spec] of Object.entries(doc.logs as Record<string, unknown>)) {
      const where = `logs["${key}"]`
      if (key.split('/').length !== 3 || key.split('/').some((p) => p === '')) fail(`${where}: the key must be "<namespace>/<pod>/<container>"`)
      if (!isMapping(spec)) fail(`${where}: must be a mapping with current, previous, generate or dropAfterLines`)
      const s = spec as Record<string, unknown>
      for (const k of Object.keys(s)) if (!logKeys.has(k)) fail(`${where}: unknown key "${k}" (expected current, previous, generate, dropAfterLines)`)
      for (const k of ['current', 'previous'] as const) if (s[k] !== undefined && typeof s[k] !== 'string') fail(`${where}.${k}: must be text`)
      if (s.generate !== undefined) {
        const g = s.generate as Record<string, unknown>
        if (!isMapping(g) || !Number.isInteger(g.lines) || (g.lines as number) < 0) fail(`${where}.generate: needs lines, a whole number >= 0`)
        if (g.perSecond !== undefined && (typeof g.perSecond !== 'number' || g.perSecond < 0)) fail(`${where}.generate.perSecond: must be a number >= 0`)
      }
      if (s.dropAfterLines !== undefined && (!Number.isInteger(s.dropAfterLines) || (s.dropAfterLines as number) < 1)) fail(`${where}.dropAfterLines: must be a whole number >= 1`)
    }
    scenario.logs = doc.logs as Record<string, LogSpec>
  }
  if (doc.nodeLogs !== undefined) {
    if (!isMapping(doc.nodeLogs)) fail('`nodeLogs` must map node names to {enabled, services}')
    for (const [name, spec] of Object.entries(doc.nodeLogs as Record<string, unknown>)) {
      const where = `nodeLogs["${name}"]`
      if (!isMapping(spec)) fail(`${where}: must be a mapping with enabled and services`)
      const s = spec as Record<string, unknown>
      if (s.enabled !== undefined && typeof s.enabled !== 'boolean') fail(`${where}.enabled: must be true or false`)
      if (s.services !== undefined && (!isMapping(s.services) || Object.values(s.services).some((v) => typeof v !== 'string'))) fail(`${where}.services: must map service names to text`)
    }
    scenario.nodeLogs = doc.nodeLogs as Record<string, NodeLogSpec>
  }
  if (doc.metrics !== undefined) {
    if (typeof doc.metrics !== 'boolean') fail('`metrics` must be true or false')
    scenario.metrics = doc.metrics as boolean
  }
  if (doc.faults !== undefined) scenario.faults = validateFaults(doc.faults, fail)
  return scenario
}

/** `faults:` is a list of fault rules, each checked as sandbox.faults.add() checks it. */
function validateFaults(faults: unknown, fail: (what: string) => never): Scenario['faults'] {
  if (!Array.isArray(faults)) return fail('`faults` must be a list of fault rules')
  return faults.map((rule, i) => {
    try {
      return validateFaultRule(rule, `faults[${i}]`)
    } catch (error) {
      if (error instanceof FaultRuleError) return fail(error.message)
      throw error
    }
  })
}

export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw new ScenarioError(`${path}: cannot read the scenario file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  let data: unknown
  try {
    data = /\.json$/i.test(path) ? JSON.parse(text) : parse(text)
  } catch (e) {
    throw new ScenarioError(`${path}: not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`)
  }
  return validateScenario(data, path)
}

/** Several scenarios as one: objects and logs are concatenated; a later file's logs win. */
export function mergeScenarios(scenarios: Scenario[]): Scenario {
  const merged: Scenario = {objects: [], logs: {}, nodeLogs: {}}
  for (const s of scenarios) {
    merged.objects.push(...s.objects)
    Object.assign(merged.logs!, s.logs)
    Object.assign(merged.nodeLogs!, s.nodeLogs)
    if (s.metrics !== undefined) merged.metrics = merged.metrics === undefined ? s.metrics : merged.metrics || s.metrics
    if (s.faults) merged.faults = [...(merged.faults ?? []), ...s.faults]
  }
  return merged
}
