import {describe, expect, it} from 'vitest'
import type {KubeObject} from '../../../src/kube/client.js'
import {podReferences, treeLines, xrayTree, type XrayReader} from '../../../src/ui/dash/xray.js'

function reader(objects: Record<string, KubeObject[]>, metadataOnly: string[] = []): XrayReader & {fullReads: string[]} {
  const fullReads: string[] = []
  const find = (resource: string, name: string) => {
    const found = (objects[resource] ?? []).find((o) => o.metadata.name === name)
    if (!found) throw new Error(`${resource} "${name}" not found`)
    return found
  }
  return {
    fullReads,
    get: async (resource, _ns, name) => (fullReads.push(`${resource}/${name}`), find(resource, name)),
    metadata: async (resource, _ns, name) => (metadataOnly.push(`${resource}/${name}`), {metadata: find(resource, name).metadata}),
    list: async (resource, _ns, selector, field) =>
      (objects[resource] ?? [])
        .filter((o) => !selector || Object.entries(o.metadata.labels ?? {}).some(([k, v]) => `${k}=${v}` === selector))
        .filter((o) => !field || `spec.nodeName=${String((o as {spec?: {nodeName?: string}}).spec?.nodeName)}` === field),
  }
}

const pod = (name: string, owner: string, extra: Record<string, unknown> = {}): KubeObject => ({metadata: {name, uid: `uid-${name}`, ownerReferences: [{kind: 'ReplicaSet', name: owner, uid: `uid-${owner}`}]}, status: {phase: 'Running'}, ...extra})

