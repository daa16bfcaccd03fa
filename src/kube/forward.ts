/**
 * Passes one incoming HTTP request on to the API server as the kubeconfig's user, and its answer
 * back: what a local proxy in front of the cluster needs (`kubectl ctx -r`'s read-only shell).
 * It lives here because this folder is the one place that talks to an API server; it keeps the
 * same rule as every request kubekit sends: credentials go only over TLS.
 */
import http from 'node:http'
import https from 'node:https'
import type {ResolvedConnection} from './config.js'
import {credentialSource} from './credentials.js'

/** Headers that belong to one hop, or that the forwarder sets itself. */
const hopHeaders = new Set(['host', 'authorization', 'connection', 'upgrade', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding'])

export type Forwarder = (request: http.IncomingMessage, response: http.ServerResponse) => void

export interface ForwarderOptions {
  /** Answers a failure before any byte of the answer was sent (status, message). */
  onFailure: (response: http.ServerResponse, message: string) => void
}

/** Loads the credentials once (failing early when they cannot be had) and returns the forwarder. */
export async function createForwarder(connection: ResolvedConnection, options: ForwarderOptions): Promise<Forwarder> {
  const plainHttp = connection.server.startsWith('http://')
  const credentials = credentialSource(connection)
  if (!plainHttp) await credentials()
  return (request, response) => {
    const signed = plainHttp ? Promise.resolve(undefined) : credentials()
    signed.then(
      (current) => {
        const target = new URL(connection.server.replace(/\/+$/, '') + (request.url ?? '/'))
        target.username = ''
        target.password = ''
        const headers: http.OutgoingHttpHeaders = {}
        for (const [name, value] of Object.entries(request.headers)) if (!hopHeaders.has(name) && value !== undefined) headers[name] = value
        if (current) Object.assign(headers, current.headers)
        const tls = current?.tls
        const requestOptions: https.RequestOptions = {
          method: request.method,
          headers,
          agent: current?.agent,
          ca: tls?.ca,
          cert: tls?.cert,
          key: tls?.key,
          rejectUnauthorized: tls?.rejectUnauthorized,
          servername: tls?.servername,
        }
        const upstream = (plainHttp ? http : https).request(target, requestOptions, (answer) => {
          const copied = {...answer.headers}
          delete copied.connection
          delete copied['keep-alive']
          response.writeHead(answer.statusCode ?? 502, copied)
          response.flushHeaders()
          answer.pipe(response)
        })
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (!response.headersSent) options.onFailure(response, `cannot reach the API server: ${error.code ?? error.message}`)
          else response.destroy()
        })
        response.on('close', () => upstream.destroy())
        request.pipe(upstream)
      },
      (error: Error) => options.onFailure(response, error.message),
    )
  }
}
