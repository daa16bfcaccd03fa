import {describe, expect, it} from 'vitest'
import {applyCreateDefaults, applyUpdateDefaults, defaultPullPolicy, podQosClass, serviceAllocator} from '../../src/sandbox/defaults.js'
import type {KubeObject} from '../../src/sandbox/types.js'

type Fields = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const fixedAllocator = () => serviceAllocator()

describe('defaultPullPolicy', () => {
  it('is Always for :latest or no tag, IfNotPresent for a tag or a digest', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always')
    expect(defaultPullPolicy('nginx:latest')).toBe('Always')
    expect(defaultPullPolicy('localhost:5000/app')).toBe('Always')
    expect(defaultPullPolicy('localhost:5000/app:v1')).toBe('IfNotPresent')
    expect(defaultPullPolicy('nginx@sha256:abc')).toBe('IfNotPresent')
  })
})

describe('podQosClass', () => {
  const c = (resources: Fields) => ({name: 'c', image: 'i', resources})
  it('is BestEffort without any requests or limits', () => {
    expect(podQosClass({containers: [c({}), {name: 'd'}]})).toBe('BestEffort')
  })
  it('is Guaranteed when every container limits cpu and memory with equal (or defaulted) requests', () => {
    expect(podQosClass({containers: [c({limits: {cpu: '1', memory: '1Gi'}}), c({requests: {cpu: '1', memory: '1Gi'}, limits: {cpu: '1', memory: '1Gi'}})]})).toBe('Guaranteed')
  })
  it('is Burstable otherwise, init containers included', () => {
    expect(podQosClass({containers: [c({requests: {cpu: '100m'}})]})).toBe('Burstable')
    expect(podQosClass({containers: [c({requests: {cpu: '500m', memory: '1Gi'}, limits: {cpu: '1', memory: '1Gi'}})]})).toBe('Burstable')
    expect(podQosClass({containers: [c({limits: {cpu: '1', memory: '1Gi'}})], initContainers: [c({})]})).toBe('Burstable')
  })
})

describe('serviceAllocator', () => {
  it('hands out cluster IPs after kube-dns, skipping taken ones and .0/.255', () => {
    const taken = {clusterIps: new Set(['10.96.0.12']), nodePorts: new Set([30000, 30001])}
    const allocate = serviceAllocator(() => taken)
    expect(allocate.clusterIp()).toBe('10.96.0.11')
    expect(allocate.clusterIp()).toBe('10.96.0.13')
    expect(allocate.nodePort()).toBe(30002)
    expect(allocate.nodePort()).toBe(30003)
    const many = serviceAllocator()
    const ips = Array.from({length: 300}, () => many.clusterIp())
    expect(ips).not.toContain('10.96.1.0')
    expect(ips).not.toContain('10.96.0.255')
    expect(ips).toContain('10.96.1.1')
  })
})

