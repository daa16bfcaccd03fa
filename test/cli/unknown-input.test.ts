// Unknown commands, misspelt flags and bad values, typed as a user types them (`kubectl <plugin>`
// through the real kubectl, and `kubekit ...`): one `error:` line on stderr with the nearest
// command or flag (or where the help is), nothing on stdout, exit 1.
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {binDir, run} from '../helpers/run.js'

const home = mkdtempSync(join(tmpdir(), 'kubekit-unknown-'))
const env = {HOME: home, KUBECONFIG: join(home, 'none')}

/** [what the user types, what the one line says]. */
const cases: Array<[string, string]> = [
  ['kubectl capacity shwo', 'error: unknown command "shwo" for "kubectl capacity" (did you mean "show"?)'],
  ['kubekit capacity shwo', 'error: unknown command "shwo" for "kubekit capacity" (did you mean "show"?)'],
  ['kubekit help foo', `error: unknown command "foo" for "kubekit"; see 'kubekit --help'`],
  ['kubekit diagnos pod x', 'error: unknown command "diagnos" for "kubekit" (did you mean "diagnose"?)'],
  ['kubekit help capacity shwo', 'error: unknown command "shwo" for "kubekit capacity" (did you mean "show"?)'],
  ['kubekit sandbox strat', 'error: unknown command "strat" for "kubekit sandbox" (did you mean "start"?)'],
  ['kubectl tail --tial 5', 'error: unknown flag: --tial (did you mean "--tail"?)'],
  ['kubekit tail --tial 5', 'error: unknown flag: --tial (did you mean "--tail"?)'],
  ['kubectl diagnose pod x --exit-cod', 'error: unknown flag: --exit-cod (did you mean "--exit-code"?)'],
  ['kubekit diagnose pod x --exit-cod', 'error: unknown flag: --exit-cod (did you mean "--exit-code"?)'],
  ['kubectl capacity plan --servics 3', 'error: unknown flag: --servics (did you mean "--services"?)'],
  ['kubectl capacity plan --services abc', 'error: invalid argument "abc" for "--services" flag: expected an integer'],
  ['kubectl capacity show --sortt cpu', 'error: unknown flag: --sortt (did you mean "--sort"?)'],
  ['kubekit capacity show --sortt cpu', 'error: unknown flag: --sortt (did you mean "--sort"?)'],
  ['kubectl dash --all-namespace', 'error: unknown flag: --all-namespace (did you mean "--all-namespaces"?)'],
  ['kubekit dash --bogus', `error: unknown flag: --bogus; see 'kubekit dash --help'`],
  ['kubectl ctx --curent', `error: unsupported option '--curent' (did you mean "--current"?)`],
  ['kubekit ctx --curent', `error: unsupported option '--curent' (did you mean "--current"?)`],
  ['kubectl ns --curent', 'error: unsupported option "--curent" (did you mean "--current"?)'],
  ['kubectl ns -q', `error: unsupported option "-q"; see 'kubectl ns --help'`],
  ['kubekit sandbox start --scenaro demo', 'error: unknown flag: --scenaro (did you mean "--scenario"?)'],
  ['kubekit sandbox fault ad', 'error: invalid argument "ad": must be one of add, list, remove, clear (did you mean "add"?)'],
  ['kubekit sandbox fault add --stauts 503', 'error: unknown flag: --stauts (did you mean "--status"?)'],
  ['kubekit options --bogus', `error: unknown flag: --bogus; see 'kubekit options --help'`],
]

describe('unknown commands and flags: one error line with a suggestion', () => {
  it.concurrent.each(cases)('%s', async (typed, line) => {
    const [name, ...args] = typed.split(' ') as [string, ...string[]]
    const result = await run(name === 'kubekit' ? join(binDir, 'kubekit') : name, args, env)
    expect(result).toEqual({code: 1, stdout: '', stderr: `${line}\n`})
  })
})
