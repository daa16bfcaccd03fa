import {describe, expect, it} from 'vitest'
import {telltaleLines} from '../../src/diagnose/facts.js'
import {crashRule, dependencyAdvice, explainExitCode} from '../../src/diagnose/rules/crash.js'
import {startRule} from '../../src/diagnose/rules/start.js'
import {podHealthy} from '../../src/diagnose/diagnose.js'
import {ago, container, context, event, MIN, NOW, pod, runningStatus, snapshot} from './fixtures.js'

const crashLooping = (terminated: {exitCode: number; reason: string; message?: string; finishedAgo?: number}, waitingReason = 'CrashLoopBackOff') =>
  pod({
    ready: false,
    statuses: [
      runningStatus({
        ready: false,
        started: false,
        restartCount: 8,
        state: {waiting: {reason: waitingReason, message: 'back-off 5m0s restarting failed container=app pod=checkout-7d4b9c8f6d-x2k4p_shop(3b24a428-fa6b-478e-a836-61faf58fd218)'}},
        lastState: {terminated: {exitCode: terminated.exitCode, reason: terminated.reason, ...(terminated.message ? {message: terminated.message} : {}), startedAt: ago((terminated.finishedAgo ?? 2 * MIN) + 3000), finishedAt: ago(terminated.finishedAgo ?? 2 * MIN), containerID: 'containerd://aa11'}},
      }),
    ],
  })

const previousLog = {
  container: 'app',
  previous: true,
  lines: [
    '2026-11-21T09:08:01.204Z INFO  checkout 2.4.0 starting (pid 1)',
    '2026-11-21T09:08:04.322Z ERROR failed to connect to database: dial tcp 10.96.12.40:5432: connect: connection refused',
    'panic: failed to connect to database: dial tcp 10.96.12.40:5432: connect: connection refused',
    '',
    'goroutine 1 [running]:',
  ],
}

describe('explainExitCode', () => {
  it.each([
    [1, undefined, 'application error'],
    [127, undefined, 'not found'],
    [137, 'OOMKilled', 'OOM killer'],
    [137, 'Error', 'SIGKILL'],
    [139, undefined, 'SIGSEGV'],
    [143, undefined, 'SIGTERM'],
    [0, 'Completed', 'not a long-running process'],
    [130, undefined, 'signal 2'],
  ])('%i %s', (code, reason, words) => {
    expect(explainExitCode(code, reason)).toContain(words)
  })
})

describe('telltaleLines', () => {
  it('prefers error-looking lines, else the last ones', () => {
    expect(telltaleLines(previousLog.lines, 2)).toEqual(previousLog.lines.slice(1, 3))
    expect(telltaleLines(['a', 'b', 'c'], 2)).toEqual(['b', 'c'])
  })
})

