import {EventEmitter} from 'node:events'
import {Readable} from 'node:stream'
import {describe, expect, test} from 'vitest'
import {painter} from '../../src/print/colour.js'
import {runTailSession, type PodSource, type SessionOptions} from '../../src/tail/session.js'
import {defaultFilter, type PodShape} from '../../src/tail/targets.js'
import {pod} from './pods.js'

/** stdout stand-in: collects text; when `full`, write() says "wait" until drain() is called. */
class Output extends EventEmitter {
  text = ''
  full = false
  write(text: string): boolean {
    this.text += text
    return !this.full
  }
}

function options(overrides: Partial<SessionOptions> = {}): SessionOptions {
  return {
    namespaces: ['ns'],
    allNamespaces: false,
    filter: defaultFilter(),
    follow: false,
    maxLogRequests: 5,
    include: [],
    exclude: [],
    format: {output: 'default', timestamps: false, showNamespace: false, paint: painter(false)},
    markers: {showNamespace: false, paint: painter(false)},
    onlyLogLines: false,
    ...overrides,
  }
}

function source(pods: PodShape[], lines: (pod: string, container: string) => string[], opened: string[] = []): PodSource {
  return {
    list: async () => pods,
    sync: async (_selection, handlers) => {
      handlers.onSync(pods)
      if (handlers.signal.aborted) return
      await new Promise<void>((resolve) => handlers.signal.addEventListener('abort', () => resolve()))
    },
    openLog: async (_ns, p, c) => {
      opened.push(`${p}/${c}`)
      const text = lines(p, c).map((l, i) => `2026-01-01T00:00:00.${String(i + 1).padStart(9, '0')}Z ${l}\n`)
      return Readable.from(text.map((t) => Buffer.from(t)))
    },
  }
}

