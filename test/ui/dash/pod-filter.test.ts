import {describe, expect, it} from 'vitest'
import {compileFilter, labelMatcher, serverSelector} from '../../../src/ui/dash/pod-filter.js'
import {podRow, type PodObject, type PodRow} from '../../../src/ui/dash/pod-rows.js'

const now = Date.parse('2026-11-22T00:00:00Z')

function row(namespace: string, name: string, labels: Record<string, string>, ready = true): PodRow {
  const pod: PodObject = {
    metadata: {name, namespace, labels, creationTimestamp: new Date(now).toISOString()},
    spec: {containers: [{name: 'app'}]},
    status: {phase: 'Running', conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}], containerStatuses: [{name: 'app', ready, state: ready ? {running: {}} : {waiting: {reason: 'CrashLoopBackOff'}}}]},
  }
  return podRow(pod, now)
}

const rows = [
  row('shop', 'web-1', {app: 'web', tier: 'front'}),
  row('shop', 'web-2', {app: 'web', tier: 'front', canary: 'yes'}),
  row('shop', 'checkout-7f9', {app: 'checkout'}, false),
  row('payments', 'postgres-0', {app: 'postgres'}),
]
const keys = (text: string) => compileFilter(text).select(rows).map((r) => r.key)

describe('pod list filter forms', () => {
  it('plain text: a case-insensitive substring of namespace/name or the status', () => {
    expect(keys('WEB')).toEqual(['shop/web-1', 'shop/web-2'])
    expect(keys('crashloop')).toEqual(['shop/checkout-7f9'])
    expect(keys('payments/')).toEqual(['payments/postgres-0'])
    expect(keys('')).toHaveLength(4)
  })

  it('/re/ and text with regex metacharacters are regular expressions', () => {
    expect(keys('/web-[2-9]/')).toEqual(['shop/web-2'])
    expect(keys('web-\\d$')).toEqual(['shop/web-1', 'shop/web-2'])
    expect(keys('^payments')).toEqual(['payments/postgres-0'])
    expect(compileFilter('/web/').form).toBe('regex')
  })

  it('a broken regex matches as text and says why', () => {
    const filter = compileFilter('web-[')
    expect(filter.error).toMatch(/not a regular expression/)
    expect(filter.select(rows)).toEqual([])
  })

  it('! inverts any form', () => {
    expect(keys('!web')).toEqual(['shop/checkout-7f9', 'payments/postgres-0'])
    expect(keys('!-l app=web')).toEqual(['shop/checkout-7f9', 'payments/postgres-0'])
    expect(keys('!/^shop/')).toEqual(['payments/postgres-0'])
    expect(compileFilter('!web').form).toBe('not text')
  })

  it('-l is a label selector over the labels kept in each row', () => {
    expect(keys('-l app=web')).toEqual(['shop/web-1', 'shop/web-2'])
    expect(keys('-l app=web,canary')).toEqual(['shop/web-2'])
    expect(keys('-l app=web,!canary')).toEqual(['shop/web-1'])
    expect(keys('-l app!=web')).toEqual(['shop/checkout-7f9', 'payments/postgres-0'])
    expect(keys('-l app in (checkout, postgres)')).toEqual(['shop/checkout-7f9', 'payments/postgres-0'])
    expect(keys('-l tier notin (front)')).toEqual(['shop/checkout-7f9', 'payments/postgres-0'])
    expect(compileFilter('-l =x').error).toMatch(/not a label selector/)
    expect(labelMatcher('a==b')!({a: 'b'})).toBe(true)
  })

  it('-f is fuzzy (fzf), best match first', () => {
    const filter = compileFilter('-f pstgr')
    expect(filter.ranked).toBe(true)
    expect(filter.select(rows).map((r) => r.key)).toEqual(['payments/postgres-0'])
    expect(keys('-f wb1')[0]).toBe('shop/web-1')
  })
})

describe('the selector sent to the API server', () => {
  it('is the -l form when it parses and is not inverted', () => {
    expect(serverSelector('-l app=web')).toBe('app=web')
    expect(serverSelector('  -l app=web, tier in (front, back) ,!canary ')).toBe('app=web,tier in (front, back),!canary')
    expect(serverSelector('-l=app!=db')).toBe('app!=db')
    expect(serverSelector('!-l app=web')).toBeUndefined()
    expect(serverSelector('-l app=(web')).toBeUndefined()
    expect(serverSelector('app=web')).toBeUndefined()
    expect(serverSelector('')).toBeUndefined()
  })
})
