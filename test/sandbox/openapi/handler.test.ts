// The caching headers of kube-openapi's handlers, as answerOpenApi gives them.
import {describe, expect, it} from 'vitest'
import {answerOpenApi} from '../../../src/sandbox/openapi/handler.js'
import {documents} from './shared.js'

describe('the OpenAPI handlers', () => {
  const get = (path: string, headers: {accept?: string; ifNoneMatch?: string} = {}) => {
    const url = new URL(path, 'http://sandbox')
    return answerOpenApi(documents, url.pathname, url.searchParams, headers)
  }

  it('serves the root with an ETag and answers 304 to a matching If-None-Match', async () => {
    const root = (await get('/openapi/v3'))!
    expect(root.status).toBe(200)
    expect(root.headers['Content-Type']).toBe('application/json')
    expect(root.headers.ETag).toMatch(/^"[0-9A-F]{128}"$/)
    expect((await get('/openapi/v3', {ifNoneMatch: root.headers.ETag}))!.status).toBe(304)
  })

  it('makes a group version with the current hash immutable and redirects a stale hash', async () => {
    const {etag} = (await documents.groupVersion('apis/batch/v1'))!
    const current = (await get(`/openapi/v3/apis/batch/v1?hash=${etag}`, {accept: 'application/json'}))!
    expect(current.status).toBe(200)
    expect(current.headers['Cache-Control']).toBe('public, immutable')
    expect(current.headers.Vary).toBe('Accept')
    expect(new Date(current.headers.Expires!).getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000)
    const stale = (await get('/openapi/v3/apis/batch/v1?hash=ABC'))!
    expect(stale.status).toBe(301)
    expect(stale.headers.Location).toBe(`/openapi/v3/apis/batch/v1?hash=${etag}`)
  })

  it('answers 404 for a group version it does not serve, 406 for an Accept it cannot produce, and leaves other paths alone', async () => {
    expect((await get('/openapi/v3/apis/nothing.example.com/v1'))!.status).toBe(404)
    expect((await get('/openapi/v3/api/v1', {accept: 'application/com.github.proto-openapi.spec.v3.v1.0+protobuf'}))!.status).toBe(406)
    expect((await get('/openapi/v2', {accept: 'application/json'}))!.status).toBe(200)
    expect(await get('/api/v1')).toBeUndefined()
  })
})
