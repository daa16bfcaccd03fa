// One controller over an in-memory store, for the controller unit tests: its queue drains on the
// next turns of the event loop (settle), nothing waits on a real delay, and everything started is
// stopped when the test that started it ends (onTestFinished: a module-level afterEach would
// belong to the first file that loads this one, since a worker shares modules between files).
import {onTestFinished} from 'vitest'
import {SimulationClock} from '../../../src/sandbox/controllers/clock.js'
import type {ControllerContext} from '../../../src/sandbox/controllers/context.js'
import {PodIndex} from '../../../src/sandbox/controllers/pod-index.js'
import {EventRecorder} from '../../../src/sandbox/controllers/recorder.js'
import {Store} from '../../../src/sandbox/store.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

/** Lets the controllers' queues drain: a few turns of the event loop. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** Inside a test: a store holding `objects`, with the controller `start` builds running over it (and a pod index, a recorder, a clock). */
export function controllerStore(objects: KubeObject[], start: (context: ControllerContext) => {stop(): void}): Store {
  const store = new Store()
  store.load(objects)
  const clock = new SimulationClock(1)
  const pods = new PodIndex(store)
  const controller = start({store, clock, recorder: new EventRecorder(store), pods} as unknown as ControllerContext)
  onTestFinished(() => {
    controller.stop()
    pods.stop()
    clock.stop()
  })
  return store
}
