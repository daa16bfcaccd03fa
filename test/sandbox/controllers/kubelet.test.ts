// The simulated kubelet over an in-memory store with a stand-in clock: delays are queued in
// simulated time and the test runs them in order (no timers, no waiting). Rollouts with the real
// clock run end to end in controllers/index.test.ts.
import {afterEach, describe, expect, it} from 'vitest'
import type {ControllerContext} from '../../../src/sandbox/controllers/context.js'
import {DEFAULT_DELAYS} from '../../../src/sandbox/controllers/context.js'
import {ImageRules} from '../../../src/sandbox/controllers/images.js'
import {Kubelet, POD_SCRIPT_ANNOTATIONS} from '../../../src/sandbox/controllers/kubelet.js'
import {EventRecorder} from '../../../src/sandbox/controllers/recorder.js'
import {Store} from '../../../src/sandbox/store.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

function setUp() {
  const store = new Store()
  store.load([
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}},
    {apiVersion: 'v1', kind: 'Node', metadata: {name: 'worker-1'}, status: {addresses: [{type: 'InternalIP', address: '10.0.0.11'}], conditions: [{type: 'Ready', status: 'True'}]}},
  ])
  let now = 0
  let sequence = 0
  const queued: Array<{at: number; seq: number; action: () => void; cancelled: boolean}> = []
  const clock = {
    isStopped: false,
    simulatedNow: () => now,
    real: (ms: number) => ms,
    simulated: (ms: number) => ms,
    after(ms: number, action: () => void) {
      const entry = {at: now + Math.max(0, ms), seq: sequence++, action, cancelled: false}
      queued.push(entry)
      return () => (entry.cancelled = true)
    },
  }
  const kubelet = new Kubelet({store, clock, recorder: new EventRecorder(store), images: new ImageRules(), simulated: new Set<string>(), delays: DEFAULT_DELAYS} as unknown as ControllerContext)
  stops.push(() => kubelet.stop())
  /** Runs what is due, in simulated-time order, up to `untilMs` of simulated time. */
  const run = (untilMs: number) => {
    for (;;) {
      const due = queued.filter((q) => !q.cancelled && q.at <= untilMs).sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
      if (!due) break
      due.cancelled = true
      now = due.at
      due.action()
    }
    now = untilMs
  }
  return {store, run}
}

const pod = (image: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'web-0', namespace: 'shop', annotations},
  spec: {nodeName: 'worker-1', restartPolicy: 'Always', containers: [{name: 'web', image}]},
  status: {phase: 'Pending', qosClass: 'BestEffort', conditions: [{type: 'PodScheduled', status: 'True'}]},
})
const statusOf = (store: Store) => store.get('pods', 'shop', 'web-0')!.object.status as Json
const events = (store: Store) => store.list('events', {namespace: 'shop'}).entries.map((e) => `${(e.object as Json).type} ${(e.object as Json).reason}`)

describe('Kubelet', () => {
  it('pulls, creates and starts a bound pod, which turns Running and Ready, with the kubelet events', () => {
    const {store, run} = setUp()
    store.create(pod('nginx:1.25'))
    run(60_000)
    const status = statusOf(store)
    expect(status.phase).toBe('Running')
    expect(status.conditions.find((c: Json) => c.type === 'Ready').status).toBe('True')
    expect(status.containerStatuses[0]).toMatchObject({image: 'docker.io/library/nginx:1.25', ready: true, started: true, restartCount: 0, state: {running: {}}})
    expect(status.podIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
    expect(events(store)).toEqual(expect.arrayContaining(['Normal Pulling', 'Normal Pulled', 'Normal Created', 'Normal Started']))
  })

  it("reports ErrImagePull, then ImagePullBackOff, for an image that does not exist", () => {
    const {store, run} = setUp()
    store.create(pod('nginx:nosuchtag'))
    const seen: string[] = []
    for (let t = 0; t <= 60_000; t += 250) {
      run(t)
      const reason = statusOf(store).containerStatuses[0].state.waiting?.reason
      if (reason && seen.at(-1) !== reason) seen.push(reason)
    }
    expect(seen.slice(0, 3)).toEqual(['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff'])
    expect(statusOf(store).containerStatuses[0].state.waiting.message).toMatch(/^Back-off pulling image "nginx:nosuchtag"/)
    expect(statusOf(store).phase).toBe('Pending')
    expect(events(store)).toEqual(expect.arrayContaining(['Warning Failed', 'Normal BackOff']))
  })

  it('restarts a container that exits under restartPolicy Always, into CrashLoopBackOff', () => {
    const {store, run} = setUp()
    store.create(pod('api:1', {[POD_SCRIPT_ANNOTATIONS.exitCode]: '1', [POD_SCRIPT_ANNOTATIONS.runSeconds]: '2'}))
    run(120_000)
    const container = statusOf(store).containerStatuses[0]
    expect(container.restartCount).toBeGreaterThan(0)
    expect(container.lastState.terminated).toMatchObject({exitCode: 1, reason: 'Error'})
    expect(events(store)).toContain('Warning BackOff')
  })
})
