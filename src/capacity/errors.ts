import {UserError} from '../errors.js'

/**
 * The one error base of the capacity core: a problem with the user's input (a flag, a file,
 * a plan that cannot be placed). The top-level handler prints its message as one
 * `error: ...` line and exits 1; nothing here knows about the CLI.
 */
export class CapacityError extends UserError {
  override name = 'CapacityError'
}
