/**
 * Request bodies decoded as the API server's decoder does: a value of the wrong type is 400
 * (`Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal ...`);
 * unknown fields are dropped and, by the `fieldValidation` directive, refused (Strict: 400
 * `strict decoding error: unknown field "spec.foo"`), warned about (Warn, the default:
 * `Warning: unknown field "spec.foo"`), or ignored (Ignore).
 */
import {decodeAgainstSchema, loadSchemas} from './schema.js'
import {errors} from './status.js'
import type {KubeObject} from './types.js'

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict'

export function fieldValidationOf(params: URLSearchParams): FieldValidation {
  const value = params.get('fieldValidation') ?? 'Warn'
  if (value === 'Ignore' || value === 'Warn' || value === 'Strict') return value
  throw errors.badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(value)}: supported values: "Ignore", "Strict", "Warn"`)
}

/** Splits `spec.containers[0].foo` into its steps. */
function pathSteps(path: string): Array<string | number> {
  const steps: Array<string | number> = []
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part)
    if (!m) return [part]
    if (m[1]) steps.push(m[1])
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]))
  }
  return steps
}

function dropField(object: unknown, path: string): void {
  const steps = pathSteps(path)
  let node = object as Record<string | number, unknown> | undefined
  for (const step of steps.slice(0, -1)) node = node?.[step] as Record<string | number, unknown> | undefined
  if (node && typeof node === 'object') delete node[steps.at(-1)!]
}

/**
 * Decodes a body for `apiVersion`/`kind`; returns the object without unknown fields and the
 * warnings to send. The body is copied, never changed.
 */
export async function decodeBody(body: unknown, apiVersion: string, kind: string, validation: FieldValidation): Promise<{object: KubeObject; warnings: string[]}> {
  const cannotHandle = (why: string) => errors.badRequest(`${kind} in version ${JSON.stringify(apiVersion.split('/').at(-1))} cannot be handled as a ${kind}: ${why}`)
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw cannotHandle(`json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type struct`)
  const object = structuredClone(body) as KubeObject
  await loadSchemas()
  const decoded = decodeAgainstSchema(object, apiVersion, kind)
  if (!decoded) return {object, warnings: []}
  if (decoded.typeError) throw cannotHandle(decoded.typeError)
  const unknown = decoded.unknownFields
  if (unknown.length > 0 && validation === 'Strict') throw cannotHandle(`strict decoding error: ${unknown.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`)
  for (const field of unknown) dropField(object, field)
  return {object, warnings: validation === 'Warn' ? unknown.map((f) => `unknown field ${JSON.stringify(f)}`) : []}
}
