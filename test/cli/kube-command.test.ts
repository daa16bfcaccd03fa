/**
 * Commands that talk to a cluster, in process: kubectl's global flags (the unused ones accepted
 * and hidden), the flags as connection options, -o, and the client built from them.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {connectionOptions, KubeCommand, kubectlFlags, outputFlag} from '../../src/cli/kube-command.js'
import {runInProcess} from './in-process.js'

let dir: string
let kubeconfig: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-command-'))
  kubeconfig = join(dir, 'config')
  await writeFile(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'prod',
      contexts: [{name: 'prod', context: {cluster: 'prod', user: 'dev', namespace: 'shop'}}, {name: 'staging', context: {cluster: 'prod', user: 'dev'}}],
      clusters: [{name: 'prod', cluster: {server: 'https://127.0.0.1:6443'}}],
      users: [{name: 'dev', user: {token: 'a-token-for-dev'}}],
    }),
  )
})

afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})

/** Connects with the flags given and prints who and where; records what the progress was told. */
class Probe extends KubeCommand {
  static override id = 'probe'
  static override flags = {output: outputFlag(['text', 'json'] as const, 'text')}
  static told: string[] = []

  async run(): Promise<void> {
    const {flags} = await this.parse(Probe)
    const progress = {active: false, update: (text: string) => Probe.told.push(`update ${text}`), done: () => Probe.told.push('done')}
    const client = await this.connect(flags, progress)
    process.stdout.write(`${client.contextName} ${client.namespace} ${client.server} ${client.userName} -o ${flags.output}\n`)
  }
}

describe('KubeCommand', () => {
  it("builds the client from kubectl's flags", async () => {
    expect((await runInProcess(Probe, ['--kubeconfig', kubeconfig])).stdout).toBe('prod shop https://127.0.0.1:6443 dev -o text\n')
    expect((await runInProcess(Probe, ['--kubeconfig', kubeconfig, '--context', 'staging', '-n', 'web', '-o', 'json'])).stdout).toBe('staging web https://127.0.0.1:6443 dev -o json\n')
  })

  it("accepts kubectl's flags it has no use for", async () => {
    const result = await runInProcess(Probe, ['--kubeconfig', kubeconfig, '--as-group', 'a', '--as-group', 'b', '-v', '6', '--cache-dir', '/tmp', '--warnings-as-errors'])
    expect(result).toMatchObject({exit: 0, stderr: ''})
  })

  it('a kubeconfig that does not resolve: the progress is stopped before the error line', async () => {
    Probe.told = []
    const result = await runInProcess(Probe, ['--kubeconfig', kubeconfig, '--context', 'nowhere'])
    expect(result.exit).toBe(1)
    expect(result.stderr).toMatch(/^error: .*nowhere.*\n$/)
    expect(Probe.told).toEqual(['done'])
  })

  it('-o takes only its formats', async () => {
    expect((await runInProcess(Probe, ['--kubeconfig', kubeconfig, '-o', 'yaml'])).stderr).toMatch(/^error: .*yaml.*\n$/)
  })
})

describe('kubectl flags', () => {
  it('the unused ones are hidden, the used ones are in the KUBECTL help group', () => {
    const hidden = Object.entries(kubectlFlags).filter(([, flag]) => flag.hidden).map(([name]) => name)
    expect(hidden).toEqual(['as-group', 'as-uid', 'username', 'password', 'cache-dir', 'disable-compression', 'match-server-version', 'warnings-as-errors', 'profile', 'profile-output', 'log-flush-frequency', 'v'])
    for (const [name, flag] of Object.entries(kubectlFlags)) if (!flag.hidden) expect(flag.helpGroup, name).toBe('KUBECTL')
  })

  it('map to connection options one for one', () => {
    const flags = {
      kubeconfig: 'k', context: 'c', cluster: 'cl', user: 'u', namespace: 'n', 'request-timeout': '5s', server: 's', token: 't',
      'insecure-skip-tls-verify': true, 'certificate-authority': 'ca', 'client-certificate': 'cc', 'client-key': 'ck', 'tls-server-name': 'tn', as: 'me',
    }
    expect(connectionOptions(flags)).toEqual({
      kubeconfig: 'k', context: 'c', cluster: 'cl', user: 'u', namespace: 'n', requestTimeout: '5s', server: 's', token: 't',
      insecureSkipTlsVerify: true, certificateAuthority: 'ca', clientCertificate: 'cc', clientKey: 'ck', tlsServerName: 'tn', impersonate: 'me',
    })
  })

  it('-o: its formats in the description, the default only when given', () => {
    expect(outputFlag(['text', 'json'], 'text')).toMatchObject({char: 'o', options: ['text', 'json'], default: 'text', description: 'Output format: text|json.'})
    expect(outputFlag(['json', 'yaml'])).not.toHaveProperty('default')
  })
})
