/**
 * The OpenAPI documents of the served resources: the v3 root (`/openapi/v3`, one
 * `serverRelativeURL` with a content hash per group version), one v3 document per group version
 * (`/openapi/v3/apis/apps/v1`) and the swagger 2.0 document (`/openapi/v2`). Built on the first
 * request and kept: nothing is generated at start-up.
 */
import {createHash} from 'node:crypto'
import {SERVER_VERSION} from '../discovery.js'
import {groupVersion, SERVED_RESOURCES, type ServedResource} from '../resources.js'
import {DefinitionSet, type Dialect, type JsonSchema, type RootModel} from './definitions.js'
import {ModelCatalog} from './models.js'
import {pathPrefix, referencedDefinitions, renderPaths, resourcePaths, type PathItem} from './paths.js'
import {encodeSwaggerProtobuf} from './v2-protobuf.js'

export interface OpenApiDocument {
  body: Buffer
  /** Upper-case hex SHA-512 of the body, as kube-openapi computes ETags and hashes. */
  etag: string
  lastModified: Date
}

/** The model of a served kind: V1Pod, CoreV1Event, EventsV1Event. */
export function modelOfKind(r: Pick<ServedResource, 'group' | 'version' | 'kind'>): string {
  if (r.group === '' && r.kind === 'Event') return 'CoreV1Event'
  if (r.group === 'events.k8s.io' && r.kind === 'Event') return 'EventsV1Event'
  return `${r.version.charAt(0).toUpperCase()}${r.version.slice(1)}${r.kind}`
}

/** `api/v1`, `apis/apps/v1`: a group version's key in the v3 root. */
export function groupVersionPath(r: Pick<ServedResource, 'group' | 'version'>): string {
  return pathPrefix(r).slice(1)
}

/** Core types that no served kind owns but that fix the package of types they share (PodTemplateSpec is core). */
const PACKAGE_ANCHORS: RootModel[] = [
  {model: 'V1PodTemplate', group: '', version: 'v1'},
  {model: 'V1ReplicationController', group: '', version: 'v1'},
]
const SHARED_ROOTS: RootModel[] = [
  {model: 'V1Scale', group: 'autoscaling', version: 'v1', gvk: {group: 'autoscaling', version: 'v1', kind: 'Scale'}},
  {model: 'V1Status', group: '', version: 'v1', gvk: {group: '', version: 'v1', kind: 'Status'}},
  {model: 'V1DeleteOptions', group: '', version: 'v1'},
  {model: 'V1WatchEvent', group: '', version: 'v1'},
]

