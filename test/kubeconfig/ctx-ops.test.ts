import {chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync, unlinkSync} from 'node:fs'
import {join} from 'node:path'
import {load} from 'js-yaml'
import {beforeEach, describe, expect, it} from 'vitest'
import {handWritten, handWrittenSetup, inProcess, run, writeKubeconfig} from './helpers.js'

let dir: string
let env: NodeJS.ProcessEnv
let kubeconfig: string

beforeEach(() => ({dir, env, kubeconfig} = handWrittenSetup()))

// ctx and ns run in this process (the launchers' own entry, main()); the real processes where only
// they show the behaviour: help and version, the oclif CLI, and waiting on a lock.
const ctx = (...args: string[]) => inProcess('ctx', args, env)
const ns = (...args: string[]) => inProcess('ns', args, env)
const ctxProcess = (...args: string[]) => run('kubectl-ctx', args, env)
const current = () => (load(readFileSync(kubeconfig, 'utf8')) as {'current-context': string})['current-context']

describe('kubectl ctx', () => {
  it('lists contexts in natural order, plain when piped', async () => {
    const result = await ctx()
    expect(result).toEqual({code: 0, stdout: 'dev-2\ndev-10\nprod\n', stderr: ''})
  })

  it('switches, edits only the current-context bytes, and remembers the previous context where kubectx does', async () => {
    const result = await ctx('dev-2')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe('✔ Switched to context "dev-2".\n')
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten.replace("current-context: 'prod'", "current-context: 'dev-2'"))
    expect(readFileSync(join(env.XDG_CACHE_HOME!, 'kubectx'), 'utf8')).toBe('prod')
    const back = await ctx('-')
    expect(back.stderr).toBe('✔ Switched to context "prod".\n')
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten)
    expect(readFileSync(join(env.XDG_CACHE_HOME!, 'kubectx'), 'utf8')).toBe('dev-2')
  })

  it('uses ~/.kube/kubectx when XDG_CACHE_HOME is not set', async () => {
    delete env.XDG_CACHE_HOME
    await ctx('dev-2')
    expect(readFileSync(join(env.HOME!, '.kube', 'kubectx'), 'utf8')).toBe('prod')
  })

  it('fails on an unknown context, names it and suggests close ones, and writes nothing', async () => {
    const result = await ctx('dev')
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('error: failed to switch context: no context exists with the name: "dev" (did you mean "dev-2" or "dev-10"?)\n')
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten)
  })

  it('fails on `-` without history', async () => {
    expect(await ctx('-')).toMatchObject({code: 1, stderr: 'error: failed to switch context: no previous context found\n'})
  })

  it('prints the current context, and fails when none is set', async () => {
    expect(await ctx('-c')).toEqual({code: 0, stdout: 'prod\n', stderr: ''})
    expect(await ctx('-u')).toMatchObject({code: 0, stderr: '✔ Active context unset for kubectl.\n'})
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten.replace("current-context: 'prod'", "current-context: ''"))
    expect(await ctx('-c')).toMatchObject({code: 1, stderr: 'error: current-context is not set\n'})
  })

  it('renames NEW=OLD and NEW=. (updating current-context), overwriting an existing NEW with a warning', async () => {
    expect((await ctx('staging=dev-10')).stderr).toBe('✔ Context dev-10 renamed to staging.\n')
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten.replace('name: "dev-10"', 'name: "staging"'))
    expect((await ctx('production=.')).stderr).toBe('✔ Context prod renamed to production.\n')
    expect(current()).toBe('production')
    const overwrite = await ctx('dev-2=staging')
    expect(overwrite.stderr).toBe('warning: context "dev-2" exists, overwriting it.\n✔ Context staging renamed to dev-2.\n')
    expect((await ctx()).stdout).toBe('dev-2\nproduction\n')
    expect(await ctx('x=nope')).toMatchObject({code: 1, stderr: 'error: context "nope" not found, can\'t rename it\n'})
  })

  it('deletes contexts (several, and . for the current one), keeping clusters and users', async () => {
    const result = await ctx('-d', 'dev-10', '.')
    expect(result.stderr).toBe('✔ Deleted context dev-10.\nwarning: You deleted the current context. Use "kubectl ctx" to select a new context.\n✔ Deleted context prod.\n')
    const data = load(readFileSync(kubeconfig, 'utf8')) as {contexts: unknown[]; clusters: unknown[]; users: unknown[]}
    expect(data.contexts).toHaveLength(1)
    expect(data.clusters).toHaveLength(2)
    expect(data.users).toHaveLength(2)
    // The comment above prod's entry is prod's (comments belong to the entry below them): it goes with it.
    expect(readFileSync(kubeconfig, 'utf8')).not.toContain('# production first')
    expect(readFileSync(kubeconfig, 'utf8')).toContain('# team kubeconfig: do not reformat')
    expect(await ctx('-d', 'ghost')).toMatchObject({code: 1, stderr: 'error: error deleting context "ghost": context does not exist\n'})
  })

  it('prints help and version on stdout', async () => {
    const help = await ctxProcess('-h')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/USAGE\n {2}\$ kubectl ctx \[NAME/)
    expect((await ctxProcess('-V')).stdout).toMatch(/^kubekit \d+\.\d+\.\d+\n$/)
    expect(await ctxProcess('-x')).toMatchObject({code: 1, stderr: "error: unsupported option '-x'; see 'kubectl ctx --help'\n"})
    expect(await ctxProcess('--curent')).toMatchObject({code: 1, stderr: 'error: unsupported option \'--curent\' (did you mean "--current"?)\n'})
  })

  it('takes --kubeconfig like kubectl', async () => {
    const other = writeKubeconfig(dir, 'other', 'contexts:\n- name: solo\n  context: {}\n')
    delete env.KUBECONFIG
    expect((await ctx('--kubeconfig', other)).stdout).toBe('solo\n')
  })

  it('keeps the file mode and follows a symlinked kubeconfig to its target', async () => {
    chmodSync(kubeconfig, 0o640)
    const link = join(dir, 'link-config')
    symlinkSync(kubeconfig, link)
    env.KUBECONFIG = link
    expect((await ctx('dev-2')).code).toBe(0)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readlinkSync(link)).toBe(kubeconfig)
    expect(current()).toBe('dev-2')
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o640)
    expect(existsSync(`${link}.lock`) || existsSync(`${kubeconfig}.lock`)).toBe(false)
  })

  it('says clearly when there is no kubeconfig, and skips missing files in KUBECONFIG', async () => {
    env.KUBECONFIG = join(dir, 'missing-a') + ':' + join(dir, 'missing-b')
    const list = await ctx()
    expect(list).toMatchObject({code: 0, stdout: ''})
    expect(list.stderr).toMatch(/^warning: no kubeconfig found \(KUBECONFIG=.*missing-a:.*missing-b\)/)
    expect(await ctx('prod')).toMatchObject({code: 1, stderr: expect.stringMatching(/^error: no kubeconfig found/)})
    env.KUBECONFIG = join(dir, 'missing-a') + ':' + kubeconfig
    expect((await ctx()).stdout).toBe('dev-2\ndev-10\nprod\n')
    expect((await ctx('dev-2')).code).toBe(0)
    expect(current()).toBe('dev-2')
  })

  it('names the file and line of malformed YAML', async () => {
    const broken = writeKubeconfig(dir, 'broken', 'apiVersion: v1\ncontexts:\n- name: a\n  context: {cluster: [\n')
    env.KUBECONFIG = broken
    const result = await ctx()
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`^error: malformed kubeconfig ${broken} line \\d+: `))
  })

  it('waits for kubectl\'s lock and gives up with a clear message when it stays', async () => {
    writeFileSync(`${kubeconfig}.lock`, '')
    env.KUBEKIT_LOCK_TIMEOUT_MS = '200'
    const result = await ctxProcess('dev-2')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`error: kubeconfig is locked by ${kubeconfig}.lock`)
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten)
    unlinkSync(`${kubeconfig}.lock`)
    env.KUBEKIT_LOCK_TIMEOUT_MS = '10000'
    writeFileSync(`${kubeconfig}.lock`, '')
    const waiting = ctxProcess('dev-2')
    setTimeout(() => unlinkSync(`${kubeconfig}.lock`), 300)
    expect((await waiting).code).toBe(0)
    expect(current()).toBe('dev-2')
  })
})

