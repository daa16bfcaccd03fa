/**
 * Template hashes as the workload controllers name things with them: FNV-32a of the template
 * (the real controllers hash Go's printed form; we hash canonical JSON), written with
 * apimachinery's rand.SafeEncodeString — each character of the decimal hash mapped into an
 * alphabet without vowels — so names look like `web-7d4b9c8f6d`.
 */

const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789'

/** JSON with object keys sorted, so equal objects give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export function fnv32a(text: string): number {
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}

export function safeEncode(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) out += safeAlphabet[text.charCodeAt(i) % safeAlphabet.length]
  return out
}

/** controller.ComputeHash: the template plus the collision count. */
export function templateHash(template: unknown, collisionCount = 0): string {
  const text = canonicalJson(template) + (collisionCount ? String(collisionCount) : '')
  return safeEncode(String(fnv32a(text)))
}
