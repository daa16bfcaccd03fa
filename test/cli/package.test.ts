// The krew release: unpack the archive somewhere with no node_modules and use it from there.
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdtempSync, readFileSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse} from 'yaml'
import {beforeAll, describe, expect, it} from 'vitest'
import {repoRoot, run} from '../helpers/run.js'

let out: string
let unpacked: string

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'kubekit-release-'))
  execFileSync('node', [join(repoRoot, 'scripts/package.mjs'), '--out', out, '--base-url', 'https://example.invalid/v0'], {stdio: 'pipe'})
  unpacked = mkdtempSync(join(tmpdir(), 'kubekit-unpacked-'))
  const archive = readdirSync(join(out, 'release'))[0]!
  execFileSync('tar', ['-xzf', join(out, 'release', archive), '-C', unpacked])
}, 120_000)

describe('npm run package', () => {
  it('writes one krew manifest per plugin that matches the archive', () => {
    const archiveName = readdirSync(join(out, 'release'))[0]!
    const sha256 = createHash('sha256').update(readFileSync(join(out, 'release', archiveName))).digest('hex')
    const manifests = readdirSync(join(out, 'plugins')).sort()
    expect(manifests).toEqual(['capacity.yaml', 'ctx.yaml', 'dash.yaml', 'diagnose.yaml', 'ns.yaml', 'tail.yaml'])
    for (const file of manifests) {
      const plugin = parse(readFileSync(join(out, 'plugins', file), 'utf8'))
      const name = file.replace('.yaml', '')
      expect(plugin.apiVersion).toBe('krew.googlecontainertools.github.com/v1alpha2')
      expect(plugin.kind).toBe('Plugin')
      expect(plugin.metadata.name).toBe(name)
      expect(plugin.spec.shortDescription.length).toBeGreaterThan(10)
      expect(plugin.spec.caveats).toMatch(/Node\.js >= 20\.18/)
      const [platform] = plugin.spec.platforms
      expect(platform.sha256).toBe(sha256)
      expect(platform.uri).toBe(`https://example.invalid/v0/${archiveName}`)
      expect(platform.bin).toBe(`bin/kubectl-${name}`)
      expect(platform.files).toEqual([{from: 'kubekit/*', to: '.'}])
      expect(platform.selector.matchExpressions[0].values).toEqual(['linux', 'darwin'])
    }
  })

  it('runs from the unpacked archive with its bins on PATH and no node_modules', async () => {
    const bin = join(unpacked, 'kubekit', 'bin')
    const env = {PATH: `${bin}:/usr/bin:/bin:/usr/local/bin`, HOME: unpacked}
    const list = await run('kubectl', ['plugin', 'list'], env)
    for (const name of ['capacity', 'ctx', 'dash', 'diagnose', 'ns', 'tail']) expect(list.stdout).toContain(`${bin}/kubectl-${name}\n`)
    expect(list.stderr).not.toMatch(/warning/i)
    const help = await run('kubectl', ['ctx', '-h'], env)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/ctx/)
    const diagnose = await run('kubectl', ['diagnose', '--help'], env)
    expect(diagnose.code).toBe(0)
    expect(diagnose.stdout).toMatch(/kubectl diagnose KIND/)
  })
})
