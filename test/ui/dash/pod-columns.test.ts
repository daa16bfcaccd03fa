import {describe, expect, it} from 'vitest'
import {headerText, layoutColumns, naturalWidths, rowText} from '../../../src/ui/dash/pod-columns.js'
import {podRow, type PodRow} from '../../../src/ui/dash/pod-rows.js'
import {columnsOf} from '../../../src/ui/dash/text.js'

const now = Date.parse('2026-11-22T10:00:00Z')

function row(namespace: string, name: string, status: 'Running' | 'CrashLoopBackOff' = 'Running', node = 'worker-1'): PodRow {
  const crash = status === 'CrashLoopBackOff'
  return podRow(
    {
      metadata: {name, namespace, creationTimestamp: new Date(now - 3 * 86_400_000).toISOString()},
      spec: {nodeName: node, containers: [{name: 'app'}]},
      status: {
        phase: 'Running',
        conditions: [{type: 'Ready', status: crash ? 'False' : 'True'}],
        containerStatuses: [
          crash
            ? {name: 'app', ready: false, restartCount: 8, state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {exitCode: 1, finishedAt: new Date(now - 133_000).toISOString()}}}
            : {name: 'app', ready: true, restartCount: 0, state: {running: {}}},
        ],
      },
    },
    now,
  )
}

// Two pods of one ReplicaSet: the same long prefix, told apart by the last segment.
const rows = [
  row('analytics', 'report-generator-hgsrp5lspb-fv4hw'),
  row('analytics', 'report-generator-hgsrp5lspb-x2k9q', 'CrashLoopBackOff'),
  row('kube-system', 'coredns-7jcpvl49sr-7d7d9', 'Running', 'worker-2'),
]

const layoutAt = (width: number, all = true) => layoutColumns(naturalWidths(rows, now, all), width, 8)

describe('pod list columns by priority and content', () => {
  it('80 columns: every column stays, STATUS whole, names cut in the middle keeping the unique suffix', () => {
    const layout = layoutAt(80)
    expect(layout.columns.map((c) => c.id)).toEqual(['namespace', 'name', 'ready', 'status', 'restarts', 'age', 'node'])
    const lines = rows.map((r) => rowText(r, layout, now, {selected: false, failing: false}))
    for (const line of [headerText(layout), ...lines]) expect(columnsOf(line)).toBeLessThanOrEqual(80)
    expect(lines[0]).toContain('-fv4hw')
    expect(lines[1]).toContain('-x2k9q')
    expect(lines[1]).toContain('CrashLoopBackOff')
    expect(lines[0]).toContain('worker-1')
    expect(lines[0]).toMatch(/\b3d\b/)
  })

  it('wide terminal: every cell whole, RESTARTS with the last restart', () => {
    const layout = layoutAt(200)
    const line = rowText(rows[1]!, layout, now, {selected: false, failing: true})
    expect(line).toMatch(/^ ! analytics\s+report-generator-hgsrp5lspb-x2k9q\s+0\/1\s+CrashLoopBackOff\s+8 \(2m13s ago\)\s+3d\s+worker-1/)
    expect(layout.gap).toBe(2)
  })

  it('very narrow: NODE, then NAMESPACE go first; NAME and STATUS stay', () => {
    const ids = layoutAt(50).columns.map((c) => c.id)
    expect(ids).toContain('name')
    expect(ids).toContain('status')
    expect(ids).not.toContain('node')
    expect(layoutAt(30).columns.map((c) => c.id)).toEqual(['name', 'status'])
  })

  it('one namespace: no NAMESPACE column', () => {
    expect(layoutAt(120, false).columns.map((c) => c.id)).toEqual(['name', 'ready', 'status', 'restarts', 'age', 'node'])
  })

  it('marks the selected row with > and a failing one with !, so neither needs colour', () => {
    const layout = layoutAt(120)
    expect(rowText(rows[1]!, layout, now, {selected: true, failing: true}).startsWith('>! analytics')).toBe(true)
    expect(rowText(rows[0]!, layout, now, {selected: true, failing: false}).startsWith('>  analytics')).toBe(true)
    expect(rowText(rows[0]!, layout, now, {selected: false, failing: false}).startsWith('   analytics')).toBe(true)
  })

  it('a wide character takes two columns: CJK names keep the columns aligned', () => {
    const wide = [row('团队', '服务-7d9f8c6b5-x7k2p'), row('default', 'web-1')]
    const layout = layoutColumns(naturalWidths(wide, now, true), 80, 0)
    const lines = wide.map((r) => rowText(r, layout, now, {selected: false, failing: false}))
    expect(columnsOf(lines[0]!)).toBe(columnsOf(lines[1]!))
    expect(lines[0]!.indexOf('1/1')).toBeGreaterThan(0)
  })
})
