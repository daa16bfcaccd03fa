/**
 * events.k8s.io/v1 is a second view of core/v1 Events (the API server converts between them):
 * involvedObject ↔ regarding, message ↔ note, source ↔ deprecatedSource, and so on.
 */
import type {KubeObject} from './types.js'

type Fields = Record<string, unknown>

function put(target: Fields, key: string, value: unknown): void {
  if (value !== undefined && value !== null && value !== '') target[key] = value
}

export function eventToV1(core: KubeObject): KubeObject {
  const e = core as Fields
  const source = (e.source ?? {}) as {component?: string; host?: string}
  const out: Fields = {kind: 'Event', apiVersion: 'events.k8s.io/v1', metadata: e.metadata, eventTime: e.eventTime ?? null}
  put(out, 'series', e.series)
  put(out, 'reportingController', e.reportingComponent || source.component)
  put(out, 'reportingInstance', e.reportingInstance || source.host)
  put(out, 'action', e.action)
  put(out, 'reason', e.reason)
  put(out, 'regarding', e.involvedObject)
  put(out, 'related', e.related)
  put(out, 'note', e.message)
  put(out, 'type', e.type)
  if (source.component || source.host) out.deprecatedSource = source
  put(out, 'deprecatedFirstTimestamp', e.firstTimestamp)
  put(out, 'deprecatedLastTimestamp', e.lastTimestamp)
  put(out, 'deprecatedCount', e.count)
  return out as KubeObject
}

export function eventFromV1(v1: KubeObject): KubeObject {
  const e = v1 as Fields
  const out: Fields = {kind: 'Event', apiVersion: 'v1', metadata: e.metadata, involvedObject: e.regarding ?? {}}
  put(out, 'reason', e.reason)
  put(out, 'message', e.note)
  out.source = e.deprecatedSource ?? {}
  put(out, 'firstTimestamp', e.deprecatedFirstTimestamp)
  put(out, 'lastTimestamp', e.deprecatedLastTimestamp)
  put(out, 'count', e.deprecatedCount)
  put(out, 'type', e.type)
  out.eventTime = e.eventTime ?? null
  put(out, 'series', e.series)
  put(out, 'action', e.action)
  put(out, 'related', e.related)
  put(out, 'reportingComponent', e.reportingController ?? '')
  put(out, 'reportingInstance', e.reportingInstance ?? '')
  return out as KubeObject
}
