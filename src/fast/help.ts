/**
 * Help without oclif: `scripts/build.mjs` runs every command's and topic's `--help` and `-h`
 * through oclif once, for both names (kubectl, kubekit), and stores the answers in dist/help.json.
 * They are served only when oclif would print exactly those bytes: stdout not a terminal (oclif
 * then wraps at 80 columns) and nothing that turns colour on (ansis' rules: FORCE_COLOR,
 * COLORTERM, CI variables, --color). Anything else (a terminal, other argv) is left to oclif.
 */
import {readFileSync} from 'node:fs'

export interface RenderedHelp {
  stdout: string
  stderr: string
  code: number
}

/** The key of one rendered answer: the name the user typed and the words after it. */
export function helpKey(bin: string, words: readonly string[]): string {
  return `${bin}\u0000${words.join('\u0000')}`
}

const COLOUR_VARIABLES = ['COLORTERM', 'TF_BUILD', 'CI', 'TEAMCITY_VERSION', 'PM2_HOME', 'NEXT_RUNTIME']

/** The conditions under which oclif's help is the 80-column, colourless text stored at build time. */
export function plainHelpOutput(env: NodeJS.ProcessEnv, argv: readonly string[], stdoutIsTty: boolean): boolean {
  if (stdoutIsTty || env.OCLIF_COLUMNS !== undefined) return false
  if (argv.some((arg) => /^-{1,2}color/.test(arg))) return false
  const forced = env.FORCE_COLOR
  if (forced === '0' || forced === 'false' || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return true
  return forced === undefined && COLOUR_VARIABLES.every((name) => env[name] === undefined)
}

let rendered: Record<string, RenderedHelp> | null | undefined
function loadRendered(): Record<string, RenderedHelp> | null {
  if (rendered !== undefined) return rendered
  try {
    rendered = JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8')) as Record<string, RenderedHelp>
  } catch {
    rendered = null
  }
  return rendered
}

/** The stored answer for `bin words...` when it is what oclif would print here, else undefined. */
export function renderedHelp(bin: string, words: readonly string[], env = process.env, argv = process.argv, stdoutIsTty = Boolean(process.stdout.isTTY)): RenderedHelp | undefined {
  if (!plainHelpOutput(env, argv, stdoutIsTty)) return undefined
  return loadRendered()?.[helpKey(bin, words)]
}
