// Request semantics as a real kube-apiserver has them: query parsing, resourceVersion errors,
// continue expiry, watch ends, 404 shapes, dry-run, create-time defaults and validation,
// DELETE answers, field selectors. Every expectation names the upstream behaviour it mirrors.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'

const node = (name: string, extra: Record<string, unknown> = {}) => ({apiVersion: 'v1', kind: 'Node', metadata: {name}, spec: extra})
const boundPod = (name: string) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'work'}, spec: {nodeName: 'n1', containers: [{name: 'app', image: 'busybox:1.36'}]}, status: {phase: 'Running', containerStatuses: [{name: 'app', ready: true, restartCount: 0, state: {running: {startedAt: '2026-01-01T00:00:00Z'}}}]}})
const json = {'Content-Type': 'application/json'}

interface StatusLike {
  kind: string
  status?: string
  code?: number
  reason?: string
  message?: string
  metadata?: {continue?: string}
  details?: Record<string, unknown>
}

describe('sandbox request semantics', () => {
  let sandbox: Sandbox
  const api = (path: string, init: RequestInit = {}) => fetch(`${sandbox.url}${path}`, init)
  const post = (path: string, body: unknown) => api(path, {method: 'POST', headers: json, body: JSON.stringify(body)})

  beforeAll(async () => {
    sandbox = await startSandbox({
      scenario: 'empty',
      http: true,
      controllers: false,
      timing: {minRequestTimeoutMs: 100},
      objects: [node('n1'), node('n2', {unschedulable: true}), boundPod('a'), boundPod('b'), boundPod('c')],
      logs: {'work/a/app': {current: 'one\ntwo\n'}},
    })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('parses booleans as apimachinery does: anything but 0 or false is true', async () => {
    const watched = await (await api('/api/v1/namespaces/work/pods?watch=True&timeoutSeconds=1')).text()
    expect(watched.trim().split('\n').map((l) => (JSON.parse(l) as {type: string}).type)).toEqual(['ADDED', 'ADDED', 'ADDED'])
    const listed = (await (await api('/api/v1/namespaces/work/pods?watch=FALSE')).json()) as {kind: string}
    expect(listed.kind).toBe('PodList')
    const stamped = await (await api('/api/v1/namespaces/work/pods/a/log?timestamps=True')).text()
    expect(stamped.split('\n')[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z one$/)
    const followed = await (await api('/api/v1/namespaces/work/pods/a/log?follow=1')).text()
    expect(followed).toBe('one\ntwo\n')
  })

  it('answers an invalid resourceVersion with 400 and a future one with 504 Too large resource version', async () => {
    const invalid = await api('/api/v1/pods?resourceVersion=abc')
    expect(invalid.status).toBe(400)
    expect(((await invalid.json()) as StatusLike).message).toBe('invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax')
    const current = sandbox.store.resourceVersion
    for (const path of ['/api/v1/pods?resourceVersion=99999999&resourceVersionMatch=NotOlderThan', '/api/v1/namespaces/work/pods/a?resourceVersion=99999999', '/api/v1/pods?watch=1&resourceVersion=99999999']) {
      const tooLarge = await api(path)
      expect(tooLarge.status).toBe(504)
      expect(tooLarge.headers.get('retry-after')).toBe('1')
      expect(await tooLarge.json()).toMatchObject({reason: 'Timeout', code: 504, message: `Timeout: Too large resource version: 99999999, current: ${current}`, details: {causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}], retryAfterSeconds: 1}})
    }
  })

  it('answers a limit or timeoutSeconds that is not an integer with 400 and strconv.ParseInt’s error, before validating the options', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/pods?limit=abc', 'strconv.ParseInt: parsing "abc": invalid syntax'],
      ['/api/v1/namespaces/work/pods?limit=1.5&resourceVersionMatch=Exact', 'strconv.ParseInt: parsing "1.5": invalid syntax'],
      ['/api/v1/pods?limit=99999999999999999999', 'strconv.ParseInt: parsing "99999999999999999999": value out of range'],
      ['/api/v1/pods?watch=1&timeoutSeconds=abc', 'strconv.ParseInt: parsing "abc": invalid syntax'],
      ['/api/v1/pods?timeoutSeconds=&limit=x', 'strconv.ParseInt: parsing "": invalid syntax'],
      ['/api/v1/namespaces/work/pods/a?gracePeriodSeconds=soon', 'strconv.ParseInt: parsing "soon": invalid syntax'],
    ]
    for (const [path, message] of cases) {
      const response = await api(path, path.includes('gracePeriodSeconds') ? {method: 'DELETE'} : {})
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400})
    }
    expect(sandbox.store.get('pods', 'work', 'a')).toBeDefined()
    expect((await api('/api/v1/namespaces/work/pods?limit=-1&timeoutSeconds=%2B5')).status).toBe(200)
  })

  it('validates ListOptions with 422 as ValidateListOptions words it', async () => {
    const noVersion = await api('/api/v1/pods?resourceVersionMatch=Exact')
    expect(noVersion.status).toBe(422)
    expect(await noVersion.json()).toMatchObject({
      reason: 'Invalid',
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      details: {group: 'meta.k8s.io', kind: 'ListOptions', causes: [{reason: 'FieldValueForbidden', field: 'resourceVersionMatch'}]},
    })
    const unsupported = (await (await api('/api/v1/pods?resourceVersion=1&resourceVersionMatch=Newest')).json()) as StatusLike
    expect(unsupported.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""')
    const watchMatch = (await (await api('/api/v1/pods?watch=true&resourceVersionMatch=NotOlderThan')).json()) as StatusLike
    expect(watchMatch.message).toContain('resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided')
  })

  it('ends a watch by itself after the min-request-timeout, so clients re-watch', async () => {
    const text = await (await api('/api/v1/namespaces/work/pods?watch=true&labelSelector=none%3Dnone')).text()
    expect(text).toBe('')
  })

  it('answers paths outside every served API with plain-text 404, unknown resources with a Status', async () => {
    const outside = await api('/apis/nope.example.com/v1/things')
    expect(outside.status).toBe(404)
    expect(outside.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await outside.text()).toBe('404 page not found\n')
    expect(await (await api('/openapi/v9')).text()).toBe('404 page not found\n')
    const unknownResource = await api('/api/v1/widgets')
    expect(await unknownResource.json()).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404})
    const unknownSubresource = (await (await api('/api/v1/namespaces/work/pods/a/resize', {method: 'PATCH', headers: {'Content-Type': 'application/strategic-merge-patch+json'}, body: '{}'})).json()) as StatusLike
    expect(unknownSubresource).toMatchObject({reason: 'NotFound', details: {}})
  })

  it('creates with a new uid and creationTimestamp, generateName, and Pod status reset to Pending with its QoS class', async () => {
    const spec = {containers: [{name: 'app', image: 'nginx', resources: {requests: {cpu: '100m'}, limits: {cpu: 1, memory: '1Gi'}}}]}
    const body = {apiVersion: 'v1', kind: 'Pod', metadata: {generateName: 'gen-', namespace: 'work', uid: 'client-uid', creationTimestamp: '2001-01-01T00:00:00Z'}, spec, status: {phase: 'Running'}}
    const created = (await (await post('/api/v1/namespaces/work/pods', body)).json()) as {metadata: {name: string; uid: string; creationTimestamp: string}; status: unknown; spec: Record<string, unknown> & {containers: Array<Record<string, unknown>>}}
    expect(created.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/)
    expect(created.metadata.uid).not.toBe('client-uid')
    expect(created.metadata.creationTimestamp).not.toBe('2001-01-01T00:00:00Z')
    expect(created.status).toEqual({phase: 'Pending', qosClass: 'Burstable'})
    expect(created.spec).toMatchObject({restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler', serviceAccountName: 'default'})
    expect(created.spec.containers[0]).toMatchObject({imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File'})
    const withVersion = await post('/api/v1/namespaces/work/configmaps', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'versioned', resourceVersion: '5'}})
    expect(withVersion.status).toBe(500)
    expect(((await withVersion.json()) as StatusLike).message).toBe('resourceVersion should not be set on objects to be created')
  })

  it('defaults Deployments, Services and Namespaces as kubectl users see them', async () => {
    const deployment = {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec: {selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'nginx', image: 'nginx:1.27'}]}}}}
    const created = (await (await post('/apis/apps/v1/namespaces/work/deployments', deployment)).json()) as {spec: Record<string, unknown>; metadata: {generation: number}}
    expect(created.spec).toMatchObject({replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '25%', maxSurge: '25%'}}})
    expect(created.spec.template).toMatchObject({spec: {restartPolicy: 'Always', containers: [{imagePullPolicy: 'IfNotPresent'}]}})
    expect(created.metadata.generation).toBe(1)
    const service = (await (await post('/api/v1/namespaces/work/services', {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec: {selector: {app: 'web'}, ports: [{port: 80}]}})).json()) as {spec: {clusterIP: string; type: string; sessionAffinity: string; ports: unknown[]}}
    expect(service.spec).toMatchObject({type: 'ClusterIP', sessionAffinity: 'None', ports: [{port: 80, targetPort: 80, protocol: 'TCP'}]})
    expect(service.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/)
    const namespace = (await (await post('/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'fresh'}})).json()) as {metadata: {labels: Record<string, string>}; status: {phase: string}}
    expect(namespace.metadata.labels).toEqual({'kubernetes.io/metadata.name': 'fresh'})
    expect(namespace.status.phase).toBe('Active')
    await expect.poll(() => sandbox.store.get('serviceaccounts', 'fresh', 'default') !== undefined && sandbox.store.get('configmaps', 'fresh', 'kube-root-ca.crt') !== undefined).toBe(true)
    expect(sandbox.store.get('serviceaccounts', 'work', 'default')).toBeDefined()
  })

  it('validates names, types, required containers and unknown fields as the server does', async () => {
    const badName = (await (await post('/api/v1/namespaces/work/configmaps', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'Bad_Name!'}})).json()) as StatusLike
    expect(badName).toMatchObject({code: 422, reason: 'Invalid'})
    expect(badName.message).toBe(`ConfigMap "Bad_Name!" is invalid: metadata.name: Invalid value: "Bad_Name!": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`)
    const badType = await post('/apis/apps/v1/namespaces/work/deployments', {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'typed'}, spec: {replicas: 'abc'}})
    expect(badType.status).toBe(400)
    expect(((await badType.json()) as StatusLike).message).toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32')
    const noContainers = (await (await post('/api/v1/namespaces/work/pods', {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'empty'}, spec: {}})).json()) as StatusLike
    expect(noContainers.message).toBe('Pod "empty" is invalid: spec.containers: Required value')
    const withFoo = (name: string) => ({apiVersion: 'v1', kind: 'Service', metadata: {name}, spec: {ports: [{port: 80}], foo: 1}})
    const strict = await post('/api/v1/namespaces/work/services?fieldValidation=Strict', withFoo('strict'))
    expect(strict.status).toBe(400)
    expect(((await strict.json()) as StatusLike).message).toBe('Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.foo"')
    const warned = await post('/api/v1/namespaces/work/services?fieldValidation=Warn', withFoo('warned'))
    expect(warned.status).toBe(201)
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.foo\\""')
    expect((sandbox.store.get('services', 'work', 'warned')!.object.spec as Record<string, unknown>).foo).toBeUndefined()
    const ignored = await post('/api/v1/namespaces/work/services?fieldValidation=Ignore', withFoo('ignored'))
    expect(ignored.status).toBe(201)
    expect(ignored.headers.get('warning')).toBeNull()
  })

  it('checks port numbers and replica counts as the server does', async () => {
    const service = (await (await post('/api/v1/namespaces/work/services', {apiVersion: 'v1', kind: 'Service', metadata: {name: 'far'}, spec: {ports: [{port: 80}, {port: 99999}]}})).json()) as StatusLike
    expect(service.message).toBe('Service "far" is invalid: [spec.ports[1].port: Invalid value: 99999: must be between 1 and 65535, inclusive, spec.ports[1].targetPort: Invalid value: 99999: must be between 1 and 65535, inclusive]')
    const pod = (await (await post('/api/v1/namespaces/work/pods', {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'ported'}, spec: {containers: [{name: 'app', image: 'nginx', ports: [{containerPort: 70000}]}]}})).json()) as StatusLike
    expect(pod.message).toBe('Pod "ported" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive')
    const template = {metadata: {labels: {app: 'neg'}}, spec: {containers: [{name: 'app', image: 'nginx'}]}}
    const negative = (await (await post('/apis/apps/v1/namespaces/work/deployments', {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'neg'}, spec: {replicas: -1, selector: {matchLabels: {app: 'neg'}}, template}})).json()) as StatusLike
    expect(negative.message).toBe('Deployment.apps "neg" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0')
  })

  it('never persists a dryRun=All write, and answers as the write would', async () => {
    const before = sandbox.store.resourceVersion
    const created = await post('/api/v1/namespaces/work/configmaps?dryRun=All', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'dry'}})
    expect(created.status).toBe(201)
    expect(((await created.json()) as {metadata: {uid?: string; resourceVersion?: string}}).metadata).toMatchObject({uid: expect.any(String)})
    const patched = await api('/api/v1/namespaces/work/pods/a?dryRun=All', {method: 'PATCH', headers: {'Content-Type': 'application/merge-patch+json'}, body: JSON.stringify({metadata: {labels: {dry: 'yes'}}})})
    expect(((await patched.json()) as {metadata: {labels: Record<string, string>}}).metadata.labels).toEqual({dry: 'yes'})
    const deleted = await api('/api/v1/namespaces/work/pods/b?dryRun=All', {method: 'DELETE'})
    expect(deleted.status).toBe(200)
    const namespace = await api('/api/v1/namespaces/work?dryRun=All', {method: 'DELETE'})
    expect(((await namespace.json()) as {status: {phase: string}}).status.phase).toBe('Terminating')
    expect(sandbox.store.resourceVersion).toBe(before)
    expect(sandbox.store.get('configmaps', 'work', 'dry')).toBeUndefined()
    expect(sandbox.store.get('pods', 'work', 'a')!.object.metadata?.labels).toBeUndefined()
    expect(sandbox.store.get('pods', 'work', 'b')!.object.metadata?.deletionTimestamp).toBeUndefined()
    expect(sandbox.store.get('namespaces', undefined, 'work')!.object.metadata?.deletionTimestamp).toBeUndefined()
  })

  it('refuses to delete default, kube-system and kube-public (NamespaceLifecycle), dry run or not', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const response = await api(`/api/v1/namespaces/${name}${name === 'kube-system' ? '?dryRun=All' : ''}`, {method: 'DELETE'})
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted`})
    }
  })

  it('answers DELETE with a Status for most kinds and with the object for pods', async () => {
    await post('/api/v1/namespaces/work/configmaps', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'gone'}})
    const uid = sandbox.store.get('configmaps', 'work', 'gone')!.object.metadata!.uid
    const status = await (await api('/api/v1/namespaces/work/configmaps/gone', {method: 'DELETE'})).json()
    expect(status).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: {name: 'gone', kind: 'configmaps', uid}})
    const pod = (await (await api('/api/v1/namespaces/work/pods/c?gracePeriodSeconds=0', {method: 'DELETE'})).json()) as {kind: string}
    expect(pod.kind).toBe('Pod')
    expect(sandbox.store.get('pods', 'work', 'c')).toBeUndefined()
  })

  it('selects unset boolean fields as false', async () => {
    const schedulable = (await (await api('/api/v1/nodes?fieldSelector=spec.unschedulable%3Dfalse')).json()) as {items: Array<{metadata: {name: string}}>}
    expect(schedulable.items.map((n) => n.metadata.name)).toEqual(['n1'])
  })

  it('serves the scale subresource kubectl scale uses', async () => {
    const scale = (await (await api('/apis/apps/v1/namespaces/work/deployments/web/scale')).json()) as Record<string, unknown>
    expect(scale).toMatchObject({kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: {name: 'web', namespace: 'work'}, spec: {replicas: 1}, status: {replicas: 0, selector: 'app=web'}})
    const patched = await api('/apis/apps/v1/namespaces/work/deployments/web/scale', {method: 'PATCH', headers: {'Content-Type': 'application/merge-patch+json'}, body: JSON.stringify({spec: {replicas: 4}})})
    expect(((await patched.json()) as {spec: {replicas: number}}).spec.replicas).toBe(4)
    expect((sandbox.store.get('deployments.apps', 'work', 'web')!.object.spec as {replicas: number}).replicas).toBe(4)
    const discovery = (await (await api('/apis/apps/v1')).json()) as {resources: Array<{name: string; group?: string; kind: string}>}
    expect(discovery.resources.find((r) => r.name === 'deployments/scale')).toMatchObject({group: 'autoscaling', kind: 'Scale'})
  })
})

describe('lists at a resourceVersion', () => {
  let sandbox: Sandbox
  const names = async (path: string) => {
    const list = (await (await fetch(`${sandbox.url}${path}`)).json()) as {metadata: {resourceVersion: string; continue?: string; remainingItemCount?: number}; items: Array<{metadata: {name: string; labels?: Record<string, string>}}>}
    return {...list.metadata, names: list.items.map((i) => i.metadata.name), labels: list.items.map((i) => i.metadata.labels ?? {})}
  }
  const secret = (name: string) => ({apiVersion: 'v1', kind: 'Secret', metadata: {name, namespace: 'work'}})

  /** More changes than the history keeps (20): every earlier revision is compacted. */
  const compact = (prefix: string) => {
    for (let i = 0; i <= 20; i++) sandbox.store.create(secret(`${prefix}${i}`))
  }

  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'empty', http: true, controllers: false, historySize: 20, objects: ['a', 'b', 'c', 'd'].map(secret)})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('pages a consistent snapshot: the next page is the list as it was at the first page', async () => {
    const first = await names('/api/v1/namespaces/work/secrets?limit=2')
    expect(first).toMatchObject({names: ['a', 'b'], remainingItemCount: 2})
    sandbox.store.delete('secrets', 'work', 'c')
    sandbox.store.create(secret('bb'))
    const d = sandbox.store.get('secrets', 'work', 'd')!.object
    sandbox.store.update({...d, metadata: {...d.metadata, labels: {changed: 'yes'}}})
    const rest = await names(`/api/v1/namespaces/work/secrets?limit=2&continue=${first.continue}`)
    expect(rest).toMatchObject({resourceVersion: first.resourceVersion, names: ['c', 'd'], labels: [{}, {}]})
    expect(rest.continue).toBeUndefined()
    expect((await names('/api/v1/namespaces/work/secrets')).names).toEqual(['a', 'b', 'bb', 'd'])
  })

  it('reads at the exact resourceVersion (resourceVersionMatch=Exact, or a limit with no match), and 410 once it is compacted', async () => {
    const then = String(sandbox.store.resourceVersion)
    sandbox.store.create(secret('e'))
    for (const path of [`/api/v1/namespaces/work/secrets?resourceVersion=${then}&resourceVersionMatch=Exact`, `/api/v1/namespaces/work/secrets?resourceVersion=${then}&limit=10`]) {
      expect(await names(path)).toMatchObject({resourceVersion: then, names: ['a', 'b', 'bb', 'd']})
    }
    expect((await names(`/api/v1/namespaces/work/secrets?resourceVersion=${then}&resourceVersionMatch=NotOlderThan`)).names).toContain('e')
    compact('f')
    const expired = await fetch(`${sandbox.url}/api/v1/namespaces/work/secrets?resourceVersion=${then}&resourceVersionMatch=Exact`)
    expect(expired.status).toBe(410)
    expect(await expired.json()).toMatchObject({reason: 'Expired', code: 410, message: 'The resourceVersion for the provided list is too old.'})
  })

  it('answers a continue token whose revision is compacted with 410 and a token to read the rest', async () => {
    const first = await names('/api/v1/namespaces/work/secrets?limit=2')
    compact('g')
    const expired = await fetch(`${sandbox.url}/api/v1/namespaces/work/secrets?limit=2&continue=${first.continue}`)
    expect(expired.status).toBe(410)
    const status = (await expired.json()) as StatusLike
    expect(status.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\./)
    expect((await names(`/api/v1/namespaces/work/secrets?limit=2&continue=${status.metadata!.continue}`)).names).toEqual(['bb', 'd'])
  })
})

describe('continue tokens', () => {
  it('expire like a compacted revision: 410 Expired with a token to read the rest', async () => {
    const sandbox = await startSandbox({scenario: 'empty', http: true, controllers: false, timing: {continueTokenTtlMs: -1}, objects: ['a', 'b', 'c'].map((n) => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: n, namespace: 'work'}}))})
    try {
      const first = (await (await fetch(`${sandbox.url}/api/v1/namespaces/work/configmaps?limit=1`)).json()) as {metadata: {continue: string}}
      const expired = await fetch(`${sandbox.url}/api/v1/namespaces/work/configmaps?limit=1&continue=${first.metadata.continue}`)
      expect(expired.status).toBe(410)
      const status = (await expired.json()) as StatusLike
      expect(status).toMatchObject({reason: 'Expired', code: 410})
      expect(status.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/)
      expect(status.metadata?.continue).toEqual(expect.any(String))
    } finally {
      await sandbox.stop()
    }
  })
})
