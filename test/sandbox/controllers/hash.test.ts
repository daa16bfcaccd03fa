import {describe, expect, it} from 'vitest'
import {canonicalJson, fnv32a, safeEncode, templateHash} from '../../../src/sandbox/controllers/hash.js'

describe('template hashes', () => {
  it('write JSON with sorted keys and without undefined fields, so key order does not matter', () => {
    expect(canonicalJson({b: [2, {d: 1, c: null}], a: 'x', u: undefined})).toBe('{"a":"x","b":[2,{"c":null,"d":1}]}')
    expect(canonicalJson(undefined)).toBe('null')
    expect(canonicalJson({labels: {b: '1', a: '2'}})).toBe(canonicalJson({labels: {a: '2', b: '1'}}))
  })

  it('compute FNV-32a (the published test vectors)', () => {
    expect(fnv32a('')).toBe(0x811c9dc5)
    expect(fnv32a('a')).toBe(0xe40c292c)
    expect(fnv32a('foobar')).toBe(0xbf9cf968)
  })

  it('map each character into the vowel-free alphabet of rand.SafeEncodeString', () => {
    // '0'..'9' are char codes 48..57; the alphabet has 27 characters.
    expect(safeEncode('0123456789')).toBe('456789bcdf')
    expect(safeEncode('')).toBe('')
  })

  it('change with the template and with the collision count, and never contain vowels', () => {
    const template = {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'nginx:1.25'}]}}
    const hash = templateHash(template)
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/)
    expect(templateHash(structuredClone(template))).toBe(hash)
    expect(templateHash({...template, spec: {containers: [{name: 'web', image: 'nginx:1.26'}]}})).not.toBe(hash)
    expect(templateHash(template, 1)).not.toBe(hash)
    expect(templateHash(template, 0)).toBe(hash)
    expect(hash).toBe(safeEncode(String(fnv32a(canonicalJson(template)))))
  })
})
