/**
 * The PersistentVolume controller with a dynamic provisioner for every StorageClass (as a CSI
 * driver's external-provisioner would be): a Pending claim binds to an Available volume that fits
 * (class, access modes, size), else, when its StorageClass exists, a volume `pvc-<claim uid>` is
 * provisioned after a short delay — at once for `Immediate` classes, once a pod using the claim is
 * on a node for `WaitForFirstConsumer` — and both become Bound, with the controller's events and
 * annotations. A deleted claim's volume is deleted (reclaimPolicy Delete) or Released (Retain).
 * A volume created without a claim becomes Available.
 */
import type {StoreEvent} from '../store.js'
import type {KubeObject} from '../types.js'
import type {ControllerContext} from './context.js'
import {meta, modify, objectKey, specOf, splitKey, statusOf} from './objects.js'
import {WorkQueue} from './queue.js'

const CLAIMS = 'persistentvolumeclaims'
const VOLUMES = 'persistentvolumes'
const CLASSES = 'storageclasses.storage.k8s.io'
const COMPONENT = {component: 'persistentvolume-controller'}

interface ClaimSpec {
  storageClassName?: string
  volumeName?: string
  accessModes?: string[]
  volumeMode?: string
  resources?: {requests?: {storage?: string}}
}

interface VolumeSpec {
  storageClassName?: string
  accessModes?: string[]
  capacity?: {storage?: string}
  claimRef?: {namespace?: string; name?: string; uid?: string}
  persistentVolumeReclaimPolicy?: string
}

interface StorageClass {
  provisioner?: string
  reclaimPolicy?: string
  volumeBindingMode?: string
}

const UNITS: Record<string, number> = {'': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5}

/** A storage quantity in bytes (sizes only need comparing here). */
export function storageBytes(quantity: string | undefined): number {
  const match = /^(\d+(?:\.\d+)?)([KMGTP]i?|k)?$/.exec(quantity ?? '')
  return match ? Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1) : 0
}

