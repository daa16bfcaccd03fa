// Aggregated discovery (apidiscovery.k8s.io/v2) built from the served resources.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {aggregatedDiscovery, discoveredGroupVersions, wantsAggregatedDiscovery} from '../../src/sandbox/discovery-v2.js'
import {SERVED_RESOURCES} from '../../src/sandbox/resources.js'
import {run} from '../helpers/run.js'

describe('aggregated discovery', () => {
  it('is chosen only when the client asks for apidiscovery.k8s.io v2', () => {
    expect(wantsAggregatedDiscovery('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json')).toBe(true)
    expect(wantsAggregatedDiscovery('application/json, */*')).toBe(false)
    expect(wantsAggregatedDiscovery(undefined)).toBe(false)
  })

  it('lists the core group under /api and the named groups under /apis, with scale as autoscaling/v1 Scale', () => {
    const core = aggregatedDiscovery(SERVED_RESOURCES, 'api') as {kind: string; apiVersion: string; items: Array<{metadata: {name?: string}; versions: Array<{version: string; freshness: string; resources: Array<Record<string, unknown>>}>}>}
    expect(core).toMatchObject({kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2'})
    expect(discoveredGroupVersions(core)).toEqual(['v1'])
    const pods = core.items[0]!.versions[0]!.resources.find((r) => r.resource === 'pods')!
    expect(pods).toMatchObject({responseKind: {group: '', version: 'v1', kind: 'Pod'}, scope: 'Namespaced', singularResource: 'pod', shortNames: ['po'], categories: ['all']})
    const apis = aggregatedDiscovery(SERVED_RESOURCES, 'apis') as typeof core
    expect(discoveredGroupVersions(apis)).toEqual(expect.arrayContaining(['apps/v1', 'batch/v1', 'authorization.k8s.io/v1']))
    const deployments = apis.items.find((g) => g.metadata.name === 'apps')!.versions[0]!.resources.find((r) => r.resource === 'deployments')!
    expect(deployments.subresources).toEqual(expect.arrayContaining([{subresource: 'scale', responseKind: {group: 'autoscaling', version: 'v1', kind: 'Scale'}, verbs: ['get', 'patch', 'update']}]))
  })
})

describe('aggregated discovery served by the sandbox', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'empty', controllers: false, http: true})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('answers /apis in the v2 form when asked, and in the legacy form otherwise', async () => {
    const v2 = await fetch(`${sandbox.url}/apis`, {headers: {accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json'}})
    expect(v2.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
    expect(((await v2.json()) as {kind: string}).kind).toBe('APIGroupDiscoveryList')
    const legacy = await fetch(`${sandbox.url}/apis`, {headers: {accept: 'application/json'}})
    expect(((await legacy.json()) as {kind: string}).kind).toBe('APIGroupList')
  })

  it('is enough for kubectl api-resources', async () => {
    const listed = await run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, 'api-resources', '--api-group=apps', '-o', 'name'], {HOME: '/nonexistent'})
    expect(listed.stdout.split('\n')).toEqual(expect.arrayContaining(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps']))
  })
})
