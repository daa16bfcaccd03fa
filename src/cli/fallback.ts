/**
 * The fast path (src/fast) runs the same command classes without oclif; when it meets something
 * it does not handle exactly like oclif (a parse error, help, an unusual flag form) it throws this,
 * and the launcher re-runs the whole command through oclif, so every message stays oclif's.
 */
export class FastPathDeclined extends Error {
  override name = 'FastPathDeclined'
}

export function isFastPathDeclined(error: unknown): boolean {
  return error instanceof FastPathDeclined
}
