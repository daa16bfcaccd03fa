/** kubectl's connection flags, as plain data (what src/cli/kube-command.ts hands to connect()). */
export interface ConnectionOptions {
  kubeconfig?: string | undefined
  context?: string | undefined
  cluster?: string | undefined
  user?: string | undefined
  namespace?: string | undefined
  /** kubectl's --request-timeout: "30s", "1m", "500ms", a plain number of seconds, or "0" for no limit. */
  requestTimeout?: string | undefined
  server?: string | undefined
  token?: string | undefined
  insecureSkipTlsVerify?: boolean | undefined
  certificateAuthority?: string | undefined
  clientCertificate?: string | undefined
  clientKey?: string | undefined
  tlsServerName?: string | undefined
  impersonate?: string | undefined
  /** Environment to read KUBECONFIG and HOME from (tests pass their own). */
  env?: NodeJS.ProcessEnv | undefined
}

export const defaultRequestTimeoutMs = 30_000

const unitMs: Record<string, number> = {ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000}

/**
 * Parses a Go-style duration as kubectl's --request-timeout takes it ("1m30s", "500ms",
 * "10"). Returns milliseconds; 0 means no limit. Throws on anything else.
 */
export function parseDuration(text: string, flag = '--request-timeout'): number {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy
  let total = 0
  let consumed = 0
  for (let match = part.exec(trimmed); match; match = part.exec(trimmed)) {
    total += Number(match[1]) * unitMs[match[2]!]!
    consumed = part.lastIndex
  }
  if (trimmed === '' || consumed !== trimmed.length) {
    throw new Error(`invalid ${flag} "${text}": use a duration such as 30s, 1m or 0 (no limit)`)
  }
  return Math.round(total)
}
