// The forwarder behind `kubectl ctx -r`'s read-only proxy: requests pass through with the
// kubeconfig user's credentials, which (as for every request kubekit sends) go only over TLS.
import http from 'node:http'
import https from 'node:https'
import type {AddressInfo} from 'node:net'
import {generate} from 'selfsigned'
import {afterEach, describe, expect, it} from 'vitest'
import type {ResolvedConnection} from '../../src/kube/config.js'
import {createForwarder} from '../../src/kube/forward.js'

const closers: Array<() => void> = []
afterEach(() => {
  while (closers.length) closers.pop()!()
})

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => {
    server.closeAllConnections()
    server.close()
  })
  return (server.address() as AddressInfo).port
}

function connection(server: string, ca?: string): ResolvedConnection {
  return {
    contextName: 'test',
    clusterName: 'test',
    userName: 'alice',
    server,
    cluster: {server, ...(ca ? {'certificate-authority-data': Buffer.from(ca).toString('base64')} : {})},
    user: {token: 'alice-secret-token'},
    namespace: 'default',
    timeoutMs: 5000,
    files: [],
  }
}

/** An upstream API server that echoes the request's path and Authorization header. */
function echo(request: http.IncomingMessage, response: http.ServerResponse): void {
  response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({path: request.url, authorization: request.headers.authorization ?? null}))
}

async function through(upstream: ResolvedConnection, path: string): Promise<{path: string; authorization: string | null}> {
  const forward = await createForwarder(upstream, {onFailure: (response, message) => response.writeHead(502).end(message)})
  const proxyPort = await listen(http.createServer(forward))
  const response = await fetch(`http://127.0.0.1:${proxyPort}${path}`, {headers: {authorization: 'Bearer proxy-only-token'}})
  return (await response.json()) as {path: string; authorization: string | null}
}

describe('createForwarder', () => {
  it('signs requests to a TLS server as the kubeconfig user, never with the caller\'s own token', async () => {
    const pems = await generate([{name: 'commonName', value: 'api'}], {keySize: 2048, extensions: [{name: 'subjectAltName', altNames: [{type: 7, ip: '127.0.0.1'}]}]})
    const port = await listen(https.createServer({key: pems.private, cert: pems.cert}, echo))
    expect(await through(connection(`https://127.0.0.1:${port}`, pems.cert), '/api/v1/pods?limit=1')).toEqual({path: '/api/v1/pods?limit=1', authorization: 'Bearer alice-secret-token'})
  })

  it('sends no credentials to a plain http server', async () => {
    const port = await listen(http.createServer(echo))
    expect(await through(connection(`http://127.0.0.1:${port}`), '/api/v1/pods')).toEqual({path: '/api/v1/pods', authorization: null})
  })
})
