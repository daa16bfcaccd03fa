import {load} from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {
  appendEntriesInText, deleteContextInText, renameContextInText, setContextNamespaceInText, setCurrentContextInText,
} from '../../src/kubeconfig/document-edit.js'
import {findTopLevelCurrentContext, setCurrentContextFast} from '../../src/kubeconfig/fast-edit.js'
import {encodeScalar} from '../../src/kubeconfig/scalar.js'
import {handWritten} from './helpers.js'

/** The lines of `after` that differ from `before` (same line count assumed unless noted). */
function changedLines(before: string, after: string): Array<[string | undefined, string | undefined]> {
  const a = before.split('\n')
  const b = after.split('\n')
  const out: Array<[string | undefined, string | undefined]> = []
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push([a[i], b[i]])
  return out
}

describe('fast current-context edit (line scan)', () => {
  it('changes only the value and keeps its quoting and the comment after it', () => {
    const after = setCurrentContextFast(handWritten, 'dev-2')!
    expect(changedLines(handWritten, after)).toEqual([["current-context: 'prod'   # keep this comment", "current-context: 'dev-2'   # keep this comment"]])
  })

  it('quotes names that would not read back as the same string', () => {
    const text = 'current-context: a\n'
    expect(setCurrentContextFast(text, 'true')).toBe('current-context: "true"\n')
    expect(setCurrentContextFast(text, 'arn:aws:eks:eu-west-1:1:cluster/x')).toBe('current-context: arn:aws:eks:eu-west-1:1:cluster/x\n')
    expect(setCurrentContextFast(text, 'a: b')).toBe('current-context: "a: b"\n')
    expect(setCurrentContextFast(text, '')).toBe('current-context: ""\n')
  })

  it('fills an empty value and appends a missing key', () => {
    expect(setCurrentContextFast('current-context:\nkind: Config\n', 'x')).toBe('current-context: x\nkind: Config\n')
    expect(setCurrentContextFast('kind: Config', 'x')).toBe('kind: Config\ncurrent-context: x\n')
  })

  it('declines shapes it cannot edit safely', () => {
    expect(findTopLevelCurrentContext('{"current-context": "a"}')).toBeUndefined()
    expect(findTopLevelCurrentContext('current-context: a\ncurrent-context: b\n')).toBeUndefined()
    expect(findTopLevelCurrentContext('current-context: >\n  folded\n')).toBeUndefined()
    expect(findTopLevelCurrentContext('current-context: long\n  continued\n')).toBeUndefined()
    expect(findTopLevelCurrentContext('a: 1\n---\ncurrent-context: x\n')).toBeUndefined()
  })

  it('ignores a current-context key that is not at the top level', () => {
    const text = 'preferences:\n  current-context: nested\ncurrent-context: top\n'
    expect(setCurrentContextFast(text, 'new')).toBe('preferences:\n  current-context: nested\ncurrent-context: new\n')
  })
})

describe('document edits keep every other byte', () => {
  it('sets current-context through the document editor the same way', () => {
    const after = setCurrentContextInText(handWritten, 'dev-10', 'k')
    expect(changedLines(handWritten, after)).toEqual([["current-context: 'prod'   # keep this comment", "current-context: 'dev-10'   # keep this comment"]])
  })

  it('replaces an existing namespace value only', () => {
    const after = setContextNamespaceInText(handWritten, 'dev-2', 'team-b', 'k')
    expect(changedLines(handWritten, after)).toEqual([['    namespace: team-a   # ours', '    namespace: team-b   # ours']])
  })

  it('adds a namespace to a block mapping at its indentation', () => {
    const after = setContextNamespaceInText(handWritten, 'prod', 'web', 'k')
    expect(after).toBe(handWritten.replace('    user: admin\n  name: prod', '    user: admin\n    namespace: web\n  name: prod'))
  })

  it('adds a namespace to a flow mapping inside its braces', () => {
    const after = setContextNamespaceInText(handWritten, 'dev-10', 'web', 'k')
    expect(after).toBe(handWritten.replace('{cluster: dev-cluster, user: dev}', '{cluster: dev-cluster, user: dev, namespace: web}'))
  })

  it('gives a context without a context: mapping one', () => {
    const text = 'contexts:\n- name: bare\n'
    const after = setContextNamespaceInText(text, 'bare', 'ns', 'k')
    expect(load(after)).toEqual({contexts: [{name: 'bare', context: {namespace: 'ns'}}]})
  })

  it('renames a context, keeping its quoting', () => {
    const after = renameContextInText(handWritten, 'dev-10', 'staging', 'k')
    expect(changedLines(handWritten, after)).toEqual([['  name: "dev-10"', '  name: "staging"']])
  })

  it('deletes a context entry and nothing else', () => {
    const after = deleteContextInText(handWritten, 'dev-10', 'k')
    expect(after).toBe(handWritten.replace('- context: {cluster: dev-cluster, user: dev}\n  name: "dev-10"\n', ''))
    const last = deleteContextInText(handWritten, 'dev-2', 'k')
    expect(last).toBe(handWritten.replace('- context:\n    cluster: dev-cluster\n    namespace: team-a   # ours\n    user: dev\n  name: dev-2\n', ''))
  })

  it('leaves `contexts: []` when the last context goes', () => {
    const after = deleteContextInText('contexts:\n- name: only\n  context: {}\nkind: Config\n', 'only', 'k')
    expect(after).toBe('contexts: []\nkind: Config\n')
  })

  it('appends entries at the list indentation, creating lists that are missing or empty', () => {
    const after = appendEntriesInText(handWritten, {contexts: [{name: 'new', context: {cluster: 'c', user: 'u'}}]}, 'k')
    expect(after).toBe(handWritten.replace('  name: dev-2\n', '  name: dev-2\n- context:\n    cluster: c\n    user: u\n  name: new\n'))
    expect((load(after) as {contexts: Array<{name: string}>}).contexts.map((c) => c.name)).toEqual(['prod', 'dev-10', 'dev-2', 'new'])
    const empty = appendEntriesInText('clusters: [] # none yet\nkind: Config\n', {clusters: [{name: 'c', cluster: {server: 'https://x'}}], users: [{name: 'u', user: {token: 't'}}]}, 'k')
    expect(load(empty)).toEqual({clusters: [{name: 'c', cluster: {server: 'https://x'}}], kind: 'Config', users: [{name: 'u', user: {token: 't'}}]})
    expect(empty).toContain('# none yet')
  })

  it('reports malformed YAML with the file and line', () => {
    expect(() => setContextNamespaceInText('contexts:\n- name: a\n  context: [\n', 'a', 'ns', '/tmp/k.yaml')).toThrow(/malformed kubeconfig \/tmp\/k\.yaml line \d+/)
  })
})

describe('scalar encoding', () => {
  it('keeps single and double quotes and escapes what needs it', () => {
    expect(encodeScalar("it's", 'single')).toBe("'it''s'")
    expect(encodeScalar('a"b', 'double')).toBe('"a\\"b"')
    expect(encodeScalar('012', 'plain')).toBe('"012"')
    expect(encodeScalar('-dash', 'plain')).toBe('"-dash"')
    expect(encodeScalar('kind-kind', 'plain')).toBe('kind-kind')
  })
})
