import type {CtxIo} from './output.js'

export interface PickRequest {
  items: readonly string[]
  current: string | undefined
  prompt: string
}

/**
 * The interactive picker (ink and react load only here). It draws on stderr like fzf does,
 * so stdout stays clean; resolves to the chosen item, or undefined on Esc.
 */
export async function pickInteractively(io: CtxIo, request: PickRequest): Promise<string | undefined> {
  const {runPicker} = await import('../ui/picker.js')
  const rows = (io.stderr as {rows?: number}).rows ?? 24
  return runPicker(
    {items: request.items, current: request.current, prompt: request.prompt, height: Math.max(3, Math.min(15, rows - 3))},
    {output: io.stderr as NodeJS.WriteStream, input: io.stdin as NodeJS.ReadStream},
  )
}
