import {UserError} from '../errors.js'

/** A mistake in what the user asked for: printed as one `error:` line naming the flag, exit 1. */
export class TailUsageError extends UserError {
  override name = 'TailUsageError'
}
