// --color with stdout piped: every command that colours does, through the real launchers
// (the colour is decided once, at the launcher, from the flags and the environment).
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {stripAnsi} from '../../src/print/colour.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {binDir, run} from '../helpers/run.js'

let demo: Sandbox
const dir = mkdtempSync(join(tmpdir(), 'kubekit-colour-'))
// eslint-disable-next-line no-control-regex
const ansi = /\u001B\[\d+m/

beforeAll(async () => {
  demo = await startSandbox({scenario: 'demo', controllers: false})
  writeFileSync(join(dir, 'plan.yaml'), 'services:\n  - name: api\n    replicas: 10\n    cpu: 2\n    memory: 1Gi\n')
  writeFileSync(
    join(dir, 'deploy.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "nginx:latest"}]\n',
  )
})
afterAll(async () => {
  await demo?.stop()
})

const env = () => ({KUBECONFIG: demo.kubeconfigPath, HOME: dir})

describe('--color colours piped output of every command that colours', () => {
  const cases: Array<[string, () => string[]]> = [
    ['kubectl-diagnose', () => ['ns', 'shop']],
    ['kubectl-diagnose', () => ['audit', '-f', join(dir, 'deploy.yaml')]],
    ['kubectl-capacity', () => ['plan', '--services', '3', '--replicas', '2', '--cpu', '1', '--memory', '1Gi']],
    ['kubectl-capacity', () => ['show', '-f', join(dir, 'plan.yaml')]],
    ['kubectl-tail', () => ['web', '-n', 'shop', '--no-follow']],
    ['kubectl-ctx', () => []],
    ['kubectl-ns', () => []],
  ]
  // Each case waits on two processes: several cases run at once (vitest's maxConcurrency).
  it.concurrent.for(cases)('%s %j', async ([bin, args], {expect}) => {
    const plain = await run(join(binDir, bin), args(), env())
    expect(plain.stdout).not.toMatch(ansi)
    const coloured = await run(join(binDir, bin), [...args(), '--color'], {...env(), NO_COLOR: '1'})
    expect(coloured.stdout).toMatch(ansi)
    expect(coloured.code).toBe(plain.code)
    // stderr is a pipe here: no progress spinner, however long the reads took.
    for (const result of [plain, coloured]) expect(result.stderr).not.toMatch(/[\r⠋⠙⠹]/)
  })

  it('kubectl-tail --stdin --color (and the piped logs are all read: none taken as QUERY)', async () => {
    const result = await run(join(binDir, 'kubectl-tail'), ['--stdin', '--color', '-H', 'error'], env(), 'an error line\n')
    expect(result.stdout).toMatch(ansi)
    expect(stripAnsi(result.stdout)).toBe('an error line\n')
  })

  it('--no-color wins over FORCE_COLOR', async () => {
    const result = await run(join(binDir, 'kubectl-diagnose'), ['ns', 'shop', '--no-color'], {...env(), FORCE_COLOR: '1'})
    expect(result.stdout).not.toMatch(ansi)
  })
})