describe('runTailSession', () => {
  test('--no-follow with --max-log-requests 1 reads containers one after another, in order', async () => {
    const out = new Output()
    const err: string[] = []
    const pods = [pod('ns', 'a', [{name: 'init', init: true, state: 'terminated'}, {name: 'app'}]), pod('ns', 'b', [{name: 'app'}])]
    const summary = await runTailSession(source(pods, (p, c) => [`${p}-${c}-1`, `${p}-${c}-2`]), options({maxLogRequests: 1}), {out, err: (t) => err.push(t)}, new AbortController().signal)
    expect(out.text).toBe('a init a-init-1\na init a-init-2\na app a-app-1\na app a-app-2\nb app b-app-1\nb app b-app-2\n')
    expect(summary).toEqual({tails: 3, lines: 6, failed: 0, unavailable: 0})
    expect(err.join('')).toBe('+ a › init\n- a › init\n+ a › app\n- a › app\n+ b › app\n- b › app\n')
  })

  test('following more containers than --max-log-requests: an error at start naming the cap; nothing is read', async () => {
    const out = new Output()
    const err: string[] = []
    const opened: string[] = []
    const pods = [pod('ns', 'a', [{name: 'app'}]), pod('ns', 'b', [{name: 'app'}]), pod('ns', 'c', [{name: 'app'}])]
    const session = runTailSession(source(pods, (p) => [`${p} says hi`], opened), options({follow: true, maxLogRequests: 2}), {out, err: (t) => err.push(t)}, new AbortController().signal)
    await expect(session).rejects.toThrow(/^3 containers to follow, more than --max-log-requests 2 allows at once: narrow the query .* or raise --max-log-requests$/)
    expect(opened).toEqual([])
    expect(out.text).toBe('')
  })

  test('following exactly --max-log-requests containers: a restart or a replaced pod is not one container more', async () => {
    const out = new Output()
    const controller = new AbortController()
    let handlers: Parameters<PodSource['sync']>[1] | undefined
    const open = new Map<string, Readable>()
    const watching: PodSource = {
      ...source([], () => []),
      sync: async (_selection, h) => {
        handlers = h
        h.onSync([pod('ns', 'a', [{name: 'app'}]), pod('ns', 'b', [{name: 'app'}], {}, 'b1')])
        await new Promise<void>((resolve) => h.signal.addEventListener('abort', () => resolve()))
      },
      // Every run logs one line; a followed stream stays open while its container runs.
      openLog: async (_ns, p, _c, request, signal) => {
        const stream = new Readable({read() {}})
        stream.push(`2026-01-01T00:00:01.000000000Z ${p} ran\n`)
        if (request.follow) open.set(p, stream)
        else stream.push(null)
        signal.addEventListener('abort', () => stream.destroy(), {once: true})
        return stream
      },
    }
    const session = runTailSession(watching, options({follow: true, maxLogRequests: 2, onlyLogLines: true}), {out, err: () => {}}, controller.signal)
    let failure: unknown
    session.catch((error: unknown) => (failure = error))
    const lines = () => out.text.split('\n').filter(Boolean)
    while (lines().length < 2) await new Promise((resolve) => setTimeout(resolve, 5))
    handlers!.onEvent('MODIFIED', pod('ns', 'a', [{name: 'app', run: 2}]))
    handlers!.onEvent('DELETED', pod('ns', 'b', [{name: 'app'}], {}, 'b1'))
    handlers!.onEvent('ADDED', pod('ns', 'b', [{name: 'app'}], {}, 'b2'))
    // Only then do the old runs' streams end, as the kubelet ends them when a container exits.
    for (const stream of open.values()) stream.push(null)
    while (lines().length < 4 && !failure) await new Promise((resolve) => setTimeout(resolve, 5))
    controller.abort()
    expect(failure).toBeUndefined()
    await session
    expect(lines().sort()).toEqual(['a app a ran', 'a app a ran', 'b app b ran', 'b app b ran'])
  })

  test('no pod matches: said on stderr with the query and namespace; following keeps waiting and picks one up', async () => {
    const err: string[] = []
    const once = await runTailSession(source([], () => []), options({selectionText: '"nomatch"'}), {out: new Output(), err: (t) => err.push(t)}, new AbortController().signal)
    expect(once.tails).toBe(0)
    expect(err).toEqual(['no pod matches "nomatch" in namespace "ns"\n'])

    const followErr: string[] = []
    const out = new Output()
    const controller = new AbortController()
    let handlers: Parameters<PodSource['sync']>[1] | undefined
    const later = pod('ns', 'nomatch-1', [{name: 'app'}])
    const watching: PodSource = {
      ...source([later], () => ['late line']),
      sync: async (_selection, h) => {
        handlers = h
        h.onSync([])
        await new Promise<void>((resolve) => h.signal.addEventListener('abort', () => resolve()))
      },
    }
    const session = runTailSession(watching, options({follow: true, allNamespaces: true, selectionText: '"nomatch"'}), {out, err: (t) => followErr.push(t)}, controller.signal)
    while (!handlers) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(followErr).toEqual(['no pod matches "nomatch" in any namespace; waiting for one to appear (Ctrl-C to stop)\n'])
    handlers.onEvent('ADDED', later)
    while (!out.text.includes('late line')) await new Promise((resolve) => setTimeout(resolve, 5))
    controller.abort()
    await session
    expect(out.text).toBe('nomatch-1 app late line\n')
  })

  test('a reader that does not keep up holds the tails back until it drains', async () => {
    const out = new Output()
    out.full = true
    const controller = new AbortController()
    const pods = [pod('ns', 'a', [{name: 'app'}])]
    const session = runTailSession(source(pods, () => Array.from({length: 50}, (_, i) => `line ${i}`)), options(), {out, err: () => {}}, controller.signal)
    while (out.text === '') await new Promise((resolve) => setTimeout(resolve, 5))
    await new Promise((resolve) => setTimeout(resolve, 20))
    const before = out.text
    expect(before.split('\n').length - 1).toBeLessThan(50) // waiting for 'drain'
    out.full = false
    out.emit('drain')
    await session
    expect(out.text.split('\n').length - 1).toBe(50)
  })
})
