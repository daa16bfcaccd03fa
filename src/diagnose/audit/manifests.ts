/**
 * `diagnose audit -f DIR`: the same checks over YAML/JSON manifests before they are applied
 * (for CI). Workloads, Nodes, Namespaces, ResourceQuotas and LimitRanges in the files are read;
 * `kind: List` documents are opened. Nothing talks to a cluster.
 */
import {readdir, readFile, stat} from 'node:fs/promises'
import {extname, join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import {UserError} from '../../errors.js'
import type {Node} from '../objects.js'
import type {AnyAuditCheck} from './check.js'
import {auditChecks} from './checks/index.js'
import {AuditRun} from './engine.js'
import type {Audit, WorkloadView} from './model.js'
import {kindOf, viewOf, type AnyObject} from './views.js'

const manifestExtensions = new Set(['.yaml', '.yml', '.json'])

async function filesUnder(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined)
  if (!info) throw new UserError(`-f ${path}: no such file or directory`)
  if (info.isFile()) return [path]
  const files: string[] = []
  for (const entry of (await readdir(path, {withFileTypes: true})).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, entry.name)
    if (entry.isDirectory()) files.push(...(await filesUnder(full)))
    else if (manifestExtensions.has(extname(entry.name))) files.push(full)
  }
  return files
}

function flatten(value: unknown): AnyObject[] {
  if (!value || typeof value !== 'object') return []
  const object = value as AnyObject & {items?: unknown[]}
  if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) return object.items.flatMap(flatten)
  return typeof object.kind === 'string' ? [object] : []
}

/** Every object in the files, in file order. */
export async function readManifests(paths: readonly string[]): Promise<AnyObject[]> {
  const objects: AnyObject[] = []
  for (const file of (await Promise.all(paths.map(filesUnder))).flat()) {
    const text = await readFile(file, 'utf8')
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) throw new UserError(`${file}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`)
      objects.push(...flatten(doc.toJS()))
    }
  }
  return objects
}

function hasContainerDefaults(object: AnyObject): boolean {
  const limits = (object.spec as {limits?: Array<{type?: string; default?: object; defaultRequest?: object}>} | undefined)?.limits ?? []
  return limits.some((l) => l.type === 'Container' && Boolean(l.default ?? l.defaultRequest))
}

export function auditManifests(objects: readonly AnyObject[], options: {paths: readonly string[]; namespace: string; top: number; checks?: readonly AnyAuditCheck[]}): Audit {
  const run = new AuditRun(options.checks ?? auditChecks, options.top)
  const ns = (o: AnyObject) => o.metadata?.namespace ?? options.namespace
  const limitRanges = new Set(objects.filter((o) => o.kind === 'LimitRange' && hasContainerDefaults(o)).map(ns))
  const quotas = new Map<string, number>()
  for (const o of objects.filter((x) => x.kind === 'ResourceQuota')) quotas.set(ns(o), (quotas.get(ns(o)) ?? 0) + 1)
  const views: WorkloadView[] = []
  for (const object of objects) {
    const kind = kindOf(object.kind)
    const view = kind && viewOf(kind, object, options.namespace)
    if (view) views.push({...view, limitRangeDefaults: limitRanges.has(view.namespace)})
  }
  views.forEach((v) => run.addWorkload(v))
  const nodes = objects.filter((o) => o.kind === 'Node') as unknown as Node[]
  nodes.forEach((n) => run.addNode(n))
  // A quota is judged only for namespaces the manifests create: an app's manifests rarely carry the quota of a namespace that exists.
  for (const o of objects.filter((x) => x.kind === 'Namespace')) run.addNamespace({name: o.metadata?.name ?? '', quotas: quotas.get(o.metadata?.name ?? '') ?? 0})
  return run.finish(`manifests ${options.paths.join(', ')}`, nodes.length ? {} : {nodes: 'the manifests hold no Node'}, [])
}
