import {describe, expect, it} from 'vitest'
import {SERVED_RESOURCES, type ServedResource} from '../../src/sandbox/resources.js'
import type {ApiError} from '../../src/sandbox/status.js'
import type {KubeObject} from '../../src/sandbox/types.js'
import {validateObject} from '../../src/sandbox/validation.js'
import {thrown} from './api-request.js'

const resource = (group: string, plural: string): ServedResource => SERVED_RESOURCES.find((r) => r.group === group && r.plural === plural)!

const refusal = (served: ServedResource, object: KubeObject): ApiError => thrown(() => validateObject(served, object))

const pod = (name: string, containers: unknown[]): KubeObject => ({apiVersion: 'v1', kind: 'Pod', metadata: {name}, spec: {containers}})
const deployment = (spec: Record<string, unknown>): KubeObject => ({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec})
const template = (labels: Record<string, string>) => ({metadata: {labels}, spec: {containers: [{name: 'app', image: 'nginx'}]}})

describe('validateObject', () => {
  it('accepts well-formed objects and objects without a name (generateName)', () => {
    expect(() => validateObject(resource('', 'pods'), pod('web-0', [{name: 'app', image: 'nginx', ports: [{containerPort: 8080}]}]))).not.toThrow()
    expect(() => validateObject(resource('', 'pods'), {apiVersion: 'v1', kind: 'Pod', metadata: {generateName: 'web-'}, spec: {containers: [{name: 'a', image: 'b'}]}})).not.toThrow()
    expect(() => validateObject(resource('apps', 'deployments'), deployment({replicas: 0, selector: {matchLabels: {app: 'web'}}, template: template({app: 'web', extra: 'x'})}))).not.toThrow()
    expect(() => validateObject(resource('', 'configmaps'), {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a.b-c'}})).not.toThrow()
  })

  it('checks names as a DNS-1123 subdomain by default, in the API server words', () => {
    const error = refusal(resource('', 'configmaps'), {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'Bad_Name'}})
    expect(error.code).toBe(422)
    expect(error.reason).toBe('Invalid')
    expect(error.message).toBe(
      'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    )
    expect(error.details?.causes).toEqual([{reason: 'FieldValueInvalid', field: 'metadata.name', message: expect.stringMatching(/^Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/)}])
  })

  it('checks namespaces as DNS-1123 labels (no dots, 63 characters) and services as DNS-1035 labels', () => {
    expect(refusal(resource('', 'namespaces'), {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'a.b'}}).message).toContain('a lowercase RFC 1123 label must consist of')
    const long = refusal(resource('', 'namespaces'), {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'a'.repeat(64)}})
    expect(long.message).toBe(`Namespace "${'a'.repeat(64)}" is invalid: metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`)
    expect(() => validateObject(resource('', 'namespaces'), {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'a'.repeat(63)}})).not.toThrow()
    const service = refusal(resource('', 'services'), {apiVersion: 'v1', kind: 'Service', metadata: {name: '1web'}, spec: {}})
    expect(service.message).toContain('Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character')
  })

  it('wants containers with names and images, and lists every error in one message', () => {
    expect(refusal(resource('', 'pods'), pod('p', [])).message).toBe('Pod "p" is invalid: spec.containers: Required value')
    const error = refusal(resource('', 'pods'), pod('p', [{image: 'nginx'}, {name: 'Web_1', ports: [{containerPort: 0}, {containerPort: 70000}]}]))
    expect(error.details?.causes?.map((c) => c.field)).toEqual([
      'spec.containers[0].name',
      'spec.containers[1].name',
      'spec.containers[1].image',
      'spec.containers[1].ports[0].containerPort',
      'spec.containers[1].ports[1].containerPort',
    ])
    expect(error.message).toMatch(/^Pod "p" is invalid: \[spec\.containers\[0\]\.name: Required value, spec\.containers\[1\]\.name: Invalid value: "Web_1": /)
    expect(error.message).toContain('spec.containers[1].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive]')
  })

  it("checks a Service's numeric port and targetPort, not a named targetPort", () => {
    const ok: KubeObject = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec: {ports: [{port: 80, targetPort: 'http'}]}}
    expect(() => validateObject(resource('', 'services'), ok)).not.toThrow()
    const bad = refusal(resource('', 'services'), {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec: {ports: [{port: 80, targetPort: 65536}]}})
    expect(bad.message).toBe('Service "web" is invalid: spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive')
  })

  it('refuses negative replicas, a missing selector, and a selector that does not match the template labels', () => {
    const deployments = resource('apps', 'deployments')
    expect(refusal(deployments, deployment({replicas: -1, selector: {matchLabels: {app: 'web'}}, template: template({app: 'web'})})).message).toBe(
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    )
    expect(refusal(deployments, deployment({template: template({app: 'web'})})).message).toBe('Deployment.apps "web" is invalid: spec.selector: Required value')
    expect(refusal(deployments, deployment({selector: {matchLabels: {app: 'api'}}, template: template({app: 'web', tier: 'front'})})).message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"front"}: `selector` does not match template `labels`',
    )
    // The whole selector counts, matchExpressions too, as the server matches it.
    const expressions = {matchLabels: {app: 'web'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['back']}]}
    expect(refusal(deployments, deployment({selector: expressions, template: template({app: 'web', tier: 'front'})})).message).toContain('`selector` does not match template `labels`')
    expect(() => validateObject(deployments, deployment({selector: expressions, template: template({app: 'web', tier: 'back'})}))).not.toThrow()
  })

  it("reads a ReplicationController's selector as a plain map, and lets a Job go without one", () => {
    const rc: KubeObject = {apiVersion: 'v1', kind: 'ReplicationController', metadata: {name: 'rc'}, spec: {selector: {app: 'db'}, template: template({app: 'web'})}}
    expect(refusal(resource('', 'replicationcontrollers'), rc).message).toContain('`selector` does not match template `labels`')
    const job: KubeObject = {apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'once'}, spec: {template: {spec: {containers: [{name: 'a', image: 'b'}]}}}}
    expect(() => validateObject(resource('batch', 'jobs'), job)).not.toThrow()
    expect(refusal(resource('batch', 'jobs'), {...job, spec: {template: {spec: {}}}}).message).toBe('Job.batch "once" is invalid: spec.template.spec.containers: Required value')
  })
})
