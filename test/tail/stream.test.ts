import {Readable} from 'node:stream'
import {describe, expect, test} from 'vitest'
import {compareTimestamps, ContainerTail, ResumePoint, splitTimestamp, type LogRequest, type StampedLine} from '../../src/tail/stream.js'
import {LineSplitter} from '../../src/util/lines.js'
import {LogUnavailable} from '../../src/kube/errors.js'
import type {RunStatus, Target} from '../../src/tail/targets.js'

const target: Target = {key: 'ns/p/c', namespace: 'ns', pod: 'p', podUid: 'u1', container: 'c', kind: 'container', containerId: 'id-1', nodeName: 'n', existedAtStart: true}

describe('splitTimestamp', () => {
  test('splits the kubelet timestamp off the message', () => {
    expect(splitTimestamp('2026-01-02T03:04:05.123456789Z hello world')).toEqual({timestamp: '2026-01-02T03:04:05.123456789Z', message: 'hello world'})
    expect(splitTimestamp('2026-01-02T03:04:05+02:00 x')).toEqual({timestamp: '2026-01-02T03:04:05+02:00', message: 'x'})
    expect(splitTimestamp('2026-01-02T03:04:05Z')).toEqual({timestamp: '2026-01-02T03:04:05Z', message: ''})
  })
  test('a line without one is all message', () => {
    expect(splitTimestamp('hello 2026-01-02T03:04:05Z')).toEqual({timestamp: '', message: 'hello 2026-01-02T03:04:05Z'})
    expect(splitTimestamp('')).toEqual({timestamp: '', message: ''})
  })
})

describe('compareTimestamps', () => {
  test('orders by instant, whatever the fraction length or offset', () => {
    expect(compareTimestamps('2026-01-01T00:00:00.5Z', '2026-01-01T00:00:00.499999999Z')).toBeGreaterThan(0)
    expect(compareTimestamps('2026-01-01T00:00:00.5Z', '2026-01-01T00:00:00.500000000Z')).toBe(0)
    expect(compareTimestamps('2026-01-01T01:00:00+01:00', '2026-01-01T00:00:00Z')).toBe(0)
    expect(compareTimestamps('2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000000001Z')).toBeLessThan(0)
  })
})

describe('ResumePoint', () => {
  const t1 = '2026-01-01T00:00:01Z'
  const t2 = '2026-01-01T00:00:02Z'
  const t3 = '2026-01-01T00:00:03Z'

  test('skips what was delivered, counting lines that share the last timestamp', () => {
    const resume = new ResumePoint()
    for (const ts of [t1, t2, t2]) expect(resume.seen(ts)).toBe(false)
    resume.beginResume()
    // The server sends from t2 again (or from earlier: a server may truncate sinceTime).
    expect([t1, t2, t2, t2, t3].map((ts) => resume.seen(ts))).toEqual([true, true, true, false, false])
    expect(resume.timestamp).toBe(t3)
  })

  test('two resumes in a row with nothing new in between still skip the same lines', () => {
    const resume = new ResumePoint()
    resume.seen(t1)
    resume.seen(t1)
    resume.beginResume()
    expect([t1, t1].map((ts) => resume.seen(ts))).toEqual([true, true])
    resume.beginResume()
    expect([t1, t1, t1].map((ts) => resume.seen(ts))).toEqual([true, true, false])
  })

  test('recordAll(batch) leaves the same resume point as seen() line by line, whatever the batches', () => {
    let seed = 7
    const random = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
      return seed % n
    }
    for (let round = 0; round < 200; round++) {
      const lines = Array.from({length: 1 + random(30)}, () => (random(5) === 0 ? 'no timestamp here' : `${[t1, t2, t3][random(2) + (random(4) === 0 ? 1 : 0)]} message`))
      const one = new ResumePoint()
      const batched = new ResumePoint()
      for (let at = 0; at < lines.length; ) {
        const batch = lines.slice(at, at + 1 + random(8))
        for (const line of batch) one.seen(splitTimestamp(line).timestamp)
        batched.recordAll(batch)
        at += batch.length
        expect(batched.timestamp).toBe(one.timestamp)
      }
      // The same lines are skipped after a resume: the count of lines at the last timestamp agrees.
      one.beginResume()
      batched.beginResume()
      const again = [...lines, `${t3} new`].map((line) => splitTimestamp(line).timestamp)
      expect(again.map((ts) => batched.seen(ts)), `round ${round}: ${lines.join(' | ')}`).toEqual(again.map((ts) => one.seen(ts)))
    }
  })

  test('before any resume nothing is skipped, and unstamped lines are never recorded', () => {
    const resume = new ResumePoint()
    expect(resume.seen('')).toBe(false)
    expect(resume.timestamp).toBe('')
  })
})

