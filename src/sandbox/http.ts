/**
 * The HTTP edge of the sandbox's API server: one request as the handlers see it, JSON and text
 * answers, Status errors, and request bodies read as the real server decodes them.
 */
import type {IncomingMessage, ServerResponse} from 'node:http'
import {decodeProtobufBody, PROTOBUF_CONTENT_TYPE} from './protobuf/decode.js'
import {ApiError, errors} from './status.js'

/** One API request after authentication. */
export interface ApiRequest {
  method: string
  path: string
  params: URLSearchParams
  user: string
  accept: string
  req: IncomingMessage
  res: ServerResponse
  /** `Warning` headers (`299 - "..."`) to send with the answer. */
  warnings: string[]
}

export const JSON_TYPE = 'application/json'

export function send(res: ServerResponse, code: number, body: string | object, contentType = JSON_TYPE, warnings: string[] = []): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const headers: Record<string, string | number | string[]> = {'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private'}
  if (warnings.length > 0) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`)
  res.writeHead(code, headers)
  res.end(text)
}

/** An answer to an API request, with the request's warnings. */
export function reply(request: ApiRequest, code: number, body: string | object): void {
  send(request.res, code, body, JSON_TYPE, request.warnings)
}

/** What the real server answers for a path outside every served API (its NotFoundHandler). */
export function sendPageNotFound(res: ServerResponse): void {
  send(res, 404, '404 page not found\n', 'text/plain; charset=utf-8')
}

export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  if (error instanceof PageNotFound) return sendPageNotFound(res)
  const apiError = error instanceof ApiError ? error : new ApiError(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`)
  const status = apiError.toStatus()
  const retryAfter = status.details?.retryAfterSeconds
  if (retryAfter !== undefined && retryAfter > 0) res.setHeader('Retry-After', String(retryAfter))
  send(res, apiError.code, status)
}

/** Thrown for a path outside every served API: answered as plain text, not a Status. */
export class PageNotFound extends Error {
  constructor() {
    super('404 page not found')
  }
}

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readRawBody(req)
  if ((req.headers['content-type'] ?? '').startsWith(PROTOBUF_CONTENT_TYPE)) {
    try {
      return decodeProtobufBody(raw)
    } catch (e) {
      throw errors.badRequest(`the object provided is unrecognized (must be of type protobuf): ${(e as Error).message}`)
    }
  }
  const text = raw.toString('utf8')
  if (text.trim() === '') throw errors.badRequest('the body of the request was empty')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw errors.badRequest(`the object provided is unrecognized (must be of type JSON): ${(e as Error).message}`)
  }
}
