// The launchers as real processes: what kubectl finds, what users see, the exit codes. The tests
// only wait on their own processes and share nothing they change, so each group's tests run at once.
import net from 'node:net'
import type {AddressInfo} from 'node:net'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {VERSION_LINE} from '../../src/cli/entry.js'
import {binDir, run, versionCases} from '../helpers/run.js'

const plugins = ['capacity', 'ctx', 'dash', 'diagnose', 'ns', 'tail']
let home: string
let kubeconfig: string
let silentPort: number
const sockets: net.Socket[] = []
const silent = net.createServer((socket) => sockets.push(socket))

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'kubekit-bin-'))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  silentPort = (silent.address() as AddressInfo).port
  kubeconfig = join(home, 'config')
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: silent
clusters:
- name: silent
  cluster: {server: "http://127.0.0.1:${silentPort}"}
- name: refused
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: admin
  user: {token: very-secret-admin-token}
contexts:
- name: silent
  context: {cluster: silent, user: admin}
- name: refused
  context: {cluster: refused, user: admin, namespace: shop}
`,
  )
})

afterAll(() => {
  sockets.forEach((s) => s.destroy())
  silent.close()
})

const env = () => ({HOME: home, KUBECONFIG: kubeconfig})

describe.concurrent('kubectl finds the plugins', () => {
  it('lists all six with no warnings about our files', async () => {
    const result = await run('kubectl', ['plugin', 'list'], {HOME: home, PATH: `${binDir}:/usr/bin:/bin:/usr/local/bin`})
    for (const name of plugins) expect(result.stdout).toContain(`${binDir}/kubectl-${name}\n`)
    expect(result.stderr).not.toMatch(/warning/i)
    expect(result.code).toBe(0)
  })

  it('runs `kubectl diagnose --help` and `kubekit diagnose -h` as the same command', async () => {
    const viaKubectl = await run('kubectl', ['diagnose', '--help'], env())
    expect(viaKubectl.code).toBe(0)
    expect(viaKubectl.stdout).toMatch(/USAGE\n {2}\$ kubectl diagnose KIND \[NAME\]/)
    // The same help, with the usage line in the name the user typed.
    const viaUmbrella = await run(join(binDir, 'kubekit'), ['diagnose', '-h'], env())
    expect(viaUmbrella.stdout).toBe(viaKubectl.stdout.replaceAll('$ kubectl diagnose', '$ kubekit diagnose'))
  })

  it('shows `kubekit` in the usage of commands that are only kubekit\'s', async () => {
    const result = await run(join(binDir, 'kubekit'), ['sandbox', 'start', '--help'], env())
    expect(result.stdout).toMatch(/USAGE\n {2}\$ kubekit sandbox start/)
    expect(result.stdout).not.toContain('kubectl sandbox')
  })
})

describe.concurrent('errors are one line and exit 1', () => {
  it('names a missing context', async () => {
    const result = await run('kubectl', ['diagnose', '--context', 'nosuch', 'pod', 'x'], env())
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`error: context "nosuch" not found in ${kubeconfig}\n`)
    expect(result.stdout).toBe('')
  })

  it('fails within --request-timeout against a server that never answers, naming the URL', async () => {
    const result = await run('kubectl', ['diagnose', 'pod', 'x', '--request-timeout', '1s'], env())
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `error: the API server at http://127.0.0.1:${silentPort} (context "silent") did not answer within 1s (--request-timeout)\n`,
    )
  })

  it('names the server it cannot reach, and never prints the token even with --debug', async () => {
    const result = await run('kubectl', ['diagnose', 'pod/x', '--context=refused', '--debug'], env())
    expect(result.code).toBe(1)
    const lines = result.stderr.split('\n')
    expect(lines.find((line) => line.startsWith('error:'))).toBe(
      'error: cannot reach the API server at https://127.0.0.1:1 (context "refused"): connection refused; is the cluster running and the server address in the kubeconfig right?',
    )
    // --debug traces the attempts (the read is retried twice), never a credential.
    expect(lines.filter((line) => line.startsWith('debug: retrying in '))).toHaveLength(2)
    expect(result.stderr).not.toContain('very-secret-admin-token')
  })

  it('rejects an unknown flag with exit 1, naming the nearest flag or the help', async () => {
    const result = await run('kubectl', ['diagnose', 'pod', 'x', '--bogus'], env())
    expect(result.code).toBe(1)
    expect(result.stderr).toBe("error: unknown flag: --bogus; see 'kubectl diagnose --help'\n")
    const typo = await run('kubectl', ['diagnose', 'pod', 'x', '--tial', '5'], env())
    expect(typo.stderr).toBe('error: unknown flag: --tial (did you mean "--tail"?)\n')
  })

  it('puts every usage error on one line, in kubectl\'s words', async () => {
    const missing = await run('kubectl', ['diagnose'], env())
    expect(missing.code).toBe(1)
    // The kinds named grow with diagnose (its own tests pin the list).
    expect(missing.stderr).toMatch(/^error: missing KIND \(pod, deployment, [a-z, ]+, or KIND\/NAME[^\n]*\); see 'kubectl diagnose --help'\n$/)
    const badValue = await run('kubectl', ['capacity', 'plan', '--services', 'abc'], env())
    expect(badValue.code).toBe(1)
    expect(badValue.stderr).toBe('error: invalid argument "abc" for "--services" flag: expected an integer\n')
    const badOption = await run('kubectl', ['diagnose', 'pod', 'x', '-o', 'jsn'], env())
    expect(badOption.stderr).toBe('error: invalid argument "jsn" for "--output" flag: must be one of text, json, yaml (did you mean "json"?)\n')
    const extra = await run('kubectl', ['diagnose', 'pod', 'x', 'y', 'z'], env())
    expect(extra.stderr).toBe(`error: unexpected arguments "y", "z"; see 'kubectl diagnose --help'\n`)
  })

  it('unknown commands name the nearest one, never an internal id', async () => {
    const sub = await run(join(binDir, 'kubectl-capacity'), ['shwo'], env())
    expect(sub).toEqual({code: 1, stdout: '', stderr: 'error: unknown command "shwo" for "kubectl capacity" (did you mean "show"?)\n'})
    const top = await run(join(binDir, 'kubekit'), ['diagnoze', 'pod', 'x'], env())
    expect(top.stderr).toBe('error: unknown command "diagnoze" for "kubekit" (did you mean "diagnose"?)\n')
  })

  it('`kubekit help [COMMAND]` is --help', async () => {
    const [help, flag] = await Promise.all([run(join(binDir, 'kubekit'), ['help', 'capacity', 'show'], env()), run(join(binDir, 'kubekit'), ['capacity', 'show', '--help'], env())])
    expect(help).toEqual(flag)
    expect(help.stdout).toMatch(/USAGE\n {2}\$ kubekit capacity show/)
    const root = await run(join(binDir, 'kubekit'), ['help'], env())
    expect(root.code).toBe(0)
    expect(root.stdout).toContain('kubectl plugins')
  })
})

describe.concurrent('--version and -V on every command and plugin', () => {
  it.each(versionCases)('%s %j', async (bin, args) => {
    const result = await run(join(binDir, bin), args, env())
    expect(result).toEqual({code: 0, stdout: `${VERSION_LINE}\n`, stderr: ''})
  })
})

describe.concurrent('errors are one line and exit 1 (cluster)', () => {
  it('accepts the kubectl flags kubectl forwards, even ones it ignores', async () => {
    const result = await run(
      'kubectl',
      ['diagnose', 'pod', 'x', '--context', 'nosuch', '--v=6', '--as-group', 'devs', '--cache-dir', '/tmp/x', '--disable-compression', '-n', 'shop'],
      env(),
    )
    expect(result.stderr).toMatch(/^error: context "nosuch" not found/)
  })

  it('says a bad target plainly', async () => {
    const result = await run('kubectl', ['diagnose', 'widget', 'x'], env())
    expect(result.code).toBe(1)
    // One line that names the kinds diagnose knows (the list grows with diagnose; its own tests pin it).
    expect(result.stderr).toMatch(/^error: cannot diagnose "widget": choose one of pod, deployment, [a-z, ]*namespace[a-z, ]*\n$/)
  })
})
