import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {execute, type Interfaces} from '@oclif/core'

export {COMMANDS} from './commands/index.js'

/**
 * Runs the CLI on process.argv (the bin/ launchers put the command id in front). `bin` is the
 * name the user typed the command under, so usage lines and examples show it: `kubectl` for the
 * kubectl-* plugins, `kubekit` for the umbrella CLI. (oclif takes the name from package.json,
 * so the package description it reads gets that one field changed.)
 */
export async function run(bin = 'kubectl'): Promise<void> {
  const rootUrl = new URL('..', import.meta.url)
  const pjson = JSON.parse(readFileSync(new URL('package.json', rootUrl), 'utf8')) as Interfaces.PJSON
  await execute({loadOptions: {root: fileURLToPath(rootUrl), pjson: {...pjson, oclif: {...pjson.oclif, bin}}}})
}
