/**
 * The write verbs — create, update, patch, delete, deletecollection, and the scale subresource —
 * through the steps the API server takes: decode (types, unknown fields), admission
 * (NamespaceLifecycle), PrepareForCreate and defaulting, validation, then storage, which a
 * `dryRun=All` request skips while answering exactly as if it had written.
 */
import {decodeBody, fieldValidationOf} from './decode.js'
import {applyCreateDefaults, applyUpdateDefaults, type Allocator} from './defaults.js'
import {readJsonBody, reply, type ApiRequest} from './http.js'
import {returnsDeletedObject, type DeleteRequest, type Lifecycle, type PropagationPolicy} from './lifecycle.js'
import {IMMORTAL_NAMESPACES} from './namespaces.js'
import {applyPatch} from './patch.js'
import {parseInt64} from './query.js'
import {itemJson, objectEntry, oneJson, renderingOf, served, stored} from './render.js'
import {groupVersion, resourceId, storageResource, type ServedResource} from './resources.js'
import type {ResourceRoute} from './routes.js'
import {ApiError, errors} from './status.js'
import type {Entry, Store} from './store.js'
import type {KubeObject, ObjectMeta} from './types.js'
import {validateObject} from './validation.js'

export interface WriteContext {
  store: Store
  lifecycle: Lifecycle
  allocator: Allocator
}

/** `dryRun=All` (the only value the server knows); anything else is refused. */
export function isDryRun(params: URLSearchParams): boolean {
  const values = params.getAll('dryRun')
  for (const value of values) if (value !== 'All') throw errors.badRequest(`dryRun: Unsupported value: ${JSON.stringify(value)}: supported values: "All"`)
  return values.length > 0
}

function answer(request: ApiRequest, resource: ServedResource, entry: Entry, code: number): void {
  reply(request, code, oneJson(resource, entry, renderingOf(request.accept), request.params.get('includeObject') ?? 'Metadata'))
}

export function mustGet(store: Store, route: ResourceRoute): Entry {
  const entry = store.get(resourceId(storageResource(route.resource)), route.namespace, route.name!)
  if (!entry) throw errors.notFound(route.resource.plural, route.resource.group, route.name!)
  return entry
}

/** Decodes a body as the route's kind, collecting warnings on the request. */
async function decodeFor(request: ApiRequest, resource: ServedResource, body: unknown, kind = resource.kind, apiVersion = groupVersion(resource)): Promise<KubeObject> {
  const {object, warnings} = await decodeBody(body, apiVersion, kind, fieldValidationOf(request.params))
  request.warnings.push(...warnings)
  return object
}

/** NamespaceLifecycle on create: the namespace must exist and not be terminating. */
function admitCreate(store: Store, resource: ServedResource, object: KubeObject): void {
  const namespace = object.metadata?.namespace
  if (!resource.namespaced || namespace === undefined) return
  const entry = store.get('namespaces', undefined, namespace)
  if (!entry) {
    if (store.count('namespaces') > 0) throw errors.notFound('namespaces', '', namespace)
    return
  }
  if (entry.object.metadata?.deletionTimestamp || (entry.object.status as {phase?: string} | undefined)?.phase === 'Terminating') {
    throw errors.namespaceTerminating(resource.plural, resource.group, object.metadata?.name ?? '', namespace)
  }
}

/** The DefaultStorageClass admission plugin: a claim that names no class gets the default one. */
function defaultStorageClass(store: Store, object: KubeObject): KubeObject {
  const spec = object.spec as {storageClassName?: string} | undefined
  if (object.kind !== 'PersistentVolumeClaim' || object.apiVersion !== 'v1' || spec?.storageClassName !== undefined) return object
  const isDefault = (e: Entry) => e.object.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true'
  const classes = store.list('storageclasses.storage.k8s.io', {filter: isDefault}).entries
  const newest = classes.sort((a, b) => Date.parse(b.object.metadata?.creationTimestamp ?? '') - Date.parse(a.object.metadata?.creationTimestamp ?? ''))[0]
  return newest ? {...object, spec: {...spec, storageClassName: newest.object.metadata!.name}} : object
}

const SERVER_OWNED_METADATA: Array<keyof ObjectMeta> = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink', 'managedFields']

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789'
  return Array.from({length: 5}, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('')
}

