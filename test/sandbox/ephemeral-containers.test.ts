// pods/ephemeralcontainers called directly with an in-memory store and a request object; kubectl debug against a sandbox runs in test/sandbox/semantics.test.ts.
import {describe, expect, it} from 'vitest'
import {serveEphemeralContainers} from '../../src/sandbox/ephemeral-containers.js'
import {Store} from '../../src/sandbox/store.js'
import type {KubeObject} from '../../src/sandbox/types.js'
import {apiRequest, refusal} from './api-request.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

function withPod(ephemeralContainers?: unknown[]): Store {
  const store = new Store()
  store.load([
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}},
    {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'web-0', namespace: 'shop'}, spec: {containers: [{name: 'web', image: 'nginx'}], ...(ephemeralContainers ? {ephemeralContainers} : {})}} as KubeObject,
  ])
  return store
}

const debug = {name: 'debugger-abc', image: 'busybox:1.36', targetContainerName: 'web', stdin: true, tty: true}
const strategic = 'application/strategic-merge-patch+json'

describe('serveEphemeralContainers', () => {
  it('answers the pod to GET', async () => {
    const store = withPod()
    const {request, answer} = apiRequest(undefined, {method: 'GET'})
    await serveEphemeralContainers(store, request, 'get', 'shop', 'web-0')
    expect(answer()).toMatchObject({code: 200, body: {kind: 'Pod', metadata: {name: 'web-0'}}})
  })

  it('adds an ephemeral container by strategic merge patch, with container defaults', async () => {
    const store = withPod()
    const {request, answer} = apiRequest({spec: {ephemeralContainers: [debug]}}, {method: 'PATCH', contentType: strategic})
    await serveEphemeralContainers(store, request, 'patch', 'shop', 'web-0')
    const stored = store.get('pods', 'shop', 'web-0')!.object as Json
    expect(stored.spec.ephemeralContainers).toEqual([{imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ...debug}])
    expect(stored.spec.containers).toEqual([{name: 'web', image: 'nginx'}])
    expect((answer().body as Json).spec.ephemeralContainers[0].name).toBe('debugger-abc')
  })

  it('changes nothing on a dry run', async () => {
    const store = withPod()
    await serveEphemeralContainers(store, apiRequest({spec: {ephemeralContainers: [debug]}}, {method: 'PATCH', contentType: strategic, query: 'dryRun=All'}).request, 'patch', 'shop', 'web-0')
    expect((store.get('pods', 'shop', 'web-0')!.object.spec as Json).ephemeralContainers).toBeUndefined()
  })

  it('refuses a duplicate or missing name, a missing image and an unknown target, with 422 on the Pod', async () => {
    const store = withPod()
    const bad = [{name: 'web', image: 'busybox'}, {image: 'busybox'}, {name: 'x', targetContainerName: 'nope'}]
    const error = await refusal(serveEphemeralContainers(store, apiRequest({spec: {ephemeralContainers: bad}}, {method: 'PATCH', contentType: strategic}).request, 'patch', 'shop', 'web-0'))
    expect(error.code).toBe(422)
    expect(error.details?.causes).toEqual([
      {reason: 'FieldValueDuplicate', message: 'Duplicate value: "web"', field: 'spec.ephemeralContainers[0].name'},
      {reason: 'FieldValueRequired', message: 'Required value', field: 'spec.ephemeralContainers[1].name'},
      {reason: 'FieldValueRequired', message: 'Required value', field: 'spec.ephemeralContainers[2].image'},
      {reason: 'FieldValueNotFound', message: 'Not found: "nope"', field: 'spec.ephemeralContainers[2].targetContainerName'},
    ])
  })

  it('refuses to change or remove an existing ephemeral container (PUT of the whole pod)', async () => {
    const store = withPod([debug])
    const pod = store.get('pods', 'shop', 'web-0')!.object as Json
    const put = (ephemeralContainers: unknown[]) => serveEphemeralContainers(store, apiRequest({...pod, spec: {...pod.spec, ephemeralContainers}}, {method: 'PUT'}).request, 'update', 'shop', 'web-0')
    expect((await refusal(put([]))).message).toBe('Pod "web-0" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers may not be removed or changed')
    expect((await refusal(put([{...debug, image: 'alpine'}]))).code).toBe(422)
    await put([debug, {name: 'second', image: 'alpine'}])
    expect((store.get('pods', 'shop', 'web-0')!.object.spec as Json).ephemeralContainers.map((c: Json) => [c.name, c.imagePullPolicy])).toEqual([
      ['debugger-abc', 'IfNotPresent'],
      ['second', 'Always'],
    ])
  })

  it('answers 404 for a missing pod', async () => {
    expect((await refusal(serveEphemeralContainers(withPod(), apiRequest(undefined, {method: 'GET'}).request, 'get', 'shop', 'nope'))).code).toBe(404)
  })
})
