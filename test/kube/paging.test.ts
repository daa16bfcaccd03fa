// Paging's guards: a repeated continue token ends the list as the server's fault; an expired one is told apart.
import {describe, expect, it} from 'vitest'
import {KubeError} from '../../src/kube/errors.js'
import {ContinueExpired, ContinueTokens} from '../../src/kube/paging.js'

describe('ContinueTokens', () => {
  it('passes each new token on, and ends the list on an empty or missing one', () => {
    const tokens = new ContinueTokens('https://10.0.0.1:6443', 'pods')
    expect(tokens.next('eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzLCJzdGFydCI6ImEifQ')).toBe('eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzLCJzdGFydCI6ImEifQ')
    expect(tokens.next('page-3')).toBe('page-3')
    expect(tokens.next('')).toBeUndefined()
    expect(tokens.next(undefined)).toBeUndefined()
  })

  it('a token sent before fails at once, naming the server, the page and the list', () => {
    const tokens = new ContinueTokens('https://10.0.0.1:6443', 'pods')
    tokens.next('a')
    tokens.next('b')
    let error: unknown
    try {
      tokens.next('a')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(KubeError)
    expect((error as KubeError).reason).toBe('server')
    expect((error as KubeError).message).toBe('the API server at https://10.0.0.1:6443 sent on page 3 a continue token it had already sent, so the list would never end (reading pods)')
  })

  it('each list keeps its own tokens', () => {
    const first = new ContinueTokens('s', 'pods')
    const second = new ContinueTokens('s', 'nodes')
    first.next('same')
    expect(second.next('same')).toBe('same')
    expect(() => first.next('same')).toThrow('(reading pods)')
  })
})

describe('ContinueExpired', () => {
  it('is a KubeError of reason gone with the 410 message and status', () => {
    const expired = new ContinueExpired(new KubeError('server', 'The provided continue parameter is too old', 410))
    expect(expired).toBeInstanceOf(KubeError)
    expect(expired).toBeInstanceOf(ContinueExpired)
    expect([expired.reason, expired.message, expired.status]).toEqual(['gone', 'The provided continue parameter is too old', 410])
  })
})