describe('multiple files in KUBECONFIG', () => {
  let first: string
  let second: string
  beforeEach(() => {
    first = writeKubeconfig(dir, 'a.yaml', '# file a\nclusters:\n- name: ca\n  cluster: {server: https://a}\ncontexts:\n- name: ctx-a\n  context: {cluster: ca, user: ua}\nusers:\n- name: ua\n  user: {token: a}\n')
    second = writeKubeconfig(dir, 'b.yaml', '# file b\ncurrent-context: ctx-b\ncontexts:\n- name: ctx-b\n  context:\n    cluster: cb\n    user: ub\n- name: ctx-a\n  context: {cluster: shadowed}\n')
    env.KUBECONFIG = `${first}:${second}`
  })

  it('reads them merged (first wins) and takes current-context from the first file that sets it', async () => {
    expect((await ctx()).stdout).toBe('ctx-a\nctx-b\n')
    expect((await ctx('-c')).stdout).toBe('ctx-b\n')
  })

  it('writes current-context to the first file, as kubectl does, and leaves the second alone', async () => {
    const before = readFileSync(second, 'utf8')
    expect((await ctx('ctx-a')).code).toBe(0)
    expect(readFileSync(first, 'utf8')).toMatch(/current-context: ctx-a\n$/)
    expect(readFileSync(second, 'utf8')).toBe(before)
    expect((await ctx('-c')).stdout).toBe('ctx-a\n')
    expect(readFileSync(join(env.XDG_CACHE_HOME!, 'kubectx'), 'utf8')).toBe('ctx-b')
  })

  it('writes a namespace to the file that defines the context', async () => {
    const beforeFirst = readFileSync(first, 'utf8')
    expect((await ns('team', '--force')).stderr).toBe('✔ Active namespace is "team"\n')
    expect(readFileSync(first, 'utf8')).toBe(beforeFirst)
    expect(readFileSync(second, 'utf8')).toContain('    cluster: cb\n    user: ub\n    namespace: team\n')
    expect((await ns('-c')).stdout).toBe('team\n')
  })

  it('unsets current-context in the first file that sets it (kubectl\'s rule)', async () => {
    await ctx('-u')
    expect(readFileSync(second, 'utf8')).toContain('current-context: ""')
    expect(readFileSync(first, 'utf8')).not.toContain('current-context')
  })

  it('deletes and renames in the file that defines the context', async () => {
    await ctx('-d', 'ctx-b')
    expect(readFileSync(second, 'utf8')).not.toContain('name: ctx-b')
    await ctx('renamed=ctx-a')
    expect(readFileSync(first, 'utf8')).toContain('- name: renamed')
    expect(readFileSync(second, 'utf8')).toContain('- name: ctx-a')
  })
})

