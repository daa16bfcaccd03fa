// Kubernetes manifests as plan workloads (src/capacity/manifests.ts), read through the plan-file
// loader as `capacity plan -f` reads them: workload kinds, the objects that change them (HPA,
// LimitRange, RuntimeClass), kinds it does not know, and the errors of bad manifests.
import {describe, expect, it} from 'vitest'
import {loadText} from '../../src/capacity/files.js'
import type {LoadedFiles} from '../../src/capacity/files.js'
import {emptyManifestState, readManifest, resolveManifests, type DocumentReader} from '../../src/capacity/manifests.js'
import {parseQuantity} from '../../src/capacity/quantity.js'
import type {Workload} from '../../src/capacity/model.js'

const q = (text: string) => parseQuantity(text).nanos
const load = (text: string): LoadedFiles => {
  const into: LoadedFiles = {workloads: [], settings: {}, sources: [], warnings: []}
  loadText(text, 'k8s.yaml', into)
  return into
}

describe('manifests', () => {
  it('plans at HPA maxReplicas and says so', () => {
    const loaded = load(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  template: {spec: {containers: [{name: app, resources: {requests: {cpu: 500m, memory: 1Gi}}}]}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 3, maxReplicas: 10}
`)
    expect(loaded.workloads[0]).toMatchObject({name: 'deployment/web', replicas: 10, replicasNote: 'HPA web maxReplicas 10 (spec.replicas 3)'})
    expect(loaded.warnings).toEqual(['deployment/web planned at HPA web maxReplicas 10 (spec.replicas 3)'])
  })

  it('applies LimitRange defaults and RuntimeClass overhead', () => {
    const loaded = load(`apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: shop}
spec: {limits: [{type: Container, defaultRequest: {cpu: 250m, memory: 256Mi}, default: {cpu: "1", memory: 512Mi}}]}
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: kata}
handler: kata
overhead: {podFixed: {cpu: 250m, memory: 160Mi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 2
  template: {spec: {runtimeClassName: kata, containers: [{name: app}]}}
`)
    expect(loaded.workloads[0]!.requests).toEqual({cpu: q('500m'), memory: q('416Mi')})
    expect(loaded.workloads[0]!.limits).toEqual({cpu: q('1250m'), memory: q('672Mi')})
  })

  it('warns about unknown kinds: plans a pod template (Argo Rollout), names the rest', () => {
    const loaded = load(`apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: checkout}
spec: {replicas: 4, template: {spec: {containers: [{name: app, resources: {requests: {cpu: "1"}}}]}}}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: 3}
`)
    expect(loaded.workloads).toMatchObject([{name: 'rollout/checkout', kind: 'Custom', replicas: 4}])
    expect(loaded.warnings).toEqual([
      'k8s.yaml:1: Rollout/checkout is not a built-in workload; planned from its pod template (spec.template) × 4 (spec.replicas)',
      'k8s.yaml:6: Widget/w has no pod template kubekit knows (spec.template); not planned — add its pods as services in a plan file',
    ])
  })

})

describe('workload kinds and replicas', () => {
  it('Deployments and StatefulSets by spec.replicas, Jobs by parallelism capped by completions, CronJobs through their job template, Pods and DaemonSets one', () => {
    const loaded = load(`apiVersion: v1
kind: List
items:
- {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db}, spec: {replicas: 3, template: {spec: {containers: [{name: pg, resources: {requests: {cpu: "2", memory: 4Gi}}}]}}}}
- {apiVersion: batch/v1, kind: Job, metadata: {name: migrate}, spec: {parallelism: 5, completions: 2, template: {spec: {containers: [{name: m, resources: {requests: {cpu: 500m}}}]}}}}
- {apiVersion: batch/v1, kind: Job, metadata: {name: crawl}, spec: {parallelism: 4, template: {spec: {containers: [{name: c, resources: {requests: {cpu: 100m}}}]}}}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec: {schedule: "0 3 * * *", jobTemplate: {spec: {parallelism: 2, template: {spec: {containers: [{name: r, resources: {requests: {memory: 1Gi}}}]}}}}}
---
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec: {containers: [{name: sh, resources: {requests: {cpu: 10m}}}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec: {template: {spec: {containers: [{name: app, resources: {requests: {cpu: 250m}}}]}}}
`)
    expect(loaded.workloads.map((w) => [w.name, w.kind, w.replicas, w.perNode])).toEqual([
      ['statefulset/db', 'StatefulSet', 3, false],
      ['job/migrate', 'Job', 2, false],
      ['job/crawl', 'Job', 4, false],
      ['cronjob/report', 'CronJob', 2, false],
      ['pod/debug', 'Pod', 1, false],
      ['deployment/web', 'Deployment', 1, false],
    ])
    expect(loaded.workloads.find((w) => w.name === 'cronjob/report')!.requests).toEqual({memory: q('1Gi')})
    expect(loaded.warnings).toEqual([])
  })

  it('kinds that run no pods are read silently', () => {
    const loaded = load(`apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: b}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec: {minAvailable: 1}
`)
    expect([loaded.workloads, loaded.warnings]).toEqual([[], []])
  })

  it('a DaemonSet keeps its required node affinity as terms (values default to none); other workloads carry no selection', () => {
    const loaded = load(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: csi-node, namespace: kube-system}
spec:
  template:
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{key: node.kubernetes.io/instance-type, operator: NotIn, values: [t3.micro]}]
            - matchExpressions: [{key: storage.example.com/local-ssd, operator: Exists}]
      containers: [{name: driver, resources: {requests: {cpu: 50m, memory: 64Mi}}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache}
spec: {replicas: 2, template: {spec: {nodeSelector: {pool: memory}, containers: [{name: redis, resources: {requests: {memory: 8Gi}}}]}}}
`)
    expect(loaded.workloads[0]).toMatchObject({
      perNode: true,
      nodeSelection: {
        nodeSelector: {},
        terms: [[{key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['t3.micro']}], [{key: 'storage.example.com/local-ssd', operator: 'Exists', values: []}]],
      },
    })
    expect(loaded.workloads[1]!.nodeSelection).toBeUndefined()
  })
})

