import type {PromptShell} from './args.js'
import type {CtxRun} from './ctx-ops.js'
import {loadContexts, existingPaths} from './store.js'

/**
 * `kubectl ctx --prompt [bash|zsh|fish|plain]`: kube-ps1's `(⎈|ctx:ns)` segment from the
 * kubeconfig alone (no cluster call, no client-node), honouring kube-ps1's variables:
 * KUBE_PS1_ENABLED, _PREFIX, _SUFFIX, _SEPARATOR, _DIVIDER, _SYMBOL_ENABLE, _SYMBOL_DEFAULT,
 * _SYMBOL_PADDING, _CONTEXT_ENABLE, _NS_ENABLE, _HIDE_IF_NOCONTEXT and the colours
 * _SYMBOL_COLOR, _CTX_COLOR, _NS_COLOR, _BG_COLOR (names or 0-255; '' for none).
 * Colour codes are wrapped for the named shell's prompt; `plain` (the default) and NO_COLOR
 * give no colour at all.
 */

const colourNumbers: Record<string, number> = {black: 0, red: 1, green: 2, yellow: 3, blue: 4, magenta: 5, cyan: 6, white: 7}

function colourCode(value: string | undefined, background: boolean): string | undefined {
  if (!value) return undefined
  const named = colourNumbers[value.toLowerCase()]
  const number = named ?? (/^\d{1,3}$/.test(value) && Number(value) <= 255 ? Number(value) : undefined)
  if (number === undefined) return undefined
  if (number < 8) return `\u001B[${(background ? 40 : 30) + number}m`
  return `\u001B[${background ? 48 : 38};5;${number}m`
}

function setting(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[`KUBE_PS1_${name}`]
  return value === undefined ? fallback : value
}

export function formatPrompt(
  context: string | undefined,
  namespace: string | undefined,
  env: NodeJS.ProcessEnv,
  shell: PromptShell,
): string {
  if (setting(env, 'ENABLED', 'on') === 'off') return ''
  if (!context && setting(env, 'HIDE_IF_NOCONTEXT', 'false') === 'true') return ''
  const colour = shell !== 'plain' && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '')
  const wrap = (code: string) => (shell === 'bash' ? `\\[${code}\\]` : shell === 'zsh' ? `%{${code}%}` : code)
  const reset = colour ? wrap('\u001B[39m') : ''
  const background = colour ? colourCode(setting(env, 'BG_COLOR', ''), true) : undefined
  const paint = (text: string, name: string, fallback: string) => {
    const code = colour ? colourCode(setting(env, name, fallback), false) : undefined
    return code ? `${wrap(code)}${text}${reset}` : text
  }
  let segment = ''
  if (background) segment += wrap(background)
  segment += setting(env, 'PREFIX', '(')
  if (setting(env, 'SYMBOL_ENABLE', 'true') === 'true') {
    const padding = setting(env, 'SYMBOL_PADDING', 'false') === 'true' ? ' ' : ''
    segment += paint(setting(env, 'SYMBOL_DEFAULT', '⎈') + padding, 'SYMBOL_COLOR', 'blue')
    segment += setting(env, 'SEPARATOR', '|')
  }
  const showContext = setting(env, 'CONTEXT_ENABLE', 'true') === 'true'
  if (showContext) segment += paint(context || 'N/A', 'CTX_COLOR', 'red')
  if (setting(env, 'NS_ENABLE', 'true') === 'true') {
    if (showContext) segment += setting(env, 'DIVIDER', ':')
    segment += paint(context ? namespace || 'default' : 'N/A', 'NS_COLOR', 'cyan')
  }
  segment += setting(env, 'SUFFIX', ')')
  if (background) segment += wrap('\u001B[49m')
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
