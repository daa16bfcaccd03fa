/** What every controller gets: the store, the clock, the event recorder, the pod index, the options. */
import type {Store} from '../store.js'
import type {SimulationClock} from './clock.js'
import type {ImageRules} from './images.js'
import type {PodIndex} from './pod-index.js'
import type {EventRecorder} from './recorder.js'

export interface ControllerContext {
  store: Store
  clock: SimulationClock
  recorder: EventRecorder
  pods: PodIndex
  images: ImageRules
  /** Uids of the pods whose status the simulation owns (created after start, or seeded without a status). */
  simulated: Set<string>
  /** Delays in simulated milliseconds (scaled by the clock). */
  delays: SimulationDelays
}

/** How long things take on the simulated cluster, in simulated milliseconds. */
export interface SimulationDelays {
  /** From a pod's creation to its binding. */
  schedule: number
  /** Pod sandbox (network, volumes) before the first container. */
  sandbox: number
  /** An image pull (a failing pull takes as long). */
  pull: number
  /** Create + start of a container. */
  start: number
  /** From start to Ready when the container has no readiness probe. */
  ready: number
  /** How long a container runs before a scripted exit, and a Job's pod before it succeeds. */
  run: number
  /** First crash-loop and image-pull back-off; doubles up to backOffMax. */
  backOff: number
  backOffMax: number
  /** A dynamically provisioned volume, from the claim to the volume. */
  provision: number
  /** From a pod's deletion until its containers have stopped, when they exit on SIGTERM. */
  stop: number
}

export const DEFAULT_DELAYS: SimulationDelays = {
  schedule: 50,
  sandbox: 400,
  pull: 1500,
  start: 300,
  ready: 700,
  run: 3000,
  backOff: 10_000,
  backOffMax: 300_000,
  provision: 2000,
  stop: 1000,
}
