// The OpenAPI documents the unit tests under test/sandbox/openapi/ read: one instance, so a worker
// that runs several of these files builds each document once.
import {OpenApiDocuments} from '../../../src/sandbox/openapi/documents.js'

// Documents are walked by key in the assertions; their shape is what the tests check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

export const documents = new OpenApiDocuments()
export const parse = (body: Buffer) => JSON.parse(body.toString('utf8')) as Json
export const parameterNames = (operation: Json) => (operation.parameters as Json[]).map((p) => p.name)
