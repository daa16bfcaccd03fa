/** Shared by the dash's ink tests: waiting for a frame without fixed sleeps. */
import {EventEmitter} from 'node:events'
import {render} from 'ink-testing-library'
import {createElement, type ReactElement} from 'react'
import {connect} from '../../../src/kube/client.js'
import {DashApp} from '../../../src/ui/dash/app.js'
import {kubeCluster, kubeConnector} from '../../../src/ui/dash/cluster.js'
import {frameWhere, keys, tick} from '../../helpers/frames.js'

export {frameWhere, framesWith, keys, tick, until} from '../../helpers/frames.js'

/** The line of the frame that contains `text`. */
export function lineWith(frame: string, text: string): string | undefined {
  return frame.split('\n').find((line) => line.includes(text))
}

/** The line the `>` marker is on. */
export const selectedLine = (frame: string): string => frame.split('\n').find((line) => line.startsWith('>')) ?? ''

/**
 * Presses j until the selected line matches `wanted`. Each press waits for the marker to move
 * before the next one, so a frame that lags behind the keys never makes it go past the row.
 */
export async function selectDown(lastFrame: () => string | undefined, press: (key: string) => Promise<unknown>, wanted: RegExp, what: string, most = 40): Promise<string> {
  const selected = () => selectedLine(lastFrame() ?? '')
  for (let i = 0; i < most && !wanted.test(selected()); i++) {
    const before = selected()
    await press('j')
    await frameWhere(lastFrame, () => selected() !== before, `the marker to move from "${before.trim()}" on the way to ${what}`)
  }
  return frameWhere(lastFrame, () => wanted.test(selected()), `${what} selected`)
}

/** The frame a component draws on its first render; it is unmounted before this returns. */
export function frameOf(element: ReactElement): string {
  const app = render(element)
  try {
    return app.lastFrame() ?? ''
  } finally {
    app.unmount()
  }
}

/**
 * Runs a hook in a component that draws nothing: `value()` is what it returned on the last
 * render, `values` every render's, `rerender` renders it again with other props.
 */
export function renderHook<P extends object, T>(hook: (props: P) => T, first: P) {
  const values: T[] = []
  function Probe(props: P) {
    values.push(hook(props))
    return null
  }
  const app = render(createElement(Probe, first))
  return {
    app,
    values,
    value: () => values.at(-1) as T,
    rerender: (props: P) => app.rerender(createElement(Probe, props)),
  }
}

export interface SandboxDashOptions {
  kubeconfig: string
  /** The contexts the connector offers, the current one first. */
  contexts: string[]
  allNamespaces?: boolean
  size: {columns: number; rows: number}
  /** The namespace chooser's memory: a file of the test's own, never the user's. */
  stateFile: string
}

/**
 * The dash against a cluster (the sandbox), through the real cores and API client. `press`
 * writes each key on its own; `type` writes printable text in one chunk, as a fast typist's
 * keys arrive: each character is still one key (keymap.ts keyNames), and the dash draws once,
 * not once per character.
 */
export async function startDash({kubeconfig, contexts, allNamespaces = true, size, stateFile}: SandboxDashOptions) {
  const client = await connect({kubeconfig})
  const connector = kubeConnector({kubeconfig}, connect, () => ({names: contexts, current: contexts[0]}))
  const app = render(createElement(DashApp, {connector, cluster: kubeCluster(client), allNamespaces, colour: false, size, refreshMs: 20, stateFile}))
  const press = async (...sequence: string[]) => {
    for (const key of sequence) {
      app.stdin.write(key)
      await tick()
    }
  }
  const type = (text: string) => press(text)
  /** Types a `:` command or a `/` filter, then enter. */
  const submit = async (text: string) => {
    await type(text)
    await press(keys.enter)
  }
  return {app, press, type, submit, frame: () => app.lastFrame() ?? ''}
}

export type SandboxDash = Awaited<ReturnType<typeof startDash>>

/**
 * A terminal for ink's own render (not ink-testing-library's): what was written to it, and keys
 * sent the way ink reads them ('readable', then read()).
 */
export function fakeTerminal(size = {columns: 100, rows: 20}) {
  const written: string[] = []
  const stdout = Object.assign(new EventEmitter(), {
    ...size,
    isTTY: true,
    write: (text: string) => (written.push(text), true),
  })
  let pending: string | null = null
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    setRawMode() {},
    setEncoding() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read: () => {
      const out = pending
      pending = null
      return out
    },
  })
  const send = async (text: string) => {
    pending = text
    stdin.emit('readable')
    await tick()
  }
  return {stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, written, send}
}
