/**
 * Defaults from a file, like stern's config.yaml: `~/.config/kubekit/tail.yaml` (or
 * $XDG_CONFIG_HOME/kubekit/tail.yaml, $KUBEKIT_TAIL_CONFIG, --config FILE). Keys are long flag
 * names, values are what the flag takes (lists for repeatable flags); flags on the command line win.
 *
 *     namespace: [shop, payments]
 *     timestamps: short
 *     exclude: [healthz]
 *     max-log-requests: 200
 */
import {readFile} from 'node:fs/promises'
import {homedir} from 'node:os'
import {join} from 'node:path'
import type {FlagSpec} from './argv.js'
import {TailUsageError} from './errors.js'

/** Where the config file is, and whether the user named it (then it must exist). */
export function configLocation(argv: string[], env: NodeJS.ProcessEnv, home = homedir()): {path: string; explicit: boolean} {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break
    if (argv[i] === '--config' && argv[i + 1] !== undefined) return {path: argv[i + 1]!, explicit: true}
    if (argv[i]!.startsWith('--config=')) return {path: argv[i]!.slice('--config='.length), explicit: true}
  }
  if (env.KUBEKIT_TAIL_CONFIG) return {path: env.KUBEKIT_TAIL_CONFIG, explicit: true}
  const base = env.XDG_CONFIG_HOME || join(home, '.config')
  return {path: join(base, 'kubekit', 'tail.yaml'), explicit: false}
}

/** The file's settings; undefined when the default file does not exist. */
export async function readTailConfig(location: {path: string; explicit: boolean}): Promise<Record<string, unknown> | undefined> {
  let text: string
  try {
    text = await readFile(location.path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !location.explicit) return undefined
    throw new TailUsageError(`--config: cannot read ${location.path}: ${(error as Error).message}`)
  }
  // The YAML parser loads only when there is a file to read (most runs have none).
  const {parse} = await import('yaml')
  let document: unknown
  try {
    document = parse(text)
  } catch (error) {
    throw new TailUsageError(`--config: ${location.path} is not YAML: ${(error as Error).message.split('\n')[0]}`)
  }
  if (document === null || document === undefined) return {}
  if (typeof document !== 'object' || Array.isArray(document)) throw new TailUsageError(`--config: ${location.path} must be a map of flag names to values`)
  return document as Record<string, unknown>
}

const scalar = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

/**
 * Config settings as argv tokens, for the flags the command line does not give. Unknown keys are
 * warned about, not fatal (as in stern).
 */
export function configArgv(settings: Record<string, unknown>, specs: FlagSpec[], given: ReadonlySet<string>, warn: (text: string) => void): string[] {
  const byName = new Map(specs.map((s) => [s.name, s]))
  const tokens: string[] = []
  for (const [name, value] of Object.entries(settings)) {
    const spec = byName.get(name)
    if (!spec || name === 'config') {
      warn(`warning: unknown option "${name}" in the tail config file, ignored\n`)
      continue
    }
    if (given.has(name) || value === null || value === undefined) continue
    if (spec.kind === 'boolean' || name === 'timestamps') {
      // Always with "=": a bare flag would look at the next argument (the command line's first) for a value.
      tokens.push(value === true && name === 'timestamps' ? '--timestamps=default' : `--${name}=${scalar(value)}`)
      continue
    }
    const values = Array.isArray(value) ? value : [value]
    if (name === 'namespace') tokens.push(`--namespace=${values.map(scalar).join(',')}`)
    else for (const v of values) tokens.push(`--${name}=${scalar(v)}`)
  }
  return tokens
}
