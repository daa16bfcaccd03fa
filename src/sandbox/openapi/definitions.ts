/**
 * Schema definitions of the served kinds under the names the real server publishes
 * (`io.k8s.api.core.v1.Pod`, `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`), built from the
 * client models: descriptions, required fields, `x-kubernetes-group-version-kind` on kinds, and the
 * strategic-merge-patch extensions kubectl apply reads to merge lists by key. One builder renders
 * both dialects: swagger 2.0 (`#/definitions/`, `$ref` beside a description) and OpenAPI 3.0
 * (`#/components/schemas/`, `allOf: [$ref]`).
 */
import type {Model, ModelCatalog, ModelField} from './models.js'

export type JsonSchema = {[key: string]: unknown}
export type Dialect = 'v2' | 'v3'

export interface GroupVersionKind {
  group: string
  version: string
  kind: string
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1'
export const TIME = `${META}.Time`
export const MICRO_TIME = `${META}.MicroTime`
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString'
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity'
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension'
export const PATCH = `${META}.Patch`

/** Types of apimachinery's meta/v1 package (the models do not say which package a type is from). */
const META_MODELS = new Set([
  'V1ObjectMeta', 'V1ListMeta', 'V1LabelSelector', 'V1LabelSelectorRequirement', 'V1OwnerReference', 'V1ManagedFieldsEntry',
  'V1Status', 'V1StatusDetails', 'V1StatusCause', 'V1DeleteOptions', 'V1Preconditions', 'V1Condition', 'V1WatchEvent',
])

/** Types that are strings on the wire but have a definition of their own. */
const SCALAR_DEFINITIONS: Record<string, JsonSchema> = {
  [TIME]: {type: 'string', format: 'date-time', description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON. Wrappers are provided for many of the factory methods that the time package offers.'},
  [MICRO_TIME]: {type: 'string', format: 'date-time', description: 'MicroTime is version of Time with microsecond level precision.'},
  [INT_OR_STRING]: {type: 'string', format: 'int-or-string', description: 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.'},
  [QUANTITY]: {type: 'string', description: 'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```'},
  [RAW_EXTENSION]: {type: 'object', description: 'RawExtension is used to hold extensions in external versions.'},
  [PATCH]: {type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.'},
}

/**
 * In OpenAPI 3 the real server describes Quantity and IntOrString as one of two types (so kubectl
 * explain names them `<Quantity>`, `<IntOrString>`); swagger 2 can only say string.
 */
const V3_ONE_OF: Record<string, JsonSchema> = {
  [QUANTITY]: {type: undefined, oneOf: [{type: 'string'}, {type: 'number'}]},
  [INT_OR_STRING]: {type: undefined, oneOf: [{type: 'integer'}, {type: 'string'}]},
}

/** Fields whose string values are resource quantities. */
const QUANTITY_FIELDS = new Set(['limits', 'requests', 'capacity', 'allocatable', 'hard', 'used', 'overhead', 'sizeLimit', 'storage', 'limit'])

interface PatchMeta {
  strategy: string
  mergeKey?: string
  /** x-kubernetes-list-map-keys, when the list is a map by more than its merge key. */
  mapKeys?: string[]
}

/** Strategic merge patch metadata of list fields (the Go struct tags `patchStrategy` and `patchMergeKey`). */
const PATCH_META: Record<string, PatchMeta> = {
  'V1ObjectMeta.finalizers': {strategy: 'merge'},
  'V1ObjectMeta.ownerReferences': {strategy: 'merge', mergeKey: 'uid'},
  'V1PodSpec.containers': {strategy: 'merge', mergeKey: 'name'},
  'V1PodSpec.initContainers': {strategy: 'merge', mergeKey: 'name'},
  'V1PodSpec.ephemeralContainers': {strategy: 'merge', mergeKey: 'name'},
  'V1PodSpec.volumes': {strategy: 'merge,retainKeys', mergeKey: 'name'},
  'V1PodSpec.imagePullSecrets': {strategy: 'merge', mergeKey: 'name'},
  'V1PodSpec.hostAliases': {strategy: 'merge', mergeKey: 'ip'},
  'V1PodSpec.resourceClaims': {strategy: 'merge,retainKeys', mergeKey: 'name'},
  'V1PodSpec.schedulingGates': {strategy: 'merge', mergeKey: 'name'},
  'V1PodSpec.topologySpreadConstraints': {strategy: 'merge', mergeKey: 'topologyKey', mapKeys: ['topologyKey', 'whenUnsatisfiable']},
  'V1Container.env': {strategy: 'merge', mergeKey: 'name'},
  'V1Container.ports': {strategy: 'merge', mergeKey: 'containerPort', mapKeys: ['containerPort', 'protocol']},
  'V1Container.volumeMounts': {strategy: 'merge', mergeKey: 'mountPath'},
  'V1Container.volumeDevices': {strategy: 'merge', mergeKey: 'devicePath'},
  'V1EphemeralContainer.env': {strategy: 'merge', mergeKey: 'name'},
  'V1EphemeralContainer.ports': {strategy: 'merge', mergeKey: 'containerPort', mapKeys: ['containerPort', 'protocol']},
  'V1EphemeralContainer.volumeMounts': {strategy: 'merge', mergeKey: 'mountPath'},
  'V1ServiceSpec.ports': {strategy: 'merge', mergeKey: 'port', mapKeys: ['port', 'protocol']},
  'V1ServiceAccount.secrets': {strategy: 'merge', mergeKey: 'name'},
  'V1PodStatus.conditions': {strategy: 'merge', mergeKey: 'type'},
  'V1PodStatus.podIPs': {strategy: 'merge', mergeKey: 'ip'},
  'V1NodeStatus.addresses': {strategy: 'merge', mergeKey: 'type'},
  'V1NodeStatus.conditions': {strategy: 'merge', mergeKey: 'type'},
  'V1NodeSpec.podCIDRs': {strategy: 'merge'},
  'V1DeploymentStatus.conditions': {strategy: 'merge', mergeKey: 'type'},
  'V1ReplicaSetStatus.conditions': {strategy: 'merge', mergeKey: 'type'},
  'V1StatefulSetStatus.conditions': {strategy: 'merge', mergeKey: 'type'},
  'V1DaemonSetStatus.conditions': {strategy: 'merge', mergeKey: 'type'},
  'V1NamespaceStatus.conditions': {strategy: 'merge', mergeKey: 'type'},
  'V1PersistentVolumeClaimStatus.conditions': {strategy: 'merge', mergeKey: 'type'},
}

/** `io.k8s.api.<package>.<version>` of an API group: `` → core, `discovery.k8s.io` → discovery. */
export function apiPackage(group: string, version: string): string {
  return `io.k8s.api.${group === '' ? 'core' : group.split('.')[0]}.${version}`
}

/** The Go type name of a model: V1DeploymentSpec → DeploymentSpec, CoreV1Event → Event. */
export function typeName(model: string): string {
  return model.replace(/^[A-Za-z]*?V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '')
}

/** `CoreV1Event` → core, `EventsV1Event` → events: the package a model's own name gives. */
function packageInModelName(model: string): string | undefined {
  const prefix = /^([A-Z][a-z]+)V\d+/.exec(model)?.[1]
  return prefix ? prefix.toLowerCase() : undefined
}

export interface RootModel {
  model: string
  group: string
  version: string
  /** The kind's GVK, when the model is a served kind (or its list). */
  gvk?: GroupVersionKind
}

/**
 * All definitions reachable from the root models, named as upstream names them. A model's package
 * is that of the first root that reaches it (roots are given core group first), so PodSpec is core
 * even though Deployment reaches it too.
 */
export class DefinitionSet {
  /** Model name → definition name. */
  private readonly names = new Map<string, string>()
  /** Definition name → model name, or undefined for the scalar definitions. */
  private readonly models = new Map<string, string | undefined>()
  private readonly gvks = new Map<string, GroupVersionKind[]>()

  constructor(
    private readonly catalog: ModelCatalog,
    roots: RootModel[],
  ) {
    for (const name of Object.keys(SCALAR_DEFINITIONS)) this.models.set(name, undefined)
    for (const root of roots) {
      this.visit(root.model, apiPackage(root.group, root.version))
      if (root.gvk) {
        const name = this.names.get(root.model)
        if (name) this.gvks.set(name, [...(this.gvks.get(name) ?? []), root.gvk])
      }
    }
  }

  /** The definition name of a model, once it has been reached from a root. */
  nameOf(model: string): string | undefined {
    return this.names.get(model)
  }

  has(definition: string): boolean {
    return this.models.has(definition)
  }

  private visit(model: string, inheritedPackage: string): void {
    if (this.names.has(model) || !this.catalog.has(model)) return
    const ownPackage = packageInModelName(model)
    const pkg = META_MODELS.has(model) ? META : ownPackage ? `io.k8s.api.${ownPackage}.${/V(\d+(?:(?:alpha|beta)\d+)?)/.exec(model)![0].toLowerCase()}` : inheritedPackage
    const name = `${pkg}.${typeName(model)}`
    this.names.set(model, name)
    this.models.set(name, model)
    for (const field of this.catalog.model(model)!.fields) {
      const referenced = referencedModel(field.type)
      if (referenced) this.visit(referenced, pkg === META ? inheritedPackage : pkg)
    }
  }

  /** Definition names referenced by a definition (its direct dependencies). */
  dependencies(definition: string): string[] {
    const model = this.models.get(definition)
    if (!model) return []
    const out = new Set<string>()
    for (const field of this.catalog.model(model)!.fields) {
      const target = this.fieldTarget(field)
      if (target) out.add(target)
    }
    return [...out]
  }

  /** The definition a field refers to (a model, Time, Quantity, IntOrString), if any. */
  private fieldTarget(field: ModelField): string | undefined {
    const referenced = referencedModel(field.type)
    if (referenced) return this.names.get(referenced)
    const scalar = this.scalarOf(field)
    return scalar && this.models.has(scalar) ? scalar : undefined
  }

  private scalarOf(field: ModelField): string | undefined {
    const base = elementType(field.type)
    if (base === 'Date') return field.format === 'date-time-micro' ? MICRO_TIME : TIME
    if (base === 'IntOrString') return INT_OR_STRING
    if (base === 'any') return field.name === 'object' || field.name === 'raw' ? RAW_EXTENSION : undefined
    if (base === 'string' && QUANTITY_FIELDS.has(field.name) && field.format === '') return QUANTITY
    return undefined
  }

  /** The definition and every definition it reaches. */
  closure(definitions: Iterable<string>): Set<string> {
    const seen = new Set<string>()
    const pending = [...definitions]
    while (pending.length > 0) {
      const next = pending.pop()!
      if (seen.has(next) || !this.models.has(next)) continue
      seen.add(next)
      pending.push(...this.dependencies(next))
    }
    return seen
  }

  /** One definition in a dialect. */
  schema(definition: string, dialect: Dialect): JsonSchema {
    const scalar = SCALAR_DEFINITIONS[definition]
    if (scalar) return dialect === 'v3' ? {...scalar, ...V3_ONE_OF[definition]} : {...scalar}
    const model = this.catalog.model(this.models.get(definition)!)!
    return this.modelSchema(model, definition, dialect)
  }

  private modelSchema(model: Model, definition: string, dialect: Dialect): JsonSchema {
    const properties: JsonSchema = {}
    for (const field of [...model.fields].sort((a, b) => a.name.localeCompare(b.name))) properties[field.name] = this.fieldSchema(model.name, field, dialect)
    const required = model.fields.filter((f) => f.required).map((f) => f.name).sort()
    const schema: JsonSchema = {}
    if (model.description) schema.description = model.description
    schema.properties = properties
    if (required.length > 0) schema.required = required
    schema.type = 'object'
    const gvks = this.gvks.get(definition)
    if (gvks) schema['x-kubernetes-group-version-kind'] = gvks
    return schema
  }

  private fieldSchema(model: string, field: ModelField, dialect: Dialect): JsonSchema {
    const schema = this.typeSchema(field, field.type, dialect, true)
    if (field.description) schema.description = field.description
    const patch = PATCH_META[`${model}.${field.name}`]
    if (patch) {
      if (patch.mergeKey) {
        schema['x-kubernetes-list-map-keys'] = patch.mapKeys ?? [patch.mergeKey]
        schema['x-kubernetes-list-type'] = 'map'
        schema['x-kubernetes-patch-merge-key'] = patch.mergeKey
      } else schema['x-kubernetes-list-type'] = 'set'
      schema['x-kubernetes-patch-strategy'] = patch.strategy
    }
    return orderKeys(schema)
  }

  /** The schema of a value of a generator type; `top` is a property itself (v3 wraps references there). */
  private typeSchema(field: ModelField, type: string, dialect: Dialect, top: boolean): JsonSchema {
    const array = /^Array<(.+)>$/.exec(type)
    if (array) return {type: 'array', items: this.typeSchema(field, array[1]!, dialect, false)}
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type)
    if (map) return {type: 'object', additionalProperties: this.typeSchema(field, map[1]!, dialect, false)}
    const target = this.scalarOf({...field, type}) ?? (this.catalog.has(type) ? this.names.get(type) : undefined)
    if (target) return reference(target, dialect, top, !SCALAR_DEFINITIONS[target])
    if (type === 'number') return field.format === 'double' ? {type: 'number', format: 'double'} : {type: 'integer', format: field.format || 'int64'}
    if (type === 'boolean') return {type: 'boolean'}
    if (type === 'any') return {type: 'object'}
    return field.format === 'byte' ? {type: 'string', format: 'byte'} : {type: 'string'}
  }
}

/**
 * A reference in a dialect. OpenAPI 3 forbids siblings of `$ref`, so the real documents wrap a
 * property's reference in `allOf` (beside its description), and list items and map values of
 * struct types too (beside `default: {}`); swagger 2 puts `$ref` and description side by side.
 */
function reference(definition: string, dialect: Dialect, property: boolean, struct: boolean): JsonSchema {
  if (dialect === 'v2') return {$ref: `#/definitions/${definition}`}
  const ref = {$ref: `#/components/schemas/${definition}`}
  if (property) return {allOf: [ref]}
  return struct ? {allOf: [ref], default: {}} : ref
}

/** `Array<V1Container>` → `V1Container`; the element type of arrays and maps. */
function elementType(type: string): string {
  const inner = /^Array<(.+)>$/.exec(type)?.[1] ?? /^\{ \[key: string\]: (.+); \}$/.exec(type)?.[1]
  return inner ? elementType(inner) : type
}

function referencedModel(type: string): string | undefined {
  const base = elementType(type)
  return /^[A-Z]/.test(base) && base !== 'Date' && base !== 'IntOrString' ? base : undefined
}

/** Keys in the order the real documents have them (alphabetical). */
function orderKeys(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
