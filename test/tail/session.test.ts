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
    expect(summary).toEqual({tails: 3, lines: 6, failed: 0})
    expect(err.join('')).toBe('+ a › init\n- a › init\n+ a › app\n- a › app\n+ b › app\n- b › app\n')
  })

  test('following more containers than --max-log-requests: a warning, and the rest wait for a free slot', async () => {
    const out = new Output()
    const err: string[] = []
    const opened: string[] = []
    const controller = new AbortController()
    const pods = [pod('ns', 'a', [{name: 'app', state: 'terminated'}]), pod('ns', 'b', [{name: 'app', state: 'terminated'}]), pod('ns', 'c', [{name: 'app'}])]
    const session = runTailSession(source(pods, (p) => [`${p} says hi`], opened), options({follow: true, maxLogRequests: 1}), {out, err: (t) => err.push(t)}, controller.signal)
    // a and b are terminated: their tails end after reading, so c gets its turn.
    while (!out.text.includes('c says hi')) await new Promise((resolve) => setTimeout(resolve, 5))
    controller.abort()
    await session
    expect(out.text).toBe('a app a says hi\nb app b says hi\nc app c says hi\n')
    expect(err.filter((line) => line.startsWith('warning:'))).toEqual([
      'warning: more containers than --max-log-requests 1; 2 wait until a tail ends (raise --max-log-requests to follow them all)\n',
    ])
    expect(opened.indexOf('c/app')).toBeGreaterThan(opened.lastIndexOf('b/app', opened.indexOf('c/app')))
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
