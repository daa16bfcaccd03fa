// An ApiRequest for calling the sandbox's request handlers directly (no server, no socket): the
// body is read from a stream, the answer captured.
import type {IncomingMessage, ServerResponse} from 'node:http'
import {Readable} from 'node:stream'
import {expect} from 'vitest'
import type {ApiRequest} from '../../src/sandbox/http.js'
import {ApiError} from '../../src/sandbox/status.js'

export interface CapturedRequest {
  request: ApiRequest
  /** The status code and JSON body answered. */
  answer: () => {code: number; body: unknown}
}

/** `body` undefined: an empty body (a GET). */
export function apiRequest(body: unknown, options: {query?: string; contentType?: string; method?: string} = {}): CapturedRequest {
  let code = 0
  let text = ''
  const res = {headersSent: false, writeHead: (c: number) => (code = c), end: (t: string) => (text = t)} as unknown as ServerResponse
  const req = Readable.from(body === undefined ? [] : [Buffer.from(JSON.stringify(body))]) as unknown as IncomingMessage
  req.headers = {'content-type': options.contentType ?? 'application/json'}
  const request: ApiRequest = {method: options.method ?? 'POST', path: '', params: new URLSearchParams(options.query ?? ''), user: 'kubernetes-admin', accept: 'application/json', req, res, warnings: []}
  return {request, answer: () => ({code, body: JSON.parse(text)})}
}

/** The ApiError a handler's promise rejects with (the status it answers); fails the test otherwise. */
export async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

/** The ApiError a call throws (fails the test when it returns). */
export function thrown(fn: () => unknown): ApiError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError)
    return error as ApiError
  }
  throw new Error('expected an ApiError')
}
