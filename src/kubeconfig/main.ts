/**
 * The fast entry of `kubectl ctx` and `kubectl ns` (bundled as dist/ctx-fast.js and loaded by
 * bin/kubectl-ctx, bin/kubectl-ns and the kubectl_complete-* launchers). It parses argv the
 * kubectx way and runs one Op, loading neither oclif nor client-node nor ink unless an Op
 * needs them (the picker, and `ns` talking to the cluster).
 */
import {extractGlobalOptions, parseCtxArgs, parseNsArgs} from './args.js'
import {scanKubectlFlags} from './kubectl-flags.js'
import {makeRun, readContextListing, runCtxOp} from './ctx-ops.js'
import {CtxError} from './errors.js'
import {KubeconfigError} from './files.js'
import {setLockNotice} from './lock.js'
import {isInteractive, type CtxIo} from './output.js'
import {runNsOp} from './ns-ops.js'
import {colourEnabled, painter} from '../print/colour.js'
import {redactSecrets} from '../util/redact.js'

export type Plugin = 'ctx' | 'ns'

export function processIo(plugin: Plugin): CtxIo {
  return {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, self: `kubectl ${plugin}`}
}

function reportError(io: CtxIo, error: unknown): void {
  const known = error instanceof CtxError || error instanceof KubeconfigError
  const message = redactSecrets(error instanceof Error ? error.message : String(error))
  const label = painter(colourEnabled(io.stderr, io.env)).paint('red', 'error:')
  io.stderr.write(`${label} ${message.split('\n')[0]}\n`)
  if (!known && io.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(redactSecrets(error.stack) + '\n')
}

/** Runs one `kubectl ctx`/`kubectl ns` invocation; resolves to the exit code. */
export async function main(plugin: Plugin, argv: readonly string[], io: CtxIo = processIo(plugin)): Promise<number> {
  if (argv[0] === '__complete') return complete(plugin, argv.slice(1), io)
  const {args, options, error} = extractGlobalOptions(argv, plugin)
  if (options.colour === false) io.env.FORCE_COLOR = '0'
  else if (options.colour === true) io.env.FORCE_COLOR = '1'
  if (options.debug) io.env.DEBUG = '1'
  const run = makeRun(io, options.kubeconfig, options.kubectl)
  setLockNotice((line) => io.stderr.write(`${line}\n`))
  try {
    if (error) throw new CtxError(error)
    const interactive = isInteractive(io)
    if (plugin === 'ctx') await runCtxOp(parseCtxArgs(args, interactive), run)
    else await runNsOp(parseNsArgs(args, interactive), run)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (failure) {
    reportError(io, failure)
    return 1
  }
}

/** The kubectl flag whose value the last word is (`--context <TAB>`), if it is one. */
function flagTakingLastWord(words: readonly string[], plugin: Plugin): string | undefined {
  if (words.length < 2) return undefined
  const scan = scanKubectlFlags(words.slice(0, -1), plugin)
  if (!scan.error?.startsWith('flag needs an argument')) return undefined
  const flag = words[words.length - 2]!
  return flag === '--context' ? 'context' : flag
}

function safeContextNames(run: ReturnType<typeof makeRun>): string[] {
  try {
    return readContextListing(run).names
  } catch {
    return []
  }
}

/**
 * Cobra's `__complete` protocol, which kubectl (1.26+) speaks with `kubectl_complete-<plugin>`:
 * the words typed so far (the last one partial) in, candidates one per line and `:4` out.
 * Never fails loudly: a broken kubeconfig or an unreachable cluster just completes nothing.
 */
export async function complete(plugin: Plugin, words: readonly string[], io: CtxIo = processIo(plugin)): Promise<number> {
  const valueOf = flagTakingLastWord(words, plugin)
  if (valueOf !== undefined) {
    const names = valueOf === 'context' ? safeContextNames(makeRun(io, extractGlobalOptions(words.slice(0, -2), plugin).options.kubeconfig)) : []
    io.stdout.write([...names.filter((name) => name.startsWith(words[words.length - 1]!)), ':4'].join('\n') + '\n')
    return 0
  }
  const {args, options} = extractGlobalOptions(words, plugin)
  const partial = args.length > 0 ? args[args.length - 1]! : ''
  const previous = args.slice(0, -1)
  const run = makeRun(io, options.kubeconfig, options.kubectl)
  const {completionCandidates, noFileCompletion} = await import('./completion.js')
  let names: string[] = []
  try {
    if (plugin === 'ctx') {
      names = readContextListing(run).names
    } else if (!partial.startsWith('-')) {
      const {clusterNamespaces} = await import('./ns-ops.js')
      const source = await clusterNamespaces(makeRun({...io, env: {...io.env}}, options.kubeconfig, options.kubectl))
      for await (const page of source.names()) names.push(...page)
    }
  } catch {
    names = []
  }
  const candidates = completionCandidates(names, previous, partial, plugin)
  io.stdout.write([...candidates, noFileCompletion].join('\n') + '\n')
  return 0
}
