/**
 * The field schema of the built-in kinds, from @kubernetes/client-node's models (generated from
 * the Kubernetes OpenAPI spec; already a kubekit dependency, so no second copy of the spec), used
 * to decode request bodies as the API server's JSON decoder does: a value of the wrong JSON type
 * is a decoding error (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas
 * of type int32`), and fields the type does not have are unknown fields (`spec.foo`,
 * `spec.containers[0].bar`) for the fieldValidation directive. Loaded on the first write.
 */

interface Attribute {
  baseName: string
  type: string
  format: string
}

interface ModelClass {
  attributeTypeMap?: Attribute[]
}

type Models = Record<string, ModelClass | undefined>

let models: Models | undefined

export async function loadSchemas(): Promise<void> {
  models ??= (await import('@kubernetes/client-node/dist/gen/models/all.js')) as unknown as Models
}

/** The model that describes an apiVersion/kind: V1Pod, V1Deployment, CoreV1Event, EventsV1Event. */
export function modelFor(apiVersion: string, kind: string): string | undefined {
  if (!models) throw new Error('loadSchemas() first')
  if (apiVersion === 'v1' && kind === 'Event') return 'CoreV1Event'
  if (apiVersion === 'events.k8s.io/v1' && kind === 'Event') return 'EventsV1Event'
  const version = apiVersion.split('/').at(-1)!
  const name = `${version[0]!.toUpperCase()}${version.slice(1)}${kind}`
  return models[name]?.attributeTypeMap ? name : undefined
}

export interface DecodeResult {
  /** The first value of the wrong type, as encoding/json words it; decoding stops there. */
  typeError?: string
  /** Paths of fields the kind does not have, in document order. */
  unknownFields: string[]
}

/** Fields whose strings are quantities: JSON numbers decode into them too. */
const QUANTITY_FIELDS = new Set(['limits', 'requests', 'capacity', 'allocatable', 'hard', 'used', 'overhead', 'sizeLimit', 'storage'])

function jsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'boolean') return 'bool'
  return typeof value === 'object' ? 'object' : typeof value
}

/** The Go name of a model's type: V1DeploymentSpec → DeploymentSpec, CoreV1Event → Event. */
function goStructName(model: string): string {
  return model.replace(/^[A-Za-z]*?V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '')
}

function goTypeName(type: string, format: string): string {
  if (type === 'number') return format === 'int32' ? 'int32' : format === 'int64' ? 'int64' : 'float64'
  if (type === 'boolean') return 'bool'
  if (type === 'string') return 'string'
  if (type === 'Date') return 'v1.Time'
  if (type === 'IntOrString') return 'intstr.IntOrString'
  const array = /^Array<(.+)>$/.exec(type)
  if (array) return `[]${goTypeName(array[1]!, '')}`
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type)
  if (map) return `map[string]${goTypeName(map[1]!, '')}`
  return `v1.${goStructName(type)}`
}

class Decoder {
  readonly result: DecodeResult = {unknownFields: []}

  constructor(private readonly models: Models) {}

  /** Checks an object against a model; `path` is the JSON path with indices, `goPath` without (as encoding/json reports). */
  object(value: Record<string, unknown>, model: string, path: string, goPath: string): void {
    const attributes = this.models[model]?.attributeTypeMap ?? []
    for (const [key, field] of Object.entries(value)) {
      if (this.result.typeError) return
      const attribute = attributes.find((a) => a.baseName === key)
      const fieldPath = path ? `${path}.${key}` : key
      if (!attribute) {
        this.result.unknownFields.push(fieldPath)
        continue
      }
      const context = {struct: goStructName(model), goPath: goPath ? `${goPath}.${key}` : key, field: key}
      this.value(field, attribute.type, attribute.format, fieldPath, context)
    }
  }

  private value(value: unknown, type: string, format: string, path: string, at: {struct: string; goPath: string; field: string}): void {
    if (value === null || value === undefined || type === 'any') return
    const fail = (what = jsonTypeOf(value)) => {
      this.result.typeError ??= `json: cannot unmarshal ${what} into Go struct field ${at.struct}.${at.goPath} of type ${goTypeName(type, format)}`
    }
    const array = /^Array<(.+)>$/.exec(type)
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type)
    if (array) {
      if (!Array.isArray(value)) return fail()
      value.forEach((item, i) => this.value(item, array[1]!, '', `${path}[${i}]`, at))
    } else if (map) {
      if (jsonTypeOf(value) !== 'object') return fail()
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) this.value(item, map[1]!, '', `${path}.${key}`, at)
    } else if (type === 'string' || type === 'Date' || format.startsWith('date-time')) {
      if (typeof value === 'string') return
      if (typeof value === 'number' && QUANTITY_FIELDS.has(at.field)) return
      fail()
    } else if (type === 'number') {
      if (typeof value !== 'number') return fail()
      if (format.startsWith('int') && !Number.isInteger(value)) fail(`number ${value}`)
    } else if (type === 'boolean') {
      if (typeof value !== 'boolean') fail()
    } else if (type === 'IntOrString') {
      if (typeof value !== 'string' && typeof value !== 'number') fail()
    } else if (!this.models[type]?.attributeTypeMap) return // a type the models do not describe
    else if (jsonTypeOf(value) !== 'object') fail()
    else this.object(value as Record<string, unknown>, type, path, at.goPath)
  }
}

/** Decodes a body against its kind's model; undefined when the sandbox has no schema for the kind. */
export function decodeAgainstSchema(body: Record<string, unknown>, apiVersion: string, kind: string): DecodeResult | undefined {
  const model = modelFor(apiVersion, kind)
  if (!model || !models) return undefined
  const decoder = new Decoder(models)
  decoder.object(body, model, '', '')
  return decoder.result
}
