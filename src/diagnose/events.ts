/**
 * Events as `kubectl events` orders them (series.lastObservedTime, then lastTimestamp, then
 * eventTime), and as the report's events table shows them.
 */
import {humanDuration} from '../print/duration.js'
import type {EventRow} from './model.js'
import type {KubeEvent} from './objects.js'

/** The time an event was last seen, by the `kubectl events` key; '' when it carries none. */
export function lastSeen(event: KubeEvent): string {
  return event.series?.lastObservedTime || event.lastTimestamp || event.eventTime || event.firstTimestamp || event.metadata.creationTimestamp || ''
}

export function firstSeen(event: KubeEvent): string {
  return event.firstTimestamp || event.eventTime || lastSeen(event)
}

export function eventCount(event: KubeEvent): number {
  return event.series?.count ?? event.count ?? 1
}

/** Oldest first, as kubectl prints them; the newest is last. */
export function sortEvents(events: readonly KubeEvent[]): KubeEvent[] {
  return [...events].sort((a, b) => Date.parse(lastSeen(a) || '0') - Date.parse(lastSeen(b) || '0'))
}

/** The field selector kubectl describe uses: name + namespace + uid, so same-named objects never mix. */
export function eventSelector(object: {name: string; namespace?: string | undefined; uid?: string | undefined}): string {
  const parts = [`involvedObject.name=${object.name}`, `involvedObject.namespace=${object.namespace ?? ''}`]
  if (object.uid) parts.push(`involvedObject.uid=${object.uid}`)
  return parts.join(',')
}

export function eventRow(event: KubeEvent): EventRow {
  const involved = event.involvedObject
  const kind = (involved.kind ?? '').toLowerCase()
  return {
    type: event.type ?? '',
    reason: event.reason ?? '',
    object: kind ? `${kind}/${involved.name ?? ''}` : (involved.name ?? ''),
    lastSeen: lastSeen(event),
    firstSeen: firstSeen(event),
    count: eventCount(event),
    from: event.source?.component || event.reportingController || event.reportingComponent || '',
    message: (involved.fieldPath ? `${involved.fieldPath}: ` : '') + (event.message ?? '').trim(),
  }
}

/** Events that mention a container, by kubelet's fieldPath `spec.containers{name}`. */
export function eventsForContainer(events: readonly KubeEvent[], container: string): KubeEvent[] {
  return events.filter((e) => {
    const path = e.involvedObject.fieldPath ?? ''
    return path.endsWith(`{${container}}`)
  })
}

/** The newest event with one of the given reasons (and, optionally, a message test). */
export function latestEvent(events: readonly KubeEvent[], reasons: readonly string[], test?: (message: string) => boolean): KubeEvent | undefined {
  const sorted = sortEvents(events)
  for (let i = sorted.length - 1; i >= 0; i--) {
    const e = sorted[i]!
    if (reasons.includes(e.reason ?? '') && (!test || test(e.message ?? ''))) return e
  }
  return undefined
}

/** `Warning BackOff (x12 over 9m): Back-off restarting failed container ...` for evidence lines. */
export function describeEvent(event: KubeEvent, now: number): string {
  const count = eventCount(event)
  const seen = lastSeen(event)
  const when = seen ? ` ${age(seen, now)} ago` : ''
  const times = count > 1 ? ` (x${count} over ${age(firstSeen(event), now)})` : ''
  return `event ${event.type ?? 'Normal'} ${event.reason ?? ''}${when}${times}: ${(event.message ?? '').trim()}`
}

/** How long ago, as kubectl describe prints event ages. */
export function age(since: string, now: number): string {
  const ms = now - Date.parse(since)
  if (!Number.isFinite(ms)) return '<unknown>'
  return humanDuration(Math.max(0, ms))
}

