import {describe, expect, it} from 'vitest'
import {KubeError} from '../../../src/kube/errors.js'
import {retryReason, watchTrouble} from '../../../src/ui/dash/cluster.js'
import {agesAt, connectionLabel, emptyListText, initialConnection, isStale, nextConnection, type ConnectionEvent, type ConnectionState, type WatchTrouble} from '../../../src/ui/dash/connection.js'

const t0 = Date.parse('2026-11-22T10:00:00Z')
const s = (seconds: number) => t0 + seconds * 1000
const unreachable: WatchTrouble = {reason: 'API server unreachable', message: 'the API server at https://x (context "c") is unreachable: connection refused', delayMs: 8000, attempt: 1}

function run(events: ConnectionEvent[], from: ConnectionState = initialConnection(t0)): ConnectionState {
  return events.reduce(nextConnection, from)
}

describe('connection state', () => {
  it('connecting until the first list, then live', () => {
    const start = initialConnection(t0)
    expect(start).toEqual({phase: 'connecting', since: t0})
    expect(nextConnection(start, {type: 'event', at: s(1)})).toBe(start)
    expect(run([{type: 'synced', at: s(1)}])).toEqual({phase: 'live', since: s(1)})
  })

  it('live: more lists and events change nothing (the same object, so no re-render)', () => {
    const live = run([{type: 'synced', at: s(1)}])
    expect(nextConnection(live, {type: 'event', at: s(2)})).toBe(live)
    expect(nextConnection(live, {type: 'synced', at: s(3)})).toBe(live)
    expect(nextConnection(live, {type: 'recovered', at: s(3)})).toBe(live)
  })

  it('a retry after live: reconnecting since then, the rows current until then, the next attempt after the delay', () => {
    const state = run([
      {type: 'synced', at: s(1)},
      {type: 'retry', at: s(10), trouble: unreachable},
    ])
    expect(state).toEqual({phase: 'reconnecting', since: s(10), trouble: unreachable, retryAt: s(18), dataAsOf: s(10)})
    expect(isStale(state)).toBe(true)
  })

  it('more retries keep when the trouble began and when the rows were current, and take the newest reason and delay', () => {
    const later: WatchTrouble = {...unreachable, reason: 'API server error 503', delayMs: 16_000, attempt: 2}
    const state = run([
      {type: 'synced', at: s(1)},
      {type: 'retry', at: s(10), trouble: unreachable},
      {type: 'retry', at: s(18), trouble: later},
    ])
    expect(state).toEqual({phase: 'reconnecting', since: s(10), trouble: later, retryAt: s(34), dataAsOf: s(10)})
  })

  it('recovered, a re-list or a watch event make it live again', () => {
    const down = run([
      {type: 'synced', at: s(1)},
      {type: 'retry', at: s(10), trouble: unreachable},
    ])
    expect(nextConnection(down, {type: 'recovered', at: s(20)})).toEqual({phase: 'live', since: s(20)})
    expect(nextConnection(down, {type: 'synced', at: s(20)})).toEqual({phase: 'live', since: s(20)})
    expect(nextConnection(down, {type: 'event', at: s(20)})).toEqual({phase: 'live', since: s(20)})
  })

  it('retrying from the start: no rows to call stale', () => {
    const state = run([{type: 'retry', at: s(1), trouble: unreachable}])
    expect(state).toMatchObject({phase: 'reconnecting', since: s(1), dataAsOf: undefined})
    expect(agesAt(state, s(30))).toBe(s(30))
  })

  it('stopped keeps the error and how old the rows are; start begins again', () => {
    const stopped = run([
      {type: 'synced', at: s(1)},
      {type: 'stopped', at: s(5), error: 'pods is forbidden'},
    ])
    expect(stopped).toEqual({phase: 'stopped', since: s(5), error: 'pods is forbidden', dataAsOf: s(5)})
    expect(nextConnection(stopped, {type: 'start', at: s(9)})).toEqual({phase: 'connecting', since: s(9)})
  })

  it('ages count to now while live, and stay at the last current moment otherwise', () => {
    const live = run([{type: 'synced', at: s(1)}])
    expect(agesAt(live, s(100))).toBe(s(100))
    // A clock that last ticked before the list arrived counts from the list, not from before it.
    expect(agesAt(live, s(0))).toBe(s(1))
    const down = nextConnection(live, {type: 'retry', at: s(10), trouble: unreachable})
    expect(agesAt(down, s(100))).toBe(s(10))
  })
})

