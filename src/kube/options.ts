import {goDurationSeconds} from '../util/go-duration.js'

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

/**
 * Parses a Go-style duration as kubectl's --request-timeout takes it ("1m30s", "500ms",
 * "10"). Returns milliseconds; 0 means no limit. Throws on anything else.
 */
export function parseDuration(text: string, flag = '--request-timeout'): number {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const seconds = goDurationSeconds(trimmed)
  if (seconds === undefined) throw new Error(`invalid ${flag} "${text}": use a duration such as 30s, 1m or 0 (no limit)`)
  return Math.round(seconds * 1000)
}
