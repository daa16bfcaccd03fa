// kubectx's printer (data on stdout, ✔ and warning: lines on stderr, colour per stream) and its rule for interactive mode.
import {Readable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {isInteractive, Printer, type CtxIo} from '../../src/kubeconfig/output.js'

function io(options: {outTTY?: boolean; errTTY?: boolean; inTTY?: boolean; env?: NodeJS.ProcessEnv} = {}): CtxIo & {out: string[]; err: string[]} {
  const out: string[] = []
  const err: string[] = []
  const stdin = Object.assign(Readable.from([]), {isTTY: options.inTTY})
  return {
    out,
    err,
    stdout: {write: (text: string) => out.push(text), isTTY: options.outTTY},
    stderr: {write: (text: string) => err.push(text), isTTY: options.errTTY},
    stdin,
    env: options.env ?? {},
    self: 'kubectl ctx',
  }
}

describe('Printer', () => {
  it('data goes to stdout with exactly one trailing newline', () => {
    const sink = io()
    const printer = new Printer(sink)
    printer.data('prod\nstaging')
    printer.data('dev\n')
    printer.data('')
    expect(sink.out).toEqual(['prod\nstaging\n', 'dev\n', '\n'])
    expect(sink.err).toEqual([])
  })

  it('successes and warnings go to stderr, plain when stderr is not a terminal', () => {
    const sink = io({outTTY: true})
    const printer = new Printer(sink)
    printer.success(`Switched to context "${printer.value('prod')}".`)
    printer.warning('the kubeconfig has no current context')
    expect(sink.err).toEqual(['✔ Switched to context "prod".\n', 'warning: the kubeconfig has no current context\n'])
    expect(sink.out).toEqual([])
  })

  it('colours each stream by its own terminal: stderr coloured while stdout is piped', () => {
    const sink = io({errTTY: true, env: {TERM: 'xterm-256color'}})
    const printer = new Printer(sink)
    expect([printer.out.enabled, printer.err.enabled]).toEqual([false, true])
    printer.success(`Active namespace is "${printer.value('shop')}".`)
    printer.warning('x')
    expect(sink.err).toEqual(['\u001B[32m✔ \u001B[39mActive namespace is "\u001B[32mshop\u001B[39m".\n', '\u001B[33mwarning: \u001B[39mx\n'])
  })

  it('NO_COLOR wins over a terminal; FORCE_COLOR colours a pipe', () => {
    expect(new Printer(io({outTTY: true, errTTY: true, env: {NO_COLOR: '1'}})).err.enabled).toBe(false)
    const forced = new Printer(io({env: {FORCE_COLOR: '1'}}))
    expect([forced.out.enabled, forced.err.enabled]).toEqual([true, true])
  })
})

describe('isInteractive', () => {
  const withPicker = (options: Parameters<typeof io>[0]) => ({...io(options), pick: async () => undefined})

  it('needs a terminal on stdout and stdin, and KUBECTX_IGNORE_FZF unset', () => {
    expect(isInteractive(withPicker({outTTY: true, inTTY: true}))).toBe(true)
    expect(isInteractive(withPicker({outTTY: true, inTTY: false}))).toBe(false)
    expect(isInteractive(withPicker({outTTY: false, inTTY: true}))).toBe(false)
    expect(isInteractive(withPicker({outTTY: true, inTTY: true, env: {KUBECTX_IGNORE_FZF: '1'}}))).toBe(false)
    // kubectx tests the variable for being non-empty.
    expect(isInteractive(withPicker({outTTY: true, inTTY: true, env: {KUBECTX_IGNORE_FZF: ''}}))).toBe(true)
  })

  it('and a picker from the front end: without one, a terminal gets the list (as kubectx without fzf)', () => {
    expect(isInteractive(io({outTTY: true, inTTY: true}))).toBe(false)
  })
})
