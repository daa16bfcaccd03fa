// `kubekit sandbox fault` as a user runs it: the real binary, against a sandbox started in this
// process, reached through the kubeconfig the sandbox wrote.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {kubeconfigText} from '../../../src/sandbox/kubeconfig.js'
import {startSandbox, type Sandbox} from '../../../src/sandbox/index.js'
import {binDir, run} from '../../helpers/run.js'

describe('kubekit sandbox fault', () => {
  let sandbox: Sandbox
  const fault = (...args: string[]) => run(join(binDir, 'kubekit'), ['sandbox', 'fault', ...args, '--kubeconfig', sandbox.kubeconfigPath])

  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'empty', metrics: true, users: [{name: 'alice', token: 'alice-token-123'}]})
  })
  afterAll(() => sandbox.stop())
  afterEach(() => sandbox.faults.clear())

  it('adds a rule and prints its id; the sandbox applies it', async () => {
    const added = await fault('add', '--status', '503', '--group', 'metrics.k8s.io', '--retry-after', '5', '--verb', 'list', '--times', '2', '--after', '1')
    expect(added).toEqual({code: 0, stdout: 'f1\n', stderr: ''})
    expect(sandbox.faults.list()).toEqual([{id: 'f1', group: 'metrics.k8s.io', verb: 'list', after: 1, times: 2, status: 503, retryAfterSeconds: 5, hits: 0}])
  })

  it('turns every effect flag into its rule field', async () => {
    const cases: Array<[string[], object]> = [
      [['--path', '/apis*', '--latency', '1.5s'], {path: '/apis*', latencyMs: 1500}],
      [['--resource', 'pods', '--stall'], {resource: 'pods', stallAfterHeaders: true}],
      [['--trickle', '10'], {trickleBytesPerSecond: 10}],
      [['--reset', '--user', 'alice'], {reset: true, user: 'alice'}],
      [['--close-watch-after', '0'], {closeWatchAfterEvents: 0}],
      [['--watch-expired', '--group', ''], {watchExpired: true, group: ''}],
      [['--invalid-watch-lines'], {invalidWatchLines: true}],
      [['--status', '429', '--plain-text', '--message', 'slow down'], {status: 429, plainText: true, message: 'slow down'}],
    ]
    for (const [flags, rule] of cases) {
      const added = await fault('add', ...flags)
      expect(added.code, added.stderr).toBe(0)
      const id = added.stdout.trim()
      const {id: _id, hits: _hits, ...listed} = sandbox.faults.list().find((f) => f.id === id)!
      expect(listed).toEqual(rule)
    }
  })

  it('lists rules as a table or as JSON', async () => {
    const none = await fault('list')
    expect(none).toEqual({code: 0, stdout: '', stderr: 'No faults.\n'})
    const id = sandbox.faults.add({group: 'metrics.k8s.io', status: 503})
    const table = await fault('list')
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n').filter(Boolean).map((line) => line.split(/ {3,}/))).toEqual([
      ['ID', 'MATCH', 'EFFECT', 'HITS'],
      [id, 'group=metrics.k8s.io', 'status 503', '0'],
    ])
    const json = await fault('list', '-o', 'json')
    expect(JSON.parse(json.stdout)).toEqual(sandbox.faults.list())
  })

  it('removes one rule, or all of them', async () => {
    const first = sandbox.faults.add({reset: true, resource: 'secrets'})
    sandbox.faults.add({reset: true, resource: 'configmaps'})
    expect(await fault('remove', first)).toEqual({code: 0, stdout: '', stderr: `removed fault ${first}\n`})
    expect(await fault('remove', first)).toMatchObject({code: 1, stderr: `error: fault "${first}" not found\n`})
    expect(await fault('clear')).toMatchObject({code: 0, stderr: expect.stringMatching(/^removed 1 fault: f\d+\n$/)})
    expect(sandbox.faults.list()).toEqual([])
    expect(await fault('clear')).toMatchObject({code: 0, stderr: 'no faults to remove\n'})
  })

  it('refuses a rule without exactly one effect, in one line', async () => {
    expect(await fault('add', '--resource', 'pods')).toMatchObject({code: 1, stdout: '', stderr: expect.stringMatching(/^error: has no effect \(one of --status, --stall, .* or --latency\); see --help for the flags\n$/)})
    expect(await fault('add', '--status', '503', '--reset')).toMatchObject({code: 1, stderr: 'error: has --status and --reset: one effect per rule (--latency may join any of them); see --help for the flags\n'})
    expect(await fault('add', '--latency', '200')).toMatchObject({code: 1, stderr: 'error: --latency "200" needs a unit, e.g. 200ms or 200s\n'})
    expect(await fault('remove')).toMatchObject({code: 1, stderr: 'error: remove needs the id of a rule (see `kubekit sandbox fault list`)\n'})
    expect(await fault('bogus')).toMatchObject({code: 1, stderr: expect.stringMatching(/^error: .*bogus.*\n/)})
    expect(sandbox.faults.list()).toEqual([])
  })

  it("names the problem when the sandbox is down or the kubeconfig's user is not its admin", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-fault-cmd-'))
    const aliceConfig = join(dir, 'alice.kubeconfig')
    writeFileSync(aliceConfig, kubeconfigText({server: sandbox.url, token: 'alice-token-123', ca: sandbox.ca!}))
    const alice = await run(join(binDir, 'kubekit'), ['sandbox', 'fault', 'list', '--kubeconfig', aliceConfig])
    expect(alice).toMatchObject({code: 1, stdout: '', stderr: `error: only the sandbox's admin user may change faults: forbidden: User "alice" cannot get path "/kubekit/faults"\n`})

    await sandbox.down()
    try {
      const down = await fault('list')
      expect(down).toMatchObject({code: 1, stdout: '', stderr: `error: cannot reach the sandbox at ${sandbox.url}: connection refused; is \`kubekit sandbox start\` running?\n`})
    } finally {
      await sandbox.up()
    }
  })
})
