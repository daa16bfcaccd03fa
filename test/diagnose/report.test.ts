import {describe, expect, it} from 'vitest'
import {eventRow, eventSelector, sortEvents} from '../../src/diagnose/events.js'
import type {Diagnosis} from '../../src/diagnose/model.js'
import {renderDiagnosis} from '../../src/diagnose/report.js'
import {painter} from '../../src/print/colour.js'
import {event, MIN, NOW} from './fixtures.js'

describe('events', () => {
  it('selects by name, namespace and uid like kubectl describe', () => {
    expect(eventSelector({name: 'web-1', namespace: 'shop', uid: 'u-1'})).toBe('involvedObject.name=web-1,involvedObject.namespace=shop,involvedObject.uid=u-1')
  })

  it('sorts by series.lastObservedTime, then lastTimestamp, then eventTime', () => {
    const fromNewApi = {...event({reason: 'FailedScheduling', message: 'new', lastAgo: 10 * MIN}), lastTimestamp: null, firstTimestamp: null, eventTime: new Date(NOW - MIN).toISOString(), series: {count: 4, lastObservedTime: new Date(NOW - 30_000).toISOString()}}
    const old = event({reason: 'Scheduled', message: 'old', lastAgo: 5 * MIN})
    expect(sortEvents([fromNewApi, old]).map((e) => e.message)).toEqual(['old', 'new'])
    expect(eventRow(fromNewApi).count).toBe(4)
  })

  it('prefixes the field path like describe', () => {
    expect(eventRow(event({reason: 'BackOff', message: 'Back-off restarting failed container', fieldPath: 'spec.containers{app}'})).message).toBe('spec.containers{app}: Back-off restarting failed container')
  })
})

const diagnosis: Diagnosis = {
  apiVersion: 'kubekit.dev/v1',
  kind: 'Diagnosis',
  target: {kind: 'Pod', name: 'web-1', namespace: 'shop'},
  status: 'ProblemsFound',
  rootCause: null,
  findings: [
    {code: 'OOMKilled', severity: 'critical', subject: 'pod/web-1', summary: 'container "app" was OOMKilled.', evidence: ['memory limit: 256Mi'], remedy: ['Raise the limit.']},
    {code: 'MissingConfigMap', severity: 'warning', subject: 'pod/web-1', summary: 'ConfigMap "x" is missing.', evidence: [], remedy: []},
  ],
  events: [eventRow(event({reason: 'BackOff', message: 'Back-off restarting failed container', count: 3, lastAgo: MIN, firstAgo: 10 * MIN}))],
  logs: [{pod: 'web-1', container: 'app', previous: true, lines: ['boom']}],
  nodeHints: [{node: 'worker-1', runtime: 'containerd', runtimeVersion: '1.7.24', commands: ['journalctl -u kubelet'], logs: [{service: 'kubelet', state: 'forbidden', lines: [], note: 'needs nodes/proxy'}]}],
  checked: [],
  notes: ['could not read secret "x": forbidden'],
}
diagnosis.rootCause = diagnosis.findings[0]!

describe('renderDiagnosis', () => {
  it('root cause first, then the rest, events, logs, node hints and notes, without colour', () => {
    const text = renderDiagnosis(diagnosis, painter(false), NOW)
    expect(text).toBe(`Pod shop/web-1: 2 problems found

ROOT CAUSE  OOMKilled (CRITICAL, pod/web-1)
  container "app" was OOMKilled.
  Evidence
    - memory limit: 256Mi
  Remedy
    1. Raise the limit.

ALSO  MissingConfigMap (WARNING, pod/web-1)
  ConfigMap "x" is missing.

Events
  TYPE      REASON    AGE                 FROM      MESSAGE
  Warning   BackOff   60s (x3 over 10m)   kubelet   Back-off restarting failed container

Logs
  web-1 app (previous run, last 1 lines):
    | boom

Node worker-1 (containerd 1.7.24)
  kubelet log: not fetched (forbidden): needs nodes/proxy
  On the node:
    $ journalctl -u kubelet

Notes
  - could not read secret "x": forbidden
`)
  })

  it('colours only when asked', () => {
    expect(renderDiagnosis(diagnosis, painter(true), NOW)).toContain('\u001B[31mCRITICAL\u001B[39m')
  })

  it('a healthy verdict says what was checked, and info findings are notes', () => {
    const note = {code: 'RestartedByNode', severity: 'info' as const, subject: 'pod/web-1', summary: 'container "app" restarted 1 time(s) because its node restarted.', evidence: [], remedy: []}
    const text = renderDiagnosis({...diagnosis, status: 'Healthy', rootCause: null, findings: [note], events: [], logs: [], nodeHints: [], notes: [], checked: ['phase Running, Ready=True', 'restarts: app 1 (last: Unknown, exit code 255, 2d ago)']}, painter(false), NOW)
    expect(text).toBe(
      'Pod shop/web-1: healthy (1 note).\n\nChecked\n  - phase Running, Ready=True\n  - restarts: app 1 (last: Unknown, exit code 255, 2d ago)\n\nNOTE  RestartedByNode (INFO, pod/web-1)\n  container "app" restarted 1 time(s) because its node restarted.\n\nEvents: <none>\n',
    )
  })

  it('a healthy object says so', () => {
    expect(renderDiagnosis({...diagnosis, status: 'Healthy', rootCause: null, findings: [], events: [], logs: [], nodeHints: [], notes: []}, painter(false), NOW)).toBe('Pod shop/web-1: healthy, no problems found.\n\nEvents: <none>\n')
  })
})
