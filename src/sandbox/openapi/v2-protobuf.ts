/**
 * The swagger 2.0 document in the form kubectl asks /openapi/v2 for
 * (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`): gnostic's openapi_v2.Document,
 * encoded with protobufjs from descriptors written as data (openapiv2.json, field numbers from
 * gnostic's OpenAPIv2.proto). Vendor extensions travel as YAML text, as gnostic stores them (JSON is
 * YAML).
 */
import protobuf from 'protobufjs'
import descriptor from './openapiv2.json' with {type: 'json'}
import type {JsonSchema} from './definitions.js'

type Message = {[key: string]: unknown}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const

let documentType: protobuf.Type | undefined

function gnosticDocument(): protobuf.Type {
  if (!documentType) {
    const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace)
    root.resolveAll()
    documentType = root.lookupType('openapi.v2.Document')
  }
  return documentType
}

function vendorExtensions(object: JsonSchema): Message[] {
  return Object.entries(object)
    .filter(([key]) => key.startsWith('x-'))
    .map(([name, value]) => ({name, value: {yaml: JSON.stringify(value)}}))
}

function schema(json: JsonSchema): Message {
  const out: Message = {}
  if (typeof json.$ref === 'string') out.ref = json.$ref
  for (const key of ['format', 'title', 'description'] as const) if (typeof json[key] === 'string') out[key] = json[key]
  if (json.uniqueItems === true) out.uniqueItems = true
  if (Array.isArray(json.required)) out.required = json.required
  if (typeof json.type === 'string') out.type = {value: [json.type]}
  if (json.items) out.items = {schema: [schema(json.items as JsonSchema)]}
  if (json.additionalProperties) out.additionalProperties = {schema: schema(json.additionalProperties as JsonSchema)}
  if (Array.isArray(json.allOf)) out.allOf = (json.allOf as JsonSchema[]).map(schema)
  if (json.properties) out.properties = {additionalProperties: namedSchemas(json.properties as JsonSchema)}
  const extensions = vendorExtensions(json)
  if (extensions.length > 0) out.vendorExtension = extensions
  return out
}

function namedSchemas(map: JsonSchema): Message[] {
  return Object.entries(map).map(([name, value]) => ({name, value: schema(value as JsonSchema)}))
}

function parameter(json: JsonSchema): Message {
  if (json.in === 'body') return {parameter: {bodyParameter: {name: json.name, in: 'body', required: json.required === true, schema: schema(json.schema as JsonSchema)}}}
  const sub = {required: json.required === true, in: json.in, description: json.description, name: json.name, type: json.type, uniqueItems: json.uniqueItems === true}
  const kind = json.in === 'path' ? 'pathParameterSubSchema' : json.in === 'header' ? 'headerParameterSubSchema' : 'queryParameterSubSchema'
  return {parameter: {nonBodyParameter: {[kind]: sub}}}
}

function operation(json: JsonSchema): Message {
  const responses = Object.entries((json.responses ?? {}) as JsonSchema).map(([code, value]) => {
    const response = value as JsonSchema
    return {name: code, value: {response: {description: response.description, ...(response.schema ? {schema: {schema: schema(response.schema as JsonSchema)}} : {})}}}
  })
  return {
    tags: json.tags ?? [],
    description: json.description,
    operationId: json.operationId,
    produces: json.produces ?? [],
    consumes: json.consumes ?? [],
    parameters: ((json.parameters ?? []) as JsonSchema[]).map(parameter),
    responses: {responseCode: responses},
    schemes: json.schemes ?? [],
    vendorExtension: vendorExtensions(json),
  }
}

function pathItem(json: JsonSchema): Message {
  const out: Message = {parameters: ((json.parameters ?? []) as JsonSchema[]).map(parameter)}
  for (const method of METHODS) if (json[method]) out[method] = operation(json[method] as JsonSchema)
  return out
}

function securityDefinitions(json: JsonSchema): Message {
  return {additionalProperties: Object.entries(json).map(([name, value]) => ({name, value: {apiKeySecurity: value}}))}
}

/** The gnostic message of a swagger 2.0 document (as produced by OpenApiDocuments.swagger()). */
export function toGnosticDocument(swagger: JsonSchema): Message {
  return {
    swagger: swagger.swagger,
    info: swagger.info,
    paths: {path: Object.entries(swagger.paths as JsonSchema).map(([name, value]) => ({name, value: pathItem(value as JsonSchema)}))},
    definitions: {additionalProperties: namedSchemas(swagger.definitions as JsonSchema)},
    security: ((swagger.security ?? []) as Array<Record<string, string[]>>).map((requirement) => ({additionalProperties: Object.entries(requirement).map(([name, value]) => ({name, value: {value}}))})),
    securityDefinitions: securityDefinitions((swagger.securityDefinitions ?? {}) as JsonSchema),
  }
}

export function encodeSwaggerProtobuf(swagger: JsonSchema): Buffer {
  const type = gnosticDocument()
  return Buffer.from(type.encode(toGnosticDocument(swagger)).finish())
}

export function decodeSwaggerProtobuf(body: Uint8Array): Message {
  const type = gnosticDocument()
  return type.toObject(type.decode(body), {arrays: false, defaults: false}) as Message
}
