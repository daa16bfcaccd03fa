import {describe, expect, it} from 'vitest'
import {nearMisses, serviceRule} from '../../src/diagnose/rules/service.js'
import type {EndpointSlice, Service} from '../../src/diagnose/objects.js'
import {context, pod} from './fixtures.js'

const service = (selector: Record<string, string> | undefined, targetPort: number | string = 8080): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {name: 'recommendations', namespace: 'shop', uid: 'svc-uid'},
  spec: {type: 'ClusterIP', clusterIP: '10.96.90.17', ...(selector ? {selector} : {}), ports: [{name: 'http', port: 80, targetPort, protocol: 'TCP'}]},
})

const recommender = pod({name: 'recommender-h7htjnsl79-lr4nb', metadata: {labels: {app: 'recommender', 'pod-template-hash': 'h7htjnsl79'}}})
const web = pod({name: 'web-qdnlmzqp2v-2jdmm', metadata: {labels: {app: 'web'}}})

describe('service rule', () => {
  it('a selector that matches nothing, with the near miss', () => {
    const [f] = serviceRule.check({service: service({app: 'recommendation'}), events: [], slices: [], pods: [recommender, web]}, context)
    expect(f!.code).toBe('ServiceSelectorMatchesNothing')
    expect(f!.summary).toBe('The Service selects app=recommendation but no pod carries those labels, so it has no endpoints; the closest, pod/recommender-h7htjnsl79-lr4nb, has app=recommender.')
    expect(f!.evidence).toContain('near miss pod/recommender-h7htjnsl79-lr4nb (labels app=recommender,pod-template-hash=h7htjnsl79): app: selector wants "recommendation", pod has "recommender"')
  })

  it('near misses rank exact key=value matches above similar values', () => {
    const a = pod({name: 'a', metadata: {labels: {app: 'shop', tier: 'front'}}})
    const b = pod({name: 'b', metadata: {labels: {app: 'shop', tier: 'frontend'}}})
    const misses = nearMisses(service({app: 'shop', tier: 'frontend', track: 'stable'}), [a, b])
    expect(misses.map((m) => m.pod.metadata.name)).toEqual(['b'])
  })

  it('selected pods that are not ready', () => {
    const notReady = pod({ready: false, metadata: {labels: {app: 'checkout'}}})
    const slice: EndpointSlice = {metadata: {name: 'checkout-abc12', labels: {'kubernetes.io/service-name': 'checkout'}}, endpoints: [{addresses: ['10.244.1.17'], conditions: {ready: false, serving: false, terminating: false}}]}
    const findings = serviceRule.check({service: service({app: 'checkout'}), events: [], slices: [slice], pods: [notReady]}, context)
    expect(findings.map((f) => f.code)).toEqual(['ServiceNoReadyEndpoints'])
    expect(findings[0]!.evidence).toContain('ready endpoints in EndpointSlices: 0')
  })

  it('a named targetPort no pod declares', () => {
    const ready = pod({metadata: {labels: {app: 'checkout'}}})
    const findings = serviceRule.check({service: service({app: 'checkout'}, 'grpc'), events: [], slices: [], pods: [ready]}, context)
    expect(findings.map((f) => f.code)).toEqual(['ServiceTargetPortMismatch'])
    expect(findings[0]!.evidence).toContain('pod/checkout-7d4b9c8f6d-x2k4p ports: http=8080')
  })

  it('no selector and no endpoints', () => {
    expect(serviceRule.check({service: service(undefined), events: [], slices: [], pods: []}, context).map((f) => f.code)).toEqual(['ServiceWithoutSelector'])
  })

  it('without the pods, only the EndpointSlices speak', () => {
    const slice: EndpointSlice = {metadata: {name: 'checkout-abc12'}, endpoints: [{addresses: ['10.244.1.17'], conditions: {ready: false}}]}
    const [f] = serviceRule.check({service: service({app: 'checkout'}), events: [], slices: [slice], pods: undefined}, context)
    expect(f!.code).toBe('ServiceNoReadyEndpoints')
    expect(f!.summary).toContain('could not be listed')
  })

  it('default/kubernetes has no selector by design', () => {
    const apiserver: Service = {metadata: {name: 'kubernetes', namespace: 'default'}, spec: {type: 'ClusterIP', ports: [{name: 'https', port: 443, targetPort: 6443}]}}
    expect(serviceRule.check({service: apiserver, events: [], slices: [], pods: []}, context)).toEqual([])
  })

  it('a healthy service', () => {
    const ready = pod({metadata: {labels: {app: 'checkout'}}})
    expect(serviceRule.check({service: service({app: 'checkout'}, 'http'), events: [], slices: [], pods: [ready]}, context)).toEqual([])
  })
})
