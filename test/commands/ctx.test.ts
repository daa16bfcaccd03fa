// `kubekit ctx`: the oclif command runs the same core as the kubectl-ctx launcher (whose behaviour
// test/kubeconfig/ tests in process), as a real process.
import {beforeEach, describe, expect, it} from 'vitest'
import {handWrittenSetup} from '../kubeconfig/helpers.js'
import {run} from '../helpers/run.js'

let env: NodeJS.ProcessEnv

beforeEach(() => ({env} = handWrittenSetup()))

describe('kubekit ctx', () => {
  it('runs the same core as kubectl ctx: output, exit codes, help', async () => {
    expect(await run('kubekit', ['ctx', '-c'], env)).toEqual({code: 0, stdout: 'prod\n', stderr: ''})
    expect(await run('kubekit', ['ctx', 'dev-2', '--debug'], env)).toMatchObject({code: 0, stderr: '✔ Switched to context "dev-2".\n'})
    expect(await run('kubekit', ['ctx', 'nope'], env)).toMatchObject({code: 1, stderr: 'error: failed to switch context: no context exists with the name: "nope"\n'})
    expect((await run('kubekit', ['ctx', '--help'], env)).stdout).toContain('List, switch, rename and delete kubeconfig contexts')
  })
})
