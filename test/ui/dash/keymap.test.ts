import type {Key} from 'ink'
import {describe, expect, it} from 'vitest'
import {actionFor, globalBindings, helpKeyWidth, helpLines, hints, keyNames, viewBindings, type ViewId} from '../../../src/ui/dash/keymap.js'

const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false,
  capsLock: false, numLock: false,
} as Key

describe('keyNames', () => {
  it('turns a run of typed characters into one key each (ink hands them over together)', () => {
    expect(keyNames('jjk', noKey)).toEqual(['j', 'j', 'k'])
    expect(keyNames('a b', noKey)).toEqual(['a', 'space', 'b'])
  })

  it('names special keys and ctrl combinations', () => {
    expect(keyNames('', {...noKey, downArrow: true})).toEqual(['down'])
    expect(keyNames('', {...noKey, escape: true})).toEqual(['esc'])
    expect(keyNames('\r', {...noKey, return: true})).toEqual(['enter'])
    expect(keyNames('c', {...noKey, ctrl: true})).toEqual(['ctrl+c'])
    expect(keyNames('', {...noKey, delete: true})).toEqual(['backspace'])
  })

  it('takes esc followed fast by a key (ink says meta+key) as the two keys', () => {
    expect(keyNames('q', {...noKey, meta: true})).toEqual(['esc', 'q'])
    expect(keyNames('', {...noKey, meta: true, escape: true})).toEqual(['esc'])
  })
})

describe('key tables', () => {
  it("a view's own binding wins over the global one", () => {
    expect(actionFor('pods', 'q')).toBe('quit')
    expect(actionFor('logs', 'q')).toBe('back')
    expect(actionFor('logs', 'c')).toBe('contexts')
    expect(actionFor('pods', 'enter')).toBe('diagnose')
    expect(actionFor('pods', 'zz')).toBeUndefined()
  })

  it('no key is bound twice within one view', () => {
    for (const view of Object.keys(viewBindings) as ViewId[]) {
      const keys = viewBindings[view].flatMap((b) => b.keys)
      expect(new Set(keys).size, view).toBe(keys.length)
    }
    const global = globalBindings.flatMap((b) => b.keys)
    expect(new Set(global).size).toBe(global.length)
  })

  it('the help lists every binding of every view, from the same tables', () => {
    const help = helpLines().join('\n')
    for (const binding of [...globalBindings, ...viewBindings.pods, ...viewBindings.diagnosis, ...viewBindings.logs, ...viewBindings.capacity]) {
      expect(help).toContain(`  ${binding.keys.join(', ').padEnd(helpKeyWidth)} ${binding.help}`)
    }
  })

  it('footer hints come from the bindings that have one', () => {
    expect(hints('pods').map((h) => h.label)).toEqual(['diagnose', 'logs', 'xray', 'trace', 'filter', 'failing', 'sort', 'quit', 'help', 'ctx', 'ns', 'all-ns', 'capacity', 'kind'])
    expect(hints('logs')[0]).toEqual({key: 'esc', label: 'back'})
  })
})
