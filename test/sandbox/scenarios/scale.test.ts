// The scale scenario looks like a large cluster, not only like many Deployments: DaemonSets on
// every node, StatefulSets with bound claims, CronJobs with their last Job, migration Jobs,
// Ingresses behind ingress-nginx, and a few of them failing, all within its pod total.
import {describe, expect, it} from 'vitest'
import {scaleScenario} from '../../../src/sandbox/scenarios/scale.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

const NOW = 1_750_000_000_000

function index(objects: KubeObject[]) {
  const of = (kind: string, namespace?: string) => objects.filter((o) => o.kind === kind && (namespace === undefined || o.metadata?.namespace === namespace))
  const status = (o: KubeObject) => o.status as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  return {of, status}
}

describe('the scale scenario’s other workloads', () => {
  const params = {nodes: 2000, pods: 20000, events: 0, namespaces: 10}
  const objects = scaleScenario(params, NOW).objects
  const {of, status} = index(objects)

  it('keeps the pod total, with one pod per node for each DaemonSet and unique names', () => {
    const pods = of('Pod')
    expect(pods).toHaveLength(20000)
    expect(new Set(pods.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`)).size).toBe(20000)
    for (const [ns, name] of [['kube-system', 'kube-proxy'], ['logging', 'fluent-bit']]) {
      const owned = pods.filter((p) => p.metadata?.namespace === ns && p.metadata.ownerReferences?.[0]?.name === name)
      expect(new Set(owned.map((p) => (p.spec as {nodeName: string}).nodeName)).size).toBe(2000)
    }
    expect(status(of('DaemonSet', 'logging')[0]!)).toMatchObject({desiredNumberScheduled: 2000, numberReady: 1996})
    const oomLooping = pods.filter((p) => JSON.stringify(p.status).includes('"reason":"OOMKilled"'))
    expect(oomLooping.map((p) => p.metadata!.namespace)).toEqual(['logging', 'logging', 'logging', 'logging'])
  })

  it('gives every team namespace a StatefulSet whose pods use bound claims; one replica crash-loops', () => {
    const sets = of('StatefulSet')
    expect(sets).toHaveLength(10)
    const claims = of('PersistentVolumeClaim')
    const volumes = new Map(of('PersistentVolume').map((v) => [v.metadata!.name, v]))
    const bound = claims.filter((c) => status(c).phase === 'Bound')
    expect(bound).toHaveLength(30)
    for (const c of bound) expect((volumes.get((c.spec as {volumeName: string}).volumeName)!.spec as {claimRef: {uid: string}}).claimRef.uid).toBe(c.metadata!.uid)
    expect(claims.filter((c) => status(c).phase === 'Pending').map((c) => `${c.metadata!.namespace}/${c.metadata!.name} ${(c.spec as {storageClassName: string}).storageClassName}`)).toEqual(['team-001/uploads fast-ssd'])
    expect(sets.filter((s) => status(s).readyReplicas !== 3).map((s) => s.metadata!.namespace)).toEqual(['team-003'])
  })

  it('has CronJobs with their last Job and pod, migration Jobs, and one failed run', () => {
    expect(of('CronJob')).toHaveLength(5)
    const jobs = of('Job')
    expect(jobs).toHaveLength(7)
    const finished = (j: KubeObject) => (status(j).conditions as Array<{type: string}>).map((c) => c.type).join('+')
    expect(jobs.filter((j) => finished(j) === 'FailureTarget+Failed').map((j) => `${j.metadata!.namespace}/${j.metadata!.ownerReferences?.[0]?.name}`)).toEqual(['team-004/nightly-report'])
    expect(jobs.filter((j) => finished(j) === 'SuccessCriteriaMet+Complete')).toHaveLength(6)
    const jobPods = of('Pod').filter((p) => p.metadata?.ownerReferences?.[0]?.kind === 'Job')
    expect(jobPods.map((p) => status(p).phase).sort()).toEqual(['Failed', ...Array(6).fill('Succeeded')])
    expect(jobPods.every((p) => (p.spec as {restartPolicy: string}).restartPolicy === 'Never')).toBe(true)
  })

  it('routes an Ingress per namespace to a Service with endpoints, except one whose Service does not exist', () => {
    const services = new Set(of('Service').map((s) => `${s.metadata!.namespace}/${s.metadata!.name}`))
    const missing = of('Ingress').filter((i) => {
      const backend = (i.spec as {rules: Array<{http: {paths: Array<{backend: {service: {name: string}}}>}}>}).rules[0]!.http.paths[0]!.backend.service.name
      return !services.has(`${i.metadata!.namespace}/${backend}`)
    })
    expect(of('Ingress')).toHaveLength(10)
    expect(missing.map((i) => i.metadata!.namespace)).toEqual(['team-002'])
    const controllers = of('Pod', 'ingress-nginx').filter((p) => p.metadata?.labels?.['app.kubernetes.io/component'] === 'controller')
    expect(controllers.map((p) => status(p).phase)).toEqual(['Running', 'Running'])
    expect(of('IngressClass').map((c) => (c.spec as {controller: string}).controller)).toEqual(['k8s.io/ingress-nginx'])
  })

  it('leaves the other workloads out when the pod total is too small for them', () => {
    const tiny = index(scaleScenario({nodes: 100, pods: 300, events: 0, namespaces: 2}, NOW).objects)
    expect(tiny.of('Pod')).toHaveLength(300)
    expect(tiny.of('DaemonSet')).toEqual([])
  })
})
