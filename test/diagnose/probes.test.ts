import {describe, expect, it} from 'vitest'
import {explainProbeFailure, probesRule} from '../../src/diagnose/rules/probes.js'
import {container, context, event, pod, runningStatus, snapshot} from './fixtures.js'

const probe = {httpGet: {path: '/healthz/ready', port: 8080, scheme: 'HTTP'}, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3}

describe('probes rule', () => {
  it('readiness failing: the probe spec, the event and the log line', () => {
    const p = pod({ready: false, containers: [container({readinessProbe: probe})], statuses: [runningStatus({ready: false})]})
    const events = [event({reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', fieldPath: 'spec.containers{app}', count: 148})]
    const logs = [{container: 'app', previous: false, lines: ['{"level":"info","msg":"listening"}', '{"level":"warn","msg":"readiness check failed","check":"redis","error":"dial tcp 10.96.80.3:6379: i/o timeout"}']}]
    const [f] = probesRule.check(snapshot(p, {events, logs}), context)
    expect(f!.code).toBe('ReadinessProbeFailing')
    expect(f!.summary).toBe(
      'Running but not ready: the readiness probe of container "app" fails (the endpoint answers HTTP 503), so Services do not route to it; its log says: {"level":"warn","msg":"readiness check failed","check":"redis","error":"dial tcp 10.96.80.3:6379: i/o timeout"}.',
    )
    expect(f!.evidence).toContain('readiness: http-get http://:8080/healthz/ready delay=5s timeout=1s period=10s #success=1 #failure=3')
  })

  it('liveness failing with restarts', () => {
    const p = pod({ready: true, containers: [container({livenessProbe: {tcpSocket: {port: 9000}}})], statuses: [runningStatus({restartCount: 5})]})
    const events = [
      event({reason: 'Unhealthy', message: 'Liveness probe failed: dial tcp 10.244.1.17:9000: connect: connection refused', fieldPath: 'spec.containers{app}', count: 15}),
      event({reason: 'Killing', type: 'Normal', message: 'Container app failed liveness probe, will be restarted', fieldPath: 'spec.containers{app}', count: 5}),
    ]
    const [f] = probesRule.check(snapshot(p, {events}), context)
    expect(f!.code).toBe('LivenessProbeFailing')
    expect(f!.summary).toContain('connection refused')
    expect(f!.evidence).toContain('liveness: tcp-socket :9000 delay=0s timeout=1s period=10s #success=1 #failure=3')
  })

  it('an old readiness failure of a container that is ready now says nothing', () => {
    const events = [event({reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 500', fieldPath: 'spec.containers{app}'})]
    expect(probesRule.check(snapshot(pod(), {events}), context)).toEqual([])
  })

  it('explains the usual failure texts', () => {
    expect(explainProbeFailure('Get "http://10.244.1.17:8080/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)')).toContain('timeoutSeconds')
    expect(explainProbeFailure('dial tcp 10.244.1.17:8080: connect: connection refused')).toContain('nothing listens')
  })
})
