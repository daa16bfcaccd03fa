/**
 * The sandbox's controllers, scheduler and kubelets: what makes workloads roll out, fail and
 * recover on the sandbox as on a real cluster (KWOK-style: no containers run; their states,
 * events and logs are simulated).
 *
 *   startControllers(store, {timeScale: 0.01})   // tests: a 10 s back-off takes 100 ms
 *
 * Each controller subscribes to the store and writes through create/update/delete, so every
 * change is a watch event. Objects the scenario seeded are left alone until something changes
 * them: a workload is synced only when its status.observedGeneration lags its generation (or
 * after a change), and a seeded pod's status stays the scenario's unless the pod was seeded
 * without one. Start-up costs one pass over the workloads and one cheap pass over the pods;
 * the per-node and per-owner pod indexes are built the first time a controller needs them.
 */
import {registerCsiNode} from '../bootstrap/index.js'
import type {Store} from '../store.js'
import type {KubeObject} from '../types.js'
import {SimulationClock} from './clock.js'
import {DEFAULT_DELAYS, type ControllerContext, type SimulationDelays} from './context.js'
import {CronJobController} from './cronjob.js'
import {DaemonSetController} from './daemonset.js'
import {DeploymentController} from './deployment.js'
import {DisruptionController} from './disruption.js'
import {ImageRules} from './images.js'
import {Kubelet} from './kubelet.js'
import {meta, podSpec, podStatus} from './objects.js'
import {PodIndex} from './pod-index.js'
import {JobController} from './job.js'
import {EventRecorder} from './recorder.js'
import {ReplicaSetController, ReplicationManager} from './replicaset.js'
import {Scheduler} from './scheduler.js'
import {StatefulSetController} from './statefulset.js'
import {VolumeBinder} from './volume-binder.js'

export interface ControllerOptions {
  /**
   * Multiplies every simulated delay (pulls, starts, back-offs, progress deadlines, cron
   * schedules). 1 (the default) is a realistic but quick pace; 0.01 runs a rollout in milliseconds.
   */
  timeScale?: number
  /** Simulated durations (ms) to override: {pull: 5000} for slow pulls. */
  delays?: Partial<SimulationDelays>
  /** Images whose pulls fail: exact references, or prefixes ending in `/`, `:` or `*` (besides any reference containing `nosuchtag` or `doesnotexist`). */
  badImages?: string[]
}

export interface Controllers {
  readonly clock: SimulationClock
  stop(): void
}

interface WorkloadController {
  stop(): void
  adopt(object: KubeObject): void
}

export function startControllers(store: Store, options: ControllerOptions = {}): Controllers {
  const clock = new SimulationClock(options.timeScale ?? 1)
  const ctx: ControllerContext = {
    store,
    clock,
    recorder: new EventRecorder(store),
    pods: new PodIndex(store),
    images: new ImageRules(options.badImages),
    simulated: new Set(),
    delays: {...DEFAULT_DELAYS, ...options.delays},
  }
  const kubelet = new Kubelet(ctx)
  const scheduler = new Scheduler(ctx)
  const workloads: Record<string, WorkloadController> = {
    'deployments.apps': new DeploymentController(ctx),
    'replicasets.apps': new ReplicaSetController(ctx),
    replicationcontrollers: new ReplicationManager(ctx),
    'statefulsets.apps': new StatefulSetController(ctx),
    'daemonsets.apps': new DaemonSetController(ctx),
    'jobs.batch': new JobController(ctx),
    'cronjobs.batch': new CronJobController(ctx),
    'poddisruptionbudgets.policy': new DisruptionController(ctx),
  }
  const volumes = new VolumeBinder(ctx)
  const csiNodes = store.subscribe('nodes', (event) => {
    if (event.type === 'ADDED') registerCsiNode(store, event.entry.object)
  })
  for (const resource of ['persistentvolumes', 'persistentvolumeclaims']) for (const entry of store.list(resource).entries) volumes.adopt(entry.object)
  adoptExisting(ctx, workloads, kubelet, scheduler)
  return {
    clock,
    stop() {
      clock.stop()
      for (const part of [kubelet, scheduler, volumes, ...Object.values(workloads)]) part.stop()
      csiNodes()
      ctx.pods.stop()
    },
  }
}

/** The one pass at start: workloads whose status lags, pods seeded without a status. */
function adoptExisting(ctx: ControllerContext, workloads: Record<string, WorkloadController>, kubelet: Kubelet, scheduler: Scheduler): void {
  for (const [resource, controller] of Object.entries(workloads)) for (const entry of ctx.store.list(resource).entries) controller.adopt(entry.object)
  for (const entry of ctx.store.list('pods').entries) {
    const pod = entry.object
    if (isUnreported(pod)) ctx.simulated.add(meta(pod).uid ?? '')
    if (meta(pod).deletionTimestamp || ctx.simulated.has(meta(pod).uid ?? '')) {
      if (podSpec(pod).nodeName) kubelet.adopt(pod)
      else scheduler.adopt(pod)
    }
  }
}

/** A pod no kubelet or scheduler has reported on yet: no status, or only the API server's defaults. */
function isUnreported(pod: KubeObject): boolean {
  const status = podStatus(pod)
  return !pod.status || (!status.conditions?.length && !status.containerStatuses?.length)
}

export type {SimulationDelays} from './context.js'
export {POD_SCRIPT_ANNOTATIONS} from './kubelet.js'
