import {readFileSync} from 'node:fs'
import packageJson from '../../package.json' with {type: 'json'}

// The version line every kubekit command prints (src/cli/entry.ts VERSION_LINE), here without loading the CLI.
export const version = `kubekit ${packageJson.version}`

/**
 * `kubectl ctx --help` and `kubectl ns --help`: the same page as every other command's (the sentence,
 * USAGE, DESCRIPTION, EXAMPLES, FLAGS, GLOBAL FLAGS), rendered once at build time into
 * dist/help.json, so this fast entry prints it without loading the CLI framework.
 */
export function ctxHelp(self: string): string {
  return storedHelp(self)
}

export function nsHelp(self: string): string {
  return storedHelp(self)
}

type Rendered = Record<string, {stdout: string}>

/** dist/help.json, next to the entry (dist/ctx-fast.js) or one level up (from dist/chunks/). */
function loadRendered(): Rendered | undefined {
  for (const path of ['./help.json', '../help.json']) {
    try {
      return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Rendered
    } catch {
      // not here
    }
  }
  return undefined
}

/**
 * The page for `kubectl ctx` (self): stored under that name, or the `kubekit ctx` page with the
 * name changed (the two names have the same length, so the lines wrap the same).
 */
function storedHelp(self: string): string {
  const [bin, plugin] = self.split(' ') as [string, string]
  const rendered = loadRendered()
  const own = rendered?.[`${bin}\u0000${plugin}\u0000--help`]?.stdout
  if (own !== undefined) return own
  const umbrella = rendered?.[`kubekit\u0000${plugin}\u0000--help`]?.stdout
  if (umbrella !== undefined) return umbrella.replaceAll(`kubekit ${plugin}`, self)
  return `${self}: help is missing from this build; run \`kubekit ${plugin} --help\`\n`
}
