import {describe, expect, it} from 'vitest'
import {accessModesText, GROUP_PRINTERS} from '../../src/sandbox/group-tables.js'

const NOW = Date.parse('2026-03-01T12:00:00Z')
const created = new Date(NOW - 120_000).toISOString()
const row = (id: string, object: Record<string, unknown>) => GROUP_PRINTERS[id]!.cells({metadata: {name: 'x', creationTimestamp: created}, ...object}, NOW)
const columns = (id: string) => GROUP_PRINTERS[id]!.columns.map((c) => c.name)

describe('accessModesText', () => {
  it('writes the modes present in a fixed order, short', () => {
    expect(accessModesText(['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'])).toBe('RWO,RWX')
    expect(accessModesText(['ReadWriteOncePod', 'ReadOnlyMany'])).toBe('ROX,RWOP')
    expect(accessModesText(undefined)).toBe('')
  })
})

describe('group printers', () => {
  it('mark the default storage class and default its policies', () => {
    const sc = {metadata: {name: 'standard', creationTimestamp: created, annotations: {'storageclass.kubernetes.io/is-default-class': 'true'}}, provisioner: 'rancher.io/local-path'}
    expect(row('storageclasses.storage.k8s.io', sc)).toEqual(['standard (default)', 'rancher.io/local-path', 'Delete', 'Immediate', false, '2m'])
  })

  it('print a persistent volume with its claim, Terminating while deleted', () => {
    const pv = {spec: {capacity: {storage: '10Gi'}, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: {namespace: 'db', name: 'data-db-0'}, storageClassName: 'standard'}, status: {phase: 'Bound'}}
    expect(row('persistentvolumes', pv)).toEqual(['x', '10Gi', 'RWO', 'Retain', 'Bound', 'db/data-db-0', 'standard', '<unset>', '', '2m', '<unset>'])
    expect(row('persistentvolumes', {...pv, metadata: {name: 'x', deletionTimestamp: created}})[4]).toBe('Terminating')
  })

  it('print ingress hosts (four, then how many more, * for none), the address and the TLS ports', () => {
    const hosts = ['a', 'b', 'c', 'd', 'e'].map((h) => ({host: `${h}.example.com`}))
    expect(row('ingresses.networking.k8s.io', {spec: {ingressClassName: 'nginx', rules: hosts, tls: [{}]}, status: {loadBalancer: {ingress: [{ip: '203.0.113.9'}]}}})).toEqual([
      'x',
      'nginx',
      'a.example.com,b.example.com,c.example.com,d.example.com + 1 more...',
      '203.0.113.9',
      '80, 443',
      '2m',
    ])
    expect(row('ingresses.networking.k8s.io', {spec: {rules: [{}]}}).slice(1, 5)).toEqual(['<none>', '*', '', '80'])
  })

  it('print PodDisruptionBudgets with N/A for the unset bound', () => {
    expect(row('poddisruptionbudgets.policy', {spec: {minAvailable: '50%'}, status: {disruptionsAllowed: 1}})).toEqual(['x', '50%', 'N/A', 1, '2m'])
  })

  it('print bindings with their role and subjects, service accounts as namespace/name', () => {
    const binding = {roleRef: {kind: 'ClusterRole', name: 'view'}, subjects: [{kind: 'User', name: 'alice'}, {kind: 'User', name: 'bob'}, {kind: 'Group', name: 'devs'}, {kind: 'ServiceAccount', name: 'ci', namespace: 'build'}]}
    expect(row('rolebindings.rbac.authorization.k8s.io', binding)).toEqual(['x', 'ClusterRole/view', '2m', 'alice, bob', 'devs', 'build/ci'])
    expect(GROUP_PRINTERS['clusterrolebindings.rbac.authorization.k8s.io']!.columns[3]!.description).toBe('Users in the clusterRoleBinding')
  })

  it("print Name and Created At for kinds without a printer (Role, CRD), the timestamp as it is", () => {
    expect(columns('roles.rbac.authorization.k8s.io')).toEqual(['Name', 'Created At'])
    expect(row('customresourcedefinitions.apiextensions.k8s.io', {})).toEqual(['x', created])
  })

  it('print HPA targets: utilisation, values, <unknown> until measured, and more than three summed up', () => {
    const metric = (name: string, target: Record<string, unknown>) => ({type: 'Resource', resource: {name, target}})
    const hpa = {
      spec: {scaleTargetRef: {kind: 'Deployment', name: 'web'}, minReplicas: 2, maxReplicas: 10, metrics: [metric('cpu', {type: 'Utilization', averageUtilization: 80}), metric('memory', {type: 'AverageValue', averageValue: '500Mi'})]},
      status: {currentReplicas: 3, currentMetrics: [{type: 'Resource', resource: {name: 'cpu', current: {averageUtilization: 45}}}]},
    }
    expect(row('horizontalpodautoscalers.autoscaling', hpa)).toEqual(['x', 'Deployment/web', 'cpu: 45%/80%, memory: <unknown>/500Mi', '2', 10, 3, '2m'])
    const many = {spec: {metrics: [1, 2, 3, 4].map(() => ({type: 'External'}))}}
    expect(row('horizontalpodautoscalers.autoscaling', many)[2]).toBe('<unknown>/External, <unknown>/External, <unknown>/External + 1 more...')
    expect(row('horizontalpodautoscalers.autoscaling', {spec: {}}).slice(2, 4)).toEqual(['<none>', '<unset>'])
  })

  it("print an APIService's service or Local, and its Available condition with the reason", () => {
    expect(row('apiservices.apiregistration.k8s.io', {spec: {}, status: {conditions: [{type: 'Available', status: 'True', reason: 'Local'}]}}).slice(1, 3)).toEqual(['Local', 'True'])
    expect(row('apiservices.apiregistration.k8s.io', {spec: {service: {namespace: 'kube-system', name: 'metrics-server'}}, status: {conditions: [{type: 'Available', status: 'False', reason: 'MissingEndpoints'}]}}).slice(1, 3)).toEqual([
      'kube-system/metrics-server',
      'False (MissingEndpoints)',
    ])
    expect(row('apiservices.apiregistration.k8s.io', {})[2]).toBe('Unknown')
  })

  it('print an IngressClass parameters reference and a CSIDriver with its defaults', () => {
    expect(row('ingressclasses.networking.k8s.io', {spec: {controller: 'k8s.io/ingress-nginx', parameters: {apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb'}}})[2]).toBe('IngressParameters.k8s.example.com/external-lb')
    expect(row('csidrivers.storage.k8s.io', {spec: {}})).toEqual(['x', true, false, false, '<unset>', false, '<none>', '2m'])
  })
})
