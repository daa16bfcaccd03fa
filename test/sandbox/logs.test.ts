import {describe, expect, it} from 'vitest'
import {formatStamp, parseLogOptions, resolveLogTarget, RunLog} from '../../src/sandbox/logs.js'

const start = Date.parse('2026-01-01T00:00:00Z')

const pod = (status: object, containers = ['app']) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'web-1', namespace: 'shop'},
  spec: {nodeName: 'n1', containers: containers.map((name) => ({name}))},
  status: {containerStatuses: [{name: 'app', ...status}]},
})

describe('log options', () => {
  it('parses the query', () => {
    const options = parseLogOptions(new URLSearchParams('container=app&follow=true&previous=false&timestamps=true&tailLines=10&sinceSeconds=60&limitBytes=100'))
    expect(options).toEqual({container: 'app', follow: true, previous: false, timestamps: true, tailLines: 10, sinceSeconds: 60, limitBytes: 100})
  })

  it('refuses sinceTime together with sinceSeconds', () => {
    expect(() => parseLogOptions(new URLSearchParams('sinceSeconds=1&sinceTime=2026-01-01T00:00:00Z'))).toThrow(/at most one of `sinceTime` or `sinceSeconds`/)
  })
})

describe('which run a log request reads', () => {
  const options = {follow: false, previous: false, timestamps: false}

  it('reads the running container', () => {
    expect(resolveLogTarget(pod({state: {running: {startedAt: '2026-01-01T00:00:00Z'}}}), options, start)).toMatchObject({key: 'shop/web-1/app', run: 'current'})
  })

  it('reads the last run of a crash-looping container, current or previous', () => {
    const crashing = pod({state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {exitCode: 1, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:05Z'}}})
    expect(resolveLogTarget(crashing, options, start)).toMatchObject({run: 'previous'})
    expect(resolveLogTarget(crashing, {...options, previous: true}, start)).toMatchObject({run: 'previous'})
  })

  it.each([
    [{state: {waiting: {reason: 'ContainerCreating'}}}, {}, 'container "app" in pod "web-1" is waiting to start: ContainerCreating'],
    [{state: {waiting: {reason: 'ImagePullBackOff'}}}, {}, 'container "app" in pod "web-1" is waiting to start: trying and failing to pull image'],
    [{state: {waiting: {reason: 'ErrImagePull'}}}, {}, 'container "app" in pod "web-1" is waiting to start: image can\'t be pulled'],
    [{state: {running: {}}}, {previous: true}, 'previous terminated container "app" in pod "web-1" not found'],
    [{state: {running: {}}}, {container: 'nosuch'}, 'container nosuch is not valid for pod web-1'],
  ])('answers %j %j with the kubelet\'s words', (status, extra, message) => {
    expect(() => resolveLogTarget(pod(status), {...options, ...extra}, start)).toThrow(message)
  })

  it('asks for a container name when there are several', () => {
    expect(() => resolveLogTarget(pod({state: {running: {}}}, ['app', 'sidecar']), options, start)).toThrow('a container name must be specified for pod web-1, choose one of: [app sidecar]')
  })
})

describe('run logs', () => {
  it('numbers generated lines after the fixed text, with growing nanosecond stamps', () => {
    const log = new RunLog('shop/web-1/app', 'one\ntwo\n', {lines: 3}, start - 10_000, start, start)
    expect(log.total).toBe(5)
    expect([0, 1, 2, 3, 4].map((i) => log.text(i))).toEqual(['one', 'two', 'shop/web-1/app 1', 'shop/web-1/app 2', 'shop/web-1/app 3'])
    const stamps = [0, 1, 2, 3, 4].map((i) => formatStamp(log.stamp(i)))
    expect(stamps[2]).toBe('2026-01-01T00:00:00.000001000Z')
    expect([...stamps].sort()).toEqual(stamps)
    expect(stamps[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/)
  })

  it('makes lines available over time when perSecond is set', () => {
    const log = new RunLog('k', '', {lines: 100, perSecond: 10}, start, start, start)
    expect(log.available(start + 1000)).toBe(10)
    expect(log.available(start + 60_000)).toBe(100)
  })

  it('finds the first line at or after a time', () => {
    const log = new RunLog('k', '', {lines: 10, perSecond: 1}, start, start, start)
    expect(log.firstAtOrAfter({ms: start + 5000, ns: 0}, 10)).toBe(4)
  })
})
