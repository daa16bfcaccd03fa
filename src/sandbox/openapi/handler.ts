/**
 * `/openapi/v2`, `/openapi/v3` and `/openapi/v3/<group version>` answered as kube-openapi's
 * handlers do: ETag (the quoted SHA-512 of the body), `Vary: Accept`, Last-Modified, 304 for a
 * matching If-None-Match; a group version fetched with the current `?hash=` is
 * `Cache-Control: public, immutable` and expires in a year, a stale hash is redirected (301) to the
 * current one; an Accept the server cannot produce is 406. v2 is served as JSON or as gnostic
 * protobuf (what kubectl asks for); v3 as JSON only (clients asking for its protobuf form get 406;
 * kubectl reads v3 as JSON).
 */
import type {IncomingMessage, ServerResponse} from 'node:http'
import {serverRelativeUrl, type OpenApiDocument, type OpenApiDocuments} from './documents.js'

export interface OpenApiAnswer {
  status: number
  headers: Record<string, string>
  body: Buffer
}

const JSON_TYPE = 'application/json'
const V2_PROTOBUF_TYPES = ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf']

/** The protobuf media type of /openapi/v2 an Accept header asks for (before JSON), if any. */
export function acceptedV2Protobuf(accept: string | undefined): string | undefined {
  for (const clause of (accept ?? '').split(',')) {
    const type = clause.split(';')[0]!.trim()
    if (V2_PROTOBUF_TYPES.includes(type)) return type
    if (type === JSON_TYPE || type === '*/*') return undefined
  }
  return undefined
}

/** Whether an Accept header admits JSON (`application/json`, `application/*`, `*\/*`, or none). */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept || accept.trim() === '') return true
  return accept.split(',').some((clause) => {
    const [type = '', ...parameters] = clause.trim().split(';').map((s) => s.trim())
    if (parameters.some((p) => /^q=0(\.0*)?$/.test(p))) return false
    return type === JSON_TYPE || type === 'application/*' || type === '*/*'
  })
}

function answer(status: number, headers: Record<string, string> = {}, body: Buffer = Buffer.alloc(0)): OpenApiAnswer {
  return {status, headers, body}
}

function notFound(): OpenApiAnswer {
  return answer(404, {'Content-Type': 'text/plain; charset=utf-8'}, Buffer.from('404 page not found\n'))
}

/** A document with its caching headers, or 304 when the client has it. */
function documentAnswer(document: OpenApiDocument, ifNoneMatch: string | undefined, extra: Record<string, string> = {}, contentType = JSON_TYPE): OpenApiAnswer {
  const etag = `"${document.etag}"`
  const headers: Record<string, string> = {'Content-Type': contentType, ETag: etag, 'Last-Modified': document.lastModified.toUTCString(), 'Cache-Control': 'no-cache, private', ...extra}
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) return answer(304, headers)
  return answer(200, headers, document.body)
}

/** The answer to a GET of an OpenAPI path, or undefined when the path is not one. */
export async function answerOpenApi(documents: OpenApiDocuments, path: string, query: URLSearchParams, headers: {accept?: string; ifNoneMatch?: string}): Promise<OpenApiAnswer | undefined> {
  const trimmed = path.replace(/\/+$/, '')
  if (trimmed === '/openapi/v2') {
    const protobufType = acceptedV2Protobuf(headers.accept)
    if (protobufType) return documentAnswer(await documents.swaggerProtobuf(), headers.ifNoneMatch, {Vary: 'Accept'}, protobufType.replace('@v1.0', '.v1.0'))
    if (!acceptsJson(headers.accept)) return answer(406, {Vary: 'Accept'})
    return documentAnswer(await documents.swagger(), headers.ifNoneMatch, {Vary: 'Accept'})
  }
  if (trimmed === '/openapi/v3') return documentAnswer(await documents.root(), headers.ifNoneMatch)
  if (!trimmed.startsWith('/openapi/v3/')) return trimmed.startsWith('/openapi/') ? notFound() : undefined
  const groupVersionPath = trimmed.slice('/openapi/v3/'.length)
  const document = await documents.groupVersion(groupVersionPath)
  if (!document) return notFound()
  if (!acceptsJson(headers.accept)) return answer(406, {Vary: 'Accept'})
  const hash = query.get('hash')
  if (!hash) return documentAnswer(document, headers.ifNoneMatch, {Vary: 'Accept'})
  if (hash !== document.etag) return answer(301, {Location: serverRelativeUrl(groupVersionPath, document.etag), 'Content-Type': 'text/html; charset=utf-8'})
  const expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString()
  return documentAnswer(document, headers.ifNoneMatch, {Vary: 'Accept', 'Cache-Control': 'public, immutable', Expires: expires})
}

/** Serves an OpenAPI request; false when the path is not an OpenAPI path (the caller goes on routing). */
export async function serveOpenApi(documents: OpenApiDocuments, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (!url.pathname.startsWith('/openapi/')) return false
  const ifNoneMatch = req.headers['if-none-match']
  const found = await answerOpenApi(documents, url.pathname, url.searchParams, {...(req.headers.accept ? {accept: req.headers.accept} : {}), ...(ifNoneMatch ? {ifNoneMatch} : {})})
  if (!found) return false
  const body = req.method === 'HEAD' ? Buffer.alloc(0) : found.body
  res.writeHead(found.status, {...found.headers, 'Content-Length': String(found.body.length)})
  res.end(body)
  return true
}
