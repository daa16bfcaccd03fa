/**
 * `kubectl tail` as a real process against the sandbox API server: streams that the server
 * cuts every 500 lines, pods that come and go, containers that start late, and what only a
 * process shows (exit codes, stern's argv forms, one-line errors). What --no-follow reads and
 * how the filters and formats shape it is tested in process (test/tail/cluster.test.ts).
 */
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import type {KubeObject} from '../../src/sandbox/types.js'
import {binDir, run} from '../helpers/run.js'
import {noFollowCluster, pod} from '../tail/pods.js'

const tailBin = `${binDir}/kubectl-tail`

/** A running `kubectl tail` whose output the test reads as it comes. */
class TailProcess {
  readonly child: ChildProcessWithoutNullStreams
  stderr = ''
  private partial = ''
  private waiters: Array<{check: () => boolean; resolve: () => void}> = []
  readonly exited: Promise<number | null>

  constructor(args: string[], kubeconfig: string, onLine: (line: string) => void) {
    this.child = spawn(tailBin, args, {env: {PATH: `${binDir}:${process.env.PATH}`, KUBECONFIG: kubeconfig, HOME: '/nonexistent'}})
    this.child.stdout.setEncoding('utf8').on('data', (data: string) => {
      const lines = (this.partial + data).split('\n')
      this.partial = lines.pop()!
      for (const line of lines) onLine(line)
      this.check()
    })
    this.child.stderr.setEncoding('utf8').on('data', (data: string) => {
      this.stderr += data
      this.check()
    })
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)))
  }

  /** Resolves once `check` holds (re-checked on every output). */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({check, resolve}))
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true
      w.resolve()
      return false
    })
  }

  async interrupt(): Promise<number | null> {
    this.child.kill('SIGINT')
    return this.exited
  }
}

// perSecond 0: a thousand lines share each millisecond, so resuming relies on sinceTime keeping its nanoseconds.
describe.each([{perSecond: 0}, {perSecond: 200_000}])('a stream the server cuts every 500 lines (generated at $perSecond lines/s, 0 = all at once)', ({perSecond}) => {
  const pods = ['gen-a', 'gen-b', 'gen-c']
  const containers = ['main', 'sidecar']
  // 40 cuts per container, 240 per run, each resumed from the last timestamp seen (with perSecond 0
  // every cut falls inside a millisecond that a thousand lines share); more lines (it was 100,000)
  // only repeat the same resume.
  const lines = 20_000
  let sandbox: Sandbox

  beforeAll(async () => {
    const logs: Record<string, {generate: {lines: number; perSecond: number}; dropAfterLines: number}> = {}
    for (const p of pods) for (const c of containers) logs[`load/${p}/${c}`] = {generate: {lines, perSecond}, dropAfterLines: 500}
    sandbox = await startSandbox({objects: pods.map((p) => pod('load', p, containers.map((name) => ({name})))) as KubeObject[], logs})
  })
  afterAll(() => sandbox?.stop())

  test('every line of every container appears exactly once, in order', async () => {
    const next = new Map<string, number>()
    const problems: string[] = []
    let done = 0
    const tail = new TailProcess(['-n', 'load', '-o', 'raw'], sandbox.kubeconfigPath, (line) => {
      // raw line: "<ns>/<pod>/<container> <i>"
      const [key, number] = line.split(' ')
      const i = Number(number)
      const expected = next.get(key!) ?? 1
      if (i !== expected && problems.length < 10) problems.push(`${key}: got ${i}, expected ${expected}`)
      next.set(key!, i + 1)
      if (i === lines) done++
    })
    await tail.until(() => done === pods.length * containers.length || problems.length > 0)
    expect(await tail.interrupt()).toBe(0)
    expect(problems).toEqual([])
    expect([...next.values()]).toEqual(Array(pods.length * containers.length).fill(lines + 1))
    expect(tail.stderr).not.toMatch(/failed|error/i)
  })
})