describe('connection label', () => {
  it('says live, connecting, reconnecting (how long, why, next try) and how old the rows are, in words', () => {
    expect(connectionLabel(initialConnection(t0), t0)).toMatchObject({mark: '◌', text: 'connecting', staleNote: undefined})
    const live = run([{type: 'synced', at: s(1)}])
    expect(connectionLabel(live, s(50))).toEqual({mark: '●', text: 'live', tone: 'green', staleNote: undefined})
    const down = nextConnection(live, {type: 'retry', at: s(10), trouble: unreachable})
    expect(connectionLabel(down, s(22))).toEqual({
      mark: '◌',
      text: 'reconnecting 12s: API server unreachable (trying now)',
      tone: 'yellow',
      staleNote: 'showing state from 12s ago',
    })
    expect(connectionLabel(down, s(10.5)).text).toBe('reconnecting 0s: API server unreachable (next try in 8s)')
    expect(connectionLabel(down, s(14)).text).toBe('reconnecting 4s: API server unreachable (next try in 4s)')
    expect(connectionLabel(down, s(10 + 200)).staleNote).toBe('showing state from 3m20s ago')
  })

  it('stopped names the error and the key that retries', () => {
    const stopped = run([{type: 'stopped', at: s(5), error: 'pods is forbidden'}])
    expect(connectionLabel(stopped, s(6))).toEqual({mark: '✕', text: 'stopped: pods is forbidden (r retries)', tone: 'red', staleNote: undefined})
  })

  it('the empty list says why there are no rows yet', () => {
    const start = initialConnection(t0)
    expect(emptyListText(start, false, 'shop', t0)).toBe('listing pods in shop…')
    expect(emptyListText(start, true, 'shop', t0)).toBeUndefined()
    const down = nextConnection(start, {type: 'retry', at: s(1), trouble: unreachable})
    expect(emptyListText(down, false, 'shop', s(2))).toBe(`cannot list pods: ${unreachable.message} (next try in 7s)`)
    const stopped = nextConnection(start, {type: 'stopped', at: s(1), error: 'forbidden'})
    expect(emptyListText(stopped, false, 'shop', s(2))).toBe('cannot list pods: forbidden (r retries)')
  })
})

describe('retry reasons from the client', () => {
  it('names the trouble in a few words', () => {
    expect(retryReason(new KubeError('unreachable', 'x'))).toBe('API server unreachable')
    expect(retryReason(new KubeError('timeout', 'x'))).toBe('API server not answering')
    expect(retryReason(new KubeError('idle', 'x'))).toBe('watch went quiet')
    expect(retryReason(new KubeError('gone', 'x', 410))).toBe('history compacted, listing again')
    expect(retryReason(new KubeError('server', 'x', 429))).toBe('API server throttling (429)')
    expect(retryReason(new KubeError('server', 'x', 503))).toBe('API server error 503')
    expect(retryReason(new KubeError('server', 'the API server at x ended the watch of pods at once'))).toBe('API server broke the watch')
  })

  it('keeps the first line of the message, the delay and the attempt', () => {
    expect(watchTrouble({error: new KubeError('unreachable', 'line one\nline two'), delayMs: 800, attempt: 3})).toEqual({reason: 'API server unreachable', message: 'line one', delayMs: 800, attempt: 3})
  })
})
