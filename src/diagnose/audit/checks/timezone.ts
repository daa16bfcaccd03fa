/** The time zone is set the same way everywhere (a TZ value or a mounted zoneinfo), so logs and schedules line up. */
import type {AuditCheck} from '../check.js'
import {outsideMajority} from '../helpers.js'
import type {WorkloadView} from '../model.js'

/** How a workload sets its time zone: `TZ=Asia/Shanghai`, `/etc/localtime from hostPath ...`, or `unset` (the image's default). */
export function timeZoneOf(view: WorkloadView): string {
  for (const c of view.template.spec.containers ?? []) {
    const tz = (c.env ?? []).find((e) => e.name === 'TZ')
    if (tz?.value) return `TZ=${tz.value}`
    const mount = (c.volumeMounts ?? []).find((m) => m.mountPath === '/etc/localtime' || m.mountPath.startsWith('/usr/share/zoneinfo'))
    if (mount) {
      const volume = (view.template.spec.volumes ?? []).find((v) => v.name === mount.name)
      const hostPath = (volume?.hostPath as {path?: string} | undefined)?.path
      return `${mount.mountPath} from ${hostPath ? `hostPath ${hostPath}` : `volume ${mount.name}`}`
    }
  }
  return view.kind === 'CronJob' && view.timeZone ? `CronJob timeZone ${view.timeZone}` : 'unset'
}

export const timeZoneCheck: AuditCheck<'fleet'> = {
  name: 'timezone',
  scope: 'fleet',
  severity: 'warning',
  title: 'the time zone is set consistently (one TZ value or one mounted zoneinfo for all workloads)',
  consequence:
    'with mixed time zones, log lines from two services about one request are hours apart, "daily" jobs run at different hours, and an incident timeline has to be converted line by line.',
  fix: 'pick one zone (UTC is the usual choice) and set it the same way everywhere: env TZ (the image needs tzdata) or a zoneinfo file mounted at /etc/localtime; CronJobs set spec.timeZone.',
  needs: ['workloads'],
  applies: (fleet) => fleet.workloads > 0,
  failing: (fleet) => outsideMajority(fleet.timeZones),
  check(fleet) {
    const zones = [...fleet.timeZones.entries()].sort((a, b) => b[1].count - a[1].count)
    if (zones.length <= 1) return []
    const [main] = zones[0]!
    const value = /^TZ=(.+)$/.exec(main)?.[1] ?? 'UTC'
    return zones.slice(1).map(([zone, tally]) => ({
      code: 'timezone',
      severity: 'warning' as const,
      subject: `timezone/${zone}`,
      summary: `${tally.count} workload(s) run with time zone "${zone}" while ${zones[0]![1].count} use "${main}": their timestamps and schedules do not line up.`,
      evidence: tally.examples.map((e) => `e.g. ${e}`),
      remedy: tally.examples.map((e) => `kubectl set env ${e.replace(/^(\w+)\/([^/]+)\/(.+)$/, '$1/$3 -n $2')} TZ=${value}`),
    }))
  },
}
