import {describe, expect, it} from 'vitest'
import {answerOpenApi} from '../../../src/sandbox/openapi/handler.js'
import {decodeSwaggerProtobuf} from '../../../src/sandbox/openapi/v2-protobuf.js'
import {documents, type Json} from './shared.js'

describe('the swagger 2.0 document as gnostic protobuf', () => {
  it('is what /openapi/v2 answers to kubectl\'s Accept, with vendor extensions as YAML', async () => {
    const url = new URL('http://sandbox/openapi/v2')
    const answer = (await answerOpenApi(documents, url.pathname, url.searchParams, {accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf'}))!
    expect(answer.status).toBe(200)
    expect(answer.headers['Content-Type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf')
    const document = decodeSwaggerProtobuf(answer.body) as Json
    expect(document.swagger).toBe('2.0')
    const deployment = document.definitions.additionalProperties.find((d: Json) => d.name === 'io.k8s.api.apps.v1.Deployment').value
    expect(deployment.vendorExtension).toEqual([{name: 'x-kubernetes-group-version-kind', value: {yaml: '[{"group":"apps","version":"v1","kind":"Deployment"}]'}}])
    const patch = document.paths.path.find((p: Json) => p.name === '/apis/apps/v1/namespaces/{namespace}/deployments/{name}').value.patch
    expect(patch.parameters.map((p: Json) => p.parameter.bodyParameter?.name ?? p.parameter.nonBodyParameter.queryParameterSubSchema.name)).toEqual(['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force'])
  })
})
