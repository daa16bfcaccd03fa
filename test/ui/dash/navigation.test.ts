/** The pure key handling: view stack, esc in the pod list, typed text. */
import type {Key} from 'ink'
import {describe, expect, it} from 'vitest'
import type {DashCluster} from '../../../src/ui/dash/cluster.js'
import {fitHints, hints, keyNames} from '../../../src/ui/dash/keymap.js'
import {editText, filterKey, navigate, openView} from '../../../src/ui/dash/navigation.js'
import {initialState, type UiState} from '../../../src/ui/dash/state.js'

const cluster = {contextName: 'c', defaultNamespace: 'default'} as DashCluster
const key: Key = {upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false} as Key
const apply = (s: UiState, change: Partial<UiState> | undefined): UiState => ({...s, ...change})

describe('view stack', () => {
  it('d and l round trips never stack duplicates: esc from either goes straight back', () => {
    let s: UiState = {...initialState(cluster, false), stack: ['pods', 'diagnosis'], target: {namespace: 'a', name: 'b'}}
    for (let i = 0; i < 5; i++) {
      s = apply(s, navigate(s, 'logs'))
      expect(s.stack).toEqual(['pods', 'diagnosis', 'logs'])
      s = apply(s, navigate(s, 'diagnose'))
      expect(s.stack).toEqual(['pods', 'diagnosis'])
    }
    s = apply(s, navigate(s, 'back'))
    expect(s.stack).toEqual(['pods'])
  })

  it('opening a view already open goes back to it', () => {
    expect(openView(['pods', 'diagnosis', 'logs'], 'diagnosis')).toEqual(['pods', 'diagnosis'])
    expect(openView(['pods'], 'logs')).toEqual(['pods', 'logs'])
  })

  it('esc in the pod list clears the filter and keeps "failing only"', () => {
    let s: UiState = {...initialState(cluster, false), filter: 'web', failingOnly: true}
    s = apply(s, navigate(s, 'back'))
    expect(s.filter).toBe('')
    expect(s.failingOnly).toBe(true)
    s = apply(s, navigate(s, 'back'))
    expect(s.failingOnly).toBe(true)
  })
})

describe('typed text', () => {
  it('fast backspaces (a run of DEL characters in one read) delete, never insert', () => {
    const names = keyNames('\u007F\u007F\u007F', key)
    expect(names).toEqual(['backspace', 'backspace', 'backspace'])
    let s: UiState = {...initialState(cluster, false), filterEditing: true, filter: 'checkout'}
    for (const name of names) s = apply(s, filterKey(s, name))
    expect(s.filter).toBe('check')
    expect(keyNames('ab\bc', key)).toEqual(['a', 'b', 'backspace', 'c'])
  })

  it('control characters are never text', () => {
    expect(keyNames('\u0001x\u001Fy', key)).toEqual(['x', 'y'])
    expect(editText('a', '\u007F')).toBeUndefined()
    expect(editText('a', 'up')).toBeUndefined()
  })

  it('wide characters and emoji: typed whole, deleted whole', () => {
    let text = ''
    for (const name of keyNames('日本👩‍💻', key)) text = editText(text, name) ?? text
    expect(text).toBe('日本👩‍💻')
    expect(editText(text, 'backspace')).toBe('日本')
    expect(editText('é', 'backspace')).toBe('')
  })
})

describe('footer hints', () => {
  it('fit the width and always keep <?> help', () => {
    const fitted = fitHints(hints('pods'), 80)
    const text = fitted.map((h) => `<${h.key}> ${h.label}  `).join('')
    expect(text.length).toBeLessThanOrEqual(80)
    expect(fitted.some((h) => h.key === '?')).toBe(true)
    expect(fitted.map((h) => h.key)).toContain('enter')
    expect(fitHints(hints('pods'), 300)).toEqual(hints('pods'))
  })
})

describe('logs view state', () => {
  it('says following only while lines can still come', async () => {
    const {logsState} = await import('../../../src/ui/dash/views.js')
    const {LogBuffer} = await import('../../../src/ui/dash/log-buffer.js')
    const buffer = new LogBuffer()
    expect(logsState(true, buffer, false)).toBe('following')
    expect(logsState(true, buffer, true)).toBe('pod deleted: no more lines')
    buffer.ended = 'ended'
    expect(logsState(true, buffer, false)).toBe('the log ended')
    buffer.dispose()
  })
})