describe('objects that change workloads', () => {
  it('a LimitRange applies in its own namespace only; a container with a limit and no request requests its limit', () => {
    const loaded = load(`apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: shop}
spec: {limits: [{type: Pod, max: {cpu: "4"}}, {type: Container, defaultRequest: {cpu: 100m, memory: 128Mi}, default: {cpu: 500m, memory: 256Mi}}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec: {template: {spec: {containers: [{name: app, resources: {limits: {cpu: "2"}}}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: other}
spec: {template: {spec: {containers: [{name: app}]}}}
`)
    expect(loaded.workloads[0]!.requests).toEqual({cpu: q('2'), memory: q('128Mi')})
    expect(loaded.workloads[0]!.limits).toEqual({cpu: q('2'), memory: q('256Mi')})
    expect(loaded.workloads[1]!.requests).toEqual({})
  })

  it('an HPA whose target is not in the files is said; one without maxReplicas is refused at its line', () => {
    const orphan = load(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 5}
`)
    expect(orphan.warnings).toEqual(['k8s.yaml:1: HPA web scales Deployment/web, which is not in these files'])
    expect(() => load(`apiVersion: v1
kind: ConfigMap
metadata: {name: c}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec: {scaleTargetRef: {kind: Deployment, name: web}}
`)).toThrow('k8s.yaml:5: HorizontalPodAutoscaler web needs spec.scaleTargetRef.kind, .name and spec.maxReplicas')
  })

  it('an HPA scales only the workload of its kind, name and namespace', () => {
    const loaded = load(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: shop}
spec: {replicas: 2, template: {spec: {containers: [{name: a}]}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 9}
`)
    expect(loaded.workloads[0]!.replicas).toBe(2)
    expect(loaded.warnings).toEqual(['k8s.yaml:6: HPA web scales Deployment/web, which is not in these files'])
  })
})

describe('bad manifests: one line naming file:line', () => {
  it.each([
    ['a workload without a pod template', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n', 'k8s.yaml:1: deployment/web has no pod template (spec.template.spec)'],
    ['a container that is not a mapping', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - nginx\n', 'k8s.yaml:6: each of containers must be a mapping with name, image and resources'],
    ['requests that are not a mapping', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    resources: {requests: 500m}\n', 'k8s.yaml:7: resources.requests must be a mapping such as {cpu: 500m, memory: 1Gi}'],
    ['replicas that are not a whole number', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: two\n  template: {spec: {containers: [{name: a}]}}\n', 'k8s.yaml:5: replicas must be a whole number ≥ 0, not "two"'],
  ])('%s', (_what, text, message) => {
    expect(() => load(text)).toThrow(message)
  })
})

/** A DocumentReader over a plain object, as any YAML reader would give it (no lines: every place is `file`). */
function objectReader(file: string, root: unknown): DocumentReader {
  const get = (path: Array<string | number>) => path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined), root)
  return {
    file,
    at: (path) => `${file}#/${path.join('/')}`,
    get,
    js: get,
    text: (path) => (get(path) === undefined || get(path) === null ? undefined : String(get(path))),
    count: (path, _what, fallback) => (typeof get(path) === 'number' ? (get(path) as number) : fallback),
    list: (path) => (Array.isArray(get(path)) ? (get(path) as unknown[]).length : 0),
  }
}

describe('readManifest and resolveManifests with any reader', () => {
  it('collects first, resolves once: an HPA before its Deployment still applies, and the state is emptied', () => {
    const state = emptyManifestState()
    readManifest(objectReader('a.json', {kind: 'HorizontalPodAutoscaler', metadata: {name: 'api'}, spec: {scaleTargetRef: {kind: 'Deployment', name: 'api'}, maxReplicas: 6}}), [], state)
    readManifest(objectReader('b.json', {kind: 'Deployment', metadata: {name: 'api'}, spec: {replicas: 2, template: {spec: {containers: [{name: 'a', resources: {requests: {cpu: '1'}}}]}}}}), [], state)
    const into: {workloads: Workload[]; warnings: string[]} = {workloads: [], warnings: []}
    resolveManifests(state, into)
    expect(into.workloads).toMatchObject([{name: 'deployment/api', replicas: 6, requests: {cpu: q('1')}, source: 'b.json#/'}])
    expect(into.warnings).toEqual(['deployment/api planned at HPA api maxReplicas 6 (spec.replicas 2)'])
    expect([state.pending, state.warnings]).toEqual([[], []])
  })

  it('a document without a kind is skipped; an empty List adds nothing', () => {
    const state = emptyManifestState()
    readManifest(objectReader('a.json', {metadata: {name: 'x'}}), [], state)
    readManifest(objectReader('b.json', {kind: 'PodList', items: []}), [], state)
    const into: {workloads: Workload[]; warnings: string[]} = {workloads: [], warnings: []}
    resolveManifests(state, into)
    expect(into).toEqual({workloads: [], warnings: []})
  })
})