describe('applyCreateDefaults', () => {
  it('defaults a pod: Pending with its QoS class, spec and container defaults, the two NoExecute tolerations', () => {
    const pod = applyCreateDefaults({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: {containers: [{name: 'app', image: 'nginx:1.25', ports: [{containerPort: 80}]}], tolerations: [{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60}]}}) as Fields
    expect(pod.status).toEqual({phase: 'Pending', qosClass: 'BestEffort'})
    expect(pod.spec).toMatchObject({dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, serviceAccountName: 'default', serviceAccount: 'default', priority: 0, enableServiceLinks: true})
    expect(pod.spec.containers[0]).toEqual({name: 'app', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ports: [{containerPort: 80, protocol: 'TCP'}]})
    expect(pod.spec.tolerations).toEqual([
      {key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60},
      {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
    ])
  })

  it('keeps a given serviceAccountName and restartPolicy', () => {
    const pod = applyCreateDefaults({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: {serviceAccountName: 'builder', restartPolicy: 'Never', containers: []}}) as Fields
    expect(pod.spec).toMatchObject({serviceAccountName: 'builder', serviceAccount: 'builder', restartPolicy: 'Never'})
  })

  it('defaults a Deployment: replicas 1, RollingUpdate 25%/25%, history 10, deadline 600, generation 1, template defaults', () => {
    const deployment = applyCreateDefaults({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec: {selector: {matchLabels: {app: 'web'}}, strategy: {rollingUpdate: {maxSurge: 1}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'nginx'}]}}}}) as Fields
    expect(deployment.metadata.generation).toBe(1)
    expect(deployment.status).toEqual({})
    expect(deployment.spec).toMatchObject({replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '25%', maxSurge: 1}}})
    expect(deployment.spec.template.metadata).toEqual({creationTimestamp: null, labels: {app: 'web'}})
    expect(deployment.spec.template.spec.containers[0].imagePullPolicy).toBe('Always')
  })

  it('leaves Recreate without rollingUpdate, and a Job gets parallelism and completions only when both are unset', () => {
    const recreate = applyCreateDefaults({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'w'}, spec: {strategy: {type: 'Recreate'}}}) as Fields
    expect(recreate.spec.strategy).toEqual({type: 'Recreate'})
    const job = applyCreateDefaults({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'j'}, spec: {template: {spec: {containers: []}}}}) as Fields
    expect(job.spec).toMatchObject({parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false})
    expect(job.spec.template.spec.restartPolicy).toBe('Never')
    expect(job.spec).not.toHaveProperty('manualSelector')
    const parallel = applyCreateDefaults({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'j'}, spec: {completions: 5, template: {spec: {restartPolicy: 'OnFailure', containers: []}}}}) as Fields
    expect(parallel.spec).not.toHaveProperty('parallelism')
    expect(parallel.spec.template.spec.restartPolicy).toBe('OnFailure')
  })

  it("gives a ReplicationController its template's labels as selector and labels when it has none", () => {
    const rc = applyCreateDefaults({apiVersion: 'v1', kind: 'ReplicationController', metadata: {name: 'rc'}, spec: {template: {metadata: {labels: {app: 'db'}}, spec: {containers: []}}}}) as Fields
    expect(rc.spec.selector).toEqual({app: 'db'})
    expect(rc.metadata.labels).toEqual({app: 'db'})
    expect(rc.spec.replicas).toBe(1)
  })

  it('defaults a Service: ClusterIP with an allocated IP; node ports for NodePort; targetPort from port', () => {
    const service = applyCreateDefaults({apiVersion: 'v1', kind: 'Service', metadata: {name: 's'}, spec: {type: 'NodePort', ports: [{port: 80}]}}, fixedAllocator()) as Fields
    expect(service.spec).toEqual({
      type: 'NodePort',
      sessionAffinity: 'None',
      ports: [{protocol: 'TCP', targetPort: 80, port: 80, nodePort: 30000}],
      clusterIP: '10.96.0.11',
      clusterIPs: ['10.96.0.11'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      externalTrafficPolicy: 'Cluster',
    })
    expect(service.status).toEqual({loadBalancer: {}})
    const external = applyCreateDefaults({apiVersion: 'v1', kind: 'Service', metadata: {name: 'x'}, spec: {type: 'ExternalName', externalName: 'example.com'}}, fixedAllocator()) as Fields
    expect(external.spec).not.toHaveProperty('clusterIP')
    const headless = applyCreateDefaults({apiVersion: 'v1', kind: 'Service', metadata: {name: 'h'}, spec: {clusterIP: 'None'}}, fixedAllocator()) as Fields
    expect(headless.spec.clusterIPs).toEqual(['None'])
  })

  it('labels a namespace with its name and gives it the kubernetes finalizer', () => {
    const ns = applyCreateDefaults({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team-a', labels: {env: 'dev'}}}) as Fields
    expect(ns).toMatchObject({metadata: {labels: {env: 'dev', 'kubernetes.io/metadata.name': 'team-a'}}, spec: {finalizers: ['kubernetes']}, status: {phase: 'Active'}})
  })

  it('defaults Secrets, volumes, and kinds of other groups; leaves the rest alone', () => {
    expect(applyCreateDefaults({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}}).type).toBe('Opaque')
    expect(applyCreateDefaults({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}, type: 'kubernetes.io/tls'}).type).toBe('kubernetes.io/tls')
    expect(applyCreateDefaults({apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: {name: 'c'}, spec: {}})).toMatchObject({spec: {volumeMode: 'Filesystem'}, status: {phase: 'Pending'}})
    expect(applyCreateDefaults({apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: {name: 'sc'}})).toMatchObject({reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate'})
    expect(applyCreateDefaults({apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: {name: 'h'}, spec: {maxReplicas: 3}})).toMatchObject({spec: {minReplicas: 1, maxReplicas: 3}})
    const configMap: KubeObject = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {a: 'b'}}
    expect(applyCreateDefaults(configMap)).toBe(configMap)
  })
})

describe('applyUpdateDefaults', () => {
  it("defaults a replaced workload spec again and keeps a namespace's name label", () => {
    const updated = applyUpdateDefaults({apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: {name: 'db'}, spec: {serviceName: 'db'}}) as Fields
    expect(updated.spec).toMatchObject({replicas: 1, podManagementPolicy: 'OrderedReady', updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 0}}})
    expect(applyUpdateDefaults({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'n', labels: {}}}).metadata?.labels).toEqual({'kubernetes.io/metadata.name': 'n'})
    const pod: KubeObject = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: {}}
    expect(applyUpdateDefaults(pod)).toBe(pod)
  })
})
