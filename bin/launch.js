// Shared start-up for every bin/ launcher: colour policy first (before chalk or ink
// can load), then the fast path (dist/fast.js: the commands without oclif's machinery);
// whatever it declines (help it has no stored answer for, parse errors) goes to the bundled
// oclif CLI with the command id in front. Both answer `help`, --version and unknown commands
// the same way (src/cli/entry.ts).
import {existsSync} from 'node:fs'
import {enableCompileCache} from './compile-cache.js'

/**
 * The colour the command line asks for, decided once here: true for --color (stern's
 * --color=always/--color always too), false for --no-color (--color=never), undefined for none
 * or auto. The last one before `--` wins.
 */
export function colourFlag(argv) {
  let choice
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') break
    if (arg === '--no-color') choice = false
    else if (arg.startsWith('--color=')) choice = colourWord(arg.slice('--color='.length))
    else if (arg === '--color') {
      const word = colourWord(argv[i + 1] ?? '')
      if (word === null) choice = true
      else {
        choice = word
        i++
      }
    }
  }
  return choice ?? undefined
}

/** stern's colour words; null when `word` is not one (then it is the next argument). */
function colourWord(word) {
  if (word === 'always' || word === 'true') return true
  if (word === 'never' || word === 'false') return false
  if (word === 'auto') return undefined
  return null
}

/**
 * The edge of the colour policy: the flag wins, then NO_COLOR and TERM=dumb. It is handed to
 * chalk, ink and oclif as FORCE_COLOR (set before any of them loads); kubekit's own printers
 * read the same choice (src/print/colour.ts colourEnabled).
 */
export function applyColourPolicy(argv, env = process.env) {
  const flag = colourFlag(argv)
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  if (flag === true) env.FORCE_COLOR = forced ? env.FORCE_COLOR : '1'
  else if (flag === false) env.FORCE_COLOR = '0'
  else if ((env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb') env.FORCE_COLOR = '0'
}

/** KUBEKIT_FAST_PATH=0 sends every call through oclif (the equivalence tests compare both). */
function fastPathEnabled(env = process.env) {
  return env.KUBEKIT_FAST_PATH !== '0'
}

/** `bin`: the name usage lines show (`kubectl` for the plugins, `kubekit` for the umbrella CLI). */
export async function launch(commandWords, bin = 'kubectl') {
  enableCompileCache()
  applyColourPolicy(process.argv.slice(2))
  const entry = new URL('../dist/index.js', import.meta.url)
  if (!existsSync(entry)) {
    process.stderr.write('error: kubekit is not built; run `npm run build` in its folder\n')
    process.exit(1)
  }
  const words = [...commandWords, ...process.argv.slice(2)]
  if (fastPathEnabled()) {
    const {runFast} = await import(new URL('../dist/fast.js', import.meta.url).href)
    if (await runFast(words, bin)) return
  }
  // oclif re-reads process.argv when it reports a parse error, so the id goes into argv itself.
  process.argv.splice(2, 0, ...commandWords)
  const {run} = await import(entry.href)
  await run(bin)
}
