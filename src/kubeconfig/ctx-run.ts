import type {KubectlFlags} from './kubectl-flags.js'
import type {CtxIo, Printer} from './output.js'
import type {KubeconfigSource} from './store.js'

/** What every ctx and ns operation gets: where to write, and which kubeconfig to use. */
export interface CtxRun {
  io: CtxIo
  source: KubeconfigSource
  printer: Printer
  /** kubectl's global flags given on the line (other than --kubeconfig, which is in source). */
  kubectl: KubectlFlags
}
