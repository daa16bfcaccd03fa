/**
 * kubectx/kubens grammar, parsed by hand as they do (cmd/kubectx/flags.go): one Op value per
 * action. kubekit's extensions (import, --shell, --export, --prompt, --completion) are
 * recognised first; everything else follows kubectx's rules and messages exactly.
 */

import {didYouMean} from '../util/suggest.js'
import {scanKubectlFlags, type KubectlFlags} from './kubectl-flags.js'

export type PromptShell = 'bash' | 'zsh' | 'fish' | 'plain'
export type CompletionShell = 'bash' | 'zsh' | 'fish'

export type CtxOp =
  | {kind: 'list'}
  | {kind: 'interactive-switch'}
  | {kind: 'switch'; target: string}
  | {kind: 'rename'; newName: string; oldName: string}
  | {kind: 'delete'; names: string[]}
  | {kind: 'interactive-delete'}
  | {kind: 'current'}
  | {kind: 'unset'}
  | {kind: 'help'}
  | {kind: 'version'}
  | {kind: 'import'; file: string; name: string | undefined}
  | {kind: 'shell'; target: string | undefined}
  | {kind: 'export'; target: string | undefined}
  | {kind: 'prompt'; shell: PromptShell}
  | {kind: 'prompt-init'; shell: 'bash' | 'zsh'}
  | {kind: 'readonly-shell'; target: string | undefined}
  | {kind: 'completion'; shell: CompletionShell}
  | {kind: 'unsupported'; message: string}

export type NsOp =
  | {kind: 'list'}
  | {kind: 'interactive-switch'}
  | {kind: 'switch'; target: string; force: boolean}
  | {kind: 'current'}
  | {kind: 'unset'}
  | {kind: 'help'}
  | {kind: 'version'}
  | {kind: 'unsupported'; message: string}

/** Options every invocation accepts anywhere on the line, taken out before the grammar. */
export interface GlobalOptions {
  kubeconfig: string | undefined
  colour: boolean | undefined
  /** kubekit's global --debug (kubectx's DEBUG=1): stacks for unexpected errors. */
  debug?: boolean
  /** kubectl's other global flags, forwarded by kubectl (kubectl-flags.ts). */
  kubectl?: KubectlFlags
}

/**
 * Takes kubekit's own options (--no-color, --color, --debug) and every kubectl global flag
 * (--kubeconfig, --context, -n, -v=6, ...) out of the line, wherever they are.
 */
export function extractGlobalOptions(argv: readonly string[], plugin: 'ctx' | 'ns' = 'ctx'): {args: string[]; options: GlobalOptions; error?: string} {
  const own: string[] = []
  const options: GlobalOptions = {kubeconfig: undefined, colour: undefined}
  for (const arg of argv) {
    if (arg === '--no-color') options.colour = false
    else if (arg === '--color') options.colour = true
    else if (arg === '--debug') options.debug = true
    else own.push(arg)
  }
  const {rest, flags, error} = scanKubectlFlags(own, plugin)
  if (error) return {args: rest, options, error: error === 'flag needs an argument: --kubeconfig' ? "'--kubeconfig' needs a file name" : error}
  options.kubeconfig = flags.kubeconfig
  const {kubeconfig: _kubeconfig, ...others} = flags
  if (Object.keys(others).length > 0) options.kubectl = others
  return {args: rest, options}
}

const promptShells: readonly string[] = ['bash', 'zsh', 'fish', 'plain']

/** The long flags each plugin takes, for the suggestion after an unknown one. */
const SHARED_FLAGS = ['--help', '--version', '--current', '--unset', '--kubeconfig', '--context', '--color', '--no-color', '--debug']
const CTX_FLAGS = [...SHARED_FLAGS, '--shell', '--export', '--readonly', '--prompt', '--prompt-init', '--completion']
const NS_FLAGS = [...SHARED_FLAGS, '--force', '--request-timeout']

/**
 * kubectx's `unsupported option '-x'`, then the nearest flag (`--curent` → "--current") or where
 * the usage is, as every kubekit command ends a usage error.
 */
function unsupportedOption(option: string, plugin: 'ctx' | 'ns', quote: string): string {
  const hint = option.startsWith('--') ? didYouMean(option.split('=')[0]!, plugin === 'ctx' ? CTX_FLAGS : NS_FLAGS) : ''
  return `unsupported option ${quote}${option}${quote}${hint || `; see 'kubectl ${plugin} --help'`}`
}
const completionShells: readonly string[] = ['bash', 'zsh', 'fish']

/** kubectx's `NEW=OLD`: split on the first `=`, both sides non-empty. */
function parseRename(arg: string): {newName: string; oldName: string} | undefined {
  const at = arg.indexOf('=')
  if (at <= 0 || at === arg.length - 1) return undefined
  return {newName: arg.slice(0, at), oldName: arg.slice(at + 1)}
}

function valueOf(args: readonly string[], flag: string): {value: string | undefined; rest: string[]} {
  const rest: string[] = []
  let value: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === flag) {
      value = args[i + 1]
      i++
    } else if (arg.startsWith(`${flag}=`)) {
      value = arg.slice(flag.length + 1)
    } else {
      rest.push(arg)
    }
  }
  return {value, rest}
}

