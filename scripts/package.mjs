// `npm run package [-- --out DIR] [--base-url URL]`: writes the krew-style release: one archive
// with the bundled CLI and the kubectl-* launchers (Node >= 20.18 is the only requirement),
// and one krew plugin manifest per plugin under plugins/.
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {parseArgs} from 'node:util'
import {fileURLToPath} from 'node:url'
import {stringify} from 'yaml'

const root = fileURLToPath(new URL('..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const {values} = parseArgs({
  options: {
    out: {type: 'string', default: root},
    'base-url': {type: 'string', default: `https://github.com/kubekit/kubekit/releases/download/v${pkg.version}`},
  },
})
const out = resolve(values.out)

const plugins = {
  diagnose: {
    short: 'Name the root cause of a failing pod, node or service',
    description: 'Reads a pod, deployment, node, service or namespace with its events and logs and names the root cause, with evidence and a remedy.',
  },
  tail: {
    short: 'Follow logs of many pods and containers at once',
    description: 'Stern-like log tailing across pods and containers that resumes without losing or repeating a line.',
  },
  ctx: {
    short: 'Switch kubeconfig contexts (kubectx-compatible)',
    description: 'Lists, switches, renames and deletes contexts with byte-preserving, atomic kubeconfig edits; per-shell contexts and a prompt segment.',
  },
  ns: {
    short: 'Switch namespaces (kubens-compatible)',
    description: "Lists the cluster's namespaces and switches the current context's namespace, with an existence check.",
  },
  capacity: {
    short: 'Plan cluster capacity and show live requests',
    description: 'Plans a cluster from services x replicas x spec x redundancy with honest node sizing, and shows requests, limits and allocatable of a live cluster.',
  },
  dash: {
    short: 'Terminal dashboard over the kubekit plugins',
    description: 'An interactive terminal view over diagnose, tail, ctx and capacity.',
  },
}

for (const required of ['dist/index.js', 'oclif.manifest.json']) {
  if (!existsSync(join(root, required))) throw new Error(`${required} is missing: run npm run build first`)
}

// Stage exactly what runs: package.json (oclif finds its root by it), the manifest, dist and bin.
const stage = mkdtempSync(join(tmpdir(), 'kubekit-package-'))
const top = join(stage, 'kubekit')
mkdirSync(top)
const runtimePackage = {name: pkg.name, version: pkg.version, type: 'module', engines: pkg.engines, bin: pkg.bin, oclif: pkg.oclif}
writeFileSync(join(top, 'package.json'), JSON.stringify(runtimePackage, null, 2) + '\n')
cpSync(join(root, 'oclif.manifest.json'), join(top, 'oclif.manifest.json'))
cpSync(join(root, 'dist'), join(top, 'dist'), {recursive: true, filter: (src) => !src.endsWith('meta.json')})
cpSync(join(root, 'bin'), join(top, 'bin'), {recursive: true})
for (const file of ['README.md', 'LICENSE']) if (existsSync(join(root, file))) cpSync(join(root, file), join(top, file))

const archiveName = `kubekit-v${pkg.version}.tar.gz`
const releaseDir = join(out, 'release')
mkdirSync(releaseDir, {recursive: true})
const archive = join(releaseDir, archiveName)
execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-czf', archive, '-C', stage, 'kubekit'])
rmSync(stage, {recursive: true, force: true})
const sha256 = createHash('sha256').update(readFileSync(archive)).digest('hex')

const pluginsDir = join(out, 'plugins')
mkdirSync(pluginsDir, {recursive: true})
for (const [name, text] of Object.entries(plugins)) {
  const manifest = {
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: {name},
    spec: {
      version: `v${pkg.version}`,
      homepage: 'https://github.com/kubekit/kubekit',
      shortDescription: text.short,
      description: text.description,
      caveats: [
        `kubectl-${name} is a Node.js program: it needs Node.js >= 20.18 on your PATH (check with \`node --version\`).`,
        'All kubekit plugins share one archive; installing several costs no extra download.',
        ...(['ctx', 'ns', 'tail'].includes(name)
          ? [`For \`kubectl ${name} <TAB>\` completion (kubectl 1.26+), link ~/.krew/store/${name}/v${pkg.version}/bin/kubectl_complete-${name} into a directory on your PATH.`]
          : []),
      ].join('\n'),
      platforms: [
        {
          selector: {matchExpressions: [{key: 'os', operator: 'In', values: ['linux', 'darwin']}]},
          uri: `${values['base-url']}/${archiveName}`,
          sha256,
          files: [{from: 'kubekit/*', to: '.'}],
          bin: `bin/kubectl-${name}`,
        },
      ],
    },
  }
  writeFileSync(join(pluginsDir, `${name}.yaml`), stringify(manifest, {lineWidth: 0}))
}
console.log(`wrote ${archive} (sha256 ${sha256}) and ${Object.keys(plugins).length} krew manifests in ${pluginsDir}`)