describe('crash rule', () => {
  it('CrashLoopBackOff, exit 1: the previous run log says why', () => {
    const [f] = crashRule.check(snapshot(crashLooping({exitCode: 1, reason: 'Error'}), {logs: [previousLog]}), context)
    expect(f!.code).toBe('CrashLoopBackOff')
    expect(f!.summary).toBe(
      'container "app" keeps crashing (CrashLoopBackOff): application error (exit code 1): the process failed on its own; its last run logged: panic: failed to connect to database: dial tcp 10.96.12.40:5432: connect: connection refused',
    )
    expect(f!.evidence).toContain('previous run log: panic: failed to connect to database: dial tcp 10.96.12.40:5432: connect: connection refused')
    expect(f!.remedy[0]).toBe("Read the previous run's log: kubectl logs checkout-7d4b9c8f6d-x2k4p -c app -n shop --previous")
  })

  it('OOMKilled: the limit, the request and the live usage', () => {
    const p = crashLooping({exitCode: 137, reason: 'OOMKilled'})
    p.spec.containers![0] = container({resources: {requests: {memory: '256Mi'}, limits: {memory: '256Mi'}}})
    const metrics = {metadata: {name: p.metadata.name, namespace: 'shop'}, containers: [{name: 'app', usage: {cpu: '612m', memory: '248512Ki'}}]}
    const [f] = crashRule.check(snapshot(p, {metrics, owners: [{state: 'missing', kind: 'ReplicaSet', name: 'checkout-7d4b9c8f6d'}, {state: 'missing', kind: 'Deployment', name: 'checkout'}]}), context)
    expect(f!.code).toBe('OOMKilled')
    expect(f!.summary).toBe('container "app" was OOMKilled (exit code 137): it used more than its 256Mi memory limit, and is now in CrashLoopBackOff.')
    expect(f!.evidence).toContain('memory limit: 256Mi, request: 256Mi')
    expect(f!.evidence).toContain('memory usage now (metrics-server): 242.69Mi = 95% of the limit')
    expect(f!.remedy[0]).toBe('Raise the memory limit if the app needs more: kubectl set resources deployment/checkout -c app --limits=memory=512Mi -n shop')
  })

  it('StartError with exec not found: the command is not in the image', () => {
    const message = 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/server": stat /app/server: no such file or directory: unknown'
    const p = crashLooping({exitCode: 128, reason: 'StartError', message}, 'CrashLoopBackOff')
    p.spec.containers![0]!.command = ['/app/server']
    // The start rule owns a container that never started; the crash rule says nothing about it.
    expect(crashRule.check(snapshot(p), context)).toEqual([])
    const [f] = startRule.check(snapshot(p), context)
    expect(f!.code).toBe('ContainerCommandNotFound')
    expect(f!.summary).toContain('/app/server')
  })

  it('exit 137 after a failed liveness probe blames the probe', () => {
    const events = [event({reason: 'Killing', type: 'Normal', message: 'Container app failed liveness probe, will be restarted', fieldPath: 'spec.containers{app}'})]
    const [f] = crashRule.check(snapshot(crashLooping({exitCode: 137, reason: 'Error'}), {events}), context)
    expect(f!.summary).toContain('liveness probe fails')
  })

  it('ignores an old crash of a container that is ready now', () => {
    const p = pod({statuses: [runningStatus({restartCount: 1, lastState: {terminated: {exitCode: 1, reason: 'Error', finishedAt: ago(3 * 24 * 60 * MIN)}}})]})
    expect(crashRule.check(snapshot(p), context)).toEqual([])
  })

  it('a recent OOM kill of a container that is ready again still counts', () => {
    const p = pod({statuses: [runningStatus({restartCount: 3, lastState: {terminated: {exitCode: 137, reason: 'OOMKilled', finishedAt: ago(4 * MIN)}}})]})
    expect(crashRule.check(snapshot(p), context).map((f) => f.code)).toEqual(['OOMKilled'])
  })

  it('an init container that keeps failing', () => {
    const p = pod({
      phase: 'Pending',
      node: 'worker-1',
      ready: false,
      initContainers: [container({name: 'migrate', command: ['./migrate', 'up']})],
      initStatuses: [runningStatus({name: 'migrate', ready: false, restartCount: 4, state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {exitCode: 2, reason: 'Error', finishedAt: ago(MIN)}}})],
      statuses: [runningStatus({ready: false, started: false, state: {waiting: {reason: 'PodInitializing'}}})],
    })
    const [f] = crashRule.check(snapshot(p), context)
    expect(f!.summary).toContain('init container "migrate" keeps crashing')
  })
})

describe('dependencyAdvice', () => {
  it('names the Service from the log when it can', () => {
    const logs = [{container: 'app', previous: true, lines: ['connecting to postgres at orders-db.shop.svc:5432', 'ERROR dial tcp 10.96.12.40:5432: connect: connection refused']}]
    expect(dependencyAdvice(snapshot(pod(), {logs}), 'app', 'shop')).toBe('A dependency it needs at start is unreachable: check the Service it calls: kubectl diagnose svc orders-db -n shop')
    expect(dependencyAdvice(snapshot(pod(), {logs: [{container: 'app', previous: true, lines: ['config key missing']}]}), 'app', 'shop')).toContain('Check the env, config and files')
  })
})

