import {CtxError} from './errors.js'
import type {CtxIo, PickRequest} from './output.js'

/**
 * The interactive list the front end passed in (CtxIo.pick; the terminal's draws on stderr like
 * fzf, so stdout stays clean); resolves to the chosen item, or undefined on Esc.
 */
export async function pickInteractively(io: CtxIo, request: PickRequest): Promise<string | undefined> {
  if (!io.pick) throw new CtxError(`no interactive list here: name the ${request.prompt} to use`)
  return io.pick(request)
}
