/**
 * Starting the dash on a terminal, in process, against the sandbox: a kubeconfig mistake is an
 * error before the screen is touched; the alternate screen is entered, then left however the
 * dash ends (q, or a signal, which also sets the exit code); the signal handlers go with it.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../../src/sandbox/index.js'
import {runDash} from '../../../src/ui/dash/run.js'
import {fakeTerminal, frameWhere} from './helpers.js'

const enterAlternateScreen = '\u001B[?1049h'
const leaveAlternateScreen = '\u001B[?1049l'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({scenario: 'demo'})
})
afterAll(async () => {
  await sandbox?.stop()
})

const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const
type Handler = (signal: string) => void

/**
 * Starts the dash on a terminal of the test's own; `running` ends when the dash does. `stop` is
 * the handler runDash added for the three signals (ink's exit hooks add one per signal, each
 * its own function: runDash's is the one added for all three).
 */
async function start() {
  const terminal = fakeTerminal({columns: 120, rows: 30})
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]))
  const added = (signal: (typeof signals)[number]) => process.listeners(signal).filter((listener) => !before.get(signal)!.includes(listener))
  const running = runDash({connection: {kubeconfig: sandbox.kubeconfigPath}, allNamespaces: true, colour: false, terminal})
  const screen = () => terminal.written.join('')
  await frameWhere(screen, (text) => text.includes('25 pods'), 'the pod list')
  const stop = added('SIGTERM').filter((listener) => added('SIGHUP').includes(listener) && added('SIGINT').includes(listener))
  expect(stop).toHaveLength(1)
  const installed = () => signals.filter((signal) => process.listeners(signal).includes(stop[0]!))
  return {terminal, running, screen, stop: stop[0] as Handler, installed}
}

describe('runDash', () => {
  it('a kubeconfig that does not resolve: the error, and the screen untouched', async () => {
    const terminal = fakeTerminal()
    await expect(runDash({connection: {kubeconfig: sandbox.kubeconfigPath, context: 'nowhere'}, allNamespaces: false, colour: false, terminal})).rejects.toThrow(/nowhere/)
    expect(terminal.written).toEqual([])
  })

  it('q: the dash ends, on the screen it started from; its signal handlers are gone', async () => {
    const {terminal, running, screen, installed} = await start()
    expect(terminal.written[0]).toBe(enterAlternateScreen)
    expect(installed()).toEqual([...signals])
    await terminal.send('q')
    await running
    expect(terminal.written.at(-1)).toBe(leaveAlternateScreen)
    expect(screen()).toContain('context kubekit-sandbox')
    expect(installed()).toEqual([])
  })

  it('SIGTERM, SIGHUP, SIGINT: the dash ends the normal way, the screen comes back, the exit code says which', async () => {
    const saved = process.exitCode
    try {
      for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]] as const) {
        const {terminal, running, stop, installed} = await start()
        stop(signal)
        await running
        expect(terminal.written.at(-1)).toBe(leaveAlternateScreen)
        expect(process.exitCode).toBe(code)
        expect(installed()).toEqual([])
      }
    } finally {
      process.exitCode = saved
    }
  })
})
