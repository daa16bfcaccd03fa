// `npm run demo` is the README's first command: it must run every plugin against the sandbox and exit 0.
import {existsSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {repoRoot, run} from '../helpers/run.js'

describe('npm run demo', () => {
  it('walks through the plugins on the demo sandbox and exits 0', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubekit-demo-home-'))
    const result = await run(process.execPath, [join(repoRoot, 'scripts/demo.mjs')], {HOME: home})
    expect(result.stderr).not.toMatch(/^error:/m)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^sandbox ready: https:\/\/127\.0\.0\.1:\d+ kubeconfig=/)
    expect(result.stdout).toContain('(⎈|kubekit-sandbox:shop)')
    expect(result.stdout).toMatch(/ROOT CAUSE {2}InsufficientResources/)
    expect(result.stdout).toMatch(/ROOT CAUSE {2}CniNotInitialized/)
    // The live failure: a rollout to a tag that does not exist, diagnosed as it happens, then undone.
    expect(result.stdout).toMatch(/ROOT CAUSE {2}ImageNotFound \(CRITICAL, pod\/web-\S+\)\n {2}container "nginx" cannot start: the image "nginx:nosuchtag" does not exist/)
    expect(result.stdout).toContain('deployment "web" successfully rolled out')
    expect(result.stdout).toMatch(/checkout-\S+ checkout panic: failed to connect to database/)
    expect(result.stdout).toMatch(/nodes {12}7 \(6 needed \+ 1 for failures\)/)
    expect(result.stdout).toMatch(/^FAIL readiness-probe \(WARNING\): 2 of 4 failing in 1 namespace$/m)
    // kubens state goes to the demo's temp dir, not the user's (kubectl itself still caches discovery in ~/.kube/cache).
    expect(existsSync(join(home, '.kube', 'kubens'))).toBe(false)
    expect(existsSync(join(home, '.kube', 'kubectx'))).toBe(false)
  }, 120_000)
})
