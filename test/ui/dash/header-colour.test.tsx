/**
 * The header's connection status and the pod rows with colour on (FORCE_COLOR, set before ink
 * and chalk load: this file's modules are its own). The words are those of views/header.test.tsx;
 * colour only adds to them: green live, yellow reconnecting, red stopped, stale rows dimmed.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
// Types only (erased): the modules themselves load after FORCE_COLOR is set.
import type {render as Render} from 'ink-testing-library'
import type {ConnectionState} from '../../../src/ui/dash/connection.js'
import type {PodObject, podRow as PodRowOf} from '../../../src/ui/dash/pod-rows.js'
import type {Header as HeaderView} from '../../../src/ui/dash/views/header.js'
import type {PodsView as PodsViewOf} from '../../../src/ui/dash/views/pods-view.js'

const t0 = Date.parse('2026-11-22T10:00:00Z')
const s = (seconds: number) => t0 + seconds * 1000
const trouble = {reason: 'API server unreachable', message: 'connection refused', delayMs: 20_000, attempt: 3}
const esc = '\u001B'

const saved = process.env.FORCE_COLOR
let ui: {render: typeof Render; Header: typeof HeaderView; PodsView: typeof PodsViewOf; podRow: typeof PodRowOf}

beforeAll(async () => {
  process.env.FORCE_COLOR = '1'
  ui = {
    render: (await import('ink-testing-library')).render,
    Header: (await import('../../../src/ui/dash/views/header.js')).Header,
    PodsView: (await import('../../../src/ui/dash/views/pods-view.js')).PodsView,
    podRow: (await import('../../../src/ui/dash/pod-rows.js')).podRow,
  }
})

afterAll(() => {
  if (saved === undefined) delete process.env.FORCE_COLOR
  else process.env.FORCE_COLOR = saved
})

function header(connection: ConnectionState): string {
  const {render, Header} = ui
  const app = render(<Header context="prod" where="shop" list={{rows: [], total: 3, failing: 0}} view="pods" filter="" failingOnly={false} sort="name" connection={connection} width={200} clock={() => s(30)} />)
  const frame = app.lastFrame() ?? ''
  app.unmount()
  return frame
}

/** The foreground colour code in force where `text` first appears in the frame (39 = default). */
function colourAt(frame: string, text: string): string {
  const at = frame.indexOf(text)
  expect(at, `${JSON.stringify(text)} in ${JSON.stringify(frame)}`).toBeGreaterThanOrEqual(0)
  // eslint-disable-next-line no-control-regex
  const codes = [...frame.slice(0, at).matchAll(/\u001B\[(3[0-9])m/g)]
  return codes.at(-1)?.[1] ?? '39'
}

const pod = (name: string): PodObject => ({
  metadata: {name, namespace: 'shop', creationTimestamp: new Date(s(-3600)).toISOString()},
  spec: {nodeName: 'n1', containers: [{name: 'app'}]},
  status: {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}], containerStatuses: [{name: 'app', ready: true, restartCount: 0, state: {running: {}}}]},
})

/** The pod lines drawn; `cursor` 5 selects none. */
function podLines(stale: boolean, cursor = 5): string[] {
  const {render, PodsView, podRow} = ui
  const rows = [podRow(pod('web-1'), s(0)), podRow(pod('web-2'), s(0))]
  const app = render(<PodsView list={{rows, total: 2, failing: 0}} cursor={cursor} offset={0} height={5} width={80} now={s(0)} allNamespaces={false} empty="" stale={stale} />)
  const frame = app.lastFrame() ?? ''
  app.unmount()
  return frame.split('\n').filter((line) => line.includes('web-'))
}

describe('dash header and rows, colour on', () => {
  it('live is green, reconnecting yellow, stopped red; the words are unchanged', () => {
    expect(colourAt(header({phase: 'live', since: s(0)}), '● live')).toBe('32')
    const reconnecting = header({phase: 'reconnecting', since: s(18), trouble, retryAt: s(38), dataAsOf: s(18)})
    expect(colourAt(reconnecting, '◌ reconnecting 12s: API server unreachable (next try in 8s)')).toBe('33')
    expect(colourAt(reconnecting, 'showing state from 12s ago')).toBe('33')
    expect(colourAt(reconnecting, '3 pods')).toBe('39')
    expect(colourAt(header({phase: 'stopped', since: s(20), error: 'forbidden', dataAsOf: s(20)}), '✕ stopped: forbidden (r retries)')).toBe('31')
  })

  it('stale rows are dimmed, live ones are not', () => {
    for (const line of podLines(true)) expect(line).toContain(`${esc}[2m`)
    for (const line of podLines(false)) expect(line).not.toContain(`${esc}[2m`)
  })

  it('the selected row is inverse across the whole width', () => {
    // eslint-disable-next-line no-control-regex
    const visible = (line: string) => line.replace(/\u001B\[[0-9;]*m/g, '')
    const [selected] = podLines(false, 0)
    expect(selected).toContain(`${esc}[7m`)
    expect(visible(selected!)).toHaveLength(80)
  })
})
