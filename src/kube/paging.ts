/**
 * Paging's guards: a server (or a proxy in front of it) that answers a page with a continue
 * token it has sent before would make `limit`/`continue` paging loop forever, so each list keeps
 * the tokens it was given and fails at the first repeat, as the server's fault, in one line; and a
 * later page refused with 410 (the token's revision was compacted) is told apart from a list
 * that failed at its start, so a caller holding nothing yet can list again.
 */
import {KubeError} from './errors.js'

export class ContinueTokens {
  private readonly seen = new Set<string>()

  /** `server`: the API server's address as errors print it; `what`: the list being read (`pods`). */
  constructor(
    private readonly server: string,
    private readonly what: string,
  ) {}

  /** The token to ask the next page with; undefined after the last page. Throws on a token sent before. */
  next(token: string | undefined): string | undefined {
    if (!token) return undefined
    if (this.seen.has(token)) {
      throw new KubeError('server', `the API server at ${this.server} sent on page ${this.seen.size + 1} a continue token it had already sent, so the list would never end (reading ${this.what})`)
    }
    this.seen.add(token)
    return token
  }
}

/** A continue token the server no longer honours (410 on a page after the first). */
export class ContinueExpired extends KubeError {
  constructor(cause: KubeError) {
    super('gone', cause.message, cause.status)
  }
}
