import {beforeAll, describe, expect, it} from 'vitest'
import {decodeAgainstSchema, loadSchemas, modelFor} from '../../src/sandbox/schema.js'

beforeAll(async () => {
  await loadSchemas()
})

const deployment = (spec: Record<string, unknown>) => ({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec})

describe('modelFor', () => {
  it("names the client-node model of a kind, the two Event kinds included, undefined for a kind it lacks", () => {
    expect(modelFor('v1', 'Pod')).toBe('V1Pod')
    expect(modelFor('apps/v1', 'Deployment')).toBe('V1Deployment')
    expect(modelFor('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe('V2HorizontalPodAutoscaler')
    expect(modelFor('v1', 'Event')).toBe('CoreV1Event')
    expect(modelFor('events.k8s.io/v1', 'Event')).toBe('EventsV1Event')
    expect(modelFor('example.com/v1', 'Widget')).toBeUndefined()
  })
})

describe('decodeAgainstSchema', () => {
  it('finds nothing wrong with a well-typed object', () => {
    const body = deployment({replicas: 3, selector: {matchLabels: {app: 'web'}}, strategy: {rollingUpdate: {maxSurge: '25%', maxUnavailable: 0}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'nginx', resources: {limits: {cpu: 1, memory: '1Gi'}}}]}}})
    expect(decodeAgainstSchema(body, 'apps/v1', 'Deployment')).toEqual({unknownFields: []})
  })

  it('words a value of the wrong type as encoding/json does, the Go path without indices', () => {
    expect(decodeAgainstSchema(deployment({replicas: 'three'}), 'apps/v1', 'Deployment')?.typeError).toBe('json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32')
    expect(decodeAgainstSchema(deployment({replicas: 1.5}), 'apps/v1', 'Deployment')?.typeError).toBe('json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32')
    expect(decodeAgainstSchema(deployment({template: {spec: {containers: [{name: 'a', image: 'b'}, {name: 'c', image: 7}]}}}), 'apps/v1', 'Deployment')?.typeError).toBe(
      'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string',
    )
    expect(decodeAgainstSchema(deployment({template: {spec: {containers: {}}}}), 'apps/v1', 'Deployment')?.typeError).toBe(
      'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    )
    expect(decodeAgainstSchema({apiVersion: 'v1', kind: 'ConfigMap', metadata: {labels: ['a']}}, 'v1', 'ConfigMap')?.typeError).toBe(
      'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    )
    expect(decodeAgainstSchema(deployment({paused: 'yes'}), 'apps/v1', 'Deployment')?.typeError).toBe('json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool')
  })

  it('lists unknown fields with their indices, in document order', () => {
    const body = {...deployment({replicas: 1, foo: 1, template: {spec: {containers: [{name: 'a', image: 'b'}, {name: 'c', image: 'd', bar: true}]}}}), extra: {}}
    expect(decodeAgainstSchema(body, 'apps/v1', 'Deployment')).toEqual({unknownFields: ['spec.foo', 'spec.template.spec.containers[1].bar', 'extra']})
  })

  it('takes nulls, numbers for quantities and either form for int-or-string fields', () => {
    const body = deployment({replicas: null, strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: '10%'}}, template: {spec: {containers: [{name: 'a', image: 'b', resources: {requests: {cpu: 0.5}}}]}}})
    expect(decodeAgainstSchema(body, 'apps/v1', 'Deployment')).toEqual({unknownFields: []})
  })

  it('is undefined for a kind without a model', () => {
    expect(decodeAgainstSchema({spec: {anything: 1}}, 'example.com/v1', 'Widget')).toBeUndefined()
  })
})
