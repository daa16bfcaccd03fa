import {existsSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import type {PromptShell} from './args.js'
import type {CtxRun} from './ctx-run.js'
import {loadContexts, existingPaths} from './store.js'

/**
 * `kubectl ctx --prompt [bash|zsh|fish|plain]`: kube-ps1's `(⎈|ctx:ns)` segment from the
 * kubeconfig alone (no cluster call, no client-node), built as current kube-ps1 builds it
 * (jonmosco/kube-ps1 kube-ps1.sh `kube_ps1`):
 * - KUBE_PS1_ENABLED=off (or ~/.kube/kube-ps1/disabled, kube-ps1's `kubeoff -g`) prints nothing;
 * - the context is N/A when none is set, the namespace N/A when the context sets none;
 * - KUBE_PS1_HIDE_IF_NOCONTEXT=true hides the segment when the context is N/A;
 * - KUBE_PS1_PREFIX / _SUFFIX ('(' / ')'), _SEPARATOR ('|', only with the symbol), _DIVIDER (':'),
 *   _SYMBOL_ENABLE, _SYMBOL_PADDING (false), _SYMBOL_CUSTOM (img, k8s, oc; else ⎈),
 *   _CONTEXT_ENABLE, _NS_ENABLE;
 * - colours: _SYMBOL_COLOR (blue), _CTX_COLOR (red), _NS_COLOR (cyan), _PREFIX_COLOR and
 *   _SUFFIX_COLOR (none), _BG_COLOR (none): names or 0-256, empty means the default; an
 *   unknown value is the terminal's default colour.
 * Colour codes are wrapped for the named shell as kube-ps1 wraps them: bash gets \001 and \002
 * (readline's markers, which still work inside a command substitution, unlike \[ \]), zsh
 * gets %{%F{n}%}; `plain` (the default) and NO_COLOR give no colour at all.
 */

const colourNumbers: Record<string, number> = {black: 0, red: 1, green: 2, yellow: 3, blue: 4, magenta: 5, cyan: 6, white: 7}

/** kube-ps1's colour argument: a name, or 0-256; undefined for anything else (the default colour). */
function colourNumber(value: string): number | undefined {
  const named = colourNumbers[value]
  if (named !== undefined) return named
  return /^(?:0|[1-9]\d{0,2})$/.test(value) && Number(value) <= 256 ? Number(value) : undefined
}

interface Escapes {
  fg(value: string): string
  bg(value: string): string
  resetFg: string
  resetBg: string
}

function ansiFg(n: number): string {
  return n < 8 ? `\u001B[3${n}m` : `\u001B[38;5;${n}m`
}

function ansiBg(n: number): string {
  return n < 8 ? `\u001B[4${n}m` : `\u001B[48;5;${n}m`
}

function escapesFor(shell: PromptShell): Escapes | undefined {
  if (shell === 'zsh') {
    const wrap = (code: string) => `%{${code}%}`
    return {
      fg: (value) => wrap(colourNumber(value) === undefined ? '%f' : `%F{${colourNumber(value)}}`),
      bg: (value) => wrap(colourNumber(value) === undefined ? '%k' : `%K{${colourNumber(value)}}`),
      resetFg: wrap('%f'),
      resetBg: wrap('%k'),
    }
  }
  if (shell === 'plain') return undefined
  const wrap = shell === 'bash' ? (code: string) => `\u0001${code}\u0002` : (code: string) => code
  return {
    fg: (value) => wrap(colourNumber(value) === undefined ? '\u001B[39m' : ansiFg(colourNumber(value)!)),
    bg: (value) => wrap(colourNumber(value) === undefined ? '\u001B[0m' : ansiBg(colourNumber(value)!)),
    resetFg: wrap('\u001B[39m'),
    resetBg: wrap('\u001B[49m'),
  }
}

function setting(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[`KUBE_PS1_${name}`]
  return value === undefined ? fallback : value
}

/** A setting whose empty value means the default too (kube-ps1's `${VAR:-default}`). */
function settingOrDefault(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  return env[`KUBE_PS1_${name}`] || fallback
}

function isDisabled(env: NodeJS.ProcessEnv): boolean {
  if (setting(env, 'ENABLED', 'on') === 'off') return true
  if (env.KUBE_PS1_ENABLED === 'on') return false
  return existsSync(join(env.HOME || homedir(), '.kube', 'kube-ps1', 'disabled'))
}

function symbolText(env: NodeJS.ProcessEnv, paint: (text: string, colour: string) => string): string {
  if (setting(env, 'SYMBOL_ENABLE', 'true') === 'false') return ''
  const colour = settingOrDefault(env, 'SYMBOL_COLOR', 'blue')
  let symbol: string
  switch (env.KUBE_PS1_SYMBOL_CUSTOM) {
    case 'img':
      symbol = '\u2638\uFE0F'
      break
    case 'k8s':
      symbol = paint('\u{F10FE}', colour)
      break
    case 'oc':
      symbol = paint('\uE7B7', 'red')
      break
    default:
      // KUBE_PS1_SYMBOL_DEFAULT: older kube-ps1 releases' way to change the symbol.
      symbol = paint(settingOrDefault(env, 'SYMBOL_DEFAULT', '\u2388'), colour)
  }
  return setting(env, 'SYMBOL_PADDING', 'false') === 'true' ? `${symbol} ` : symbol
}

function affix(text: string, colour: string, paint: (text: string, colour: string) => string): string {
  if (colour === '') return text
  return paint(text, colour)
}

export function formatPrompt(context: string | undefined, namespace: string | undefined, env: NodeJS.ProcessEnv, shell: PromptShell): string {
  if (isDisabled(env)) return ''
  const contextText = context || 'N/A'
  if (contextText === 'N/A' && setting(env, 'HIDE_IF_NOCONTEXT', 'false') === 'true') return ''
  const colour = !(env.NO_COLOR !== undefined && env.NO_COLOR !== '')
  const escapes = colour ? escapesFor(shell) : undefined
  const paint = (text: string, value: string) => (escapes ? `${escapes.fg(value)}${text}${escapes.resetFg}` : text)
  const background = setting(env, 'BG_COLOR', '')
  let segment = ''
  if (escapes && background !== '') segment += escapes.bg(background)
  segment += affix(setting(env, 'PREFIX', '('), setting(env, 'PREFIX_COLOR', ''), paint)
  segment += symbolText(env, paint)
  const separator = setting(env, 'SEPARATOR', '|')
  if (separator !== '' && setting(env, 'SYMBOL_ENABLE', 'true') === 'true') segment += separator
  const showContext = setting(env, 'CONTEXT_ENABLE', 'true') === 'true'
  if (showContext) segment += paint(contextText, settingOrDefault(env, 'CTX_COLOR', 'red'))
  if (setting(env, 'NS_ENABLE', 'true') === 'true') {
    if (showContext) segment += setting(env, 'DIVIDER', ':')
    segment += paint(namespace || 'N/A', settingOrDefault(env, 'NS_COLOR', 'cyan'))
  }
  segment += affix(setting(env, 'SUFFIX', ')'), setting(env, 'SUFFIX_COLOR', ''), paint)
  if (escapes && background !== '') segment += escapes.resetBg
  return segment
}

export function promptSegment(run: CtxRun, shell: PromptShell): string {
  let context: string | undefined
  let namespace: string | undefined
  try {
    const merged = loadContexts(existingPaths(run.source)).merged
    context = merged.currentContext
    namespace = context ? merged.contexts.get(context)?.entry.namespace : undefined
  } catch {
    // A prompt never fails: no or broken kubeconfig shows N/A.
  }
  const text = formatPrompt(context, namespace, run.io.env, shell)
  return shell === 'plain' && text !== '' ? text + '\n' : text
}