describe('LineSplitter', () => {
  test('joins lines across chunks, also inside a multi-byte character', () => {
    const splitter = new LineSplitter()
    const bytes = Buffer.from('a\nbé\r\nc')
    expect(splitter.push(bytes.subarray(0, 4))).toEqual(['a'])
    expect(splitter.push(bytes.subarray(4))).toEqual(['bé'])
    expect(splitter.rest()).toBe('c')
  })
  test('cuts a line longer than the limit and drops its remainder', () => {
    const splitter = new LineSplitter(5)
    expect(splitter.push('abcdefgh')).toEqual(['abcde [line cut: longer than 5 characters]'])
    expect(splitter.push('ijk\nnext\n')).toEqual(['next'])
  })
})

/** A fake log endpoint: the whole log as (timestamp, message) lines; `cut` says where a response stops. */
class FakeLog {
  lines: Array<[string, string]> = []
  requests: LogRequest[] = []
  /** Per follow request: how many lines to send, and whether to stop mid-line or with an error. */
  plan: Array<{count: number; partial?: boolean; error?: boolean}> = []
  /** Per complete (no follow) request: such reads are cut only by errors (a clean end is the end of the log). */
  completePlan: Array<{count: number; error: true}> = []
  /** Follow requests without a plan step are cut (cleanly) after this many lines, like a proxy or the sandbox's dropAfterLines. */
  cutEvery = Infinity
  /** The log's last line has no newline (a container that exited mid-line). */
  unterminated = false
  status: RunStatus = {podGone: false, run: 'current', state: 'running'}

  open = async (_t: Target, request: LogRequest): Promise<Readable> => {
    this.requests.push(request)
    let start = 0
    if (request.sinceTime) {
      // Like a real API server: sinceTime truncated to the second.
      const since = request.sinceTime.replace(/\.\d+/, '')
      start = this.lines.findIndex(([ts]) => compareTimestamps(ts, since) >= 0)
      if (start < 0) start = this.lines.length
    } else if (request.tailLines !== undefined) start = Math.max(0, this.lines.length - request.tailLines)
    const step: {count: number; partial?: boolean; error?: boolean} = (request.follow ? this.plan.shift() : this.completePlan.shift()) ?? {count: request.follow ? this.cutEvery : Infinity}
    const chosen = this.lines.slice(start, start + step.count)
    let text = chosen.map(([ts, m]) => `${ts} ${m}\n`).join('')
    if (step.partial && start + step.count < this.lines.length) {
      const [ts, m] = this.lines[start + step.count]!
      text += `${ts} ${m.slice(0, 2)}`
    }
    if (this.unterminated && start + chosen.length === this.lines.length) text = text.replace(/\n$/, '')
    const chunks = [...text.matchAll(/[\s\S]{1,7}/g)].map((m) => Buffer.from(m[0]))
    if (step.error) {
      return new Readable({
        read() {
          const next = chunks.shift()
          if (next) this.push(next)
          else this.destroy(new Error('connection reset'))
        },
      })
    }
    return Readable.from(chunks)
  }
}

/** `raw`: also take whole reads as the server sent them (the session's path for plain output) whenever nothing is skipped. */
async function tailAll(log: FakeLog, options: {follow: boolean; tailLines?: number; raw?: boolean}, onLines?: (count: number) => void) {
  const printed: StampedLine[] = []
  const warnings: string[] = []
  const tail = new ContainerTail(
    target,
    log.open,
    {
      lines: (_t, lines) => {
        printed.push(...lines)
        onLines?.(printed.length)
      },
      rawLines: options.raw
        ? (_t, lines) => {
            printed.push(...lines.map(splitTimestamp))
            onLines?.(printed.length)
          }
        : undefined,
      status: () => log.status,
      warn: (_t, message) => warnings.push(message),
    },
    {follow: options.follow, sinceSeconds: 3600, tailLines: options.tailLines, retryDelayMs: {first: 1, max: 2}},
  )
  const end = await tail.run(new AbortController().signal)
  return {printed: printed.map((l) => l.message), warnings, end}
}