describe('xray', () => {
  it('Deployment → its ReplicaSets → their Pods', async () => {
    const objects = {
      deployments: [{metadata: {name: 'web', uid: 'uid-web'}, spec: {replicas: 2}, status: {readyReplicas: 1}}],
      replicasets: [
        {metadata: {name: 'web-1', uid: 'uid-web-1', ownerReferences: [{kind: 'Deployment', name: 'web', uid: 'uid-web'}]}, spec: {replicas: 2}, status: {readyReplicas: 1}},
        {metadata: {name: 'other-1', uid: 'uid-other-1', ownerReferences: [{kind: 'Deployment', name: 'other', uid: 'uid-other'}]}},
      ],
      pods: [pod('web-1-a', 'web-1'), pod('web-1-b', 'web-1', {status: {phase: 'Running', containerStatuses: [{state: {waiting: {reason: 'CrashLoopBackOff'}}}]}}), pod('other-1-a', 'other-1')],
    }
    const lines = treeLines(await xrayTree(reader(objects), 'deployments', 'shop', 'web'))
    expect(lines).toEqual(['Deployment/web  1/2 ready', '└─ ReplicaSet/web-1  1/2 ready', '   ├─ Pod/web-1-a  Running', '   └─ Pod/web-1-b  CrashLoopBackOff'])
  })

  it('Service → EndpointSlices → Pods', async () => {
    const objects = {
      services: [{metadata: {name: 'web'}, spec: {type: 'ClusterIP'}}],
      endpointslices: [{metadata: {name: 'web-abc', labels: {'kubernetes.io/service-name': 'web'}}, endpoints: [{targetRef: {kind: 'Pod', name: 'web-1-a'}, conditions: {ready: true}}, {targetRef: {kind: 'Pod', name: 'gone'}, conditions: {ready: false}}]}],
      pods: [pod('web-1-a', 'web-1')],
    }
    const lines = treeLines(await xrayTree(reader(objects), 'services', 'shop', 'web'))
    expect(lines).toEqual(['Service/web  ClusterIP', '└─ EndpointSlice/web-abc', '   ├─ Pod/web-1-a  Running, ready', '   └─ Pod/gone  not ready'])
  })

  it('Pod → ConfigMaps, Secrets (metadata only), PVCs and its node; a missing one says so', async () => {
    const thePod = pod('api-0', 'x', {
      spec: {
        nodeName: 'worker-1',
        volumes: [{configMap: {name: 'settings'}}, {secret: {secretName: 'tls'}}, {persistentVolumeClaim: {claimName: 'data'}}, {projected: {sources: [{configMap: {name: 'kube-root-ca.crt'}}]}}],
        containers: [{name: 'api', envFrom: [{secretRef: {name: 'db'}}], env: [{name: 'X', valueFrom: {configMapKeyRef: {name: 'settings', key: 'x'}}}]}],
      },
    })
    expect(podReferences(thePod)).toEqual({configMaps: ['kube-root-ca.crt', 'settings'], secrets: ['db', 'tls'], claims: ['data']})
    const metadataReads: string[] = []
    const fake = reader({pods: [thePod], configmaps: [{metadata: {name: 'settings'}}], secrets: [{metadata: {name: 'tls'}}, {metadata: {name: 'db'}}], persistentvolumeclaims: [{metadata: {name: 'data'}, status: {phase: 'Bound'}}]}, metadataReads)
    const lines = treeLines(await xrayTree(fake, 'pods', 'shop', 'api-0'))
    expect(lines).toEqual([
      'Pod/api-0  Running',
      '├─ ConfigMap/kube-root-ca.crt  (missing)',
      '├─ ConfigMap/settings',
      '├─ Secret/db',
      '├─ Secret/tls',
      '├─ PersistentVolumeClaim/data  Bound',
      '└─ Node/worker-1',
    ])
    // Secrets were read as metadata, never whole.
    expect(metadataReads).toEqual(['secrets/db', 'secrets/tls'])
    expect(fake.fullReads.some((read) => read.startsWith('secrets/'))).toBe(false)
  })

  it('CronJob → its Jobs → their Pods', async () => {
    const objects = {
      cronjobs: [{metadata: {name: 'report', uid: 'uid-report'}, spec: {schedule: '0 3 * * *'}}],
      jobs: [
        {metadata: {name: 'report-2', uid: 'uid-report-2', ownerReferences: [{kind: 'CronJob', name: 'report', uid: 'uid-report'}]}, status: {failed: 1}},
        {metadata: {name: 'report-1', uid: 'uid-report-1', ownerReferences: [{kind: 'CronJob', name: 'report', uid: 'uid-report'}]}, status: {succeeded: 1}},
        {metadata: {name: 'other', uid: 'uid-other'}},
      ],
      pods: [
        {metadata: {name: 'report-2-x', ownerReferences: [{kind: 'Job', name: 'report-2', uid: 'uid-report-2'}]}, status: {phase: 'Failed'}},
        {metadata: {name: 'report-1-x', ownerReferences: [{kind: 'Job', name: 'report-1', uid: 'uid-report-1'}]}, status: {phase: 'Succeeded'}},
      ],
    }
    expect(treeLines(await xrayTree(reader(objects), 'cronjobs', 'ops', 'report'))).toEqual([
      'CronJob/report  0 3 * * *',
      '├─ Job/report-1  1 succeeded, 0 failed',
      '│  └─ Pod/report-1-x  Succeeded',
      '└─ Job/report-2  0 succeeded, 1 failed',
      '   └─ Pod/report-2-x  Failed',
    ])
  })

  it('Ingress → its backend Services (with their Pods) and TLS Secrets by metadata; a missing Service says so', async () => {
    const metadataReads: string[] = []
    const objects = {
      ingresses: [
        {
          metadata: {name: 'shop'},
          spec: {
            ingressClassName: 'nginx',
            tls: [{secretName: 'shop-tls'}],
            rules: [{http: {paths: [{backend: {service: {name: 'web', port: {number: 80}}}}, {backend: {service: {name: 'gone', port: {name: 'http'}}}}]}}],
          },
        },
      ],
      services: [{metadata: {name: 'web'}, spec: {type: 'ClusterIP'}}],
      endpointslices: [{metadata: {name: 'web-abc', labels: {'kubernetes.io/service-name': 'web'}}, endpoints: [{targetRef: {kind: 'Pod', name: 'web-1-a'}, conditions: {ready: true}}]}],
      pods: [pod('web-1-a', 'web-1')],
      secrets: [{metadata: {name: 'shop-tls'}, data: {'tls.key': 'c2VjcmV0'}}],
    }
    const read = reader(objects, metadataReads)
    expect(treeLines(await xrayTree(read, 'ingresses', 'shop', 'shop'))).toEqual([
      'Ingress/shop  class nginx',
      '├─ Service/gone  (missing)',
      '├─ Service/web  ClusterIP, port 80',
      '│  └─ EndpointSlice/web-abc',
      '│     └─ Pod/web-1-a  Running, ready',
      '└─ Secret/shop-tls  (TLS)',
    ])
    expect(metadataReads).toEqual(['secrets/shop-tls'])
    expect(read.fullReads).not.toContain('secrets/shop-tls')
  })

  it('Node → the Pods on it (every namespace)', async () => {
    const objects = {
      nodes: [{metadata: {name: 'worker-1'}, status: {conditions: [{type: 'Ready', status: 'True'}]}}],
      pods: [
        {metadata: {name: 'b', namespace: 'shop'}, spec: {nodeName: 'worker-1'}, status: {phase: 'Running'}},
        {metadata: {name: 'a', namespace: 'kube-system'}, spec: {nodeName: 'worker-1'}, status: {phase: 'Running'}},
        {metadata: {name: 'c', namespace: 'shop'}, spec: {nodeName: 'worker-2'}, status: {phase: 'Running'}},
      ],
    }
    expect(treeLines(await xrayTree(reader(objects), 'nodes', '', 'worker-1'))).toEqual(['Node/worker-1  Ready, 2 pods', '├─ Pod/kube-system/a  Running', '└─ Pod/shop/b  Running'])
  })

  it('PersistentVolumeClaim → its PersistentVolume and the Pods that mount it', async () => {
    const objects = {
      persistentvolumeclaims: [{metadata: {name: 'data'}, spec: {volumeName: 'pv-1'}, status: {phase: 'Bound'}}],
      persistentvolumes: [{metadata: {name: 'pv-1'}, status: {phase: 'Bound'}}],
      pods: [
        {metadata: {name: 'db-0'}, spec: {volumes: [{name: 'd', persistentVolumeClaim: {claimName: 'data'}}]}, status: {phase: 'Running'}},
        {metadata: {name: 'web'}, spec: {volumes: []}, status: {phase: 'Running'}},
      ],
    }
    expect(treeLines(await xrayTree(reader(objects), 'persistentvolumeclaims', 'shop', 'data'))).toEqual(['PersistentVolumeClaim/data  Bound', '├─ PersistentVolume/pv-1  Bound', '└─ Pod/db-0  Running'])
  })

  it('Namespace → its workloads, Services, Ingresses and claims', async () => {
    const objects = {
      namespaces: [{metadata: {name: 'shop'}, status: {phase: 'Active'}}],
      deployments: [{metadata: {name: 'web'}, spec: {replicas: 3}, status: {readyReplicas: 3}}, {metadata: {name: 'checkout'}, spec: {replicas: 1}}],
      services: [{metadata: {name: 'web'}, spec: {type: 'LoadBalancer'}}],
      ingresses: [{metadata: {name: 'web'}}],
      persistentvolumeclaims: [{metadata: {name: 'data'}, status: {phase: 'Bound'}}],
    }
    expect(treeLines(await xrayTree(reader(objects), 'namespaces', '', 'shop'))).toEqual([
      'Namespace/shop  Active',
      '├─ Deployment/checkout  0/1 ready',
      '├─ Deployment/web  3/3 ready',
      '├─ Service/web  LoadBalancer',
      '├─ Ingress/web',
      '└─ PersistentVolumeClaim/data  Bound',
    ])
  })

  it('Event → the object it is about, or (missing) once it is gone', async () => {
    const objects = {
      events: [
        {metadata: {name: 'web-1.17f'}, type: 'Warning', reason: 'BackOff', involvedObject: {kind: 'Pod', name: 'web-1', namespace: 'shop'}},
        {metadata: {name: 'old.17f'}, type: 'Normal', reason: 'Scheduled', involvedObject: {kind: 'Pod', name: 'old', namespace: 'shop'}},
      ],
      pods: [{metadata: {name: 'web-1'}, status: {phase: 'Running', containerStatuses: [{state: {waiting: {reason: 'CrashLoopBackOff'}}}]}}],
    }
    expect(treeLines(await xrayTree(reader(objects), 'events', 'shop', 'web-1.17f'))).toEqual(['Event/web-1.17f  Warning BackOff', '└─ Pod/web-1  CrashLoopBackOff'])
    expect(treeLines(await xrayTree(reader(objects), 'events', 'shop', 'old.17f'))).toEqual(['Event/old.17f  Normal Scheduled', '└─ Pod/old  (missing)'])
  })
})