export function parseCtxArgs(argv: readonly string[], interactive: boolean): CtxOp {
  const args = [...argv]
  if (args.length === 0) return interactive ? {kind: 'interactive-switch'} : {kind: 'list'}
  const [first, ...rest] = args as [string, ...string[]]

  // kubekit extensions
  if (first === 'import' && rest.length > 0) {
    const {value: name, rest: files} = valueOf(rest, '--name')
    if (files.length !== 1) return {kind: 'unsupported', message: "'import' takes one kubeconfig file: import FILE [--name NAME]"}
    if (files[0]!.startsWith('-')) return {kind: 'unsupported', message: `unsupported option '${files[0]}' for import`}
    if (rest.some((a) => a === '--name') && !name) return {kind: 'unsupported', message: "'--name' needs a value"}
    return {kind: 'import', file: files[0]!, name}
  }
  if (first === '--prompt' || first.startsWith('--prompt=')) {
    const shell = first.includes('=') ? first.slice('--prompt='.length) : (rest[0] ?? 'plain')
    if (!promptShells.includes(shell)) return {kind: 'unsupported', message: `'--prompt' takes bash, zsh, fish or plain, not '${shell}'`}
    if (rest.length > (first.includes('=') ? 0 : 1)) return {kind: 'unsupported', message: 'too many arguments'}
    return {kind: 'prompt', shell: shell as PromptShell}
  }
  if (first === '--prompt-init' || first.startsWith('--prompt-init=')) {
    const shell = first.includes('=') ? first.slice('--prompt-init='.length) : rest[0]
    if (shell !== 'bash' && shell !== 'zsh') return {kind: 'unsupported', message: "'--prompt-init' takes bash or zsh"}
    if (rest.length > (first.includes('=') ? 0 : 1)) return {kind: 'unsupported', message: 'too many arguments'}
    return {kind: 'prompt-init', shell}
  }
  if (first === '--completion' || first.startsWith('--completion=')) {
    const shell = first.includes('=') ? first.slice('--completion='.length) : rest[0]
    if (!shell || !completionShells.includes(shell)) return {kind: 'unsupported', message: "'--completion' takes bash, zsh or fish"}
    return {kind: 'completion', shell: shell as CompletionShell}
  }
  if (first === '-s' || first === '--shell' || first === '--export' || first === '-r' || first === '--readonly') {
    const kind = first === '--export' ? 'export' : first === '-r' || first === '--readonly' ? 'readonly-shell' : 'shell'
    if (rest.length > 1) return {kind: 'unsupported', message: `'${first}' accepts at most one context name argument`}
    if (rest.length === 0 && !interactive) {
      return {kind: 'unsupported', message: `'${first}' requires a context name argument (or a terminal for interactive mode)`}
    }
    return {kind, target: rest[0]}
  }

  // kubectx grammar
  if (first === '-d') {
    if (rest.length === 0) return interactive ? {kind: 'interactive-delete'} : {kind: 'unsupported', message: "'-d' needs arguments"}
    return {kind: 'delete', names: rest}
  }
  if (args.length === 1) {
    const shared = sharedFlagOp(first)
    if (shared) return shared
    const rename = parseRename(first)
    if (rename) return {kind: 'rename', ...rename}
    if (first.startsWith('-') && first !== '-') return {kind: 'unsupported', message: unsupportedOption(first, 'ctx', "'")}
    return {kind: 'switch', target: first}
  }
  return {kind: 'unsupported', message: 'too many arguments'}
}

/** The flags kubectx and kubens share, each given alone: help, version, current, unset. */
function sharedFlagOp(arg: string): {kind: 'help' | 'version' | 'current' | 'unset'} | undefined {
  switch (arg) {
    case '-h':
    case '--help':
      return {kind: 'help'}
    case '-V':
    case '--version':
      return {kind: 'version'}
    case '-c':
    case '--current':
      return {kind: 'current'}
    case '-u':
    case '--unset':
      return {kind: 'unset'}
    default:
      return undefined
  }
}

export function parseNsArgs(argv: readonly string[], interactive: boolean): NsOp {
  const args = [...argv]
  if (args.length === 0) return interactive ? {kind: 'interactive-switch'} : {kind: 'list'}
  const isForce = (a: string) => a === '-f' || a === '--force'
  if (args.length === 1) {
    const [only] = args as [string]
    const shared = sharedFlagOp(only)
    if (shared) return shared
    if (only.startsWith('-') && only !== '-') return {kind: 'unsupported', message: unsupportedOption(only, 'ns', '"')}
    return {kind: 'switch', target: only, force: false}
  }
  if (args.length === 2) {
    const [a, b] = args as [string, string]
    if (isForce(b) && !(a.startsWith('-') && a !== '-')) return {kind: 'switch', target: a, force: true}
    if (isForce(a) && !(b.startsWith('-') && b !== '-')) return {kind: 'switch', target: b, force: true}
    const flag = [a, b].find((arg) => arg.startsWith('--') && !isForce(arg))
    const hint = flag ? didYouMean(flag.split('=')[0]!, NS_FLAGS) : ''
    return {kind: 'unsupported', message: `unsupported arguments [${JSON.stringify(a)} ${JSON.stringify(b)}]${hint || `; see 'kubectl ns --help'`}`}
  }
  return {kind: 'unsupported', message: 'too many arguments'}
}
