import {describe, expect, it} from 'vitest'

import {parseTarget, TARGET_KINDS} from '../../src/diagnose/target.js'

describe('parseTarget: an unknown kind', () => {
  it('suggests the nearest kind before listing them all', () => {
    expect(() => parseTarget('pdo', 'x')).toThrow(`cannot diagnose "pdo" (did you mean "pod"?): choose one of ${TARGET_KINDS}`)
    expect(() => parseTarget('deploymnet/web', undefined)).toThrow('cannot diagnose "deploymnet" (did you mean "deployment"?): choose one of')
  })

  it('lists the kinds without a suggestion when nothing is close', () => {
    expect(() => parseTarget('widget', 'x')).toThrow(`cannot diagnose "widget": choose one of ${TARGET_KINDS}`)
  })
})
