/** A mistake in what the user asked for: printed as one `error:` line naming the flag, exit 1. */
export class TailUsageError extends Error {
  override name = 'TailUsageError'
}