export class VolumeBinder {
  private readonly queue: WorkQueue
  private readonly unsubscribes: Array<() => void>
  private readonly provisioning = new Set<string>()

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('persistentvolume', ctx.clock, (key) => this.sync(key))
    this.unsubscribes = [
      ctx.store.subscribe(CLAIMS, (event) => this.onClaimEvent(event)),
      ctx.store.subscribe(VOLUMES, (event) => this.onVolumeEvent(event)),
      ctx.store.subscribe('pods', (event) => this.onPodEvent(event)),
      ctx.store.subscribe(CLASSES, (event) => this.onClassEvent(event)),
    ]
  }

  stop(): void {
    for (const u of this.unsubscribes) u()
  }

  adopt(object: KubeObject): void {
    if (object.kind === 'PersistentVolume') this.queue.add(`pv:${meta(object).name}`)
    else if (statusOf<{phase?: string}>(object).phase !== 'Bound') this.queue.add(`pvc:${objectKey(object)}`)
  }

  private onClaimEvent(event: StoreEvent): void {
    const claim = event.entry.object
    if (event.type === 'DELETED') {
      const volume = specOf<ClaimSpec>(claim).volumeName
      if (volume) this.queue.add(`released:${volume}`)
      return
    }
    if (statusOf<{phase?: string}>(claim).phase !== 'Bound') this.queue.add(`pvc:${objectKey(claim)}`)
  }

  private onVolumeEvent(event: StoreEvent): void {
    if (event.type !== 'ADDED') return
    this.queue.add(`pv:${meta(event.entry.object).name}`)
  }

  /** A new class: the claims waiting for it are retried (the real controller resyncs every 15 s). */
  private onClassEvent(event: StoreEvent): void {
    if (event.type !== 'ADDED') return
    const name = meta(event.entry.object).name
    for (const entry of this.ctx.store.list(CLAIMS).entries) {
      if (specOf<ClaimSpec>(entry.object).storageClassName === name && statusOf<{phase?: string}>(entry.object).phase !== 'Bound') this.queue.add(`pvc:${objectKey(entry.object)}`)
    }
  }

  /** A pod on a node that uses a claim still waiting for its first consumer. */
  private onPodEvent(event: StoreEvent): void {
    const pod = event.entry.object
    if (event.type === 'DELETED' || !(pod.spec as {nodeName?: string} | undefined)?.nodeName) return
    const volumes = ((pod.spec as {volumes?: Array<{persistentVolumeClaim?: {claimName?: string}}>}).volumes ?? [])
    for (const v of volumes) if (v.persistentVolumeClaim?.claimName) this.queue.add(`pvc:${meta(pod).namespace}/${v.persistentVolumeClaim.claimName}`)
  }

  private sync(key: string): void {
    const [kind, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)]
    if (kind === 'pvc') this.syncClaim(rest)
    else if (kind === 'pv') this.syncVolume(rest)
    else this.release(rest)
  }

  /** A volume without a claim is Available, and Pending claims may now bind to it. */
  private syncVolume(name: string): void {
    const volume = this.ctx.store.get(VOLUMES, undefined, name)?.object
    if (!volume || meta(volume).deletionTimestamp) return
    const spec = specOf<VolumeSpec>(volume)
    if (spec.claimRef || statusOf<{phase?: string}>(volume).phase === 'Available') return
    modify(this.ctx.store, VOLUMES, volume, (current) => ({...current, metadata: {...current.metadata, resourceVersion: undefined}, status: {phase: 'Available'}}))
    for (const entry of this.ctx.store.list(CLAIMS).entries) if (statusOf<{phase?: string}>(entry.object).phase === 'Pending') this.queue.add(`pvc:${objectKey(entry.object)}`)
  }

  private syncClaim(key: string): void {
    const {namespace, name} = splitKey(key)
    const claim = this.ctx.store.get(CLAIMS, namespace, name)?.object
    if (!claim || meta(claim).deletionTimestamp || statusOf<{phase?: string}>(claim).phase === 'Bound') return
    const spec = specOf<ClaimSpec>(claim)
    const available = spec.volumeName ? this.ctx.store.get(VOLUMES, undefined, spec.volumeName)?.object : this.findVolume(claim)
    if (available) return this.bind(claim, available)
    const className = spec.storageClassName
    const storageClass = className ? this.ctx.store.get(CLASSES, undefined, className)?.object : undefined
    if (!storageClass) {
      if (className) this.ctx.recorder.record(claim, COMPONENT, {type: 'Warning', reason: 'ProvisioningFailed', message: `storageclass.storage.k8s.io "${className}" not found`})
      else this.ctx.recorder.record(claim, COMPONENT, {reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set'})
      return
    }
    const sc = storageClass as StorageClass
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !this.hasScheduledConsumer(claim)) {
      this.ctx.recorder.record(claim, COMPONENT, {reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding'})
      return
    }
    this.provision(claim, className!, sc)
  }

  private hasScheduledConsumer(claim: KubeObject): boolean {
    const name = meta(claim).name
    return this.ctx.store.list('pods', {namespace: meta(claim).namespace}).entries.some((e) => {
      const spec = e.object.spec as {nodeName?: string; volumes?: Array<{persistentVolumeClaim?: {claimName?: string}}>} | undefined
      return Boolean(spec?.nodeName) && (spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name)
    })
  }

  /** An Available volume of the claim's class with the access modes and at least the size asked for. */
  private findVolume(claim: KubeObject): KubeObject | undefined {
    const spec = specOf<ClaimSpec>(claim)
    const wanted = storageBytes(spec.resources?.requests?.storage)
    const candidates = this.ctx.store.list(VOLUMES).entries.map((e) => e.object).filter((v) => {
      const vs = specOf<VolumeSpec>(v)
      return statusOf<{phase?: string}>(v).phase === 'Available' && !vs.claimRef && (vs.storageClassName ?? '') === (spec.storageClassName ?? '') && (spec.accessModes ?? []).every((m) => vs.accessModes?.includes(m)) && storageBytes(vs.capacity?.storage) >= wanted
    })
    return candidates.sort((a, b) => storageBytes(specOf<VolumeSpec>(a).capacity?.storage) - storageBytes(specOf<VolumeSpec>(b).capacity?.storage))[0]
  }

  private provision(claim: KubeObject, className: string, sc: StorageClass): void {
    const uid = meta(claim).uid ?? ''
    if (this.provisioning.has(uid)) return
    this.provisioning.add(uid)
    const provisioner = sc.provisioner ?? 'kubernetes.io/no-provisioner'
    const claimName = `${meta(claim).namespace}/${meta(claim).name}`
    this.ctx.recorder.record(claim, COMPONENT, {reason: 'ExternalProvisioning', message: `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`})
    this.ctx.recorder.record(claim, {component: `${provisioner}_sandbox-provisioner`}, {reason: 'Provisioning', message: `External provisioner is provisioning volume for claim "${claimName}"`})
    this.ctx.clock.after(this.ctx.delays.provision, () => {
      this.provisioning.delete(uid)
      const current = this.ctx.store.get(CLAIMS, meta(claim).namespace, meta(claim).name ?? '')?.object
      if (!current || meta(current).uid !== uid || statusOf<{phase?: string}>(current).phase === 'Bound') return
      const volume = this.ctx.store.get(VOLUMES, undefined, `pvc-${uid}`)?.object ?? this.ctx.store.create(provisionedVolume(current, className, sc, provisioner))
      this.ctx.recorder.record(current, {component: `${provisioner}_sandbox-provisioner`}, {reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${meta(volume).name}`})
      this.bind(current, volume)
    })
  }

  /** Claim and volume point at each other and are both Bound. */
  private bind(claim: KubeObject, volume: KubeObject): void {
    const claimSpec = specOf<ClaimSpec>(claim)
    const volumeSpec = specOf<VolumeSpec>(volume)
    const m = meta(claim)
    modify(this.ctx.store, VOLUMES, volume, (current) => ({
      ...current,
      metadata: {...current.metadata, resourceVersion: undefined, annotations: {...current.metadata?.annotations, 'pv.kubernetes.io/bound-by-controller': 'yes'}},
      spec: {...(current.spec as object), claimRef: {apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: m.name, namespace: m.namespace, resourceVersion: m.resourceVersion, uid: m.uid}},
      status: {phase: 'Bound'},
    }))
    const provisioner = meta(volume).annotations?.['pv.kubernetes.io/provisioned-by']
    modify(this.ctx.store, CLAIMS, claim, (current) => ({
      ...current,
      metadata: {...current.metadata, resourceVersion: undefined, annotations: {...current.metadata?.annotations, 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes', ...(provisioner ? {'volume.beta.kubernetes.io/storage-provisioner': provisioner, 'volume.kubernetes.io/storage-provisioner': provisioner} : {})}},
      spec: {...(current.spec as object), volumeName: meta(volume).name},
      status: {phase: 'Bound', accessModes: volumeSpec.accessModes ?? claimSpec.accessModes ?? [], capacity: {storage: volumeSpec.capacity?.storage ?? claimSpec.resources?.requests?.storage ?? ''}},
    }))
  }

  /** The claim of a bound volume is gone: reclaim the volume. */
  private release(name: string): void {
    const volume = this.ctx.store.get(VOLUMES, undefined, name)?.object
    if (!volume) return
    if ((specOf<VolumeSpec>(volume).persistentVolumeReclaimPolicy ?? 'Delete') === 'Delete') {
      this.ctx.store.delete(VOLUMES, undefined, name)
      return
    }
    modify(this.ctx.store, VOLUMES, volume, (current) => ({...current, metadata: {...current.metadata, resourceVersion: undefined}, status: {phase: 'Released'}}))
  }
}

function provisionedVolume(claim: KubeObject, className: string, sc: StorageClass, provisioner: string): KubeObject {
  const spec = specOf<ClaimSpec>(claim)
  const name = `pvc-${meta(claim).uid}`
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {name, annotations: {'pv.kubernetes.io/provisioned-by': provisioner, 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': ''}},
    spec: {
      accessModes: spec.accessModes ?? ['ReadWriteOnce'],
      capacity: {storage: spec.resources?.requests?.storage ?? '1Gi'},
      csi: {driver: provisioner, volumeHandle: name, volumeAttributes: {'storage.kubernetes.io/csiProvisionerIdentity': `sandbox-${provisioner}`}},
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: className,
      volumeMode: spec.volumeMode ?? 'Filesystem',
    },
    status: {phase: 'Pending'},
  }
}
