// `kubekit ns`: the oclif command runs the same core as the kubectl-ns launcher (whose behaviour
// test/kubeconfig/ tests in process), as a real process.
import {readFileSync} from 'node:fs'
import {beforeEach, describe, expect, it} from 'vitest'
import {handWrittenSetup} from '../kubeconfig/helpers.js'
import {run} from '../helpers/run.js'

let env: NodeJS.ProcessEnv
let kubeconfig: string

beforeEach(() => ({env, kubeconfig} = handWrittenSetup()))

describe('kubekit ns', () => {
  it('runs the same core as kubectl ns', async () => {
    expect(await run('kubekit', ['ctx', 'dev-2'], env)).toMatchObject({code: 0})
    expect(await run('kubekit', ['ns', '-c'], env)).toEqual({code: 0, stdout: 'team-a\n', stderr: ''})
    expect(await run('kubekit', ['ns', 'web', '--force'], env)).toMatchObject({code: 0, stderr: '✔ Active namespace is "web"\n'})
    expect(readFileSync(kubeconfig, 'utf8')).toContain('namespace: web')
  })
})
