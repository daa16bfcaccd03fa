import {describe, expect, it} from 'vitest'
import {eventFromV1, eventToV1} from '../../src/sandbox/events.js'
import type {KubeObject} from '../../src/sandbox/types.js'

const core: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: {name: 'web-0.17a2b3c4d5e6f708', namespace: 'shop'},
  involvedObject: {apiVersion: 'v1', kind: 'Pod', name: 'web-0', namespace: 'shop', fieldPath: 'spec.containers{web}', uid: 'u1'},
  reason: 'BackOff',
  message: 'Back-off restarting failed container web in pod web-0_shop(u1)',
  source: {component: 'kubelet', host: 'node-1'},
  firstTimestamp: '2026-01-01T10:00:00Z',
  lastTimestamp: '2026-01-01T10:05:00Z',
  count: 7,
  type: 'Warning',
  eventTime: null,
  reportingComponent: 'kubelet',
  reportingInstance: 'node-1',
}

describe('events.k8s.io/v1 events', () => {
  it('are core events renamed: regarding, note, deprecatedSource and the deprecated timestamps', () => {
    expect(eventToV1(core)).toEqual({
      kind: 'Event',
      apiVersion: 'events.k8s.io/v1',
      metadata: core.metadata,
      eventTime: null,
      reportingController: 'kubelet',
      reportingInstance: 'node-1',
      reason: 'BackOff',
      regarding: core.involvedObject,
      note: core.message,
      type: 'Warning',
      deprecatedSource: {component: 'kubelet', host: 'node-1'},
      deprecatedFirstTimestamp: '2026-01-01T10:00:00Z',
      deprecatedLastTimestamp: '2026-01-01T10:05:00Z',
      deprecatedCount: 7,
    })
  })

  it('take the reporting controller from the source when reportingComponent is empty, and leave out empty fields', () => {
    const v1 = eventToV1({apiVersion: 'v1', kind: 'Event', metadata: {name: 'e'}, source: {component: 'default-scheduler'}, reportingComponent: '', message: ''}) as Record<string, unknown>
    expect(v1.reportingController).toBe('default-scheduler')
    expect(v1).not.toHaveProperty('note')
    expect(v1).not.toHaveProperty('reportingInstance')
    expect(v1.deprecatedSource).toEqual({component: 'default-scheduler'})
  })

  it('convert back to the same core event', () => {
    expect(eventFromV1(eventToV1(core))).toEqual(core)
  })

  it('written as events.k8s.io/v1 without the deprecated fields read as core events with an empty source', () => {
    const core2 = eventFromV1({apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: {name: 'e'}, eventTime: '2026-01-01T10:00:00.000000Z', reportingController: 'my-operator', reportingInstance: 'op-1', action: 'Reconcile', reason: 'Synced', note: 'done', type: 'Normal'})
    expect(core2).toEqual({
      kind: 'Event',
      apiVersion: 'v1',
      metadata: {name: 'e'},
      involvedObject: {},
      reason: 'Synced',
      message: 'done',
      source: {},
      type: 'Normal',
      eventTime: '2026-01-01T10:00:00.000000Z',
      action: 'Reconcile',
      reportingComponent: 'my-operator',
      reportingInstance: 'op-1',
    })
  })
})
