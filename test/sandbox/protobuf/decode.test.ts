// Protobuf request bodies: encoded with protobufjs from the sandbox's own descriptors (as kubectl's
// client-go would send them), decoded back to the JSON the JSON path would have received.
import {describe, expect, it} from 'vitest'
import {decodeProtobufBody, encodeProtobufBody, messageName, ProtobufDecodeError, unwrapEnvelope} from '../../../src/sandbox/protobuf/decode.js'

const roundTrip = (apiVersion: string, kind: string, message: Record<string, unknown>) => decodeProtobufBody(encodeProtobufBody(apiVersion, kind, message))

describe('protobuf request bodies', () => {
  it('names the message of a kind by group and version', () => {
    expect(messageName('v1', 'ConfigMap')).toBe('core.v1.ConfigMap')
    expect(messageName('apps/v1', 'Deployment')).toBe('apps.v1.Deployment')
    expect(messageName('authorization.k8s.io/v1', 'SelfSubjectAccessReview')).toBe('authorization.v1.SelfSubjectAccessReview')
  })

  it('reads apiVersion and kind from the runtime.Unknown envelope', () => {
    const body = encodeProtobufBody('v1', 'ConfigMap', {metadata: {name: 'settings'}})
    expect([...body.subarray(0, 4)]).toEqual([0x6b, 0x38, 0x73, 0x00])
    expect(unwrapEnvelope(body)).toMatchObject({apiVersion: 'v1', kind: 'ConfigMap'})
    expect(() => unwrapEnvelope(Buffer.from('{"kind":"ConfigMap"}'))).toThrow(ProtobufDecodeError)
  })

  it('decodes a ConfigMap with maps and the zero creationTimestamp as null', () => {
    expect(roundTrip('v1', 'ConfigMap', {metadata: {name: 'settings', creationTimestamp: {}}, data: {a: '1', b: ''}})).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {name: 'settings', creationTimestamp: null},
      data: {a: '1', b: ''},
    })
  })

  it('decodes Secret data as base64 and keeps immutable: false (a pointer in Go)', () => {
    expect(roundTrip('v1', 'Secret', {metadata: {name: 'db'}, data: {password: Buffer.from('s3cr3t')}, type: 'Opaque', immutable: false})).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {name: 'db'},
      immutable: false,
      data: {password: Buffer.from('s3cr3t').toString('base64')},
      type: 'Opaque',
    })
  })

  it('decodes a Deployment: replicas 0 kept, IntOrString as number or string, Quantity as string, empty structs as {}', () => {
    const decoded = roundTrip('apps/v1', 'Deployment', {
      metadata: {name: 'web', labels: {app: 'web'}, creationTimestamp: {seconds: 1764547200}},
      spec: {
        replicas: 0,
        selector: {matchLabels: {app: 'web'}},
        template: {
          metadata: {labels: {app: 'web'}},
          spec: {containers: [{name: 'web', image: 'nginx:1.27', ports: [{containerPort: 80}], env: [{name: 'MODE', value: 'prod'}], resources: {limits: {cpu: {string: '500m'}, memory: {string: '128Mi'}}}}]},
        },
        strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: {type: 1, strVal: '25%'}, maxUnavailable: {type: 0, intVal: 1}}},
        minReadySeconds: 0,
      },
      status: {},
    })
    expect(decoded).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'web', labels: {app: 'web'}, creationTimestamp: '2025-12-01T00:00:00Z'},
      spec: {
        replicas: 0,
        selector: {matchLabels: {app: 'web'}},
        template: {
          metadata: {labels: {app: 'web'}},
          spec: {containers: [{name: 'web', image: 'nginx:1.27', ports: [{containerPort: 80}], env: [{name: 'MODE', value: 'prod'}], resources: {limits: {cpu: '500m', memory: '128Mi'}}}]},
        },
        strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%', maxUnavailable: 1}},
      },
      status: {},
    })
  })

  it('decodes a CronJob with its job template and a Service with a named target port', () => {
    expect(roundTrip('batch/v1', 'CronJob', {metadata: {name: 'nightly'}, spec: {schedule: '0 3 * * *', jobTemplate: {metadata: {name: 'nightly'}, spec: {backoffLimit: 0, template: {spec: {restartPolicy: 'OnFailure', containers: [{name: 'c', image: 'busybox', command: ['date']}]}}}}}})).toEqual({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: {name: 'nightly'},
      spec: {schedule: '0 3 * * *', jobTemplate: {metadata: {name: 'nightly'}, spec: {backoffLimit: 0, template: {spec: {restartPolicy: 'OnFailure', containers: [{name: 'c', image: 'busybox', command: ['date']}]}}}}},
    })
    const service = roundTrip('v1', 'Service', {metadata: {name: 'api'}, spec: {type: 'ClusterIP', ports: [{name: 'http', protocol: 'TCP', port: 80, targetPort: {type: 1, strVal: 'http'}, nodePort: 0}], selector: {app: 'api'}}})
    expect(service.spec).toEqual({type: 'ClusterIP', ports: [{name: 'http', protocol: 'TCP', port: 80, targetPort: 'http'}], selector: {app: 'api'}})
  })

  it('decodes the SelfSubjectAccessReview kubectl auth can-i sends', () => {
    expect(roundTrip('authorization.k8s.io/v1', 'SelfSubjectAccessReview', {spec: {resourceAttributes: {namespace: 'payments', verb: 'list', resource: 'pods'}}})).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {resourceAttributes: {namespace: 'payments', verb: 'list', resource: 'pods'}},
    })
  })

  it('says which kind it has no schema for', () => {
    const body = encodeProtobufBody('v1', 'ConfigMap', {})
    body[body.indexOf('ConfigMap')] = 'X'.charCodeAt(0)
    expect(() => decodeProtobufBody(body)).toThrow(/no protobuf schema for XonfigMap in v1/)
  })
})
