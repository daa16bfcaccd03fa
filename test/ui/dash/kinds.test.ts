/** The kinds `:` opens: the names that find them, and each kind's row as kubectl's printers compute it. */
import {describe, expect, it} from 'vitest'
import type {KubeObject} from '../../../src/kube/client.js'
import {kindCompletions, kindFor, objectRows, type KindSpec} from '../../../src/ui/dash/kinds.js'

const now = Date.parse('2026-11-22T10:00:00Z')
const created = new Date(now - 2 * 86_400_000).toISOString()
const kind = (word: string) => kindFor(word) as KindSpec
const object = (fields: Record<string, unknown>, name = 'x', namespace: string | undefined = 'shop') => ({metadata: {name, namespace, creationTimestamp: created}, ...fields}) as unknown as KubeObject
const row = (word: string, fields: Record<string, unknown>) => objectRows(kind(word), [object(fields)], now)[0]!

describe('kindFor and kindCompletions', () => {
  it('plural, singular or short name, any case; po is the pod list; an unknown word is none', () => {
    expect(kindFor('DEPLOY')).toBe(kindFor('deployments'))
    expect(kind('sts').resource).toBe('statefulsets')
    expect(kind(' pvc ').resource).toBe('persistentvolumeclaims')
    expect(kindFor('po')).toBe('pods')
    expect(kindFor('xyz')).toBeUndefined()
  })

  it('completes what was typed to the kinds it starts', () => {
    expect(kindCompletions('d')).toEqual(['deployments', 'daemonsets'])
    expect(kindCompletions('p')).toEqual(['pods', 'persistentvolumeclaims'])
    expect(kindCompletions('')).toContain('events')
  })
})

describe('objectRows', () => {
  it('a deployment: READY against the replicas wanted (1 when unset); unwell while short', () => {
    expect(row('deploy', {spec: {replicas: 3}, status: {readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2}})).toEqual({key: 'shop/x', namespace: 'shop', name: 'x', cells: ['2/3', '3', '2', '2d'], failing: true})
    expect(row('deploy', {status: {readyReplicas: 1}})).toMatchObject({cells: ['1/1', '0', '0', '2d'], failing: false})
  })

  it('a node: Ready, SchedulingDisabled when cordoned; unwell unless Ready', () => {
    const ready = {status: {conditions: [{type: 'Ready', status: 'True'}], nodeInfo: {kubeletVersion: 'v1.31.0'}}}
    expect(row('no', ready).cells.slice(0, 3)).toEqual(['Ready', 'v1.31.0', '2d'])
    expect(row('no', {...ready, spec: {unschedulable: true}})).toMatchObject({failing: false, cells: expect.arrayContaining(['Ready,SchedulingDisabled'])})
    expect(row('no', {status: {conditions: [{type: 'Ready', status: 'False'}]}})).toMatchObject({failing: true, cells: expect.arrayContaining(['NotReady'])})
    expect(row('no', {}).cells[0]).toBe('Unknown')
  })

  it('jobs fail with a failed pod; claims unless Bound; namespaces while Terminating; events when Warning', () => {
    expect(row('job', {spec: {completions: 3}, status: {succeeded: 1, failed: 2}})).toMatchObject({cells: ['1/3', '2', '2d'], failing: true})
    expect(row('pvc', {status: {phase: 'Pending'}})).toMatchObject({cells: ['Pending', '', '2d'], failing: true})
    expect(row('ns', {status: {phase: 'Terminating'}}).failing).toBe(true)
    expect(row('ns', {}).cells).toEqual(['Active', '2d'])
    const event = row('ev', {type: 'Warning', reason: 'BackOff', involvedObject: {kind: 'Pod', name: 'web-1'}, message: 'Back-off\n  restarting', lastTimestamp: new Date(now - 60_000).toISOString()})
    expect(event).toMatchObject({cells: ['60s', 'Warning', 'BackOff', 'pod/web-1', 'Back-off restarting'], failing: true})
  })

  it('services and ingresses say their defaults', () => {
    expect(row('svc', {spec: {clusterIP: '10.0.0.1'}}).cells).toEqual(['ClusterIP', '10.0.0.1', '2d'])
    expect(row('ing', {spec: {rules: [{host: 'shop.example'}, {}]}}).cells).toEqual(['<none>', 'shop.example,*', '2d'])
  })

  it('rows by namespace and name; events newest first (as listed, reversed)', () => {
    const deployments = objectRows(kind('deploy'), [object({}, 'web', 'shop'), object({}, 'api', 'shop'), object({}, 'db', 'payments')], now)
    expect(deployments.map((r) => r.key)).toEqual(['payments/db', 'shop/api', 'shop/web'])
    const events = objectRows(kind('ev'), [object({}, 'first'), object({}, 'second')], now)
    expect(events.map((r) => r.name)).toEqual(['second', 'first'])
  })
})
