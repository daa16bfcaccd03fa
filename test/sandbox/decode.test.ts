import {describe, expect, it} from 'vitest'
import {decodeBody, fieldValidationOf} from '../../src/sandbox/decode.js'
import {refusal} from './api-request.js'

const pod = (extra: Record<string, unknown> = {}) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: {containers: [{name: 'a', image: 'nginx', ...extra}]}})

describe('fieldValidationOf', () => {
  it('is Warn by default, takes Ignore, Warn and Strict, and refuses anything else with 400', () => {
    expect(fieldValidationOf(new URLSearchParams(''))).toBe('Warn')
    expect(fieldValidationOf(new URLSearchParams('fieldValidation=Strict'))).toBe('Strict')
    expect(fieldValidationOf(new URLSearchParams('fieldValidation=Ignore'))).toBe('Ignore')
    let error: unknown
    try {
      fieldValidationOf(new URLSearchParams('fieldValidation=strict'))
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({code: 400, message: 'fieldValidation: Unsupported value: "strict": supported values: "Ignore", "Strict", "Warn"'})
  })
})

describe('decodeBody', () => {
  it('drops unknown fields and warns about them by default, without changing the body', async () => {
    const body = pod({colour: 'red'})
    const decoded = await decodeBody(body, 'v1', 'Pod', 'Warn')
    expect(decoded.warnings).toEqual(['unknown field "spec.containers[0].colour"'])
    expect(decoded.object.spec).toEqual({containers: [{name: 'a', image: 'nginx'}]})
    expect(body.spec.containers[0]).toHaveProperty('colour', 'red')
  })

  it('drops them silently with Ignore, and refuses them with Strict', async () => {
    const ignored = await decodeBody(pod({colour: 'red'}), 'v1', 'Pod', 'Ignore')
    expect(ignored).toEqual({object: pod(), warnings: []})
    const strict = await refusal(decodeBody({...pod({colour: 'red'}), status: {bogus: 1}}, 'v1', 'Pod', 'Strict'))
    expect(strict.code).toBe(400)
    expect(strict.message).toBe('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].colour", unknown field "status.bogus"')
  })

  it('refuses a value of the wrong type, naming the version without the group', async () => {
    const error = await refusal(decodeBody({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'd'}, spec: {replicas: '2'}}, 'apps/v1', 'Deployment', 'Ignore'))
    expect(error.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32')
  })

  it('refuses a body that is not an object', async () => {
    expect((await refusal(decodeBody([1], 'v1', 'Pod', 'Warn'))).message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go value of type struct')
    expect((await refusal(decodeBody('text', 'v1', 'Pod', 'Warn'))).message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go value of type struct')
  })

  it('passes objects of kinds without a schema through whole', async () => {
    const widget = {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w'}, spec: {anything: 1}}
    expect(await decodeBody(widget, 'example.com/v1', 'Widget', 'Strict')).toEqual({object: widget, warnings: []})
  })
})
