/**
 * A failure of `kubectl ctx` / `kubectl ns` the user can act on. The fast entry prints it as
 * `error: <message>` with exit 1; the oclif commands pass it through the same contract.
 * Deliberately not src/cli's UserError: importing that would load oclif on the fast path.
 */
export class CtxError extends Error {
  override name = 'CtxError'
}
