import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {beforeEach, describe, expect, it} from 'vitest'
import {handWritten, inProcess, sandboxDir, writeKubeconfig} from './helpers.js'

/**
 * Kubeconfigs as users really have them: a BOM, CRLF line ends, JSON, flow style, anchors,
 * merge keys and folded scalars. kubectl is the oracle: after each edit it must read the file
 * as intended.
 */

let dir: string
let env: NodeJS.ProcessEnv

beforeEach(() => {
  ;({dir, env} = sandboxDir())
})

// ctx and ns run in this process, through the launchers' own entry (see inProcess).
const ctx = (...args: string[]) => inProcess('ctx', args, env)
const ns = (...args: string[]) => inProcess('ns', args, env)
const use = (name: string, text: string) => {
  const path = writeKubeconfig(dir, name, text)
  env.KUBECONFIG = path
  return path
}
/** What kubectl reads: current-context, and the namespace of a context. */
const kubectl = (...args: string[]) => execFileSync('kubectl', args, {env, encoding: 'utf8'}).trim()
const kubectlCurrent = () => kubectl('config', 'current-context')
const kubectlNamespace = (context: string) => kubectl('config', 'view', '-o', `jsonpath={.contexts[?(@.name=="${context}")].context.namespace}`)
const kubectlCluster = (context: string) => kubectl('config', 'view', '-o', `jsonpath={.contexts[?(@.name=="${context}")].context.cluster}`)

describe('a UTF-8 BOM', () => {
  const text = '\uFEFFcurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: c}\n- name: b\n  context: {cluster: c}\n'

  it('is read (current-context seen) and kept; a switch replaces the value instead of adding a second key', async () => {
    const path = use('bom', text)
    expect((await ctx('-c')).stdout).toBe('a\n')
    expect((await ctx()).stdout).toBe('a\nb\n')
    expect((await ctx('b')).code).toBe(0)
    const after = readFileSync(path, 'utf8')
    expect(after).toBe(text.replace('current-context: a', 'current-context: b'))
    expect(after.match(/current-context/g)).toHaveLength(1)
    expect(kubectlCurrent()).toBe('b')
    expect((await ns('web', '-f')).code).toBe(0)
    expect(readFileSync(path, 'utf8').startsWith('\uFEFF')).toBe(true)
    expect(kubectlNamespace('b')).toBe('web')
  })
})

describe('CRLF line ends', () => {
  it('are kept on every line, including added ones', async () => {
    const crlf = handWritten.replaceAll('\n', '\r\n')
    const path = use('crlf', crlf)
    expect((await ns('web', '-f')).code).toBe(0)
    expect((await ctx('-u')).code).toBe(0)
    expect((await ctx('dev-2')).code).toBe(0)
    const after = readFileSync(path, 'utf8')
    expect(after).toContain('    user: admin\r\n    namespace: web\r\n  name: prod\r\n')
    expect(after).toContain("current-context: 'dev-2'   # keep this comment\r\n")
    expect(after.replaceAll('\r\n', '')).not.toContain('\n')
    expect(kubectlCurrent()).toBe('dev-2')
  })

  it('are added as CRLF when the key is new', async () => {
    const path = use('crlf', 'contexts:\r\n- name: a\r\n  context:\r\n    cluster: c\r\n')
    expect((await ctx('a')).code).toBe(0)
    expect((await ns('web', '--force')).code).toBe(0)
    expect(readFileSync(path, 'utf8')).toBe('contexts:\r\n- name: a\r\n  context:\r\n    cluster: c\r\n    namespace: web\r\ncurrent-context: a\r\n')
  })
})

describe('JSON kubeconfigs', () => {
  const json = JSON.stringify(
    {apiVersion: 'v1', kind: 'Config', contexts: [{name: 'a', context: {cluster: 'c'}}, {name: 'b', context: {}}, {name: 'c', context: {cluster: 'c'}}], 'current-context': 'a'},
    null,
    2,
  )

  it('are edited by ns, switch, rename and -d, and stay JSON that kubectl reads as intended', async () => {
    const path = use('config.json', json)
    expect(await ns('web', '-f')).toMatchObject({code: 0, stderr: '✔ Active namespace is "web"\n'})
    expect(kubectlNamespace('a')).toBe('web')
    expect((await ctx('b')).code).toBe(0)
    expect((await ns('api', '-f')).code).toBe(0)
    expect(kubectlNamespace('b')).toBe('api')
    expect((await ctx('-d', 'a')).code).toBe(0)
    expect((await ctx('z=c')).code).toBe(0)
    const data = JSON.parse(readFileSync(path, 'utf8')) as {contexts: unknown[]; 'current-context': string}
    expect(data.contexts).toEqual([{name: 'b', context: {namespace: 'api'}}, {name: 'z', context: {cluster: 'c'}}])
    expect(data['current-context']).toBe('b')
    expect(kubectlCurrent()).toBe('b')
  })

  it('get a current-context key in JSON style when they have none', async () => {
    const path = use('config.json', '{"contexts": [{"name": "a", "context": {"cluster": "c"}}]}\n')
    expect((await ctx('a')).code).toBe(0)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({contexts: [{name: 'a', context: {cluster: 'c'}}], 'current-context': 'a'})
  })
})

