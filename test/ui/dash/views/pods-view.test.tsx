/**
 * The pod list: kubectl's columns, `!` on failing pods, `>` on the selected one, only the
 * window of rows that fits (header-colour.test.tsx looks at its colours).
 */
import {describe, expect, it} from 'vitest'
import {podRow, type PodObject} from '../../../../src/ui/dash/pod-rows.js'
import {PodsView, type PodsViewProps} from '../../../../src/ui/dash/views/pods-view.js'
import {frameOf} from '../helpers.js'

const now = Date.parse('2026-11-22T10:00:00Z')

function pod(name: string, ready: boolean): PodObject {
  return {
    metadata: {name, namespace: 'shop', creationTimestamp: new Date(now - 3_600_000).toISOString()},
    spec: {nodeName: 'worker-1', containers: [{name: 'app'}]},
    status: {
      phase: 'Running',
      conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}],
      containerStatuses: [{name: 'app', ready, restartCount: ready ? 0 : 3, state: ready ? {running: {}} : {waiting: {reason: 'CrashLoopBackOff'}}}],
    },
  }
}

const rows = [podRow(pod('checkout-1', false), now), podRow(pod('web-1', true), now), podRow(pod('web-2', true), now)]
const base: PodsViewProps = {list: {rows, total: 3, failing: 1}, cursor: 1, offset: 0, height: 5, width: 80, now, allNamespaces: true, empty: 'no pods in shop'}

const view = (props: Partial<PodsViewProps> = {}) => frameOf(<PodsView {...base} {...props} />).trimEnd().split('\n').map((line) => line.trimEnd())

describe('PodsView', () => {
  it("kubectl's columns, the failing pod marked !, the selected one >", () => {
    const [header, checkout, web1, web2] = view()
    expect(header).toMatch(/^ {3}NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+NODE$/)
    expect(checkout).toMatch(/^ ! shop\s+checkout-1\s+0\/1\s+CrashLoopBackOff\s+3\s+60m\s+worker-1$/)
    expect(web1).toMatch(/^> {2}shop\s+web-1\s+1\/1\s+Running\s+0\s+60m\s+worker-1$/)
    expect(web2).toMatch(/^ {3}shop\s+web-2\s/)
  })

  it('one namespace: no NAMESPACE column', () => {
    expect(view({allNamespaces: false})[0]).toMatch(/^ {3}NAME\s+READY/)
  })

  it('only the rows from the offset that fit under the column header', () => {
    const lines = view({offset: 1, height: 2})
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/^>.*web-1/)
  })

  it('no rows: the empty text under the header', () => {
    expect(view({list: {rows: [], total: 0, failing: 0}}).slice(1)).toEqual(['   no pods in shop'])
  })

})
