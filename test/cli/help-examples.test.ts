// Every help page a user can ask for, under the name they typed it (`kubectl <plugin> ...` through
// the real kubectl, `kubekit ...`): one shape (the sentence, USAGE, EXAMPLES, the flag groups, one
// GLOBAL FLAGS line pointing to `kubekit options`), and every example on it run as printed, pasted
// into bash, against the demo sandbox running in this process. Examples that need a terminal are
// listed as skipped with the reason in their name; a follow runs until its first line arrives and a
// server until it says it is ready, then both are interrupted.
import {spawn} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse, stringify} from 'yaml'
import {COMMANDS} from '../../src/commands/index.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {binDir, run} from '../helpers/run.js'

const plugins = new Set(['capacity', 'ctx', 'dash', 'diagnose', 'ns', 'tail'])
const ids = Object.keys(COMMANDS)
const topics = [...new Set(ids.filter((id) => id.includes(':')).map((id) => id.split(':')[0]!))]

interface Page {
  /** What the user typed, e.g. `kubectl capacity show` or `kubekit sandbox`. */
  typed: string
  /** The process to run and its arguments (kubectl for the plugins, so kubectl finds them). */
  command: string
  args: string[]
  kind: 'root' | 'topic' | 'command'
}

function pagesFor(words: string[], kind: Page['kind']): Page[] {
  const umbrella: Page = {typed: ['kubekit', ...words].join(' '), command: join(binDir, 'kubekit'), args: [...words, '--help'], kind}
  if (words[0] === undefined || !plugins.has(words[0])) return [umbrella]
  return [umbrella, {typed: ['kubectl', ...words].join(' '), command: 'kubectl', args: [...words, '--help'], kind}]
}

const pages: Page[] = [
  ...pagesFor([], 'root'),
  ...topics.flatMap((topic) => pagesFor([topic], 'topic')),
  ...ids.flatMap((id) => pagesFor(id.split(':'), 'command')),
]

// The pages are read before the tests are declared, so each example becomes a test of its own.
// Nothing runs in this process yet, so the launchers may be spawned while collecting.
const helpHome = mkdtempSync(join(tmpdir(), 'kubekit-help-home-'))
const helps = new Map<Page, {code: number | null; stdout: string; stderr: string}>()
const queue = [...pages]
const reader = async (): Promise<void> => {
  for (let page = queue.shift(); page; page = queue.shift()) helps.set(page, await run(page.command, page.args, {HOME: helpHome}))
}
await Promise.all([reader(), reader(), reader()])

// What the machine offers examples that need more than kubekit: jq, and the fixed port of one example.
const jqInstalled = (await run('jq', ['--version']).catch(() => ({code: 127}))).code === 0
const port6443Free = await new Promise<boolean>((resolve) => {
  const probe = createServer()
  probe.once('error', () => resolve(false))
  probe.listen(6443, '127.0.0.1', () => probe.close(() => resolve(true)))
})

/** The sections of a page: header → body (without the header line). */
function sections(page: string): Array<{header: string; body: string}> {
  const found: Array<{header: string; body: string[]}> = []
  for (const line of page.split('\n')) {
    if (/^[A-Z][A-Z ]+$/.test(line)) found.push({header: line, body: []})
    else found.at(-1)?.body.push(line)
  }
  return found.map(({header, body}) => ({header, body: body.join('\n').trim()}))
}

interface Example {
  description: string
  /** The command as printed (continuation lines kept), without the `$ `. */
  command: string
}

/** The EXAMPLES section: a description, a blank line, `$ command` (continued with ` \`). */
function examplesOf(body: string): Example[] {
  const examples: Example[] = []
  let description: string[] = []
  let command: string[] | undefined
  for (const line of body.split('\n')) {
    const trimmed = line.trim()
    if (command !== undefined && command.at(-1)!.endsWith(' \\')) {
      command.push(trimmed)
      continue
    }
    if (command !== undefined) {
      examples.push({description: description.join(' '), command: command.join('\n')})
      command = undefined
      description = []
    }
    if (trimmed.startsWith('$ ')) command = [trimmed.slice(2)]
    else if (trimmed !== '') description.push(trimmed)
  }
  if (command !== undefined) examples.push({description: description.join(' '), command: command.join('\n')})
  return examples
}

/** Why an example cannot run here without a terminal, or how it runs. */
type Plan = {skip: string} | {mode: 'exit'; code: number} | {mode: 'follow'} | {mode: 'server'}

function planFor(command: string): Plan {
  const words = command.replaceAll('\\\n', ' ').split(/\s+/)
  if (words.includes('dash')) return {skip: 'the dash needs an interactive terminal (test/ui and test/dash drive it)'}
  if (words.includes('plan') && (words.includes('-i') || words.includes('--interactive'))) return {skip: 'an interactive view: needs a terminal'}
  if (words.includes('ctx') && ['-r', '--readonly', '-s', '--shell'].some((flag) => words.includes(flag))) return {skip: 'starts an interactive shell'}
  if (words.includes('tail') && (words.includes('--prompt') || words.includes('-p'))) return {skip: 'chooses a pod on an interactive terminal'}
  if (words.includes('jq') && !jqInstalled) return {skip: 'jq is not installed here'}
  if (words.includes('6443') && !port6443Free) return {skip: 'port 6443 is in use here'}
  if (words.includes('start') && words.includes('sandbox')) {
    if (words.includes('scale')) return {skip: 'builds 2,000 nodes and 60,000 pods; test/sandbox starts the scale scenario'}
    return {mode: 'server'}
  }
  if (words.includes('tail') && !words.includes('--no-follow') && !words.includes('--stdin')) return {mode: 'follow'}
  return {mode: 'exit', code: words.includes('--exit-code') ? 3 : 0}
}

