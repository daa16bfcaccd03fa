import {describe, expect, it} from 'vitest'
import {initialized, podPhase, podRunFor, renderStatus, willRestart, type ContainerRun, type PodRun} from '../../../src/sandbox/controllers/pod-run.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const pod = (spec: Record<string, unknown> = {}, status: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'web-0', namespace: 'shop', uid: 'pod-uid'},
  spec: {nodeName: 'node-1', containers: [{name: 'web', image: 'nginx:1.25'}], ...spec},
  status,
})

const terminated = (exitCode: number) => ({exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: '2026-03-01T12:00:00Z', finishedAt: '2026-03-01T12:00:05Z', containerID: 'containerd://abc'})
const set = (c: ContainerRun, change: Partial<ContainerRun>) => Object.assign(c, change)
const runningContainer = (c: ContainerRun) => set(c, {phase: 'running', ready: true, started: true, everStarted: true, startedAt: '2026-03-01T12:00:01Z', containerID: 'containerd://web'})

describe('podRunFor', () => {
  it("models each container of the pod, with the pod's node and restart policy", () => {
    const run = podRunFor(pod({initContainers: [{name: 'migrate', image: 'app:1'}], restartPolicy: 'OnFailure'}), '10.0.0.1')
    expect(run).toMatchObject({uid: 'pod-uid', namespace: 'shop', name: 'web-0', node: 'node-1', hostIP: '10.0.0.1', restartPolicy: 'OnFailure', sandboxReady: false, stopped: false})
    expect(run.initContainers.map((c) => [c.name, c.init, c.phase])).toEqual([['migrate', true, 'creating']])
    expect(run.containers.map((c) => [c.name, c.image, c.init, c.restartCount])).toEqual([['web', 'nginx:1.25', false, 0]])
    expect(podRunFor(pod(), '10.0.0.1').restartPolicy).toBe('Always')
  })
})

describe('restart policy and phase', () => {
  it('restarts always under Always, only failures under OnFailure, never under Never', () => {
    const run = (restartPolicy: string) => ({...podRunFor(pod(), ''), restartPolicy})
    expect(willRestart(run('Always'), 0)).toBe(true)
    expect(willRestart(run('OnFailure'), 0)).toBe(false)
    expect(willRestart(run('OnFailure'), 1)).toBe(true)
    expect(willRestart(run('Never'), 1)).toBe(false)
  })

  it('is Pending until a container has started, then Running', () => {
    const run = podRunFor(pod(), '')
    expect(podPhase(run)).toBe('Pending')
    runningContainer(run.containers[0]!)
    expect(podPhase(run)).toBe('Running')
  })

  it('is Pending while init containers run, Failed when one fails for good', () => {
    const run = podRunFor(pod({initContainers: [{name: 'migrate', image: 'app:1'}], restartPolicy: 'Never'}), '')
    expect(initialized(run)).toBe(false)
    expect(podPhase(run)).toBe('Pending')
    set(run.initContainers[0]!, {phase: 'terminated', terminated: terminated(1)})
    expect(podPhase(run)).toBe('Failed')
    set(run.initContainers[0]!, {terminated: terminated(0)})
    expect(initialized(run)).toBe(true)
  })

  it('is Succeeded or Failed when every container is done and will not restart', () => {
    const finished = (restartPolicy: string, ...codes: number[]): PodRun => {
      const run = podRunFor(pod({restartPolicy, containers: codes.map((_, i) => ({name: `c${i}`, image: 'job:1'}))}), '')
      run.containers.forEach((c, i) => set(c, {phase: 'terminated', everStarted: true, terminated: terminated(codes[i]!)}))
      return run
    }
    expect(podPhase(finished('Never', 0, 0))).toBe('Succeeded')
    expect(podPhase(finished('Never', 0, 2))).toBe('Failed')
    expect(podPhase(finished('OnFailure', 1))).toBe('Running')
    expect(podPhase(finished('Always', 0))).toBe('Running')
  })
})