describe('kubectl ns without a cluster', () => {
  it('prints the namespace (default when unset), switches with --force, goes back with -, unsets', async () => {
    expect((await ns('-c')).stdout).toBe('default\n')
    expect((await ns('-f', 'web')).stderr).toBe('✔ Active namespace is "web"\n')
    expect((await ns('-c')).stdout).toBe('web\n')
    expect(readFileSync(join(env.XDG_CACHE_HOME!, 'kubens', 'prod'), 'utf8')).toBe('default')
    await ns('api', '--force')
    expect(readFileSync(join(env.XDG_CACHE_HOME!, 'kubens', 'prod'), 'utf8')).toBe('web')
    const back = await ns('-', '-f')
    expect(back.stderr).toBe('✔ Active namespace is "web"\n')
    expect((await ns('-u')).stderr).toBe('✔ Active namespace is "default".\n')
    expect((await ns('-c')).stdout).toBe('default\n')
    expect(readFileSync(kubeconfig, 'utf8')).toBe(handWritten.replace('    user: admin\n  name: prod', '    user: admin\n    namespace: default\n  name: prod'))
  })

  it('reads the previous namespace per context, and says when there is none', async () => {
    mkdirSync(join(env.XDG_CACHE_HOME!, 'kubens'), {recursive: true})
    expect(await ns('-', '-f')).toMatchObject({code: 1, stderr: 'error: No previous namespace found for current context (prod)\n'})
    writeFileSync(join(env.XDG_CACHE_HOME!, 'kubens', 'prod'), 'from-kubens\n')
    expect((await ns('-', '-f')).stderr).toBe('✔ Active namespace is "from-kubens"\n')
  })

  it('fails when no context is set', async () => {
    await ctx('-u')
    expect(await ns('-c')).toMatchObject({code: 1, stderr: 'error: current-context is not set\n'})
  })
})

describe('colour', () => {
  it('highlights nothing when piped, even without NO_COLOR; forced colour marks the current context', async () => {
    delete env.NO_COLOR
    expect((await ctx()).stdout).toBe('dev-2\ndev-10\nprod\n')
    env.FORCE_COLOR = '1'
    expect((await ctx()).stdout).toBe('dev-2\ndev-10\n\u001B[1m\u001B[32mprod\u001B[39m\u001B[22m\n')
    expect((await ctx('--no-color')).stdout).toBe('dev-2\ndev-10\nprod\n')
  })
})
