/**
 * Credentials never reach the terminal: every secret the kubeconfig loader sees is
 * registered here, and every error or debug line is passed through redactSecrets().
 */
const secrets = new Set<string>()

export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 6) secrets.add(value)
}

const bearer = /(authorization:\s*(?:bearer|basic)\s+)\S+/gi

export function redactSecrets(text: string): string {
  let out = text.replace(bearer, '$1[redacted]')
  for (const secret of secrets) out = out.split(secret).join('[redacted]')
  return out
}
