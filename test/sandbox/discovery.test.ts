import {describe, expect, it} from 'vitest'
import {Discovery, SERVER_VERSION} from '../../src/sandbox/discovery.js'
import {SERVED_RESOURCES, type ServedResource} from '../../src/sandbox/resources.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const widgets: ServedResource = {group: 'example.com', version: 'v1', plural: 'widgets', singular: 'widget', kind: 'Widget', namespaced: true, verbs: ['get', 'list'], shortNames: ['wd'], categories: ['all']}

describe('Discovery', () => {
  const discovery = new Discovery(() => SERVED_RESOURCES)

  it('reports a 1.32 server and the core version with the server address', () => {
    expect(SERVER_VERSION).toMatchObject({major: '1', minor: '32', gitVersion: expect.stringMatching(/^v1\.32\./)})
    expect(discovery.apiVersions('127.0.0.1:6443')).toEqual({kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443'}]})
  })

  it('lists each named group once, with its version preferred; no core group', () => {
    const list = discovery.groupList() as Json
    expect(list.kind).toBe('APIGroupList')
    const names: string[] = list.groups.map((g: Json) => g.name)
    expect(names).toContain('apps')
    expect(names).not.toContain('')
    expect(new Set(names).size).toBe(names.length)
    expect(list.groups.find((g: Json) => g.name === 'apps')).toEqual({name: 'apps', versions: [{groupVersion: 'apps/v1', version: 'v1'}], preferredVersion: {groupVersion: 'apps/v1', version: 'v1'}})
    expect(discovery.group('batch')).toMatchObject({kind: 'APIGroup', apiVersion: 'v1', name: 'batch'})
    expect(discovery.group('nothing.example.com')).toBeUndefined()
  })

  it('lists a group version with short names, categories and subresources (scale as autoscaling/v1 Scale)', () => {
    const apps = discovery.resourceList('apps/v1') as Json
    expect(apps).toMatchObject({kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1'})
    expect(apps.resources.find((r: Json) => r.name === 'deployments')).toEqual({
      name: 'deployments',
      singularName: 'deployment',
      namespaced: true,
      kind: 'Deployment',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['deploy'],
      categories: ['all'],
    })
    expect(apps.resources.find((r: Json) => r.name === 'deployments/scale')).toEqual({name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update']})
    expect(apps.resources.find((r: Json) => r.name === 'deployments/status')).toEqual({name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update']})
    const core = discovery.resourceList('v1') as Json
    expect(core.resources.find((r: Json) => r.name === 'pods/eviction')).toMatchObject({group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create']})
    expect(core.resources.find((r: Json) => r.name === 'pods/log')).toMatchObject({kind: 'Pod', verbs: ['get']})
    expect(discovery.resourceList('nothing.example.com/v1')).toBeUndefined()
  })

  it('follows the resources served now, custom resources included', () => {
    let served = SERVED_RESOURCES
    const live = new Discovery(() => served)
    expect(live.resourceList('example.com/v1')).toBeUndefined()
    served = [...SERVED_RESOURCES, widgets]
    expect((live.resourceList('example.com/v1') as Json).resources).toEqual([{name: 'widgets', singularName: 'widget', namespaced: true, kind: 'Widget', verbs: ['get', 'list'], shortNames: ['wd'], categories: ['all']}])
    expect(live.group('example.com')).toBeDefined()
  })
})
