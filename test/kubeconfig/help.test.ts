// `kubectl ctx --help` / `kubectl ns --help` read the pages rendered at build time (dist/help.json,
// beside the bundle). Run from src/ there is no rendered page beside the module: what a build
// without the page prints is what this checks (test/commands/ctx.test.ts runs the built launchers).
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {ctxHelp, nsHelp, version} from '../../src/kubeconfig/help.js'

describe('ctx and ns help without a rendered page', () => {
  it('says the page is missing from this build and names the command that prints it', () => {
    expect(ctxHelp('kubectl ctx')).toBe('kubectl ctx: help is missing from this build; run `kubekit ctx --help`\n')
    expect(nsHelp('kubectl ns')).toBe('kubectl ns: help is missing from this build; run `kubekit ns --help`\n')
    expect(nsHelp('kubekit ns')).toBe('kubekit ns: help is missing from this build; run `kubekit ns --help`\n')
  })
})

describe('version', () => {
  it('is the line every kubekit command prints: the package version', () => {
    const {version: packageVersion} = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}
    expect(version).toBe(`kubekit ${packageVersion}`)
  })
})
