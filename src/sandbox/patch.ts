/**
 * PATCH bodies: JSON merge patch (RFC 7386), strategic merge patch for the common cases
 * (lists merged by their patch merge key, `$patch: delete|replace`), and JSON patch (RFC 6902).
 */
import {errors} from './status.js'
import {isMapping} from '../util/mapping.js'

type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
type JsonObject = {[key: string]: Json}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isMapping<Json>(patch)) return patch
  const result: JsonObject = isMapping<Json>(target) ? {...target} : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key]
    else result[key] = mergePatch(result[key] ?? null, value)
  }
  return result
}

/** Lists merged by key in strategic merge patch (the field name is enough for the common types). */
const mergeKeys: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  conditions: 'type',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  addresses: 'type',
  taints: 'key',
  hostAliases: 'ip',
}
/** Lists of scalars merged as sets. */
const setLists = new Set(['finalizers'])

function strategicList(field: string, target: Json[], patch: Json[], path: string[]): Json[] {
  const key = field === 'ports' && path.includes('spec') && !path.includes('containers') ? 'port' : mergeKeys[field]
  if (setLists.has(field)) {
    const out = [...target]
    for (const item of patch) if (!out.includes(item)) out.push(item)
    return out
  }
  if (!key) return patch
  if (patch.some((p) => isMapping<Json>(p) && p.$patch === 'replace')) return patch.filter((p) => !(isMapping<Json>(p) && p.$patch === 'replace'))
  const out = [...target]
  for (const item of patch) {
    if (!isMapping<Json>(item)) continue
    const index = out.findIndex((t) => isMapping<Json>(t) && t[key] === item[key])
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1)
      continue
    }
    if (index >= 0) out[index] = strategicMerge(out[index]!, item, [...path, field])
    else out.push(strategicMerge(null, item, [...path, field]))
  }
  return out
}

export function strategicMerge(target: Json, patch: Json, path: string[] = []): Json {
  if (!isMapping<Json>(patch)) return patch
  if (patch.$patch === 'replace') {
    const {$patch: _p, ...rest} = patch
    return rest
  }
  const result: JsonObject = isMapping<Json>(target) ? {...target} : {}
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue
    if (value === null) delete result[key]
    else if (Array.isArray(value) && Array.isArray(result[key])) result[key] = strategicList(key, result[key] as Json[], value, path)
    // No list to merge into: the patch's items, less those it asks to delete (checked before
    // merging, which drops the `$` directives).
    else if (Array.isArray(value)) result[key] = value.filter((v) => !(isMapping<Json>(v) && v.$patch === 'delete')).map((v) => (isMapping<Json>(v) ? strategicMerge(null, v, [...path, key]) : v))
    else result[key] = strategicMerge(result[key] ?? null, value, [...path, key])
  }
  return result
}

function pointer(path: string): string[] {
  if (path === '') return []
  if (!path.startsWith('/')) throw errors.badRequest(`the server rejected our request due to an error in our request`)
  return path.slice(1).split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
}

export function jsonPatch(target: Json, operations: unknown): Json {
  if (!Array.isArray(operations)) throw errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch')
  let doc = structuredClone(target)
  for (const op of operations as Array<{op: string; path: string; value?: Json; from?: string}>) {
    const parts = pointer(op.path)
    const get = (p: string[]): Json | undefined => p.reduce<Json | undefined>((node, k) => (node === undefined || node === null ? undefined : Array.isArray(node) ? node[Number(k)] : isMapping<Json>(node) ? node[k] : undefined), doc)
    const parentOf = (p: string[]) => {
      const parent = get(p.slice(0, -1))
      if (parent === undefined || parent === null || typeof parent !== 'object') throw errors.invalid('', '', '', op.path, `doc is missing path: "${op.path}": missing value`)
      return parent as JsonObject | Json[]
    }
    const set = (p: string[], value: Json, insert: boolean) => {
      if (p.length === 0) {
        doc = value
        return
      }
      const parent = parentOf(p)
      const last = p[p.length - 1]!
      if (Array.isArray(parent)) {
        const i = last === '-' ? parent.length : Number(last)
        if (insert) parent.splice(i, 0, value)
        else parent[i] = value
      } else parent[last] = value
    }
    const remove = (p: string[]) => {
      const parent = parentOf(p)
      const last = p[p.length - 1]!
      if (get(p) === undefined) throw errors.invalid('', '', '', op.path, `Unable to remove nonexistent key: ${last}: missing value`)
      if (Array.isArray(parent)) parent.splice(Number(last), 1)
      else delete parent[last]
    }
    switch (op.op) {
      case 'add':
        set(parts, op.value ?? null, true)
        break
      case 'replace':
        if (get(parts) === undefined) throw errors.invalid('', '', '', op.path, `replace operation does not apply: doc is missing key: ${op.path}: missing value`)
        set(parts, op.value ?? null, false)
        break
      case 'remove':
        remove(parts)
        break
      case 'test':
        if (JSON.stringify(get(parts)) !== JSON.stringify(op.value)) throw errors.invalid('', '', '', op.path, 'testing value failed')
        break
      case 'move':
      case 'copy': {
        const from = pointer(op.from ?? '')
        const value = structuredClone(get(from) ?? null)
        if (op.op === 'move') remove(from)
        set(parts, value, true)
        break
      }
      default:
        throw errors.badRequest(`Unexpected kind: ${op.op}`)
    }
  }
  return doc
}

/** Applies a PATCH body of the given Content-Type. */
export function applyPatch(target: object, body: unknown, contentType: string): object {
  const type = contentType.split(';')[0]!.trim()
  switch (type) {
    case 'application/merge-patch+json':
      return mergePatch(target as Json, body as Json) as object
    case 'application/strategic-merge-patch+json':
      return strategicMerge(target as Json, body as Json) as object
    case 'application/json-patch+json':
      return jsonPatch(target as Json, body) as object
    default:
      throw errors.unsupportedMediaType(type)
  }
}
