/**
 * Writes core/v1 Events as client-go's recorder does: `<object>.<hex nanoseconds>` names, the
 * reporting component and host, and the correlator's aggregation — the same object, reason and
 * message again bumps `count` and `lastTimestamp` of the existing Event instead of adding one.
 */
import type {Store} from '../store.js'
import type {KubeObject} from '../types.js'
import {meta, now} from './objects.js'

export interface EventInput {
  type?: 'Normal' | 'Warning'
  reason: string
  message: string
  /** `spec.containers{web}` for container events. */
  fieldPath?: string
}

/** Who reports: `kubelet` on a node, `default-scheduler`, `deployment-controller`... */
export interface EventSource {
  component: string
  host?: string
}

const maxRemembered = 20_000

export class EventRecorder {
  private readonly written = new Map<string, {namespace: string; name: string}>()
  private sequence = 0

  constructor(private readonly store: Store) {}

  record(involved: KubeObject, source: EventSource, input: EventInput): void {
    const m = meta(involved)
    const namespace = m.namespace ?? 'default'
    const identity = [m.uid, input.fieldPath ?? '', input.reason, input.message, source.component, source.host ?? ''].join('\u0000')
    const time = now()
    const known = this.written.get(identity)
    if (known) {
      const existing = this.store.get('events', known.namespace, known.name)
      if (existing) {
        const count = ((existing.object.count as number | undefined) ?? 1) + 1
        this.store.update({...existing.object, count, lastTimestamp: time, metadata: {...existing.object.metadata, resourceVersion: undefined}})
        return
      }
    }
    const nanos = BigInt(Date.now()) * 1_000_000n + BigInt(this.sequence++ % 1_000_000)
    const name = `${m.name}.${nanos.toString(16)}`
    const involvedObject: Record<string, unknown> = {apiVersion: involved.apiVersion, kind: involved.kind, name: m.name}
    if (m.namespace) involvedObject.namespace = m.namespace
    if (input.fieldPath) involvedObject.fieldPath = input.fieldPath
    involvedObject.resourceVersion = m.resourceVersion
    involvedObject.uid = m.uid
    try {
      this.store.create({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {name, namespace},
        involvedObject,
        reason: input.reason,
        message: input.message,
        source: {component: source.component, ...(source.host ? {host: source.host} : {})},
        firstTimestamp: time,
        lastTimestamp: time,
        count: 1,
        type: input.type ?? 'Normal',
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      })
    } catch {
      return // the namespace is gone (or being deleted): a real recorder drops the event too
    }
    if (this.written.size >= maxRemembered) this.written.delete(this.written.keys().next().value!)
    this.written.set(identity, {namespace, name})
  }
}
