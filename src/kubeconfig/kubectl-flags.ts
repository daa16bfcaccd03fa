/**
 * kubectl's global flags (`kubectl options`, kubectl 1.32), which kubectl hands on to a plugin
 * with the rest of the line: `kubectl ctx --context=prod` runs `kubectl-ctx --context=prod`.
 * They are taken out of the line before the kubectx/kubens grammar sees it, so a flag or its
 * value is never read as a NAME or a NEW=OLD rename. pflag's forms are accepted: `--flag=v`,
 * `--flag v`, and for the shorthands `-n v`, `-n=v`, `-nv`.
 *
 * Two shorthands are not taken: `-s` (kubectl's --server) is kubectx's --shell in ctx and is
 * only --server in ns; `-h` is help either way.
 */

export type KubectlFlagName =
  | 'as' | 'as-group' | 'as-uid' | 'cache-dir' | 'certificate-authority' | 'client-certificate' | 'client-key' | 'cluster'
  | 'context' | 'disable-compression' | 'insecure-skip-tls-verify' | 'kubeconfig' | 'log-flush-frequency' | 'match-server-version'
  | 'namespace' | 'password' | 'profile' | 'profile-output' | 'request-timeout' | 'server' | 'tls-server-name' | 'token' | 'user'
  | 'username' | 'v' | 'vmodule' | 'warnings-as-errors'

const valueFlags: ReadonlySet<string> = new Set([
  'as', 'as-group', 'as-uid', 'cache-dir', 'certificate-authority', 'client-certificate', 'client-key', 'cluster', 'context',
  'kubeconfig', 'log-flush-frequency', 'namespace', 'password', 'profile', 'profile-output', 'request-timeout', 'server',
  'tls-server-name', 'token', 'user', 'username', 'v', 'vmodule',
])

const booleanFlags: ReadonlySet<string> = new Set(['disable-compression', 'insecure-skip-tls-verify', 'match-server-version', 'warnings-as-errors'])

/** kubectl's shorthands, per plugin (`-s` is kubectx's --shell in ctx). */
const shorthands: Record<'ctx' | 'ns', Record<string, KubectlFlagName>> = {
  ctx: {n: 'namespace', v: 'v'},
  ns: {n: 'namespace', v: 'v', s: 'server'},
}

/** The flags found, last value wins (--as-group collects every value). */
export type KubectlFlags = Partial<Record<Exclude<KubectlFlagName, 'as-group'>, string>> & {'as-group'?: string[]}

export interface FlagScan {
  /** The words that are not kubectl flags or their values, in order. */
  rest: string[]
  flags: KubectlFlags
  error?: string
}

function record(flags: KubectlFlags, name: KubectlFlagName, value: string): void {
  if (name === 'as-group') flags['as-group'] = [...(flags['as-group'] ?? []), value]
  else flags[name] = value
}

function booleanValue(name: string, value: string | undefined): string | {error: string} {
  if (value === undefined) return 'true'
  if (/^(?:1|t|T|true|TRUE|True|0|f|F|false|FALSE|False)$/.test(value)) return /^(?:1|t|true)$/i.test(value) ? 'true' : 'false'
  return {error: `invalid argument "${value}" for "--${name}" flag: use true or false`}
}

/** The kubectl flag `word` starts, if any: its name, and the value written inside the word. */
function recognise(word: string, plugin: 'ctx' | 'ns'): {name: KubectlFlagName; inline: string | undefined} | undefined {
  if (word.startsWith('--')) {
    const at = word.indexOf('=')
    const name = at === -1 ? word.slice(2) : word.slice(2, at)
    if (!valueFlags.has(name) && !booleanFlags.has(name)) return undefined
    return {name: name as KubectlFlagName, inline: at === -1 ? undefined : word.slice(at + 1)}
  }
  if (word.length < 2 || word[0] !== '-') return undefined
  const name = shorthands[plugin][word[1]!]
  if (!name) return undefined
  const inline = word.length === 2 ? undefined : word.slice(word[2] === '=' ? 3 : 2)
  return {name, inline}
}

/** Takes kubectl's global flags out of `argv`. */
export function scanKubectlFlags(argv: readonly string[], plugin: 'ctx' | 'ns'): FlagScan {
  const rest: string[] = []
  const flags: KubectlFlags = {}
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!
    const found = recognise(word, plugin)
    if (!found) {
      rest.push(word)
      continue
    }
    if (booleanFlags.has(found.name)) {
      const value = booleanValue(found.name, found.inline)
      if (typeof value !== 'string') return {rest, flags, error: value.error}
      record(flags, found.name, value)
      continue
    }
    let value = found.inline
    if (value === undefined) {
      value = argv[i + 1]
      if (value === undefined) return {rest, flags, error: `flag needs an argument: ${word.startsWith('--') ? word : `'${word[1]}' in ${word}`}`}
      i++
    }
    record(flags, found.name, value)
  }
  return {rest, flags}
}
