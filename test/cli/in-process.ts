/**
 * Runs a command class in this process, as oclif would run it, with what it writes to stdout
 * and stderr and the exit code oclif would exit with (no child process: the launchers and
 * their exit codes are tested in bin.test.ts).
 */
import {Config, Errors} from '@oclif/core'
import {repoRoot} from '../helpers/run.js'

let config: Promise<Config> | undefined
const oclifConfig = () => (config ??= Config.load(repoRoot))

export interface InProcessResult {
  stdout: string
  stderr: string
  /** 0 when run() returned; else the ExitError's code. */
  exit: number
}

interface Runnable {
  run(argv: string[], config: Config): Promise<unknown>
}

/** Collects what is written to a stream while `work` runs; the stream is itself again after. */
async function capture<T>(work: () => Promise<T>): Promise<{stdout: string; stderr: string; result: T}> {
  const written = {stdout: '', stderr: ''}
  const writes = {stdout: process.stdout.write, stderr: process.stderr.write}
  const collect = (name: 'stdout' | 'stderr') => ((chunk: string | Uint8Array) => ((written[name] += String(chunk)), true)) as typeof process.stdout.write
  process.stdout.write = collect('stdout')
  process.stderr.write = collect('stderr')
  try {
    const result = await work()
    return {...written, result}
  } finally {
    process.stdout.write = writes.stdout
    process.stderr.write = writes.stderr
  }
}

/** Runs `command` with `argv`; an error other than oclif's ExitError is the test's failure (thrown). */
export async function runInProcess(command: Runnable, argv: string[]): Promise<InProcessResult> {
  const loaded = await oclifConfig()
  const {stdout, stderr, result} = await capture(async () => {
    try {
      await command.run(argv, loaded)
      return 0
    } catch (error) {
      if (error instanceof Errors.ExitError) return error.oclif.exit ?? 1
      throw error
    }
  })
  return {stdout, stderr, exit: result}
}
