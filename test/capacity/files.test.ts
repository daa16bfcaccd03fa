import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadFiles, loadText} from '../../src/capacity/files.js'
import type {LoadedFiles} from '../../src/capacity/files.js'
import {buildPlanInput} from '../../src/capacity/inputs.js'
import {computePlan} from '../../src/capacity/plan.js'
import {parseQuantity} from '../../src/capacity/quantity.js'

const q = (text: string) => parseQuantity(text).nanos
const load = (text: string, file = 'plan.yaml'): LoadedFiles => {
  const into: LoadedFiles = {workloads: [], settings: {}, sources: [], warnings: []}
  loadText(text, file, into)
  return into
}

const planFile = `redundancy: 10%
services:
  - name: api
    count: 18
    replicas: 2
    cpu: 2
    memory: 4Gi
daemonsets:
  - name: fluent-bit
    cpu: 100m
    memory: 200Mi
jobs:
  - name: nightly
    concurrency: 3
    cpu: 1
    memory: 2Gi
    gpu: 1
nodes:
  - name: n2-standard-16
    cpu: 16
    memory: 64Gi
    nvidia.com/gpu: 4
    maxPods: 110
reserved: gke
spareNodes: 1
zones: 1
network:
  podCidr: 10.0.0.0/14
  serviceCidr: 10.4.0.0/20
`

describe('plan files', () => {
  it('reads services, daemonsets, jobs, nodes and settings', () => {
    const loaded = load(planFile)
    expect(loaded.workloads).toHaveLength(18 + 1 + 1)
    expect(loaded.workloads[0]).toMatchObject({name: 'api-1', replicas: 2, requests: {cpu: q('2'), memory: q('4Gi')}, source: 'plan.yaml:3'})
    expect(loaded.workloads[18]).toMatchObject({name: 'fluent-bit', perNode: true, requests: {cpu: q('100m'), memory: q('200Mi')}})
    expect(loaded.workloads[19]).toMatchObject({name: 'nightly', kind: 'Job', replicas: 3, requests: {'nvidia.com/gpu': q('1')}})
    expect(loaded.settings).toMatchObject({redundancy: {numerator: 1n, denominator: 10n}, reserved: 'gke', spareNodes: 1, podCidr: '10.0.0.0/14'})
    const result = computePlan(buildPlanInput({}, loaded))
    expect(result.totals.withRedundancy.cpu).toBe(q('79.2') + q('3.3'))
    expect(result.options[0]!.shape.name).toBe('n2-standard-16')
    expect(result.options[0]!.network?.fits).toBe(true)
  })

  it.each([
    ['services:\n  - name: a\n    cpu: 2 cores\n', 'plan.yaml:3: "2 cores" is not a quantity'],
    ['services:\n  - name: a\n    cpu: 1\n    memory: 4GB\n', 'plan.yaml:4: "4GB" is not a quantity: use G (10^9) or Gi (2^30) instead of "GB"'],
    ['services:\n  - name: a\n    cpu: -1\n', 'plan.yaml:3: "-1" is negative'],
    ['services:\n  - name: a\n    replicas: two\n    cpu: 1\n', 'plan.yaml:3: replicas must be a whole number ≥ 0, not "two"'],
    ['services:\n  - name: a\n    cpus: 1\n', 'plan.yaml:3: unknown key "cpus"'],
    ['service:\n  - name: a\n', 'plan.yaml:1: unknown key "service"'],
    ['services: 3\n', 'plan.yaml:1: services must be a list'],
    ['redundancy: lots\n', 'plan.yaml:1: "lots" is not a percentage'],
    ['nodes:\n  - cpu: 16\n', 'plan.yaml:2: a node shape needs cpu and memory'],
    ['services:\n  - name: a\n   cpu: 1\n', 'plan.yaml:3:'],
    ['reserved: gcp\n', 'plan.yaml:1: reserved must be one of'],
  ])('%j → %s', (text, message) => {
    expect(() => load(text)).toThrow(message)
  })
})

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    spec:
      initContainers:
        - name: migrate
          resources: {requests: {cpu: "4", memory: 1Gi}}
        - name: proxy
          restartPolicy: Always
          resources: {requests: {cpu: 100m, memory: 64Mi}}
      containers:
        - name: app
          resources: {requests: {cpu: 500m, memory: 512Mi}, limits: {cpu: "1", memory: 1Gi}}
        - name: helper
          resources: {limits: {cpu: 200m, memory: 128Mi}}
      overhead: {cpu: 50m, memory: 10Mi}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      containers:
        - name: agent
          resources: {requests: {cpu: 100m, memory: 100Mi}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  jobTemplate:
    spec:
      parallelism: 4
      completions: 2
      template:
        spec:
          containers:
            - name: r
              resources: {requests: {cpu: 1, memory: 1Gi}}
---
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db}
    spec:
      replicas: 2
      template:
        spec:
          containers:
            - name: db
              resources: {requests: {cpu: 2, memory: 8Gi}}
  - apiVersion: v1
    kind: Service
    metadata: {name: ignored}
`

describe('manifests', () => {
  it('reads pod requests: containers + sidecars vs the largest init step, + overhead; limits default requests', () => {
    const loaded = load(manifests, 'k8s.yaml')
    expect(loaded.workloads.map((w) => [w.name, w.kind, w.replicas, w.perNode])).toEqual([
      ['deployment/web', 'Deployment', 3, false],
      ['daemonset/agent', 'DaemonSet', 1, true],
      ['cronjob/report', 'CronJob', 2, false],
      ['statefulset/db', 'StatefulSet', 2, false],
    ])
    const web = loaded.workloads[0]!
    // running: 500m + 200m (limit as request) + 100m sidecar = 800m; init: 4 cores (no sidecar before it) → 4 + 50m overhead
    expect(web.requests.cpu).toBe(q('4050m'))
    // memory: running 512Mi + 128Mi + 64Mi = 704Mi > init 1Gi? no: 1Gi wins → 1Gi + 10Mi
    expect(web.requests.memory).toBe(q('1034Mi'))
    expect(web.limits).toEqual({cpu: q('1.2') + q('50m'), memory: q('1152Mi') + q('10Mi')})
    expect(web.source).toBe('k8s.yaml:1')
  })

  it('names the file and line of a bad quantity in a manifest', () => {
    const bad = manifests.replace('cpu: 500m', 'cpu: 500 m')
    expect(() => load(bad, 'k8s.yaml')).toThrow('k8s.yaml:16: "500 m" is not a quantity')
  })

  it('reads directories recursively, multi-document files, and names missing paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-files-'))
    mkdirSync(join(dir, 'apps'))
    writeFileSync(join(dir, 'apps', 'all.yaml'), manifests)
    writeFileSync(join(dir, 'notes.txt'), 'not yaml')
    const loaded = await loadFiles([dir], dir)
    expect(loaded.sources).toEqual(['apps/all.yaml'])
    expect(loaded.workloads).toHaveLength(4)
    await expect(loadFiles([join(dir, 'missing.yaml')])).rejects.toThrow(/-f .*missing.yaml: no such file or directory/)
  })
})
