/**
 * Kubernetes protobuf request bodies (`Content-Type: application/vnd.kubernetes.protobuf`, what
 * `kubectl create configmap|secret|deployment|...` and `kubectl auth can-i` send) decoded with
 * protobufjs and reflection descriptors written as data (kubernetes.json: the messages those
 * commands send, field numbers as in the upstream generated.proto files), then turned into the JSON
 * object the JSON path would have received:
 *
 *   k8s\0 | runtime.Unknown{typeMeta{apiVersion, kind}, raw}  →  {apiVersion, kind, ...raw as JSON}
 *
 * Go's JSON rules decide what appears: a scalar field that is zero and neither a pointer nor
 * without omitempty is left out (the descriptor marks the others `keepZero`); struct fields are always
 * objects (an `inline` field's members go to its parent); Time is RFC 3339 (the zero Time is null); IntOrString is a number or a string; Quantity is
 * its string; bytes (Secret data) are base64.
 */
import protobuf from 'protobufjs'
import descriptor from './kubernetes.json' with {type: 'json'}

export type JsonObject = {[key: string]: unknown}

/** The four bytes in front of every Kubernetes protobuf message. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00])
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf'

let root: protobuf.Root | undefined

/** The descriptors, loaded once. */
export function kubernetesTypes(): protobuf.Root {
  if (!root) {
    root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace)
    root.resolveAll()
  }
  return root
}

/** Why a body could not be decoded, in words for the client. */
export class ProtobufDecodeError extends Error {}

/** `apps/v1` + `Deployment` → `apps.v1.Deployment`; `v1` + `Pod` → `core.v1.Pod`; `authorization.k8s.io/v1` → `authorization.v1`. */
export function messageName(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion]
  return `${group === '' ? 'core' : group!.split('.')[0]}.${version}.${kind}`
}

/** The message type for a kind, or undefined when the sandbox has no descriptor for it. */
export function messageType(apiVersion: string, kind: string): protobuf.Type | undefined {
  const found = kubernetesTypes().lookup(messageName(apiVersion, kind))
  return found instanceof protobuf.Type ? found : undefined
}

interface Envelope {
  apiVersion: string
  kind: string
  raw: Uint8Array
}

/** The runtime.Unknown inside a `k8s\0` body. */
export function unwrapEnvelope(body: Buffer): Envelope {
  if (body.length < 4 || !body.subarray(0, 4).equals(PROTOBUF_MAGIC)) throw new ProtobufDecodeError('the body does not start with the Kubernetes protobuf prefix (k8s\\0)')
  const unknownType = kubernetesTypes().lookupType('runtime.Unknown')
  let unknown: {typeMeta?: {apiVersion?: string; kind?: string}; raw?: Uint8Array; contentEncoding?: string}
  try {
    unknown = unknownType.decode(body.subarray(4)) as typeof unknown
  } catch (error) {
    throw new ProtobufDecodeError(`the protobuf envelope could not be decoded: ${(error as Error).message}`)
  }
  if (unknown.contentEncoding) throw new ProtobufDecodeError(`content encoding ${JSON.stringify(unknown.contentEncoding)} is not supported`)
  return {apiVersion: unknown.typeMeta?.apiVersion ?? '', kind: unknown.typeMeta?.kind ?? '', raw: unknown.raw ?? new Uint8Array()}
}

/** A whole request body: envelope, then the object, as the JSON the JSON path would have read. */
export function decodeProtobufBody(body: Buffer): JsonObject {
  const envelope = unwrapEnvelope(body)
  const type = messageType(envelope.apiVersion, envelope.kind)
  if (!type) throw new ProtobufDecodeError(`no protobuf schema for ${envelope.kind} in ${envelope.apiVersion || 'an unnamed version'}`)
  let message: protobuf.Message
  try {
    message = type.decode(envelope.raw)
  } catch (error) {
    throw new ProtobufDecodeError(`${envelope.kind} could not be decoded: ${(error as Error).message}`)
  }
  return {apiVersion: envelope.apiVersion, kind: envelope.kind, ...messageToJson(type, message)}
}

/** A decoded message as Go's encoding/json would write the struct. */
export function messageToJson(type: protobuf.Type, message: protobuf.Message): JsonObject {
  const plain = type.toObject(message, {longs: Number, bytes: String, defaults: false, arrays: false, objects: false}) as JsonObject
  return objectToJson(type, plain)
}

function objectToJson(type: protobuf.Type, plain: JsonObject): JsonObject {
  const out: JsonObject = {}
  for (const field of type.fieldsArray) {
    if (!(field.name in plain)) continue
    const value = fieldToJson(field, plain[field.name])
    if (value === undefined) continue
    // An embedded struct (`json:",inline"`, IngressRule's IngressRuleValue) lends its fields to its parent.
    if (field.options?.inline === true && typeof value === 'object' && value !== null) Object.assign(out, value)
    else out[field.name] = value
  }
  return out
}

function fieldToJson(field: protobuf.Field, value: unknown): unknown {
  const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined
  if (field.map) {
    const entries = Object.entries(value as JsonObject)
    if (entries.length === 0) return undefined
    return Object.fromEntries(entries.map(([key, item]) => [key, nested ? valueToJson(nested, item as JsonObject) : item]))
  }
  if (field.repeated) {
    const items = value as unknown[]
    if (items.length === 0) return undefined
    return items.map((item) => (nested ? valueToJson(nested, item as JsonObject) : item))
  }
  if (nested) return valueToJson(nested, value as JsonObject)
  const keepZero = field.options?.keepZero === true
  return keepZero || !isZero(value) ? value : undefined
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false
}

/** A message value: the types with their own JSON form, or an object. */
function valueToJson(type: protobuf.Type, plain: JsonObject): unknown {
  switch (type.fullName) {
    case '.meta.v1.Time':
      return timeToJson(plain, false)
    case '.meta.v1.MicroTime':
      return timeToJson(plain, true)
    case '.intstr.IntOrString':
      return Number(plain.type ?? 0) === 1 ? (plain.strVal ?? '') : (plain.intVal ?? 0)
    case '.resource.Quantity':
      return plain.string ?? '0'
    case '.runtime.RawExtension':
      return rawExtensionToJson(plain)
    default:
      return objectToJson(type, plain)
  }
}

/** RFC 3339 in UTC, seconds (or microseconds) as metav1.Time writes it; the zero time is null. */
function timeToJson(plain: JsonObject, micro: boolean): string | null {
  const seconds = Number(plain.seconds ?? 0)
  const nanos = Number(plain.nanos ?? 0)
  if (seconds === 0 && nanos === 0) return null
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19)
  return micro ? `${whole}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${whole}Z`
}

function rawExtensionToJson(plain: JsonObject): unknown {
  const raw = typeof plain.raw === 'string' ? Buffer.from(plain.raw, 'base64').toString('utf8') : ''
  if (raw === '') return null
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return null
  }
}

/** Encodes an object as kubectl would send it (for tests): the message, wrapped in runtime.Unknown after `k8s\0`. */
export function encodeProtobufBody(apiVersion: string, kind: string, message: JsonObject): Buffer {
  const type = messageType(apiVersion, kind)
  if (!type) throw new ProtobufDecodeError(`no protobuf schema for ${kind} in ${apiVersion}`)
  const raw = type.encode(type.fromObject(message)).finish()
  const unknownType = kubernetesTypes().lookupType('runtime.Unknown')
  const envelope = unknownType.encode(unknownType.fromObject({typeMeta: {apiVersion, kind}, raw})).finish()
  return Buffer.concat([PROTOBUF_MAGIC, envelope])
}
