import {UserError} from '../errors.js'

/**
 * A failure of `kubectl ctx` / `kubectl ns` the user can act on. The fast entry prints it as
 * `error: <message>` with exit 1; the oclif commands pass it through the same contract.
 * A UserError (src/errors.ts, a leaf that loads nothing, so the fast path stays light).
 */
export class CtxError extends UserError {
  override name = 'CtxError'
}

/**
 * An edit the byte-preserving editor declines (a shape it cannot change without touching
 * something else, such as an anchored value other entries share). The store adds the file,
 * and the kubectl command that makes the same change by rewriting the file.
 */
export class CannotEditInPlace extends CtxError {
  override name = 'CannotEditInPlace'
  constructor(readonly reason: string) {
    super(`cannot edit the kubeconfig in place: ${reason}`)
  }
}

/** No kubeconfig file exists where kubectl would look: `kubectl ctx` alone warns instead of failing. */
export class NoKubeconfig extends CtxError {
  override name = 'NoKubeconfig'
  /** Where kubectl looked: `KUBECONFIG=...` or `~/.kube/config`. */
  readonly where: string

  constructor(env: NodeJS.ProcessEnv) {
    const where = kubeconfigLocation(env)
    super(`no kubeconfig found (${where}): create one, or point KUBECONFIG at one`)
    this.where = where
  }
}

/** Where kubectl looks for kubeconfigs under `env`, as the errors name it. */
export function kubeconfigLocation(env: NodeJS.ProcessEnv): string {
  return env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG}` : '~/.kube/config'
}
