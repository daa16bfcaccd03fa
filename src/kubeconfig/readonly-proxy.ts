import {randomBytes, timingSafeEqual} from 'node:crypto'
import type http from 'node:http'
import https from 'node:https'
import type {AddressInfo} from 'node:net'
import {resolveConnection} from '../kube/config.js'
import {createForwarder} from '../kube/forward.js'
import type {ConnectionOptions} from '../kube/options.js'
import {localCertificates, type LocalCertificates} from '../util/local-tls.js'

/**
 * The local read-only proxy of `kubectl ctx -r NAME`, with kubectx's rules
 * (internal/proxy/readonly.go): GET, HEAD and OPTIONS pass, and so do the review POSTs that
 * create nothing (access and token reviews) and any request with dryRun=All; protocol
 * upgrades (exec, attach, cp, port-forward) and every other request get a 405 Status. It
 * listens on 127.0.0.1 only, over TLS with a certificate made for it, and, unlike kubectx's,
 * takes only requests that carry its own random bearer token (the shell's kubeconfig holds
 * it), so other local users cannot borrow the real credentials through it. The connection (server, TLS, credentials, exec plugins) is
 * resolved by src/kube.
 */
export interface ReadonlyProxy {
  url: string
  token: string
  /** PEM of the CA that signed the proxy's certificate (kubectl sends no token over plain http). */
  ca: string
  close(): Promise<void>
}

/** A CA and a certificate for 127.0.0.1 signed by it, made for this proxy only and never written to disk. */
function proxyCertificates(): Promise<LocalCertificates> {
  return localCertificates({caName: 'kubekit-readonly-proxy-ca', serverName: 'kubekit-readonly-proxy', validDays: 30, ips: ['127.0.0.1']})
}

const reviewPaths = [
  /^\/apis\/authorization\.k8s\.io\/[^/]+\/selfsubjectaccessreviews$/,
  /^\/apis\/authorization\.k8s\.io\/[^/]+\/subjectaccessreviews$/,
  /^\/apis\/authorization\.k8s\.io\/[^/]+\/namespaces\/[^/]+\/localsubjectaccessreviews$/,
  /^\/apis\/authorization\.k8s\.io\/[^/]+\/selfsubjectrulesreviews$/,
  /^\/apis\/authentication\.k8s\.io\/[^/]+\/tokenreviews$/,
  /^\/apis\/authentication\.k8s\.io\/[^/]+\/selfsubjectreviews$/,
]

/** Why a request is refused, or undefined when it may pass. */
export function readonlyRefusal(method: string, rawUrl: string, headers: http.IncomingHttpHeaders): string | undefined {
  const connection = String(headers.connection ?? '').toLowerCase()
  if (headers.upgrade || connection.split(',').some((token) => token.trim() === 'upgrade')) {
    return 'operations like exec, cp, and port-forward are not allowed'
  }
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined
  const url = new URL(rawUrl, 'http://proxy')
  // Only plain paths count as review endpoints: no dot segments, no encoded characters.
  const plainPath = /^[A-Za-z0-9/._-]+$/.test(url.pathname) && !/(?:^|\/)\.\.?(?:\/|$)/.test(url.pathname) && !url.pathname.includes('//')
  if (method === 'POST' && plainPath && reviewPaths.some((pattern) => pattern.test(url.pathname))) return undefined
  const dryRun = url.searchParams.getAll('dryRun')
  if (dryRun.length > 0 && dryRun.every((value) => value === 'All')) return undefined
  return `${method} requests are not allowed`
}

function status(response: http.ServerResponse, code: number, reason: string, message: string): void {
  const body = JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code})
  response.writeHead(code, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)})
  response.end(body)
}

function authorised(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`)
  const given = Buffer.from(header ?? '')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export async function startReadonlyProxy(options: ConnectionOptions): Promise<ReadonlyProxy> {
  // Fails before the shell starts when the credentials cannot be had.
  const forward = await createForwarder(resolveConnection(options), {
    onFailure: (response, message) => status(response, 502, 'ServiceUnavailable', `[kubekit] readonly proxy: ${message}`),
  })
  const token = randomBytes(24).toString('base64url')
  const certificates = await proxyCertificates()
  const server = https.createServer({cert: certificates.cert, key: certificates.key}, (request, response) => {
    if (!authorised(request.headers.authorization, token)) return status(response, 401, 'Unauthorized', '[kubekit] readonly proxy: not this shell\'s token')
    const refusal = readonlyRefusal(request.method ?? 'GET', request.url ?? '/', request.headers)
    if (refusal) return status(response, 405, 'MethodNotAllowed', `[kubekit] readonly mode: ${refusal}`)
    forward(request, response)
  })
  // Upgrades (exec, port-forward) arrive as 'upgrade' events, never as requests: refuse them.
  server.on('upgrade', (_request, socket) => {
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n' + JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', message: '[kubekit] readonly mode: operations like exec, cp, and port-forward are not allowed', reason: 'MethodNotAllowed', code: 405}))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const {port} = server.address() as AddressInfo
  return {
    url: `https://127.0.0.1:${port}`,
    token,
    ca: certificates.ca,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
