// Builds dist/ with esbuild (ESM, code splitting so client-node and ink load only in the
// commands that import them) and writes oclif.manifest.json so oclif never has to import
// every command to render help.
import {build} from 'esbuild'
import {execFile} from 'node:child_process'
import {rename, rm, writeFile, readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Bundles that a bin/ launcher loads directly; chunks are shared between them. */
const entryPoints = {
  index: 'src/index.ts',
  'ctx-fast': 'src/cli/ctx-entry.ts',
  // oclif's help class (src/index.ts names it): kubectl's shape for every help page.
  'help-class': 'src/cli/help.ts',
}

// @oclif/core and some dependencies are CommonJS and call require()/__dirname at run time.
const cjsShim = [
  "import {createRequire as __kubekitCreateRequire} from 'node:module';",
  "import {fileURLToPath as __kubekitFileURLToPath} from 'node:url';",
  "import {dirname as __kubekitDirname} from 'node:path';",
  'const require = __kubekitCreateRequire(import.meta.url);',
  'const __filename = __kubekitFileURLToPath(import.meta.url);',
  'const __dirname = __kubekitDirname(__filename);',
].join('\n')

// Build beside dist/ and swap it in, so a process started during a build never sees half a bundle.
const staging = `dist.building-${process.pid}`
const common = {
  absWorkingDir: root,
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  chunkNames: 'chunks/[name]-[hash]',
  banner: {js: cjsShim},
  // typescript: oclif's optional tsconfig reader; react-devtools-core: ink's optional dev tools.
  external: ['typescript', 'react-devtools-core'],
  define: {'process.env.NODE_ENV': '"production"'},
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
}
const result = await build({...common, entryPoints})
// The fast path (src/fast/main.ts): the same commands with @oclif/core replaced by a small
// stand-in, so a one-shot command loads no oclif; bin/launch.js falls back to dist/index.js.
const fast = await build({...common, entryPoints: {fast: 'src/fast/main.ts'}, alias: {'@oclif/core': './src/fast/oclif-lite.ts'}})
await writeFile(new URL(`../${staging}/meta.json`, import.meta.url), JSON.stringify(result.metafile))
await writeFile(new URL(`../${staging}/fast-meta.json`, import.meta.url), JSON.stringify(fast.metafile))
const retired = `dist.old-${process.pid}`
await rename(new URL('../dist', import.meta.url), new URL(`../${retired}`, import.meta.url)).catch(() => {})
await rename(new URL(`../${staging}`, import.meta.url), new URL('../dist', import.meta.url))
await rm(new URL(`../${retired}`, import.meta.url), {recursive: true, force: true})

// The manifest: what `oclif manifest` writes, made with @oclif/core's own loader.
const {Plugin} = await import('@oclif/core')
const plugin = new Plugin({root, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true})
await plugin.load()
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))
const manifest = {...plugin.manifest, version: pkg.version}
await writeFile(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(manifest, null, 2) + '\n')
const helps = await renderHelp(Object.keys(manifest.commands))
console.log(`built dist/, oclif.manifest.json (${Object.keys(manifest.commands).length} commands) and dist/help.json (${helps} answers)`)

/**
 * dist/help.json: oclif's own answer to every `--help` and `-h` a user can type (each command and
 * topic, as kubectl plugins and under kubekit), rendered by oclif (KUBEKIT_FAST_PATH=0) with stdout
 * a pipe and colour off, which is when src/fast/help.ts serves them instead of loading oclif.
 */
async function renderHelp(ids) {
  const plugins = ['capacity', 'dash', 'diagnose', 'tail']
  const topics = [...new Set(ids.filter((id) => id.includes(':')).map((id) => id.split(':')[0]))]
  const subjects = [[], ...topics.map((t) => [t]), ...ids.map((id) => id.split(':'))]
  const cases = []
  for (const words of subjects) {
    for (const flag of ['--help', '-h']) {
      cases.push({bin: 'kubekit', words: [...words, flag], file: 'kubekit', argv: [...words, flag]})
      if (plugins.includes(words[0])) cases.push({bin: 'kubectl', words: [...words, flag], file: `kubectl-${words[0]}`, argv: [...words.slice(1), flag]})
    }
  }
  const env = {...process.env, KUBEKIT_FAST_PATH: '0'}
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'OCLIF_COLUMNS', 'COLORTERM', 'TF_BUILD', 'CI', 'TEAMCITY_VERSION', 'PM2_HOME', 'NEXT_RUNTIME']) delete env[name]
  const run = promisify(execFile)
  const answers = {}
  const queue = [...cases]
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const result = await run(process.execPath, [fileURLToPath(new URL(`../bin/${c.file}`, import.meta.url)), ...c.argv], {env}).then(
        ({stdout, stderr}) => ({stdout, stderr, code: 0}),
        (error) => ({stdout: error.stdout ?? '', stderr: error.stderr ?? '', code: typeof error.code === 'number' ? error.code : 1}),
      )
      answers[`${c.bin}\u0000${c.words.join('\u0000')}`] = result
    }
  }
  await Promise.all([worker(), worker()])
  await writeFile(new URL('../dist/help.json', import.meta.url), JSON.stringify(answers))
  return cases.length
}
