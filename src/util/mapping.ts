/**
 * A JSON or YAML mapping: an object that is neither null nor a list (Go's map[string]T). `T`
 * narrows the values where the caller knows their type (a JSON document's values are JSON).
 */
export function isMapping<T = unknown>(value: unknown): value is Record<string, T> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
