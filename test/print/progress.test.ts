// The spinner of slow commands: drawn on a terminal only, after a delay, cleared before output.
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {readingFromTrace, startProgress, withProgress} from '../../src/print/progress.js'

function fakeStream(isTTY: boolean, columns = 80) {
  const writes: string[] = []
  return {isTTY, columns, writes, write: (text: string) => (writes.push(text), true)}
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('startProgress', () => {
  it('on a terminal: nothing before 300 ms, then frames with what is read, then a cleared line', () => {
    const stream = fakeStream(true)
    const progress = startProgress('connecting', {stream, env: {}})
    vi.advanceTimersByTime(299)
    expect(stream.writes).toEqual([])
    vi.advanceTimersByTime(1)
    expect(stream.writes).toEqual(['\r\u001B[K⠋ connecting…'])
    progress.update('reading the cluster (got pods, page 2)')
    vi.advanceTimersByTime(80)
    expect(stream.writes.at(-1)).toBe('\r\u001B[K⠙ reading the cluster (got pods, page 2)…')
    progress.done()
    expect(stream.writes.at(-1)).toBe('\r\u001B[K')
    const count = stream.writes.length
    vi.advanceTimersByTime(1000)
    progress.done()
    expect(stream.writes).toHaveLength(count)
  })

  it('work that ends within the delay prints nothing at all', async () => {
    const stream = fakeStream(true)
    await withProgress('connecting', {stream, env: {}}, async () => 'done')
    vi.advanceTimersByTime(1000)
    expect(stream.writes).toEqual([])
  })

  it('prints nothing when stderr is not a terminal, for machine output, or on TERM=dumb', () => {
    for (const [stream, options] of [
      [fakeStream(false), {env: {}}],
      [fakeStream(true), {env: {}, enabled: false}],
      [fakeStream(true), {env: {TERM: 'dumb'}}],
    ] as const) {
      const progress = startProgress('connecting', {stream, ...options})
      vi.advanceTimersByTime(2000)
      progress.done()
      expect(stream.writes).toEqual([])
    }
  })

  it('NO_COLOR does not change it (it has no colour)', () => {
    const stream = fakeStream(true)
    const progress = startProgress('connecting', {stream, env: {NO_COLOR: '1'}})
    vi.advanceTimersByTime(300)
    progress.done()
    expect(stream.writes[0]).toBe('\r\u001B[K⠋ connecting…')
  })

  it('never wraps: cut to the terminal width', () => {
    const stream = fakeStream(true, 20)
    const progress = startProgress('reading a very long resource name indeed', {stream, env: {}})
    vi.advanceTimersByTime(300)
    progress.done()
    expect([...stream.writes[0]!.replace('\r\u001B[K', '')].length).toBe(19)
    // A terminal that reports no width (a bare pty: 0 columns) is taken as 80 wide.
    const unsized = fakeStream(true, 0)
    startProgress('connecting', {stream: unsized, env: {}})
    vi.advanceTimersByTime(300)
    expect(unsized.writes[0]).toBe('\r\u001B[K⠋ connecting…')
  })
})

describe('readingFromTrace', () => {
  it('says what arrived last, counting list pages', () => {
    const pages = new Map<string, number>()
    expect(readingFromTrace('GET https://127.0.0.1:6443/api/v1/nodes?limit=500 200 in 12ms', pages)).toBe('reading the cluster (got nodes)')
    expect(readingFromTrace('GET https://127.0.0.1:6443/api/v1/pods?limit=500 200 in 12ms', pages)).toBe('reading the cluster (got pods)')
    expect(readingFromTrace('GET https://127.0.0.1:6443/api/v1/pods?limit=500&continue=abc 200 in 12ms', pages)).toBe('reading the cluster (got pods, page 2)')
    expect(readingFromTrace('GET https://127.0.0.1:6443/api/v1/pods?limit=500&continue=def 200 in 12ms', pages)).toBe('reading the cluster (got pods, page 3)')
    expect(readingFromTrace('GET https://h/api/v1/namespaces/shop/pods/web-1/log?tailLines=20 200 in 3ms')).toBe('reading the cluster (got log of pods/web-1 in shop)')
    expect(readingFromTrace('GET https://h/apis/apps/v1/namespaces/shop/deployments/web 200 in 3ms')).toBe('reading the cluster (got deployments/web in shop)')
    expect(readingFromTrace('GET https://h/apis/metrics.k8s.io/v1beta1/pods 200 in 3ms')).toBe('reading the cluster (got pods metrics)')
    expect(readingFromTrace('GET https://h/apis 200 in 3ms')).toBe('reading the cluster (got API discovery)')
    expect(readingFromTrace('retrying in 200ms: connection refused')).toBeUndefined()
  })
})