function stamped(count: number, perSecond: number): Array<[string, string]> {
  return Array.from({length: count}, (_, i) => [`2026-01-01T00:00:${String(10 + Math.floor(i / perSecond)).padStart(2, '0')}.${String(i % perSecond).padStart(9, '0')}Z`, `line ${i + 1}`])
}

describe('ContainerTail', () => {
  const numbers = (n: number) => Array.from({length: n}, (_, i) => `line ${i + 1}`)

  test('a finished container is read completely; a broken read resumes from the last timestamp', async () => {
    const log = new FakeLog()
    log.lines = stamped(50, 20)
    log.status = {podGone: false, run: 'current', state: 'terminated'}
    log.completePlan = [{count: 7, error: true}, {count: 13, error: true}]
    const result = await tailAll(log, {follow: true})
    expect(result.printed).toEqual(numbers(50))
    expect(result.end).toBe('finished')
    expect(log.requests[0]).toEqual({follow: false, previous: false, sinceSeconds: 3600, tailLines: undefined})
    expect(log.requests[1]!.sinceTime).toBe(log.lines[6]![0])
    expect(result.warnings).toEqual(['failed to tail: connection reset, will retry', 'failed to tail: connection reset, will retry'])
  })

  test('lines that share one timestamp are neither lost nor repeated across cuts', async () => {
    const log = new FakeLog()
    const ts = '2026-01-01T00:00:05Z'
    log.lines = Array.from({length: 40}, (_, i) => [i < 35 ? ts : '2026-01-01T00:00:06Z', `line ${i + 1}`])
    log.plan = [{count: 10}, {count: 11}, {count: 12}, {count: 3, partial: true}]
    const result = await tailAll(log, {follow: true}, (printed) => {
      if (printed === 40) log.status = {podGone: true, run: 'gone', state: 'terminated'}
    })
    expect(result.printed).toEqual(numbers(40))
  })

  test('a running container: after a cut it asks again at once; it ends when the pod is gone', async () => {
    const log = new FakeLog()
    log.lines = stamped(30, 10)
    log.plan = [{count: 10}, {count: 10}, {count: 10}]
    const result = await tailAll(log, {follow: true}, (printed) => {
      if (printed === 30) log.status = {podGone: true, run: 'gone', state: 'terminated'}
    })
    expect(result.printed).toEqual(numbers(30))
    expect(result.end).toBe('pod-gone')
  })

  test('a line the server cut in the middle is printed whole, once, when the next read completes it', async () => {
    const log = new FakeLog()
    log.lines = stamped(3, 10)
    log.status = {podGone: false, run: 'current', state: 'terminated'}
    log.plan = [{count: 2, partial: true}]
    const result = await tailAll(log, {follow: true})
    expect(result.printed).toEqual(['line 1', 'line 2', 'line 3'])
  })

  test('a finished run whose last line has no newline: asked once more, then printed as it is', async () => {
    const log = new FakeLog()
    log.lines = stamped(3, 10)
    log.unterminated = true
    log.status = {podGone: false, run: 'current', state: 'terminated'}
    const result = await tailAll(log, {follow: true})
    expect(result.printed).toEqual(['line 1', 'line 2', 'line 3'])
    expect(log.requests).toHaveLength(2)
  })

  test('after a restart the old run is read with previous=true', async () => {
    const log = new FakeLog()
    log.lines = stamped(20, 10)
    log.plan = [{count: 5}]
    let calls = 0
    const result = await tailAll(log, {follow: true}, () => {
      if (++calls === 1) log.status = {podGone: false, run: 'previous', state: 'terminated'}
    })
    expect(result.printed).toEqual(numbers(20))
    expect(log.requests.slice(1).every((r) => r.previous)).toBe(true)
  })

  test('--tail applies to the first request only; --no-follow reads once', async () => {
    const log = new FakeLog()
    log.lines = stamped(20, 10)
    const result = await tailAll(log, {follow: false, tailLines: 3})
    expect(result.printed).toEqual(['line 18', 'line 19', 'line 20'])
    expect(log.requests).toEqual([{follow: false, previous: false, sinceSeconds: 3600, tailLines: 3}])
  })

  test('--no-follow resumes after a broken read and ends on a clean one', async () => {
    const log = new FakeLog()
    log.lines = stamped(20, 10)
    log.completePlan = [{count: 8, error: true}]
    const result = await tailAll(log, {follow: false})
    expect(result.printed).toEqual(numbers(20))
    expect(log.requests).toHaveLength(2)
  })

  test('a container that is waiting to start is retried without a warning', async () => {
    const log = new FakeLog()
    log.lines = stamped(2, 10)
    log.status = {podGone: false, run: 'current', state: 'terminated'}
    const open = log.open
    let failures = 2
    log.open = async (t, r) => {
      if (failures-- > 0) throw new LogUnavailable('waiting', 'container "c" in pod "p" is waiting to start: ContainerCreating')
      return open(t, r)
    }
    const result = await tailAll(log, {follow: true})
    expect(result.printed).toEqual(numbers(2))
    expect(result.warnings).toEqual([])
  })
})

