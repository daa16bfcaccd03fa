/**
 * The simulated kubelets of all nodes (as KWOK does it): for every bound pod whose status the
 * simulation owns, the pod sandbox, image pulls (with ErrImagePull / ImagePullBackOff and the
 * kubelet's back-off), container create/start, readiness, scripted exits with restarts and
 * CrashLoopBackOff, start-up log lines, and the kubelet's events with their real texts.
 * For every bound pod being deleted (seeded ones too) it stops the containers, with the Killing
 * events, and confirms the deletion once they have stopped: after the stop time (a process that
 * exits on SIGTERM: about a second) or, for a container that ignores SIGTERM, when the grace
 * period ends — whichever comes first, on the simulation clock. This is the one place that decides
 * when a deleted pod's containers have stopped; lifecycle.ts only holds the grace period's deadline
 * (all that removes pods when the controllers are off). Ephemeral containers (kubectl debug) are
 * pulled and started too.
 *
 * Scripting a pod (annotations on the pod or its template):
 *   sandbox.kubekit.dev/exit-code: "1"      every container exits with this code after its run time
 *   sandbox.kubekit.dev/run-seconds: "5"    how long (simulated) a container runs before that exit
 *   sandbox.kubekit.dev/ready: "false"      containers start but never become Ready (readiness probe fails)
 *   sandbox.kubekit.dev/ignore-sigterm: "true"   on deletion the containers run until the grace period ends
 *   sandbox.kubekit.dev/memory: "300Mi"     what each container's memory grows to during its run time: a container
 *                                           whose memory limit is lower is OOM-killed then (exit code 137, OOMKilled)
 * Only the memory script makes an OOM kill: an exit code of 137 alone is a SIGKILL, reason Error.
 * A Job's pods exit 0 after their run time unless exit-code says otherwise.
 */
import {randomBytes} from 'node:crypto'
import type {StoreEvent} from '../store.js'
import type {KubeObject} from '../types.js'
import {goDuration} from './clock.js'
import {startupLog} from './container-logs.js'
import type {ControllerContext} from './context.js'
import {imageId, imageSize, pullErrorText, qualifiedImage} from './images.js'
import {controllerOf, findCondition, meta, podSpec, podStatus, writeStatus, type ContainerSpec} from './objects.js'
import {initialized, podRunFor, renderStatus, willRestart, type ContainerRun, type PodRun} from './pod-run.js'
import {quantityIn} from './resources.js'

export const POD_SCRIPT_ANNOTATIONS = {
  exitCode: 'sandbox.kubekit.dev/exit-code',
  runSeconds: 'sandbox.kubekit.dev/run-seconds',
  ready: 'sandbox.kubekit.dev/ready',
  ignoreSigterm: 'sandbox.kubekit.dev/ignore-sigterm',
  memory: 'sandbox.kubekit.dev/memory',
} as const

interface ContainerTimerOwner {
  epoch: number
}

export class Kubelet {
  private readonly runs = new Map<string, PodRun>()
  private readonly epochs = new WeakMap<ContainerRun, ContainerTimerOwner>()
  private readonly presentImages = new Set<string>()
  private readonly nextAddress = new Map<string, number>()
  private readonly terminating = new Set<string>()
  /** Ephemeral containers being started, by `uid/name`. */
  private readonly startingEphemeral = new Set<string>()
  private readonly unsubscribe: () => void

  constructor(private readonly ctx: ControllerContext) {
    this.unsubscribe = ctx.store.subscribe('pods', (event) => this.onPodEvent(event))
  }

  stop(): void {
    this.unsubscribe()
    for (const run of this.runs.values()) this.halt(run)
    this.runs.clear()
  }

  /** A pod that was in the store before the controllers started. */
  adopt(pod: KubeObject): void {
    if (meta(pod).deletionTimestamp && podSpec(pod).nodeName) this.defer(() => this.terminate(pod))
    else if (this.ctx.simulated.has(meta(pod).uid ?? '') && podSpec(pod).nodeName) this.defer(() => this.admit(pod))
  }

