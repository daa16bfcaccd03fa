/** `S` in the logs view: the lines shown, without colour codes, written to a file the user names. */
import {writeFile} from 'node:fs/promises'
import {homedir} from 'node:os'
import {resolve} from 'node:path'
import {plainLine} from './log-options.js'

/** The absolute path a typed path means (`~/` is the home directory, relative to the working directory). */
export function savePath(typed: string, cwd: string = process.cwd()): string {
  const path = typed.startsWith('~/') ? `${homedir()}/${typed.slice(2)}` : typed
  return resolve(cwd, path)
}

/** Writes the lines; resolves to the one line the footer says. */
export async function saveLog(typed: string, lines: readonly string[], cwd?: string): Promise<string> {
  const path = savePath(typed, cwd)
  try {
    await writeFile(path, lines.map(plainLine).join('\n') + (lines.length > 0 ? '\n' : ''), {flag: 'w'})
    return `wrote ${lines.length} lines to ${path}`
  } catch (error) {
    return `cannot write ${path}: ${error instanceof Error ? error.message.replace(/^[A-Z]+: /, '') : String(error)}`
  }
}
