/**
 * The REST operations of each served resource, as the real server's OpenAPI documents list them:
 * one path per collection, object and subresource (and the all-namespaces list), each operation with
 * its operationId (`patchAppsV1NamespacedDeployment`), `x-kubernetes-action`,
 * `x-kubernetes-group-version-kind`, query parameters (dryRun, fieldManager and fieldValidation on
 * writes: kubectl learns from them that the server validates fields itself), request body and
 * responses. Rendered in both dialects.
 */
import {groupVersion, type ServedResource} from '../resources.js'
import {PATCH, type Dialect, type GroupVersionKind, type JsonSchema} from './definitions.js'

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1'
const STATUS = `${META}.Status`
const DELETE_OPTIONS = `${META}.DeleteOptions`
const SCALE = 'io.k8s.api.autoscaling.v1.Scale'

type ParameterType = 'string' | 'integer' | 'boolean'

interface ParameterSpec {
  type: ParameterType
  description: string
  in?: 'path' | 'query'
}

/** Query and path parameters, described in our own words. */
const PARAMETERS: Record<string, ParameterSpec> = {
  allowWatchBookmarks: {type: 'boolean', description: 'allowWatchBookmarks requests watch events of type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag, and bookmarks are sent at the server\'s discretion. This field is ignored if this is not a watch.'},
  continue: {type: 'string', description: 'The continue option is set when retrieving more results from the server: its value is the continue token of the previous list response. The token expires when the resourceVersion it names is compacted; the server then answers 410 ResourceExpired.'},
  dryRun: {type: 'string', description: 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed'},
  fieldManager: {type: 'string', description: 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.'},
  fieldSelector: {type: 'string', description: 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'},
  fieldValidation: {type: 'string', description: 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: unknown fields are dropped silently. - Warn: unknown fields are dropped and a warning is sent for each one (the default). - Strict: the request fails with BadRequest if any unknown or duplicate field is present.'},
  force: {type: 'boolean', description: 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.'},
  gracePeriodSeconds: {type: 'integer', description: 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used.'},
  ignoreStoreReadErrorWithClusterBreakingPotential: {type: 'boolean', description: 'if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.'},
  labelSelector: {type: 'string', description: 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'},
  limit: {type: 'integer', description: 'limit is a maximum number of responses to return for a list call. If more items exist, the server sets the continue field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.'},
  orphanDependents: {type: 'boolean', description: 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned.'},
  propagationPolicy: {type: 'string', description: "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'."},
  resourceVersion: {type: 'string', description: 'resourceVersion sets a constraint on what resource versions a request may be served from. Defaults to unset.'},
  resourceVersionMatch: {type: 'string', description: 'resourceVersionMatch determines how resourceVersion is applied to list calls. Defaults to unset.'},
  sendInitialEvents: {type: 'boolean', description: 'sendInitialEvents=true may be set together with watch=true. In that case, the watch stream begins with synthetic events for the current state of the objects, followed by a BOOKMARK event.'},
  timeoutSeconds: {type: 'integer', description: 'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.'},
  watch: {type: 'boolean', description: 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.'},
  pretty: {type: 'string', description: "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget)."},
  container: {type: 'string', description: 'The container for which to stream logs. Defaults to only container if there is one container in the pod.'},
  follow: {type: 'boolean', description: 'Follow the log stream of the pod. Defaults to false.'},
  insecureSkipTLSVerifyBackend: {type: 'boolean', description: "insecureSkipTLSVerifyBackend indicates that the apiserver should not confirm the validity of the serving certificate of the backend it is connecting to."},
  limitBytes: {type: 'integer', description: 'If set, the number of bytes to read from the server before terminating the log output.'},
  previous: {type: 'boolean', description: 'Return previous terminated container logs. Defaults to false.'},
  sinceSeconds: {type: 'integer', description: 'A relative time in seconds before the current time from which to show logs.'},
  tailLines: {type: 'integer', description: 'If set, the number of lines from the end of the logs to show.'},
  timestamps: {type: 'boolean', description: 'If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. Defaults to false.'},
}

const LIST_PARAMETERS = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch']
const WRITE_PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation']
const DELETE_PARAMETERS = ['dryRun', 'gracePeriodSeconds', 'ignoreStoreReadErrorWithClusterBreakingPotential', 'orphanDependents', 'propagationPolicy']
const DELETE_COLLECTION_PARAMETERS = ['continue', 'dryRun', 'fieldSelector', 'gracePeriodSeconds', 'ignoreStoreReadErrorWithClusterBreakingPotential', 'labelSelector', 'limit', 'orphanDependents', 'propagationPolicy', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds']
const LOG_PARAMETERS = ['container', 'follow', 'insecureSkipTLSVerifyBackend', 'limitBytes', 'previous', 'sinceSeconds', 'tailLines', 'timestamps']

const OBJECT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']
const LIST_TYPES = [...OBJECT_TYPES, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch']
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch'

interface Response {
  code: string
  description: string
  /** A definition name, or `string` for text. */
  schema?: string
}

export interface Operation {
  method: Method
  operationId: string
  description: string
  action: string
  gvk: GroupVersionKind
  tag: string
  parameters: string[]
  body?: {definition: string; contentTypes: string[]}
  produces: string[]
  responses: Response[]
}

export interface PathItem {
  path: string
  pathParameters: string[]
  operations: Operation[]
}

/** `discovery.k8s.io` → Discovery, `rbac.authorization.k8s.io` → RbacAuthorization, `` → Core. */
function groupWord(group: string): string {
  if (group === '') return 'Core'
  return group.replace(/\.k8s\.io$/, '').split('.').map(capitalise).join('')
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

/** `core_v1`, `apps_v1`, `rbacAuthorization_v1`. */
export function tagOf(group: string, version: string): string {
  const word = groupWord(group)
  return `${word.charAt(0).toLowerCase()}${word.slice(1)}_${version}`
}

/** `/api/v1` or `/apis/apps/v1`. */
export function pathPrefix(r: Pick<ServedResource, 'group' | 'version'>): string {
  return r.group === '' ? `/api/${r.version}` : `/apis/${groupVersion(r)}`
}

const ok = (schema?: string): Response => ({code: '200', description: 'OK', ...(schema ? {schema} : {})})
const created = (schema: string): Response => ({code: '201', description: 'Created', schema})
const accepted = (schema: string): Response => ({code: '202', description: 'Accepted', schema})

class ResourceOperations {
  private readonly gvk: GroupVersionKind
  private readonly word: string
  private readonly tag: string

  constructor(
    private readonly r: ServedResource,
    private readonly definition: string,
  ) {
    this.gvk = {group: r.group, version: r.version, kind: r.kind}
    this.word = `${groupWord(r.group)}${capitalise(r.version)}`
    this.tag = tagOf(r.group, r.version)
  }

  /** Upstream's operationId: verb, group version, then `Collection` for deletecollection, scope and kind. */
  private id(verb: string, suffix = '', collection = false): string {
    return `${verb}${this.word}${collection ? 'Collection' : ''}${this.r.namespaced ? 'Namespaced' : ''}${this.r.kind}${suffix}`
  }

  private op(method: Method, operationId: string, description: string, action: string, parts: Partial<Operation> & {responses: Response[]}): Operation {
    return {method, operationId, description, action, gvk: parts.gvk ?? this.gvk, tag: this.tag, parameters: parts.parameters ?? [], produces: parts.produces ?? OBJECT_TYPES, ...(parts.body ? {body: parts.body} : {}), responses: parts.responses}
  }

  private has(verb: string): boolean {
    return this.r.verbs.includes(verb)
  }

  collection(): Operation[] {
    const {kind} = this.r
    const list = `${this.definition}List`
    const body = {definition: this.definition, contentTypes: ['*/*']}
    const out: Operation[] = []
    if (this.has('list')) out.push(this.op('get', this.id('list'), `list or watch objects of kind ${kind}`, 'list', {parameters: LIST_PARAMETERS, produces: LIST_TYPES, responses: [ok(list)]}))
    if (this.has('create')) out.push(this.op('post', this.id('create'), `create ${article(kind)} ${kind}`, 'post', {parameters: WRITE_PARAMETERS, body, responses: [ok(this.definition), created(this.definition), accepted(this.definition)]}))
    if (this.has('deletecollection')) out.push(this.op('delete', this.id('delete', '', true), `delete collection of ${kind}`, 'deletecollection', {parameters: DELETE_COLLECTION_PARAMETERS, body: {definition: DELETE_OPTIONS, contentTypes: ['*/*']}, responses: [ok(STATUS)]}))
    return out
  }

  item(): Operation[] {
    const {kind} = this.r
    const body = {definition: this.definition, contentTypes: ['*/*']}
    const out: Operation[] = []
    if (this.has('get')) out.push(this.op('get', this.id('read'), `read the specified ${kind}`, 'get', {responses: [ok(this.definition)]}))
    if (this.has('update')) out.push(this.op('put', this.id('replace'), `replace the specified ${kind}`, 'put', {parameters: WRITE_PARAMETERS, body, responses: [ok(this.definition), created(this.definition)]}))
    if (this.has('delete')) out.push(this.op('delete', this.id('delete'), `delete ${article(kind)} ${kind}`, 'delete', {parameters: DELETE_PARAMETERS, body: {definition: DELETE_OPTIONS, contentTypes: ['*/*']}, responses: [ok(this.definition), accepted(this.definition)]}))
    if (this.has('patch')) out.push(this.op('patch', this.id('patch'), `partially update the specified ${kind}`, 'patch', {parameters: [...WRITE_PARAMETERS, 'force'], body: {definition: PATCH, contentTypes: PATCH_TYPES}, responses: [ok(this.definition), created(this.definition)]}))
    return out
  }

  subresource(name: string): Operation[] {
    const {kind} = this.r
    const suffix = capitalise(name)
    if (name === 'log') return [this.op('get', this.id('read', 'Log'), `read log of the specified ${kind}`, 'get', {parameters: LOG_PARAMETERS, produces: ['text/plain', 'application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'], responses: [ok('string')]})]
    if (name !== 'status' && name !== 'scale') return []
    const definition = name === 'scale' ? SCALE : this.definition
    const gvk = name === 'scale' ? {group: 'autoscaling', version: 'v1', kind: 'Scale'} : this.gvk
    const body = {definition, contentTypes: ['*/*']}
    return [
      this.op('get', this.id('read', suffix), `read ${name} of the specified ${kind}`, 'get', {gvk, responses: [ok(definition)]}),
      this.op('put', this.id('replace', suffix), `replace ${name} of the specified ${kind}`, 'put', {gvk, parameters: WRITE_PARAMETERS, body, responses: [ok(definition), created(definition)]}),
      this.op('patch', this.id('patch', suffix), `partially update ${name} of the specified ${kind}`, 'patch', {gvk, parameters: [...WRITE_PARAMETERS, 'force'], body: {definition: PATCH, contentTypes: PATCH_TYPES}, responses: [ok(definition), created(definition)]}),
    ]
  }

  allNamespaces(): Operation[] {
    if (!this.r.namespaced || !this.has('list')) return []
    const id = `list${this.word}${this.r.kind}ForAllNamespaces`
    return [this.op('get', id, `list or watch objects of kind ${this.r.kind}`, 'list', {parameters: LIST_PARAMETERS, produces: LIST_TYPES, responses: [ok(`${this.definition}List`)]})]
  }
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a'
}

/** The path items of one resource; `definition` is its kind's definition name. */
export function resourcePaths(r: ServedResource, definition: string): PathItem[] {
  const operations = new ResourceOperations(r, definition)
  const prefix = pathPrefix(r)
  const scope = r.namespaced ? ['namespace'] : []
  const base = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.plural}` : `${prefix}/${r.plural}`
  const items: PathItem[] = [
    {path: base, pathParameters: [...scope, 'pretty'], operations: operations.collection()},
    {path: `${base}/{name}`, pathParameters: ['name', ...scope, 'pretty'], operations: operations.item()},
  ]
  for (const sub of r.subresources ?? []) items.push({path: `${base}/{name}/${sub}`, pathParameters: ['name', ...scope, 'pretty'], operations: operations.subresource(sub)})
  if (r.namespaced) items.push({path: `${prefix}/${r.plural}`, pathParameters: ['pretty'], operations: operations.allNamespaces()})
  return items.filter((item) => item.operations.length > 0)
}

/** Definitions that a set of path items refers to. */
export function referencedDefinitions(items: PathItem[]): Set<string> {
  const out = new Set<string>()
  for (const item of items) {
    for (const op of item.operations) {
      if (op.body) out.add(op.body.definition)
      for (const response of op.responses) if (response.schema && response.schema !== 'string') out.add(response.schema)
    }
  }
  return out
}

function parameterObject(name: string, where: 'path' | 'query', dialect: Dialect, resourceKind: string): JsonSchema {
  const spec = PARAMETERS[name]
  const description = name === 'name' ? `name of the ${resourceKind}` : name === 'namespace' ? 'object name and auth scope, such as for teams and projects' : spec!.description
  const type: ParameterType = spec?.type ?? 'string'
  const base: JsonSchema = {description, in: where, name}
  if (where === 'path') base.required = true
  if (dialect === 'v2') return {...base, type, uniqueItems: true}
  return {...base, schema: {type, uniqueItems: true}}
}

function schemaOf(definition: string, dialect: Dialect): JsonSchema {
  if (definition === 'string') return {type: 'string'}
  return {$ref: dialect === 'v2' ? `#/definitions/${definition}` : `#/components/schemas/${definition}`}
}

function renderOperation(op: Operation, dialect: Dialect, kind: string): JsonSchema {
  const rendered: JsonSchema = {description: op.description, operationId: op.operationId}
  const parameters = op.parameters.map((p) => parameterObject(p, 'query', dialect, kind))
  if (dialect === 'v2') {
    if (op.body) parameters.unshift({in: 'body', name: 'body', required: true, schema: schemaOf(op.body.definition, 'v2')})
    rendered.consumes = op.body?.contentTypes ?? ['*/*']
    rendered.produces = op.produces
    rendered.schemes = ['https']
  }
  if (parameters.length > 0) rendered.parameters = parameters
  if (dialect === 'v3' && op.body) rendered.requestBody = {content: Object.fromEntries(op.body.contentTypes.map((t) => [t, {schema: schemaOf(op.body!.definition, 'v3')}])), required: true}
  const responses: JsonSchema = {}
  for (const response of op.responses) {
    if (!response.schema) responses[response.code] = {description: response.description}
    else if (dialect === 'v2') responses[response.code] = {description: response.description, schema: schemaOf(response.schema, 'v2')}
    else responses[response.code] = {content: Object.fromEntries(op.produces.map((t) => [t, {schema: schemaOf(response.schema!, 'v3')}])), description: response.description}
  }
  responses['401'] = {description: 'Unauthorized'}
  rendered.responses = responses
  rendered.tags = [op.tag]
  rendered['x-kubernetes-action'] = op.action
  rendered['x-kubernetes-group-version-kind'] = op.gvk
  return rendered
}

/** The `paths` object of a document. */
export function renderPaths(items: PathItem[], dialect: Dialect, kindOf: (item: PathItem) => string): JsonSchema {
  const paths: JsonSchema = {}
  for (const item of [...items].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const rendered: JsonSchema = {}
    const kind = kindOf(item)
    for (const op of item.operations) rendered[op.method] = renderOperation(op, dialect, kind)
    rendered.parameters = item.pathParameters.map((p) => parameterObject(p, p === 'pretty' ? 'query' : 'path', dialect, kind))
    paths[item.path] = rendered
  }
  return paths
}
