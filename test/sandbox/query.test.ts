import {describe, expect, it} from 'vitest'
import {
  checkContinueAge,
  decodeContinue,
  decodeListOptions,
  encodeContinue,
  listRevision,
  parseInt64,
  parseResourceVersion,
  queryBool,
  queryOptionalBool,
  requestVerb,
  requireNotNewer,
  validateListOptions,
} from '../../src/sandbox/query.js'
import {thrown} from './api-request.js'

const q = (text: string) => new URLSearchParams(text)

describe('queryBool', () => {
  it('is false when absent and true when present, unless 0 or false in any case', () => {
    expect(queryBool(q(''), 'watch')).toBe(false)
    expect(queryBool(q('watch'), 'watch')).toBe(true)
    expect(queryBool(q('watch=1'), 'watch')).toBe(true)
    expect(queryBool(q('watch=yes'), 'watch')).toBe(true)
    expect(queryBool(q('watch=0'), 'watch')).toBe(false)
    expect(queryBool(q('watch=FALSE'), 'watch')).toBe(false)
    expect(queryBool(q('watch=False'), 'watch')).toBe(false)
  })

  it('leaves a *bool undefined only when the parameter is absent', () => {
    expect(queryOptionalBool(q(''), 'sendInitialEvents')).toBeUndefined()
    expect(queryOptionalBool(q('sendInitialEvents=false'), 'sendInitialEvents')).toBe(false)
    expect(queryOptionalBool(q('sendInitialEvents=true'), 'sendInitialEvents')).toBe(true)
  })
})

describe('requestVerb', () => {
  it('names verbs as RequestInfo does: list/get/watch by name and watch=, deletecollection without a name', () => {
    expect(requestVerb('GET', false, q(''))).toBe('list')
    expect(requestVerb('GET', true, q(''))).toBe('get')
    expect(requestVerb('GET', false, q('watch=true'))).toBe('watch')
    expect(requestVerb('GET', false, q('watch=false'))).toBe('list')
    expect(requestVerb('POST', false, q(''))).toBe('create')
    expect(requestVerb('PUT', true, q(''))).toBe('update')
    expect(requestVerb('PATCH', true, q(''))).toBe('patch')
    expect(requestVerb('DELETE', true, q(''))).toBe('delete')
    expect(requestVerb('DELETE', false, q(''))).toBe('deletecollection')
    expect(requestVerb('OPTIONS', false, q(''))).toBe('options')
  })
})

describe('parseInt64', () => {
  it('parses signed decimals within int64', () => {
    expect(parseInt64('42')).toBe(42)
    expect(parseInt64('-7')).toBe(-7)
    expect(parseInt64('+3')).toBe(3)
    expect(parseInt64('9223372036854775807')).toBe(Number(2n ** 63n - 1n))
  })

  it("answers 400 with strconv's own error text", () => {
    const syntax = thrown(() => parseInt64('abc'))
    expect(syntax.code).toBe(400)
    expect(syntax.message).toBe('strconv.ParseInt: parsing "abc": invalid syntax')
    expect(thrown(() => parseInt64('')).message).toBe('strconv.ParseInt: parsing "": invalid syntax')
    expect(thrown(() => parseInt64('1.5')).message).toBe('strconv.ParseInt: parsing "1.5": invalid syntax')
    expect(thrown(() => parseInt64('9223372036854775808')).message).toBe('strconv.ParseInt: parsing "9223372036854775808": value out of range')
    expect(thrown(() => parseInt64('-9223372036854775809')).message).toContain('value out of range')
  })
})

describe('decodeListOptions', () => {
  it('reads limit (negative is no limit) and timeoutSeconds', () => {
    expect(decodeListOptions(q(''))).toEqual({limit: 0})
    expect(decodeListOptions(q('limit=5&timeoutSeconds=30'))).toEqual({limit: 5, timeoutSeconds: 30})
    expect(decodeListOptions(q('limit=-3'))).toEqual({limit: 0})
  })

  it('refuses a present but empty parameter, timeoutSeconds first as the generated conversion does', () => {
    expect(thrown(() => decodeListOptions(q('limit='))).message).toBe('strconv.ParseInt: parsing "": invalid syntax')
    expect(thrown(() => decodeListOptions(q('limit=x&timeoutSeconds=y'))).message).toBe('strconv.ParseInt: parsing "y": invalid syntax')
  })
})

describe('parseResourceVersion', () => {
  it('is undefined when unset or empty, else a number', () => {
    expect(parseResourceVersion(null)).toBeUndefined()
    expect(parseResourceVersion('')).toBeUndefined()
    expect(parseResourceVersion('0')).toBe(0)
    expect(parseResourceVersion('1234')).toBe(1234)
  })

  it('answers 400 in the storage layer words for anything but a uint64', () => {
    const error = thrown(() => parseResourceVersion('-1'))
    expect(error.code).toBe(400)
    expect(error.message).toBe('invalid resource version: resourceVersion: Invalid value: "-1": strconv.ParseUint: parsing "-1": invalid syntax')
    expect(thrown(() => parseResourceVersion('abc')).message).toContain('parsing "abc": invalid syntax')
  })
})