describe('renderStatus', () => {
  it('reports a running, ready pod as the kubelet does', () => {
    const run = podRunFor(pod(), '10.0.0.1')
    run.sandboxReady = true
    run.podIP = '10.244.1.5'
    runningContainer(run.containers[0]!)
    const status = renderStatus(run, pod({}, {qosClass: 'BestEffort', conditions: [{type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-03-01T11:59:59Z'}]})) as Json
    expect(status.phase).toBe('Running')
    expect(status.conditions.map((c: Json) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True'])
    expect(status.conditions[4].lastTransitionTime).toBe('2026-03-01T11:59:59Z')
    expect(status.containerStatuses[0]).toMatchObject({containerID: 'containerd://web', image: 'docker.io/library/nginx:1.25', imageID: expect.stringMatching(/^docker\.io\/library\/nginx@sha256:/), ready: true, restartCount: 0, started: true, state: {running: {startedAt: '2026-03-01T12:00:01Z'}}, lastState: {}})
    expect(status).toMatchObject({hostIP: '10.0.0.1', hostIPs: [{ip: '10.0.0.1'}], podIP: '10.244.1.5', podIPs: [{ip: '10.244.1.5'}], qosClass: 'BestEffort', startTime: run.startTime})
    expect(Object.keys(status)).toEqual(['conditions', 'containerStatuses', 'hostIP', 'hostIPs', 'phase', 'podIP', 'podIPs', 'qosClass', 'startTime'])
  })

  it('names the unready containers and the waiting reasons: PodInitializing, ErrImagePull, CrashLoopBackOff', () => {
    const run = podRunFor(pod({initContainers: [{name: 'migrate', image: 'app:1'}]}), '10.0.0.1')
    let status = renderStatus(run, pod()) as Json
    expect(status.conditions.find((c: Json) => c.type === 'Initialized')).toMatchObject({status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [migrate]'})
    expect(status.conditions.find((c: Json) => c.type === 'Ready')).toMatchObject({status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]'})
    expect(status.initContainerStatuses[0].state).toEqual({waiting: {reason: 'ContainerCreating'}})
    expect(status.containerStatuses[0].state).toEqual({waiting: {reason: 'PodInitializing'}})
    expect(status.containerStatuses[0].imageID).toBe('')
    set(run.initContainers[0]!, {phase: 'terminated', terminated: terminated(0)})
    set(run.containers[0]!, {phase: 'pull-error', message: 'rpc error: code = NotFound'})
    status = renderStatus(run, pod()) as Json
    expect(status.containerStatuses[0].state).toEqual({waiting: {message: 'rpc error: code = NotFound', reason: 'ErrImagePull'}})
    set(run.containers[0]!, {phase: 'crash-backoff', message: 'back-off 10s', restartCount: 1, last: terminated(1), everStarted: true})
    status = renderStatus(run, pod()) as Json
    expect(status.containerStatuses[0]).toMatchObject({restartCount: 1, state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {exitCode: 1, reason: 'Error'}}})
  })

  it('keeps a condition transition time while its status holds, and says PodCompleted when finished', () => {
    const run = podRunFor(pod({restartPolicy: 'Never'}), '10.0.0.1')
    const before = pod({}, {conditions: [{type: 'Ready', status: 'False', lastTransitionTime: '2026-03-01T10:00:00Z'}]})
    expect((renderStatus(run, before) as Json).conditions[2].lastTransitionTime).toBe('2026-03-01T10:00:00Z')
    set(run.containers[0]!, {phase: 'terminated', everStarted: true, terminated: terminated(0)})
    const status = renderStatus(run, before) as Json
    expect(status.phase).toBe('Succeeded')
    expect(status.conditions[2]).toMatchObject({type: 'Ready', status: 'False', reason: 'PodCompleted'})
    expect(status.conditions[2]).not.toHaveProperty('message')
    expect(status.containerStatuses[0].state).toEqual({terminated: {containerID: 'containerd://abc', exitCode: 0, finishedAt: '2026-03-01T12:00:05Z', reason: 'Completed', startedAt: '2026-03-01T12:00:00Z'}})
  })
})