  private onPodEvent(event: StoreEvent): void {
    const pod = event.entry.object
    const uid = meta(pod).uid ?? ''
    if (event.type === 'DELETED') {
      const run = this.runs.get(uid)
      if (run) this.forget(run)
      this.terminating.delete(uid)
      this.ctx.simulated.delete(uid)
      return
    }
    if (event.type === 'ADDED') this.ctx.simulated.add(uid)
    const nodeName = podSpec(pod).nodeName
    if (!nodeName) return
    if (meta(pod).deletionTimestamp) {
      this.defer(() => this.terminate(pod))
      return
    }
    this.startEphemeralContainers(pod)
    if (!this.ctx.simulated.has(uid)) return
    const run = this.runs.get(uid)
    if (!run) this.defer(() => this.admit(pod))
    else this.defer(() => this.applySpecChange(run, pod))
  }

  private defer(action: () => void): void {
    this.ctx.clock.after(0, action)
  }

  private current(run: PodRun): KubeObject | undefined {
    const entry = this.ctx.store.get('pods', run.namespace, run.name)
    return entry && entry.object.metadata?.uid === run.uid ? entry.object : undefined
  }

  private publish(run: PodRun): void {
    if (run.stopped) return
    const pod = this.current(run)
    if (!pod || meta(pod).deletionTimestamp) return
    writeStatus(this.ctx.store, 'pods', pod, renderStatus(run, pod) as Record<string, unknown>)
  }

  private event(run: PodRun, pod: KubeObject | undefined, type: 'Normal' | 'Warning', reason: string, message: string, container?: ContainerRun): void {
    const involved = pod ?? this.current(run)
    if (!involved) return
    const fieldPath = container ? `spec.${container.init ? 'initContainers' : 'containers'}{${container.name}}` : undefined
    this.ctx.recorder.record(involved, {component: 'kubelet', host: run.node}, {type, reason, message, ...(fieldPath ? {fieldPath} : {})})
  }

  /** Runs `action` after a simulated delay unless the pod stopped or the container was replaced meanwhile. */
  private after(run: PodRun, container: ContainerRun | undefined, ms: number, action: () => void): void {
    const epoch = container ? this.epochOf(container).epoch : 0
    const cancel = this.ctx.clock.after(ms, () => {
      run.cancels.delete(cancel)
      if (run.stopped) return
      if (container && this.epochOf(container).epoch !== epoch) return
      action()
    })
    run.cancels.add(cancel)
  }

  private epochOf(container: ContainerRun): ContainerTimerOwner {
    let owner = this.epochs.get(container)
    if (!owner) this.epochs.set(container, (owner = {epoch: 0}))
    return owner
  }

  private admit(pod: KubeObject): void {
    const fresh = this.ctx.store.get('pods', meta(pod).namespace, meta(pod).name ?? '')?.object
    if (!fresh || fresh.metadata?.uid !== meta(pod).uid || meta(fresh).deletionTimestamp) return
    const uid = meta(fresh).uid ?? ''
    if (this.runs.has(uid) || !podSpec(fresh).nodeName) return
    const node = this.ctx.store.get('nodes', undefined, podSpec(fresh).nodeName!)?.object
    if (!node) return
    const run = podRunFor(fresh, internalIP(node))
    this.runs.set(uid, run)
    this.publish(run)
    this.after(run, undefined, this.ctx.delays.sandbox, () => this.startSandbox(run, node))
  }

  private startSandbox(run: PodRun, node: KubeObject): void {
    if (findCondition((node.status as {conditions?: []} | undefined)?.conditions, 'Ready')?.status !== 'True') return // the node's runtime network is down: stays ContainerCreating
    const pod = this.current(run)
    if (!pod) return
    run.podIP = podSpec(pod).hostNetwork ? run.hostIP : this.allocateAddress(node)
    run.sandboxReady = true
    this.publish(run)
    this.startNext(run)
  }

  /** Starts the next init container, or all app containers once the init containers are done. */
  private startNext(run: PodRun): void {
    const pendingInit = run.initContainers.find((c) => !(c.phase === 'terminated' && c.terminated?.exitCode === 0))
    if (pendingInit) {
      if (pendingInit.phase === 'creating') this.pull(run, pendingInit)
      return
    }
    for (const c of run.containers) if (c.phase === 'creating' && !c.everStarted) this.pull(run, c)
  }