const SECURITY_SCHEME = {description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey'}

function sortedObject(names: Iterable<string>, value: (name: string) => unknown): JsonSchema {
  return Object.fromEntries([...names].sort().map((name) => [name, value(name)]))
}

function toDocument(document: object, lastModified: Date): OpenApiDocument {
  const body = Buffer.from(JSON.stringify(document))
  return {body, etag: createHash('sha512').update(body).digest('hex').toUpperCase(), lastModified}
}

/** A served kind and its list as roots of the definitions. */
function kindRoots(catalog: ModelCatalog, r: ServedResource): RootModel[] {
  const model = modelOfKind(r)
  const roots: RootModel[] = [{model, group: r.group, version: r.version, gvk: {group: r.group, version: r.version, kind: r.kind}}]
  if (catalog.has(`${model}List`)) roots.push({model: `${model}List`, group: r.group, version: r.version, gvk: {group: r.group, version: r.version, kind: `${r.kind}List`}})
  return roots
}

/** Everything the documents are made from: the resources with a model, their definitions and paths. */
class Sources {
  readonly resources: Array<{resource: ServedResource; definition: string}> = []
  readonly definitions: DefinitionSet

  constructor(catalog: ModelCatalog, served: ServedResource[]) {
    const withModel = served.filter((r) => catalog.has(modelOfKind(r)))
    const roots: RootModel[] = []
    for (const r of withModel.filter((e) => e.group === '')) roots.push(...kindRoots(catalog, r))
    roots.push(...PACKAGE_ANCHORS)
    for (const r of withModel.filter((e) => e.group !== '')) roots.push(...kindRoots(catalog, r))
    this.definitions = new DefinitionSet(catalog, [...roots, ...SHARED_ROOTS])
    for (const r of withModel) this.resources.push({resource: r, definition: this.definitions.nameOf(modelOfKind(r))!})
  }

  paths(filter: (r: ServedResource) => boolean): PathItem[] {
    return this.resources.filter((e) => filter(e.resource)).flatMap(({resource, definition}) => resourcePaths(resource, definition))
  }

  kindOfPath(item: PathItem): string {
    const match = this.resources.find(({resource}) => item.path.startsWith(pathPrefix(resource)) && item.path.split('/').includes(resource.plural))
    return match?.resource.kind ?? ''
  }

  schemas(items: PathItem[], dialect: Dialect, extra: string[] = []): JsonSchema {
    const names = this.definitions.closure([...referencedDefinitions(items), ...extra])
    return sortedObject(names, (name) => this.definitions.schema(name, dialect))
  }
}

/** The documents of one set of served resources, built on first use. */
interface DocumentCache {
  sources?: Promise<Sources>
  v3?: Promise<Map<string, OpenApiDocument>>
  v3Root?: Promise<OpenApiDocument>
  v2?: Promise<OpenApiDocument>
  v2Protobuf?: Promise<OpenApiDocument>
}

/** Shared by every sandbox in the process: the same served resources give the same bytes. */
const caches = new Map<string, DocumentCache>()

export class OpenApiDocuments {
  private cache: DocumentCache | undefined

  /** `served` says which resources are served now (metrics.k8s.io only when the sandbox serves metrics). */
  constructor(private readonly served: (r: ServedResource) => boolean = () => true) {}

  private get state(): DocumentCache {
    if (!this.cache) {
      const key = SERVED_RESOURCES.filter(this.served).map((r) => `${groupVersion(r)}/${r.plural}`).join(',')
      this.cache = caches.get(key) ?? {}
      caches.set(key, this.cache)
    }
    return this.cache
  }

  private load(): Promise<Sources> {
    this.state.sources ??= ModelCatalog.load().then((catalog) => new Sources(catalog, SERVED_RESOURCES.filter(this.served)))
    return this.state.sources
  }

  /** Every group version's v3 document, by `api/v1` / `apis/apps/v1`. */
  groupVersions(): Promise<Map<string, OpenApiDocument>> {
    this.state.v3 ??= this.load().then((sources) => {
      const now = new Date()
      const documents = new Map<string, OpenApiDocument>()
      const groupVersions = [...new Set(sources.resources.map(({resource}) => groupVersion(resource)))]
      for (const gv of groupVersions) {
        const sample = sources.resources.find(({resource}) => groupVersion(resource) === gv)!.resource
        documents.set(groupVersionPath(sample), toDocument(this.groupVersionDocument(sources, gv), now))
      }
      return documents
    })
    return this.state.v3
  }

  private groupVersionDocument(sources: Sources, gv: string): object {
    const items = sources.paths((r) => groupVersion(r) === gv)
    const kinds = sources.resources.filter(({resource}) => groupVersion(resource) === gv).map((e) => e.definition)
    return {
      openapi: '3.0.0',
      info: {title: 'Kubernetes', version: SERVER_VERSION.gitVersion},
      paths: renderPaths(items, 'v3', (item) => sources.kindOfPath(item)),
      components: {schemas: sources.schemas(items, 'v3', kinds), securitySchemes: {BearerToken: SECURITY_SCHEME}},
    }
  }

  /** One group version's v3 document (`api/v1`, `apis/apps/v1`), or undefined when not served. */
  async groupVersion(path: string): Promise<OpenApiDocument | undefined> {
    return (await this.groupVersions()).get(path)
  }

  /** The v3 root: `{paths: {"api/v1": {serverRelativeURL: "/openapi/v3/api/v1?hash=..."}}}`. */
  root(): Promise<OpenApiDocument> {
    this.state.v3Root ??= this.groupVersions().then((documents) => {
      const paths = sortedObject(documents.keys(), (path) => ({serverRelativeURL: serverRelativeUrl(path, documents.get(path)!.etag)}))
      return toDocument({paths}, new Date())
    })
    return this.state.v3Root
  }

  /** The swagger 2.0 document of every served resource. */
  swagger(): Promise<OpenApiDocument> {
    this.state.v2 ??= this.load().then((sources) => {
      const items = sources.paths(() => true)
      const kinds = sources.resources.map((e) => e.definition)
      const document = {
        swagger: '2.0',
        info: {title: 'Kubernetes', version: SERVER_VERSION.gitVersion},
        paths: renderPaths(items, 'v2', (item) => sources.kindOfPath(item)),
        definitions: sources.schemas(items, 'v2', kinds),
        securityDefinitions: {BearerToken: SECURITY_SCHEME},
        security: [{BearerToken: []}],
      }
      return toDocument(document, new Date())
    })
    return this.state.v2
  }

  /** The swagger 2.0 document as gnostic's protobuf (what kubectl asks /openapi/v2 for). */
  swaggerProtobuf(): Promise<OpenApiDocument> {
    this.state.v2Protobuf ??= this.swagger().then((json) => {
      const body = encodeSwaggerProtobuf(JSON.parse(json.body.toString('utf8')) as JsonSchema)
      return {body, etag: createHash('sha512').update(body).digest('hex').toUpperCase(), lastModified: json.lastModified}
    })
    return this.state.v2Protobuf
  }
}

/** `/openapi/v3/apis/apps/v1?hash=ABC`. */
export function serverRelativeUrl(path: string, etag: string): string {
  return `/openapi/v3/${path}?hash=${etag}`
}
