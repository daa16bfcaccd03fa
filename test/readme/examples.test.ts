// README.md's examples of commands that read the demo cluster (`$ kubectl diagnose`, `$ kubectl tail`,
// `$ kubectl ns`, `$ kubectl capacity show` in its fenced blocks), run as printed, pasted into bash with
// the pipe they show, against a demo sandbox running in this process, and compared line for line with
// the output the README shows under them, after `normalise` has blurred what changes from run to run.
// The commands of one block run in order in one folder, as for a user following the block (`kubectl ns
// shop`, then `kubectl ns -`). An example that cannot run here is a skipped test saying why.
import {spawn} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox, type SandboxOptions} from '../../src/sandbox/index.js'
import {binDir, repoRoot, run} from '../helpers/run.js'

interface Example {
  /** The command as printed, without the `$ ` (a trailing `# comment` is left to bash). */
  command: string
  /** README.md's line number of the command. */
  line: number
  /** The lines the README shows under it, up to the next `$ ` line or the end of the block. */
  output: string[]
}

interface Block {
  line: number
  examples: Example[]
}

/** Commands whose output comes from the cluster the README ran them against. */
const clusterReading = /^kubectl (diagnose|tail|ns|capacity show)( |$)/

/** The fenced blocks of `markdown` with at least one cluster-reading `$ kubectl` line, and those lines' outputs. */
function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = []
  let fence: {line: number; examples: Example[]} | undefined
  markdown.split('\n').forEach((text, index) => {
    if (text.startsWith('```')) {
      if (fence) {
        if (fence.examples.some((example) => clusterReading.test(example.command))) blocks.push(fence)
        fence = undefined
      } else fence = {line: index + 1, examples: []}
      return
    }
    if (!fence) return
    if (text.startsWith('$ ')) fence.examples.push({command: text.slice(2), line: index + 1, output: []})
    else fence.examples.at(-1)?.output.push(text)
  })
  for (const block of blocks) {
    for (const example of block.examples) while (example.output.at(-1) === '') example.output.pop()
  }
  return blocks
}

/**
 * What legitimately differs between two runs on the demo cluster, which is built relative to the
 * time it starts: timestamps and ages. Every other character must match; the demo's pod names and
 * uids are derived from the objects' names, so they are the same on every start and stay as they are.
 * - RFC 3339 times (`2026-12-01T04:17:29Z`, with fractions and offsets), in fields and in log lines;
 * - the journal's `Dec 01 04:17:29`, klog's `I1201 04:17:29.403000`, nginx's `2026/12/01 04:17:29`;
 * - ages, as kubectl prints durations (`42m`, `3m10s`, `2h2m`, `12d`), where they are ages: a table
 *   cell, `(x2 over 42m)`, `for 40m`, `age: 20m`, `24s ago` (a fixed `back-off 5m0s` or `ran 3s` stays);
 * - column padding, which follows the widest cell and so the width of those: inside a line, a run of
 *   two or more spaces counts as two (indentation and single spaces are kept).
 */
function normalise(text: string): string {
  return text
    .replaceAll(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, '<time>')
    .replaceAll(/\b[A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2}\b/g, '<time>')
    .replaceAll(/\b[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\b/g, '<time>')
    .replaceAll(/\b\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\b/g, '<time>')
    .replaceAll(/(?<![\w.:/-])\d+[smhdy](\d+[smh])*(?= ago\b)/g, '<age>')
    .replaceAll(/(?<=\bfor |\bover |\bage: | {2})\d+[smhdy](\d+[smh])*(?!\w|\.\d)/g, '<age>')
    .replaceAll(/(?<=\S) {2,}/g, '  ')
}

/**
 * `kubectl tail` prints the lines of different containers as they arrive (no global order, as
 * stern): its output is compared container by container, each in its own order. A line belongs to
 * the first pod it names (its prefix, its `+`/`-` marker, its JSON `podName`).
 */
function byPod(lines: string[], pods: ReadonlySet<string>): string[] {
  const podOf = (line: string): string => line.split(/[\s"':,]+/).find((word) => pods.has(word)) ?? ''
  const order = [...new Set(lines.map(podOf))].sort()
  return order.flatMap((pod) => lines.filter((line) => podOf(line) === pod))
}

// What the machine offers examples that need more than kubekit. Nothing runs in this process yet,
// so these may be spawned while collecting.
const jqInstalled = (await run('jq', ['--version']).catch(() => ({code: 127}))).code === 0
const kubectlInstalled = (await run('kubectl', ['version', '--client']).catch(() => ({code: 127}))).code === 0

/** Why an example is not run here, if it is not. */
function leftOut(command: string): string | undefined {
  const words = command.split(/\s+/)
  if (words[1] === 'tail' && !words.includes('--no-follow') && !words.includes('--stdin')) return 'it follows the logs until interrupted'
  if (words[1] === 'dash' || (words[1] === 'capacity' && (words.includes('-i') || words.includes('--interactive')))) return 'it needs a terminal'
  if (words.includes('jq') && !jqInstalled) return 'jq is not installed here'
  return undefined
}

/**
 * A block whose output shows another cluster than the demo one, and that cluster: the forbidden
 * namespace list is the README's example of a user who may not list namespaces.
 */
const otherClusters: Array<{shows: RegExp; options: SandboxOptions}> = [
  {
    shows: /^error: cannot list namespaces: namespaces is forbidden: User "kubernetes-admin"/,
    options: {scenario: 'empty', controllers: false, deny: [{user: 'kubernetes-admin', verb: 'list', resource: 'namespaces'}]},
  },
]

const blocks = blocksOf(readFileSync(join(repoRoot, 'README.md'), 'utf8'))
const clusterOf = (block: Block): number => otherClusters.findIndex((other) => block.examples.some((example) => example.output.some((line) => other.shows.test(line))))

const sandboxes = new Map<number, Sandbox>()
const podNames = new Set<string>()
const root = mkdtempSync(join(tmpdir(), 'kubekit-readme-'))

beforeAll(async () => {
  const wanted = [...new Set(blocks.map(clusterOf))]
  await Promise.all(wanted.map(async (index) => sandboxes.set(index, await startSandbox(index === -1 ? {scenario: 'demo'} : otherClusters[index]!.options))))
  for (const sandbox of sandboxes.values()) for (const entry of sandbox.store.entries('pods')) podNames.add(entry.object.metadata!.name!)
})
afterAll(async () => {
  await Promise.all([...sandboxes.values()].map((sandbox) => sandbox.stop()))
  rmSync(root, {recursive: true, force: true})
})

/** A folder of its own for one block: a copy of the sandbox's kubeconfig (the ns examples edit it), a HOME. */
function workspace(block: Block, sandbox: Sandbox): {cwd: string; env: NodeJS.ProcessEnv} {
  const cwd = mkdtempSync(join(root, `line-${block.line}-`))
  mkdirSync(join(cwd, 'home'))
  copyFileSync(sandbox.kubeconfigPath, join(cwd, 'kubeconfig'))
  return {
    cwd,
    env: {PATH: `${binDir}:${process.env.PATH}`, HOME: join(cwd, 'home'), KUBECONFIG: join(cwd, 'kubeconfig'), NO_COLOR: '1', LANG: 'C.UTF-8', TZ: 'UTC'},
  }
}

/** kubectl finds the plugins on PATH; without it, `kubectl X` is the launcher `kubectl-X` it would run. */
const kubectlShim = kubectlInstalled ? '' : 'kubectl() { local plugin=$1; shift; "kubectl-$plugin" "$@"; }\n'

/**
 * Runs `command` as bash runs it after a paste, asynchronously (the sandbox answers from this
 * process), with stderr on stdout's pipe, as a terminal shows both.
 */
function runExample(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{code: number | null; output: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', `exec 2>&1\n${kubectlShim}${command}`], {cwd, env, stdio: ['ignore', 'pipe', 'inherit']})
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (data: string) => (output += data))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, output}))
  })
}