let demo: Sandbox
let faults: Sandbox
const root = mkdtempSync(join(tmpdir(), 'kubekit-examples-'))

beforeAll(async () => {
  // Fault examples get a sandbox of their own, so their rules never reach the other examples.
  ;[demo, faults] = await Promise.all([startSandbox({scenario: 'demo'}), startSandbox({scenario: 'empty', controllers: false})])
})
afterAll(async () => {
  await Promise.all([demo?.stop(), faults?.stop()])
})

/**
 * A fresh folder for one page's examples, as a user following the page would have: the sandbox's
 * kubeconfig with two more contexts on the same cluster (prod, staging), the files the examples
 * name (plan.yaml, k8s/, admin.conf, cluster.yaml, logs.yaml) and a HOME of its own.
 */
function workspace(name: string, sandbox: Sandbox): {cwd: string; env: NodeJS.ProcessEnv} {
  const cwd = mkdtempSync(join(root, `${name.replaceAll(/\W+/g, '-')}-`))
  const home = join(cwd, 'home')
  mkdirSync(home)
  const config = parse(readFileSync(sandbox.kubeconfigPath, 'utf8')) as {contexts: Array<{name: string; context: Record<string, string>}>}
  const base = config.contexts[0]!.context
  config.contexts.push({name: 'prod', context: {...base, namespace: 'shop'}}, {name: 'staging', context: {...base}})
  writeFileSync(join(cwd, 'kubeconfig'), stringify(config), {mode: 0o600})
  copyFileSync(sandbox.kubeconfigPath, join(cwd, 'admin.conf'))
  writeFileSync(join(cwd, 'plan.yaml'), 'services:\n  - name: api\n    replicas: 3\n    cpu: 500m\n    memory: 512Mi\n  - name: worker\n    replicas: 2\n    cpu: 1\n    memory: 1Gi\n')
  mkdirSync(join(cwd, 'k8s'))
  writeFileSync(
    join(cwd, 'k8s', 'web.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.3\n          resources: {requests: {cpu: 250m, memory: 128Mi}, limits: {memory: 256Mi}}\n',
  )
  writeFileSync(
    join(cwd, 'cluster.yaml'),
    'objects:\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: lab}\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: web-0, namespace: lab}\n    spec:\n      containers: [{name: web, image: nginx:1.27.3}]\n',
  )
  writeFileSync(join(cwd, 'logs.yaml'), 'objects: []\nlogs:\n  lab/web-0/web:\n    current: "started\\n"\n')
  const env = {PATH: `${binDir}:${process.env.PATH}`, HOME: home, KUBECONFIG: join(cwd, 'kubeconfig'), LANG: 'C.UTF-8'}
  return {cwd, env}
}

interface Outcome {
  code: number | null
  stdout: string
  stderr: string
  /** The follow printed a line / the server said it was ready, and was then interrupted. */
  interrupted: boolean
}

const DEADLINE_MS = 90_000

/** Runs `command` as bash would after a paste; `until` interrupts it once its output matches. */
function runExample(command: string, cwd: string, env: NodeJS.ProcessEnv, until?: RegExp): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    // Its own process group, so an interrupt reaches the whole pipeline.
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], {cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let interrupted = false
    const interrupt = (): void => {
      if (interrupted) return
      interrupted = true
      process.kill(-child.pid!, 'SIGINT')
    }
    const deadline = setTimeout(() => {
      stderr += `\n[no end within ${DEADLINE_MS / 1000} s]`
      process.kill(-child.pid!, 'SIGKILL')
    }, DEADLINE_MS)
    child.stdout.setEncoding('utf8').on('data', (data: string) => {
      stdout += data
      if (until?.test(stdout)) interrupt()
    })
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(deadline)
      resolve({code, stdout, stderr, interrupted})
    })
  })
}

