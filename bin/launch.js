// Shared start-up for every bin/ launcher: colour policy first (before chalk or ink
// can load), then the fast path (dist/fast.js: the commands without oclif's machinery);
// whatever it declines (help, unknown commands, parse errors) goes to the bundled oclif CLI
// with the command id in front, exactly as before.
import {existsSync} from 'node:fs'

export function applyColourPolicy(argv, env = process.env) {
  const noColour = (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb' || argv.includes('--no-color')
  if (noColour) env.FORCE_COLOR = '0'
}

/** KUBEKIT_FAST_PATH=0 sends every call through oclif (the equivalence tests compare both). */
function fastPathEnabled(env = process.env) {
  return env.KUBEKIT_FAST_PATH !== '0'
}

/** `bin`: the name usage lines show (`kubectl` for the plugins, `kubekit` for the umbrella CLI). */
export async function launch(commandWords, bin = 'kubectl') {
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