export async function create(ctx: WriteContext, request: ApiRequest, route: ResourceRoute): Promise<void> {
  await createObject(ctx, request, route, await readJsonBody(request.req))
}

async function createObject(ctx: WriteContext, request: ApiRequest, route: ResourceRoute, raw: unknown): Promise<void> {
  const {resource} = route
  const dryRun = isDryRun(request.params)
  const body = await decodeFor(request, resource, raw)
  const metadata: ObjectMeta = {...(body.metadata ?? {})}
  if (resource.namespaced) {
    if (metadata.namespace && route.namespace && metadata.namespace !== route.namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request')
    }
    metadata.namespace = route.namespace ?? metadata.namespace ?? 'default'
  }
  if (metadata.resourceVersion) throw new ApiError(500, '', 'resourceVersion should not be set on objects to be created')
  for (const field of SERVER_OWNED_METADATA) delete metadata[field]
  if (!metadata.name && metadata.generateName) metadata.name = metadata.generateName + randomSuffix()
  const object = stored(resource, {...body, apiVersion: groupVersion(resource), kind: resource.kind, metadata})
  admitCreate(ctx.store, storageResource(resource), object)
  const defaulted = defaultStorageClass(ctx.store, applyCreateDefaults(object, ctx.allocator))
  validateObject(resource, defaulted)
  const created = ctx.store.create(defaulted, dryRun ? {dryRun} : {})
  answer(request, resource, objectEntry(created), 201)
}

/**
 * Stores a new version of the object a route names. A write to the status subresource changes
 * only status; a write to the main resource leaves status alone.
 */
function commit(ctx: WriteContext, route: ResourceRoute, current: Entry, object: KubeObject, dryRun: boolean): KubeObject {
  const {resource} = route
  const named = {...object, apiVersion: groupVersion(resource), kind: resource.kind, metadata: {...object.metadata, name: route.name!, ...(resource.namespaced ? {namespace: route.namespace} : {})}}
  const next = stored(resource, named)
  let merged = next
  if (route.subresource === 'status') merged = {...current.object, status: next.status, metadata: {...current.object.metadata, resourceVersion: next.metadata?.resourceVersion}}
  else if (resource.subresources?.includes('status')) merged = {...next, status: current.object.status}
  const defaulted = applyUpdateDefaults(merged)
  validateObject(resource, defaulted)
  return ctx.store.update(defaulted, dryRun ? {dryRun} : {})
}

export async function update(ctx: WriteContext, request: ApiRequest, route: ResourceRoute): Promise<void> {
  const dryRun = isDryRun(request.params)
  const object = await decodeFor(request, route.resource, await readJsonBody(request.req))
  if (object.metadata?.name && object.metadata.name !== route.name) {
    throw errors.badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${route.name})`)
  }
  const updated = commit(ctx, route, mustGet(ctx.store, route), object, dryRun)
  answer(request, route.resource, objectEntry(updated), 200)
}

const APPLY_PATCH = 'application/apply-patch+yaml'

/**
 * Server-side apply (`kubectl apply --server-side`), simplified: the applied configuration is
 * merged into the object as a strategic merge patch would be (created when it does not exist),
 * and the field manager is recorded in managedFields. Field ownership and its conflicts are not
 * tracked: a second manager's apply wins without a 409.
 */
async function serverSideApply(ctx: WriteContext, request: ApiRequest, route: ResourceRoute): Promise<void> {
  const manager = request.params.get('fieldManager')
  if (!manager) throw errors.badRequest('fieldManager is required for apply requests')
  const body = (await readApplyBody(request)) as KubeObject
  const stamp = {manager, operation: 'Apply', apiVersion: groupVersion(route.resource), time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), fieldsType: 'FieldsV1', fieldsV1: {}}
  const withManager = (metadata: ObjectMeta | undefined): ObjectMeta => {
    const others = ((metadata?.managedFields as Array<{manager?: string; operation?: string}> | undefined) ?? []).filter((f) => !(f.manager === manager && f.operation === 'Apply'))
    return {...metadata, managedFields: [...others, stamp]}
  }
  const current = ctx.store.get(resourceId(storageResource(route.resource)), route.namespace, route.name!)
  if (!current) {
    await createObject(ctx, request, route, {...body, metadata: {...withManager(body.metadata), name: route.name}})
    return
  }
  const merged = applyPatch(served(route.resource, current.object), {...body, metadata: {...body.metadata, resourceVersion: undefined}}, 'application/strategic-merge-patch+json') as KubeObject
  const object = await decodeFor(request, route.resource, {...merged, metadata: withManager({...merged.metadata, resourceVersion: undefined})})
  const updated = commit(ctx, route, current, object, isDryRun(request.params))
  answer(request, route.resource, objectEntry(updated), 200)
}

/** An apply body is YAML (JSON is YAML too); YAML is parsed only when it is not JSON. */
async function readApplyBody(request: ApiRequest): Promise<unknown> {
  const text = (await readRawBodyText(request)).trim()
  if (text === '') throw errors.badRequest('the body of the request was empty')
  try {
    return JSON.parse(text)
  } catch {
    const {parse} = await import('yaml')
    try {
      return parse(text)
    } catch (e) {
      throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`)
    }
  }
}