/** The exit code the README's text implies: 1 after an `error:` line, 3 for `--exit-code` with problems, else 0. */
function expectedCode(example: Example): number {
  if (example.output.some((line) => line.startsWith('error: '))) return 1
  if (example.command.split(/\s+/).includes('--exit-code') && example.output.some((line) => /problems? found/.test(line))) return 3
  return 0
}

describe('README.md examples, run against the demo sandbox', () => {
  it('finds the examples (diagnose, tail and ns show cluster output)', () => {
    const families = new Set(blocks.flatMap((block) => block.examples.map((example) => example.command.split(' ')[1])))
    expect([...families].filter((family) => ['diagnose', 'tail', 'ns'].includes(family!)).sort()).toEqual(['diagnose', 'ns', 'tail'])
  })

  it('normalises times and ages only', () => {
    expect(normalise('  Warning   BackOff     41s (x71 over 17m)    kubelet   since 2026-12-01T04:17:29Z (24s ago)')).toBe(
      '  Warning  BackOff  <age> (x71 over <age>)  kubelet  since <time> (<age> ago)',
    )
    expect(normalise('| Dec 01 04:17:29 worker-3 kubelet[1187]: I1201 04:17:29.403000    1187 server.go:486] ok')).toBe('| <time> worker-3 kubelet[1187]: <time>  1187 server.go:486] ok')
    expect(normalise('NotReady for 40m: ok; age: 20m; back-off 5m0s; ran 3s (cpu 250m)')).toBe('NotReady for <age>: ok; age: <age>; back-off 5m0s; ran 3s (cpu 250m)')
    expect(normalise('web-qdnlmzqp2v-2jdmm nginx 2026/11/21 09:15:02 [error] 29#29: *1184 10.96.12.40:5432 v1.7.24 requests 6 cpu, 4.18 short')).toBe(
      'web-qdnlmzqp2v-2jdmm nginx <time> [error] 29#29: *1184 10.96.12.40:5432 v1.7.24 requests 6 cpu, 4.18 short',
    )
  })

  for (const block of blocks) {
    const runnable = block.examples.filter((example) => leftOut(example.command) === undefined)
    for (const example of block.examples) {
      const reason = leftOut(example.command)
      if (reason) it.skip(`README.md:${example.line}: not run here: ${reason}: $ ${example.command}`, () => {})
    }
    if (runnable.length === 0) continue

    // One test per block: its commands may build on each other (`kubectl ns shop`, then `kubectl ns -`).
    it.concurrent(`README.md:${block.line}: ${runnable.map((example) => `$ ${example.command.replace(/\s+#.*$/, '')}`).join('; ')}`, async ({expect}) => {
      const sandbox = sandboxes.get(clusterOf(block))!
      const {cwd, env} = workspace(block, sandbox)
      for (const example of runnable) {
        const {code, output} = await runExample(example.command, cwd, env)
        let shown = example.output
        let printed = output.replace(/\n$/, '').split('\n')
        if (example.command.split(/\s+/)[1] === 'tail') {
          shown = byPod(shown, podNames)
          printed = byPod(printed, podNames)
        }
        const label = `README.md:${example.line} $ ${example.command}`
        expect({example: label, code, output: normalise(printed.join('\n'))}).toEqual({example: label, code: expectedCode(example), output: normalise(shown.join('\n'))})
      }
    })
  }
})
