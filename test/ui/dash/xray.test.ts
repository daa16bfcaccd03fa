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
    list: async (resource, _ns, selector) => (objects[resource] ?? []).filter((o) => !selector || Object.entries(o.metadata.labels ?? {}).some(([k, v]) => `${k}=${v}` === selector)),
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
})
