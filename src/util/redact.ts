/**
 * Credentials never reach the terminal: every secret the kubeconfig loader sees is
 * registered here, and every error or debug line is passed through redactSecrets().
 */
const secrets = new Set<string>()

export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 6) secrets.add(value)
}

const bearer = /(authorization:\s*(?:bearer|basic)\s+)\S+/gi

/** `scheme://user:password@`: the password goes, as Go's net/http prints it (`user:***@`). */
const urlPassword = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#@]*@/gi

/** A URL as it may be printed: a password in it becomes `***`. */
export function redactUrl(url: string): string {
  return url.replace(urlPassword, '$1***@')
}

export function redactSecrets(text: string): string {
  let out = redactUrl(text).replace(bearer, '$1[redacted]')
  for (const secret of secrets) out = out.split(secret).join('[redacted]')
  return out
}