describe('flow-style kubeconfigs', () => {
  it('are edited in place', async () => {
    const path = use('flow', 'contexts: [{name: a, context: {cluster: c}}, {name: b}]  # two\ncurrent-context: a\n')
    expect((await ns('web', '-f')).code).toBe(0)
    expect((await ctx('b')).code).toBe(0)
    expect((await ns('api', '-f')).code).toBe(0)
    expect(readFileSync(path, 'utf8')).toBe('contexts: [{name: a, context: {cluster: c, namespace: web}}, {name: b, context: {namespace: api}}]  # two\ncurrent-context: b\n')
    expect((await ctx('-d', 'a')).code).toBe(0)
    expect(readFileSync(path, 'utf8')).toBe('contexts: [{name: b, context: {namespace: api}}]  # two\ncurrent-context: b\n')
    expect(kubectlNamespace('b')).toBe('api')
  })
})

describe('anchors, aliases, merge keys and folded scalars', () => {
  const anchored = `base: &base
  cluster: c
  user: u
contexts:
- name: plain-alias
  context: *base
- name: merged
  context:
    <<: *base
    namespace: team
- name: shared
  context: &shared {cluster: c}
- name: uses-shared
  context: *shared
current-context: >-
  plain-alias
`

  it('are read as kubectl resolves them', async () => {
    use('anchored', anchored)
    expect((await ctx('-c')).stdout).toBe('plain-alias\n')
    expect((await ctx('merged')).code).toBe(0)
    expect((await ns('-c')).stdout).toBe('team\n')
    expect(kubectlCluster('merged')).toBe('c')
  })

  it('are edited where the result reads back as intended, and the folded current-context is replaced', async () => {
    const path = use('anchored', anchored)
    expect((await ns('web', '-f')).code).toBe(0)
    let after = readFileSync(path, 'utf8')
    expect(after).toContain('  context: {<<: *base, namespace: web}\n')
    expect(after).toContain('  context: *shared\n')
    expect(kubectlNamespace('plain-alias')).toBe('web')
    expect(kubectlCluster('plain-alias')).toBe('c')
    expect(kubectlNamespace('uses-shared')).toBe('')
    expect((await ctx('merged')).code).toBe(0)
    after = readFileSync(path, 'utf8')
    expect(after).toMatch(/\ncurrent-context: merged\n$/)
    expect((await ns('api', '-f')).code).toBe(0)
    expect(kubectlNamespace('merged')).toBe('api')
    expect(kubectlCluster('merged')).toBe('c')
  })

  it('refuses an edit that would change another entry through a shared anchor, saying how to proceed', async () => {
    const path = use('anchored', anchored)
    expect((await ctx('shared')).code).toBe(0)
    const before = readFileSync(path, 'utf8')
    const result = await ns('web', '-f')
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `error: cannot edit ${path} in place: the change would not read back as intended (YAML anchors, aliases or merge keys may share the value with other entries); the file was not changed: run \`kubectl config set-context shared --namespace=web\` (kubectl rewrites the whole file, without its comments) or edit it by hand\n`,
    )
    expect(readFileSync(path, 'utf8')).toBe(before)
    expect(result.stderr).not.toMatch(/internal|kubekit-flags/)
  })

  it('refuses to delete a context that another entry repeats through an alias', async () => {
    const path = use('alias-entry', 'contexts:\n- &a {name: a, context: {cluster: c}}\n- *a\ncurrent-context: a\n')
    const result = await ctx('-d', 'a')
    // The first entry named a is the anchored one; deleting it would leave the alias dangling.
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`^error: cannot edit ${path} in place: .*kubectl config delete-context a`))
  })
})

describe('comments belong to the entry below them', () => {
  const commented = `contexts:
# about a
- name: a
  context: {cluster: c}
# about b
# (two lines)
- name: b
  context: {cluster: c}

# about c
- name: c
  context: {cluster: c}
# about users
users: []
`

  it('-d removes the entry with its own comment and leaves the neighbours\' comments', async () => {
    const path = use('commented', commented)
    expect((await ctx('-d', 'b')).code).toBe(0)
    expect(readFileSync(path, 'utf8')).toBe(commented.replace('# about b\n# (two lines)\n- name: b\n  context: {cluster: c}\n', ''))
    expect((await ctx('-d', 'c')).code).toBe(0)
    expect(readFileSync(path, 'utf8')).toBe('contexts:\n# about a\n- name: a\n  context: {cluster: c}\n\n# about users\nusers: []\n')
    expect((await ctx('-d', 'a')).code).toBe(0)
    expect(readFileSync(path, 'utf8')).toBe('contexts: []\n\n# about users\nusers: []\n')
  })
})

describe('a file with several YAML documents', () => {
  it('is read and edited in its first document, as kubectl reads it', async () => {
    const rest = '---\ncurrent-context: other\ncontexts: []\n'
    const path = use('multi', `contexts:\n- {name: a, context: {cluster: c}}\n- name: b\n  context: {cluster: c}\ncurrent-context: a\n${rest}`)
    expect((await ctx()).stdout).toBe('a\nb\n')
    expect((await ctx('b')).code).toBe(0)
    expect((await ns('web', '-f')).code).toBe(0)
    expect((await ctx('-d', 'a')).code).toBe(0)
    expect(readFileSync(path, 'utf8')).toBe(`contexts:\n- name: b\n  context: {cluster: c, namespace: web}\ncurrent-context: b\n${rest}`)
    expect(kubectlCurrent()).toBe('b')
    expect(kubectlNamespace('b')).toBe('web')
  })
})