  private specOf(run: PodRun, c: ContainerRun): ContainerSpec | undefined {
    const pod = this.current(run)
    if (!pod) return undefined
    const spec = podSpec(pod)
    return (c.init ? spec.initContainers : spec.containers)?.find((s) => s.name === c.name)
  }

  private pull(run: PodRun, c: ContainerRun): void {
    const policy = this.specOf(run, c)?.imagePullPolicy ?? (c.image.endsWith(':latest') || !c.image.includes(':') ? 'Always' : 'IfNotPresent')
    const bad = this.ctx.images.isBad(c.image)
    const present = this.presentImages.has(`${run.node}|${c.image}`)
    if (!bad && present && policy !== 'Always') {
      this.event(run, undefined, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, c)
      this.create(run, c)
      return
    }
    if (policy === 'Never') {
      c.phase = 'pull-error'
      this.event(run, undefined, 'Warning', 'ErrImageNeverPull', `Container image "${c.image}" is not present with pull policy of Never`, c)
      this.publish(run)
      return
    }
    c.phase = 'pulling'
    this.event(run, undefined, 'Normal', 'Pulling', `Pulling image "${c.image}"`, c)
    const took = Math.round(this.ctx.delays.pull * (present ? 0.3 : 0.8 + Math.random() * 0.4))
    this.after(run, c, took, () => (bad ? this.pullFailed(run, c) : this.pulled(run, c, took)))
  }

  private pulled(run: PodRun, c: ContainerRun, took: number): void {
    this.presentImages.add(`${run.node}|${c.image}`)
    const duration = pullDuration(took)
    this.event(run, undefined, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${duration} (${duration} including waiting). Image size: ${imageSize(c.image)} bytes.`, c)
    this.create(run, c)
  }

  private pullFailed(run: PodRun, c: ContainerRun): void {
    c.pullFailures++
    const error = pullErrorText(c.image)
    this.event(run, undefined, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${error}`, c)
    this.event(run, undefined, 'Warning', 'Failed', 'Error: ErrImagePull', c)
    c.phase = 'pull-error'
    c.message = error
    this.publish(run)
    const backOff = this.backOff(c.pullFailures)
    // The next pod sync finds the pull in back-off; when the back-off ends the kubelet pulls again.
    this.after(run, c, Math.min(this.ctx.delays.backOff / 5, backOff), () => {
      c.phase = 'pull-backoff'
      c.message = `Back-off pulling image "${c.image}"`
      this.event(run, undefined, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, c)
      this.event(run, undefined, 'Warning', 'Failed', 'Error: ImagePullBackOff', c)
      this.publish(run)
    })
    this.after(run, c, backOff, () => this.pull(run, c))
  }

  private backOff(failures: number): number {
    return Math.min(this.ctx.delays.backOff * 2 ** Math.max(0, failures - 1), this.ctx.delays.backOffMax)
  }

  private create(run: PodRun, c: ContainerRun): void {
    this.after(run, c, this.ctx.delays.start, () => this.started(run, c))
  }

  private started(run: PodRun, c: ContainerRun): void {
    const pod = this.current(run)
    if (!pod) return
    if (c.terminated || c.phase === 'crash-backoff') {
      c.last = c.terminated ?? c.last
      c.terminated = undefined
      c.restartCount++
    }
    c.containerID = `containerd://${randomBytes(32).toString('hex')}`
    c.phase = 'running'
    c.message = undefined
    c.startedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    c.started = true
    c.everStarted = true
    this.event(run, pod, 'Normal', 'Created', `Created container: ${c.name}`, c)
    this.event(run, pod, 'Normal', 'Started', `Started container ${c.name}`, c)
    const script = podScript(pod)
    const exit = containerExit(script, this.specOf(run, c), c.init)
    const logged = exit && exit.reason !== 'OOMKilled' ? {exitCode: exit.exitCode} : {} // a killed process writes no last words
    this.writeLog(run, c, {image: c.image, container: c.name, batch: script.batch, ...logged, ...(run.podIP ? {podIP: run.podIP} : {})})
    this.publish(run)
    if (exit) {
      const runTime = c.init ? this.ctx.delays.run / 3 : (script.runSeconds ?? this.ctx.delays.run / 1000) * 1000
      this.after(run, c, runTime, () => this.exited(run, c, exit))
    }
    if (!c.init) this.becomeReady(run, c, pod, script.neverReady)
  }

