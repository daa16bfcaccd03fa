/**
 * stern's flag syntax (Go's pflag) rewritten into what oclif parses, before oclif sees it, so a
 * stern user's muscle memory works and no flag value silently becomes the pod QUERY:
 *
 * - booleans take `--flag`, `--flag=true|false` (any strconv.ParseBool form); `--flag false` is not a value in pflag
 *   either (stern then takes `false` as QUERY): here it is an error that shows the `=` form
 * - `-t`/`--timestamps` alone means `default`; `--timestamps=default|short` (the `=` is required, as in stern;
 *   `-t short`, which stern silently reads as QUERY "short", is an error that shows the `=` form)
 * - `--color auto|always|never` or `--color=...`; kubekit's `--color`/`--no-color` still mean always/never
 * - `-n a -n b` (repeated, as stern and kubectl accept) becomes `--namespace a,b`
 * - `-s` is kubectl's `--server` (kubectl owns the short flag); `-s 5m` is refused with a pointer to `--since`
 * - combined short booleans such as `-At`
 */
import {TailUsageError} from './errors.js'

/** One flag of the command, as the parser needs to know it. */
export interface FlagSpec {
  name: string
  char?: string | undefined
  /** `boolean` flags take no separate value; `value` flags take the next argument (or `=value`). */
  kind: 'boolean' | 'value'
  /** oclif accepts `--no-NAME`. */
  allowNo?: boolean | undefined
  /** The values a value flag takes, when it takes a fixed set (completion offers them). */
  options?: readonly string[] | undefined
  /** Not shown in help (kubectl's flags kubekit accepts and ignores); completion leaves it out. */
  hidden?: boolean | undefined
}

