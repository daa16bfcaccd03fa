// kubectx's natsort: names compared as people read them, digits by value.
import {describe, expect, it} from 'vitest'
import {naturalCompare, naturalSort} from '../../src/kubeconfig/natural-sort.js'

describe('naturalSort', () => {
  it('orders numbered contexts by value, not by character', () => {
    expect(naturalSort(['ctx-10', 'ctx-2', 'ctx-1', 'ctx-100', 'ctx-20'])).toEqual(['ctx-1', 'ctx-2', 'ctx-10', 'ctx-20', 'ctx-100'])
  })

  it('compares every digit run, not only the first', () => {
    expect(naturalSort(['gke_p_us-east1-b_c10', 'gke_p_us-east1-b_c9', 'gke_p_us-east1-a_c10', 'gke_p_us-east10-a_c1'])).toEqual([
      'gke_p_us-east1-a_c10',
      'gke_p_us-east1-b_c9',
      'gke_p_us-east1-b_c10',
      'gke_p_us-east10-a_c1',
    ])
  })

  it('equal values: the shorter spelling (fewer leading zeros) first; a prefix before the longer name', () => {
    expect(naturalSort(['n007', 'n7', 'n07'])).toEqual(['n7', 'n07', 'n007'])
    expect(naturalSort(['prod-eu', 'prod', 'prod-eu-2'])).toEqual(['prod', 'prod-eu', 'prod-eu-2'])
  })

  it('text runs compare by code unit (kubectx: uppercase before lowercase), digits before letters', () => {
    expect(naturalSort(['beta', 'Alpha', 'alpha', '9lives', '10x'])).toEqual(['9lives', '10x', 'Alpha', 'alpha', 'beta'])
  })

  it('numbers beyond 2^53 keep their order (no float rounding)', () => {
    const a = 'rev-9007199254740993'
    const b = 'rev-9007199254740992'
    expect(naturalSort([a, b])).toEqual([b, a])
    expect(naturalCompare(a, b)).toBe(1)
  })

  it('empty input and empty names', () => {
    expect(naturalSort([])).toEqual([])
    expect(naturalSort(new Set(['b', '', 'a']))).toEqual(['', 'a', 'b'])
    expect(naturalCompare('', '')).toBe(0)
    expect(naturalCompare('same-1', 'same-1')).toBe(0)
  })
})
