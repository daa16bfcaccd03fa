/**
 * Starts the dash on the terminal: connects first (so a kubeconfig mistake is a plain one-line
 * error), switches to the alternate screen, renders, and restores the screen however it ends.
 */
import {render} from 'ink'
import {connect} from '../../kube/client.js'
import type {ConnectionOptions} from '../../kube/options.js'
import {makeRun, readContextListing} from '../../kubeconfig/ctx-ops.js'
import {DashApp} from './app.js'
import {kubeCluster, kubeConnector, type ContextList} from './cluster.js'

export interface RunDashOptions {
  connection: ConnectionOptions
  allNamespaces: boolean
  colour: boolean
  /** Where the dash draws and reads keys (default: this process's terminal; tests pass their own). */
  terminal?: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream} | undefined
}

const enterAlternateScreen = '\u001B[?1049h'
const leaveAlternateScreen = '\u001B[?1049l'

/** The contexts of the kubeconfig the flags name, as `kubectl ctx` lists them. */
function contextsOf(connection: ConnectionOptions): () => ContextList {
  const quiet = {write: () => true}
  return () => readContextListing(makeRun({stdout: quiet, stderr: quiet, stdin: process.stdin, env: connection.env ?? process.env, self: 'kubectl ctx'}, connection.kubeconfig))
}

export async function runDash(options: RunDashOptions): Promise<void> {
  const client = await connect(options.connection)
  const connector = kubeConnector(options.connection, connect, contextsOf(options.connection))
  const {stdin, stdout} = options.terminal ?? process
  stdout.write(enterAlternateScreen)
  try {
    const app = render(<DashApp connector={connector} cluster={kubeCluster(client)} allNamespaces={options.allNamespaces} colour={options.colour} />, {exitOnCtrlC: false, stdin, stdout})
    // Killed, interrupted from outside (kill -INT: ctrl+c itself is a key in raw mode) or hung
    // up: end the UI the normal way, so the screen comes back, and exit as the signal says.
    const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const
    const codes = {SIGHUP: 129, SIGINT: 130, SIGTERM: 143}
    const stop = (signal: (typeof signals)[number]) => {
      process.exitCode = codes[signal]
      app.unmount()
    }
    for (const signal of signals) process.once(signal, stop)
    try {
      await app.waitUntilExit()
    } finally {
      for (const signal of signals) process.off(signal, stop)
    }
  } finally {
    stdout.write(leaveAlternateScreen)
    client.close()
  }
}