describe('run-to-completion pods', () => {
  it('a Job pod that failed is not "crashing"', () => {
    const p = pod({
      phase: 'Failed',
      ready: false,
      spec: {restartPolicy: 'Never'},
      statuses: [runningStatus({ready: false, state: {terminated: {exitCode: 2, reason: 'Error', finishedAt: ago(MIN)}}})],
    })
    const [f] = crashRule.check(snapshot(p, {logs: [{container: 'app', previous: false, lines: ['error: unknown flag --batch']}]}), context)
    expect(f!.code).toBe('ContainerFailed')
    expect(f!.summary).toBe('container "app" failed and is not restarted (restartPolicy: Never): exit code 2: usually a misused shell builtin or bad command-line arguments.')
    expect(f!.evidence).toContain('log: error: unknown flag --batch')
  })
})

describe('restarts that are not crashes', () => {
  const healthyAfter = (terminated: {exitCode: number; reason: string; message?: string; finishedAt?: string}) =>
    pod({statuses: [runningStatus({restartCount: 1, lastState: {terminated: {startedAt: ago(3 * 24 * 60 * MIN), finishedAt: ago(20 * MIN), ...terminated}}})]})

  it('Unknown, exit code 255 (node reboot): a note, not a crash, and the pod is healthy', () => {
    const p = healthyAfter({exitCode: 255, reason: 'Unknown'})
    const findings = crashRule.check(snapshot(p), context)
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['RestartedByNode', 'info']])
    expect(findings[0]!.summary).toContain('because its node or container runtime restarted (reason Unknown, exit code 255), not because it crashed')
    expect(podHealthy(p, NOW)).toBe(true)
  })

  it('ContainerStatusUnknown (the kubelet lost the container) is not crash-looping', () => {
    const p = healthyAfter({exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was deleted.  The container used to be Running', finishedAt: '0001-01-01T00:00:00Z'})
    const findings = crashRule.check(snapshot(p), context)
    expect(findings.map((f) => f.code)).toEqual(['RestartedByNode'])
    expect(findings[0]!.summary).toBe('container "app" restarted 1 time(s); the last run ended with reason ContainerStatusUnknown: the kubelet could no longer locate the container, so how it ended is not recorded. It is not crash-looping: it is running and ready.')
  })

  it('OOMKilled with another exit code (a process in the container was killed, the main one exited): the recorded code, not 137', () => {
    const p = pod({ready: false, statuses: [runningStatus({ready: false, restartCount: 3, state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {exitCode: 1, reason: 'OOMKilled', startedAt: ago(3 * MIN), finishedAt: ago(MIN)}}})]})
    expect(crashRule.check(snapshot(p), context)[0]!.summary).toMatch(/^container "app" was OOMKilled \(exit code 1\): it used more than its 512Mi memory limit/)
  })

  it('a Running, Ready pod OOMKilled days ago is still reported, with its limit', () => {
    const p = pod({statuses: [runningStatus({restartCount: 1, lastState: {terminated: {exitCode: 137, reason: 'OOMKilled', startedAt: ago(5 * 24 * 60 * MIN), finishedAt: ago(2 * 24 * 60 * MIN)}}})]})
    const [f] = crashRule.check(snapshot(p), context)
    expect(f!.code).toBe('OOMKilled')
    expect(f!.severity).toBe('warning')
    expect(f!.summary).toBe('container "app" was OOMKilled (exit code 137) 2d ago: it used more than its 512Mi memory limit; it is running and ready again, and will be killed again when it reaches the limit.')
  })
})
