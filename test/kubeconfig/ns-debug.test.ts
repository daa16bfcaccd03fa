// `kubectl ns --debug`: ns talks to the cluster (list, existence check), so it prints the same
// request lines as every other command, and never a credential.
import {join} from 'node:path'
import {copyFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {sandboxForFile} from '../helpers/kube.js'
import {inProcess, sandboxDir} from './helpers.js'

const shared = sandboxForFile({scenario: 'empty', objects: [{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team-a'}}]})

function environment(): NodeJS.ProcessEnv {
  const {dir, env} = sandboxDir()
  const kubeconfig = join(dir, 'config')
  copyFileSync(shared.sandbox.kubeconfigPath, kubeconfig)
  return {...env, KUBECONFIG: kubeconfig}
}

const requestLine = /^debug: GET https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces(\?limit=\d+|\/team-a) 200 in \d+ms$/

describe('kubectl ns --debug', () => {
  it('prints one line per request on stderr when listing, never a header or the token', async () => {
    const result = await inProcess('ns', ['--debug'], environment())
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')).toContain('team-a')
    const lines = result.stderr.split('\n').filter(Boolean)
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(line).toMatch(requestLine)
    expect(shared.sandbox.token.length).toBeGreaterThan(0)
    expect(result.stderr).not.toContain(shared.sandbox.token)
    expect(result.stderr).not.toMatch(/authorization|bearer/i)
  })

  it('prints the existence check of a switch', async () => {
    const result = await inProcess('ns', ['team-a', '--debug'], environment())
    expect(result.code).toBe(0)
    const lines = result.stderr.split('\n').filter(Boolean)
    expect(lines.filter((line) => line.startsWith('debug: '))).toEqual([expect.stringMatching(requestLine)])
    expect(lines.at(-1)).toBe('✔ Active namespace is "team-a"')
  })

  it('prints no request lines without --debug', async () => {
    const result = await inProcess('ns', [], environment())
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
  })
})
