// Builds dist/ with esbuild (ESM, code splitting so client-node and ink load only in the
// commands that import them) and writes oclif.manifest.json so oclif never has to import
// every command to render help.
import {build} from 'esbuild'
import {rename, rm, writeFile, readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Bundles that a bin/ launcher loads directly; chunks are shared between them. */
const entryPoints = {
  index: 'src/index.ts',
  'ctx-fast': 'src/kubeconfig/main.ts',
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
console.log(`built dist/ and oclif.manifest.json (${Object.keys(manifest.commands).length} commands)`)
