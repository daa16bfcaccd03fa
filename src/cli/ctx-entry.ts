/**
 * The process front end of `kubectl ctx` and `kubectl ns`, bundled as dist/ctx-fast.js for
 * bin/kubectl-ctx, bin/kubectl-ns and the kubectl_complete-* launchers (the oclif commands use it
 * too): the core (src/kubeconfig/main.ts) with the process's streams and the terminal picker,
 * which loads ink only when a list is shown. It loads no oclif.
 */
import {main as runCore, processIo, type Plugin} from '../kubeconfig/main.js'
import type {CtxIo, PickRequest} from '../kubeconfig/output.js'

/** The picker (src/ui/picker.tsx) drawn on stderr like fzf, so stdout stays clean. */
async function pickOnTerminal(request: PickRequest): Promise<string | undefined> {
  const {runPicker} = await import('../ui/picker.js')
  const height = Math.max(3, Math.min(15, (process.stderr.rows ?? 24) - 3))
  return runPicker({items: request.items, current: request.current, prompt: request.prompt, height}, {output: process.stderr, input: process.stdin})
}

/** The process's streams and environment, with the terminal picker. */
export function terminalIo(plugin: Plugin): CtxIo {
  return {...processIo(plugin), pick: pickOnTerminal}
}

/** Runs one `kubectl ctx`/`kubectl ns` invocation on this process; resolves to the exit code. */
export function main(plugin: Plugin, argv: readonly string[]): Promise<number> {
  return runCore(plugin, argv, terminalIo(plugin))
}
