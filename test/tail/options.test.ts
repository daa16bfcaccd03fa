import {describe, expect, test} from 'vitest'
import {parseContainerStates, parseSince, sessionOptions, TailUsageError} from '../../src/tail/options.js'
import {parseResourceQuery, selectorString} from '../../src/tail/query.js'

describe('sessionOptions', () => {
  test("defaults: stern's 48h and all lines; up to 1000 followed streams (measured), 5 reads at a time", () => {
    const follow = sessionOptions({}, 'default')
    expect(follow).toMatchObject({namespaces: ['default'], allNamespaces: false, follow: true, sinceSeconds: 172_800, tailLines: undefined, maxLogRequests: 1000})
    expect(sessionOptions({noFollow: true}, 'default').maxLogRequests).toBe(5)
  })
  test('namespaces, selectors and the node', () => {
    const options = sessionOptions({namespace: 'a, b,a', selector: 'app=web', fieldSelector: 'status.phase=Running', node: 'n1', tail: 10}, 'default')
    expect(options).toMatchObject({namespaces: ['a', 'b'], labelSelector: 'app=web', fieldSelector: 'status.phase=Running,spec.nodeName=n1', tailLines: 10})
  })
  test('lines and markers are coloured by their own stream', () => {
    const options = sessionOptions({}, 'd', {out: true, err: false})
    expect(options.format.paint.enabled).toBe(true)
    expect(options.markers.paint.enabled).toBe(false)
  })
  test('usage errors name the flag', () => {
    expect(() => sessionOptions({query: '('}, 'd')).toThrow(/^QUERY "\(" is not a valid regular expression/)
    expect(() => sessionOptions({exclude: ['[']}, 'd')).toThrow(/^--exclude "\[" is not a valid/)
    expect(() => sessionOptions({tail: -2}, 'd')).toThrow(/^--tail -2/)
    expect(() => sessionOptions({tail: 0, noFollow: true}, 'd')).toThrow(TailUsageError)
    expect(() => sessionOptions({maxLogRequests: 0}, 'd')).toThrow(/^--max-log-requests 0/)
    expect(() => sessionOptions({timezone: 'Mars/Olympus'}, 'd')).toThrow(/^--timezone "Mars\/Olympus" is not a time zone/)
    expect(() => sessionOptions({template: '{{.PodName'}, 'd')).toThrow(/^--template: unclosed action/)
    expect(() => sessionOptions({condition: 'ready'}, 'd')).toThrow(/^--condition works with --no-follow or --tail=0/)
    expect(() => sessionOptions({podColors: ['91'], containerColors: ['31', '32']}, 'd')).toThrow(/same length/)
  })
  test('stern extras: timestamps, timezone, highlight (with -i), colours, condition, Go regexes', () => {
    const options = sessionOptions({timestamps: 'short', timezone: 'UTC', include: ['GET'], highlight: ['5\\d\\d'], podColors: ['91,92'], condition: 'Ready=False', noFollow: true, query: '(?i)^WEB'}, 'd')
    expect(options.format).toMatchObject({timestamps: 'short', timezone: 'UTC', colours: [['91', '91'], ['92', '92']]})
    expect(options.format.highlight!.map(String)).toEqual(['/GET/', '/5\\d\\d/'])
    expect(options.filter.condition).toEqual({name: 'ready', value: 'false'})
    expect(options.filter.podQuery.test('web-1')).toBe(true)
    expect(sessionOptions({timestamps: true}, 'd').format.timestamps).toBe('default')
    expect(sessionOptions({output: 'extjson'}, 'd').format.template).toContain('extjson .Message')
  })
})

test('parseSince: Go durations; 0 means no limit (kubectl)', () => {
  expect(parseSince('0s')).toBeUndefined()
  expect(parseSince('0')).toBeUndefined()
  expect(parseSince('1.5h')).toBe(5400)
  expect(parseSince('1500ms')).toBe(2)
  expect(parseSince('10s')).toBe(10)
  expect(parseSince('1h30m')).toBe(5400)
  expect(parseSince('90')).toBe(90)
  expect(parseSince('0.5s')).toBe(1)
  expect(() => parseSince('2d')).toThrow(/--since "2d" is not a duration/)
})

test('parseContainerStates', () => {
  expect([...parseContainerStates(['running,waiting'])]).toEqual(['running', 'waiting'])
  expect(parseContainerStates(['all']).size).toBe(0)
  expect(parseContainerStates(['running', 'waiting', 'terminated']).size).toBe(0)
  expect(() => parseContainerStates(['up'])).toThrow(/"up" is not one of/)
})

describe('resource queries', () => {
  test('KIND/NAME with kubectl aliases; plain regexes are not resource queries', () => {
    expect(parseResourceQuery('deploy/web')).toEqual({resource: 'deployments', name: 'web'})
    expect(parseResourceQuery('sts/db')).toEqual({resource: 'statefulsets', name: 'db'})
    expect(parseResourceQuery('deployment.apps/web')).toEqual({resource: 'deployments', name: 'web'})
    expect(parseResourceQuery('rc/legacy')).toEqual({resource: 'replicationcontrollers', name: 'legacy'})
    expect(parseResourceQuery('replicationcontroller/legacy')).toEqual({resource: 'replicationcontrollers', name: 'legacy'})
    expect(parseResourceQuery('web-.*')).toBeUndefined()
    expect(() => parseResourceQuery('widget/x')).toThrow(/unknown kind "widget"/)
  })
  test('selectors: matchLabels and matchExpressions, or a service map', () => {
    expect(
      selectorString({matchLabels: {app: 'web'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['a', 'b']}, {key: 'canary', operator: 'DoesNotExist'}, {key: 'x', operator: 'Exists'}, {key: 'y', operator: 'NotIn', values: ['z']}]}, false),
    ).toBe('app=web,tier in (a,b),!canary,x,y notin (z)')
    expect(selectorString({app: 'web', tier: 'front'}, true)).toBe('app=web,tier=front')
  })
})