describe('identically stamped bursts across cuts (issue: 137 printed, 863 lost)', () => {
  const burst = (n: number): Array<[string, string]> => Array.from({length: n}, (_, i) => ['2026-01-01T00:00:05.123456789Z', `line ${i + 1}`])
  const numbers = (n: number) => Array.from({length: n}, (_, i) => `line ${i + 1}`)

  test('a container that finishes: 1,000 lines with one timestamp, follow streams cut every 137 lines', async () => {
    const log = new FakeLog()
    log.lines = burst(1000)
    log.cutEvery = 137
    // Running during the first read, finished by the second look.
    const result = await tailAll(log, {follow: true}, () => {
      log.status = {podGone: false, run: 'current', state: 'terminated'}
    })
    expect(result.printed).toEqual(numbers(1000))
    expect(result.end).toBe('finished')
  })

  test('a running container: the same burst, every follow stream cut at 137, is read exactly once, not re-read forever', async () => {
    const log = new FakeLog()
    log.lines = burst(1000)
    log.cutEvery = 137
    const result = await tailAll(log, {follow: true}, (printed) => {
      if (printed >= 1000) log.status = {podGone: true, run: 'gone', state: 'terminated'}
    })
    expect(result.printed).toEqual(numbers(1000))
    // The stream that re-read lines already printed was followed by one complete read.
    expect(log.requests.map((r) => r.follow)).toEqual([true, true, false])
  })

  test.each([{raw: false}, {raw: true}])('any number of lines per timestamp, any cut: every line exactly once, in order (whole reads handed on: $raw)', async ({raw}) => {
    let seed = 42
    const random = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
      return seed % n
    }
    for (let round = 0; round < 40; round++) {
      const log = new FakeLog()
      let second = 0
      while (log.lines.length < 600) {
        const size = 1 + random(random(4) === 0 ? 300 : 5)
        const ts = `2026-01-01T00:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}.${String(random(3)).padStart(9, '0')}Z`
        for (let i = 0; i < size; i++) log.lines.push([ts, `line ${log.lines.length + 1}`])
        second++
      }
      log.cutEvery = 1 + random(200)
      log.completePlan = Array.from({length: random(4)}, () => ({count: 1 + random(400), error: true as const}))
      const finishes = random(2) === 0
      const result = await tailAll(log, {follow: true, raw}, (printed) => {
        if (finishes) log.status = {podGone: false, run: 'current', state: 'terminated'}
        else if (printed >= log.lines.length) log.status = {podGone: true, run: 'gone', state: 'terminated'}
      })
      expect(result.printed, `round ${round}, cut every ${log.cutEvery}`).toEqual(numbers(log.lines.length))
    }
  })
})

describe('a container whose log the server does not serve', () => {
  test('"not available" for a container that has run: one note, then the tail stops', async () => {
    const log = new FakeLog()
    let asked = 0
    log.open = async () => {
      asked++
      throw new LogUnavailable('not-available', 'container "debugger" in pod "p" is not available')
    }
    const result = await tailAll(log, {follow: true})
    expect(result.end).toBe('unavailable')
    expect(result.warnings).toEqual(['note: the server does not serve this container\'s log (container "debugger" in pod "p" is not available); not retrying'])
    expect(asked).toBe(4)
  })
})