  private becomeReady(run: PodRun, c: ContainerRun, pod: KubeObject, neverReady: boolean): void {
    const probe = this.specOf(run, c)?.readinessProbe
    if (neverReady) {
      const period = (probe?.periodSeconds ?? 10) * 1000
      const report = () => {
        if (c.phase !== 'running') return
        this.event(run, undefined, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', c)
        this.after(run, c, period, report)
      }
      this.after(run, c, ((probe?.initialDelaySeconds ?? 0) * 1000) + period, report)
      return
    }
    const delay = probe ? (probe.initialDelaySeconds ?? 0) * 1000 + this.ctx.delays.ready : this.ctx.delays.ready / 3
    this.after(run, c, delay, () => {
      if (c.phase !== 'running' || !this.current(run) || meta(pod).uid !== run.uid) return
      c.ready = true
      this.publish(run)
    })
  }

  private exited(run: PodRun, c: ContainerRun, {exitCode, reason}: ContainerExit): void {
    c.phase = 'terminated'
    c.ready = false
    c.started = false
    c.terminated = {
      containerID: c.containerID ?? '',
      exitCode,
      finishedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      reason,
      startedAt: c.startedAt ?? '',
    }
    if (c.init && exitCode === 0) {
      this.publish(run)
      this.startNext(run)
      return
    }
    if (!willRestart(run, exitCode)) {
      this.publish(run)
      return
    }
    c.crashes++
    const wait = c.crashes === 1 ? 0 : this.backOff(c.crashes - 1)
    if (wait === 0) {
      this.publish(run)
      this.restart(run, c)
      return
    }
    c.phase = 'crash-backoff'
    c.last = c.terminated
    c.message = `back-off ${goDuration(wait)} restarting failed container=${c.name} pod=${run.name}_${run.namespace}(${run.uid})`
    this.event(run, undefined, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${run.name}_${run.namespace}(${run.uid})`, c)
    this.publish(run)
    this.after(run, c, wait, () => this.restart(run, c))
  }

  private restart(run: PodRun, c: ContainerRun): void {
    this.event(run, undefined, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, c)
    this.create(run, c)
  }

  /** `kubectl set image pod/…`: the kubelet kills the container and starts the new image. */
  private applySpecChange(run: PodRun, pod: KubeObject): void {
    if (run.stopped) return
    const spec = podSpec(pod)
    for (const c of [...run.initContainers, ...run.containers]) {
      const image = (c.init ? spec.initContainers : spec.containers)?.find((s) => s.name === c.name)?.image
      if (!image || image === c.image) continue
      this.epochOf(c).epoch++
      if (c.phase === 'running') this.event(run, pod, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, c)
      c.image = image
      c.pullFailures = 0
      c.message = undefined
      c.ready = false
      c.started = false
      if (c.phase === 'running' && c.startedAt) {
        c.terminated = {containerID: c.containerID ?? '', exitCode: 0, finishedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), reason: 'Completed', startedAt: c.startedAt}
      }
      c.phase = 'creating'
      this.publish(run)
      if (run.sandboxReady && (c.init || initialized(run))) this.pull(run, c)
    }
  }

  private writeLog(run: PodRun, c: ContainerRun, description: Parameters<typeof startupLog>[0]): void {
    const key = `${run.namespace}/${run.name}/${c.name}`
    const existing = this.ctx.store.logs.get(key)
    if (existing && c.logText === undefined) return // the scenario scripted this container's log
    const text = startupLog(description)
    this.ctx.store.logs.set(key, c.logText !== undefined ? {current: text, previous: c.logText} : {current: text})
    c.logText = text
  }

  private allocateAddress(node: KubeObject): string {
    const name = meta(node).name ?? ''
    const cidr = (node.spec as {podCIDR?: string} | undefined)?.podCIDR ?? '10.244.0.0/24'
    const base = cidr.split('/')[0]!.split('.').slice(0, 3).join('.')
    const n = this.nextAddress.get(name) ?? 100
    this.nextAddress.set(name, n >= 250 ? 2 : n + 1)
    return `${base}.${n}`
  }

  /**
   * A pod being deleted: the kubelet stops its containers (Killing events) and stops simulating
   * it. Removing the pod when its grace period is over is the API server side's job (lifecycle.ts).
   */
  private terminate(pod: KubeObject): void {
    const uid = meta(pod).uid ?? ''
    const fresh = this.ctx.store.get('pods', meta(pod).namespace, meta(pod).name ?? '')?.object
    if (!fresh || fresh.metadata?.uid !== uid || !meta(fresh).deletionTimestamp || this.terminating.has(uid)) return
    this.terminating.add(uid)
    const run = this.runs.get(uid)
    if (run) this.halt(run)
    const running = (podStatus(fresh).containerStatuses ?? []).filter((s) => s.state?.running).map((s) => s.name)
    const host = podSpec(fresh).nodeName
    for (const name of running) this.ctx.recorder.record(fresh, {component: 'kubelet', ...(host ? {host} : {})}, {reason: 'Killing', message: `Stopping container ${name}`, fieldPath: `spec.containers{${name}}`})
    this.ctx.clock.after(this.stopTime(fresh), () => this.confirmDeletion(fresh))
  }

  /** How long the containers take to stop: the stop time, or the whole grace period if they ignore SIGTERM. */
  private stopTime(pod: KubeObject): number {
    const graceMs = (meta(pod).deletionGracePeriodSeconds ?? podSpec(pod).terminationGracePeriodSeconds ?? 30) * 1000
    const ignoresSigterm = meta(pod).annotations?.[POD_SCRIPT_ANNOTATIONS.ignoreSigterm] === 'true'
    return ignoresSigterm ? graceMs : Math.min(graceMs, this.ctx.delays.stop)
  }

  /** The containers have stopped: the kubelet deletes the pod for good (a DELETE with grace 0). */
  private confirmDeletion(pod: KubeObject): void {
    const current = this.ctx.store.get('pods', meta(pod).namespace, meta(pod).name ?? '')?.object
    if (!current || meta(current).uid !== meta(pod).uid || !meta(current).deletionTimestamp) return
    if ((meta(current).finalizers ?? []).length > 0) return
    this.ctx.store.delete('pods', meta(current).namespace, meta(current).name ?? '')
  }

  /**
   * Ephemeral containers in the spec without a status yet: pulled and started (they never
   * become Ready and are never restarted), then listed in status.ephemeralContainerStatuses.
   */
  private startEphemeralContainers(pod: KubeObject): void {
    const spec = podSpec(pod) as {ephemeralContainers?: ContainerSpec[]}
    const reported = new Set(((pod.status as {ephemeralContainerStatuses?: Array<{name: string}>} | undefined)?.ephemeralContainerStatuses ?? []).map((s) => s.name))
    const host = podSpec(pod).nodeName
    for (const c of spec.ephemeralContainers ?? []) {
      const key = `${meta(pod).uid}/${c.name}`
      if (reported.has(c.name) || this.startingEphemeral.has(key)) continue
      this.startingEphemeral.add(key)
      const fieldPath = `spec.ephemeralContainers{${c.name}}`
      const source = {component: 'kubelet', ...(host ? {host} : {})}
      this.ctx.recorder.record(pod, source, {reason: 'Pulling', message: `Pulling image "${c.image ?? ''}"`, fieldPath})
      this.ctx.clock.after(this.ctx.delays.pull + this.ctx.delays.start, () => this.ephemeralStarted(pod, c, fieldPath, source))
    }
  }

  private ephemeralStarted(pod: KubeObject, c: ContainerSpec, fieldPath: string, source: {component: string; host?: string}): void {
    this.startingEphemeral.delete(`${meta(pod).uid}/${c.name}`)
    const current = this.ctx.store.get('pods', meta(pod).namespace, meta(pod).name ?? '')?.object
    if (!current || meta(current).uid !== meta(pod).uid || meta(current).deletionTimestamp) return
    const image = c.image ?? ''
    this.ctx.recorder.record(current, source, {reason: 'Pulled', message: `Successfully pulled image "${image}" in ${pullDuration(this.ctx.delays.pull)} (${pullDuration(this.ctx.delays.pull)} including waiting). Image size: ${imageSize(image)} bytes.`, fieldPath})
    this.ctx.recorder.record(current, source, {reason: 'Created', message: `Created container: ${c.name}`, fieldPath})
    this.ctx.recorder.record(current, source, {reason: 'Started', message: `Started container ${c.name}`, fieldPath})
    const startedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    const status = {containerID: `containerd://${randomBytes(32).toString('hex')}`, image: qualifiedImage(image), imageID: imageId(image), lastState: {}, name: c.name, ready: false, restartCount: 0, state: {running: {startedAt}}}
    const key = `${meta(current).namespace}/${meta(current).name}/${c.name}`
    if (!this.ctx.store.logs.has(key)) this.ctx.store.logs.set(key, {current: ''}) // a debugging shell without a terminal writes nothing
    const previous = (current.status as {ephemeralContainerStatuses?: unknown[]} | undefined)?.ephemeralContainerStatuses ?? []
    writeStatus(this.ctx.store, 'pods', current, {...(current.status as object), ephemeralContainerStatuses: [...previous, status]})
  }

  private halt(run: PodRun): void {
    run.stopped = true
    for (const cancel of run.cancels) cancel()
    run.cancels.clear()
  }

  private forget(run: PodRun): void {
    this.halt(run)
    this.runs.delete(run.uid)
    for (const c of [...run.initContainers, ...run.containers]) if (c.logText !== undefined) this.ctx.store.logs.delete(`${run.namespace}/${run.name}/${c.name}`)
  }
}

interface PodScript {
  exitCode?: number
  runSeconds?: number
  /** What the containers' memory grows to, in bytes. */
  memoryBytes?: bigint
  neverReady: boolean
  batch: boolean
}

function podScript(pod: KubeObject): PodScript {
  const annotations = meta(pod).annotations ?? {}
  const number = (text: string | undefined) => (text !== undefined && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined)
  const exitCode = number(annotations[POD_SCRIPT_ANNOTATIONS.exitCode])
  const runSeconds = number(annotations[POD_SCRIPT_ANNOTATIONS.runSeconds])
  const memoryBytes = bytes(annotations[POD_SCRIPT_ANNOTATIONS.memory])
  return {
    ...(exitCode !== undefined ? {exitCode} : {}),
    ...(runSeconds !== undefined ? {runSeconds} : {}),
    ...(memoryBytes !== undefined ? {memoryBytes} : {}),
    neverReady: annotations[POD_SCRIPT_ANNOTATIONS.ready] === 'false',
    batch: controllerOf(pod)?.kind === 'Job',
  }
}

interface ContainerExit {
  exitCode: number
  reason: 'Completed' | 'Error' | 'OOMKilled'
}

/**
 * How a container's run ends, if it does: OOM-killed when the scripted memory is over its limit
 * (the kernel's verdict, whatever the program would have done); else the scripted exit code, or 0
 * for init containers and Job pods; undefined: it keeps running.
 */
function containerExit(script: PodScript, spec: ContainerSpec | undefined, init: boolean): ContainerExit | undefined {
  const limit = bytes(spec?.resources?.limits?.memory)
  if (script.memoryBytes !== undefined && limit !== undefined && script.memoryBytes > limit) return {exitCode: 137, reason: 'OOMKilled'}
  const exitCode = script.exitCode ?? (init || script.batch ? 0 : undefined)
  if (exitCode === undefined) return undefined
  return {exitCode, reason: exitCode === 0 ? 'Completed' : 'Error'}
}

/** A memory quantity in bytes; undefined when absent or not a quantity. */
function bytes(quantity: string | number | undefined): bigint | undefined {
  return quantityIn(quantity, 1_000_000_000n)
}

function internalIP(node: KubeObject): string {
  const addresses = (node.status as {addresses?: Array<{type: string; address: string}>} | undefined)?.addresses ?? []
  return addresses.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1'
}

/** Go's Duration.String() of a pull time truncated to milliseconds: `812ms`, `1.5s`. */
function pullDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${String(ms / 1000)}s`
}
