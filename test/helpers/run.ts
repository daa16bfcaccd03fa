import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const binDir = `${repoRoot}bin`

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Spawns a real process (one of our bin/ launchers, or kubectl) and collects its output.
 * The environment is minimal and explicit: PATH has bin/ first, HOME is whatever the test gives.
 */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: {PATH: `${binDir}:${process.env.PATH}`, ...env},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr}))
    child.stdin.end(input ?? '')
  })
}
