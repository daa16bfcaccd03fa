// Objects from a server read as kubectl's typed decoder reads them: nulls are zero values, a field
// of the wrong type is one line naming the object and the field (never a TypeError in a core).
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {resourceInfo} from '../../src/kube/resources.js'
import {conformObject} from '../../src/kube/shapes.js'
import {failure} from '../helpers/kube.js'

const server = 'https://10.0.0.1:6443'
const problem = (plural: string, object: Record<string, unknown>): string | undefined => {
  try {
    conformObject(resourceInfo(plural), object, server)
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}
const meta = {name: 'web-0', namespace: 'shop'}

describe('conformObject', () => {
  it('takes null as Go does: a field unset, a list item its zero value', () => {
    const pod = {metadata: {...meta, labels: null}, spec: null, status: {containerStatuses: [null], conditions: null}}
    expect(problem('pods', pod)).toBeUndefined()
    // spec is a struct Go holds by value: empty, not absent; labels and conditions are unset.
    expect(pod).toEqual({metadata: meta, spec: {}, status: {containerStatuses: [{}]}})
  })

  it('turns quantities written as JSON numbers into the strings the cores parse', () => {
    const node = {metadata: {name: 'n1'}, status: {allocatable: {cpu: 4, memory: '16Gi', pods: 110}}}
    expect(problem('nodes', node)).toBeUndefined()
    expect(node.status.allocatable).toEqual({cpu: '4', memory: '16Gi', pods: '110'})
  })

  it.each([
    ['pods', {metadata: meta, spec: {containers: {a: 1}}}, 'Pod "shop/web-0" whose spec.containers is a mapping, not a list'],
    ['pods', {kind: 'Pod', metadata: meta, spec: {containers: [{name: 5}]}}, 'Pod "shop/web-0" whose spec.containers[0].name is a number, not a string'],
    ['pods', {metadata: meta, status: {containerStatuses: [{name: 'c', restartCount: 'many'}]}}, 'Pod "shop/web-0" whose status.containerStatuses[0].restartCount is a string, not a number'],
    ['pods', {metadata: {...meta, ownerReferences: 'rs'}}, 'Pod "shop/web-0" whose metadata.ownerReferences is a string, not a list'],
    ['pods', {metadata: {...meta, creationTimestamp: 'yesterday'}}, 'Pod "shop/web-0" whose metadata.creationTimestamp is a string that is not an RFC 3339 time'],
    ['pods', {metadata: meta, spec: {containers: [{name: 'c', resources: {requests: {cpu: 'lots'}}}]}}, 'Pod "shop/web-0" whose spec.containers[0].resources.requests.cpu is a string that is not a quantity'],
    ['nodes', {metadata: {name: 'n1'}, status: {conditions: 'Ready'}}, 'Node "n1" whose status.conditions is a string, not a list'],
    ['deployments', {metadata: meta, spec: {template: {spec: {containers: [7]}}}}, 'Deployment "shop/web-0" whose spec.template.spec.containers[0] is a number, not a mapping'],
    ['services', {metadata: {...meta, labels: {app: 5}}}, 'Service "shop/web-0" whose metadata.labels.app is a number, not a string'],
  ])('%s %j', (plural, object, message) => {
    expect(problem(plural, object)).toBe(`the API server at ${server} sent ${message}; kubectl cannot read it either`)
  })

  it('leaves well-formed objects as they are', () => {
    const pod = {
      metadata: {...meta, labels: {app: 'web'}, creationTimestamp: '2026-01-01T00:00:00Z', ownerReferences: [{kind: 'ReplicaSet', name: 'web-1', uid: 'u', controller: true}]},
      spec: {nodeName: 'n1', containers: [{name: 'c', image: 'nginx', resources: {requests: {cpu: '250m', memory: '1.5Gi'}, limits: {memory: '2e9'}}}]},
      status: {phase: 'Running', containerStatuses: [{name: 'c', ready: true, restartCount: 0, state: {running: {startedAt: '2026-01-01T00:00:01Z'}}}]},
    }
    const copy = structuredClone(pod)
    expect(problem('pods', pod)).toBeUndefined()
    expect(pod).toEqual(copy)
  })
})

describe('through the client', () => {
  const closers: Array<() => void> = []
  afterEach(() => {
    while (closers.length) closers.pop()!()
  })

  /** A client of a plain-http server that answers every request with `body`. */
  async function clientAnswering(body: object): Promise<{kube: KubeClient; url: string}> {
    const api = http.createServer((_req, res) => res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(body)))
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
    closers.push(() => api.close())
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-shapes-'))
    const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
    writeFileSync(join(dir, 'config'), JSON.stringify({apiVersion: 'v1', kind: 'Config', 'current-context': 'c', clusters: [{name: 'k', cluster: {server: url}}], users: [{name: 'u', user: {}}], contexts: [{name: 'c', context: {cluster: 'k', user: 'u'}}]}))
    const kube = await connect({kubeconfig: join(dir, 'config'), env: {}})
    closers.push(() => kube.close())
    return {kube, url}
  }

  it('a list with a malformed pod is one line, not a TypeError in the command', async () => {
    const {kube, url} = await clientAnswering({kind: 'PodList', metadata: {resourceVersion: '1'}, items: [{metadata: meta, spec: {containers: 'web'}}]})
    const error = await failure(kube.list('pods'))
    expect(error.message).toBe(`the API server at ${url} sent Pod "shop/web-0" whose spec.containers is a string, not a list; kubectl cannot read it either`)
  })

  it('metadata reads keep only the metadata, even from a server that ignores the Accept header and sends a Secret\'s data', async () => {
    const {kube} = await clientAnswering({kind: 'Secret', apiVersion: 'v1', metadata: {name: 'db', namespace: 'shop'}, data: {password: 'aHVudGVyMg=='}, stringData: {token: 'x'}})
    expect(await kube.getMetadata('secrets', 'db', 'shop')).toEqual({kind: 'Secret', apiVersion: 'v1', metadata: {name: 'db', namespace: 'shop'}})
  })
})
