/** How a YAML scalar was written, so a replacement keeps the author's quoting. */
export type ScalarStyle = 'plain' | 'single' | 'double'

const reservedPlain = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?(?:\.inf|\.nan)|[-+]?[0-9][0-9_.:eExXoObB+-]*)$/i

/** True when `value` can be written unquoted and still reads back as the same string. */
export function isSafePlain(value: string): boolean {
  if (value === '' || reservedPlain.test(value)) return false
  if (!/^[A-Za-z0-9_./@:+=~-]+$/.test(value)) return false
  if (/^[-?:,[\]{}#&*!|>'"%@`~=]/.test(value)) return false
  return !value.endsWith(':')
}

/** A scalar's source text in the given style, falling back to double quotes when needed. */
export function encodeScalar(value: string, style: ScalarStyle = 'plain'): string {
  if (style === 'single' && !/[\n\r\t\\]/.test(value) && !/[^\u0020-\u007e\u00a0-\uffff]/.test(value)) {
    return `'${value.replaceAll("'", "''")}'`
  }
  if (style === 'plain' && isSafePlain(value)) return value
  // YAML's double-quoted style accepts JSON's escapes.
  return JSON.stringify(value)
}
