/**
 * Objects a real cluster has from its first minute, for the demo: the two system PriorityClasses
 * the API server creates, a default StorageClass (and the class the demo's claims use), and an
 * IngressClass; plus the shop's Ingress with its TLS secret and the volume behind payments'
 * postgres claim. None of them is a pod, so the demo's pod counts stay as they are.
 */
import {uidFor, type Clock} from './builders.js'
import type {KubeObject} from '../types.js'

/** The classes every cluster has (the API server's bootstrap-system-priority-classes hook). */
function systemPriorityClasses(clock: Clock, age: number): KubeObject[] {
  const system = (name: string, value: number, description: string): KubeObject => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: {name, uid: uidFor(`pc/${name}`), creationTimestamp: clock.ago(age), generation: 1},
    value,
    globalDefault: false,
    description,
    preemptionPolicy: 'PreemptLowerPriority',
  })
  return [
    system('system-cluster-critical', 2_000_000_000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'),
    system('system-node-critical', 2_000_001_000, 'Used for system critical pods that must not be moved from their current node.'),
  ]
}

function storageClass(clock: Clock, age: number, name: string, type: string, isDefault: boolean): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {name, uid: uidFor(`sc/${name}`), creationTimestamp: clock.ago(age), ...(isDefault ? {annotations: {'storageclass.kubernetes.io/is-default-class': 'true'}} : {})},
    provisioner: 'ebs.csi.aws.com',
    parameters: {type, 'csi.storage.k8s.io/fstype': 'ext4'},
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  }
}

export function clusterObjects(clock: Clock, clusterAge: number): KubeObject[] {
  return [
    ...systemPriorityClasses(clock, clusterAge),
    storageClass(clock, clusterAge, 'standard', 'gp2', true),
    storageClass(clock, clusterAge, 'gp3', 'gp3', false),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: {name: 'nginx', uid: uidFor('ingressclass/nginx'), creationTimestamp: clock.ago(clusterAge), labels: {'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller'}, annotations: {'ingressclass.kubernetes.io/is-default-class': 'true'}},
      spec: {controller: 'k8s.io/ingress-nginx'},
    },
  ]
}

/** A placeholder PEM block (a demo secret: nothing verifies it). */
function pem(label: string, seed: string): string {
  const body = Buffer.from(`kubekit sandbox demo ${label.toLowerCase()} for ${seed} `.repeat(6)).toString('base64').match(/.{1,64}/g)!.join('\n')
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`
}

/** The shop's public entry: an nginx Ingress for the web Service, TLS from the web-tls secret. */
export function shopIngress(clock: Clock, age: number, loadBalancerIp: string): KubeObject[] {
  const host = 'shop.example.com'
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {name: 'web-tls', namespace: 'shop', uid: uidFor('secret/shop/web-tls'), creationTimestamp: clock.ago(age)},
      type: 'kubernetes.io/tls',
      data: {'tls.crt': Buffer.from(pem('CERTIFICATE', host)).toString('base64'), 'tls.key': Buffer.from(pem('PRIVATE KEY', host)).toString('base64')},
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {name: 'web', namespace: 'shop', uid: uidFor('ingress/shop/web'), creationTimestamp: clock.ago(age), generation: 1},
      spec: {
        ingressClassName: 'nginx',
        tls: [{hosts: [host], secretName: 'web-tls'}],
        rules: [{host, http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: 'web', port: {number: 80}}}}]}}],
      },
      status: {loadBalancer: {ingress: [{ip: loadBalancerIp}]}},
    },
  ]
}

/** The volume a bound claim points at, as the provisioner created it. */
export function boundVolume(clock: Clock, age: number, claim: KubeObject): KubeObject {
  const spec = claim.spec as {volumeName: string; storageClassName: string; accessModes: string[]; resources: {requests: {storage: string}}}
  const m = claim.metadata!
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {name: spec.volumeName, uid: uidFor(`pv/${spec.volumeName}`), creationTimestamp: clock.ago(age), annotations: {'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com', 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': ''}, finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection']},
    spec: {
      accessModes: spec.accessModes,
      capacity: {storage: spec.resources.requests.storage},
      claimRef: {apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: m.name, namespace: m.namespace, uid: m.uid},
      csi: {driver: 'ebs.csi.aws.com', fsType: 'ext4', volumeHandle: 'vol-0a1b2c3d4e5f60718'},
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: spec.storageClassName,
      volumeMode: 'Filesystem',
    },
    status: {phase: 'Bound'},
  }
}
