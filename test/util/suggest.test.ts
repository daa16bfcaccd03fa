import {describe, expect, it} from 'vitest'
import {closestNames, didYouMean, editDistance} from '../../src/util/suggest.js'

describe('suggestions', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('same', 'same')).toBe(0)
    // a swap of two neighbouring letters is one typo, not two
    expect(editDistance('pdo', 'pod')).toBe(1)
    expect(editDistance('--tial', '--tail')).toBe(1)
    expect(editDistance('ab', 'ba')).toBe(1)
  })

  it('prefers names containing the wanted one, then near misses', () => {
    const names = ['web-7d4b9c-x2x5q', 'api-0', 'web-canary', 'db-0', 'wbe']
    expect(closestNames('web', names)).toEqual(['web-canary', 'web-7d4b9c-x2x5q', 'wbe'])
    expect(closestNames('ap1-0', names)).toEqual(['api-0'])
    expect(closestNames('zzzzzz', names)).toEqual([])
  })

  it('names only the nearest of the near misses', () => {
    // web-1 is one swap away; web-0 and web-2 are two edits away and would only add noise.
    expect(closestNames('wbe-1', ['web-0', 'web-1', 'web-2', 'api-0'])).toEqual(['web-1'])
    expect(closestNames('wbe-3', ['web-0', 'web-1'])).toEqual(['web-0', 'web-1'])
  })

  it('phrases the hint', () => {
    expect(didYouMean('prod', ['prod-eu', 'prod-us'])).toBe(' (did you mean "prod-eu" or "prod-us"?)')
    expect(didYouMean('x', [])).toBe('')
  })

  it('skips names that are not strings (a number where a kubeconfig has a name) instead of throwing', () => {
    expect(closestNames('prod', ['prd', 42 as unknown as string, null as unknown as string])).toEqual(['prd'])
    expect(closestNames(6 as unknown as string, ['prod'])).toEqual([])
  })
})