describe('validateListOptions', () => {
  it('accepts plain lists and watches', () => {
    expect(() => validateListOptions(q('limit=10&resourceVersion=5&resourceVersionMatch=NotOlderThan'), false)).not.toThrow()
    expect(() => validateListOptions(q('resourceVersion=5'), true)).not.toThrow()
    expect(() => validateListOptions(q('sendInitialEvents=true&resourceVersionMatch=NotOlderThan'), true)).not.toThrow()
  })

  it('refuses resourceVersionMatch without resourceVersion on a list, with a 422 on ListOptions', () => {
    const error = thrown(() => validateListOptions(q('resourceVersionMatch=NotOlderThan'), false))
    expect(error.code).toBe(422)
    expect(error.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided')
  })

  it('lists every contradiction at once', () => {
    const error = thrown(() => validateListOptions(q('resourceVersion=0&resourceVersionMatch=Exact&continue=abc&sendInitialEvents=true'), false))
    expect(error.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided, ' +
        'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0", ' +
        'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list]',
    )
  })

  it('names the supported values of an unknown match', () => {
    expect(thrown(() => validateListOptions(q('resourceVersion=3&resourceVersionMatch=Newest'), false)).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""',
    )
    expect(thrown(() => validateListOptions(q('sendInitialEvents=true&resourceVersionMatch=Exact'), true)).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, ' +
        'resourceVersionMatch: Unsupported value: "Exact": supported values: "NotOlderThan"]',
    )
  })

  it('on a watch, wants sendInitialEvents with resourceVersionMatch and the other way round', () => {
    expect(thrown(() => validateListOptions(q('sendInitialEvents=false'), true)).message).toContain('sendInitialEvents requires setting resourceVersionMatch to NotOlderThan')
    expect(thrown(() => validateListOptions(q('resourceVersionMatch=NotOlderThan'), true)).message).toContain('resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided')
  })
})

describe('requireNotNewer', () => {
  it('answers 504 with Retry-After for a revision the server has not reached', () => {
    expect(() => requireNotNewer(undefined, 10)).not.toThrow()
    expect(() => requireNotNewer(10, 10)).not.toThrow()
    const error = thrown(() => requireNotNewer(11, 10))
    expect(error.code).toBe(504)
    expect(error.message).toBe('Timeout: Too large resource version: 11, current: 10')
    expect(error.details?.retryAfterSeconds).toBe(1)
  })
})

describe('continue tokens', () => {
  it('round-trip in the etcd3 shape, the start key ending in NUL', () => {
    const token = encodeContinue(42, 'default/web-1', 1_000)
    expect(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).toEqual({v: 'meta.k8s.io/v1', rv: 42, start: 'default/web-1\u0000', issuedAt: 1_000})
    expect(decodeContinue(token)).toEqual({rv: 42, after: 'default/web-1', issuedAt: 1_000})
  })

  it('refuses anything else with 400', () => {
    const garbage = thrown(() => decodeContinue('not-a-token'))
    expect(garbage.code).toBe(400)
    expect(garbage.message).toBe('continue key is not valid: continue key is not valid')
    const wrongVersion = Buffer.from(JSON.stringify({v: 'v2', rv: 1, start: 'a'})).toString('base64url')
    expect(thrown(() => decodeContinue(wrongVersion)).code).toBe(400)
  })

  it('expire after the TTL with 410 and a fresh token that continues from the same key', () => {
    const token = decodeContinue(encodeContinue(7, 'ns/b', 0))
    expect(() => checkContinueAge(token, 300_000, 300_000)).not.toThrow()
    const error = thrown(() => checkContinueAge(token, 300_000, 300_001))
    expect(error.code).toBe(410)
    expect(error.reason).toBe('Expired')
    expect(error.message).toMatch(/^The provided continue parameter is too old/)
    expect(decodeContinue(error.listMeta!.continue!)).toEqual({rv: -1, after: 'ns/b', issuedAt: 300_001})
  })
})

describe('listRevision', () => {
  it("reads at a continue token's revision, or the newest when the token is inconsistent (rv -1)", () => {
    expect(listRevision(q(''), undefined, {rv: 5, after: 'a', issuedAt: 0}, 9)).toBe(5)
    expect(listRevision(q(''), undefined, {rv: -1, after: 'a', issuedAt: 0}, 9)).toBe(9)
  })

  it('reads exactly at resourceVersion for Exact and for the legacy limit form, else the newest', () => {
    expect(listRevision(q('resourceVersionMatch=Exact'), 4, undefined, 9)).toBe(4)
    expect(listRevision(q('limit=2'), 4, undefined, 9)).toBe(4)
    expect(listRevision(q('limit=2'), 0, undefined, 9)).toBe(9)
    expect(listRevision(q(''), 4, undefined, 9)).toBe(9)
    expect(listRevision(q('limit=2&resourceVersionMatch=NotOlderThan'), 4, undefined, 9)).toBe(9)
  })
})
