import {describe, expect, it} from 'vitest'
import {Clock} from '../../../src/sandbox/scenarios/builders.js'
import {boundVolume, clusterObjects, shopIngress} from '../../../src/sandbox/scenarios/cluster-objects.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

const clock = new Clock(Date.parse('2026-03-01T12:00:00Z'))
const DAY = 86_400_000

describe('clusterObjects', () => {
  const objects = clusterObjects(clock, 30 * DAY)

  it('holds the system priority classes, two storage classes (standard the default) and the nginx IngressClass, no pods', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata!.name}`)).toEqual(['PriorityClass/system-cluster-critical', 'PriorityClass/system-node-critical', 'StorageClass/standard', 'StorageClass/gp3', 'IngressClass/nginx'])
    expect(objects.find((o) => o.metadata!.name === 'system-node-critical')).toMatchObject({value: 2_000_001_000, globalDefault: false})
    const defaults = objects.filter((o) => o.metadata!.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true')
    expect(defaults.map((o) => o.metadata!.name)).toEqual(['standard'])
    expect(objects.every((o) => o.metadata!.creationTimestamp === '2026-01-30T12:00:00Z')).toBe(true)
  })

  it('gives stable uids, different per object', () => {
    const again = clusterObjects(new Clock(0), DAY)
    expect(again.map((o) => o.metadata!.uid)).toEqual(objects.map((o) => o.metadata!.uid))
    expect(new Set(objects.map((o) => o.metadata!.uid)).size).toBe(objects.length)
  })
})

describe('shopIngress', () => {
  it('is a TLS secret and an Ingress for the web Service at the load balancer address', () => {
    const [secret, ingress] = shopIngress(clock, DAY, '203.0.113.10') as [KubeObject & {data: Record<string, string>}, KubeObject]
    expect(secret).toMatchObject({kind: 'Secret', type: 'kubernetes.io/tls', metadata: {name: 'web-tls', namespace: 'shop'}})
    expect(Buffer.from(secret.data['tls.crt']!, 'base64').toString()).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/)
    expect(Buffer.from(secret.data['tls.key']!, 'base64').toString()).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(ingress).toMatchObject({
      kind: 'Ingress',
      spec: {ingressClassName: 'nginx', tls: [{hosts: ['shop.example.com'], secretName: 'web-tls'}], rules: [{host: 'shop.example.com', http: {paths: [{backend: {service: {name: 'web', port: {number: 80}}}}]}}]},
      status: {loadBalancer: {ingress: [{ip: '203.0.113.10'}]}},
    })
  })
})

describe('boundVolume', () => {
  it('is the Bound volume a claim names, referring back to the claim', () => {
    const claim: KubeObject = {apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: {name: 'data-postgres-0', namespace: 'payments', uid: 'claim-uid'}, spec: {volumeName: 'pvc-123', storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '20Gi'}}}}
    const volume = boundVolume(clock, DAY, claim)
    expect(volume.metadata).toMatchObject({name: 'pvc-123', finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection']})
    expect(volume.spec).toMatchObject({accessModes: ['ReadWriteOnce'], capacity: {storage: '20Gi'}, storageClassName: 'gp3', claimRef: {kind: 'PersistentVolumeClaim', name: 'data-postgres-0', namespace: 'payments', uid: 'claim-uid'}})
    expect(volume.status).toEqual({phase: 'Bound'})
  })
})
