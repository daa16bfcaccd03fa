import {describe, expect, it} from 'vitest'
import {apiServiceName, apiServices, AUTOMANAGED, localApiService} from '../../../src/sandbox/bootstrap/api-services.js'
import {SERVED_RESOURCES, type ServedResource} from '../../../src/sandbox/resources.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const created = '2026-01-01T00:00:00Z'
const widgets: ServedResource = {group: 'example.com', version: 'v1alpha1', plural: 'widgets', singular: 'widget', kind: 'Widget', namespaced: true, verbs: []}

describe('APIServices', () => {
  it('are named <version>.<group>, the core one "v1."', () => {
    expect(apiServiceName({group: 'apps', version: 'v1'})).toBe('v1.apps')
    expect(apiServiceName({group: '', version: 'v1'})).toBe('v1.')
  })

  it('of a built-in group version are Local, available, automanaged onstart, with its priorities', () => {
    const apps = localApiService({group: 'apps', version: 'v1'}, created, false, 'u1') as Json
    expect(apps).toMatchObject({
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: {name: 'v1.apps', uid: 'u1', creationTimestamp: created, labels: {[AUTOMANAGED]: 'onstart'}},
      spec: {group: 'apps', version: 'v1'},
      status: {conditions: [{type: 'Available', status: 'True', lastTransitionTime: created, reason: 'Local', message: 'Local APIServices are always available'}]},
    })
    expect(apps.spec.groupPriorityMinimum).toBeGreaterThan(0)
    expect(localApiService({group: '', version: 'v1'}, created, false).spec).not.toHaveProperty('group')
    expect(localApiService({group: '', version: 'v1'}, created, false).metadata).not.toHaveProperty('uid')
  })

  it("of a custom resource's group version are automanaged true with priority 1000/100", () => {
    expect(localApiService(widgets, created, true)).toMatchObject({metadata: {labels: {[AUTOMANAGED]: 'true'}}, spec: {group: 'example.com', version: 'v1alpha1', groupPriorityMinimum: 1000, versionPriority: 100}})
  })

  it('cover every served group version once, the custom ones not built in, and metrics-server on request', () => {
    const builtIn = new Set(SERVED_RESOURCES.filter((r) => r.group !== 'metrics.k8s.io').map((r) => apiServiceName(r)))
    const services = apiServices(created, true, [widgets, {...widgets, plural: 'gadgets'}, SERVED_RESOURCES.find((r) => r.group === 'apps')!], (key) => `uid:${key}`) as Json[]
    const names = services.map((s) => s.metadata.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names.filter((n) => !builtIn.has(n))).toEqual(['v1alpha1.example.com', 'v1beta1.metrics.k8s.io'])
    expect(services.find((s) => s.metadata.name === 'v1alpha1.example.com').metadata.uid).toBe('uid:apiservice/example.com/v1alpha1')
    expect(services.at(-1)).toMatchObject({spec: {service: {namespace: 'kube-system', name: 'metrics-server', port: 443}}, status: {conditions: [{reason: 'Passed', message: 'all checks passed'}]}})
    expect(apiServices(created, false, [], (k) => k).map((s) => s.metadata!.name)).not.toContain('v1beta1.metrics.k8s.io')
  })
})