describe('pods coming and going', () => {
  let sandbox: Sandbox

  beforeAll(async () => {
    sandbox = await startSandbox({
      objects: [pod('shop', 'web-1', [{name: 'app'}], {app: 'web'}), pod('shop', 'db-1', [{name: 'db'}], {app: 'db'})] as KubeObject[],
      logs: {'shop/web-1/app': {current: 'web one\n'}, 'shop/db-1/db': {current: 'db one\n'}},
    })
  })
  afterAll(() => sandbox?.stop())

  test('a new pod is picked up, a deleted pod ends its tail, a waiting container is tailed once it starts', async () => {
    const seen: string[] = []
    const tail = new TailProcess(['-n', 'shop', '-l', 'app=web'], sandbox.kubeconfigPath, (line) => seen.push(line))
    await tail.until(() => seen.includes('web-1 app web one'))
    expect(tail.stderr).toContain('+ web-1 › app')
    expect(tail.stderr).not.toContain('db-1')

    // A new pod matching the selector, with a container that has not started yet.
    sandbox.store.logs.set('shop/web-2/app', {current: 'web two started\n'})
    sandbox.store.create(pod('shop', 'web-2', [{name: 'app', state: 'waiting'}], {app: 'web'}) as KubeObject)
    // Watch events arrive in order: once web-3 is tailed, web-2's waiting state has been seen.
    sandbox.store.logs.set('shop/web-3/app', {current: 'web three\n'})
    sandbox.store.create(pod('shop', 'web-3', [{name: 'app'}], {app: 'web'}) as KubeObject)
    await tail.until(() => seen.includes('web-3 app web three'))
    expect(seen.filter((l) => l.startsWith('web-2'))).toEqual([]) // nothing to read while it waits
    expect(tail.stderr).not.toContain('web-2')
    const started = pod('shop', 'web-2', [{name: 'app'}], {app: 'web'})
    sandbox.store.update(started as KubeObject)
    await tail.until(() => seen.includes('web-2 app web two started'))

    sandbox.store.delete('pods', 'shop', 'web-1')
    await tail.until(() => tail.stderr.includes('- web-1 › app'))

    expect(await tail.interrupt()).toBe(0)
    expect(seen.filter((l) => l === 'web-1 app web one')).toHaveLength(1)
    expect(seen.filter((l) => l === 'web-2 app web two started')).toHaveLength(1)
    expect(seen.some((l) => l.startsWith('db-1'))).toBe(false)
  })
})

describe('a container that restarts', () => {
  let sandbox: Sandbox

  beforeAll(async () => {
    sandbox = await startSandbox({objects: [pod('jobs', 'worker-1', [{name: 'worker'}])] as KubeObject[], logs: {'jobs/worker-1/worker': {current: 'run one: start\nrun one: crash\n'}}})
  })
  afterAll(() => sandbox?.stop())

  test('gets a tail for its new run; the old run is not printed again', async () => {
    const seen: string[] = []
    const tail = new TailProcess(['-n', 'jobs'], sandbox.kubeconfigPath, (line) => seen.push(line))
    await tail.until(() => seen.includes('worker-1 worker run one: crash'))
    sandbox.store.logs.set('jobs/worker-1/worker', {previous: 'run one: start\nrun one: crash\n', current: 'run two: start\n'})
    sandbox.store.update(pod('jobs', 'worker-1', [{name: 'worker', run: 2}]) as KubeObject)
    await tail.until(() => seen.includes('worker-1 worker run two: start'))
    expect(await tail.interrupt()).toBe(0)
    expect(seen).toEqual(['worker-1 worker run one: start', 'worker-1 worker run one: crash', 'worker-1 worker run two: start'])
    expect(tail.stderr.match(/\+ worker-1 › worker/g)).toHaveLength(2)
  })
})