/** Patches apply to the served form (events.k8s.io events in their own field names). */
export async function patch(ctx: WriteContext, request: ApiRequest, route: ResourceRoute): Promise<void> {
  if ((request.req.headers['content-type'] ?? '').startsWith(APPLY_PATCH)) return serverSideApply(ctx, request, route)
  const dryRun = isDryRun(request.params)
  const body = await readJsonBody(request.req)
  const current = mustGet(ctx.store, route)
  const patched = applyPatch(served(route.resource, current.object), body, request.req.headers['content-type'] ?? '')
  const object = await decodeFor(request, route.resource, patched)
  const metadata = {...object.metadata}
  // A patch is checked against the stored resourceVersion only if it names one.
  if ((body as KubeObject | null)?.metadata?.resourceVersion === undefined) delete metadata.resourceVersion
  const updated = commit(ctx, route, current, {...object, metadata}, dryRun)
  answer(request, route.resource, objectEntry(updated), 200)
}

interface DeleteOptionsBody {
  gracePeriodSeconds?: number
  propagationPolicy?: string
  orphanDependents?: boolean
  dryRun?: string[]
  preconditions?: {uid?: string; resourceVersion?: string}
}

const POLICIES = new Set(['Orphan', 'Background', 'Foreground'])

/** DeleteOptions from the query and the body (kubectl sends a body; curl users the query). */
async function deleteRequestOf(request: ApiRequest): Promise<DeleteRequest> {
  const raw = (await readRawBodyText(request)).trim()
  const body: DeleteOptionsBody = raw === '' ? {} : ((await parseJson(raw)) as DeleteOptionsBody)
  const deletion: DeleteRequest = {}
  const grace = request.params.get('gracePeriodSeconds') ?? body.gracePeriodSeconds
  if (grace !== undefined && grace !== null && grace !== '') deletion.gracePeriodSeconds = parseInt64(String(grace))
  const policy = request.params.get('propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents === true ? 'Orphan' : undefined)
  if (policy !== undefined) {
    if (!POLICIES.has(policy)) throw errors.invalidFields('DeleteOptions', 'meta.k8s.io', '', [{field: 'propagationPolicy', reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan", "nil"`}])
    deletion.propagationPolicy = policy as PropagationPolicy
  }
  if (isDryRun(request.params) || (body.dryRun ?? []).includes('All')) deletion.dryRun = true
  if (body.preconditions) deletion.preconditions = body.preconditions
  return deletion
}

async function readRawBodyText(request: ApiRequest): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request.req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

async function parseJson(text: string): Promise<unknown> {
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    throw errors.badRequest(`the object provided is unrecognized (must be of type JSON): ${(e as Error).message}`)
  }
}

/** NamespaceLifecycle on delete: default, kube-system and kube-public stay. */
function admitDelete(resource: ServedResource, name: string): void {
  if (resource.group === '' && resource.plural === 'namespaces' && IMMORTAL_NAMESPACES.has(name)) {
    throw errors.admissionForbidden('namespaces', '', name, 'this namespace may not be deleted')
  }
}

export async function remove(ctx: WriteContext, request: ApiRequest, route: ResourceRoute): Promise<void> {
  const {resource} = route
  const deletion = await deleteRequestOf(request)
  admitDelete(resource, route.name!)
  const outcome = ctx.lifecycle.delete(storageResource(resource), route.namespace, route.name!, deletion)
  if (outcome.removed && !returnsDeletedObject(resource)) {
    const meta = outcome.object.metadata ?? {}
    const details = {name: meta.name, ...(resource.group ? {group: resource.group} : {}), kind: resource.plural, uid: meta.uid}
    reply(request, 200, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details})
    return
  }
  answer(request, resource, objectEntry(outcome.object), 200)
}

export async function removeCollection(ctx: WriteContext, request: ApiRequest, route: ResourceRoute, filter: ((entry: Entry) => boolean) | undefined): Promise<void> {
  const {resource} = route
  const deletion = await deleteRequestOf(request)
  const storage = resourceId(storageResource(resource))
  const query: Parameters<Store['list']>[1] = {}
  if (route.namespace !== undefined) query.namespace = route.namespace
  if (filter) query.filter = filter
  const items = ctx.store.list(storage, query).entries.map((e) => ctx.lifecycle.delete(storageResource(resource), e.object.metadata?.namespace, e.object.metadata!.name!, deletion).object)
  const body = `{"kind":"${resource.kind}List","apiVersion":"${groupVersion(resource)}","metadata":{"resourceVersion":"${ctx.store.resourceVersion}"},"items":[${items.map((o) => itemJson(resource, objectEntry(o))).join(',')}]}`
  reply(request, 200, body)
}

/** metav1.LabelSelector as the string form a Scale's status.selector carries. */
function selectorString(selector: {matchLabels?: Record<string, string>; matchExpressions?: Array<{key: string; operator: string; values?: string[]}>} | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const e of selector?.matchExpressions ?? []) {
    if (e.operator === 'In' || e.operator === 'NotIn') parts.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`)
    else parts.push(e.operator === 'Exists' ? e.key : `!${e.key}`)
  }
  return parts.sort().join(',')
}

/** The autoscaling/v1 Scale of a Deployment, ReplicaSet, StatefulSet or ReplicationController (whose selector is a plain map). */
function scaleOf(object: KubeObject): KubeObject {
  const meta = object.metadata ?? {}
  const spec = (object.spec ?? {}) as {replicas?: number; selector?: Parameters<typeof selectorString>[0]}
  const selector = object.kind === 'ReplicationController' ? {matchLabels: spec.selector as Record<string, string> | undefined} : spec.selector
  const status = (object.status ?? {}) as {replicas?: number}
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp},
    spec: {replicas: spec.replicas ?? 0},
    status: {replicas: status.replicas ?? 0, selector: selectorString(selector)},
  }
}

/** GET, PUT and PATCH of `<workload>/scale`: what `kubectl scale` and autoscalers use. */
export async function scale(ctx: WriteContext, request: ApiRequest, route: ResourceRoute, verb: string): Promise<void> {
  const current = mustGet(ctx.store, route)
  if (verb === 'get') return reply(request, 200, scaleOf(current.object))
  const dryRun = isDryRun(request.params)
  const body = await readJsonBody(request.req)
  const wanted = verb === 'patch' ? applyPatch(scaleOf(current.object), body, request.req.headers['content-type'] ?? '') : body
  const decoded = await decodeBody(wanted, 'autoscaling/v1', 'Scale', fieldValidationOf(request.params))
  request.warnings.push(...decoded.warnings)
  const replicas = (decoded.object.spec as {replicas?: number} | undefined)?.replicas ?? 0
  if (replicas < 0) throw errors.invalidFields('Scale', 'autoscaling', route.name!, [{field: 'spec.replicas', reason: 'FieldValueInvalid', message: `Invalid value: ${replicas}: must be greater than or equal to 0`}])
  const resourceVersion = verb === 'update' ? decoded.object.metadata?.resourceVersion : (body as KubeObject | null)?.metadata?.resourceVersion
  const next = {...current.object, spec: {...(current.object.spec as object), replicas}, metadata: {...current.object.metadata, resourceVersion}}
  const updated = ctx.store.update(next, dryRun ? {dryRun} : {})
  reply(request, 200, scaleOf(updated))
}
