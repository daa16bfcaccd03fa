/**
 * The user-facing error base: a failure the user can act on (a bad flag, a missing object, a
 * file that cannot be used). The top-level handler (src/cli/base-command.ts) prints its message
 * as one `error: ...` line and exits 1. A leaf module, importing nothing, so any core may throw
 * it without loading the CLI framework.
 */
export class UserError extends Error {
  override name = 'UserError'
}
