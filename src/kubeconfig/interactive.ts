import type {CtxIo} from './output.js'

export interface PickRequest {
  items: readonly string[]
  current: string | undefined
  prompt: string
}

/**
 * The interactive picker (ink, loaded only here). It draws on stderr like fzf does, so
 * stdout stays clean; resolves to the chosen item, or undefined on Esc.
 */
export async function pickInteractively(io: CtxIo, request: PickRequest): Promise<string | undefined> {
  const [{render}, {createElement}, {Picker}] = await Promise.all([import('ink'), import('react'), import('../ui/picker.js')])
  let choice: string | undefined
  const rows = (io.stderr as {rows?: number}).rows ?? 24
  const app = render(
    createElement(Picker, {
      items: request.items,
      current: request.current,
      prompt: request.prompt,
      height: Math.max(3, Math.min(15, rows - 3)),
      onDone: (picked: string | undefined) => {
        choice = picked
      },
    }),
    {stdout: io.stderr as NodeJS.WriteStream, stdin: io.stdin as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false},
  )
  await app.waitUntilExit()
  return choice
}
