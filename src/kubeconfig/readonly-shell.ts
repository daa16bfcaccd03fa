import type {CtxRun} from './ctx-ops.js'
import {CtxError} from './errors.js'

/**
 * kubectx's `-r/--readonly NAME` starts a sub-shell whose kubeconfig points at a local
 * read-only proxy (GET/HEAD/OPTIONS, review POSTs and dryRun=All pass; everything else gets
 * a 405 Status), with KUBECTX_ISOLATED_SHELL=1 and KUBECTX_READONLY_SHELL=1. The proxy has to
 * forward arbitrary requests with the user's credentials, which only src/kube may do; until it
 * offers that, -r refuses rather than start a shell that is not really read-only.
 */
export function startReadonlyShell(run: CtxRun, target: string): Promise<void> {
  return Promise.reject(
    new CtxError(`'--readonly' is not available in this kubekit yet (no read-only proxy); for a shell of its own with context "${target}" use: ${run.io.self} --shell ${target}`),
  )
}