describe('--no-follow', () => {
  let sandbox: Sandbox

  beforeAll(async () => {
    sandbox = await startSandbox(noFollowCluster)
  })
  afterAll(() => sandbox?.stop())

  const tail = (...args: string[]) => run(tailBin, args, {KUBECONFIG: sandbox.kubeconfigPath, HOME: '/nonexistent'})
  const sorted = (text: string) => text.split('\n').filter(Boolean).sort()

  test('reads every matching container once, init containers included, and exits 0', async () => {
    const result = await tail('api', '-n', 'ns1', '--no-follow')
    expect(result.code).toBe(0)
    expect(sorted(result.stdout)).toEqual(
      sorted('api-7d9f api listening on :8080\napi-7d9f api GET /healthz 200\napi-7d9f api GET /orders 500\napi-7d9f migrate migrated 3 tables\napi-7d9f proxy proxy ready\n'),
    )
    expect(result.stderr).toContain('+ api-7d9f › migrate')
    expect(result.stderr).toContain('- api-7d9f › api')
  })

  test('a user who may list pods but not read logs gets one line per container and exit 1', async () => {
    const denied = await startSandbox({
      objects: [pod('ns1', 'api-1', [{name: 'api'}])] as KubeObject[],
      logs: {'ns1/api-1/api': {current: 'secret\n'}},
      deny: [{user: 'viewer', resource: 'pods/log'}],
    })
    try {
      const result = await run(tailBin, ['-n', 'ns1', '--no-follow', '--as', 'viewer'], {KUBECONFIG: denied.kubeconfigPath, HOME: '/nonexistent'})
      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      const lines = result.stderr.split('\n').filter((l) => !/^[+-] /.test(l) && l !== '')
      expect(lines).toHaveLength(2)
      expect(lines[0]).toMatch(/^ns1\/api-1 api: failed to tail: .*forbidden/i)
      expect(lines[1]).toBe('error: could not read the logs of 1 of 1 containers (reasons above)')
    } finally {
      await denied.stop()
    }
  })

  test('a QUERY naming a missing object is one error line and exit 1', async () => {
    const missing = await tail('deploy/nope', '-n', 'ns1', '--no-follow')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^error: .*nope.*not found/)
    const unknown = await tail('widget/x', '--no-follow')
    expect(unknown.stderr).toMatch(/^error: QUERY "widget\/x": unknown kind "widget"/)
  })

  test("stern's flag forms through the real binary: values never become the QUERY; no match is said", async () => {
    const noInit = await tail('api', '-n', 'ns1', '--no-follow', '--init-containers=false', '--only-log-lines')
    expect(noInit.stdout).toContain('api-7d9f api listening on :8080')
    expect(noInit.stdout).not.toContain('migrate')
    const short = await tail('api-5c2e', '-n', 'ns2', '--no-follow', '--timestamps=short', '--timezone', 'UTC')
    expect(short.stdout).toMatch(/^api-5c2e api \d\d-\d\d \d\d:\d\d:\d\d listening on :8080\n$/)
    const always = await tail('api-5c2e', '-n', 'ns2', '--no-follow', '--color', 'always')
    expect(always.stdout).toContain('\u001B[')
    const never = await tail('api-5c2e', '-n', 'ns2', '--no-follow', '--color=never', '--no-follow=true')
    expect(never.stdout).toBe('api-5c2e api listening on :8080\n')
    const twoNamespaces = await tail('api', '-n', 'ns1', '-n', 'ns2', '--no-follow', '-c', '^api$', '--only-log-lines')
    expect(twoNamespaces.stdout).toContain('ns2 api-5c2e api listening on :8080')
    expect((await tail('(?i)API-5C2E', '-n', 'ns2', '--no-follow', '--only-log-lines')).stdout).toBe('api-5c2e api listening on :8080\n')
    const spacedFormat = await tail('-n', 'ns2', '--no-follow', '--timestamps', 'short')
    expect([spacedFormat.code, spacedFormat.stderr.split('\n')[0]]).toEqual([1, 'error: --timestamps takes its format after "=": use --timestamps=short (a separate "short" would be the pod QUERY)'])
    const spacedBoolean = await tail('api', '-n', 'ns1', '--no-follow', '--init-containers', 'false')
    expect([spacedBoolean.code, spacedBoolean.stderr.split('\n')[0]]).toEqual([1, 'error: --init-containers takes its value after "=": use --init-containers=false (a separate "false" would be the pod QUERY)'])
    const stray = await tail('--no-follow=yes')
    expect([stray.code, stray.stderr.split('\n')[0]]).toEqual([1, 'error: --no-follow="yes" is not a boolean: use --no-follow, --no-follow=true or --no-follow=false'])
    const sinceAsServer = await tail('-s', '5m', '--no-follow')
    expect(sinceAsServer.stderr.split('\n')[0]).toBe("error: -s is kubectl's --server here, not stern's --since: use --since 5m")
    const nomatch = await tail('nomatch', '-n', 'ns1', '--no-follow')
    expect([nomatch.code, nomatch.stdout, nomatch.stderr]).toEqual([0, '', 'no pod matches "nomatch" in namespace "ns1"\n'])
  })

  test('--prompt without a terminal (piped stdin and stderr) is one error line and exit 1', async () => {
    for (const flag of ['--prompt', '-p']) {
      const result = await tail(flag, '-n', 'ns1', '--no-follow')
      expect([result.code, result.stdout, result.stderr]).toEqual([
        1,
        '',
        'error: --prompt needs a terminal to choose on (stdin and stderr), and this run has none: name the pods instead, e.g. kubectl tail QUERY -n NAMESPACE\n',
      ])
    }
  })

  test('usage mistakes are one line naming the flag', async () => {
    const badRegex = await tail('api(', '--no-follow')
    expect(badRegex.code).toBe(1)
    expect(badRegex.stderr).toMatch(/^error: QUERY "api\(" is not a valid regular expression/)
    const badSince = await tail('--since', '3 days', '--no-follow')
    expect(badSince.stderr).toMatch(/^error: --since "3 days" is not a duration/)
    const badState = await tail('--container-state', 'sleeping')
    expect(badState.stderr).toMatch(/^error: --container-state "sleeping" is not one of running, waiting, terminated, all/)
    const badTemplate = await tail('--template', '{{.PodName')
    expect(badTemplate.stderr).toMatch(/^error: --template: unclosed action/)
  })
})
