import {load} from 'js-yaml'
import {describe, expect, it} from 'vitest'
import {readTopLevelSections} from '../../src/kubeconfig/sections.js'
import {handWritten} from './helpers.js'

const keys = ['contexts', 'current-context']

describe('reading only the contexts and current-context sections', () => {
  it('gives the same data for those keys as a full parse', () => {
    const full = load(handWritten) as Record<string, unknown>
    expect(readTopLevelSections(handWritten, 'k', keys)).toEqual({contexts: full.contexts, 'current-context': full['current-context']})
  })

  it('keeps line numbers in errors', () => {
    const text = 'apiVersion: v1\nusers: []\ncontexts:\n- name: a\n  context: {cluster: [\n'
    expect(() => readTopLevelSections(text, '/k', keys)).toThrow(/malformed kubeconfig \/k line [56]:/)
  })

  it('leaves unusual shapes to the full parser', () => {
    expect(readTopLevelSections('{"contexts": []}', 'k', keys)).toBeUndefined()
    expect(readTopLevelSections('contexts: &c []\nother: *c\n', 'k', keys)).toBeUndefined()
    expect(readTopLevelSections('contexts: []\ncontexts: []\n', 'k', keys)).toBeUndefined()
    expect(readTopLevelSections('a: 1\n---\ncontexts: []\n', 'k', keys)).toBeUndefined()
    expect(readTopLevelSections('? complex\n: key\n', 'k', keys)).toBeUndefined()
  })

  it('accepts a leading document marker and comments at column 0', () => {
    expect(readTopLevelSections('---\n# c\ncurrent-context: x # y\n# z\n', 'k', keys)).toEqual({'current-context': 'x'})
  })
})
