import {describe, expect, it} from 'vitest'
import {parseFieldSelector, parseLabelSelector} from '../../src/sandbox/selectors.js'
import {thrown} from './api-request.js'

const labels = {app: 'web', tier: 'frontend', 'app.kubernetes.io/version': '3'}

describe('label selectors', () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=api', true],
    ['missing!=x', true],
    ['app in (api, web)', true],
    ['app notin (api,web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,tier=backend', false],
    ['app=web, tier in (frontend)', true],
    ['app.kubernetes.io/version>2', true],
    ['app.kubernetes.io/version<3', false],
    ['', true],
  ])('%s matches: %s', (selector, expected) => {
    const match = parseLabelSelector(selector)
    expect(match ? match(labels) : true).toBe(expected)
  })

  it('treats objects without labels as having none', () => {
    expect(parseLabelSelector('app')!(undefined)).toBe(false)
    expect(parseLabelSelector('!app')!(undefined)).toBe(true)
  })

  it.each(['app in web', 'a=b=c', 'a=-x', 'in (a)'])('rejects %s with a 400', (selector) => {
    expect(thrown(() => parseLabelSelector(selector)).code).toBe(400)
  })
})

describe('field selectors', () => {
  const pod = {metadata: {name: 'web-1', namespace: 'shop'}, spec: {nodeName: 'worker-1'}, status: {phase: 'Running'}}
  const podFields = ['spec.nodeName', 'status.phase']

  it('matches =, == and != on allowed fields', () => {
    expect(parseFieldSelector('spec.nodeName=worker-1', podFields)!(pod)).toBe(true)
    expect(parseFieldSelector('spec.nodeName==worker-2', podFields)!(pod)).toBe(false)
    expect(parseFieldSelector('status.phase!=Succeeded,status.phase!=Failed', podFields)!(pod)).toBe(true)
    expect(parseFieldSelector('metadata.name=web-1,metadata.namespace=shop', [])!(pod)).toBe(true)
  })

  it('compares a missing field as the empty string (describe node asks involvedObject.namespace=)', () => {
    const event = {involvedObject: {kind: 'Node', name: 'n1'}}
    expect(parseFieldSelector('involvedObject.namespace=,involvedObject.name=n1', ['involvedObject.namespace', 'involvedObject.name'])!(event)).toBe(true)
  })

  it('maps aliased fields (events.k8s.io regarding.* onto involvedObject.*)', () => {
    const event = {involvedObject: {name: 'web-1'}}
    expect(parseFieldSelector('regarding.name=web-1', ['regarding.name'], {'regarding.name': 'involvedObject.name'})!(event)).toBe(true)
  })

  it('refuses a field the resource does not support, as the server does', () => {
    expect(() => parseFieldSelector('spec.foo=bar', podFields)).toThrow('field label not supported: spec.foo')
  })
})
