// A kubeconfig is parsed by several paths (ctx/ns's store, the API client's config); none may
// be made to exhaust memory by YAML aliases or a huge file, and none may leave a lock behind.
// ctx and ns run in this process, through the launchers' own entry (see inProcess).
import {existsSync, readdirSync, readFileSync, truncateSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'
import {KubeconfigError, parseKubeconfig} from '../../src/kubeconfig/files.js'
import {resolveConnection} from '../../src/kube/config.js'
import {KubeError} from '../../src/kube/errors.js'
import {inProcess, sandboxDir} from './helpers.js'

let dir: string
let env: NodeJS.ProcessEnv

beforeEach(() => {
  ;({dir, env} = sandboxDir())
})

/** The "billion laughs": nine levels of nine aliases, under 1 KB, 9^9 values when expanded. */
function aliasBomb(): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'current-context: a', 'x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  for (let i = 1; i <= 8; i++) lines.push(`x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`)
  lines.push(
    'contexts:',
    '- name: a',
    '  context: {cluster: c, user: u, extension: *a8}',
    '- name: b',
    '  context: {cluster: c, user: u}',
    'clusters:',
    '- name: c',
    '  cluster: {server: "https://127.0.0.1:1"}',
    'users:',
    '- name: u',
    '  user: {token: abcdefgh}',
  )
  return lines.join('\n') + '\n'
}

const aliasError = (path: string) => `kubeconfig ${path}: too many YAML aliases (they expand the file by more than 100,000 values); write the entries out instead`

describe('YAML aliases in a kubeconfig', () => {
  it('refuses an alias bomb with one line naming the file, for every ctx/ns command, leaving no lock', async () => {
    const path = join(dir, 'config')
    writeFileSync(path, aliasBomb())
    env.KUBECONFIG = path
    for (const args of [['c=b'], ['-d', 'b'], ['b'], []]) {
      const result = await inProcess('ctx', args, env)
      expect(result).toMatchObject({code: 1, stdout: '', stderr: `error: ${aliasError(path)}\n`})
    }
    expect((await inProcess('ns', ['x', '--force'], env)).stderr).toBe(`error: ${aliasError(path)}\n`)
    expect(readdirSync(dir).filter((name) => name.startsWith('config'))).toEqual(['config'])
    expect(readFileSync(path, 'utf8')).toBe(aliasBomb())
  })

  it('refuses it in the API client\'s kubeconfig loader too', () => {
    const path = join(dir, 'config')
    writeFileSync(path, aliasBomb())
    expect(() => resolveConnection({kubeconfig: path, env: {}})).toThrow(new KubeError('kubeconfig', aliasError(path)))
  })

  it('accepts the aliases real kubeconfigs use (one user block shared by many entries)', () => {
    const users = Array.from({length: 200}, (_, i) => (i === 0 ? '- name: u0\n  user: &shared {token: shared-token, as: admin}' : `- name: u${i}\n  user: *shared`))
    const text = `apiVersion: v1\nkind: Config\nusers:\n${users.join('\n')}\n`
    const data = parseKubeconfig(text, 'f')
    expect(data.users).toHaveLength(200)
    expect(data.users![199]!.user).toEqual({token: 'shared-token', as: 'admin'})
  })
})

describe('kubeconfig size', () => {
  it('refuses a file over 64 MiB with one line naming the file, before reading it', async () => {
    const path = join(dir, 'huge')
    writeFileSync(path, 'apiVersion: v1\n')
    truncateSync(path, 65 * 1024 * 1024) // sparse: costs no disk
    env.KUBECONFIG = path
    const result = await inProcess('ctx', ['-c'], env)
    expect(result).toMatchObject({code: 1, stderr: `error: kubeconfig ${path}: too large (65.0 MiB; kubekit reads at most 64 MiB)\n`})
    expect(() => resolveConnection({kubeconfig: path, env: {}})).toThrow(`kubeconfig ${path}: too large (65.0 MiB; kubekit reads at most 64 MiB)`)
    expect(existsSync(`${path}.lock`)).toBe(false)
  })

  it('caps what it reads from a stream that never ends (--kubeconfig /dev/zero)', async () => {
    const result = await inProcess('ctx', ['--kubeconfig', '/dev/zero', '-c'], env)
    expect(result).toMatchObject({code: 1, stderr: 'error: kubeconfig /dev/zero: too large (more than 64 MiB; kubekit reads at most 64 MiB)\n'})
  })

  it('reads a 1,000-context kubeconfig of a few MB', () => {
    const entries = Array.from({length: 1000}, (_, i) => `- name: c${i}\n  context: {cluster: k${i}, user: u${i}}`)
    const text = `apiVersion: v1\nkind: Config\ncontexts:\n${entries.join('\n')}\n` + 'x-padding: "' + 'A'.repeat(2_300_000) + '"\n'
    expect(parseKubeconfig(text, 'big').contexts).toHaveLength(1000)
  })

  it('KubeconfigError is what both loaders turn into their own one-line errors', () => {
    expect(() => parseKubeconfig(aliasBomb(), 'bomb.yaml')).toThrow(KubeconfigError)
  })
})