describe.each(pages)('$typed --help', (page) => {
  const help = helps.get(page)!
  const found = sections(help.stdout)
  const headers = found.map((section) => section.header)

  it('answers on stdout, exit 0', () => {
    expect(help.stderr).toBe('')
    expect(help.code).toBe(0)
  })

  it('has the one shape: the sentence, USAGE under the typed name, EXAMPLES, flag groups, one GLOBAL FLAGS line', () => {
    const sentence = help.stdout.slice(0, help.stdout.indexOf('\n\n'))
    expect(sentence).toMatch(/^[A-Z][^]*\.$/)
    expect(headers[0] === 'VERSION' ? headers[1] : headers[0]).toBe('USAGE')
    const usage = found.find((section) => section.header === 'USAGE')!.body
    for (const line of usage.split('\n').filter((text) => text.startsWith('$ '))) expect(line.startsWith(`$ ${page.typed} `) || line === `$ ${page.typed}`).toBe(true)
    expect(headers).toContain('EXAMPLES')
    expect(headers.at(-1)).toBe('GLOBAL FLAGS')
    expect(headers.filter((header) => header === 'GLOBAL FLAGS')).toHaveLength(1)
    const global = found.at(-1)!.body.replaceAll(/\s+/g, ' ')
    expect(global).toMatch(/^[^]*--color, --debug, -V\/--version, -h\/--help\. `kubekit options` lists them\.$/)
    if (page.kind === 'command') {
      // USAGE, ARGUMENTS, DESCRIPTION, EXAMPLES, then the flag groups, in that order.
      const order = ['USAGE', 'ARGUMENTS', 'DESCRIPTION', 'EXAMPLES']
      const known = headers.filter((header) => order.includes(header))
      expect(known).toEqual([...known].sort((a, b) => order.indexOf(a) - order.indexOf(b)))
      const flags = headers.slice(headers.indexOf('EXAMPLES') + 1, -1)
      for (const header of flags) expect(header).toMatch(/FLAGS$/)
    } else {
      expect(headers).toContain('COMMANDS')
      expect(headers.indexOf('COMMANDS')).toBeLessThan(headers.indexOf('EXAMPLES'))
    }
  })

  const examples = examplesOf(found.find((section) => section.header === 'EXAMPLES')?.body ?? '')

  it('examples: each has a description and names the command as typed', () => {
    expect(examples.length).toBeGreaterThan(0)
    const typed = new RegExp(`(^|\\()${page.typed}( |\\)|$)`)
    for (const example of examples) {
      expect(example.description).not.toBe('')
      // The kubekit pages show kubekit commands, a plugin's pages its kubectl form.
      expect(example.command).toMatch(typed)
      if (page.typed.startsWith('kubekit')) expect(example.command).not.toMatch(/(^|[(|&;]\s*)kubectl /)
    }
  })

})

/** The examples a page shows. */
function examplesOn(page: Page): Example[] {
  return examplesOf(sections(helps.get(page)!.stdout).find((section) => section.header === 'EXAMPLES')?.body ?? '')
}

/** The plugin's page of an umbrella page (`kubectl diagnose` for `kubekit diagnose`), if there is one. */
function pluginTwin(page: Page): Page | undefined {
  if (!page.typed.startsWith('kubekit ')) return undefined
  return pages.find((other) => other.typed === `kubectl ${page.typed.slice('kubekit '.length)}`)
}

describe('the examples, run as printed', () => {
  for (const page of pages) {
    // A page's examples build on each other (switch, then back), as for a user following the page:
    // they run in order, in one folder per page; pages run side by side.
    const examples = examplesOn(page)
    const twin = pluginTwin(page)
    if (twin) {
      // `kubekit X` runs the same command as the plugin `kubectl X`: its page must show the plugin
      // page's examples word for word but for the first word; those run below, once.
      it(`${page.typed}: its examples are the ${twin.typed} page's, under the name typed`, () => {
        const asPlugin = examples.map((example) => ({...example, command: example.command.replaceAll(/(^|[\s|&;(])kubekit /g, '$1kubectl ')}))
        expect(asPlugin).toEqual(examplesOn(twin))
      })
      continue
    }
    const skipped = examples.flatMap((example) => {
      const plan = planFor(example.command)
      return 'skip' in plan ? [{example, reason: plan.skip}] : []
    })
    for (const {example, reason} of skipped) it.skip(`${page.typed}: not run here: ${reason}: $ ${example.command.replaceAll(' \\\n', ' ')}`, () => {})

    it.concurrent(`${page.typed}: its examples run against the demo sandbox and exit as expected (0, or 3 for --exit-code)`, async ({expect}) => {
      const sandbox = examples.some((example) => example.command.includes('sandbox fault')) ? faults : demo
      const {cwd, env} = workspace(page.typed, sandbox)
      for (const example of examples) {
        const plan = planFor(example.command)
        if ('skip' in plan) continue
        const shown = `$ ${example.command.replaceAll(' \\\n', ' ')}`
        if (plan.mode === 'exit') {
          const outcome = await runExample(example.command, cwd, env)
          expect({example: shown, code: outcome.code, stderr: outcome.stderr}).toEqual({example: shown, code: plan.code, stderr: expect.not.stringMatching(/^error:/m)})
        } else {
          // A follow runs until its first line, a server until it is ready; then both are interrupted.
          const outcome = await runExample(example.command, cwd, env, plan.mode === 'follow' ? /\n/ : /^sandbox ready: /m)
          expect({example: shown, interrupted: outcome.interrupted, error: /^error:/m.test(outcome.stderr)}).toEqual({example: shown, interrupted: true, error: false})
          if (plan.mode === 'server') expect({example: shown, code: outcome.code}).toEqual({example: shown, code: 0})
        }
      }
    })
  }
})
