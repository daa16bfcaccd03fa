// `kubekit sandbox start` as a user runs it: one ready line, kubectl works, SIGTERM exits 0.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {binDir, run, start} from '../../helpers/run.js'

describe('kubekit sandbox start', () => {
  it('prints one ready line, serves the files, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-sandbox-cmd-'))
    const file = join(dir, 'cluster.yaml')
    writeFileSync(file, ['objects:', '- apiVersion: v1', '  kind: Pod', '  metadata: {name: solo, namespace: team}', '  spec: {containers: [{name: app, image: nginx}]}', '  status: {phase: Pending}', ''].join('\n'))
    const kubeconfig = join(dir, 'kubeconfig')
    const sandbox = start('kubekit', ['sandbox', 'start', '--file', file, '--write-kubeconfig', kubeconfig, '--http'])
    await sandbox.until(() => sandbox.stdout().includes('\n'), 'the ready line')
    expect(sandbox.stdout()).toMatch(new RegExp(`^sandbox ready: http://127\\.0\\.0\\.1:\\d+ kubeconfig=${kubeconfig.replaceAll('/', '\\/')}\\n$`))
    const pods = await run('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods', '-A', '-o', 'name'], {HOME: dir})
    expect(pods.stdout).toBe('pod/solo\n')
    const context = await run('kubectl', ['--kubeconfig', kubeconfig, 'config', 'current-context'], {HOME: dir})
    expect(context.stdout).toBe('kubekit-sandbox\n')
    sandbox.kill('SIGTERM')
    const result = await sandbox.result
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1)
    expect(result.stderr).toBe('')
  })

  it('refuses a bad scenario file with one line naming the file and the object', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-sandbox-cmd-'))
    const file = join(dir, 'bad.yaml')
    writeFileSync(file, 'objects:\n- apiVersion: v1\n  kind: Pod\n  metadata: {namespace: x}\n')
    const result = await run(join(binDir, 'kubekit'), ['sandbox', 'start', '--file', file, '--http'])
    expect(result).toMatchObject({code: 1, stdout: '', stderr: `error: ${file}: objects[0] (Pod): metadata.name is missing\n`})
  })

  it('refuses an unknown scenario name', async () => {
    const result = await run(join(binDir, 'kubekit'), ['sandbox', 'start', '--scenario', 'nope'])
    expect(result).toMatchObject({code: 1, stderr: 'error: unknown scenario "nope" (expected demo, demo-no-metrics, scale or empty)\n'})
  })
})