const trueWords = new Set(['1', 't', 'T', 'true', 'TRUE', 'True'])
const falseWords = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False'])
const colourModes = new Set(['auto', 'always', 'never'])
const timestampFormats = new Set(['default', 'short'])
const goDuration = /^[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/

/** Go's strconv.ParseBool, which pflag uses for `--flag=value`. */
export function parseGoBool(text: string): boolean | undefined {
  if (trueWords.has(text)) return true
  if (falseWords.has(text)) return false
  return undefined
}

class Rewriter {
  readonly out: string[] = []
  private namespaces: string[] | undefined
  private namespaceAt = -1
  private readonly byName = new Map<string, FlagSpec>()
  private readonly byChar = new Map<string, FlagSpec>()

  constructor(specs: FlagSpec[]) {
    for (const spec of specs) {
      this.byName.set(spec.name, spec)
      if (spec.char) this.byChar.set(spec.char, spec)
    }
  }

  run(argv: string[]): string[] {
    for (let i = 0; i < argv.length; i++) {
      const token = argv[i]!
      if (token === '--') {
        this.out.push(...argv.slice(i))
        break
      }
      i = this.token(token, argv, i)
    }
    if (this.namespaces) this.out.splice(this.namespaceAt, 0, `--namespace=${this.namespaces.join(',')}`)
    return this.out
  }

  /** Handles argv[i]; returns the index of the last argument it used. */
  private token(token: string, argv: string[], i: number): number {
    if (token.startsWith('--')) return this.long(token, argv, i)
    if (/^-[^-]/.test(token)) return this.short(token, argv, i)
    this.out.push(token)
    return i
  }

  private long(token: string, argv: string[], i: number): number {
    const eq = token.indexOf('=')
    const name = token.slice(2, eq < 0 ? undefined : eq)
    const value = eq < 0 ? undefined : token.slice(eq + 1)
    if (name === 'timestamps') return this.timestamps(value, argv[i + 1], i)
    if (name === 'color' || name === 'no-color') return this.colour(name, value, argv, i)
    if (name === 'namespace') return this.namespace(value, argv, i)
    const spec = this.byName.get(name)
    if (spec?.kind === 'boolean' && value !== undefined) {
      this.boolean(spec, value)
      return i
    }
    if (spec?.kind === 'boolean') this.noSpacedValue(spec, argv[i + 1])
    this.out.push(token)
    if (spec?.kind === 'value' && value === undefined && i + 1 < argv.length) {
      this.out.push(argv[i + 1]!)
      return i + 1
    }
    return i
  }

  private short(token: string, argv: string[], i: number): number {
    const char = token[1]!
    const attached = token.length > 2 ? token.slice(token[2] === '=' ? 3 : 2) : undefined
    if (token.length > 2 && token[2] !== '=' && this.allBooleanChars(token.slice(1))) {
      for (const c of token.slice(1)) this.token(`-${c}`, argv, i)
      return i
    }
    if (char === 't') return this.timestamps(attached, argv[i + 1], i)
    if (char === 'n') return this.namespace(attached, argv, i)
    const spec = this.byChar.get(char)
    if (char === 's' && spec?.name === 'server') {
      const value = attached ?? argv[i + 1]
      if (value !== undefined && goDuration.test(value)) {
        throw new TailUsageError(`-s is kubectl's --server here, not stern's --since: use --since ${value}`)
      }
    }
    if (spec?.kind === 'boolean' && token[2] === '=') {
      this.boolean(spec, attached!)
      return i
    }
    if (spec?.kind === 'boolean' && attached === undefined) this.noSpacedValue(spec, argv[i + 1])
    this.out.push(token)
    if (spec?.kind === 'value' && attached === undefined && i + 1 < argv.length) {
      this.out.push(argv[i + 1]!)
      return i + 1
    }
    return i
  }

  private allBooleanChars(chars: string): boolean {
    return [...chars].every((c) => c === 't' || this.byChar.get(c)?.kind === 'boolean')
  }

  /** `--init-containers false`: pflag takes no separate value (stern would tail the pods matching "false"). */
  private noSpacedValue(spec: FlagSpec, next: string | undefined): void {
    if (next !== 'true' && next !== 'false') return
    throw new TailUsageError(`--${spec.name} takes its value after "=": use --${spec.name}=${next} (a separate "${next}" would be the pod QUERY)`)
  }

  private boolean(spec: FlagSpec, value: string): void {
    const on = parseGoBool(value)
    if (on === undefined) throw new TailUsageError(`--${spec.name}="${value}" is not a boolean: use --${spec.name}, --${spec.name}=true or --${spec.name}=false`)
    if (on) this.out.push(`--${spec.name}`)
    else if (spec.allowNo) this.out.push(`--no-${spec.name}`)
    // false on a flag that defaults to false: nothing to pass
  }

  /** `next` is the argument after a bare -t/--timestamps: a format there is a mistake, not the QUERY. */
  private timestamps(value: string | undefined, next: string | undefined, i: number): number {
    if (value === undefined && next !== undefined && timestampFormats.has(next)) {
      throw new TailUsageError(`--timestamps takes its format after "=": use --timestamps=${next} (a separate "${next}" would be the pod QUERY)`)
    }
    const format = value ?? 'default'
    if (!timestampFormats.has(format)) {
      throw new TailUsageError(`--timestamps="${format}" is not a timestamp format: use -t, --timestamps=default or --timestamps=short (the "=" is required)`)
    }
    this.out.push(`--timestamps=${format}`)
    return i
  }

  private colour(name: string, value: string | undefined, argv: string[], i: number): number {
    if (name === 'no-color') {
      this.out.push('--color=never')
      return i
    }
    if (value !== undefined) {
      if (!colourModes.has(value)) throw new TailUsageError(`--color "${value}" is not a colour mode: use auto, always or never`)
      this.out.push(`--color=${value}`)
      return i
    }
    const next = argv[i + 1]
    if (next !== undefined && colourModes.has(next)) {
      this.out.push(`--color=${next}`)
      return i + 1
    }
    this.out.push('--color=always') // kubekit's plain --color
    return i
  }

  private namespace(value: string | undefined, argv: string[], i: number): number {
    let used = i
    let text = value
    if (text === undefined) {
      if (i + 1 >= argv.length) throw new TailUsageError('-n/--namespace needs a namespace name')
      text = argv[i + 1]!
      used = i + 1
    }
    if (!this.namespaces) {
      this.namespaces = []
      this.namespaceAt = this.out.length
    }
    for (const part of text.split(',')) if (part.trim() && !this.namespaces.includes(part.trim())) this.namespaces.push(part.trim())
    return used
  }
}

/** stern's (pflag's) forms → oclif's; throws a TailUsageError naming the flag for a stray value. */
export function normalizeTailArgv(argv: string[], specs: FlagSpec[]): string[] {
  return new Rewriter(specs).run(argv)
}

/** The long names of the flags given in argv (to let them win over a config file). */
export function flagsGiven(argv: string[], specs: FlagSpec[]): Set<string> {
  const byChar = new Map(specs.filter((s) => s.char).map((s) => [s.char!, s.name]))
  const given = new Set<string>()
  for (const token of argv) {
    if (token === '--') break
    const long = /^--(?:no-)?([^=]+)/.exec(token)
    if (long) given.add(long[1]!)
    else if (/^-[^-]/.test(token)) for (const c of token.slice(1).split('=')[0]!) if (byChar.has(c)) given.add(byChar.get(c)!)
  }
  if (given.has('no-color')) given.add('color')
  return given
}
