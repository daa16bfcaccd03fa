import {colourEnabled, painter, type Painter} from '../print/colour.js'

/** A place to write text: process.stdout/stderr, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown
  isTTY?: boolean
}

/** Everything an operation may touch outside the kubeconfig files. */
export interface CtxIo {
  stdout: TextSink
  stderr: TextSink
  stdin: NodeJS.ReadableStream & {isTTY?: boolean; setRawMode?: (mode: boolean) => unknown}
  env: NodeJS.ProcessEnv
  /** The name the user typed: `kubectl ctx` / `kubectl ns` or `kubekit ctx`; used in help and hints. */
  self: string
  /**
   * The interactive list (fzf's role) for a bare `kubectl ctx` / `kubectl ns` on a terminal: the
   * front end passes one in (src/cli/ctx-entry.ts draws src/ui/picker.tsx on stderr); without it
   * the list is printed instead.
   */
  pick?: Picker | undefined
}

export interface PickRequest {
  items: readonly string[]
  current: string | undefined
  prompt: string
}

/** Shows the items and resolves to the one chosen, or undefined when the user cancels (Esc). */
export type Picker = (request: PickRequest) => Promise<string | undefined>

/**
 * kubectx's printer: data on stdout, `✔ ` successes and `warning: ` lines on stderr. The
 * colour policy is src/print/colour.ts (TTY only, never with NO_COLOR), per stream.
 */
export class Printer {
  readonly out: Painter
  readonly err: Painter

  constructor(private readonly io: CtxIo) {
    this.out = painter(colourEnabled(io.stdout, io.env))
    this.err = painter(colourEnabled(io.stderr, io.env))
  }

  data(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : text + '\n')
  }

  success(message: string): void {
    this.io.stderr.write(`${this.err.paint('green', '✔ ')}${message}\n`)
  }

  warning(message: string): void {
    this.io.stderr.write(`${this.err.paint('yellow', 'warning: ')}${message}\n`)
  }

  /** A value inside a success line (kubectx colours only the value). */
  value(text: string): string {
    return this.err.paint('green', text)
  }
}

/** kubectx's rule for interactive mode: a terminal on both ends and KUBECTX_IGNORE_FZF unset (and a picker to show). */
export function isInteractive(io: Pick<CtxIo, 'stdout' | 'stdin' | 'env' | 'pick'>): boolean {
  return io.stdout.isTTY === true && io.stdin.isTTY === true && !io.env.KUBECTX_IGNORE_FZF && io.pick !== undefined
}
